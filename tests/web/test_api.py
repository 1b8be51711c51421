"""The JSON API of SPEC §11: POST /api/check and /api/build, the findings objects of
`--format json`, the outputs' URLs giving their bytes."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys

from builders import write_solvik
from web_tools import EXAMPLE, ROOT, csrf_of, web_client, zip_folder


def _cli_json(input_path) -> list[dict]:
    run = subprocess.run([sys.executable, "generate.py", "check", str(input_path), "--format",
                          "json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return json.loads(run.stdout)


def test_check_answers_the_same_findings_as_the_cli(tmp_path):
    workbook = EXAMPLE / "handlingsplan.xlsx"
    with web_client(tmp_path) as client:
        answer = client.post("/api/check", files={"file": ("plan.xlsx", workbook.read_bytes())})
    assert answer.status_code == 200
    body = answer.json()
    assert body["ok"] is True and body["outputs"] == [] and len(body["job"]) == 32
    assert body["findings"] == _cli_json(workbook)


def test_invalid_input_gives_422_with_findings_naming_the_cell(tmp_path):
    from builders import solvik_sheets

    sheets = solvik_sheets()
    sheets["Åtgärder"][1][0] = "ett"  # -- the action number is no number --
    folder = write_solvik(tmp_path / "in", sheets)
    with web_client(tmp_path) as client:
        answer = client.post("/api/check", files={"file": ("in.zip", zip_folder(folder))})
    assert answer.status_code == 422
    body = answer.json()
    assert body["ok"] is False
    errors = [f for f in body["findings"] if f["level"] == "error"]
    assert errors and errors[0]["sheet"] and errors[0]["cell"]
    assert set(errors[0]) == {"level", "file", "sheet", "cell", "code", "message", "value",
                              "suggestion"}
    assert body["findings"] == _cli_json(folder)


def test_zip_with_one_top_level_folder_is_read_like_the_folder(tmp_path):
    folder = write_solvik(tmp_path / "in")
    with web_client(tmp_path) as client:
        flat = client.post("/api/check", files={"file": ("a.zip", zip_folder(folder))}).json()
        nested = client.post("/api/check",
                             files={"file": ("b.zip", zip_folder(folder, top="solvik"))}).json()
    assert flat["ok"] and nested["ok"]
    assert flat["findings"] == nested["findings"] == _cli_json(folder)


def test_build_without_pdf_lists_outputs_whose_urls_give_their_bytes(tmp_path):
    with web_client(tmp_path) as client:
        answer = client.post("/api/build", data={"pdf": "0"},
                             files={"file": ("handlingsplan.xlsx",
                                             (EXAMPLE / "handlingsplan.xlsx").read_bytes())})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        roles = {o["role"] for o in body["outputs"]}
        assert {"plan-docx", "annex-docx", "annex-xlsx", "manifest"} <= roles
        assert "plan-pdf" not in roles
        for output in body["outputs"]:
            got = client.get(output["url"])
            assert got.status_code == 200
            assert hashlib.sha256(got.content).hexdigest() == output["sha256"]
        manifest = client.get(next(o["url"] for o in body["outputs"]
                                   if o["role"] == "manifest")).json()
    listed = {o["sha256"] for o in manifest["outputs"]}
    assert {o["sha256"] for o in body["outputs"] if o["role"] != "manifest"} == listed


def test_build_of_an_invalid_input_writes_nothing_and_answers_422(tmp_path):
    from builders import solvik_sheets

    sheets = solvik_sheets()
    sheets["Åtgärder"][1][0] = "ett"
    folder = write_solvik(tmp_path / "in", sheets)
    with web_client(tmp_path) as client:
        answer = client.post("/api/build", data={"pdf": "0"},
                             files={"file": ("in.zip", zip_folder(folder))})
        assert answer.status_code == 422
        assert answer.json()["outputs"] == []
        job_folder = tmp_path / "jobb" / answer.json()["job"]
        assert not any(p.suffix in (".docx", ".pdf") for p in job_folder.rglob("*"))


def test_an_unknown_output_name_or_job_is_404_never_a_path(tmp_path):
    with web_client(tmp_path) as client:
        body = client.post("/api/build", data={"pdf": "0"},
                           files={"file": ("x.xlsx", (EXAMPLE / "handlingsplan.xlsx").read_bytes())}).json()
        job = body["job"]
        for name in ("../../../etc/passwd", "utdata/../indata/handlingsplan.xlsx", "%2e%2e/x",
                     "/etc/passwd"):
            assert client.get(f"/jobb/{job}/filer/{name}").status_code == 404
        assert client.get("/jobb/0123/filer/x").status_code == 404
        assert client.get("/jobb/" + "f" * 32).status_code == 404


def test_a_bug_answers_500_in_swedish_and_the_server_goes_on(tmp_path, monkeypatch):
    from plan_model.web import tasks

    def broken(job):
        raise RuntimeError("a bug")

    with web_client(tmp_path, raise_server_exceptions=False) as client:
        monkeypatch.setattr(tasks, "check_job", broken)
        answer = client.post("/api/check", files={"file": ("x.xlsx", b"PK")})
        page = client.post("/kontroll", data={"csrf": csrf_of(client)},
                           files={"file": ("x.xlsx", b"PK")})
        monkeypatch.undo()
        after = client.post("/api/check", files={"file": ("x.xlsx",
                                                          (EXAMPLE / "handlingsplan.xlsx").read_bytes())})
    assert answer.status_code == 500 and "internt fel" in answer.json()["error"]
    assert page.status_code == 500 and "internt fel" in page.text and "Traceback" not in page.text
    assert after.status_code == 200


def test_build_gives_pdf_unless_asked_not_to_as_the_cli_does():
    from starlette.datastructures import FormData

    from plan_model.web.views.build import wants_pdf

    assert wants_pdf(FormData([])) is True
    assert wants_pdf(FormData([("pdf", "0")])) is False
    # -- the page's form: a hidden 0, then the checkbox's 1 when it is ticked --
    assert wants_pdf(FormData([("pdf", "0"), ("pdf", "1")])) is True
