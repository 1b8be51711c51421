"""The HTML pages in-process: upload → findings table → build with progress → downloads;
diff, init, archive and follow-up from the page; the job folders' 24 h clean-up."""
from __future__ import annotations

import hashlib
import io
import re
import time
import zipfile

import pytest

from builders import findings_of, solvik_sheets, write_solvik
from plan_model import pipeline
from plan_model.web.jobs import Jobs
from web_tools import EXAMPLE, csrf_of, web_client, zip_folder

WORKBOOK = (EXAMPLE / "handlingsplan.xlsx").read_bytes()


def _upload(client, data=WORKBOOK, name="handlingsplan.xlsx"):
    answer = client.post("/kontroll", data={"csrf": csrf_of(client)},
                         files={"file": (name, data)}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return answer.headers["location"]


def _wait(client, url, limit=300):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        page = client.get(url)
        if "data-poll" not in page.text:
            return page
        time.sleep(0.2)
    raise AssertionError("the job did not finish")


def _invalid_solvik(tmp_path):
    sheets = solvik_sheets()
    sheets["Åtgärder"][1][0] = "ett"
    return write_solvik(tmp_path / "fel", sheets)


def test_findings_table_lists_errors_first_with_file_sheet_cell(tmp_path):
    folder = _invalid_solvik(tmp_path)
    expected = findings_of(folder)
    with web_client(tmp_path) as client:
        page = client.get(_upload(client, zip_folder(folder), "solvik.zip"))
    assert page.status_code == 200
    assert "<caption>" in page.text and '<th scope="col">Cell</th>' in page.text
    rows = re.findall(r'<tr class="level-(\w+)">', page.text)
    assert rows == [f.level for f in expected] and rows[0] == "error"
    assert "Bygg planen" not in page.text  # -- nothing to build from an invalid input --
    first = expected[0]
    assert f"<td>{first.cell}</td>" in page.text


def test_build_from_the_page_shows_progress_then_every_output(tmp_path):
    with web_client(tmp_path) as client:
        job_url = _upload(client)
        page = client.get(job_url)
        assert "Bygg planen" in page.text
        job = job_url.rsplit("/", 1)[1]
        started = client.post(f"/jobb/{job}/bygg", data={"csrf": csrf_of(client), "pdf": "0"},
                              follow_redirects=False)
        assert started.status_code == 303
        done = _wait(client, job_url)
        names = re.findall(r'href="/jobb/\w+/filer/([^"]+)"', done.text)
        assert "utdata/handlingsplan-2023.docx" in names and "utdata/manifest.json" in names
        bundle = client.get(f"/jobb/{job}/alla.zip")
    with zipfile.ZipFile(io.BytesIO(bundle.content)) as archive:
        assert sorted(archive.namelist()) == sorted(names)


def test_archive_from_the_page_shows_what_is_missing_as_findings(tmp_path):
    with web_client(tmp_path) as client:
        job_url = _upload(client)
        job = job_url.rsplit("/", 1)[1]
        client.post(f"/jobb/{job}/bygg", data={"csrf": csrf_of(client), "pdf": "0"})
        _wait(client, job_url)
        answer = client.post(f"/jobb/{job}/arkiv", data={"csrf": csrf_of(client)})
    # -- without PDFs the build cannot be archived: the archive's own findings say so --
    assert answer.status_code == 422
    assert "Det som hindrar arkivpaketet" in answer.text and 'class="level-error"' in answer.text


def test_diff_from_the_page_compares_two_uploads(tmp_path):
    old = write_solvik(tmp_path / "gammal")
    sheets = solvik_sheets()
    sheets["Åtgärder"].append(list(sheets["Åtgärder"][-1]))
    sheets["Åtgärder"][-1][0] = 99
    sheets["Åtgärder"][-1][1] = "En helt ny åtgärd"
    new = write_solvik(tmp_path / "ny", sheets)
    with web_client(tmp_path) as client:
        page = client.post("/jamfor", data={"csrf": csrf_of(client, "/jamfor")},
                           files={"old": ("a.zip", zip_folder(old)), "new": ("b.zip", zip_folder(new))})
        assert page.status_code == 200, page.text
        assert "En helt ny åtgärd" in page.text
        report = re.search(r'href="(/jobb/\w+/filer/jamforelse.docx)"', page.text).group(1)
        assert client.get(report).content[:2] == b"PK"
        bad = client.post("/jamfor", data={"csrf": csrf_of(client, "/jamfor")},
                          files={"old": ("a.zip", zip_folder(old)),
                                 "new": ("b.zip", zip_folder(_invalid_solvik(tmp_path)))})
    assert bad.status_code == 422 and "Nyare version" in bad.text and 'level-error' in bad.text


def test_init_from_the_page_gives_a_workbook_blank_or_carried_over(tmp_path):
    with web_client(tmp_path) as client:
        csrf = csrf_of(client, "/ny")
        blank = client.post("/ny", data={"csrf": csrf, "year": "2031"})
        assert blank.status_code == 200
        link = re.search(r'href="(/jobb/\w+/filer/ny/handlingsplan.xlsx)"', blank.text).group(1)
        assert client.get(link).content[:2] == b"PK"
        carried = client.post("/ny", data={"csrf": csrf, "year": "2024", "carry": "1"},
                              files={"source": ("in.zip", zip_folder(write_solvik(tmp_path / "in")))})
        assert carried.status_code == 200 and "ikoner/" in carried.text
        bad_year = client.post("/ny", data={"csrf": csrf, "year": "20x4"})
        invalid = client.post("/ny", data={"csrf": csrf, "year": "2024"},
                              files={"source": ("in.zip", zip_folder(_invalid_solvik(tmp_path)))})
    assert bad_year.status_code == 422 and "Ange ett år" in bad_year.text
    assert invalid.status_code == 422 and "level-error" in invalid.text


def test_followup_from_the_page(tmp_path):
    with web_client(tmp_path) as client:
        job_url = _upload(client)
        job = job_url.rsplit("/", 1)[1]
        assert "Skapa uppföljningsrapport" in client.get(job_url).text
        client.post(f"/jobb/{job}/uppfoljning", data={"csrf": csrf_of(client), "pdf": "0"})
        done = _wait(client, job_url)
    names = re.findall(r'href="/jobb/\w+/filer/(uppfoljning[^"]+)"', done.text)
    assert names, done.text


def test_job_folders_older_than_a_day_are_removed(tmp_path):
    jobs = Jobs(tmp_path / "jobb")
    old, new = jobs.create(), jobs.create()
    old.created -= 25 * 3600
    old.status = new.status = "done"
    foreign = tmp_path / "jobb" / ("a" * 32)  # -- left by an earlier server run --
    foreign.mkdir()
    import os
    os.utime(foreign, (time.time() - 25 * 3600,) * 2)
    removed = jobs.sweep(force=True)
    assert sorted(removed) == sorted([old.id, foreign.name])
    assert not old.folder.exists() and new.folder.exists() and jobs.get(old.id) is None


def test_a_users_template_folder_changes_one_block(tmp_path):
    own = tmp_path / "mallar"
    own.mkdir()
    (own / "index.html").write_text('{% extends "default:index.html" %}'
                                    '{% block title %}Solviks sida{% endblock %}', "utf-8")
    with web_client(tmp_path, template_dir=own) as client:
        page = client.get("/")
    assert "<title>Solviks sida" in page.text and "Kontrollera" in page.text


def test_the_plans_icons_stand_in_figures_beside_their_names_right_sized(tmp_path):
    from PIL import Image

    with web_client(tmp_path) as client:
        page = client.get(_upload(client))
        figures = re.findall(r'<figure>\s*<img src="(/jobb/\w+/ikoner/\d+)" alt=""[^>]*>\s*'
                             r'<figcaption><span class="kind">(\w+)</span> ([^<]+)</figcaption>',
                             page.text)
        assert figures, page.text
        picture = client.get(figures[0][0])
    assert picture.headers["content-type"] == "image/png"
    with Image.open(io.BytesIO(picture.content)) as icon:
        assert icon.width <= 96 and icon.mode == "RGB"


def test_followup_page_calls_the_agreed_pipeline_api(tmp_path, monkeypatch):
    """The page's wiring against `pipeline.followup(input_path, options, previous=None,
    progress=None) -> FollowupResult(out_dir, outputs, findings)`, with a stand-in that can
    answer each way at will: an InputError gives the findings table."""
    from types import SimpleNamespace

    from plan_model.errors import InputError
    from plan_model.findings import finding
    from plan_model.model import Source
    from plan_model.outputs import Output

    calls = []

    def followup(input_path, options, previous=None, progress=None):
        calls.append((input_path, previous, options.no_pdf))
        if previous is not None:
            raise InputError([finding("invalid-action-number", Source("handlingsplan.xlsx", "Åtgärder", "A2"),
                                      value="ett")])
        progress("Skriver uppföljningen …")
        path = options.out_dir / "uppfoljning-2023.docx"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"PK-docx")
        out = Output("followup-docx", path, hashlib.sha256(b"PK-docx").hexdigest(), 7)
        return SimpleNamespace(out_dir=options.out_dir, outputs=[out], findings=[])

    monkeypatch.setattr(pipeline, "followup", followup)
    with web_client(tmp_path) as client:
        job_url = _upload(client)
        job = job_url.rsplit("/", 1)[1]
        client.post(f"/jobb/{job}/uppfoljning", data={"csrf": csrf_of(client), "pdf": "0"})
        done = _wait(client, job_url)
        link = re.search(r'href="(/jobb/\w+/filer/uppfoljning/uppfoljning-2023.docx)"', done.text)
        assert link and client.get(link.group(1)).content == b"PK-docx"
        client.post(f"/jobb/{job}/uppfoljning", data={"csrf": csrf_of(client), "pdf": "0"},
                    files={"previous": ("gammal.xlsx", WORKBOOK)})
        failed = _wait(client, job_url)
    assert calls[0][1] is None and calls[0][2] is True
    assert calls[1][1] is not None and calls[1][1].name == "handlingsplan.xlsx"
    assert 'class="level-error"' in failed.text and "<td>A2</td>" in failed.text


@pytest.mark.office
def test_archive_from_the_page_gives_the_package_of_a_decided_plan(tmp_path):
    folder = write_solvik(tmp_path / "in")
    with web_client(tmp_path, warm_office=True) as client:
        job_url = _upload(client, zip_folder(folder), "solvik.zip")
        job = job_url.rsplit("/", 1)[1]
        client.post(f"/jobb/{job}/bygg", data={"csrf": csrf_of(client), "pdf": "1"})
        built = _wait(client, job_url)
        assert "utdata/handlingsplan-2031.pdf" in built.text, built.text
        pages = re.findall(r'src="(/jobb/\w+/sidor/\d+\.png)"', built.text)
        assert pages and client.get(pages[0]).content[:8] == b"\x89PNG\r\n\x1a\n"
        assert client.get(f"/jobb/{job}/sidor/{len(pages) + 1}.png").status_code == 404
        answer = client.post(f"/jobb/{job}/arkiv", data={"csrf": csrf_of(client)},
                             follow_redirects=False)
        assert answer.status_code == 303
        page = client.get(job_url)
        link = re.search(r'href="(/jobb/\w+/filer/utdata/arkiv/[^"]+\.zip)"', page.text)
        assert link, page.text
        package = client.get(link.group(1)).content
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert any(name.endswith("METS.xml") for name in archive.namelist())
