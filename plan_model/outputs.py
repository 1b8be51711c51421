"""Writing outputs: atomically (temporary name, then rename), with SHA-256 and the manifest."""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

MEDIA_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".zip": "application/zip",
    ".xml": "application/xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    # -- publication (SPEC §12) --
    ".html": "text/html",
    ".css": "text/css",
    ".csv": "text/csv",
    ".rdf": "application/rdf+xml",
}


@dataclass(frozen=True)
class Output:
    role: str
    path: Path
    sha256: str
    bytes: int

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES.get(self.path.suffix.lower(), "application/octet-stream")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a reader never sees half a file and a failed
    build leaves the earlier file untouched."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def manifest_bytes(generator: str, plan_info: dict, inputs: list[tuple[str, Path]],
                   outputs: list[Output], findings: list[dict], out_dir: Path) -> bytes:
    document = {
        "generator": generator,
        "plan": plan_info,
        "inputs": [{"path": name, "sha256": sha256_file(path)} for name, path in inputs],
        "outputs": [{"role": o.role, "path": o.path.relative_to(out_dir).as_posix(),
                     "sha256": o.sha256, "bytes": o.bytes, "media_type": o.media_type}
                    for o in outputs],
        "findings": findings,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
