import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from builders import write_solvik  # noqa: E402

# -- a test that runs LibreOffice must say so (@pytest.mark.office), or the fast suite
#    (-m "not office and not browser") silently stops being fast. Unmarked tests therefore
#    find, first on PATH, an soffice that only writes down that it was started: the test
#    then errors naming the marker. A test that brings its own fake soffice
#    ($HANDLINGSPLAN_SOFFICE) is not affected. --
_GUARD = Path(tempfile.mkdtemp(prefix="no-office-"))
_GUARD_LOG = _GUARD / "started"
for _name in ("soffice", "libreoffice"):
    (_GUARD / _name).write_text(f"#!/bin/sh\necho \"$0\" >> '{_GUARD_LOG}'\nexit 127\n")
    (_GUARD / _name).chmod(0o755)
atexit.register(shutil.rmtree, _GUARD, True)


def _guarded(item):
    return item.get_closest_marker("office") is None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    with _office_guard(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    with _office_guard(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    with _office_guard(item):
        result = yield
    if _GUARD_LOG.exists():
        _GUARD_LOG.unlink()
        pytest.fail(f"{item.nodeid} starts LibreOffice: mark it @pytest.mark.office",
                    pytrace=False)
    return result


class _office_guard:
    def __init__(self, item):
        self.active = _guarded(item)

    def __enter__(self):
        if self.active:
            self.path = os.environ.get("PATH", "")
            os.environ["PATH"] = f"{_GUARD}{os.pathsep}{self.path}"

    def __exit__(self, *exc):
        if self.active:
            os.environ["PATH"] = self.path


@pytest.fixture
def solvik(tmp_path) -> Path:
    """A valid input folder of the fictional municipality Solvik."""
    return write_solvik(tmp_path / "solvik")
