"""What the plan template and the Bilaga 1 template share: opening, Jinja set-up, findings.

Both are docxtpl templates the communicator edits in Word, so a problem with one is reported
like a bad cell: a template-* finding that names the template file and the paragraph the tag
stands in, never a traceback. What differs stays with each writer: how a Jinja line number is
mapped to a paragraph (plan_template.py checks a plain-text copy, one line a paragraph;
annex_template.py checks docxtpl's patched XML, split before each paragraph), which variables
exist, and how the broken tag is quoted.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, UndefinedError
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


def open_template(path: Path, *, value: str = "",
                  bare_errors: tuple[type[Exception], ...] = ()) -> DocxTemplate:
    """The template loaded for docxtpl; InputError if it is missing or not a .docx.

    `value` is the findings' value. `bare_errors` are the exceptions whose own message is
    shown without their class name. The two writers have always differed in both, and a
    finding's value is part of `--format json`, so each caller keeps its own.
    """
    from ..template_files import docx_problem

    path = Path(path)
    where = Source(path.name)
    if not path.is_file():
        raise InputError([finding("template-missing", where, value=value, detail=str(path))])
    # -- a Swedish reason where one is known: python-docx's own messages are English --
    problem = docx_problem(path)
    if problem is not None:
        raise InputError([finding("template-unreadable", where, value=value, detail=problem)])
    template = DocxTemplate(str(path))
    try:
        template.init_docx()
    except bare_errors as exc:
        raise InputError([finding("template-unreadable", where, value=value,
                                  detail=str(exc) or path.name)]) from exc
    except Exception as exc:  # -- python-docx raises its own PackageNotFoundError & co. --
        raise InputError([finding("template-unreadable", where, value=value,
                                  detail=f"{type(exc).__name__}: {exc}")]) from exc
    return template


def _as_text(value: object) -> str:
    return "" if value is None else str(value)


def environment(text: Callable[[object], str] = _as_text, *, filters: dict | None = None,
                keep_trailing_newline: bool = False) -> SandboxedEnvironment:
    """The Jinja set-up docxtpl renders with: sandboxed (a template is user data and must not
    reach Python internals), strict (a name the model lacks is an error, never an empty text)
    and autoescaping (values are XML text, never markup).

    `text` turns a printed value into the text that is escaped (None must become "").
    """
    def finalize(value: object) -> Markup:
        # -- pictures (objects with `__html__`, docxtpl's InlineImage) are markup already --
        if hasattr(value, "__html__"):
            return Markup(value.__html__())
        return xml_text(text(value))

    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True,
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


def place(part: str, index: int) -> str:
    """Where a tag stands, as a finding's cell: "stycke 12", "sidhuvud, stycke 1"."""
    return messages.TEMPLATE_PLACE[part].format(index=index)


def template_finding(code: str, template_name: str, part: str | None, index: int,
                     value: str, detail: str) -> Finding:
    """A template-* finding at paragraph `index` of `part` ("body", "header", "footer";
    None: the template as a whole). A blank `detail` becomes the place itself."""
    cell = place(part, index) if part is not None else ""
    return finding(code, Source(template_name, "", cell), value=value, detail=detail or cell)
