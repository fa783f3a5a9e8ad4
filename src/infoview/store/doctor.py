"""`infoview doctor`: check the whole workspace, and repair what can be repaired safely.

What is checked (docs/architecture.md, "Storage rules"):

* every document of :data:`archive.ALL_DOCUMENTS`: missing is fine (it reads as empty); a
  file that does not decode or validate is *damaged*; one written by a newer infoview is
  *newer*; either stops every command that reads it (exit 3);
* the references between files: a ``referred_by``, a plan, an outreach record, an
  interview (and its referrals), a logged contact or the guide naming a person who is not
  on the list (a warning: commands go on);
* every stored email address in full (a load checks its shape only): a warning if refused;
* permissions: the folder, ``backups/``, ``journal/``, ``templates/`` 0700, every file 0600;
* temp files an interrupted write left behind (``.NAME.XXXXXXXX.tmp``);
* the journal (``store/journal.py``): a change a dead process left half done, and an entry
  that cannot be read;
* the backups: each previous good copy, each pre-migration copy, each archive saved
  before a restore, and whether each is itself valid.

Repairs never delete anything: :func:`restore_backup` keeps the damaged file in
``backups/`` before it puts the last good copy back (under the workspace lock, atomically),
and :func:`fix_permissions` only changes modes. The core never prints or exits: it returns
the dataclasses below (``as_dict()`` for ``--json``) and raises :class:`InfoviewError` subclasses.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from infoview.model.dates import show, to_iso
from infoview.model.errors import DataError, InvalidInput, StorageError
from infoview.store.archive import TEMPLATE_SUFFIX, read_archive
from infoview.store.document import (
    BACKUP_FOLDER,
    Document,
    decode,
    is_special,
    kind_of,
    loose_version,
    read_document_bytes,
)
from infoview.store.files import FILE_MODE, FOLDER_MODE, temp_file_target
from infoview.store.journal import JOURNAL_FOLDER, EntryDamaged, Journal
from infoview.store.registry import ALL_DOCUMENTS, DOCUMENTS_BY_NAME, PROSPECTS, dangling
from infoview.store.stored_emails import stored_email_problems
from infoview.store.workspace import LOCK_FILE, TEMPLATE_FOLDER, Workspace

Severity = Literal["error", "warning"]
FileState = Literal["ok", "missing", "damaged", "newer", "unreadable"]
BackupKind = Literal["copy", "schema", "archive", "set-aside", "other"]

_SCHEMA_COPY = re.compile(r"^(?P<stem>.+)\.schema(?P<version>\d+)\.json$")
_SET_ASIDE = re.compile(r"^(?P<target>.+)\.(?:damaged|newer)-\d{8}-\d{6}(?:-\d+)?$")

RESTORE_FIX = "run `infoview doctor --restore` to bring back"
INTERRUPTED_FIX = "any next change completes it, or run `infoview doctor --restore`"
PERMISSIONS_FIX = "run `infoview doctor --fix-permissions`"
NO_BACKUP_FIX = (
    "there is no good backup: fix the file by hand, bring back a whole archive with "
    "`infoview restore FILE`, or move it away to start that part afresh"
)


@dataclass(frozen=True)
class Problem:
    """One thing found wrong: which file, what, and how to put it right."""

    severity: Severity
    kind: str  # damaged, newer, unreadable, reference, email, check, permissions, leftover
    path: Path
    message: str  # names the file
    fix: str

    def line(self) -> str:
        return f"{self.severity}: {self.message}; fix: {self.fix}"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "path": str(self.path)}


@dataclass(frozen=True)
class FileReport:
    """One document of the workspace as the doctor found it."""

    name: str
    path: Path
    state: FileState
    schema_version: int | None = None
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "path": str(self.path)}


@dataclass(frozen=True)
class Backup:
    """One file in ``backups/``: what it is a copy of, when it was saved, whether it is usable."""

    path: Path
    kind: BackupKind
    document: str | None  # the workspace file it is a copy of (None for archives)
    saved_at: datetime
    valid: bool | None  # None: not checked (a set-aside damaged file)
    problem: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "path": str(self.path), "saved_at": to_iso(self.saved_at)}


@dataclass(frozen=True)
class Checkup:
    """Everything :func:`check` found."""

    root: Path
    exists: bool
    files: tuple[FileReport, ...] = ()
    problems: tuple[Problem, ...] = ()
    backups: tuple[Backup, ...] = ()
    changes: int = 0  # the changes the journal holds: how many `infoview undo` can step back

    @property
    def damaged(self) -> tuple[FileReport, ...]:
        """The documents a backup could replace: damaged or from a newer infoview."""
        return tuple(f for f in self.files if f.state in ("damaged", "newer"))

    @property
    def status(self) -> Literal["ok", "problems", "damaged"]:
        """``damaged``: a file stops the commands that read it (exit 3); ``problems``: the
        rest (unreadable files, references, permissions, leftovers)."""
        if self.damaged:
            return "damaged"
        return "problems" if self.problems else "ok"

    def as_dict(self) -> dict[str, Any]:
        return {
            "workspace": str(self.root),
            "exists": self.exists,
            "status": self.status,
            "files": [f.as_dict() for f in self.files],
            "problems": [p.as_dict() for p in self.problems],
            "backups": [b.as_dict() for b in self.backups],
            "changes": self.changes,
        }


# --- checking ------------------------------------------------------------------


def mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def saved_at(path: Path) -> datetime:
    """When ``path`` was last written, in local time (the epoch if it cannot be told)."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    except OSError:
        return datetime.fromtimestamp(0).astimezone()


def _validate(doc: Document[Any], path: Path) -> tuple[Any, int]:
    """Read and decode one file; :class:`DataError` or :class:`OSError` if it cannot be used."""
    return decode(doc, read_document_bytes(path), path)


def good_backups(ws: Workspace, doc: Document[Any]) -> list[Path]:
    """The backups of ``doc`` this infoview can read, newest first.

    The previous good copy (``backups/NAME``) and the copies kept before a
    migration (``backups/STEM.schemaN.json``); archives are restored whole with
    ``infoview restore``.
    """
    folder = ws.root / BACKUP_FOLDER
    if not folder.is_dir():
        return []
    usable = []
    for path in folder.iterdir():
        copy = _backup_of(path.name)
        if copy is None or copy[0] != doc.filename or path.is_symlink() or not path.is_file():
            continue
        try:
            _validate(doc, path)
        except (DataError, OSError):
            continue
        usable.append(path)
    return sorted(usable, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def _describe_backup(path: Path) -> str:
    return f"{path} (saved {show(saved_at(path))})"


def _check_document(
    ws: Workspace, doc: Document[Any], problems: list[Problem], models: dict[str, Any]
) -> FileReport:
    """Decode one document; what is wrong goes to ``problems``, a usable model to ``models``."""
    path = ws.path_of(doc)

    def unreadable(exc: OSError) -> FileReport:
        why = exc.strerror or str(exc)
        fix = PERMISSIONS_FIX if isinstance(exc, PermissionError) else "check the disk"
        problems.append(Problem("error", "unreadable", path, f"{path} cannot be read: {why}", fix))
        return FileReport(doc.filename, path, "unreadable", detail=why)

    raw = b""
    try:
        raw = read_document_bytes(path)
        model, version = decode(doc, raw, path)
    except FileNotFoundError:
        if path.is_symlink():
            return unreadable(
                FileNotFoundError(f"a symlink to {os.readlink(path)}, which is missing")
            )
        models[doc.filename] = doc.empty()
        return FileReport(doc.filename, path, "missing", detail="not created yet (reads as empty)")
    except OSError as exc:
        return unreadable(exc)
    except DataError as exc:
        return _damaged(ws, doc, raw, exc, problems)
    models[doc.filename] = model
    detail = f"schema {version}"
    if version < doc.version:
        detail += f" (upgraded to {doc.version} at the next change)"
    return FileReport(doc.filename, path, "ok", version, detail)


def _damaged(
    ws: Workspace, doc: Document[Any], raw: bytes, exc: DataError, problems: list[Problem]
) -> FileReport:
    """Report a document that cannot be used, with the fix: restore, upgrade, or move it."""
    path = ws.path_of(doc)
    backups = good_backups(ws, doc)
    newer = (loose_version(raw) or 0) > doc.version
    detail = exc.message.removeprefix(f"{path} ").removeprefix("is damaged: ")
    if is_special(path):
        kind = kind_of(path)
        what = kind.split(" (")[0].replace("a ", "the ", 1) if kind.startswith("a ") else "it:"
        fix = f"move {what} {path} out of the workspace (infoview reads only regular files)"
        if backups:
            fix += f", then copy back its last good backup: cp '{backups[0]}' '{path}'"
        detail = f"{kind}, not a file"
    elif newer:
        fix = "upgrade infoview (pip install --upgrade infoview)"
        if backups:
            fix += f", or {RESTORE_FIX} the older {_describe_backup(backups[0])}"
    elif backups:
        fix = f"{RESTORE_FIX} {_describe_backup(backups[0])}"
    else:
        fix = NO_BACKUP_FIX
    state: FileState = "newer" if newer else "damaged"
    problems.append(Problem("error", state, path, exc.message, fix))
    return FileReport(doc.filename, path, state, loose_version(raw), detail)


def _check_references(ws: Workspace, models: dict[str, Any], problems: list[Problem]) -> None:
    """Every person id in any file must name someone in prospects.json (the registry
    says which fields hold person ids)."""
    people = models.get(PROSPECTS.filename)
    if people is None:
        return  # without the list nothing can be checked against it
    for found in dangling(models, {p.id for p in people.prospects}):
        path = ws.root / found.doc.filename
        message = f"{path}: {found.describe()}, who is not in prospects.json"
        problems.append(Problem("warning", "reference", path, message, found.fix(str(path))))


def is_workspace(ws: Workspace) -> bool:
    """Whether the folder holds one of infoview's documents or its ``backups/`` folder:
    only then are modes checked and changed (any other folder is not infoview's)."""
    backups = ws.root / BACKUP_FOLDER
    if backups.is_dir() and not backups.is_symlink():
        return True
    return any(ws.path_of(doc).is_file() for doc in ALL_DOCUMENTS)


def private_folders(ws: Workspace) -> list[Path]:
    """The workspace folder and infoview's folders in it ([] if it is not a workspace)."""
    if not is_workspace(ws):
        return []
    names = (BACKUP_FOLDER, JOURNAL_FOLDER, TEMPLATE_FOLDER)
    folders = [ws.root, *(ws.root / name for name in names)]
    return [f for f in folders if not f.is_symlink() and f.is_dir()]


def _own_file(folder: Path, ws: Workspace, name: str) -> bool:
    """Whether ``folder/name`` is one of infoview's files: in the workspace folder itself
    a document, the lock or a temp file of a document; in ``templates/`` a template;
    anything in ``backups/`` and ``journal/``."""
    if folder == ws.root:
        target = temp_file_target(name)
        return name == LOCK_FILE or (target or name) in DOCUMENTS_BY_NAME
    if folder == ws.root / TEMPLATE_FOLDER:
        return Path(temp_file_target(name) or name).suffix == TEMPLATE_SUFFIX
    return True


def private_files(ws: Workspace) -> list[Path]:
    """infoview's own regular files in the workspace folders (symlinks and the files of
    anyone else are left alone)."""
    files: list[Path] = []
    for folder in private_folders(ws):
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        own = [p for p in entries if _own_file(folder, ws, p.name)]
        files += [p for p in own if not p.is_symlink() and p.is_file()]
    return files


def _check_permissions(ws: Workspace, problems: list[Problem]) -> None:
    files = [p for p in private_files(ws) if temp_file_target(p.name) is None]  # leftovers: apart
    for path in [*private_folders(ws), *files]:
        mode, folder = mode_of(path), path.is_dir()
        wanted = FOLDER_MODE if folder else FILE_MODE
        if mode is None or mode == wanted:
            continue
        what = f"the folder {path}" if folder else str(path)
        loose = (" (others can look inside)" if mode & 0o077 else "") if folder else ""
        loose = loose or (" (others can read it)" if not folder and mode & 0o044 else "")
        message = f"{what} has mode {mode:04o}, not {wanted:04o}{loose}"
        problems.append(Problem("warning", "permissions", path, message, PERMISSIONS_FIX))


def _check_leftovers(ws: Workspace, problems: list[Problem]) -> None:
    for path in private_files(ws):
        target = temp_file_target(path.name)
        if target is None:
            continue
        problems.append(
            Problem(
                "warning",
                "leftover",
                path,
                f"{path} was left by an interrupted write; {path.parent / target} "
                "is complete without it",
                f"delete it (rm '{path}')",
            )
        )


def _backup_of(name: str) -> tuple[str, BackupKind] | None:
    """Which document a file in ``backups/`` is a copy of, and what kind of copy."""
    if name in DOCUMENTS_BY_NAME:
        return name, "copy"
    match = _SCHEMA_COPY.match(name)
    if match is not None and f"{match['stem']}.json" in DOCUMENTS_BY_NAME:
        return f"{match['stem']}.json", "schema"
    return None


def _backup(path: Path) -> Backup:
    when = saved_at(path)
    copy = _backup_of(path.name)
    if copy is not None:
        name, kind = copy
        try:
            _validate(DOCUMENTS_BY_NAME[name], path)
        except DataError as exc:
            problem = exc.message.removeprefix(f"{path} ").removeprefix("is damaged: ")
            return Backup(path, kind, name, when, False, problem)
        except OSError as exc:
            return Backup(path, kind, name, when, False, str(exc.strerror or exc))
        return Backup(path, kind, name, when, True)
    if path.suffix == ".zip":
        try:
            read_archive(path)
        except (DataError, InvalidInput) as exc:
            return Backup(path, "archive", None, when, False, exc.message)
        return Backup(path, "archive", None, when, True)
    aside = _SET_ASIDE.match(path.name)
    if aside is not None:
        return Backup(path, "set-aside", aside["target"], when, None)
    return Backup(path, "other", None, when, None)


def list_backups(ws: Workspace) -> list[Backup]:
    """Every file in ``backups/``, oldest first, and whether each can be used."""
    folder = ws.root / BACKUP_FOLDER
    if not folder.is_dir():
        return []
    found = [
        _backup(path)
        for path in folder.iterdir()
        if not path.is_symlink() and path.is_file() and temp_file_target(path.name) is None
    ]
    return sorted(found, key=lambda b: (b.saved_at, str(b.path)))


def check(ws: Workspace) -> Checkup:
    """Look at the whole workspace (under the lock when it can be taken); change nothing."""
    ws.check_folder()
    if not ws.root.is_dir():
        files = tuple(
            FileReport(d.filename, ws.path_of(d), "missing", detail="not created yet")
            for d in ALL_DOCUMENTS
        )
        return Checkup(ws.root, exists=False, files=files)
    with ws.lock(best_effort=True):
        problems: list[Problem] = []
        models: dict[str, Any] = {}
        files = tuple(_check_document(ws, doc, problems, models) for doc in ALL_DOCUMENTS)
        _check_references(ws, models, problems)
        for found in stored_email_problems(ws.root, models):
            problems.append(Problem("warning", "email", *found))
        _check_permissions(ws, problems)
        _check_leftovers(ws, problems)
        changes = _check_journal(ws, problems)
        backups = tuple(list_backups(ws))
    return Checkup(ws.root, True, files, tuple(problems), backups, changes)


def _check_journal(ws: Workspace, problems: list[Problem]) -> int:
    """Report a ``backups/`` or ``journal/`` that is not a real folder (every change
    refuses to write through it), a change left half done and an entry that cannot be
    read; count the rest."""
    for unsafe in ws.unsafe_folders():
        fix = "move it out of the workspace; infoview makes a private folder in its place"
        problems.append(Problem("error", "unsafe", ws.root, unsafe, fix))
    changes = 0
    try:
        entries = Journal(ws.root).entries()
    except StorageError as exc:  # the folder itself cannot be read
        folder = ws.root / JOURNAL_FOLDER
        problems.append(Problem("error", "unreadable", folder, exc.message, PERMISSIONS_FIX))
        return 0
    for found in entries:  # each entry's checksums are checked as it is read
        if isinstance(found, EntryDamaged):
            held = "the change it held may be half done: check those files, then"
            fix = held if ".pending" in found.path.name else "undo cannot step past it:"
            fix += f" delete it (rm '{found.path}')"
            problems.append(Problem("error", "journal", found.path, found.message, fix))
            continue
        if not found.pending:
            changes += 1
            continue
        message = (
            f"a change was interrupted: {found.description!r} of {show(found.time)} "
            f"is half done, so {', '.join(found.files)} may not agree"
        )
        problems.append(Problem("error", "interrupted", found.path, message, INTERRUPTED_FIX))
    return changes
