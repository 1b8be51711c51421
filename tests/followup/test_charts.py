"""The status charts: same bytes every time, every status told apart without colour, and
contrast against the page and the white separators (WCAG 1.4.11)."""
from __future__ import annotations

import io
import shutil

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from plan_model.followup import charts
from plan_model.followup.counts import CATEGORIES, StatusCounts


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_status_has_enough_contrast():
    assert tuple(charts.STYLES) == CATEGORIES
    for style in charts.STYLES.values():
        # -- against the white page and white gaps: ≥ 3:1; white numbers on it: ≥ 4.5:1 --
        assert 1.05 / (_luminance(style.colour) + 0.05) >= 4.5, style


def _bar_pattern(name: str) -> tuple[float, frozenset]:
    """A one-bar chart of ten activities with status `name`: the share of white in the bar,
    and where the white pixels are (the bar is the rows its colour fills for the most part;
    the legend's swatches are too narrow for that)."""
    counts = tuple(10 if category == name else 0 for category in CATEGORIES)
    image = Image.open(io.BytesIO(charts.status_bars([StatusCounts("Grupp", counts)], "")))
    rgb = image.convert("RGB")
    colour = tuple(int(charts.STYLES[name].colour[i:i + 2], 16) for i in (1, 3, 5))
    width, height = rgb.size
    pixels = rgb.load()
    filled = [y for y in range(height)
              if sum(pixels[x, y] == colour for x in range(width)) > 0.3 * width]
    rows = range(filled[0], filled[-1] + 1)  # -- with the rows a level pattern whitens --
    columns = [x for x in range(width) if pixels[x, rows[len(rows) // 2]] == colour]
    left, right = min(columns), max(columns)
    grey = rgb.convert("L").load()
    white = frozenset((x - left, y - rows[0]) for y in rows for x in range(left, right + 1)
                      if grey[x, y] > 200)
    return len(white) / (len(rows) * (right - left + 1)), white


def test_every_status_is_told_apart_without_colour():
    """In grey scale the statuses differ by their pattern: the white inside each bar (the
    count's digits are the same in all) is a different set of pixels for every status, and
    all but one status (the plain fill) has a visible pattern."""
    patterns = {name: _bar_pattern(name) for name in CATEGORIES}
    plain = [name for name, (share, _) in patterns.items() if share < 0.03]
    assert plain == ["Genomförd"]
    for name, (share, _) in patterns.items():
        assert name in plain or 0.08 < share < 0.6, (name, share)
    whites = [white for _, white in patterns.values()]
    assert len(set(whites)) == len(CATEGORIES)


def test_same_counts_same_png_bytes_and_no_software_stamp():
    groups = [StatusCounts("Alla aktiviteter", (5, 12, 9, 3, 1, 4)),
              StatusCounts("Öresundsvatten AB", (0, 0, 0, 0, 0, 7))]
    first = charts.status_bars(groups, "Status")
    assert charts.status_bars(groups, "Status") == first
    assert b"Software" not in first and b"Creation Time" not in first
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG" and image.size[0] > 600


def test_without_carlito_the_charts_take_the_font_fontconfig_gives(monkeypatch):
    """Where Carlito is missing, fontconfig's stand-in draws the letters (Pillow's own font
    has no å, ä or ö: "Pågår" would lose its letters)."""
    if shutil.which("fc-match") is None:
        pytest.skip("fontconfig (fc-match) saknas: setup.sh installerar den")
    monkeypatch.setattr(charts, "FONT_PATTERNS", {False: "Ingen Sådan Familj",
                                                  True: "Ingen Sådan Familj:bold"})
    charts._font.cache_clear()
    try:
        for bold in (False, True):
            cmap = TTFont(charts._font(9, bold).path).getBestCmap()
            assert all(ord(letter) in cmap for letter in "åäöÅÄÖ")
        groups = [StatusCounts("Sektorn för åtgärder", (1, 2, 3, 0, 0, 1))]
        assert Image.open(io.BytesIO(charts.status_bars(groups, "Status"))).format == "PNG"
    finally:
        charts._font.cache_clear()
