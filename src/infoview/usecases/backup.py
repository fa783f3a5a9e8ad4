"""Backing up the whole workspace to one archive, and putting an archive back.

An archive is built here and written by the CLI (it is a file the student
named). Restoring is two steps with the student's answer in between: the
archive is read and checked completely first (:func:`open_archive`), and only
then does :func:`restore_archive` replace the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from infoview.store.archive import Archive, read_archive
from infoview.store.backup import (
    RestoreResult,
    backup_bytes,
    check_destination,
    default_archive_name,
    refuse_existing,
    restore,
)
from infoview.store.workspace import Workspace

__all__ = [
    "Archive",
    "BackupArchive",
    "RestoreResult",
    "backup_workspace",
    "default_archive_name",
    "open_archive",
    "refuse_existing",
    "restore_archive",
]


@dataclass(frozen=True)
class BackupArchive:
    """An archive of the workspace, ready to be written to ``dest``."""

    dest: Path
    data: bytes
    count: int  # the files it holds


def backup_workspace(ws: Workspace, dest: Path, now: datetime) -> BackupArchive:
    """The archive of the whole workspace for the new file ``dest`` (absolute).

    Refuses a ``dest`` that exists (an archive never replaces a file) or whose
    folder does not, a missing workspace and a damaged file. The caller writes
    the bytes, after :func:`refuse_existing` once more (the file may have
    appeared meanwhile).
    """
    check_destination(dest)
    data, count = backup_bytes(ws, now)
    return BackupArchive(dest, data, count)


def open_archive(source: Path) -> Archive:
    """Read and check an archive completely; nothing is written.

    A missing file or one that is not a zip is :class:`InvalidInput` (exit 1);
    a damaged or changed archive is :class:`DataError` (exit 3).
    """
    return read_archive(source)


def restore_archive(ws: Workspace, archive: Archive, now: datetime) -> RestoreResult:
    """Replace the workspace with a checked archive, saving it first in
    ``backups/before-restore-YYYYMMDD-HHMMSS.zip``; the undo history is cleared."""
    return restore(ws, archive, now)
