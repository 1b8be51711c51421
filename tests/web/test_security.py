"""Every safety rule of SPEC §11, in-process: 413, the zip cases (422, nothing written
outside the job), a foreign Origin (403), CSRF, the token, hostile workbooks, 8 at once."""
from __future__ import annotations

import concurrent.futures
import io
import zipfile

import pytest

from plan_model.web import uploads
from readers.test_hostile_files import CASES
from builders import write_solvik
from web_tools import EXAMPLE, csrf_of, web_client, zip_entries, zip_folder

WORKBOOK = (EXAMPLE / "handlingsplan.xlsx").read_bytes()


def test_an_upload_over_the_limit_is_413(tmp_path):
    big = b"\0" * (uploads.UPLOAD_LIMIT + 1)
    with web_client(tmp_path) as client:
        answer = client.post("/api/check", files={"file": ("big.xlsx", big)})
        assert answer.status_code == 413
        assert "50 MiB" in answer.json()["error"]
        page = client.post("/kontroll", data={"csrf": csrf_of(client)},
                           files={"file": ("big.xlsx", big)})
        assert page.status_code == 413 and "50 MiB" in page.text


def test_a_body_longer_than_its_content_length_claims_is_413_too(tmp_path):
    with web_client(tmp_path, upload_limit=1000) as client:
        def chunks():
            for _ in range(50):
                yield b"x" * 100
        answer = client.post("/api/check", content=chunks(),
                             headers={"content-type": "multipart/form-data; boundary=b"})
    assert answer.status_code == 413


def _zip_with_workbook(extra: dict, links=()) -> bytes:
    return zip_entries({"handlingsplan.xlsx": WORKBOOK, **extra}, links)


ZIP_CASES = [
    ("absolute", _zip_with_workbook({"/tmp/evil.txt": b"x"}), "absolut"),
    ("windows-absolute", _zip_with_workbook({"C:/evil.txt": b"x"}), "absolut"),
    ("parent", _zip_with_workbook({"../evil.txt": b"x"}), ".."),
    ("parent-deep", _zip_with_workbook({"ikoner/../../evil.txt": b"x"}), ".."),
    ("backslash-parent", _zip_with_workbook({"ikoner\\..\\..\\evil.txt": b"x"}), ".."),
    ("link", _zip_with_workbook({"ikoner/link.png": b"/etc/passwd"}, links=("ikoner/link.png",)),
     "länk"),
    ("bomb", _zip_with_workbook({"ikoner/bomb.png": b"\0" * (300 << 20)}), "MiB"),
    ("not-a-zip", b"PK\x03\x04 this is no zip at all", "läsa"),
    ("name-too-long", _zip_with_workbook({"ikoner/" + "å" * 300 + ".png": b"x"}), "läsa"),
    ("twice-the-same-name", zip_entries({"handlingsplan.xlsx": WORKBOOK, "ikoner/a.png": b"1",
                                         "ikoner//a.png": b"2"}), "läsa"),
]


@pytest.mark.parametrize("name,data,words", ZIP_CASES, ids=[c[0] for c in ZIP_CASES])
def test_unsafe_zip_is_422_with_a_swedish_message_and_writes_nothing_outside(
        tmp_path, name, data, words):
    with web_client(tmp_path) as client:
        answer = client.post("/api/check", files={"file": ("indata.zip", data)})
        page = client.post("/kontroll", data={"csrf": csrf_of(client)},
                           files={"file": ("indata.zip", data)})
    assert answer.status_code == 422 and words in answer.json()["error"]
    assert page.status_code == 422 and words in page.text
    assert not (tmp_path / "evil.txt").exists() and not (tmp_path.parent / "evil.txt").exists()
    # -- nothing of the zip is unpacked at all: only the empty job folders remain --
    unpacked = [p for p in (tmp_path / "jobb").rglob("*") if p.is_file()]
    assert unpacked == []


def test_a_zip_entry_lying_about_its_size_is_stopped_while_unpacking(tmp_path):
    data = bytearray(zip_entries({"handlingsplan.xlsx": WORKBOOK,
                                  "ikoner/a.png": b"\0" * (4 << 20)}))
    # -- the central directory's uncompressed size of the second entry says 10 bytes --
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("ikoner/a.png")
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"ikoner/a.png"))
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    local = info.header_offset
    data[local + 22:local + 26] = (10).to_bytes(4, "little")
    with web_client(tmp_path) as client:
        answer = client.post("/api/check", files={"file": ("indata.zip", bytes(data))})
    assert answer.status_code == 422
    assert [p for p in (tmp_path / "jobb").rglob("*") if p.is_file()] == []


def test_a_file_that_is_neither_xlsx_nor_zip_is_422(tmp_path):
    with web_client(tmp_path) as client:
        answer = client.post("/api/check", files={"file": ("plan.exe", b"MZ")})
    assert answer.status_code == 422 and "«plan.exe»" in answer.json()["error"]


@pytest.mark.parametrize("path", ["/api/check", "/api/build", "/kontroll", "/jamfor", "/ny"])
def test_a_post_from_another_site_is_403(tmp_path, path):
    with web_client(tmp_path) as client:
        token = csrf_of(client)
        for origin in ("https://evil.example", "null", "http://testserver.evil.example"):
            answer = client.post(path, data={"csrf": token},
                                 files={"file": ("x.xlsx", WORKBOOK)}, headers={"origin": origin})
            assert answer.status_code == 403, (origin, answer.text)
        same = client.post("/api/check", files={"file": ("x.xlsx", WORKBOOK)},
                           headers={"origin": "http://testserver"})
        assert same.status_code == 200


def test_a_form_without_the_csrf_token_is_403(tmp_path):
    with web_client(tmp_path) as client:
        csrf_of(client)  # -- the browser has its cookie --
        missing = client.post("/kontroll", files={"file": ("x.xlsx", WORKBOOK)})
        wrong = client.post("/kontroll", data={"csrf": "A" * 43}, files={"file": ("x.xlsx", WORKBOOK)})
        good = client.post("/kontroll", data={"csrf": csrf_of(client)},
                           files={"file": ("x.xlsx", WORKBOOK)}, follow_redirects=False)
    assert missing.status_code == 403 and "Formuläret" in missing.text
    assert wrong.status_code == 403
    assert good.status_code == 303


def test_with_a_token_every_request_needs_it(tmp_path):
    with web_client(tmp_path, token="hemlig-nyckel") as client:
        assert client.get("/").status_code == 401
        assert client.post("/api/check", files={"file": ("x.xlsx", WORKBOOK)}).status_code == 401
        assert client.get("/", headers={"authorization": "Bearer fel"}).status_code == 401
        bearer = client.post("/api/check", files={"file": ("x.xlsx", WORKBOOK)},
                             headers={"authorization": "Bearer hemlig-nyckel"})
        assert bearer.status_code == 200
        # -- ?token= once: a cookie, and the token taken off the address --
        first = client.get("/?token=hemlig-nyckel", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/"
        assert "handlingsplan_token" in first.headers["set-cookie"]
        assert client.get("/").status_code == 200
        assert client.post("/api/check", files={"file": ("x.xlsx", WORKBOOK)}).status_code == 200
        client.cookies.clear()
        assert client.get("/").status_code == 401
        assert client.get("/?token=fel").status_code == 401


def test_non_loopback_host_refuses_to_start_without_a_token(tmp_path):
    from plan_model.cli import main

    assert main(["serve", "--host", "0.0.0.0", "--port", "1"]) == 2
    assert main(["serve", "--host", "192.168.1.5", "--port", "1"]) == 2


@pytest.mark.parametrize("name,damage,code", CASES, ids=[c[0] for c in CASES])
def test_hostile_workbooks_are_answered_with_findings(tmp_path, name, damage, code):
    folder = write_solvik(tmp_path / "in")
    damage(folder / "handlingsplan.xlsx")
    data = (folder / "handlingsplan.xlsx").read_bytes()
    with web_client(tmp_path) as client:
        answer = client.post("/api/check", files={"file": ("handlingsplan.xlsx", data)})
        assert answer.status_code == 422
        assert code in {f["code"] for f in answer.json()["findings"]}
        zipped = client.post("/api/check", files={"file": ("in.zip", zip_folder(folder))})
        assert zipped.status_code == 422
        assert client.get("/").status_code == 200  # -- the server is unharmed --


def test_eight_requests_at_once_are_all_answered(tmp_path):
    with web_client(tmp_path) as client:
        def one(index):
            if index % 2:
                return client.post("/api/check", files={"file": ("x.xlsx", WORKBOOK)}).status_code
            return client.post("/api/build", data={"pdf": "0"},
                               files={"file": ("x.xlsx", WORKBOOK)}).status_code
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(one, range(8)))
    assert codes == [200] * 8
