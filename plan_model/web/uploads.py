"""Safe intake of an upload: one .xlsx, or a zipped input folder, into a job's own folder.

No name the user supplied decides where a file lands outside that folder: a single workbook
is stored under the input layout's own name, and every zip entry is checked before
anything is unpacked — an absolute path, a `..`, a link or a bomb refuses the whole zip
(SPEC §11), so a rejected upload writes nothing.
"""
from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path, PurePosixPath

from .. import messages
from ..workbook_layout import DEFAULT_WORKBOOK

MIB = 1 << 20
UPLOAD_LIMIT = 50 * MIB
# -- an input folder is a few workbooks and icons; more than this unpacked is a bomb --
UNPACKED_LIMIT = 200 * MIB
ENTRY_LIMIT = 2000
# -- real .xlsx/.png compress at most ~20:1; 200:1 is only reached by crafted data --
RATIO_LIMIT = 200
ZIP_MAGIC = b"PK\x03\x04"
# -- folders that zip tools of macOS and Windows add; never part of an input folder --
SKIPPED = ("__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini")


class UploadRejected(Exception):
    """The upload cannot be taken: its Swedish message is the answer (422)."""


def store_upload(data_path: Path, filename: str, folder: Path) -> Path:
    """The INPUT path (folder or .xlsx) made from the uploaded file at `data_path` inside
    `folder` (empty, the job's). `filename` only tells .xlsx from .zip."""
    folder.mkdir(parents=True, exist_ok=True)
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    with open(data_path, "rb") as handle:
        head = handle.read(4)
    if suffix == ".zip":
        if head != ZIP_MAGIC:
            raise UploadRejected(messages.WEB["zip-broken"].format(detail=_safe(filename)))
        return unpack_input(data_path, folder)
    if suffix in (".xlsx", ".xlsm"):
        # -- a broken or hostile workbook is the reader's to judge, with findings --
        target = folder / DEFAULT_WORKBOOK
        shutil.copyfile(data_path, target)
        return target
    raise UploadRejected(messages.WEB["upload-kind"].format(name=_safe(filename)))


def unpack_input(zip_path: Path, folder: Path) -> Path:
    """Unpack a zipped input folder into `folder`; the input folder is the zip's root, or its
    one top-level folder when the workbooks are in there (Windows' "Send to compressed
    folder" zips the folder itself)."""
    try:
        with zipfile.ZipFile(zip_path) as archive:
            entries = _checked_entries(archive)
            target = folder / "indata"
            for info, parts in entries:
                destination = target.joinpath(*parts)
                # -- belt and braces: every part was checked, the resolved path must agree --
                if not destination.resolve().is_relative_to(target.resolve()):
                    raise UploadRejected(messages.WEB["zip-parent"].format(name=_safe(info.filename)))
                if info.is_dir():
                    destination.mkdir(parents=True, exist_ok=True)
                    continue
                destination.parent.mkdir(parents=True, exist_ok=True)
                _copy_limited(archive, info, destination)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
            EOFError, ValueError, OSError) as error:
        shutil.rmtree(folder / "indata", ignore_errors=True)
        raise UploadRejected(messages.WEB["zip-broken"].format(detail=_safe(str(error)))) from None
    except UploadRejected:
        shutil.rmtree(folder / "indata", ignore_errors=True)
        raise
    return _input_root(folder / "indata")


def _checked_entries(archive: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, list[str]]]:
    """Every entry with its path parts, or UploadRejected for the first unsafe one."""
    infos = archive.infolist()
    if len(infos) > ENTRY_LIMIT:
        raise UploadRejected(messages.WEB["zip-bomb"].format(limit=UNPACKED_LIMIT // MIB))
    total, kept = 0, []
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or PurePosixPath(name.replace("\\", "/")).is_absolute() \
                or (len(name) > 1 and name[1] == ":"):
            raise UploadRejected(messages.WEB["zip-absolute"].format(name=_safe(name)))
        parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".")]
        if ".." in parts:
            raise UploadRejected(messages.WEB["zip-parent"].format(name=_safe(name)))
        if stat.S_ISLNK(info.external_attr >> 16):
            raise UploadRejected(messages.WEB["zip-link"].format(name=_safe(name)))
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > UNPACKED_LIMIT or (info.file_size > MIB and ratio > RATIO_LIMIT):
            raise UploadRejected(messages.WEB["zip-bomb"].format(limit=UNPACKED_LIMIT // MIB))
        if not parts or any(p in SKIPPED or p.startswith("._") for p in parts):
            continue
        kept.append((info, parts))
    return kept


def _copy_limited(archive: zipfile.ZipFile, info: zipfile.ZipInfo, destination: Path) -> None:
    """Copy one entry, trusting not its declared size: a lying header is still a bomb."""
    written = 0
    with archive.open(info) as source, open(destination, "xb") as target:
        while chunk := source.read(MIB):
            written += len(chunk)
            if written > info.file_size or written > UNPACKED_LIMIT:
                raise UploadRejected(messages.WEB["zip-bomb"].format(limit=UNPACKED_LIMIT // MIB))
            target.write(chunk)


def _input_root(unpacked: Path) -> Path:
    if any(p.suffix.lower() == ".xlsx" for p in unpacked.glob("*.xlsx")):
        return unpacked
    folders = [p for p in unpacked.iterdir() if p.is_dir()] if unpacked.is_dir() else []
    if len(folders) == 1 and any(folders[0].glob("*.xlsx")):
        return folders[0]
    raise UploadRejected(messages.WEB["zip-no-workbook"])


def _safe(text: str, limit: int = 120) -> str:
    """A user-supplied name as it may be shown: printable, bounded."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in str(text))
    return shown if len(shown) <= limit else shown[:limit] + "…"
