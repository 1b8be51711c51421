"""An icon file as the plan will embed it: a real PNG or JPEG, of a sensible size (SPEC §3,
§9). A renamed or truncated file is not an image; a 30,000 × 30,000 picture is an image,
but one that would take gigabytes to decode, so it is refused as such, by its size; a large
file is a warning with its size."""
from __future__ import annotations

import struct
import warnings
from pathlib import Path

# -- an icon is shown a few centimetres wide: 6,000 × 6,000 is already far beyond print --
MAX_PIXELS = 36_000_000
LARGE_BYTES = 5 * 1024 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def icon_problem(path: Path) -> tuple[str, str] | None:
    """(finding code, detail) for an icon that cannot be used, else None."""
    with path.open("rb") as handle:
        head = handle.read(32)
    if not (head.startswith(PNG_SIGNATURE) or head.startswith(b"\xff\xd8\xff")):
        return "invalid-icon", ""
    size = _png_size(head)
    if size is not None and size[0] * size[1] > MAX_PIXELS:
        return "icon-too-many-pixels", _pixels(*size)
    from PIL import Image  # a real decode, so a renamed or truncated file is caught

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                size = image.size
                if size[0] * size[1] > MAX_PIXELS:
                    return "icon-too-many-pixels", _pixels(*size)
                image.verify()
            if image.format not in ("PNG", "JPEG"):
                return "invalid-icon", ""
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "icon-too-many-pixels", _pixels(*size) if size else ""
    except Exception:  # noqa: BLE001 -- Pillow raises many types for a broken file
        return "invalid-icon", ""
    return None


def large_icon(path: Path) -> str | None:
    """The file's size in Swedish when it is large enough to weigh down the documents."""
    size = path.stat().st_size
    return f"{size / (1024 * 1024):.0f} MB".replace(".", ",") if size > LARGE_BYTES else None


def _png_size(head: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR, read before any decoder sees the file."""
    if head.startswith(PNG_SIGNATURE) and head[12:16] == b"IHDR" and len(head) >= 24:
        return struct.unpack(">II", head[16:24])
    return None


def _pixels(width: int, height: int) -> str:
    return f"{width:,} × {height:,}".replace(",", "\u00a0")
