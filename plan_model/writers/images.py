"""Pictures right-sized for the place they stand in a document.

An icon drawn at 1.8 cm needs about 210 pixels for 300 dpi; the template's are 600 × 600
RGBA, and a strategist's may be a 50 MB photograph. LibreOffice's PDF export time grows with
the pixels and the alpha channel it is given (measured, docs/PERFORMANCE.md), and every
byte lands in the .docx. So each picture is scaled down to at most 300 dpi at its placed
width, and its transparency is flattened onto the white page when it has any (a picture
with no transparent pixel loses the channel outright). The original files are never
changed: the build copies the input workbooks, and the archive packs the inputs as read.

Deterministic: the same picture and width give the same bytes (Pillow's PNG writer, no
time or text chunks), so builds stay byte-reproducible.
"""
from __future__ import annotations

import functools
import io
import os
from pathlib import Path

from PIL import Image

DPI = 300
CM_PER_INCH = 2.54
WHITE = (255, 255, 255)


def fit_file(path: Path, width_cm: float, background: tuple[int, int, int] | None = WHITE) -> bytes:
    """`fit_picture` of a file, remembered while the file is unchanged: a server builds
    the same icons again and again, and scaling them is a good part of a warm build."""
    status = os.stat(path)
    return _fit_cached(str(path), status.st_mtime_ns, status.st_size, float(width_cm), background)


@functools.lru_cache(maxsize=256)
def _fit_cached(path: str, mtime_ns: int, size: int, width_cm: float, background) -> bytes:
    return fit_picture(Path(path).read_bytes(), width_cm, background)


def max_pixels(width_cm: float, dpi: int = DPI) -> int:
    return max(1, round(width_cm / CM_PER_INCH * dpi))


def width_for_pixels(pixels: int) -> float:
    """The placed width (cm) at which `fit_picture` keeps at most `pixels` pixels: how a web
    page, which counts in pixels, asks for its size."""
    return pixels / DPI * CM_PER_INCH


def fit_picture(data: bytes, width_cm: float, background: tuple[int, int, int] | None = WHITE) -> bytes:
    """`data` (PNG, JPEG, …) at most `DPI` at `width_cm` wide, as PNG (JPEG stays JPEG: a
    photograph re-encoded as PNG grows). `background` None keeps transparency as it is
    (a picture placed over colour); otherwise transparent pixels are flattened onto it."""
    with Image.open(io.BytesIO(data)) as picture:
        picture.load()
        kind = picture.format
        target = max_pixels(width_cm)
        image = picture
        if picture.width > target:
            height = max(1, round(picture.height * target / picture.width))
            image = _rgba_or_rgb(picture).resize((target, height), Image.Resampling.LANCZOS)
        image = _flatten(image, background)
        if image is picture and kind in ("PNG", "JPEG"):
            return data  # -- small enough and nothing to drop: the original bytes --
        out = io.BytesIO()
        if kind == "JPEG" and image.mode in ("RGB", "L"):
            image.save(out, "JPEG", quality=90, optimize=False, progressive=False)
        else:
            # -- level 6: level 9 takes four times as long for 2 % fewer bytes (measured) --
            image.save(out, "PNG", optimize=False, compress_level=6)
        return out.getvalue()


def _rgba_or_rgb(picture: Image.Image) -> Image.Image:
    if picture.mode in ("RGB", "RGBA", "L", "LA"):
        return picture
    has_alpha = picture.mode in ("PA", "RGBa") or "transparency" in picture.info
    return picture.convert("RGBA" if has_alpha else "RGB")


def _flatten(image: Image.Image, background) -> Image.Image:
    if image.mode not in ("RGBA", "LA", "PA") and "transparency" not in image.info:
        return image
    rgba = image.convert("RGBA")
    alpha_low, _ = rgba.getchannel("A").getextrema()
    if alpha_low == 255:
        return rgba.convert("RGB")  # -- an alpha channel that hides nothing --
    if background is None:
        return image
    flat = Image.new("RGB", rgba.size, background)
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat
