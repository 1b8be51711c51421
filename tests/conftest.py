import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from builders import write_solvik  # noqa: E402


@pytest.fixture
def solvik(tmp_path) -> Path:
    """A valid input folder of the fictional municipality Solvik."""
    return write_solvik(tmp_path / "solvik")
