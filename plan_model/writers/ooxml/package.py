"""Reproducible OOXML packages: the same parts always give the same zip bytes.

python-docx, docxtpl and openpyxl stamp the zip entries with the clock; Word and Excel do not
care about entry dates, so every entry gets the plan's document date instead.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

_CONTENT_TYPES = "[Content_Types].xml"


def normalise_package(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite an OOXML zip with fixed entry dates and attributes, [Content_Types].xml first."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        ordered = [n for n in names if n == _CONTENT_TYPES] + [n for n in names if n != _CONTENT_TYPES]
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()
