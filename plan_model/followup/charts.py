"""The follow-up's charts: horizontal stacked bars of status counts, as PNG bytes.

Drawn with Pillow, which the pictures of every document already use: three bar charts are
rectangles, patterns and text, and Pillow draws them in a few hundredths of a second, where
matplotlib's import and drawing took a second or more on the report's path to LibreOffice
(docs/PERFORMANCE.md). The letters are the document's own (Carlito, by file, metric-compatible
with Calibri); the PNG carries no clock and no software stamp, so the bytes depend only on the
counts. The chart is drawn at twice its size and halved, which smooths the pattern lines
and the letters' edges.

Each status is told apart by a pattern and a legend label as well as by its colour, so the
chart reads in grey scale and for colour-blind readers; every fill is dark enough for 3:1
against the white page and is separated from its neighbours by a white gap, which carries
the 3:1 between neighbours (WCAG 1.4.11).
"""
from __future__ import annotations

import functools
import io
import textwrap
from dataclasses import dataclass
from PIL import Image, ImageDraw, ImageFont

from ..fonts import font_file
from .counts import CATEGORIES, StatusCounts

# -- fonts-crosextra-carlito (setup.sh), found by fontconfig, which gives the font it stands
#    in with where Carlito is missing (one with å, ä and ö, unlike Pillow's own) --
FONT_PATTERNS = {False: "Carlito", True: "Carlito:bold"}


@dataclass(frozen=True)
class Style:
    colour: str
    pattern: str  # -- a key of PATTERNS, "" for a plain fill --


# -- relative luminance of every fill ≤ 0.18: white pattern lines and white numbers on it
#    keep ≥ 4.5:1, the fill against the white page ≥ 4.5:1 as well --
STYLES = {
    "Ej påbörjad": Style("#5A5A5A", "dots"),
    "Pågår": Style("#1D5A96", "rising"),
    "Genomförd": Style("#1F5C45", ""),
    "Försenad": Style("#8A4A00", "crossed"),
    "Avbruten": Style("#A11D2E", "falling"),
    "Ingen uppgift": Style("#262626", "level"),
}
assert tuple(STYLES) == CATEGORIES
WIDTH_CM = 16  # -- the page's text width; the report places the chart at this width --
DPI = 150
WIDTH = round(WIDTH_CM / 2.54 * DPI)
LABEL_WIDTH = 34  # -- characters per line of a group's label --
SCALE = 2  # -- drawn at twice the size, then halved --
WHITE, INK, AXIS = "#FFFFFF", "#000000", "#404040"
# -- sizes in points (1/72 inch), as in the document --
LABEL_PT, SMALL_PT = 9, 8
ROW_PT, BAR_PT, GAP_PT = 24.5, 15.2, 1.5
PAD_PT, TICK_PT, LINE_PT = 4.3, 3.5, 0.8
MIN_SHARE = 0.045  # -- a segment narrower than this share of the widest bar gets no number --
SWATCH_PT, SWATCH_GAP_PT, ENTRY_GAP_PT = 19, 3.2, 8  # -- the legend: swatch, label, next --


def _px(points: float) -> int:
    return round(points * DPI / 72 * SCALE)


@functools.lru_cache(maxsize=None)
def _font(points: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    size = points * DPI / 72 * SCALE
    path = font_file(FONT_PATTERNS[bold])
    # -- no fontconfig at all: Pillow's own scalable font (no å, ä, ö), rather than no chart --
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def draw_all(groups: dict[str, list[StatusCounts]], legend_title: str) -> dict[str, bytes]:
    """Every chart of the report by its key; a key without groups gets none."""
    return {key: status_bars(rows, legend_title) for key, rows in groups.items() if rows}


def status_bars(groups: list[StatusCounts], legend_title: str) -> bytes:
    """One horizontal bar per group (first at the top), segments in CATEGORIES' order, the
    count written in every segment wide enough to hold it; PNG bytes, the same every time."""
    labels = [textwrap.fill(g.label, LABEL_WIDTH) for g in groups]
    label_font = _font(LABEL_PT)
    probe = ImageDraw.Draw(Image.new("1", (1, 1)))
    label_width = max((probe.multiline_textbbox((0, 0), text, font=label_font)[2]
                       for text in labels), default=0)
    width = WIDTH * SCALE
    legend = _legend_layout(probe, legend_title, width - 2 * _px(PAD_PT))
    row = _px(ROW_PT) + max(0, max((t.count("\n") for t in labels), default=0) - 1) * _px(LABEL_PT)
    top = _px(PAD_PT) + legend.height + _px(10)
    plot_height = row * len(groups) + _px(6)
    tick_label = _font(LABEL_PT).size * 1.3
    height = top + plot_height + _px(TICK_PT) + round(tick_label) + _px(PAD_PT)
    left = _px(PAD_PT) + label_width + _px(TICK_PT) + _px(3.5)
    right = width - _px(PAD_PT) - _px(8)
    image = Image.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    _draw_legend(draw, image, legend, legend_title)
    widest = max((g.total for g in groups), default=0) or 1
    x_max = widest * 1.02
    scale = (right - left) / x_max
    for index, (group, text) in enumerate(zip(groups, labels)):
        centre = top + _px(3) + row * index + row // 2
        _draw_bar(draw, image, group, left, centre, scale, widest)
        draw.line([(left - _px(TICK_PT), centre), (left, centre)], fill=AXIS, width=_px(LINE_PT))
        draw.multiline_text((left - _px(TICK_PT) - _px(3.5), centre), text, font=label_font,
                            fill=INK, anchor="rm", align="right", spacing=_px(1.5))
    bottom = top + plot_height
    _draw_axes(draw, left, right, top, bottom, scale, x_max)
    small = image.reduce(SCALE)
    buffer = io.BytesIO()
    small.save(buffer, "PNG", optimize=False, compress_level=6)
    return buffer.getvalue()


def _draw_bar(draw, image, group: StatusCounts, left: int, centre: int, scale: float,
              widest: int) -> None:
    half = _px(BAR_PT) // 2
    gap = _px(GAP_PT) // 2
    start = 0
    for name, value in zip(CATEGORIES, group.counts):
        if not value:
            continue
        x0, x1 = left + round(start * scale), left + round((start + value) * scale)
        start += value
        box = (x0 + gap, centre - half, max(x0 + gap + 1, x1 - gap), centre + half)
        style = STYLES[name]
        draw.rectangle(box, fill=style.colour)
        _pattern(image, box, style.pattern)
        if value / widest >= MIN_SHARE:
            _number(draw, box, str(value), style.colour)


def _number(draw, box, text: str, colour: str) -> None:
    """The count, white on a patch of the fill that hides the pattern behind the digits;
    left out when the segment is too narrow (the table beside holds every number)."""
    font = _font(SMALL_PT, bold=True)
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    inner = draw.textbbox((x, y), text, font=font, anchor="mm")
    across, down = _px(2.4), _px(1.4)
    patch = (inner[0] - across, inner[1] - down, inner[2] + across, inner[3] + down)
    if patch[0] < box[0] or patch[2] > box[2]:
        return
    draw.rectangle(patch, fill=colour)
    draw.text((x, y), text, font=font, fill=WHITE, anchor="mm")


def _pattern(image: Image.Image, box, pattern: str) -> None:
    if pattern:
        mask = _pattern_mask(pattern, image.size)
        image.paste(WHITE, box, mask.crop(box))


@functools.lru_cache(maxsize=32)
def _pattern_mask(pattern: str, size: tuple[int, int]) -> Image.Image:
    """White where the pattern draws, over the whole picture, so that the pattern of
    neighbouring bars lines up."""
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    width, height = size
    line, step = _px(1.2), _px(8.6)
    if pattern == "dots":
        radius, spacing = _px(1.1), _px(5.8)
        for row, y in enumerate(range(0, height + spacing, spacing)):
            for x in range((row % 2) * spacing // 2, width + spacing, spacing):
                draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
    if pattern == "level":
        for y in range(0, height, _px(5.2)):
            draw.line([(0, y), (width, y)], fill=255, width=line)
    if pattern in ("rising", "crossed"):
        for x in range(-height, width + height, step):
            draw.line([(x, height), (x + height, 0)], fill=255, width=line)
    if pattern in ("falling", "crossed"):
        for x in range(-height, width + height, step):
            draw.line([(x, 0), (x + height, height)], fill=255, width=line)
    return mask


@dataclass(frozen=True)
class _Legend:
    rows: list[list[tuple[str, int]]]  # -- (status, its entry's width) per row --
    row_height: int
    title_height: int

    @property
    def height(self) -> int:
        return self.title_height + len(self.rows) * self.row_height


def _legend_layout(probe, title: str, room: int) -> _Legend:
    """The legend's entries (swatch, then label) in rows as wide as `room` allows: one row
    for the six statuses at the report's width."""
    font = _font(SMALL_PT)
    rows: list[list[tuple[str, int]]] = [[]]
    used = 0
    for name in CATEGORIES:
        entry = _px(SWATCH_PT) + _px(SWATCH_GAP_PT) + round(probe.textlength(name, font=font))
        spacing = _px(ENTRY_GAP_PT) if rows[-1] else 0
        if rows[-1] and used + spacing + entry > room:
            rows.append([])
            used, spacing = 0, 0
        rows[-1].append((name, entry))
        used += spacing + entry
    return _Legend(rows, _px(17), _px(14) if title else 0)


def _draw_legend(draw, image, legend: _Legend, title: str) -> None:
    font = _font(SMALL_PT)
    width = image.size[0]
    y = _px(PAD_PT)
    if title:
        draw.text((width / 2, y + legend.title_height / 2), title, font=font, fill=INK,
                  anchor="mm")
        y += legend.title_height
    for entries in legend.rows:
        total = sum(entry for _, entry in entries) + _px(ENTRY_GAP_PT) * (len(entries) - 1)
        x = (width - total) // 2
        centre = y + legend.row_height // 2
        for name, entry in entries:
            style = STYLES[name]
            swatch = (x, centre - _px(5), x + _px(SWATCH_PT), centre + _px(5))
            draw.rectangle(swatch, fill=style.colour)
            _pattern(image, swatch, style.pattern)
            draw.text((swatch[2] + _px(SWATCH_GAP_PT), centre), name, font=font, fill=INK,
                      anchor="lm")
            x += entry + _px(ENTRY_GAP_PT)
        y += legend.row_height


def _draw_axes(draw, left: int, right: int, top: int, bottom: int, scale: float,
               x_max: float) -> None:
    """The left and bottom axis lines, and a whole-number tick every `_step` along the bottom."""
    line = _px(LINE_PT)
    draw.line([(left, top), (left, bottom)], fill=AXIS, width=line)
    draw.line([(left, bottom), (right + _px(2), bottom)], fill=AXIS, width=line)
    font = _font(LABEL_PT)
    step = _step(x_max)
    value = 0
    while value <= x_max:
        x = left + round(value * scale)
        draw.line([(x, bottom), (x, bottom + _px(TICK_PT))], fill=AXIS, width=line)
        draw.text((x, bottom + _px(TICK_PT) + _px(2)), str(value), font=font, fill=INK,
                  anchor="mt")
        value += step


def _step(x_max: float, most: int = 8) -> int:
    """The smallest whole 1, 2 or 5 × 10ⁿ that puts at most `most` ticks on the axis."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if x_max / step < most:
                return step
        magnitude *= 10
