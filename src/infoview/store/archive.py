"""The backup archive: one zip holding the workspace, and the checks before it is trusted.

An archive is a zip holding every workspace JSON file that exists, the
student's own ``templates/*.txt`` and a ``manifest.json``::

    {"format": "infoview-backup", "version": 1, "created_at": ISO, "infoview": "0.1.0",
     "files": [{"path": "prospects.json", "sha256": "...", "size": N, "schema_version": 1}]}

:func:`read_archive` checks everything before anything is restored: the
manifest, every checksum and size, that no entry is outside the manifest, that
no path is absolute, climbs out with ``..``, uses backslashes or is a symlink,
that every name can be written here (each part at most :data:`NAME_MAX` bytes, less
what a temp file adds; printable characters), and that every document decodes and
validates. The archive file is read through :func:`read_limited` (at most
:data:`ARCHIVE_LIMIT`), and what it unpacks to is bounded while it is unpacked, never
by what its manifest or zip headers claim: :data:`MAX_ENTRIES` entries,
:data:`MAX_DOCUMENT_SIZE` per document, :data:`MAX_TEMPLATE_SIZE` per template and
:data:`MAX_TOTAL_SIZE` in all. A damaged or tampered archive raises
:class:`DataError` (exit 3); a file that is missing, is not a regular file, is too
large or is not a zip at all raises :class:`InvalidInput` (exit 1).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from infoview import __version__
from infoview.model.errors import DataError, InvalidInput
from infoview.store.document import decode
from infoview.store.inputs import (
    ARCHIVE_LIMIT,
    DOCUMENT_LIMIT,
    DRAFT_LIMIT,
    MB,
    NotARegularFile,
    TooLarge,
    describe,
    read_limited,
)
from infoview.store.registry import DOCUMENTS_BY_NAME
from infoview.store.workspace import TEMPLATE_FOLDER

MANIFEST = "manifest.json"
FORMAT = "infoview-backup"
FORMAT_VERSION = 1
TEMPLATE_SUFFIX = ".txt"
MAX_DOCUMENT_SIZE = DOCUMENT_LIMIT  # what a workspace document may hold when read
MAX_TEMPLATE_SIZE = DRAFT_LIMIT  # what a template may hold when read
MAX_MANIFEST_SIZE = 16 * MB  # 10,000 entries take about 2 MB
MAX_TOTAL_SIZE = DOCUMENT_LIMIT  # every file of the archive, unpacked: stops zip bombs
MAX_ENTRIES = 10_000
NAME_MAX = 255  # bytes in one part of a path, on every common file system
# atomic_write's temp file ".NAME.XXXXXXXX.tmp" is this much longer than NAME.
TEMP_NAME_EXTRA = len("..12345678.tmp")
ARCHIVE_FILE_MODE = 0o100600  # a regular file, 0600, as stored in a zip's external_attr


@dataclass(frozen=True)
class Entry:
    """One file of an archive: its path inside the workspace and its bytes."""

    path: str
    data: bytes
    schema_version: int | None = None


@dataclass(frozen=True)
class Archive:
    """A checked archive: safe to restore."""

    source: Path
    created_at: str
    infoview: str
    entries: tuple[Entry, ...]


# --- writing an archive ---------------------------------------------------------


def manifest_for(entries: Sequence[Entry], created_at: datetime) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": created_at.isoformat(),
        "infoview": __version__,
        "files": [
            {
                "path": e.path,
                "sha256": hashlib.sha256(e.data).hexdigest(),
                "size": len(e.data),
                "schema_version": e.schema_version,
            }
            for e in entries
        ],
    }


def build_archive(entries: Sequence[Entry], created_at: datetime) -> bytes:
    """The zip bytes: the manifest first, then every entry (regular files, 0600)."""
    manifest = json.dumps(manifest_for(entries, created_at), indent=2, sort_keys=True) + "\n"
    when = created_at.timetuple()[:6]
    if when[0] < 1980:  # the zip format cannot say earlier
        when = (1980, 1, 1, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in ((MANIFEST, manifest.encode()), *((e.path, e.data) for e in entries)):
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = ARCHIVE_FILE_MODE << 16
            zf.writestr(info, data)
    return buffer.getvalue()


# --- checking an archive --------------------------------------------------------


def _tampered(source: Path, problem: str) -> DataError:
    return DataError(
        f"{source} cannot be restored: {problem}; the workspace was not touched",
        hint="the archive is damaged or was changed; use another backup",
    )


def _path_problem(name: str) -> str | None:
    """Why ``name`` may not be an entry of an archive, or None if it may."""
    if not name:
        return "an entry has an empty name"
    if "\\" in name:
        return f"the entry {name!r} contains a backslash"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return f"the entry {name!r} is an absolute path"
    if "\x00" in name:
        return f"the entry {name!r} contains a NUL character"
    parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        return f"the entry {name!r} leaves its folder or is not a plain path"
    return None


def _known(path: str) -> bool:
    if path in DOCUMENTS_BY_NAME:
        return True
    pure = PurePosixPath(path)
    return (
        len(pure.parts) == 2
        and pure.parts[0] == TEMPLATE_FOLDER
        and pure.suffix == TEMPLATE_SUFFIX
        and not pure.name.startswith(".")
    )


def _open_zip(source: Path) -> zipfile.ZipFile:
    try:
        raw = read_limited(source, ARCHIVE_LIMIT)
    except FileNotFoundError:
        raise InvalidInput(f"{source} does not exist") from None
    except NotARegularFile:
        kind = "a folder" if source.is_dir() else "not a regular file"
        raise InvalidInput(
            f"{source} is {kind}, not a backup archive",
            hint="give a file written by `infoview backup`",
        ) from None
    except TooLarge:
        raise InvalidInput(
            f"{source} is larger than {describe(ARCHIVE_LIMIT)}: not an infoview backup",
            hint="give a file written by `infoview backup`",
        ) from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {source}: {exc.strerror or exc}") from None
    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise InvalidInput(
            f"{source} is not an infoview backup (not a zip archive)",
            hint="give a file written by `infoview backup`",
        ) from None


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of an entry, counted as they are unpacked."""
    with zf.open(info) as handle:
        return handle.read(limit + 1)


def name_problem(path: str) -> str | None:
    """Why a file infoview keeps could not be written under ``path`` here, or None:
    a part longer than :data:`NAME_MAX` bytes with its temp file's extra, or a
    character that is not printable."""
    for part in path.split("/"):
        if not part.isprintable():
            return f"the name {path!r} holds a character that is not printable"
        try:
            size = len(os.fsencode(part))
        except UnicodeError:
            return f"the name {path!r} cannot be written on this system"
        if size + TEMP_NAME_EXTRA > NAME_MAX:
            most = NAME_MAX - TEMP_NAME_EXTRA
            return f"the name {_short(path)} is {size} bytes long (at most {most})"
    return None


def _short(name: str) -> str:
    return repr(name if len(name) <= 60 else name[:57] + "...")


def _check_manifest(source: Path, data: bytes) -> dict[str, Any]:
    def bad(problem: str) -> DataError:
        return _tampered(source, f"the manifest {problem}")

    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        # ValueError: also a number of more than 4,300 digits
        raise bad("is not valid JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise bad(f"is not of the {FORMAT!r} format")
    version = manifest.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise bad("has no valid version")
    if version > FORMAT_VERSION:
        raise DataError(
            f"{source} was written by a newer infoview (backup format {version}; this "
            f"version reads up to {FORMAT_VERSION}); the workspace was not touched",
            hint="upgrade infoview (pip install --upgrade infoview)",
        )
    if version < 1:
        raise bad("has no valid version")
    if not isinstance(manifest.get("created_at"), str):
        raise bad("has no created_at")
    files = manifest.get("files")
    if not isinstance(files, list):
        raise bad("has no list of files")
    listed: dict[str, dict[str, Any]] = {}
    for item in files:
        if not isinstance(item, dict):
            raise bad("lists a file that is not an object")
        path, sha, size = item.get("path"), item.get("sha256"), item.get("size")
        schema = item.get("schema_version")
        if not isinstance(path, str):
            raise bad("lists a file without a path")
        problem = _path_problem(path)
        if problem is not None:
            raise _tampered(source, problem)
        if not isinstance(sha, str) or len(sha) != 64:
            raise bad(f"has no valid sha256 for {path}")
        if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= _limit(path):
            raise bad(f"has no valid size for {path}")
        if schema is not None and (not isinstance(schema, int) or isinstance(schema, bool)):
            raise bad(f"has no valid schema_version for {path}")
        if path == MANIFEST or not _known(path):
            raise _tampered(source, f"{path!r} is not a file infoview keeps")
        problem = name_problem(path)
        if problem is not None:
            raise _tampered(source, problem)
        if path in listed:
            raise bad(f"lists {path} twice")
        listed[path] = item
    return manifest


def read_archive(source: Path) -> Archive:
    """Open and check an archive completely; nothing is written.

    Raises :class:`InvalidInput` if ``source`` is missing or not a zip, and
    :class:`DataError` naming the first problem of a damaged or tampered one.
    """
    with _open_zip(source) as zf:
        try:
            return _check(source, zf)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
            raise _tampered(source, f"the zip is damaged ({exc})") from None
        except (NotImplementedError, RuntimeError) as exc:  # unknown compression, encryption
            raise _tampered(source, f"an entry cannot be read ({exc})") from None


def _check(source: Path, zf: zipfile.ZipFile) -> Archive:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _tampered(source, f"it holds {len(infos)} entries")
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        problem = _path_problem(name)
        if problem is not None:
            raise _tampered(source, problem)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise _tampered(source, f"the entry {name!r} is a symlink")
        if info.is_dir() or stat.S_ISDIR(mode):
            if name.rstrip("/") != TEMPLATE_FOLDER:
                raise _tampered(source, f"the entry {name!r} is a folder")
            continue
        if mode and stat.S_IFMT(mode) and not stat.S_ISREG(mode):
            raise _tampered(source, f"the entry {name!r} is not a regular file")
        if info.flag_bits & 0x1:
            raise _tampered(source, f"the entry {name!r} is encrypted")
        if name in members:
            raise _tampered(source, f"the entry {name!r} appears twice")
        members[name] = info

    manifest_info = members.pop(MANIFEST, None)
    if manifest_info is None:
        raise _tampered(source, f"it has no {MANIFEST}")
    manifest_data = _read_member(zf, manifest_info, MAX_MANIFEST_SIZE)
    if len(manifest_data) > MAX_MANIFEST_SIZE:
        raise _tampered(source, f"the {MANIFEST} is larger than {describe(MAX_MANIFEST_SIZE)}")
    manifest = _check_manifest(source, manifest_data)
    listed: dict[str, dict[str, Any]] = {item["path"]: item for item in manifest["files"]}

    for name in members:
        if name not in listed:
            raise _tampered(source, f"{name!r} is in the archive but not in the manifest")
    for path in listed:
        if path not in members:
            raise _tampered(source, f"the manifest lists {path!r} but the archive lacks it")

    entries: list[Entry] = []
    total = 0  # bytes unpacked so far, counted as they are read
    for path, item in listed.items():
        info = members[path]
        size: int = item["size"]
        if info.file_size != size:
            raise _tampered(source, f"{path} is {info.file_size} bytes, the manifest says {size}")
        data = _read_member(zf, info, min(size, MAX_TOTAL_SIZE - total))
        total += len(data)
        if total > MAX_TOTAL_SIZE:
            raise _tampered(
                source, f"its files add up to more than {describe(MAX_TOTAL_SIZE)} unpacked"
            )
        if len(data) != size:
            raise _tampered(source, f"{path} is {len(data)} bytes, the manifest says {size}")
        if hashlib.sha256(data).hexdigest() != item["sha256"].lower():
            raise _tampered(source, f"the checksum of {path} does not match the manifest")
        entries.append(Entry(path, data, _check_content(source, path, data, item)))
    return Archive(
        source=source,
        created_at=manifest["created_at"],
        infoview=str(manifest.get("infoview", "")),
        entries=tuple(entries),
    )


def _limit(path: str) -> int:
    return MAX_DOCUMENT_SIZE if path in DOCUMENTS_BY_NAME else MAX_TEMPLATE_SIZE


def _check_content(source: Path, path: str, data: bytes, item: dict[str, Any]) -> int | None:
    doc = DOCUMENTS_BY_NAME.get(path)
    if doc is None:  # a template
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _tampered(source, f"{path} is not UTF-8 text (byte {exc.start})") from None
        return None
    try:
        _, version = decode(doc, data, Path(path), full_check=True)  # addresses too
    except DataError as exc:
        if "newer infoview" in exc.message:
            raise DataError(
                f"{path} in {source} was written by a newer infoview; the workspace was "
                "not touched",
                hint=exc.hint,
            ) from None
        raise _tampered(source, exc.message) from None
    if item.get("schema_version") is not None and item["schema_version"] != version:
        raise _tampered(
            source,
            f"{path} has schema {version}, the manifest says {item['schema_version']}",
        )
    return version
