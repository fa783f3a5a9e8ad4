"""Backing up the whole workspace to one archive, and restoring one.

:func:`write_backup` takes a snapshot under the workspace lock and writes it
as an archive (``store/archive.py``). :func:`restore` takes an archive that
:func:`~infoview.store.archive.read_archive` has checked completely; only then,
under the lock, the current workspace is saved as
``backups/before-restore-YYYYMMDD-HHMMSS.zip`` and its files are replaced.

Neither archives the journal (``store/journal.py``): both first complete a change
a dead process left half done, and a restore clears the journal (the changes it
held are not the ones that led to the files restored, so none can be undone).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from infoview.model.errors import DataError, InvalidInput, StorageError
from infoview.store.archive import TEMPLATE_SUFFIX, Archive, Entry, build_archive
from infoview.store.document import BACKUP_FOLDER, decode, loose_version
from infoview.store.files import FOLDER_MODE, atomic_write, free_path, fsync_folder
from infoview.store.journal import Journal
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
    """Replace the workspace's files with the archive's, under the lock.

    The current workspace is first saved to ``backups/before-restore-*.zip``.
    Files the archive does not hold are removed. ``archive`` must come from
    :func:`read_archive`.
    """
    wanted = {e.path: e.data for e in archive.entries}
    removed: list[str] = []
    with ws.changing() as journal:
        os.chmod(ws.root, FOLDER_MODE)
        current = snapshot(ws, validate=False)
        before = free_path(ws.root / BACKUP_FOLDER, f"before-restore-{stamp(now)}", ".zip")
        _write_new(before, build_archive(current, now))
        has_now = {e.path for e in current}
        forgotten = _forget_changes(journal)
        try:
            if any(path.startswith(f"{TEMPLATE_FOLDER}/") for path in wanted):
                folder = ws.root / TEMPLATE_FOLDER
                if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
                    raise StorageError(f"{folder} is not a folder; nothing was restored")
                folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
                os.chmod(folder, FOLDER_MODE)
            for path, data in wanted.items():
                atomic_write(ws.root / path, data)  # also when equal: the mode becomes 0600
            for path in has_now:
                if path not in wanted:
                    (ws.root / path).unlink()
                    removed.append(path)
        except OSError as exc:
            raise StorageError(
                f"the restore stopped halfway: {exc.strerror or exc}",
                hint=f"the workspace as it was is saved in {before}; restore it",
            ) from None
        fsync_folder(ws.root)
    return RestoreResult(len(wanted), tuple(removed), before, forgotten)


def _forget_changes(journal: Journal) -> int:
    """Clear the journal before the files are replaced: no undo may reach across a restore."""
    try:
        return journal.clear()
    except StorageError:
        return 0  # a journal folder it cannot read: each undo refuses files changed since
