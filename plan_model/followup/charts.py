"""The follow-up's charts: horizontal stacked bars of status counts, as PNG bytes.

matplotlib (Agg) draws them: it is the one plotting library that needs no browser or
external program, writes PNG without a clock (`metadata={"Software": None}` drops the only
varying chunk) and takes a font by its file, so the chart's letters are the document's own
(Carlito, metric-compatible with Calibri). Each status is told apart by a hatch pattern and
a legend label as well as by its colour, so the chart reads in grey scale and for colour-blind
readers; every fill is dark enough for 3:1 against the white page and is separated from its
neighbours by a white gap, which carries the 3:1 between neighbours (WCAG 1.4.11).
"""
from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

from .counts import CATEGORIES, StatusCounts

# -- fonts-crosextra-carlito (setup.sh); matplotlib's own lookup is the fallback --
FONT_FILES = (Path("/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf"),)
FONT_FAMILY = "Carlito"


@dataclass(frozen=True)
class Style:
    colour: str
    hatch: str


# -- relative luminance of every fill ≤ 0.18: white hatch lines and white numbers on it keep
#    ≥ 4.5:1, the fill against the white page ≥ 4.5:1 as well --
STYLES = {
    "Ej påbörjad": Style("#5A5A5A", ".."),
    "Pågår": Style("#1D5A96", "//"),
    "Genomförd": Style("#1F5C45", ""),
    "Försenad": Style("#8A4A00", "xx"),
    "Avbruten": Style("#A11D2E", "\\\\"),
    "Ingen uppgift": Style("#262626", "--"),
}
assert tuple(STYLES) == CATEGORIES
WIDTH_INCHES = 6.3  # the page's text width, 16 cm
DPI = 150
LABEL_WIDTH = 34


def _setup():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot

    for path in FONT_FILES:
        if path.is_file() and FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
            font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update({
        "font.family": FONT_FAMILY, "font.size": 9, "hatch.color": "white",
        "hatch.linewidth": 1.2, "svg.hashsalt": "uppfoljning", "path.simplify": False,
        "axes.edgecolor": "#404040", "axes.linewidth": 0.8,
    })
    return pyplot


def draw_all(groups: dict[str, list[StatusCounts]], legend_title: str) -> dict[str, bytes]:
    """Every chart of the report by its key; a key without groups gets none."""
    return {key: status_bars(rows, legend_title) for key, rows in groups.items() if rows}


def status_bars(groups: list[StatusCounts], legend_title: str) -> bytes:
    """One horizontal bar per group (first at the top), segments in CATEGORIES' order, the
    count written in every segment wide enough to hold it; PNG bytes, the same every time."""
    pyplot = _setup()
    height = 0.8 + 0.34 * len(groups)
    figure, axes = pyplot.subplots(figsize=(WIDTH_INCHES, height), dpi=DPI)
    try:
        _draw(axes, groups, legend_title)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None},
                       facecolor="white", bbox_inches="tight", pad_inches=0.06)
    finally:
        pyplot.close(figure)
    return buffer.getvalue()


def _draw(axes, groups: list[StatusCounts], legend_title: str) -> None:
    positions = list(range(len(groups)))[::-1]
    widest = max((g.total for g in groups), default=0) or 1
    lefts = [0] * len(groups)
    for index, name in enumerate(CATEGORIES):
        style = STYLES[name]
        values = [g.counts[index] for g in groups]
        bars = axes.barh(positions, values, left=lefts, height=0.62, color=style.colour,
                         hatch=style.hatch, edgecolor="white", linewidth=1.5, label=name)
        for bar, value in zip(bars, values):
            # -- a number needs about 4 % of the axis; the table beside holds every number --
            if value and value / widest >= 0.045:
                axes.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2,
                          str(value), ha="center", va="center", color="white",
                          fontweight="bold", fontsize=8,
                          bbox={"boxstyle": "square,pad=0.15", "facecolor": style.colour,
                                "edgecolor": "none"})
        lefts = [left + value for left, value in zip(lefts, values)]
    axes.set_yticks(positions)
    axes.set_yticklabels([textwrap.fill(g.label, LABEL_WIDTH) for g in groups])
    axes.set_xlim(0, widest * 1.02)
    axes.xaxis.get_major_locator().set_params(integer=True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(title=legend_title, loc="lower center", bbox_to_anchor=(0.5, 1.01), ncol=6,
                frameon=False, fontsize=8, title_fontsize=8, handleheight=1.6,
                handlelength=2.2, columnspacing=1.0, handletextpad=0.4)
