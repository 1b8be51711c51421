"""LibreOffice headless: .docx → tagged PDF/A-2b, made reproducible with pikepdf.

Not a writer: it runs an external program on a writer's output (as pandoc's PDF.hs does), so
"program missing", "hung" and "crashed" are its own error, `ExternalToolError` (exit 3).

Three jobs, each a function the pipeline calls:
- `Converter.convert` runs soffice once on one or more .docx files, with a time limit and a
  private user profile, and kills the whole process group when done or hung;
- `finish_pdf` post-processes one LibreOffice PDF: metadata from the plan, no clock anywhere,
  a content-derived /ID, and checks that the PDF/A-2b claim holds before returning the bytes;
- `outline_headings` / `match_toc_pages` read the heading pages from the PDF's bookmarks, which
  the pipeline writes back into the TOC of the plan .docx (the two-pass TOC).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence
from xml.etree import ElementTree
from xml.sax.saxutils import escape

import pikepdf
import pikepdf.pdfa

from . import messages
from .errors import ExternalToolError
from .options import BuildOptions

SOFFICE_ENV = "HANDLINGSPLAN_SOFFICE"
TIMEOUT_ENV = "HANDLINGSPLAN_PDF_TIMEOUT"
PDFA_FLAVOUR = "2b"

# -- LibreOffice 7.4 only honours the JSON form of the filter options; the old
#    `SelectPdfVersion=2` form and misspelt keys are silently ignored (measured), so every
#    result is checked afterwards. IsSkipEmptyPages=false keeps automatically inserted blank
#    pages, so that a PDF page index stays equal to the page number Writer prints. --
EXPORT_OPTIONS = {
    "SelectPdfVersion": ("long", "2"),  # PDF/A-2b
    "PDFUACompliance": ("boolean", "true"),
    "UseTaggedPDF": ("boolean", "true"),
    "ExportBookmarks": ("boolean", "true"),
    "DisplayPDFDocumentTitle": ("boolean", "true"),
    "IsSkipEmptyPages": ("boolean", "false"),
    "ExportNotes": ("boolean", "false"),
    "ExportFormFields": ("boolean", "false"),
}


def filter_spec() -> str:
    """The `--convert-to` argument: `pdf:writer_pdf_Export:{json}`."""
    options = {key: {"type": kind, "value": value} for key, (kind, value) in EXPORT_OPTIONS.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def soffice_binary() -> str:
    """The soffice to run: $HANDLINGSPLAN_SOFFICE (tests use fake ones), else from PATH."""
    override = os.environ.get(SOFFICE_ENV, "").strip()
    if override:
        return override
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise ExternalToolError(messages.PDF["soffice-missing"])
    return found


def time_limit(options: BuildOptions) -> float:
    """Seconds one soffice run may take: $HANDLINGSPLAN_PDF_TIMEOUT, else the option."""
    value = os.environ.get(TIMEOUT_ENV, "").strip()
    try:
        return float(value) if value else float(options.pdf_timeout)
    except ValueError:
        return float(options.pdf_timeout)


class Converter:
    """One build's LibreOffice runs, sharing one private user profile.

    The profile is private to this build because two soffice processes on one profile make
    one of them fail silently (measured); runs inside one build are sequential, so they may
    share it, which saves creating it again. Use as a context manager: the profile and the
    work folder are removed on exit.
    """

    def __init__(self, options: BuildOptions):
        self.binary = soffice_binary()
        self.timeout = time_limit(options)
        self._tmp = tempfile.TemporaryDirectory(prefix="handlingsplan-pdf-")
        self.work = Path(self._tmp.name)
        self._runs = 0

    def __enter__(self) -> "Converter":
        return self

    def __exit__(self, *exc) -> None:
        self._tmp.cleanup()

    def convert(self, docx_files: Sequence[Path]) -> list[Path]:
        """Convert the .docx files in one soffice start; returns one raw PDF per input, in a
        folder of its own, in input order. Raises ExternalToolError if soffice is missing,
        hung, crashed, or exited without writing every PDF."""
        self._runs += 1
        out_dir = self.work / f"run{self._runs}"
        out_dir.mkdir()
        profile = (self.work / "profile").as_uri()
        command = [self.binary, f"-env:UserInstallation={profile}", "--headless", "--invisible",
                   "--nologo", "--nodefault", "--nolockcheck", "--norestore",
                   "--convert-to", filter_spec(), "--outdir", str(out_dir),
                   *[str(Path(p).resolve()) for p in docx_files]]
        log = out_dir / "soffice.log"
        _run(command, log, self.timeout)
        results = [out_dir / (Path(p).stem + ".pdf") for p in docx_files]
        for docx, pdf in zip(docx_files, results):
            if not pdf.is_file() or pdf.stat().st_size == 0:
                raise ExternalToolError(messages.PDF["no-output"].format(
                    name=Path(docx).name, detail=_tail(log)))
        return results


def _run(command: list[str], log: Path, timeout: float) -> None:
    """Run soffice in a new session, so that on time-out (or after a normal exit) the whole
    process group — the soffice script, oosplash and soffice.bin — can be killed at once.
    Output goes to a file, not a pipe: a left-over child holding a pipe open would block."""
    env = dict(os.environ, SAL_USE_VCLPLUGIN="svp")
    try:
        with log.open("wb") as handle:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=handle,
                                       stderr=subprocess.STDOUT, start_new_session=True, env=env)
    except FileNotFoundError:
        raise ExternalToolError(messages.PDF["soffice-missing"]) from None
    except PermissionError as error:
        raise ExternalToolError(messages.PDF["crashed"].format(code=error, detail=command[0])) from None
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise ExternalToolError(messages.PDF["timeout"].format(seconds=f"{timeout:g}")) from None
    except BaseException:
        _kill_group(process)
        raise
    _kill_group(process)  # -- stragglers of a finished run must not outlive the build --
    if code != 0:
        raise ExternalToolError(messages.PDF["crashed"].format(code=code, detail=_tail(log)))


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass  # -- the group is already gone --
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _tail(log: Path, lines: int = 5) -> str:
    try:
        text = log.read_text("utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    kept = [line for line in text if "javaldx" not in line]
    return " / ".join(kept[-lines:])


# ------------------------------------------------------------------------------------------
# -- post-processing --


@dataclass(frozen=True)
class PdfInfo:
    """What the archive copy says about itself, in Info and XMP alike.

    `title`, `author`, `subject` and `keywords` are fallbacks: the .docx core properties win
    when they are set, so that the PDF says what the Word file says. `created` is the plan's
    one document date (never the clock); `producer` names the generator."""

    title: str
    author: str
    created: dt.datetime
    producer: str
    subject: str = ""
    keywords: str = ""
    language: str = "sv-SE"


def core_properties(docx: Path) -> dict[str, str]:
    """title, author, subject and keywords from a .docx's docProps/core.xml ("" if unset)."""
    names = {"title": "{http://purl.org/dc/elements/1.1/}title",
             "author": "{http://purl.org/dc/elements/1.1/}creator",
             "subject": "{http://purl.org/dc/elements/1.1/}subject",
             "keywords": "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords"}
    try:
        with zipfile.ZipFile(docx) as package:
            root = ElementTree.fromstring(package.read("docProps/core.xml"))
    except (KeyError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return {key: "" for key in names}
    return {key: " ".join((root.findtext(tag) or "").split()) for key, tag in names.items()}


def info_for(docx: Path, fallback: PdfInfo) -> PdfInfo:
    """`fallback` with the .docx core properties laid over it where they are set."""
    core = core_properties(docx)
    return PdfInfo(title=core["title"] or fallback.title, author=core["author"] or fallback.author,
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
            with _quiet_font_checks():
                report = pikepdf.pdfa.save(pdf, buffer, PDFA_FLAVOUR, repair=False,
                                           deterministic_id=True)
        except pikepdf.pdfa.PdfaError as error:
            raise ExternalToolError(messages.PDF["not-pdfa"].format(
                name=raw_pdf.name, detail=error.report.summary(5))) from None
    if not report.passed:  # pragma: no cover -- save raises instead; kept as a guard
        raise ExternalToolError(messages.PDF["not-pdfa"].format(name=raw_pdf.name, detail=report.verdict))
    return buffer.getvalue()


@contextlib.contextmanager
def _quiet_font_checks():
    """pikepdf.pdfa reads the embedded fonts with fontTools, which logs a warning for every
    LibreOffice font subset (their 'head' dates are zero); that is noise on the terminal."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


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


# ------------------------------------------------------------------------------------------
# -- the outline: where each heading stands --


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    page: int  # -- 1-based: the title page is page 1, as in the TOC --


def outline_headings(pdf_path: Path) -> list[Heading]:
    """The PDF's bookmarks (LibreOffice makes one per heading) in document order, each with
    the page its destination points at."""
    with pikepdf.open(pdf_path) as pdf:
        page_numbers = {page.obj.objgen: index + 1 for index, page in enumerate(pdf.pages)}
        named = _named_destinations(pdf)
        headings: list[Heading] = []
        with pdf.open_outline() as outline:
            def walk(items, level):
                for item in items:
                    page = _destination_page(item, named, page_numbers)
                    headings.append(Heading(level, " ".join(item.title.split()), page or 0))
                    walk(item.children, level + 1)
            walk(outline.root, 1)
    return headings


def _named_destinations(pdf: pikepdf.Pdf) -> dict[str, object]:
    names = {}
    dests = pdf.Root.get("/Dests")
    if isinstance(dests, pikepdf.Dictionary):
        names.update({str(k)[1:]: v for k, v in dests.items()})
    tree = pdf.Root.get("/Names", pikepdf.Dictionary()).get("/Dests")
    if tree is not None:
        for key, value in pikepdf.NameTree(tree).items():
            names[str(key)] = value
    return names


def _destination_page(item, named, page_numbers) -> int | None:
    target = item.destination
    if target is None and item.action is not None and item.action.get("/S") == "/GoTo":
        target = item.action.get("/D")
    if isinstance(target, (pikepdf.String, pikepdf.Name, str)):
        target = named.get(str(target).lstrip("/"))
    if isinstance(target, pikepdf.Dictionary):
        target = target.get("/D")
    if isinstance(target, pikepdf.Array) and len(target) > 0:
        first = target[0]
        if isinstance(first, pikepdf.Dictionary):
            return page_numbers.get(first.objgen)
        if isinstance(first, int):
            return int(first) + 1
    return None


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_toc_pages(entries: Sequence[tuple[int, str]], headings: Sequence[Heading]) -> list[int]:
    """The page of each TOC entry: entries and bookmarks are both in document order, so each
    entry takes the next bookmark with the same text (the outline may hold more headings
    than the TOC, e.g. deeper levels). Raises ExternalToolError naming an entry not found."""
    pages, position = [], 0
    for _level, text in entries:
        wanted = _key(text)
        for index in range(position, len(headings)):
            if _key(headings[index].title) == wanted and headings[index].page:
                pages.append(headings[index].page)
                position = index + 1
                break
        else:
            raise ExternalToolError(messages.PDF["toc-heading-missing"].format(text=text))
    return pages
