"""LibreOffice headless: .docx → tagged PDF/A-2b, made reproducible with pikepdf.

Not a writer: it runs an external program on a writer's output (as pandoc's PDF.hs does), so
"program missing", "hung" and "crashed" are its own error, `ExternalToolError` (exit 3).

Three jobs, each a function the pipeline calls:
- `Converter` (soffice.py, re-exported here) runs LibreOffice: `start_export`/`export`
  drive one soffice start through UNO (uno_script.py, run by a Python that has `uno`) that
  updates each document's TOC itself and exports PDF/A, so the TOC needs no second pass;
  `convert` runs a plain `soffice --convert-to` (the route when no Python with `uno` is
  installed). Both run with a time limit and a private user profile, and kill the whole
  process group when done or hung;
- `finish_pdf` (postprocess.py) post-processes one LibreOffice PDF: metadata from the plan,
  no clock anywhere, a content-derived /ID, and checks that the PDF/A-2b claim holds;
- `outline_headings` / `match_toc_pages` read the heading pages from the PDF's bookmarks, which
  the pipeline writes into the TOC of the shipped plan .docx (and, on the two-pass route,
  into the .docx it converts again).
"""
from __future__ import annotations

import importlib

# -- the PDF step's API by name, each imported from its module on first use: starting
#    LibreOffice (soffice.py) must not wait for pikepdf's import (about 0.3 s), which the
#    post-processing and the outline need only once LibreOffice has written a PDF --
_API = {
    "PdfInfo": "postprocess", "finish_pdf": "postprocess", "info_for": "postprocess",
    "Heading": "outline", "outline_headings": "outline", "match_toc_pages": "outline",
    **dict.fromkeys(("EXPORT_OPTIONS", "SOFFICE_ENV", "TIMEOUT_ENV", "UNO_PYTHON_ENV",
                     "Converter", "UnoExport", "UnoUnavailable", "filter_spec",
                     "soffice_binary", "uno_python"), "soffice"),
}


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_API[name]}", __name__), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
