"""The Bilaga 1 template's tags checked before rendering (opening, Jinja set-up and finding
construction are shared with the plan template in template_check.py).

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
from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from ... import messages
from ...findings import Finding
from .. import template_check
from .text import clean_text
from ..template_check import JINJA_NAMES, template_finding

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
    """The Jinja set-up for Bilaga 1: template_check's for docxtpl, with every printed value
    cleaned of characters XML cannot hold; without `autoescape`, the same sandboxed, strict
    set-up for the row templates, whose texts are put into the rows with lxml as text.
    """
    if not autoescape:
        return SandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=True)
    return template_check.environment(clean_text, keep_trailing_newline=True)


def open_template(path: Path) -> DocxTemplate:
    """The template loaded for docxtpl; InputError if it is missing or not a .docx."""
    # -- these errors' own message is shown without the class name (and no value), as
    #    Bilaga 1's findings always have been --
    return template_check.open_template(
        path, bare_errors=(zipfile.BadZipFile, KeyError, ValueError, OSError))


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
                and node.name not in JINJA_NAMES:
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


def _paragraph(part: TemplatePart, lineno: int | None) -> tuple[int, str]:
    """The paragraph a Jinja line stands for (0: before the first one, the template as a
    whole) and its visible text."""
    number = (lineno or 1) - 1
    if number < 1:
        return 0, ""
    return number, part.paragraph_text(number)


def _finding(code: str, part: TemplatePart, number: int, text: str, value: str,
             template_name: str) -> Finding:
    detail = messages.ANNEX["in-paragraph"].format(text=text) if text else ""
    return template_finding(code, template_name, part.part if number else None, number,
                            value=value, detail=detail)


def syntax_finding(part: TemplatePart, lineno: int | None, template_name: str) -> Finding:
    number, text = _paragraph(part, lineno)
    tags = _TAG.findall(text)
    value = tags[0] if tags else (text or "?")
    return _finding("template-syntax", part, number, text, value, template_name)


def variable_finding(part: TemplatePart, lineno: int | None, name: str,
                     template_name: str) -> Finding:
    number, text = _paragraph(part, lineno)
    return _finding("template-unknown-variable", part, number, text, name, template_name)


def render_error_finding(exc: Exception, part: TemplatePart, template_name: str) -> Finding:
    """A failure while rendering, placed at the template line Jinja's traceback names."""
    code, lineno, name = template_check.render_problem(exc)
    if code == "template-unknown-variable":
        return variable_finding(part, lineno, name, template_name)
    return syntax_finding(part, lineno, template_name)

