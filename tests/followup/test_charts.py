"""The status charts: same bytes every time, every status told apart without colour, and
contrast against the page and the white separators (WCAG 1.4.11)."""
from __future__ import annotations

import io

from PIL import Image

from plan_model.followup import charts
from plan_model.followup.counts import CATEGORIES, StatusCounts


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_status_has_its_own_pattern_and_enough_contrast():
    assert tuple(charts.STYLES) == CATEGORIES
    hatches = [s.hatch for s in charts.STYLES.values()]
    assert len(set(hatches)) == len(hatches)
    for style in charts.STYLES.values():
        # -- against the white page and white gaps: ≥ 3:1; white numbers on it: ≥ 4.5:1 --
        assert 1.05 / (_luminance(style.colour) + 0.05) >= 4.5, style


def test_same_counts_same_png_bytes_and_no_software_stamp():
    groups = [StatusCounts("Alla aktiviteter", (5, 12, 9, 3, 1, 4)),
              StatusCounts("Öresundsvatten AB", (0, 0, 0, 0, 0, 7))]
    first = charts.status_bars(groups, "Status")
    assert charts.status_bars(groups, "Status") == first
    assert b"Software" not in first and b"Creation Time" not in first
    image = Image.open(io.BytesIO(first))
    assert image.format == "PNG" and image.size[0] > 600
