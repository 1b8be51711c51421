"""METS and PREMIS for an E-ARK SIP 2.1 (CSIP 2.1 + SIP 2.1 = FGS Paketstruktur 2.0).

The shape follows ../shared/eark/MINIMAL-SIP.md: what eark-validator 1.1.3 requires, and where
it disagrees with the specification which side we took. Every attribute value comes from the
caller (dates from the plan's metadata), so the same files always give the same bytes.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from lxml import etree

METS_NS = "http://www.loc.gov/METS/"
XLINK_NS = "http://www.w3.org/1999/xlink"
CSIP_NS = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
PREMIS_NS = "http://www.loc.gov/premis/v3"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
NSMAP = {None: METS_NS, "xlink": XLINK_NS, "csip": CSIP_NS}
_PREFIXES = {"xlink": XLINK_NS, "csip": CSIP_NS, "xsi": XSI_NS}

SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
# -- the vocabulary's spelling, with U+2013, exactly --
CONTENT_CATEGORY = "Textual works – Digital"
# -- no CITS fits a plan decided in a case; OTHER is right, and CSIP63 demands it on every
#    file group anyway (validator defect noted in MINIMAL-SIP.md) --
CONTENT_INFORMATION = {"csip:CONTENTINFORMATIONTYPE": "OTHER",
                       "csip:OTHERCONTENTINFORMATIONTYPE": "Beslutad handlingsplan med bilaga"}
REPRESENTATION = "rep1"


@dataclass(frozen=True)
class PackageFile:
    """One file of the package: path relative to the METS file that lists it, bytes, MIME type."""

    href: str
    data: bytes
    media_type: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Header:
    """What both METS files say about the package: id, label, date, software and submitter."""

    objid: str
    label: str
    created: str  # xs:dateTime with zone, from the plan's decision date
    software: str
    software_version: str
    submitter: str


def _child(namespace: str, parent, tag: str, text: str | None, attrs: dict):
    """A new element `tag` of `namespace` under `parent`, with its text and attributes."""
    element = etree.SubElement(parent, f"{{{namespace}}}{tag}")
    _set(element, attrs)
    element.text = text
    return element


def _node(parent, tag: str, text: str | None = None, **attrs):
    """A METS element (see _child)."""
    return _child(METS_NS, parent, tag, text, attrs)


def _set(element, attrs: dict) -> None:
    for key, value in attrs.items():
        prefix, _, local = key.rpartition(":")
        element.set(f"{{{_PREFIXES[prefix]}}}{local}" if prefix else local, value)


def _described(item: PackageFile, created: str) -> dict:
    """The nine attributes CSIP wants on every file and mdRef (SIZE, CHECKSUM …)."""
    return {"MIMETYPE": item.media_type, "SIZE": str(len(item.data)), "CREATED": created,
            "CHECKSUM": item.sha256, "CHECKSUMTYPE": "SHA-256"}


def _location(item: PackageFile) -> dict:
    return {"LOCTYPE": "URL", "xlink:type": "simple", "xlink:href": item.href}


def _root(header: Header, objid: str):
    root = etree.Element(f"{{{METS_NS}}}mets", nsmap=NSMAP)
    _set(root, {"OBJID": objid, "LABEL": header.label, "TYPE": CONTENT_CATEGORY,
                "PROFILE": SIP_PROFILE, **CONTENT_INFORMATION})
    hdr = _node(root, "metsHdr", CREATEDATE=header.created, LASTMODDATE=header.created,
                RECORDSTATUS="NEW", **{"csip:OAISPACKAGETYPE": "SIP"})
    agent = _node(hdr, "agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    _node(agent, "name", header.software)
    _node(agent, "note", header.software_version, **{"csip:NOTETYPE": "SOFTWARE VERSION"})
    # -- SIP15's submitting agent, spelled as RODA/commons-ip do: the SIP example's
    #    ROLE="CREATOR" TYPE="ORGANIZATION" fails CSIP12-16 in the validator --
    submitter = _node(hdr, "agent", ROLE="OTHER", OTHERROLE="SUBMITTER", TYPE="ORGANIZATION")
    _node(submitter, "name", header.submitter)
    return root


def _md_ref(parent, item: PackageFile, created: str, mdtype: str, other: str = "") -> None:
    attrs = {"MDTYPE": mdtype, **({"OTHERMDTYPE": other} if other else {})}
    _node(parent, "mdRef", **_location(item), **attrs, **_described(item, created))


def _add_file(group, file_id: str, item: PackageFile, created: str) -> None:
    file_el = _node(group, "file", ID=file_id, **_described(item, created))
    _node(file_el, "FLocat", **_location(item))


def _bytes(root) -> bytes:
    etree.indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def representation_mets(header: Header, data: list[PackageFile], premis: PackageFile) -> bytes:
    """representations/rep1/METS.xml: the data files and their PREMIS (paths relative to rep1/)."""
    root = _root(header, REPRESENTATION)
    digiprov = _node(_node(root, "amdSec", ID="r-amd"), "digiprovMD", ID="r-premis",
                     STATUS="CURRENT")
    _md_ref(digiprov, premis, header.created, "PREMIS")
    group = _node(_node(root, "fileSec", ID="r-filesec"), "fileGrp", ID="r-data", USE="Data",
                  **CONTENT_INFORMATION)
    for number, item in enumerate(data, start=1):
        _add_file(group, f"r-file-{number}", item, header.created)
    top = _node(_node(root, "structMap", ID="r-structmap", TYPE="PHYSICAL", LABEL="CSIP"), "div",
                ID="r-div", LABEL=REPRESENTATION)
    _node(top, "div", ID="r-div-metadata", LABEL="Metadata", ADMID="r-premis")
    _node(_node(top, "div", ID="r-div-data", LABEL="Data"), "fptr", FILEID="r-data")
    return _bytes(root)


def package_mets(header: Header, descriptive: list[tuple[PackageFile, str]], premis: PackageFile,
                 documentation: list[PackageFile], schemas: list[PackageFile],
                 representation: PackageFile) -> bytes:
    """The root METS.xml. `descriptive` pairs each metadata file with its OTHERMDTYPE."""
    root = _root(header, header.objid)
    dmd_ids = []
    for number, (item, kind) in enumerate(descriptive, start=1):
        dmd_ids.append(f"dmd-{number}")
        dmd = _node(root, "dmdSec", ID=dmd_ids[-1], CREATED=header.created, STATUS="CURRENT")
        _md_ref(dmd, item, header.created, "OTHER", kind)
    digiprov = _node(_node(root, "amdSec", ID="amd-1"), "digiprovMD", ID="premis-1",
                     STATUS="CURRENT")
    _md_ref(digiprov, premis, header.created, "PREMIS")
    filesec = _node(root, "fileSec", ID="filesec-1")
    groups = [("grp-documentation", "Documentation", documentation),
              ("grp-schemas", "Schemas", schemas),
              ("grp-rep1", f"Representations/{REPRESENTATION}", [representation])]
    for group_id, use, items in groups:
        group = _node(filesec, "fileGrp", ID=group_id, USE=use, **CONTENT_INFORMATION)
        for number, item in enumerate(items, start=1):
            _add_file(group, f"{group_id}-file-{number}", item, header.created)
    top = _node(_node(root, "structMap", ID="structmap-1", TYPE="PHYSICAL", LABEL="CSIP"), "div",
                ID="div-root", LABEL=header.objid)
    _node(top, "div", ID="div-metadata", LABEL="Metadata", DMDID=" ".join(dmd_ids),
          ADMID="premis-1")
    for div_id, label, group_id in [("div-documentation", "Documentation", "grp-documentation"),
                                    ("div-schemas", "Schemas", "grp-schemas"),
                                    ("div-representations", "Representations", "grp-rep1")]:
        _node(_node(top, "div", ID=div_id, LABEL=label), "fptr", FILEID=group_id)
    # -- the spec's sibling representation div with its mptr (MINIMAL-SIP.md: we keep both
    #    and accept the validator's CSIP105 warning rather than depart from the spec) --
    _node(_node(top, "div", ID="div-rep1", LABEL=f"Representations/{REPRESENTATION}"), "mptr",
          LOCTYPE="URL", **{"xlink:type": "simple", "xlink:href": representation.href,
                            "xlink:title": "grp-rep1"})
    return _bytes(root)


@dataclass(frozen=True)
class PremisObject:
    """A file described in PREMIS: identifier (its href), size, SHA-256, format and PRONOM id."""

    identifier: str
    original_name: str
    size: int
    sha256: str
    format_name: str
    pronom: str


def _p(parent, tag: str, text: str | None = None, **attrs):
    """A PREMIS element (see _child)."""
    return _child(PREMIS_NS, parent, tag, text, attrs)


def _premis_root():
    root = etree.Element(f"{{{PREMIS_NS}}}premis", nsmap={"premis": PREMIS_NS, "xsi": XSI_NS})
    root.set("version", "3.0")
    return root


def _identifier(parent, tag: str, kind: str, value: str) -> None:
    ident = _p(parent, tag)
    _p(ident, f"{tag}Type", kind)
    _p(ident, f"{tag}Value", value)


def representation_premis(objects: list[PremisObject]) -> bytes:
    """PREMIS 3 file objects for the representation's data: fixity, size and format."""
    root = _premis_root()
    for item in objects:
        obj = _p(root, "object", **{"xsi:type": "premis:file"})
        _identifier(obj, "objectIdentifier", "local", item.identifier)
        characteristics = _p(obj, "objectCharacteristics")
        _p(characteristics, "compositionLevel", "0")
        fixity = _p(characteristics, "fixity")
        _p(fixity, "messageDigestAlgorithm", "SHA-256")
        _p(fixity, "messageDigest", item.sha256)
        _p(characteristics, "size", str(item.size))
        file_format = _p(characteristics, "format")
        _p(_p(file_format, "formatDesignation"), "formatName", item.format_name)
        registry = _p(file_format, "formatRegistry")
        _p(registry, "formatRegistryName", "PRONOM")
        _p(registry, "formatRegistryKey", item.pronom)
        _p(obj, "originalName", item.original_name)
    return _bytes(root)


def package_premis(objid: str, created: str, software: str, detail: str) -> bytes:
    """PREMIS 3 for the package itself: the representation, the event that made the package
    and the software agent that did it."""
    root = _premis_root()
    obj = _p(root, "object", **{"xsi:type": "premis:representation"})
    _identifier(obj, "objectIdentifier", "local", f"{objid}/{REPRESENTATION}")
    event = _p(root, "event")
    _identifier(event, "eventIdentifier", "local", f"{objid}-creation")
    _p(event, "eventType", "creation")
    _p(event, "eventDateTime", created)
    _p(_p(event, "eventDetailInformation"), "eventDetail", detail)
    _p(_p(event, "eventOutcomeInformation"), "eventOutcome", "success")
    agent_link = _p(event, "linkingAgentIdentifier")
    _p(agent_link, "linkingAgentIdentifierType", "local")
    _p(agent_link, "linkingAgentIdentifierValue", software)
    object_link = _p(event, "linkingObjectIdentifier")
    _p(object_link, "linkingObjectIdentifierType", "local")
    _p(object_link, "linkingObjectIdentifierValue", f"{objid}/{REPRESENTATION}")
    agent = _p(root, "agent")
    _identifier(agent, "agentIdentifier", "local", software)
    _p(agent, "agentName", software)
    _p(agent, "agentType", "software")
    return _bytes(root)
