"""Text as an Office Open XML part can hold it: the writers' last defence.

The reader cleans workbook text (readers/cells.py `clean_text`, SPEC §3), but writers are
also fed plans built in code, so a stray control character must never make a build fail
with an lxml or openpyxl error. This is not a second cleaning policy: it only drops what
XML 1.0 cannot hold and spells line breaks one way.
"""
from __future__ import annotations

import re

# -- XML 1.0 allows tab, line feed, carriage return and everything from U+0020 except the
#    surrogates and U+FFFE/U+FFFF --
_NOT_XML = re.compile("[\x00-\x08\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe_text(value: object) -> str:
    """`value` as text XML can hold; Excel's line break (U+000B) and CR LF become "\\n"."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return _NOT_XML.sub("", text)
