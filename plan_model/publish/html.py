"""`plan-html`: the whole plan as one accessible web page (SPEC §12, webbriktlinjer R88).

The page is made from the same plan model and the same template variables as the plan
document (writers/plan/context.py), never from the .docx: a Jinja template in
`templates/html/` (index.html and stil.css, the web editor's to restyle) with the icons as
copies in `bilder/`, right-sized by writers/images.py. After a first rendering the page's
own h2/h3 headings become its table of contents, so the contents always match the page,
whatever the editor changes. No script and nothing fetched from another site: the page
works as saved. The follow-up's page (followup/html.py) is made by the same parts.
"""
from __future__ import annotations

import io
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from ..errors import InputError
from ..findings import finding
from ..model import Plan, Source, StrategyElement
from ..options import TEMPLATE_DIR, BuildOptions
from ..roles import PLAN_HTML
from ..writers.images import fit_file, width_for_pixels
from ..writers.plan import context as ctx

HTML_FOLDER = "html"
IMAGE_FOLDER = "bilder"
PAGE = "index.html"
STYLESHEET = "stil.css"
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
# -- icon widths in CSS pixels (≈ the .docx's 1.8 and 1.2 cm); the copies hold twice as many
#    pixels, sharp on high-density screens and at 200 % zoom, and no more --
CSS_WIDTHS = {ctx.ICON: 72, ctx.SMALL_ICON: 48}
PIXEL_WIDTH = 2 * CSS_WIDTHS[ctx.ICON]


def template_folder(options: BuildOptions, page: str = PAGE, template: Path | None = None) -> Path:
    """`html/` beside the Word template in use (the plan's unless `template`) when it holds
    `page`, else the bundled one."""
    beside = Path(template or options.template).parent / HTML_FOLDER
    return beside if (beside / page).is_file() else TEMPLATE_DIR / HTML_FOLDER


def ascii_slug(text: str, fallback: str = "ikon") -> str:
    """"Hejda klimatförändringarna.png" → "hejda-klimatforandringarna"."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return slug or fallback


class WebImages:
    """The page's pictures in `bilder/`, one file per picture, named after it (ASCII).

    Icons are right-sized by writers/images.py, the documents' own mechanism, to
    PIXEL_WIDTH (transparency kept: the editor may give the page a colour); other pictures
    (the follow-up's charts) are added as they are."""

    def __init__(self):
        self.files: dict[Path, tuple[str, tuple[int, int]]] = {}
        self.data: dict[str, bytes] = {}

    def add(self, stem: str, data: bytes) -> tuple[str, tuple[int, int]]:
        """`data` under a free name from `stem` (the same bytes share one); (file, pixels)."""
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            pixels, suffix = image.size, EXTENSIONS.get(image.format, "png")
        base = name = ascii_slug(stem)
        number = 1
        while self.data.get(f"{name}.{suffix}", data) != data:
            number += 1
            name = f"{base}-{number}"
        self.data[f"{name}.{suffix}"] = data
        return f"{name}.{suffix}", pixels

    def picture(self, element: StrategyElement, size: str):
        path = element.icon_path
        if path is None or not Path(path).is_file():
            return None
        path = Path(path)
        if path not in self.files:
            data = fit_file(path, width_for_pixels(PIXEL_WIDTH), background=None)
            self.files[path] = self.add(path.stem, data)
        name, (width, height) = self.files[path]
        css_width = CSS_WIDTHS[size]
        return {"src": f"{IMAGE_FOLDER}/{name}", "alt": element.name, "width": css_width,
                "height": max(1, round(height * css_width / width))}


class _Headings(HTMLParser):
    """h2/h3 elements with an id inside <main>, outside <nav>: (level, id, text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._open: list | None = None
        self._in_main = self._in_nav = False

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self._in_main = True
        elif tag == "nav":
            self._in_nav = True
        elif tag in ("h2", "h3") and self._in_main and not self._in_nav:
            ident = dict(attrs).get("id")
            self._open = [int(tag[1]), ident, ""] if ident else None

    def handle_endtag(self, tag):
        if tag == "main":
            self._in_main = False
        elif tag == "nav":
            self._in_nav = False
        elif tag in ("h2", "h3") and self._open is not None:
            level, ident, text = self._open
            self.found.append((level, ident, " ".join(text.split())))
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open[2] += data


def table_of_contents(page: str) -> list[dict]:
    """The page's h2 headings, each with its h3 headings as children."""
    parser = _Headings()
    parser.feed(page)
    entries: list[dict] = []
    for level, ident, text in parser.found:
        if level == 2 or not entries:
            entries.append({"id": ident, "text": text, "children": []})
        else:
            entries[-1]["children"].append({"id": ident, "text": text})
    return entries


def environment(folder: Path):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters.update(ctx.FILTERS)
    return env


def render_with_toc(folder: Path, page: str, context: dict) -> str:
    """`page` of `folder` rendered twice: the second time with the first's own headings as
    `toc`. InputError naming the template and the line when the web editor's template is
    broken or asks for a variable the context does not have."""
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError

    name = f"{HTML_FOLDER}/{page}"
    try:
        template = environment(folder).get_template(page)
        first = template.render(context, toc=[])
        return template.render(context, toc=table_of_contents(first))
    except UndefinedError as exc:
        raise InputError([finding("template-unknown-variable", Source(name), value=str(exc),
                                  detail=page)]) from exc
    except TemplateSyntaxError as exc:
        raise InputError([finding("template-syntax", Source(name, cell=f"rad {exc.lineno}"),
                                  value=exc.message or "", detail=f"rad {exc.lineno}")]) from exc
    except TemplateError as exc:
        raise InputError([finding("template-syntax", Source(name), value=str(exc),
                                  detail=page)]) from exc


def render_page(plan: Plan, options: BuildOptions) -> tuple[str, dict[str, bytes]]:
    """index.html's text and the icon copies (file name → bytes); InputError when the
    template is broken (`render_with_toc`)."""
    images = WebImages()
    context = ctx.build_context(plan, images.picture)
    return render_with_toc(template_folder(options), PAGE, context), images.data


def page_files(role: str, page: str, folder: Path, images: dict[str, bytes]
               ) -> list[tuple[str, str, bytes]]:
    """(role, path relative to the output folder, bytes) of a page, the stylesheet of its
    template folder and its pictures."""
    outputs = [(role, f"{HTML_FOLDER}/{PAGE}", page.encode("utf-8")),
               (role, f"{HTML_FOLDER}/{STYLESHEET}", (folder / STYLESHEET).read_bytes())]
    outputs += [(role, f"{HTML_FOLDER}/{IMAGE_FOLDER}/{name}", data)
                for name, data in sorted(images.items())]
    return outputs


def html_outputs(plan: Plan, options: BuildOptions) -> list[tuple[str, str, bytes]]:
    """The plan's web page and its files (`page_files`)."""
    page, images = render_page(plan, options)
    return page_files(PLAN_HTML, page, template_folder(options), images)
