"""`followup-html`: the follow-up report as an accessible web page (SPEC §10, §12).

The page is made from the report's own template variables (context.py, counts.py) — the
same numbers, sentences and alternative texts as the .docx, never read back from Word — by
the Jinja template `templates/html/uppfoljning.html`, which shares `stil.css` with the plan's
page. The charts are the report's PNGs (drawn once for both), each beside a table of its
numbers; the icons are right-sized by writers/images.py like the plan page's.
"""
from __future__ import annotations

from pathlib import Path

from ..model import Plan
from ..options import BuildOptions
from ..publish.html import IMAGE_FOLDER, WebImages, page_files, render_with_toc, template_folder
from ..roles import FOLLOWUP_HTML
from .charts import DPI as CHART_DPI
from .context import with_pictures

PAGE = "uppfoljning.html"
# -- the charts' files, by the key context.with_pictures asks for --
CHART_FILES = {"summary": "diagram-sammanfattning", "strategy": "diagram-strategi",
               "units": "diagram-sektorer-bolag"}
CSS_PIXELS_PER_INCH = 96


def _chart_maker(images: WebImages, drawn: dict[str, bytes]):
    """A chart as {src, alt, width, height}: its natural size in CSS pixels (the width it has
    in the report, 16 cm), and the alt text stating its numbers (G74: the table is beside)."""
    def chart(key: str, groups, alt: str):
        name, (width, height) = images.add(CHART_FILES[key], drawn[key])
        scale = CSS_PIXELS_PER_INCH / CHART_DPI
        return {"src": f"{IMAGE_FOLDER}/{name}", "alt": alt, "width": round(width * scale),
                "height": round(height * scale)}
    return chart


def followup_folder(options: BuildOptions) -> Path:
    """`html/` beside the report's Word template when it holds the page, else the bundled."""
    return template_folder(options, PAGE, Path(options.followup_template))


def render_followup_page(plan: Plan, options: BuildOptions, data: dict,
                         drawn: dict[str, bytes]) -> tuple[str, dict[str, bytes]]:
    """The page's text and its pictures (file name → bytes), from the report's own `data`
    (context.build_context); InputError naming the template's line when the web editor's
    template is broken."""
    images = WebImages()
    context = with_pictures(data, plan, _chart_maker(images, drawn), images.picture)
    return render_with_toc(followup_folder(options), PAGE, context), images.data


def followup_html(plan: Plan, options: BuildOptions, data: dict,
                  drawn: dict[str, bytes]) -> list[tuple[str, str, bytes]]:
    """(role, path relative to the output folder, bytes) of the page and its files."""
    page, images = render_followup_page(plan, options, data, drawn)
    return page_files(FOLLOWUP_HTML, page, followup_folder(options), images)
