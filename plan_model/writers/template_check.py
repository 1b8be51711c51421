"""The one template mechanism of the plan and Bilaga 1: opening, Jinja set-up, check, findings.

Both are docxtpl templates the communicator edits in Word, so a problem with one is reported
like a bad cell: a template-* finding that names the template file, the part (brödtext,
sidhuvud, sidfot), the paragraph and the tag as written, never a traceback. Both are checked
the same way before anything is rendered: a plain-text copy of the template, one line per
paragraph as the communicator sees it (tables included, in document order), with docxtpl's
`{%p`, `{%tr`, `{%tc` and `{%r` reduced to plain Jinja, is parsed and then rendered with the
real data, so a Jinja line number is a paragraph number and a name is checked where the
template really uses it, loops included.

Rows are repeated in two ways on purpose (STYLE: follow the reason and write it down): the
plan's tables use docxtpl's `{%tr for %}` loops, which are the user's template syntax; the
annex clones its row templates with lxml (writers/annex/table.py), since a Jinja loop over
10,000 activities is far slower and cannot drop an empty column from the grid. Their tags go
through the same Jinja set-up and the same findings.
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, meta
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from .. import messages
from ..errors import InputError
from ..findings import Finding, finding
from ..model import Source

# -- names Jinja itself provides: a template may use them although the context lacks them.
#    true/false/none parse as constants, never as names; listing them costs nothing --
JINJA_NAMES = frozenset({"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace",
                         "true", "false", "none", "True", "False", "None"})

# -- what rendering a template with the wrong data can raise: Jinja's own errors and the
#    Python errors of an expression such as `{{ year / 0 }}` or `{{ title + 1 }}` --
RENDER_ERRORS = (TemplateError, TypeError, ValueError, ArithmeticError, LookupError)

# -- opening errors whose own message says it all ("File is not a zip file") --
_PLAIN_OPEN_ERRORS = (zipfile.BadZipFile, KeyError, ValueError, OSError)

_DOCXTPL_PREFIX = re.compile(r"(\{%|\{\{|\{#)(?:tr|tc|p|r)\s")
_DOCXTPL_CELL_TAG = re.compile(r"\{%\s*(?:colspan|cellbg)\s+([^%]*)%\}")
_DOCXTPL_MERGE_TAG = re.compile(r"\{%\s*(?:vm|hm)\s*%\}")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\{.*$|\{%.*$")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def open_template(path: Path) -> DocxTemplate:
    """The template loaded for docxtpl; InputError if it is missing or not a .docx."""
    path = Path(path)
    where = Source(path.name)
    if not path.is_file():
        raise InputError([finding("template-missing", where, value=path.name, detail=str(path))])
    # -- a Swedish reason where one is known: python-docx's own messages are English --
    from ..template_files import docx_problem

    problem = docx_problem(path)
    if problem is not None:
        raise InputError([finding("template-unreadable", where, value=path.name, detail=problem)])
    template = DocxTemplate(str(path))
    try:
        template.init_docx()
    except _PLAIN_OPEN_ERRORS as exc:
        raise InputError([finding("template-unreadable", where, value=path.name,
                                  detail=str(exc) or path.name)]) from exc
    except Exception as exc:  # -- python-docx raises its own PackageNotFoundError & co. --
        raise InputError([finding("template-unreadable", where, value=path.name,
                                  detail=f"{type(exc).__name__}: {exc}")]) from exc
    return template


def _as_text(value: object) -> str:
    return "" if value is None else str(value)


def environment(text: Callable[[object], str] = _as_text, *, filters: dict | None = None,
                keep_trailing_newline: bool = False,
                autoescape: bool = True) -> SandboxedEnvironment:
    """The one Jinja set-up every template tag is rendered with: sandboxed (a template is
    user data and must not reach Python internals) and strict (a name the model lacks is an
    error, never an empty text).

    `text` turns a printed value into text (None must become ""). With `autoescape` (docxtpl
    renders XML) the text is escaped, since values are XML text, never markup; without it
    (the annex's row tags, whose text lxml puts into the rows) it is printed as it is.
    """
    def finalize(value: object) -> Markup | str:
        if not autoescape:
            return text(value)
        # -- pictures (objects with `__html__`, docxtpl's InlineImage) are markup already --
        if hasattr(value, "__html__"):
            return Markup(value.__html__())
        return xml_text(text(value))

    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=autoescape,
                               keep_trailing_newline=keep_trailing_newline, finalize=finalize)
    env.filters.update(filters or {})
    return env


def xml_text(text: str) -> Markup:
    """`text` escaped for XML, braces included.

    docxtpl turns "{_{" back into "{{" after rendering; writing braces as character
    references keeps a cell that holds "{_{" exactly as typed.
    """
    escaped = str(escape(text))
    return Markup(escaped.replace("{", "&#123;").replace("}", "&#125;"))


# -- the template as the communicator sees it: paragraphs --------------------------------

@dataclass(frozen=True)
class TemplateParagraph:
    part: str          # "body", "header" or "footer": a key of messages.TEMPLATE_PLACE
    index: int         # 1-based, in document order within its part
    text: str

    def described(self) -> str:
        start = self.text if len(self.text) <= 40 else self.text[:40] + " …"
        return messages.TEMPLATE_PARAGRAPH_START.format(index=self.index, start=start)


def paragraphs_of(document) -> list[TemplateParagraph]:
    """Every paragraph of body, headers and footers of a python-docx Document."""
    found = []
    parts = [("body", document.element.body, document.part)]
    for section in document.sections:
        for kind, items in (("header", (section.header, section.first_page_header,
                                        section.even_page_header)),
                            ("footer", (section.footer, section.first_page_footer,
                                        section.even_page_footer))):
            for item in items:
                # -- linked means "no part of its own": asking for its element would add one --
                if not item.is_linked_to_previous:
                    parts.append((kind, item._element, item.part))
    seen: list = []
    for kind, root, part in parts:
        # -- sections may share one header part; check it once --
        if any(part is other for other in seen):
            continue
        seen.append(part)
        for i, p in enumerate(root.iter(qn("w:p")), start=1):
            text = "".join(t.text or "" for t in p.iter(qn("w:t")))
            found.append(TemplateParagraph(kind, i, text.replace("\n", " ")))
    return found


def jinja_line(text: str) -> str:
    """A paragraph's text as plain Jinja, the way docxtpl's patching reads it."""
    text = _DOCXTPL_PREFIX.sub(r"\1 ", text.translate(_QUOTES))
    text = _DOCXTPL_CELL_TAG.sub(r"{{ \1 }}", text)
    return _DOCXTPL_MERGE_TAG.sub("", text)


def _tag_in(paragraph: TemplateParagraph, needle: str | None = None) -> str:
    tags = _TAG.findall(paragraph.text)
    if needle:
        word = re.compile(rf"(?<![\w]){re.escape(needle)}(?![\w])")
        tags = [t for t in tags if word.search(t)] or tags
    return tags[0] if tags else paragraph.text[:60]


# -- the check ------------------------------------------------------------------------------

def check_template(document, template_name: str, env: SandboxedEnvironment,
                   context: dict) -> list[Finding]:
    """Findings for broken tags and unknown names, at most one per part, each at its
    paragraph (empty: all fine).

    `context` is the real data (without pictures): the check renders the text copy once, so
    a name is checked where the template really uses it, loops included.
    """
    findings: list[Finding] = []
    paragraphs = paragraphs_of(document)
    for part in ("body", "header", "footer"):
        lines = [p for p in paragraphs if p.part == part]
        if not lines:
            continue
        problem = _check_source(env, lines, context, template_name)
        if problem is not None:
            findings.append(problem)
    return findings


def _check_source(env, lines: list[TemplateParagraph], context: dict,
                  template_name: str) -> Finding | None:
    def at(lineno: int | None) -> TemplateParagraph:
        return lines[min(max((lineno or 1) - 1, 0), len(lines) - 1)]

    source = "\n".join(jinja_line(p.text) for p in lines)
    try:
        tree = env.parse(source)
        # -- compiling (inside find_undeclared_variables) is what finds an unknown filter or
        #    test: a TemplateAssertionError, which is a TemplateSyntaxError --
        undeclared = meta.find_undeclared_variables(tree)
    except TemplateSyntaxError as exc:
        return paragraph_finding("template-syntax", at(exc.lineno), template_name,
                                 message=swedish_jinja(exc.message))
    for name in sorted(undeclared - set(context) - JINJA_NAMES):
        paragraph = next((p for p in lines if re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)",
                                                        jinja_line(p.text))), lines[0])
        return paragraph_finding("template-unknown-variable", paragraph, template_name, name)
    try:
        env.from_string(source).render(context)
    except RENDER_ERRORS as exc:
        code, lineno, name = render_problem(exc)
        return paragraph_finding(code, at(lineno), template_name, name, message=str(exc))
    return None


# -- findings -------------------------------------------------------------------------------

def template_lineno(exc: BaseException) -> int | None:
    """The line of the innermost template frame in the traceback (Jinja rewrites those)."""
    lineno = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


def undefined_name(exc: UndefinedError) -> str:
    """The missing name from Jinja's "'x' is undefined" / "'dict object' has no attribute 'y'"."""
    found = re.findall(r"'([^']+)'", str(exc))
    return found[-1] if found else str(exc)


def render_problem(exc: Exception) -> tuple[str, int | None, str]:
    """(finding code, template line, missing name or "") of one of RENDER_ERRORS."""
    lineno = template_lineno(exc)
    if isinstance(exc, UndefinedError):
        return "template-unknown-variable", lineno, undefined_name(exc)
    return "template-syntax", lineno, ""


# -- Jinja's syntax messages, in Swedish: an English library message never reaches the
#    communicator who edits the template (the fallback says only that the tag is broken) --
_JINJA_TOKENS = {"end of print statement": "}}", "end of statement block": "%}",
                 "end of template": "mallens slut", "end of comment": "#}"}
_JINJA_MESSAGES = [
    (r"unexpected end of template, expected '(.+)'\.?", "taggen avslutas aldrig (väntade «{0}»)"),
    (r"Unexpected end of template\. Jinja was looking for the following tags: (.+)\. "
     r"The innermost block that needs to be closed is '(\w+)'\.",
     "blocket «{1}» avslutas aldrig (väntade {0})"),
    (r"Encountered unknown tag '(\w+)'\. Jinja was looking for the following tags: (.+)\. "
     r"The innermost block that needs to be closed is '(\w+)'\.",
     "okänd tagg «{0}»; blocket «{2}» väntar på {1}"),
    (r"Encountered unknown tag '(\w+)'\.?", "okänd tagg «{0}»"),
    (r"No filter named '(.+)'\.?", "det finns inget filter som heter «{0}»"),
    (r"No test named '(.+)'\.?", "det finns inget test som heter «{0}»"),
    (r"expected token '(.+)', got '(.+)'", "väntade «{0}» men fick «{1}»"),
    (r"Expected an expression, got '(.+)'", "ett uttryck saknas före «{0}»"),
    (r"unexpected '(.+)'", "oväntat «{0}»"),
    (r"unexpected char '(.+)' at \d+", "oväntat tecken «{0}»"),
]


def swedish_jinja(message: str) -> str:
    """Jinja's (English) syntax message → Swedish."""
    text = " ".join(str(message).split())
    for pattern, swedish in _JINJA_MESSAGES:
        match = re.fullmatch(pattern, text)
        if match:
            parts = [_jinja_words(group) for group in match.groups()]
            return swedish.format(*parts)
    return "taggen kan inte tolkas"


def _jinja_words(text: str) -> str:
    text = _JINJA_TOKENS.get(text, text)
    return re.sub(r"'([^']+)'", lambda m: f"«{_JINJA_TOKENS.get(m.group(1), m.group(1))}»",
                  text).replace(" or ", " eller ")


def paragraph_finding(code: str, paragraph: TemplateParagraph, template_name: str,
                      name: str = "", *, message: str = "") -> Finding:
    """A template-* finding at `paragraph`; its value is the tag as written (the one holding
    `name`, for an unknown name), so the communicator can search for it in Word."""
    cell = messages.TEMPLATE_PLACE[paragraph.part].format(index=paragraph.index)
    if code == "template-unknown-variable":
        value, detail = _tag_in(paragraph, name), paragraph.described()
    else:
        value, detail = _tag_in(paragraph), f"{paragraph.described()}: {message}"
    return finding(code, Source(template_name, "", cell), value=value, detail=detail)


def unplaced_finding(exc: Exception, template_name: str) -> Finding:
    """A render failure the check did not foresee (a tag docxtpl's patching broke): it names
    the template as a whole, since no paragraph can be told."""
    reason = swedish_jinja(getattr(exc, "message", None) or str(exc))
    return finding("template-syntax", Source(template_name), value=reason, detail=reason)
