"""`verify`: re-check an archive package (folder or .zip) against its own claims.

Every file listed in the METS files and in the descriptive metadata is recomputed (size and
SHA-256), every file present must be listed, the XML metadata must be valid and say what the
JSON says, the PDF/A claims must hold, and the checksum list must agree. Each finding names
the file (its path inside the package) that does not match.
"""
from __future__ import annotations

import hashlib
import json
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import messages
from .package import CHECKSUMS, DATA, METADATA_JSON, METADATA_XML, REP, REP_PREMIS, file_format
from .build_folder import pdf_title, pdfa_problem
from .metadata import from_xml, schema_errors
from .mets import METS_NS, PREMIS_NS, XLINK_NS
from ..findings import Finding, finding
from ..model import Source

ROOT_METS = "METS.xml"


class PackageReader:
    """The files of a package by their path inside it, from a folder or a one-folder .zip."""

    def __init__(self, files: dict[str, object], read):
        self.names = set(files)
        self.unreadable: dict[str, str] = {}
        self._files = files
        self._read = read

    def read(self, name: str) -> bytes | None:
        """The file's bytes; None when it is absent, or present but unreadable (a zip entry
        whose CRC fails: recorded in `unreadable` and reported once, by name)."""
        if name not in self._files:
            return None
        try:
            return self._read(self._files[name])
        except (OSError, zipfile.BadZipFile):
            self.unreadable[name] = messages.VERIFY_REASONS["entry"]
            return None


def open_package(path: Path, zip_handle_holder: list) -> tuple[PackageReader | None, list[Finding]]:
    """A reader, or the findings that say why the package cannot be read at all."""
    shown = Source(path.name)
    if path.is_dir():
        files = {p.relative_to(path).as_posix(): p for p in sorted(path.rglob("*")) if p.is_file()}
        return PackageReader(files, lambda p: p.read_bytes()), []
    if not path.is_file():
        return None, [finding("package-not-found", shown)]
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        return None, [finding("package-unreadable", shown, detail=messages.VERIFY_REASONS[
            "zip" if isinstance(error, zipfile.BadZipFile) else "file"])]
    zip_handle_holder.append(archive)
    members = [m for m in archive.infolist() if not m.is_dir()]
    roots = sorted({m.filename.split("/", 1)[0] for m in members})
    if len(roots) != 1 or any("/" not in m.filename for m in members):
        return None, [finding("package-not-one-root", shown, len(roots))]
    prefix = roots[0] + "/"
    files = {m.filename[len(prefix):]: m for m in members}
    return PackageReader(files, archive.read), []


@dataclass
class Verification:
    findings: list[Finding] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)
    _seen: set[tuple[str, str, str]] = field(default_factory=set)

    def add(self, code: str, name: str, value: object = "", detail: str = "") -> None:
        key = (code, name, detail)
        if key not in self._seen:  # -- one line per file, problem and listing --
            self._seen.add(key)
            self.findings.append(finding(code, Source(name), value, detail=detail))

    def compare(self, name: str, data: bytes, size: str | int, sha256: str, listing: str) -> None:
        """Check one file against what `listing` says about it."""
        self.checked.add(name)
        if str(size) != str(len(data)):
            self.add("package-file-size", name, len(data), listing)
        if hashlib.sha256(data).hexdigest() != str(sha256).lower():
            self.add("package-file-checksum", name, detail=listing)


def verify_package(path: Path, progress=None) -> Verification:
    result = Verification()
    holder: list = []
    try:
        package, found = open_package(Path(path), holder)
        result.findings += found
        if package is not None:
            _verify(package, result, progress)
            _check_seal(Path(path), package, result)
    finally:
        for handle in holder:
            handle.close()
    return result


def _verify(package: PackageReader, result: Verification, progress) -> None:
    if package.read(ROOT_METS) is None:
        result.add("package-no-mets", ROOT_METS)
        return
    try:
        _verify_listed(package, result, progress)
    finally:
        for name, error in sorted(package.unreadable.items()):
            result.add("package-unreadable", name, detail=error)


def _missing(package: PackageReader, result: Verification, name: str, listing: str) -> None:
    """Report a listed file that is absent (an unreadable one is reported as such instead)."""
    if name not in package.names:
        result.add("package-file-missing", name, detail=listing)


def _verify_listed(package: PackageReader, result: Verification, progress) -> None:
    listed: dict[str, str] = {ROOT_METS: "application/xml"}
    _check_mets(package, ROOT_METS, result, listed)
    # -- the checksum list covers METS.xml, so METS.xml cannot list it (see package.py) --
    for name in sorted(package.names - set(listed) - {CHECKSUMS}):
        result.add("package-file-unlisted", name)
    metadata = _check_metadata(package, result)
    if metadata is not None:
        _check_described_files(package, metadata, result, listed, progress)
    _check_premis(package, result)
    _check_checksum_list(package, result)


def _check_mets(package: PackageReader, mets_name: str, result: Verification,
                listed: dict[str, str]) -> None:
    """Every file and mdRef of a METS file (and of the representation METS files it lists);
    `listed` collects each listed file's MIMETYPE."""
    try:
        tree = etree.fromstring(package.read(mets_name),
                                etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        result.add("package-unreadable", mets_name, detail=str(error))
        return
    base = posixpath.dirname(mets_name)
    for element in tree.iter(f"{{{METS_NS}}}file", f"{{{METS_NS}}}mdRef"):
        location = element if element.tag.endswith("mdRef") else element.find(f"{{{METS_NS}}}FLocat")
        href = location.get(f"{{{XLINK_NS}}}href", "") if location is not None else ""
        name = posixpath.normpath(posixpath.join(base, href)) if href else ""
        if not name or name.startswith("../") or href.startswith("/"):
            result.add("package-file-missing", href or element.get("ID", "?"), detail=mets_name)
            continue
        listed[name] = element.get("MIMETYPE", "")
        data = package.read(name)
        if data is None:
            _missing(package, result, name, mets_name)
            continue
        result.compare(name, data, element.get("SIZE", ""), element.get("CHECKSUM", ""), mets_name)
        if posixpath.basename(name) == ROOT_METS and name not in (mets_name, ROOT_METS):
            _check_mets(package, name, result, listed)


def _check_metadata(package: PackageReader, result: Verification) -> dict | None:
    """The XML metadata, when it is valid and says what the JSON says."""
    xml_data, json_data = package.read(METADATA_XML), package.read(METADATA_JSON)
    for name, data in ((METADATA_XML, xml_data), (METADATA_JSON, json_data)):
        if data is None:
            _missing(package, result, name, ROOT_METS)
    if xml_data is None:
        return None
    errors = schema_errors(xml_data)
    if errors:
        result.add("package-metadata-invalid", METADATA_XML, detail="; ".join(errors[:3]))
        return None
    metadata = from_xml(xml_data)
    if json_data is not None:
        try:
            same = json.loads(json_data.decode("utf-8")) == metadata
        except (UnicodeDecodeError, ValueError):
            same = False
        if not same:
            result.add("package-metadata-mismatch", METADATA_JSON, METADATA_JSON, METADATA_XML)
    mets_root = etree.fromstring(package.read(ROOT_METS))
    if mets_root.get("OBJID") != metadata["paket"]["id"]:
        result.add("package-metadata-mismatch", METADATA_XML, "paket/id",
                   f"{ROOT_METS} OBJID {mets_root.get('OBJID')}")
    return metadata


def _check_described_files(package: PackageReader, metadata: dict, result: Verification,
                           listed: dict[str, str], progress) -> None:
    """Each file the metadata describes: present, same size and SHA-256, the format its role
    calls for and METS's media type, PDF/A where claimed; the records refer only to described
    files; and every data file of the representation is described."""
    described, titles = set(), {}
    for entry in metadata["filer"]:
        name = entry["sokvag"]
        described.add(name)
        data = package.read(name)
        _check_claims(entry, data or b"", listed, result)
        if data is None:
            _missing(package, result, name, METADATA_XML)
            continue
        result.compare(name, data, entry["storlek"], entry["sha256"], METADATA_XML)
        if entry["format"] == messages.ARCHIVE["format-pdfa"]:
            if progress:
                progress(messages.CLI["progress-pdfa"].format(name=name))
            problem = pdfa_problem(data)
            if problem:
                result.add("pdfa-invalid", name, detail=problem)
            titles[name] = pdf_title(data)
    for name in sorted(n for n in package.names if n.startswith(DATA + "/")):
        if name not in described:
            result.add("package-file-undescribed", name)
    for record in metadata["handlingar"]:
        for name in record["filreferenser"]:
            if name not in described:
                result.add("package-metadata-mismatch", METADATA_XML,
                           f"handling {record['id']}", name)
            elif titles.get(name) and titles[name] != record["titel"]:
                result.add("package-metadata-mismatch", name, f"titel {titles[name]}",
                           f"{METADATA_XML}, handling {record['id']}")


def _check_claims(entry: dict, data: bytes, listed: dict[str, str], result: Verification) -> None:
    """What the metadata says of a file agrees with its role (and content) and with METS."""
    name = entry["sokvag"]
    format_key, pronom, media_type = file_format(entry["roll"], data)
    expected = {"namn": posixpath.basename(name), "mediatyp": media_type, "pronom": pronom,
                "format": messages.ARCHIVE.get(format_key, "")}
    for key, value in expected.items():
        if entry[key] != value:
            result.add("package-metadata-mismatch", name, f"{key} {entry[key]}", METADATA_XML)
    if name in listed and listed[name] != entry["mediatyp"]:
        result.add("package-metadata-mismatch", name, f"MIMETYPE {listed[name]}", METADATA_XML)


def _check_premis(package: PackageReader, result: Verification) -> None:
    """The representation's PREMIS file objects: size and SHA-256 (identifiers are relative
    to the representation folder)."""
    data = package.read(REP_PREMIS)
    if data is None:
        return  # -- reported as missing when METS lists it --
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as error:
        result.add("package-metadata-invalid", REP_PREMIS, detail=str(error))
        return
    ns = {"p": PREMIS_NS}
    for obj in root.iterfind("p:object", ns):
        name = f"{REP}/{obj.findtext('p:objectIdentifier/p:objectIdentifierValue', '', ns)}"
        content = package.read(name)
        if content is None:
            _missing(package, result, name, REP_PREMIS)
            continue
        result.compare(name, content, obj.findtext("p:objectCharacteristics/p:size", "", ns),
                       obj.findtext("p:objectCharacteristics/p:fixity/p:messageDigest", "", ns),
                       REP_PREMIS)


def _check_checksum_list(package: PackageReader, result: Verification) -> None:
    """Every line of the checksum list; and every file but the list itself on it (the root
    METS.xml included), so that no file escapes it."""
    data = package.read(CHECKSUMS)
    if data is None:
        _missing(package, result, CHECKSUMS, SEAL_SUFFIX)
        return
    on_list = set()
    for line in data.decode("utf-8", "replace").splitlines():
        digest, _, name = line.partition("  ")
        if not name:
            continue
        on_list.add(name)
        content = package.read(name)
        if content is None:
            _missing(package, result, name, CHECKSUMS)
        elif hashlib.sha256(content).hexdigest() != digest.lower():
            result.add("package-file-checksum", name, detail=CHECKSUMS)
        else:
            result.checked.add(name)
    for name in sorted(package.names - on_list - {CHECKSUMS}):
        result.add("package-file-not-in-checksums", name, detail=CHECKSUMS)


SEAL_SUFFIX = ".sha256"


def _check_seal(path: Path, package: PackageReader, result: Verification) -> None:
    """The seal beside the package (`<paket>.sha256`, `<paket>.zip.sha256`): the SHA-256 of
    the folder's checksum list, or of the whole .zip. Without it an edit of a file and of
    the checksum list together would go unseen, so its absence is said."""
    seal = path.with_name(path.name + SEAL_SUFFIX)
    try:
        expected = seal.read_text("utf-8").split()[0].lower()
    except (OSError, UnicodeDecodeError, IndexError):
        result.add("package-seal-missing", seal.name, seal.name)
        return
    if path.is_dir():
        sealed, data = CHECKSUMS, package.read(CHECKSUMS) or b""
    else:
        sealed, data = path.name, path.read_bytes()
    if hashlib.sha256(data).hexdigest() != expected:
        result.add("package-seal-mismatch", sealed, detail=seal.name)
