"""The Bilaga 1 template as user data: opening it, and checking its tags before rendering.

A broken template is the communicator's input, so it is reported like a bad cell: a finding
that names the template file, the part (brödtext, sidhuvud, sidfot) and the paragraph, never a
Jinja traceback. Paragraphs are numbered in document order from 1, counting the paragraphs
inside tables too — the same numbering docxtpl's own line splitting gives, so a Jinja line
number maps straight onto a paragraph.
"""
from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, nodes
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from .. import messages
from ..errors import InputError
from ..findings import Finding, finding
from ..model import Source
from .annex_text import clean_text

# -- names Jinja itself provides; a template may use them without the model having them --
_JINJA_NAMES = frozenset({"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace",
                          "true", "false", "none", "True", "False", "None"})
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_TAG = re.compile(r"\{[{%#].*?[}%#]\}", re.DOTALL)

Schema = dict[str, frozenset[str] | None]
"""Template variable → its attributes (None: a plain value without attributes)."""


@dataclass(frozen=True)
class TemplatePart:
    """One rendered XML part as docxtpl's Jinja sees it: one line per paragraph."""

    part: str  # "body", "header" or "footer": a key of messages.TEMPLATE_PLACE
    source: str

    def paragraph_text(self, number: int) -> str:
        """The visible text of paragraph `number` (1-based), for messages."""
        lines = self.source.split("\n")
        if not 0 < number < len(lines):
            return ""
        return html.unescape(re.sub(r"<[^>]+>", "", lines[number])).strip()


def environment(autoescape: bool) -> SandboxedEnvironment:
    """The one Jinja set-up for templates: sandboxed (a template is user data and must not
    reach Python internals) and strict (an unknown name is an error, never an empty text).

    `autoescape` is for docxtpl, whose output is XML text: every printed value is escaped, and
    its braces too, because docxtpl turns "{_{" back into "{{" after rendering — an input text
    must come out exactly as typed.
    """
    if not autoescape:
        return SandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=True)
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True,
                                keep_trailing_newline=True, finalize=_xml_literal)


def _xml_literal(value: object) -> Markup:
    if isinstance(value, Markup):
        return value
    escaped = str(escape(clean_text(value)))
    return Markup(escaped.replace("{", "&#123;").replace("}", "&#125;"))


def open_template(path: Path) -> DocxTemplate:
    """The template loaded for docxtpl; InputError if it is missing or not a .docx."""
    path = Path(path)
    where = Source(path.name)
    if not path.is_file():
        raise InputError([finding("template-missing", where, detail=str(path))])
    try:
        template = DocxTemplate(str(path))
        template.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError([finding("template-unreadable", where, detail=str(exc) or path.name)])
    except Exception as exc:  # python-docx raises its own PackageNotFoundError & co.
        raise InputError([finding("template-unreadable", where,
                                  detail=f"{type(exc).__name__}: {exc}")])
    return template


def template_parts(template: DocxTemplate) -> list[TemplatePart]:
    """Body, headers and footers as docxtpl renders them (patched, one paragraph a line)."""
    parts = [TemplatePart("body", template.get_xml())]
    for uri, key in ((template.HEADER_URI, "header"), (template.FOOTER_URI, "footer")):
        for _, part in template.get_headers_footers(uri):
            parts.append(TemplatePart(key, template.get_part_xml(part)))
    return [TemplatePart(p.part, _split_paragraphs(template.patch_xml(p.source))) for p in parts]


def _split_paragraphs(xml: str) -> str:
    return _PARAGRAPH_START.sub(r"\n<w:p\1", xml)


def check_parts(parts: list[TemplatePart], schema: Schema, template_name: str) -> list[Finding]:
    """Syntax errors and unknown variables in every part, each at its paragraph."""
    env = environment(autoescape=True)
    findings: list[Finding] = []
    for part in parts:
        try:
            tree = env.parse(part.source)
        except TemplateSyntaxError as exc:
            findings.append(syntax_finding(part, exc.lineno, template_name))
            continue
        for name, lineno in unknown_variables(tree, schema):
            findings.append(variable_finding(part, lineno, name, template_name))
    return findings


def unknown_variables(tree: nodes.Template, schema: Schema) -> list[tuple[str, int]]:
    """(dotted name, line) of every variable or attribute the schema does not have.

    Names the template binds itself ({% for x in … %}, {% set %}) are its own and allowed.
    """
    bound = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    unknown: list[tuple[str, int]] = []
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and node.name not in schema and node.name not in bound \
                and node.name not in _JINJA_NAMES:
            unknown.append((node.name, node.lineno))
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        root = node.node
        if not isinstance(root, nodes.Name) or root.name in bound:
            continue
        attributes = schema.get(root.name)
        key = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if isinstance(key, str) and (attributes is None or key not in attributes) \
                and root.name in schema:
            unknown.append((f"{root.name}.{key}", node.lineno))
    return sorted(set(unknown), key=lambda item: (item[1], item[0]))


def _where(part: TemplatePart, lineno: int | None, template_name: str) -> tuple[Source, str]:
    number = (lineno or 1) - 1
    if number < 1:
        return Source(template_name), ""
    text = part.paragraph_text(number)
    detail = messages.ANNEX["in-paragraph"].format(text=text) if text else ""
    # -- the same place wording as the plan template's findings (plan_template.py) --
    cell = messages.TEMPLATE_PLACE[part.part].format(index=number)
    return Source(template_name, "", cell), detail


def syntax_finding(part: TemplatePart, lineno: int | None, template_name: str) -> Finding:
    where, detail = _where(part, lineno, template_name)
    number = (lineno or 1) - 1
    text = part.paragraph_text(number) if number >= 1 else ""
    tags = _TAG.findall(text)
    value = tags[0] if tags else (text or "?")
    return finding("template-syntax", where, value=value, detail=detail or where.cell)


def variable_finding(part: TemplatePart, lineno: int | None, name: str,
                     template_name: str) -> Finding:
    where, detail = _where(part, lineno, template_name)
    return finding("template-unknown-variable", where, value=name, detail=detail or where.cell)


def render_error_finding(exc: Exception, part: TemplatePart, template_name: str) -> Finding:
    """A failure while rendering, placed at the template line Jinja's traceback names."""
    lineno = template_lineno(exc)
    if isinstance(exc, UndefinedError):
        name = _undefined_name(exc)
        return variable_finding(part, lineno, name, template_name)
    return syntax_finding(part, lineno, template_name)


def template_lineno(exc: BaseException) -> int | None:
    """The line of the innermost template frame in the traceback (Jinja rewrites those)."""
    lineno = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


def _undefined_name(exc: UndefinedError) -> str:
    """The missing name from Jinja's "'x' is undefined" / "'dict object' has no attribute 'y'"."""
    found = re.findall(r"'([^']+)'", str(exc))
    return found[-1] if found else str(exc)


RENDER_ERRORS = (TemplateError, TypeError, ValueError, ArithmeticError, LookupError)
