"""Right-sized pictures (issue 14): at most 300 dpi where they stand, transparency only
where it shows, the same bytes every time, the original files untouched."""
from __future__ import annotations

import io
import re
import zipfile

from PIL import Image

from builders import write_solvik
from plan_model.options import BuildOptions
from plan_model.pipeline import build, check
from plan_model.writers.images import fit_file, fit_picture, max_pixels
from plan_model.writers.plan.docx import write_plan_docx


def _png(size, mode="RGBA", colour=(20, 110, 70, 255), transparent_corner=True) -> bytes:
    image = Image.new(mode, size, colour[: len(mode)])
    if transparent_corner and mode == "RGBA":
        image.paste((0, 0, 0, 0), (0, 0, size[0] // 5, size[1] // 5))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _open(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_a_large_transparent_icon_is_scaled_to_300_dpi_and_flattened_onto_white():
    fitted = _open(fit_picture(_png((600, 600)), 1.8))
    assert fitted.size == (max_pixels(1.8), max_pixels(1.8)) == (213, 213)
    assert fitted.mode == "RGB" and fitted.getpixel((0, 0)) != (0, 0, 0)


def test_transparency_is_kept_when_the_background_is_not_the_page():
    fitted = _open(fit_picture(_png((600, 600)), 1.8, background=None))
    assert fitted.mode == "RGBA" and fitted.getpixel((0, 0))[3] == 0


def test_an_alpha_channel_that_hides_nothing_is_dropped():
    fitted = _open(fit_picture(_png((100, 100), transparent_corner=False), 1.8))
    assert fitted.mode == "RGB" and fitted.size == (100, 100)


def test_a_small_opaque_picture_keeps_its_bytes_and_a_photo_stays_jpeg():
    small = _png((120, 120), mode="RGB")
    assert fit_picture(small, 1.8) == small
    photo = io.BytesIO()
    Image.new("RGB", (3000, 2000), (200, 30, 30)).save(photo, "JPEG")
    fitted = _open(fit_picture(photo.getvalue(), 1.8))
    assert fitted.format == "JPEG" and fitted.size == (213, 142)


def test_the_same_picture_gives_the_same_bytes(tmp_path):
    data = _png((640, 480))
    assert fit_picture(data, 1.2) == fit_picture(data, 1.2)
    icon = tmp_path / "ikon.png"
    icon.write_bytes(data)
    assert fit_file(icon, 1.2) == fit_picture(data, 1.2)


def test_every_picture_in_the_plan_is_at_most_300_dpi_and_the_icons_are_untouched(tmp_path):
    folder = write_solvik(tmp_path / "in")
    for icon in (folder / "ikoner").iterdir():
        Image.new("RGBA", (900, 900), (10, 90, 160, 255)).save(icon)
    originals = {p.name: p.read_bytes() for p in (folder / "ikoner").iterdir()}
    plan = check(folder).plan
    data = write_plan_docx(plan, BuildOptions())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        document = package.read("word/document.xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="(media/[^"]+)"', rels))
        placed = re.findall(r"<wp:extent cx=\"(\d+)\"[^>]*/>.*?r:embed=\"(rId\d+)\"", document, re.S)
        assert placed
        for cx, rel in placed:
            width_inch = int(cx) / 914400
            pixels = _open(package.read("word/" + targets[rel])).width
            assert pixels / width_inch <= 301, (targets[rel], pixels, width_inch)
    build(folder, BuildOptions(out_dir=tmp_path / "ut", no_pdf=True))
    assert {p.name: p.read_bytes() for p in (folder / "ikoner").iterdir()} == originals
