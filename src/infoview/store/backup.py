"""Backing up the whole workspace to one archive, and restoring one.

:func:`write_backup` takes a snapshot under the workspace lock and writes it
as an archive (``store/archive.py``). :func:`restore` takes an archive that
:func:`~infoview.store.archive.read_archive` has checked completely; only then,
under the lock, the current workspace is saved as
``backups/before-restore-YYYYMMDD-HHMMSS.zip`` and its files are replaced.

Neither archives the journal (``store/journal.py``): both first complete a change
a dead process left half done. A restore is itself one journaled change, all or
nothing; once made it clears the journal (the changes it held are not the ones that
led to the files restored, so none can be undone).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from infoview.model.errors import DataError, InvalidInput, StorageError
from infoview.store.archive import (
    TEMP_NAME_EXTRA,
    TEMPLATE_SUFFIX,
    Archive,
    Entry,
    build_archive,
    name_problem,
)
from infoview.store.document import BACKUP_FOLDER, decode, loose_version
from infoview.store.files import FOLDER_MODE, atomic_write, free_path, fsync_folder
from infoview.store.inputs import MB
from infoview.store.journal import FileChange, Journal
from infoview.store.registry import ALL_DOCUMENTS
from infoview.store.workspace import TEMPLATE_FOLDER, Workspace


def stamp(now: datetime) -> str:
    return now.strftime("%Y%m%d-%H%M%S")


def default_archive_name(now: datetime) -> str:
    """``infoview-backup-YYYYMMDD-HHMMSS.zip`` for the moment ``now``."""
    return f"infoview-backup-{stamp(now)}.zip"


@dataclass(frozen=True)
class RestoreResult:
    written: int
    removed: tuple[str, ...]
    before: Path  # the archive of the workspace as it was just before
    forgotten: int = 0  # the changes the journal held, which can no longer be undone


# --- reading the workspace ------------------------------------------------------


def _template_paths(root: Path) -> list[Path]:
    folder = root / TEMPLATE_FOLDER
    if folder.is_symlink() or not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix == TEMPLATE_SUFFIX and not p.is_symlink() and p.is_file()
    )


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror or exc}") from None


def snapshot(ws: Workspace, *, validate: bool) -> list[Entry]:
    """Every workspace file an archive holds, as it is on disk now.

    Call it under the workspace lock for a consistent snapshot. With
    ``validate`` each document must decode (:class:`DataError` otherwise), so the
    archive can be restored; without it the bytes are taken as they are (the
    copy made before a restore must keep even a damaged file).
    """
    entries: list[Entry] = []
    for doc in ALL_DOCUMENTS:
        path = ws.path_of(doc)
        if path.is_symlink() or not path.is_file():
            continue
        data = _read(path)
        if validate:
            _, version = decode(doc, data, path)
            entries.append(Entry(doc.filename, data, version))
        else:
            entries.append(Entry(doc.filename, data, loose_version(data)))
    for path in _template_paths(ws.root):
        data = _read(path)
        if validate:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise DataError(
                    f"{path} is damaged: not UTF-8 text (byte {exc.start})",
                    hint="fix the template or move it away",
                ) from None
        entries.append(Entry(f"{TEMPLATE_FOLDER}/{path.name}", data))
    return entries


def _write_new(path: Path, data: bytes) -> None:
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise StorageError(f"could not write {path}: {exc.strerror or exc}") from None


def refuse_existing(dest: Path) -> None:
    """A backup archive never replaces a file: :class:`InvalidInput` if ``dest`` exists."""
    if dest.exists() or dest.is_symlink():
        raise InvalidInput(
            f"{dest} already exists; infoview does not overwrite it",
            hint="name another file, or move that one away",
        )


def check_destination(dest: Path) -> None:
    """``dest`` can take a new archive: it does not exist yet and its folder does."""
    refuse_existing(dest)
    if not dest.parent.is_dir():
        raise InvalidInput(f"cannot write {dest}: the folder {dest.parent} does not exist")


def backup_bytes(ws: Workspace, now: datetime) -> tuple[bytes, int]:
    """An archive of the workspace as it is now, and how many files it holds.

    The snapshot is taken under the workspace lock. Refuses a missing workspace
    and a damaged file (the archive must be restorable).
    """
    if not ws.root.is_dir():
        raise InvalidInput(
            f"nothing to back up: the workspace {ws.root} does not exist yet",
            hint="see `infoview path`",
        )
    with ws.lock():
        Journal(ws.root).complete_interrupted()  # a change left half done is completed first
        entries = snapshot(ws, validate=True)
    return build_archive(entries, now), len(entries)


def write_backup(ws: Workspace, dest: Path, now: datetime) -> int:
    """Write an archive of the workspace to ``dest`` (0600, atomically); return the file count.

    Refuses an existing ``dest``, a missing workspace and a damaged file.
    """
    check_destination(dest)
    data, count = backup_bytes(ws, now)
    refuse_existing(dest)  # it may have appeared meanwhile
    _write_new(dest, data)
    return count


# --- restoring ------------------------------------------------------------------


def restore(ws: Workspace, archive: Archive, now: datetime) -> RestoreResult:
    """Replace the workspace's files with the archive's, under the lock, all or nothing.

    Everything that can refuse is checked before the first change (:func:`_check_restore`):
    each name's length here, the folders, the free space. The current workspace is
    then saved to ``backups/before-restore-*.zip``, and the files are replaced as one
    journaled change (``store/journal.py``): a failure puts every file back, a crash is
    completed by the next command. Files the archive does not hold are removed, and
    once done the journal forgets every change (none can be undone across a restore).
    ``archive`` must come from :func:`read_archive`.
    """
    wanted = {e.path: e.data for e in archive.entries}
    with ws.changing() as journal:
        current = snapshot(ws, validate=False)
        has_now = {e.path: e.data for e in current}
        changes = [
            FileChange(path, has_now[path] if path in has_now else _bytes_or_none(ws, path), data)
            for path, data in wanted.items()
        ]
        removed = [path for path in has_now if path not in wanted]
        changes += [FileChange(path, has_now[path], None) for path in removed]
        saved = build_archive(current, now)
        _check_restore(ws, journal, changes, len(saved))
        before = free_path(ws.root / BACKUP_FOLDER, f"before-restore-{stamp(now)}", ".zip")
        _write_new(before, saved)
        forgotten = len(journal.names())
        try:
            os.chmod(ws.root, FOLDER_MODE)
            if any(path.startswith(f"{TEMPLATE_FOLDER}/") for path in wanted):
                folder = ws.root / TEMPLATE_FOLDER
                folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
                os.chmod(folder, FOLDER_MODE)
        except OSError as exc:
            raise StorageError(
                f"cannot prepare {ws.root}: {exc.strerror or exc}; nothing was restored"
            ) from None
        journal.commit(changes, ws.describe, now, forget=True)
        fsync_folder(ws.root)
    return RestoreResult(len(wanted), tuple(removed), before, forgotten)


def _bytes_or_none(ws: Workspace, path: str) -> bytes | None:
    """A file the snapshot left out (a symlink to a document): its bytes, or None."""
    try:
        return (ws.root / path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StorageError(
            f"cannot read {ws.root / path}: {exc.strerror or exc}; nothing was restored"
        ) from None


def _check_restore(ws: Workspace, journal: Journal, changes: list[FileChange], saved: int) -> None:
    """Refuse, before anything is written, a restore that would stop halfway here."""
    for change in changes:
        problem = name_problem(change.name)
        if problem is None and len(os.fsencode(ws.root / change.name)) + TEMP_NAME_EXTRA >= 4096:
            problem = f"the path {ws.root / change.name} is too long"
        if problem is not None:
            raise StorageError(f"{problem}; nothing was restored")
    folder = ws.root / TEMPLATE_FOLDER
    if any(c.name.startswith(f"{TEMPLATE_FOLDER}/") for c in changes) and (
        folder.is_symlink() or (folder.exists() and not folder.is_dir())
    ):
        raise StorageError(f"{folder} is not a folder; nothing was restored")
    journal.check_paths(changes)
    written = sum(len(c.after or b"") for c in changes)
    held = sum(len(c.before or b"") for c in changes)
    # the archive of the workspace as it is, the files, and the journal's entry (at
    # worst the files before and after, base64: 4/3), with a megabyte to spare
    needed = saved + written + (held + written) * 4 // 3 + MB
    try:
        free = shutil.disk_usage(ws.root).free
    except OSError:
        return  # a file system that does not say: the journal still puts back a failure
    if free < needed:
        raise StorageError(
            f"not enough free space in {ws.root} to restore: {needed // MB + 1} MB needed, "
            f"{free // MB} MB free; nothing was restored",
            hint="free some space and run the command again",
        )
