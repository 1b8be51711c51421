"""The PDF route of `build` and `followup` alone, on a finished .docx: the floor under a full
follow-up that no work in Python can go below.

    .venv/bin/python benchmarks/office_route.py REPORT.docx OUT.pdf

LibreOffice started, driven through UNO as the pipeline drives it (TOC updated, tagged
PDF/A-2b exported: pdf/soffice.py, pdf/uno_script.py), then the PDF post-processed and
checked as PDF/A-2b with pikepdf (pdf/postprocess.py). A bare `soffice --convert-to pdf` does
neither the TOC update nor the check. benchmarks/run.py times this in a fresh process per run,
beside the follow-up and the bare conversion.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plan_model.options import BuildOptions  # noqa: E402
from plan_model.pdf.soffice import Converter  # noqa: E402


def main(docx: Path, target: Path) -> None:
    with Converter(BuildOptions()) as converter:
        run = converter.start_export()
        if run is None:
            raise SystemExit("ingen Python med uno: office_route mäter UNO-vägen")
        with run:
            run.submit([(docx, True)])
            # -- while LibreOffice works, as in the pipeline --
            from plan_model.pdf.postprocess import PdfInfo, finish_pdf

            raw = run.result(0)
            info = PdfInfo(title=docx.stem, author="benchmark", producer="benchmark",
                           created=dt.datetime(2023, 1, 1))
            target.write_bytes(finish_pdf(raw, info))


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve(), Path(sys.argv[2]))
