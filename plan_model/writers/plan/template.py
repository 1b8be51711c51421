"""The plan template's tags checked before rendering (opening, Jinja set-up and finding
construction are shared with Bilaga 1 in template_check.py).

A broken template is the communicator's input, so it is reported like a bad cell: a finding
naming the template file, the tag and the paragraph it stands in ("stycke 12, som börjar …"),
never a traceback. docxtpl renders one big XML string in which paragraphs of row and block
tags have been cut out, so its line numbers do not say which paragraph of the template a tag
is in. We therefore check a plain-text copy of the template first: one line per paragraph of
the template as the communicator sees it (tables included, in document order), with docxtpl's
`{%p`, `{%tr`, `{%tc` and `{%r` reduced to plain Jinja. A Jinja line number is then a
paragraph number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml.ns import qn
from jinja2 import TemplateSyntaxError, meta
from jinja2.sandbox import SandboxedEnvironment

from ... import messages
from ...findings import Finding
from .. import template_check
from ..template_check import JINJA_NAMES, RENDER_ERRORS, render_problem, template_finding

_DOCXTPL_PREFIX = re.compile(r"(\{%|\{\{|\{#)(?:tr|tc|p|r)\s")
_DOCXTPL_CELL_TAG = re.compile(r"\{%\s*(?:colspan|cellbg)\s+([^%]*)%\}")
_DOCXTPL_MERGE_TAG = re.compile(r"\{%\s*(?:vm|hm)\s*%\}")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{\{.*$|\{%.*$")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


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


def _jinja_line(text: str) -> str:
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


def check(document, template_name: str, env: SandboxedEnvironment,
          context: dict) -> list[Finding]:
    """Findings for broken tags and unknown names, each at its paragraph (empty: all fine).

    `context` is the real data without pictures: the check renders the text copy once, so a
    name is checked where the template really uses it, loops included.
    """
    findings: list[Finding] = []
    paragraphs = paragraphs_of(document)
    for part in ("body", "header", "footer"):
        lines = [p for p in paragraphs if p.part == part]
        if not lines:
            continue
        source = "\n".join(_jinja_line(p.text) for p in lines)
        problem = _check_source(env, source, lines, context, template_name)
        if problem is not None:
            findings.append(problem)
    return findings


def _check_source(env, source: str, lines: list[TemplateParagraph], context: dict,
                  template_name: str) -> Finding | None:
    def at(lineno: int | None) -> TemplateParagraph:
        index = min(max((lineno or 1) - 1, 0), len(lines) - 1)
        return lines[index]

    def found(code: str, paragraph: TemplateParagraph, value: str, detail: str) -> Finding:
        return template_finding(code, template_name, paragraph.part, paragraph.index,
                                value=value, detail=detail)

    try:
        tree = env.parse(source)
        # -- compiling (inside find_undeclared_variables) is what finds an unknown filter or
        #    test: a TemplateAssertionError, which is a TemplateSyntaxError --
        undeclared = meta.find_undeclared_variables(tree)
    except TemplateSyntaxError as exc:
        paragraph = at(exc.lineno)
        return found("template-syntax", paragraph, _tag_in(paragraph),
                     f"{paragraph.described()}: {template_check.swedish_jinja(exc.message)}")
    for name in sorted(undeclared - set(context) - JINJA_NAMES):
        paragraph = next((p for p in lines if re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)",
                                                        _jinja_line(p.text))), lines[0])
        return found("template-unknown-variable", paragraph, _tag_in(paragraph, name),
                     paragraph.described())
    try:
        env.from_string(source).render(context)
    except RENDER_ERRORS as exc:
        code, lineno, name = render_problem(exc)
        paragraph = at(lineno)
        if code == "template-unknown-variable":
            return found(code, paragraph, _tag_in(paragraph, name), paragraph.described())
        return found(code, paragraph, _tag_in(paragraph), f"{paragraph.described()}: {exc}")
    return None
