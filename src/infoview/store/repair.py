"""`infoview doctor --restore` and `--fix-permissions`: the repairs, each safe to repeat.

Repairs never delete anything: :func:`restore_backup` keeps the damaged file in
``backups/`` before it puts the last good copy back (under the workspace lock,
atomically), :func:`fix_permissions` only changes modes, and
:func:`complete_interrupted` finishes a change from the journal as the next change would.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from infoview.model.errors import DataError, InvalidInput, StorageError
from infoview.store.backup import stamp
from infoview.store.doctor import (
    NO_BACKUP_FIX,
    PERMISSIONS_FIX,
    good_backups,
    is_workspace,
    mode_of,
    private_files,
    private_folders,
)
from infoview.store.document import (
    BACKUP_FOLDER,
    decode,
    is_special,
    kind_of,
    loose_version,
    read_document_bytes,
)
from infoview.store.files import FILE_MODE, FOLDER_MODE, atomic_write, free_path
from infoview.store.journal import Entry, Journal
from infoview.store.registry import ALL_DOCUMENTS, DOCUMENTS_BY_NAME
from infoview.store.workspace import Workspace


@dataclass(frozen=True)
class Restored:
    """What :func:`restore_backup` did."""

    path: Path  # the workspace file, now holding the backup's bytes
    source: Path  # the backup it came from
    set_aside: Path | None  # where the damaged file is kept (None if there was none)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "source": str(self.source),
            "set_aside": str(self.set_aside) if self.set_aside else None,
        }


@dataclass(frozen=True)
class ModeChange:
    path: Path
    before: int
    after: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "before": f"{self.before:04o}",
            "after": f"{self.after:04o}",
        }


@dataclass(frozen=True)
class PermissionFix:
    """What :func:`fix_permissions` changed, and what it could not."""

    changed: tuple[ModeChange, ...] = ()
    failed: tuple[tuple[Path, str], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "changed": [c.as_dict() for c in self.changed],
            "failed": [{"path": str(p), "error": e} for p, e in self.failed],
        }


def complete_interrupted(ws: Workspace) -> list[Entry]:
    """Complete every change a dead process left half done (as the next change would)."""
    if not ws.root.is_dir():
        return []
    with ws.lock():
        return Journal(ws.root).complete_interrupted()


def restore_backup(ws: Workspace, filename: str, now: datetime) -> Restored:
    """Put the newest good backup of a damaged (or newer) document back in its place.

    Under the workspace lock: the backup is validated, the damaged file is copied
    to ``backups/NAME.damaged-YYYYMMDD-HHMMSS`` (``.newer-`` for a newer one),
    then the backup replaces it atomically. A healthy file is refused
    (:class:`InvalidInput`), and so is a damaged one without a good backup.
    """
    doc = DOCUMENTS_BY_NAME.get(filename)
    if doc is None:
        known = ", ".join(DOCUMENTS_BY_NAME)
        raise InvalidInput(f"{filename} is not a workspace file (they are: {known})")
    path = ws.path_of(doc)
    if not ws.root.is_dir():
        raise InvalidInput(f"the workspace {ws.root} does not exist; nothing to restore")
    with ws.lock():
        if path.is_symlink() or is_special(path):
            what = "a symlink" if path.is_symlink() else kind_of(path)
            raise InvalidInput(
                f"{path} is {what}, not a regular file; infoview does not replace it",
                hint="move it out of the workspace first",
            )
        raw: bytes | None
        over_limit = False  # too large to hold in memory: kept by a hard link instead
        try:
            raw = read_document_bytes(path)
        except FileNotFoundError:
            raw = None
        except DataError:  # larger than any document (a folder or FIFO was refused above)
            raw, over_limit = None, True
        except OSError as exc:
            raise StorageError(
                f"cannot read {path}: {exc.strerror or exc}", hint=PERMISSIONS_FIX
            ) from None
        reason = "damaged"
        if raw is not None:
            try:
                decode(doc, raw, path)
            except DataError:
                if (loose_version(raw) or 0) > doc.version:
                    reason = "newer"
            else:
                raise InvalidInput(f"{path} is not damaged; nothing was restored")
        backups = good_backups(ws, doc)
        if not backups:
            raise InvalidInput(
                f"there is no good backup of {path}; nothing was restored",
                hint=NO_BACKUP_FIX.removeprefix("there is no good backup: "),
            )
        source = backups[0]
        try:
            data = read_document_bytes(source)
            decode(doc, data, source)  # still good, now that the lock is held
            aside = None
            if raw is not None or over_limit:
                aside = free_path(ws.root / BACKUP_FOLDER, f"{filename}.{reason}-{stamp(now)}")
                if raw is None:
                    os.link(path, aside)
                else:
                    atomic_write(aside, raw)
            atomic_write(path, data)
        except OSError as exc:
            raise StorageError(
                f"could not restore {path}: {exc.strerror or exc}; the file is as it was"
            ) from None
    return Restored(path, source, aside)


def fix_permissions(ws: Workspace) -> PermissionFix:
    """Make the workspace folders 0700 and infoview's files in them 0600.

    Only infoview's own files are touched (``private_files``: the documents, the lock,
    ``backups/``, ``journal/``, the templates; symlinks are left alone), and only in
    a folder that holds one of its documents or its ``backups/`` folder: any other
    folder is refused (:class:`InvalidInput`) and nothing is changed.
    """
    changed: list[ModeChange] = []
    failed: list[tuple[Path, str]] = []

    def set_mode(path: Path, wanted: int) -> None:
        before = mode_of(path)
        if before is None or before == wanted:
            return
        try:
            os.chmod(path, wanted)
        except OSError as exc:
            failed.append((path, str(exc.strerror or exc)))
        else:
            changed.append(ModeChange(path, before, wanted))

    if not ws.root.is_dir():
        return PermissionFix()
    if not is_workspace(ws):
        names = ", ".join(doc.filename for doc in ALL_DOCUMENTS)
        raise InvalidInput(
            f"{ws.root} is not an infoview workspace: it holds none of infoview's files "
            f"({names}, {BACKUP_FOLDER}/); no mode was changed",
            hint="check --home or INFOVIEW_HOME, which name the workspace folder",
        )
    # Folders first: a folder without x would hide the modes of the files in it.
    for folder in private_folders(ws):
        set_mode(folder, FOLDER_MODE)
    for path in private_files(ws):
        set_mode(path, FILE_MODE)
    return PermissionFix(tuple(changed), tuple(failed))
