"""The package's descriptive metadata, in the style of FGS Ärendehantering / CITS ERMS.

One plain dict is the truth; the XML (validated by `schemas/arkivmetadata.xsd`) and the JSON
are two spellings of it, so they cannot drift apart. Element and key names keep the Swedish
records-management words (ärende, handling, diarienummer) in ASCII, as the diarium's own
import formats do; the dict's key order is the XML's element order.
"""
from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

NAMESPACE = "urn:handlingsplan-generator:arkivmetadata:1"
VERSION = "1.0"
XSD_PATH = Path(__file__).resolve().parent.parent / "schemas" / "arkivmetadata.xsd"

# -- a list under a plural key becomes repeated elements with the singular name --
LIST_ITEMS = {"handlingar": "handling", "filer": "fil", "filreferenser": "filreferens"}
# -- text in XML, numbers in JSON: these keys convert back to int when reading XML --
INTEGER_KEYS = {"planar", "revidering", "storlek"}


def metadata_dict(package: dict, case: dict, records: list[dict], files: list[dict]) -> dict:
    """The whole document: package, case (ärende), records (handlingar) and files."""
    return {"version": VERSION, "paket": package, "arende": case, "handlingar": records,
            "filer": files}


def to_json(metadata: dict) -> bytes:
    return (json.dumps(metadata, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_xml(metadata: dict) -> bytes:
    root = etree.Element(f"{{{NAMESPACE}}}arkivmetadata", nsmap={None: NAMESPACE})
    root.set("version", metadata["version"])
    for key, value in metadata.items():
        if key != "version":
            _append(root, key, value)
    etree.indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _append(parent, key: str, value) -> None:
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{key}")
    if isinstance(value, dict):
        for child_key, child in value.items():
            _append(element, child_key, child)
    elif isinstance(value, list):
        for item in value:
            _append(element, LIST_ITEMS[key], item)
    else:
        element.text = "" if value is None else str(value)


def from_xml(data: bytes) -> dict:
    """Read the XML back into the dict it was written from (for `verify` and the tests)."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    result = {"version": root.get("version")}
    for child in root:
        result[etree.QName(child).localname] = _read(child)
    return result


def _read(element):
    key = etree.QName(element).localname
    if key in LIST_ITEMS:
        return [_read(child) for child in element]
    if len(element):
        return {etree.QName(child).localname: _read(child) for child in element}
    text = element.text or ""
    return int(text) if key in INTEGER_KEYS else text


def schema_errors(data: bytes) -> list[str]:
    """Why `data` is not valid against the project's XSD; empty when it is."""
    schema = etree.XMLSchema(etree.parse(str(XSD_PATH)))
    try:
        document = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        return [str(error)]
    if schema.validate(document):
        return []
    return [f"rad {e.line}: {e.message}" for e in schema.error_log]
