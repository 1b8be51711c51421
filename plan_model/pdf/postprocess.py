"""Post-processing of LibreOffice's PDF/A with pikepdf: the same input gives the same bytes.

LibreOffice stamps the clock into Info, XMP and the ICC profile, derives /ID from the time
(it ignores SOURCE_DATE_EPOCH) and writes a few things PDF/A validators cannot check. Here
all of that is replaced by the plan's metadata and date, and the result is validated as
PDF/A-2b before its bytes are handed back.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree
from xml.sax.saxutils import escape

import pikepdf
import pikepdf.pdfa
from docx.oxml.ns import qn

from .. import messages
from ..errors import ExternalToolError
from .table_headers import mark_table_headers

PDFA_FLAVOUR = "2b"

@dataclass(frozen=True)
class PdfInfo:
    """What the archive copy says about itself, in Info and XMP alike.

    `author` is the plan's Dokumentägare (SPEC §6), always. `title`, `subject` and `keywords`
    are fallbacks: the .docx core properties win where set, so that each PDF says what its
    Word file says (the annex has its own title). `created` is the plan's one document date
    (never the clock); `producer` names the generator."""

    title: str
    author: str
    created: dt.datetime
    producer: str
    subject: str = ""
    keywords: str = ""
    language: str = "sv-SE"


def core_properties(docx: Path) -> dict[str, str]:
    """title, author, subject and keywords from a .docx's docProps/core.xml ("" if unset)."""
    names = {"title": qn("dc:title"), "author": qn("dc:creator"), "subject": qn("dc:subject"),
             "keywords": qn("cp:keywords")}
    try:
        with zipfile.ZipFile(docx) as package:
            root = ElementTree.fromstring(package.read("docProps/core.xml"))
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return {key: "" for key in names}
    return {key: " ".join((root.findtext(tag) or "").split()) for key, tag in names.items()}


def info_for(docx: Path, fallback: PdfInfo) -> PdfInfo:
    """`fallback` with the .docx title, subject and keywords laid over it where they are set."""
    core = core_properties(docx)
    return PdfInfo(title=core["title"] or fallback.title, author=fallback.author or core["author"],
                   created=fallback.created, producer=fallback.producer,
                   subject=core["subject"] or fallback.subject,
                   keywords=core["keywords"] or fallback.keywords, language=fallback.language)


def finish_pdf(raw_pdf: Path, info: PdfInfo) -> bytes:
    """LibreOffice's PDF → the bytes we ship: the same input always gives the same bytes.

    LibreOffice stamps the clock into Info, XMP and the ICC profile and derives /ID from the
    time (it ignores SOURCE_DATE_EPOCH); all of that is replaced by the plan's date and a
    content hash. Raises ExternalToolError when the file is no PDF/A-2b after all."""
    try:
        pdf = pikepdf.open(raw_pdf)
    except pikepdf.PdfError as error:
        raise ExternalToolError(messages.PDF["unreadable"].format(name=raw_pdf.name, detail=error)) from None
    with pdf:
        _require_pdfa_claim(pdf, raw_pdf.name)
        _set_info(pdf, info)
        pdf.Root.Metadata = pdf.make_stream(xmp_packet(info), Type=pikepdf.Name.Metadata,
                                            Subtype=pikepdf.Name.XML)
        pdf.Root.Lang = pikepdf.String(info.language)
        pdf.Root.ViewerPreferences = pdf.Root.get("/ViewerPreferences", pikepdf.Dictionary())
        pdf.Root.ViewerPreferences.DisplayDocTitle = True
        _drop_default_open_action(pdf)
        _fix_tab_order_names(pdf)
        # -- header cells say what they head: TH scopes, label columns as row headers --
        mark_table_headers(pdf)
        _stamp_icc_dates(pdf, info.created)
        # -- /DocChecksum is LibreOffice's private MD5 of the pre-save file: stale after our
        #    edits, and a trailer key PDF/A validators cannot check --
        if "/DocChecksum" in pdf.trailer:
            del pdf.trailer["/DocChecksum"]
        # -- qpdf keeps the first /ID element it finds (LibreOffice's, made from the time);
        #    without one, deterministic_id derives both from the content written --
        if "/ID" in pdf.trailer:
            del pdf.trailer["/ID"]
        buffer = io.BytesIO()
        try:
            with quiet_font_checks():
                report = pikepdf.pdfa.save(pdf, buffer, PDFA_FLAVOUR, repair=False,
                                           deterministic_id=True)
        except pikepdf.pdfa.PdfaError as error:
            raise ExternalToolError(messages.PDF["not-pdfa"].format(
                name=raw_pdf.name, detail=error.report.summary(5))) from None
    if not report.passed:  # pragma: no cover -- save raises instead; kept as a guard
        raise ExternalToolError(messages.PDF["not-pdfa"].format(name=raw_pdf.name, detail=report.verdict))
    return buffer.getvalue()


@contextlib.contextmanager
def quiet_font_checks():
    """pikepdf.pdfa reads the embedded fonts with fontTools, which logs a warning for every
    LibreOffice font subset (their 'head' dates are zero); that is noise on the terminal."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def pdfa_problem(data: bytes) -> str | None:
    """Why `data` is not an approved PDF/A-2b (pikepdf's allow-list check), or None."""
    with quiet_font_checks():
        report = pikepdf.pdfa.validate_written(io.BytesIO(data), PDFA_FLAVOUR)
    if report.passed:
        return None
    # -- one line, and without the in-memory stream's address that pikepdf puts in some
    #    messages: the same file must give the same words --
    text = " ".join(f"{f.rule}: {f.message}" for f in report.findings[:3])
    return re.sub(r"<[^<>]* at 0x[0-9a-fA-F]+>", "…", " ".join(text.split()))


def _require_pdfa_claim(pdf: pikepdf.Pdf, name: str) -> None:
    """LibreOffice writes a plain PDF, with exit 0, when it did not take the options: the XMP
    pdfaid:part tells whether it did."""
    metadata = pdf.Root.get("/Metadata")
    text = metadata.read_bytes().decode("utf-8", "replace") if isinstance(metadata, pikepdf.Stream) else ""
    if "<pdfaid:part>2</pdfaid:part>" not in text and 'pdfaid:part="2"' not in text:
        raise ExternalToolError(messages.PDF["no-pdfa-claim"].format(name=name))


def pdf_date(when: dt.datetime) -> str:
    """Info dates carry an explicit UTC zone: an unzoned date is read differently by
    different validators (veraPDF takes the machine's zone)."""
    return when.strftime("D:%Y%m%d%H%M%SZ")


def xmp_date(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _set_info(pdf: pikepdf.Pdf, info: PdfInfo) -> None:
    entries = {"/Title": info.title, "/Author": info.author, "/Subject": info.subject,
               "/Keywords": info.keywords, "/Creator": info.producer, "/Producer": info.producer,
               "/CreationDate": pdf_date(info.created), "/ModDate": pdf_date(info.created)}
    docinfo = pikepdf.Dictionary({key: pikepdf.String(value) for key, value in entries.items() if value})
    pdf.trailer.Info = pdf.make_indirect(docinfo)


def xmp_packet(info: PdfInfo) -> bytes:
    """The whole XMP packet, written by us in one fixed form, saying what Info says.

    LibreOffice's PDF/UA flag writes `pdfuaid:part`; PDF/A-2 allows a property outside its
    predefined schemas only with a PDF/A extension schema, and pikepdf.pdfa (an allow-list
    validator) rejects both the property and the extension-schema namespaces (measured with
    pikepdf 10.18), so the identification is left out. The file stays tagged and accessible;
    only the PDF/UA claim in the metadata is gone."""
    when = xmp_date(info.created)
    properties = [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        _lang_alt("dc:title", info.title),
        f"<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>" if info.author else "",
        _lang_alt("dc:description", info.subject),
        f"<dc:language><rdf:Bag><rdf:li>{escape(info.language)}</rdf:li></rdf:Bag></dc:language>",
        "<dc:format>application/pdf</dc:format>",
        f"<pdf:Keywords>{escape(info.keywords)}</pdf:Keywords>" if info.keywords else "",
        f"<pdf:Producer>{escape(info.producer)}</pdf:Producer>",
        f"<xmp:CreatorTool>{escape(info.producer)}</xmp:CreatorTool>",
        f"<xmp:CreateDate>{when}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{when}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{when}</xmp:MetadataDate>",
    ]
    body = "\n   ".join(p for p in properties if p)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""'
        ' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/">\n'
        f"   {body}\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    ).encode("utf-8")


def _lang_alt(name: str, text: str) -> str:
    if not text:
        return ""
    return f'<{name}><rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt></{name}>'


def _drop_default_open_action(pdf: pikepdf.Pdf) -> None:
    """LibreOffice adds /OpenAction [first page /XYZ null null 0] — what every viewer does
    anyway. pikepdf.pdfa cannot check actions and so cannot pass a file that has one; an
    OpenAction that does anything else is kept (and the check then says so)."""
    action = pdf.Root.get("/OpenAction")
    if (isinstance(action, pikepdf.Array) and len(action) >= 2 and len(pdf.pages) > 0
            and action[0].objgen == pdf.pages[0].obj.objgen):
        del pdf.Root["/OpenAction"]


def _fix_tab_order_names(pdf: pikepdf.Pdf) -> None:
    """LibreOffice 7.4 writes a page's tab order as a string, `/Tabs (S)`, on pages with links;
    the PDF spec (and PDF/UA, which asks for structure order) wants the name /S."""
    for page in pdf.pages:
        tabs = page.obj.get("/Tabs")
        if isinstance(tabs, pikepdf.String):
            page.obj.Tabs = pikepdf.Name("/" + str(tabs))


def _stamp_icc_dates(pdf: pikepdf.Pdf, when: dt.datetime) -> None:
    """The ICC header's creation date (bytes 24–35) is stamped with the clock by LibreOffice's
    colour library; the profile carries no MD5 ID (bytes 84–99 zero) that this would break,
    and one that does is left alone."""
    for intent in pdf.Root.get("/OutputIntents", pikepdf.Array()):
        profile = intent.get("/DestOutputProfile")
        if not isinstance(profile, pikepdf.Stream):
            continue
        data = bytearray(profile.read_bytes())
        if len(data) < 128 or any(data[84:100]):
            continue
        stamp = b"".join(v.to_bytes(2, "big") for v in
                         (when.year, when.month, when.day, when.hour, when.minute, when.second))
        if data[24:36] != stamp:
            data[24:36] = stamp
            profile.write(zlib.compress(bytes(data), 9), filter=pikepdf.Name.FlateDecode)
