"""The diarium / e-archive package (SPEC §7): an E-ARK SIP 2.1 made from a finished build.

A package holds the plan and annex PDF/As and the input workbooks exactly as they were read
(the copies `build` keeps in `indata/`), descriptive metadata as XML and JSON, PREMIS, a
checksum list and the METS files. It is written as a folder and as a .zip under
`<build>/arkiv/`, both named after the package id. Nothing in it depends on the clock or on
where build and archive ran: every date is the plan's decision date, every path relative.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import mets
from .. import messages
from ..errors import InputError
from ..findings import Finding, finding
from ..model import Plan, Source
from ..roles import ANNEX_PDF, FOLLOWUP_PDF, INPUT_ICON, INPUT_XLSX, PLAN_PDF
from .build_folder import Build, BuildFile, pdf_title
from .metadata import XSD_PATH, metadata_dict, to_json, to_xml

ARCHIVE_DIR = "arkiv"
DATA = "representations/rep1/data"
REP = "representations/rep1"
METADATA_XML = "metadata/descriptive/arkivmetadata.xml"
METADATA_JSON = "metadata/descriptive/arkivmetadata.json"
PREMIS = "metadata/preservation/premis.xml"
REP_PREMIS = f"{REP}/metadata/preservation/premis.xml"
SCHEMA = "schemas/arkivmetadata.xsd"
README = "documentation/om-paketet.txt"
CHECKSUMS = "documentation/kontrollsummor.sha256"
# -- role → (format text key in messages.ARCHIVE, PRONOM id, media type) --
FORMATS = {PLAN_PDF: ("format-pdfa", "fmt/476", "application/pdf"),
           ANNEX_PDF: ("format-pdfa", "fmt/476", "application/pdf"),
           FOLLOWUP_PDF: ("format-pdfa", "fmt/476", "application/pdf"),
           INPUT_XLSX: ("format-xlsx", "fmt/214",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
# -- an icon's format by its first bytes (the reader accepted only real PNG or JPEG) --
ICON_FORMATS = {b"\x89PNG": ("format-png", "fmt/13", "image/png"),
                b"\xff\xd8\xff": ("format-jpeg", "fmt/43", "image/jpeg")}


def file_format(role: str, data: bytes) -> tuple[str, str, str]:
    """(format text key, PRONOM id, media type) of a package file of `role`."""
    if role == INPUT_ICON:
        return next((f for magic, f in ICON_FORMATS.items() if data.startswith(magic)),
                    ("", "", ""))
    return FORMATS.get(role, ("", "", ""))


@dataclass(frozen=True)
class Package:
    objid: str
    folder: Path
    zip: Path


def newest_revision(plan: Plan):
    return max(plan.revisions, key=lambda r: r.number, default=None)


def package_date(plan: Plan, followup: bool = False) -> dt.date:
    """The day the archived revision was decided: Beslutad, or the newest revision's date when
    that is later (a revision decided after the first decision). Never the clock. A
    follow-up's package is dated by its Uppföljningsdatum."""
    if followup and plan.metadata.followup_date:
        return plan.metadata.followup_date
    revision = newest_revision(plan)
    days = [plan.metadata.decided] + ([revision.date] if revision and revision.date else [])
    return max(d for d in days if d)


def xml_datetime(day: dt.date) -> str:
    """Midnight, Swedish local time, with its zone: CEST from the last Sunday of March to the
    last Sunday of October (EU rule), else CET. Computed, so no time-zone database is needed
    and the same plan gives the same bytes on every machine."""
    def last_sunday(month: int) -> dt.date:
        end = dt.date(day.year, month, 31)
        return end - dt.timedelta(days=(end.weekday() + 1) % 7)

    offset = "+02:00" if last_sunday(3) < day <= last_sunday(10) else "+01:00"
    return f"{day.isoformat()}T00:00:00{offset}"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    # -- a name with no Latin letters still needs a stable, distinct id part --
    return slug or "x" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def package_id(plan: Plan, followup: bool = False) -> str:
    """OBJID: municipality, diarienummer and revision, ASCII (`solvik-ks-2031-77-rev1`).

    Readable on purpose: the clerk sees the case in the folder and .zip name. Revision 0 is
    a plan decided without any row in Revideringar."""
    tail = (f"uppfoljning-{_slug(plan.metadata.followup_period)}" if followup
            else f"rev{revision_number(plan)}")
    objid = f"{_slug(plan.metadata.municipality)}-{_slug(plan.metadata.case_number)}-{tail}"
    # -- the metadata schema wants a letter first (as an XML name would) --
    return objid if objid[0].isalpha() else f"sip-{objid}"


def revision_number(plan: Plan) -> int:
    revision = newest_revision(plan)
    return revision.number if revision else 0


def existing_package(plan: Plan, build: Build) -> list[Finding]:
    """A finding when this revision's package (folder or .zip) is already in arkiv/."""
    objid = package_id(plan, build.followup)
    for name in (objid, f"{objid}.zip"):
        if (build.folder / ARCHIVE_DIR / name).exists():
            return [finding("archive-exists", Source(f"{ARCHIVE_DIR}/{name}"),
                            revision_number(plan), detail=f"{ARCHIVE_DIR}/{name}")]
    return []


def _data_path(item: BuildFile) -> str:
    """Where a build file sits in the representation: data/ plus its path in the build."""
    return f"{DATA}/{item.path}"


def _file_entry(item: BuildFile, data: bytes) -> dict:
    text_key, pronom, media_type = file_format(item.role, data)
    return {"namn": Path(item.path).name, "sokvag": _data_path(item), "roll": item.role,
            "mediatyp": media_type, "format": messages.ARCHIVE[text_key], "pronom": pronom,
            "storlek": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def describe(plan: Plan, objid: str, generator: str, files: list[dict],
             titles: dict[str, str], followup: bool = False) -> dict:
    """The descriptive metadata: case, records (plan and annex) and files.

    A record's title is the one its PDF shows (`titles`, by role), so the diarium lists the
    document under the name a reader sees; the fallbacks cover a PDF without a title."""
    meta = plan.metadata
    revision = newest_revision(plan)
    common = {"beslutad": meta.decided.isoformat(), "beslutsinstans": meta.deciding_body,
              "paragraf": revision.paragraph if revision else "",
              "revidering": revision.number if revision else 0,
              "revideringsdatum": revision.date.isoformat() if revision and revision.date else "",
              "dokumentagare": meta.owner, "dokumentansvarig": meta.responsible}
    by_role = lambda *roles: [f["sokvag"] for f in files if f["roll"] in roles]  # noqa: E731
    annex_title = messages.ARCHIVE["annex-title"].format(year=meta.year, title=meta.document_name)
    plan_record = {"id": "plan", "handlingstyp": meta.document_type,
                   "titel": titles.get(PLAN_PDF) or meta.document_name,
                   "diarienummer": meta.case_number, **common,
                   # -- the workbooks are the plan's source data, filed with it --
                   "filreferenser": by_role(PLAN_PDF, INPUT_XLSX, INPUT_ICON)}
    annex_record = {"id": "bilaga1", "handlingstyp": messages.ARCHIVE["annex-record-type"],
                    "titel": titles.get(ANNEX_PDF) or annex_title,
                    "diarienummer": meta.annex_case_number or meta.case_number, **common,
                    "filreferenser": by_role(ANNEX_PDF)}
    package = {"id": objid, "skapad": package_date(plan, followup).isoformat(),
               "generator": generator}
    case = {"diarienummer": meta.case_number, "arendemening": meta.document_name,
            "kommun": meta.municipality, "omfattar": meta.scope, "planar": meta.year}
    records = [plan_record, annex_record]
    if followup:
        # -- filed in the plan's case: the decision fields are the followed-up plan's --
        records = [{"id": "uppfoljning", "handlingstyp": messages.ARCHIVE["followup-record-type"],
                    "titel": titles.get(FOLLOWUP_PDF) or meta.followup_period,
                    "diarienummer": meta.case_number, **common,
                    "filreferenser": by_role(FOLLOWUP_PDF, INPUT_XLSX, INPUT_ICON),
                    "uppfoljningsperiod": meta.followup_period,
                    "uppfoljningsdatum": meta.followup_date.isoformat()}]
    return metadata_dict(package, case, records, files)


def package_files(plan: Plan, build: Build, objid: str, generator: str) -> dict[str, bytes]:
    """Every file of the package by its path inside the package, METS.xml included."""
    created = xml_datetime(package_date(plan, build.followup))
    name, _, version = generator.rpartition(" ")
    header = mets.Header(objid, plan.metadata.document_name, created, name or generator,
                         version, plan.metadata.municipality)
    items = [i for role in (*build.pdf_roles, INPUT_XLSX, INPUT_ICON) for i in build.of_role(role)]
    data = {i.path: (build.folder / i.path).read_bytes() for i in items}
    changed = [i for i in items if hashlib.sha256(data[i.path]).hexdigest() != i.sha256]
    if changed:  # -- between read_build and now: refuse rather than package other bytes --
        raise InputError([finding("archive-build-file-changed", Source(i.path)) for i in changed])
    entries = [_file_entry(i, data[i.path]) for i in items]
    titles = {i.role: pdf_title(data[i.path]) for i in items if i.role in build.pdf_roles}
    metadata = describe(plan, objid, generator, entries, titles, build.followup)
    files = {_data_path(i): data[i.path] for i in items}
    rep_premis = mets.representation_premis([mets.PremisObject(
        e["sokvag"][len(REP) + 1:], e["namn"], e["storlek"], e["sha256"], e["format"], e["pronom"])
        for e in entries])
    files[REP_PREMIS] = rep_premis
    files[f"{REP}/METS.xml"] = mets.representation_mets(
        header, [_relative(e["sokvag"], files[e["sokvag"]], e["mediatyp"]) for e in entries],
        _relative(REP_PREMIS, rep_premis, "application/xml"))
    files[METADATA_XML] = to_xml(metadata)
    files[METADATA_JSON] = to_json(metadata)
    files[PREMIS] = mets.package_premis(objid, created, generator, messages.ARCHIVE["event-detail"])
    files[SCHEMA] = XSD_PATH.read_bytes()
    files[README] = _readme(plan, objid, entries, build.followup)
    item = lambda path, media: mets.PackageFile(path, files[path], media)  # noqa: E731
    files["METS.xml"] = mets.package_mets(
        header, [(item(METADATA_XML, "application/xml"), "Arkivmetadata (XML)"),
                 (item(METADATA_JSON, "application/json"), "Arkivmetadata (JSON)")],
        item(PREMIS, "application/xml"), [item(README, "text/plain")],
        [item(SCHEMA, "application/xml")], item(f"{REP}/METS.xml", "application/xml"))
    # -- last, so that it covers the root METS.xml too: an edit of METS.xml (which lists
    #    every other file) is found; the list itself is sealed beside the package --
    files[CHECKSUMS] = _checksum_list(files)
    return files


def _relative(path: str, data: bytes, media_type: str) -> mets.PackageFile:
    """A representation file as its METS names it: relative to representations/rep1/."""
    return mets.PackageFile(path[len(REP) + 1:], data, media_type)


def _readme(plan: Plan, objid: str, entries: list[dict], followup: bool = False) -> bytes:
    meta = plan.metadata
    revision = newest_revision(plan)
    listed = "".join(messages.ARCHIVE["readme-file"].format(path=e["sokvag"], role=e["roll"],
                                                            size=e["storlek"]) for e in entries)
    text = messages.ARCHIVE["readme"].format(
        objid=objid, case_number=meta.case_number, title=meta.document_name,
        municipality=meta.municipality, decided=package_date(plan, followup).isoformat(),
        deciding_body=meta.deciding_body, paragraph=revision.paragraph if revision else "",
        revision=revision.number if revision else 0, checksums=CHECKSUMS, files=listed)
    return text.encode("utf-8")


def _checksum_list(files: dict[str, bytes]) -> bytes:
    """`sha256sum -c` format, paths relative to the package root: every file of the package
    but this list itself (METS.xml included, which therefore does not list this file)."""
    lines = [f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in sorted(files.items())]
    return "".join(lines).encode("utf-8")


def zip_bytes(objid: str, files: dict[str, bytes], day: dt.date) -> bytes:
    """The .zip: one root folder named after the OBJID (CSIPSTR1), METS.xml first, then sorted
    paths; every entry dated with the plan's date and stored uncompressed, so the bytes do not
    depend on the zlib version either (PDFs and .xlsx are compressed already)."""
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for path in ["METS.xml"] + sorted(p for p in files if p != "METS.xml"):
            info = zipfile.ZipInfo(f"{objid}/{path}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[path])
    return out.getvalue()


def write_package(plan: Plan, build: Build, generator: str) -> Package:
    """Write arkiv/<OBJID>/ and arkiv/<OBJID>.zip; raises InputError (archive-exists) and
    changes nothing when either is there already, also when another run got there first."""
    objid = package_id(plan, build.followup)
    existing = existing_package(plan, build)
    if existing:
        raise InputError(existing)
    files = package_files(plan, build, objid, generator)
    day = package_date(plan, build.followup)
    target = build.folder / ARCHIVE_DIR
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{objid}.", dir=target))
    try:
        _write_tree(staging / objid, files, day)
        zipped = zip_bytes(objid, files, day)
        (staging / f"{objid}.zip").write_bytes(zipped)
        _stamp(staging / f"{objid}.zip", day)
        seals = seal_files(objid, files[CHECKSUMS], zipped)
        _publish(staging, target, objid, lambda: existing_package(plan, build))
        for name, data in seals.items():
            (target / name).write_bytes(data)
            _stamp(target / name, day)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Package(objid, target / objid, target / f"{objid}.zip")


def seal_files(objid: str, checksums: bytes, zipped: bytes) -> dict[str, bytes]:
    """`<paket>.sha256` (of the folder's checksum list) and `<paket>.zip.sha256`, beside the
    package, in `sha256sum -c` form run from arkiv/: what no edit inside the package can
    fix up along with the files it changes (SPEC §7)."""
    line = lambda data, name: f"{hashlib.sha256(data).hexdigest()}  {name}\n".encode()  # noqa: E731
    return {f"{objid}.sha256": line(checksums, f"{objid}/{CHECKSUMS}"),
            f"{objid}.zip.sha256": line(zipped, f"{objid}.zip")}


def _write_tree(root: Path, files: dict[str, bytes], day: dt.date) -> None:
    for path, data in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
        os.chmod(root / path, 0o644)
    # -- file and folder times too, deepest first, so a copied tree shows the decision date --
    for path in sorted(root.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        _stamp(path, day)
    _stamp(root, day)


def _stamp(path: Path, day: dt.date) -> None:
    when = dt.datetime(day.year, day.month, day.day).timestamp()
    os.utime(path, (when, when))


def _publish(staging: Path, target: Path, objid: str, exists) -> None:
    """Move the finished zip and folder into place without ever replacing an existing one:
    a hard link fails on an existing name, and so does renaming onto a non-empty folder.
    `exists()` gives the archive-exists finding for whichever is in the way."""
    zip_path, folder = target / f"{objid}.zip", target / objid
    try:
        os.link(staging / f"{objid}.zip", zip_path)
    except FileExistsError:
        raise InputError(exists()) from None
    except OSError:  # -- a file system without hard links --
        if zip_path.exists():
            raise InputError(exists()) from None
        os.replace(staging / f"{objid}.zip", zip_path)
    try:
        if folder.exists():
            raise FileExistsError(folder)
        os.rename(staging / objid, folder)
    except OSError:
        zip_path.unlink()
        if folder.exists():
            raise InputError(exists()) from None
        raise
