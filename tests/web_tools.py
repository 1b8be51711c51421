"""Helpers of the web tests: the app in-process, its CSRF token, uploads made in tmp_path."""
from __future__ import annotations

import io
import re
import zipfile
from contextlib import contextmanager
from pathlib import Path

from starlette.testclient import TestClient

from plan_model.web.app import Config, create_app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "2023"
ORIGIN = "http://testserver"


@contextmanager
def web_client(tmp_path: Path, raise_server_exceptions: bool = True, **config):
    """The app with its lifespan (job folders under tmp_path), no warm office unless asked."""
    config.setdefault("warm_office", False)
    app = create_app(Config(jobs_dir=tmp_path / "jobb", **config))
    with TestClient(app, base_url=ORIGIN,
                    raise_server_exceptions=raise_server_exceptions) as client:
        yield client


def csrf_of(client: TestClient, path: str = "/") -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def zip_folder(folder: Path, top: str | None = None) -> bytes:
    """A zipped input folder, as Windows' "Send to compressed folder" makes it (`top`:
    the folder itself is the zip's one top-level entry)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(Path(folder).rglob("*")):
            name = path.relative_to(folder).as_posix()
            archive.write(path, f"{top}/{name}" if top else name)
    return buffer.getvalue()


def zip_entries(entries: dict[str, bytes], links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in links:
                info.external_attr = (0o120777 << 16)
            archive.writestr(info, data)
    return buffer.getvalue()


def job_folders(tmp_path: Path) -> list[Path]:
    root = tmp_path / "jobb"
    return sorted(p for p in root.iterdir()) if root.is_dir() else []


def files_outside(tmp_path: Path, before: set[Path]) -> set[Path]:
    """Files under tmp_path's parent that were not there before, outside the job root."""
    return {p for p in tmp_path.parent.rglob("*")
            if p not in before and tmp_path / "jobb" not in p.parents and p != tmp_path / "jobb"}
