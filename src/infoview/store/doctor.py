"""`infoview doctor`: check the whole workspace, and repair what can be repaired safely.

What is checked (DESIGN.md, "Storage"):

* every document of :data:`archive.ALL_DOCUMENTS`: missing is fine (it reads as
  empty); a file that does not decode or validate is *damaged*; one written by a
  newer infoview is *newer*; either stops every command that reads it (exit 3);
* the references between files: a ``referred_by``, a plan, an outreach record,
  an interview (and its referrals), a logged contact or the guide naming a
  person who is not on the list (a warning: commands go on);
* permissions: the folder, ``backups/`` and ``templates/`` 0700, every file 0600;
* temp files an interrupted write left behind (``.NAME.XXXXXXXX.tmp``);
* the backups: each previous good copy, each pre-migration copy, each archive
  saved before a restore, and whether each is itself valid.

Repairs never delete anything: :func:`restore_backup` keeps the damaged file in
``backups/`` before it puts the last good copy back (under the workspace lock,
atomically), and :func:`fix_permissions` only changes modes.

The core never prints or exits: it returns the dataclasses below (each with
``as_dict()`` for ``--json``) and raises :class:`InfoviewError` subclasses.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from infoview.model.errors import DataError, InvalidInput, StorageError, WorkspaceBusy
from infoview.rules.drafting import TEMPLATE_FOLDER
from infoview.store.backup import ALL_DOCUMENTS, DOCUMENTS_BY_NAME, read_archive, stamp
from infoview.store.workspace import (
    BACKUP_FOLDER,
    FILE_MODE,
    FOLDER_MODE,
    LOCK_FILE,
    Document,
    Workspace,
    atomic_write,
    decode,
)

Severity = Literal["error", "warning"]
FileState = Literal["ok", "missing", "damaged", "newer", "unreadable"]
BackupKind = Literal["copy", "schema", "archive", "set-aside", "other"]

# atomic_write's temp files: ".<name>.<random>.tmp" in the folder of <name>.
_TEMP_FILE = re.compile(r"^\.(?P<target>.+)\.[^.]+\.tmp$")
_SCHEMA_COPY = re.compile(r"^(?P<stem>.+)\.schema(?P<version>\d+)\.json$")
_SET_ASIDE = re.compile(r"^(?P<target>.+)\.(?:damaged|newer)-\d{8}-\d{6}(?:-\d+)?$")

RESTORE_FIX = "run `infoview doctor --restore` to bring back"
PERMISSIONS_FIX = "run `infoview doctor --fix-permissions`"
NO_BACKUP_FIX = (
    "there is no good backup: fix the file by hand, bring back a whole archive with "
    "`infoview restore FILE`, or move it away to start that part afresh"
)


@dataclass(frozen=True)
class Problem:
    """One thing found wrong: which file, what, and how to put it right."""

    severity: Severity
    kind: str  # damaged, newer, unreadable, reference, check, permissions, leftover
    path: Path
    message: str  # names the file
    fix: str

    def line(self) -> str:
        return f"{self.severity}: {self.message}; fix: {self.fix}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "kind": self.kind,
            "path": str(self.path),
            "message": self.message,
            "fix": self.fix,
        }


@dataclass(frozen=True)
class FileReport:
    """One document of the workspace as the doctor found it."""

    name: str
    path: Path
    state: FileState
    schema_version: int | None = None
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": str(self.path),
            "state": self.state,
            "schema_version": self.schema_version,
            "detail": self.detail,
        }


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
        return {
            "path": str(self.path),
            "kind": self.kind,
            "document": self.document,
            "saved_at": self.saved_at.isoformat(timespec="seconds"),
            "valid": self.valid,
            "problem": self.problem,
        }


@dataclass(frozen=True)
class Checkup:
    """Everything :func:`check` found."""

    root: Path
    exists: bool
    files: tuple[FileReport, ...] = ()
    problems: tuple[Problem, ...] = ()
    backups: tuple[Backup, ...] = ()

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
        }


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


# --- the lock ----------------------------------------------------------------


@contextlib.contextmanager
def _locked(ws: Workspace, *, required: bool) -> Iterator[None]:
    """Hold the workspace lock, so no command writes while the doctor looks or repairs.

    Without ``required`` a workspace where the lock cannot be taken at all (a
    read-only folder, an unreadable lock file) is still checked, unlocked.
    """
    from filelock import FileLock, Timeout

    if not ws.root.is_dir():
        if required:
            raise InvalidInput(f"the workspace {ws.root} does not exist; nothing to restore")
        yield
        return
    lock = FileLock(str(ws.root / LOCK_FILE), timeout=ws.lock_timeout, mode=FILE_MODE)
    try:
        lock.acquire()
    except Timeout:
        raise WorkspaceBusy(
            f"the workspace {ws.root} is busy: another infoview command has held it "
            f"for {ws.lock_timeout:g} s",
            hint="wait for it to finish and try again",
        ) from None
    except OSError as exc:
        if required:
            raise StorageError(
                f"cannot lock {ws.root}: {exc.strerror or exc}",
                hint="try `infoview doctor --fix-permissions`",
            ) from None
        yield
        return
    try:
        yield
    finally:
        lock.release()


# --- checking ------------------------------------------------------------------


def _mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


def _saved_at(path: Path) -> datetime:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    except OSError:
        return datetime.fromtimestamp(0).astimezone()


def _loose_version(raw: bytes) -> int | None:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    version = data.get("schema_version") if isinstance(data, dict) else None
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def _validate(doc: Document[Any], path: Path) -> tuple[Any, int, list[str]]:
    """Read and decode one file; :class:`DataError` or :class:`OSError` if it cannot be used."""
    if path.is_dir():
        raise DataError(f"{path} is a folder, not a file")
    return decode(doc, path.read_bytes(), path)


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
    return f"{path} (saved {_saved_at(path):%Y-%m-%d %H:%M})"


def _check_document(
    ws: Workspace,
    doc: Document[Any],
    problems: list[Problem],
    checks: list[Problem],
    models: dict[str, Any],
) -> FileReport:
    """Decode one document; what is wrong goes to ``problems``, its check's warnings to
    ``checks``, and a usable model to ``models``."""
    path = ws.path_of(doc)

    def unreadable(exc: OSError) -> FileReport:
        why = exc.strerror or str(exc)
        fix = PERMISSIONS_FIX if isinstance(exc, PermissionError) else "check the disk"
        problems.append(Problem("error", "unreadable", path, f"{path} cannot be read: {why}", fix))
        return FileReport(doc.filename, path, "unreadable", detail=why)

    try:
        is_folder = stat.S_ISDIR(path.stat().st_mode)
        raw = b"" if is_folder else path.read_bytes()
    except FileNotFoundError:
        if path.is_symlink():
            return unreadable(
                FileNotFoundError(f"a symlink to {os.readlink(path)}, which is missing")
            )
        models[doc.filename] = doc.empty()
        return FileReport(doc.filename, path, "missing", detail="not created yet (reads as empty)")
    except OSError as exc:
        return unreadable(exc)
    try:
        if is_folder:
            raise DataError(f"{path} is a folder, not a file")
        model, version, warnings = decode(doc, raw, path)
    except DataError as exc:
        backups = good_backups(ws, doc)
        newer = (_loose_version(raw) or 0) > doc.version
        if is_folder:
            fix = f"move the folder {path} out of the workspace"
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
        detail = exc.message.removeprefix(f"{path} ").removeprefix("is damaged: ")
        if is_folder:
            detail = "a folder, not a file"
        return FileReport(doc.filename, path, state, _loose_version(raw), detail)
    models[doc.filename] = model
    detail = f"schema {version}"
    if version < doc.version:
        detail += f" (upgraded to {doc.version} at the next change)"
    for warning in warnings:
        checks.append(
            Problem("warning", "check", path, f"{path}: {warning}", f"edit {path} by hand")
        )
    return FileReport(doc.filename, path, "ok", version, detail)


def _check_references(
    ws: Workspace, models: dict[str, Any], problems: list[Problem], warnings: list[Problem]
) -> None:
    """Every person id in one file must name someone in prospects.json.

    ``warnings`` are the documents' own check warnings: one that says what a
    reference problem says (prospects.json's dangling ``referred_by``) is left
    out, so the problem is listed once, with its fix.
    """
    if "prospects.json" not in models:
        problems += warnings
        return  # without the list nothing can be checked against it
    people = models["prospects.json"].prospects
    ids = {p.id for p in people}
    covered: list[tuple[Path, str, str]] = []  # (file, whose entry, the missing id)

    def dangling(filename: str, whose: str, what: str, target: str, fix: str = "") -> None:
        path = ws.root / filename
        message = f"{path}: {what} '{target}', who is not in prospects.json"
        if not fix:
            fix = f"remove that entry from {path} by hand, or add '{target}' back"
        problems.append(Problem("warning", "reference", path, message, fix))
        covered.append((path, whose, target))

    for p in people:
        if p.referred_by is not None and p.referred_by not in ids:
            fix = f'infoview prospect edit {p.id} --referred-by ""'
            dangling(
                "prospects.json", p.id, f"{p.name} ({p.id}) is referred_by", p.referred_by, fix
            )
    if (plans := models.get("plans.json")) is not None:
        for plan in plans.plans:
            if plan.person not in ids:
                dangling("plans.json", plan.person, "a question plan is for", plan.person)
    if (outreach := models.get("outreach.json")) is not None:
        for record in outreach.records:
            if record.person not in ids:
                dangling("outreach.json", record.person, "an outreach record is for", record.person)
    if (interviews := models.get("interviews.json")) is not None:
        for i in interviews.interviews:
            if i.person not in ids:
                dangling("interviews.json", i.id, f"the interview {i.id} is with", i.person)
            for referral in i.referrals:
                if referral not in ids:
                    dangling("interviews.json", i.id, f"the interview {i.id} lists", referral)
    if (contacts := models.get("contacts.json")) is not None:
        for contact in contacts.contacts:
            if contact.person not in ids:
                dangling(
                    "contacts.json", contact.person, "a logged contact is with", contact.person
                )
    if (guide := models.get("guide.json")) is not None:
        for label, value in (
            ("first person is", guide.first_person),
            ("draft is for", guide.drafted_for),
        ):
            if value is not None and value not in ids:
                fix = "run `infoview start` to choose whom to ask first again"
                dangling("guide.json", label, f"the guide's {label}", value, fix)
    for warning in warnings:
        if not any(
            warning.path == path
            and f"({whose})" in warning.message
            and f"'{target}'" in warning.message
            for path, whose, target in covered
        ):
            problems.append(warning)


def _private_folders(ws: Workspace) -> list[Path]:
    folders = [ws.root, ws.root / BACKUP_FOLDER, ws.root / TEMPLATE_FOLDER]
    return [f for f in folders if not f.is_symlink() and f.is_dir()]


def _private_files(ws: Workspace) -> list[Path]:
    """Every regular file in the workspace folders (symlinks are left alone)."""
    files: list[Path] = []
    for folder in _private_folders(ws):
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        files += [p for p in entries if not p.is_symlink() and p.is_file()]
    return files


def _check_permissions(ws: Workspace, problems: list[Problem]) -> None:
    for folder in _private_folders(ws):
        mode = _mode(folder)
        if mode is not None and mode != FOLDER_MODE:
            problems.append(
                Problem(
                    "warning",
                    "permissions",
                    folder,
                    f"the folder {folder} has mode {mode:04o}, not {FOLDER_MODE:04o}"
                    + (" (others can look inside)" if mode & 0o077 else ""),
                    PERMISSIONS_FIX,
                )
            )
    for path in _private_files(ws):
        mode = _mode(path)
        if _TEMP_FILE.match(path.name):
            continue  # reported as a leftover: it is to be deleted, not kept private
        if mode is not None and mode != FILE_MODE:
            problems.append(
                Problem(
                    "warning",
                    "permissions",
                    path,
                    f"{path} has mode {mode:04o}, not {FILE_MODE:04o}"
                    + (" (others can read it)" if mode & 0o044 else ""),
                    PERMISSIONS_FIX,
                )
            )


def _check_leftovers(ws: Workspace, problems: list[Problem]) -> None:
    for path in _private_files(ws):
        match = _TEMP_FILE.match(path.name)
        if match is None:
            continue
        problems.append(
            Problem(
                "warning",
                "leftover",
                path,
                f"{path} was left by an interrupted write; {path.parent / match['target']} "
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
    when = _saved_at(path)
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
        if not path.is_symlink() and path.is_file() and not _TEMP_FILE.match(path.name)
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
    with _locked(ws, required=False):
        problems: list[Problem] = []
        checks: list[Problem] = []
        models: dict[str, Any] = {}
        files = tuple(_check_document(ws, doc, problems, checks, models) for doc in ALL_DOCUMENTS)
        _check_references(ws, models, problems, checks)
        _check_permissions(ws, problems)
        _check_leftovers(ws, problems)
        backups = tuple(list_backups(ws))
    return Checkup(ws.root, True, files, tuple(problems), backups)


# --- repairing -------------------------------------------------------------------


def _free_path(folder: Path, name: str) -> Path:
    path = folder / name
    n = 2
    while path.exists() or path.is_symlink():
        path = folder / f"{name}-{n}"
        n += 1
    return path


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
    with _locked(ws, required=True):
        if path.is_dir() or path.is_symlink():
            raise InvalidInput(
                f"{path} is not a regular file; infoview does not replace it",
                hint="move it out of the workspace first",
            )
        raw: bytes | None
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError as exc:
            raise StorageError(
                f"cannot read {path}: {exc.strerror or exc}", hint=PERMISSIONS_FIX
            ) from None
        reason = "damaged"
        if raw is not None:
            try:
                decode(doc, raw, path)
            except DataError:
                if (_loose_version(raw) or 0) > doc.version:
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
            data = source.read_bytes()
            decode(doc, data, source)  # still good, now that the lock is held
            aside = None
            if raw is not None:
                aside = _free_path(ws.root / BACKUP_FOLDER, f"{filename}.{reason}-{stamp(now)}")
                atomic_write(aside, raw)
            atomic_write(path, data)
        except OSError as exc:
            raise StorageError(
                f"could not restore {path}: {exc.strerror or exc}; the file is as it was"
            ) from None
    return Restored(path, source, aside)


def fix_permissions(ws: Workspace) -> PermissionFix:
    """Make the workspace folders 0700 and every file in them 0600 (symlinks are left alone)."""
    changed: list[ModeChange] = []
    failed: list[tuple[Path, str]] = []

    def set_mode(path: Path, wanted: int) -> None:
        before = _mode(path)
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
    # Folders first: a folder without x would hide the modes of the files in it.
    for folder in _private_folders(ws):
        set_mode(folder, FOLDER_MODE)
    for path in _private_files(ws):
        set_mode(path, FILE_MODE)
    return PermissionFix(tuple(changed), tuple(failed))


__all__ = [
    "Backup",
    "Checkup",
    "FileReport",
    "ModeChange",
    "PermissionFix",
    "Problem",
    "Restored",
    "check",
    "fix_permissions",
    "good_backups",
    "list_backups",
    "restore_backup",
]
