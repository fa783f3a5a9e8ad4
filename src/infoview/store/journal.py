"""The journal: every change to the workspace is written down before its first file is replaced.

A change is a list of files, each with its bytes before (None: absent) and after
(None: the change deletes it). Under the workspace lock, :meth:`Journal.commit`:

1. writes ``journal/NNNNNNNN.pending.json`` (0600, :func:`atomic_write`): the
   sequence number, the time, a description, and each file's bytes before and after
   (zlib, then base64, in JSON);
2. replaces the files one by one, each with :func:`atomic_write`;
3. once every file is new, writes each file's ``keep`` copies (``backups/NAME``: the
   previous good copy), so a failed change never replaces a good copy it kept;
4. marks the entry done by renaming it ``journal/NNNNNNNN.json``, and deletes the
   done entries older than the last :data:`KEEP`.

Before step 1 every path is checked (:meth:`Journal.check_paths`): ``journal/`` and
``backups/`` real folders (a symlink is never followed), each file and copy a regular
file or absent; otherwise the change is refused and nothing is written.

A process that dies between 1 and 4 leaves a pending entry. The next change (under
the lock) and ``infoview doctor --restore`` complete it (:meth:`complete_interrupted`):
every file not yet new gets its after bytes, then its copies, and the entry is marked
done. So a change of several files is all or nothing, even across a crash.
A failure the process lives to see (a full disk, Ctrl-C) puts back what it had
replaced and removes the entry: nothing changed; if even that fails, the entry
stays pending and the next command completes the change. A failure in step 3 comes
after every file is new: the entry stays pending for the next command to finish the
copies. An undo (``undoes``) is a change; once done, it removes its entry and the undone.
"""

from __future__ import annotations

import binascii
import contextlib
import json
import os
import re
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from infoview.model.dates import to_iso
from infoview.model.errors import DataError, InvalidInput, StorageError
from infoview.store.files import (
    FOLDER_MODE,
    atomic_write,
    checksum,
    file_problem,
    folder_problem,
    fsync_folder,
    pack_all,
    unpack,
)
from infoview.store.inputs import DOCUMENT_LIMIT, read_limited

JOURNAL_FOLDER = "journal"
KEEP = 20  # done entries kept: how many changes `infoview undo` can step back
ENTRY_FORMAT = 1
DEFAULT_DESCRIPTION = "a change"

_ENTRY_NAME = re.compile(r"(?P<sequence>\d{8,})(?P<pending>\.pending)?\.json")
# What an entry may name: a file of the workspace folder or of its backups/ folder,
# or one of the student's templates (a restore writes them).
_FILE_NAME = re.compile(
    r"(?:backups/)?[A-Za-z0-9_][A-Za-z0-9_.-]*|templates/[^/\x00-\x1f.][^/\x00-\x1f]*"
)
BACKUP_FOLDER = "backups"
DOCTOR_HINT = "run `infoview doctor` to see what is wrong and how to fix it"


class FileChange(NamedTuple):
    """One file of a change: its bytes before and after (None: the file is absent)."""

    name: str  # relative to the workspace folder: "prospects.json"
    before: bytes | None
    after: bytes | None
    keep: tuple[str, ...] = ()  # copies of the before bytes written first: "backups/NAME"


class Entry(NamedTuple):
    """One change as the journal holds it; the bytes are decoded by :meth:`changes`."""

    path: Path
    sequence: int
    time: datetime
    description: str
    pending: bool  # not marked done: the process died during the change
    undoes: int | None  # the sequence number of the change this one undoes
    records: tuple[dict[str, Any], ...]
    forget: bool = False  # a restore: once made, no change before it can be undone

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(str(r["path"]) for r in self.records)

    def changes(self) -> tuple[FileChange, ...]:
        """Every file with its bytes; :class:`EntryDamaged` if one cannot be decoded."""
        try:
            return tuple(
                FileChange(r["path"], unpack(r["before"]), unpack(r["after"]), tuple(r["keep"]))
                for r in self.records
            )
        except (binascii.Error, zlib.error, ValueError) as exc:
            raise EntryDamaged(self.path, f"a file's bytes cannot be decoded ({exc})") from None


class EntryDamaged(DataError):
    """A journal entry that cannot be read."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(
            f"the journal entry {path} is damaged: {why}", hint="`infoview doctor` says what to do"
        )
        self.path = path
        self.why = why


def _why(exc: OSError) -> str:
    return str(exc.strerror or exc)


class Journal:
    """The ``journal/`` folder of one workspace. Every method that writes needs the lock."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / JOURNAL_FOLDER

    # --- reading -------------------------------------------------------------------

    def names(self) -> list[tuple[int, bool, Path]]:
        """(sequence, pending, path) of every entry, oldest first."""
        try:
            found = os.listdir(self.folder)
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as exc:
            raise StorageError(f"cannot read {self.folder}: {_why(exc)}") from None
        entries = []
        for name in found:
            match = _ENTRY_NAME.fullmatch(name)
            if match is not None:
                entries.append((int(match["sequence"]), bool(match["pending"]), self.folder / name))
        return sorted(entries)

    def read(self, path: Path) -> Entry:
        """One entry, checked but not yet decoded; :class:`EntryDamaged` if it cannot be used."""
        match = _ENTRY_NAME.fullmatch(path.name)
        if match is None:
            raise EntryDamaged(path, "not a journal entry's name")
        try:
            data = json.loads(read_limited(path, DOCUMENT_LIMIT))
        except OSError as exc:  # a FIFO or a device is refused at once, never waited on
            raise EntryDamaged(path, f"it cannot be read ({_why(exc)})") from None
        except (ValueError, RecursionError) as exc:
            raise EntryDamaged(path, f"not JSON ({type(exc).__name__})") from None
        try:
            return _entry(path, data, int(match["sequence"]), bool(match["pending"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise EntryDamaged(path, f"not a journal entry ({type(exc).__name__}: {exc})") from None

    def entries(self) -> list[Entry | EntryDamaged]:
        """Every entry (or why it cannot be read), newest first."""
        found: list[Entry | EntryDamaged] = []
        for _, _, path in reversed(self.names()):
            try:
                found.append(self.read(path))
            except EntryDamaged as exc:
                if path.exists():  # not just removed by a change that ended meanwhile
                    found.append(exc)
        return found

    def last(self) -> Entry:
        """The newest change: what `infoview undo` reverts.

        :class:`InvalidInput` when there is none, :class:`EntryDamaged` when it
        cannot be read (undo never steps past a change it cannot see).
        """
        names = self.names()
        if not names:
            raise InvalidInput(
                "nothing to undo: no change is recorded",
                hint=f"infoview keeps the last {KEEP} changes; a restore clears them",
            )
        return self.read(names[-1][2])

    def reverting(self, entry: Entry) -> list[FileChange]:
        """The change that puts every file of ``entry`` back as it was before it.

        Refused (:class:`InvalidInput`) when a file is no longer as ``entry`` left
        it: something else changed it since (an edit by hand), and undoing would lose that.
        """
        changes = entry.changes()
        for change in changes:
            if self._current(change.name) != change.after:
                raise InvalidInput(
                    f"cannot undo {entry.description!r}: {self.root / change.name} was "
                    "changed since by something else; nothing was undone",
                    hint="undo it by hand, or see `infoview doctor`",
                )
        return [FileChange(c.name, c.after, c.before, _previous_copy(c)) for c in changes]

    # --- writing (under the workspace lock) ------------------------------------------

    def commit(
        self,
        files: list[FileChange],
        description: str,
        now: datetime,
        *,
        undoes: int | None = None,
        forget: bool = False,
    ) -> None:
        """Make the change, all or nothing (see the module docstring); the caller read
        every before bytes under this lock. :class:`StorageError` if the disk refuses
        or a path is unsafe. With ``forget`` (a restore), once the change is made the
        entry and every older one are deleted: nothing before it can be undone."""
        self.check_paths(files)
        try:
            pending = self._next_entry()
            try:
                entry = _entry_bytes(files, pending, description, now, undoes, forget=forget)
                atomic_write(pending, entry)
            except BaseException:
                pending.unlink(missing_ok=True)  # interrupted just after its rename
                raise
        except OSError as exc:
            raise StorageError(
                f"could not write {self.root / files[0].name}: {_why(exc)} (while writing "
                "its journal entry); "
                "the previous version is intact"
            ) from None
        begun: list[FileChange] = []  # the files whose replacement was begun
        replaced: list[FileChange] = []
        try:
            for change in files:
                begun.append(change)
                self._put(change.name, change.after)
                replaced.append(change)
        except BaseException as exc:
            # A failed atomic_write left its file as it was; an interruption may have
            # come just after the rename: every file begun is put back.
            put_back = self._roll_back(pending, replaced if isinstance(exc, OSError) else begun)
            if not isinstance(exc, OSError):
                raise
            raise _refused(self.root / change.name, exc, put_back) from None
        # Every file is new: only now are the previous good copies replaced. If that
        # fails, the entry stays pending and the next command writes them.
        with contextlib.suppress(OSError):
            for change in files:
                self._keep(change)
            self._finish(pending, undoes, forget=forget)

    def check_paths(self, files: list[FileChange]) -> None:
        """Refuse (:class:`StorageError`, nothing written) a change through a symlinked
        ``journal/`` or ``backups/``, or over what is not a file (a folder as a copy)."""
        # A document may be a symlink (replaced by the file); a copy never is.
        found = [folder_problem(f) for f in (self.folder, self.root / BACKUP_FOLDER)]
        for change in files:
            found.append(file_problem(self.root / change.name, symlink_ok=True))
            found += [file_problem(self.root / name) for name in change.keep]
        for problem in found:
            if problem is not None:
                raise StorageError(f"{problem}; nothing was changed", hint=DOCTOR_HINT)

    def complete_interrupted(self) -> list[Entry]:
        """Complete every change a dead process left pending; the entries completed.

        A damaged entry is left for ``infoview doctor`` to report.
        """
        completed = []
        for _, pending, path in self.names():
            if not pending:
                continue
            try:
                entry = self.read(path)
                changes = entry.changes()
            except EntryDamaged:
                continue
            self.check_paths(list(changes))
            try:
                for change in changes:
                    if self._current(change.name) != change.after:
                        self._put(change.name, change.after)
                for change in changes:
                    self._keep(change, only_if_changed=True)
            except OSError as exc:
                raise StorageError(
                    f"could not complete the interrupted change in {path} "
                    f"({entry.description}): {_why(exc)}",
                    hint="free some space or fix the permissions, then run the command again",
                ) from None
            self._finish(path, entry.undoes, forget=entry.forget)
            completed.append(entry)
        return completed

    def clear(self) -> int:
        """Delete every entry (after a restore there is nothing to undo); how many went."""
        removed = 0
        for _, _, path in self.names():
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
        fsync_folder(self.folder)
        return removed

    def prune(self) -> None:
        """Keep the last :data:`KEEP` done entries; delete the older ones."""
        done = [path for _, pending, path in self.names() if not pending]
        for path in done[:-KEEP]:
            with contextlib.suppress(OSError):
                path.unlink()

    # --- the steps -------------------------------------------------------------------

    def _next_entry(self) -> Path:
        """The path of a new pending entry, numbered after every entry there is."""
        if not self.folder.is_dir():
            self.folder.mkdir(mode=FOLDER_MODE)
            os.chmod(self.folder, FOLDER_MODE)
        names = self.names()
        sequence = names[-1][0] + 1 if names else 1
        return self.folder / f"{sequence:08d}.pending.json"

    def _keep(self, change: FileChange, *, only_if_changed: bool = False) -> None:
        if change.before is not None:
            for copy in change.keep:
                if only_if_changed and self._current(copy) == change.before:
                    continue
                atomic_write(self.root / copy, change.before)

    def _current(self, name: str) -> bytes | None:
        try:
            return read_limited(self.root / name, DOCUMENT_LIMIT)
        except FileNotFoundError:
            return None

    def _put(self, name: str, data: bytes | None) -> None:
        path = self.root / name
        if data is not None:
            atomic_write(path, data)
        elif path.exists() or path.is_symlink():
            path.unlink()
            fsync_folder(path.parent)

    def _finish(self, pending: Path, undoes: int | None, *, forget: bool = False) -> None:
        """Mark a change done; an undo instead removes the entry it undid, then its own;
        ``forget`` (a restore) removes every other entry, then its own."""
        with contextlib.suppress(OSError):  # still pending: the next command finishes it
            if undoes is None and not forget:
                # No fsync: if this rename is lost, the next command redoes it.
                os.replace(pending, pending.with_name(pending.name.replace(".pending", "")))
            else:
                undone = [p for _, _, p in self.names()] if forget else []
                for path in [*undone, self.folder / f"{undoes or 0:08d}.json"]:
                    if path != pending:
                        path.unlink(missing_ok=True)
                fsync_folder(self.folder)  # those entries go for good before this one
                pending.unlink()
            self.prune()

    def _roll_back(self, pending: Path, changed: list[FileChange]) -> bool:
        """Put back the files of a change that failed and forget it; False if that failed
        too (the change stays pending, and the next command completes it)."""
        try:
            for change in reversed(changed):
                self._put(change.name, change.before)
            pending.unlink()
        except BaseException:  # the disk refuses this too, or a second Ctrl-C
            return False
        fsync_folder(self.folder)
        return True


def _refused(failed: Path, exc: OSError, put_back: bool) -> StorageError:
    if put_back:
        return StorageError(
            f"could not write {failed}: {_why(exc)}; the previous version is intact"
        )
    return StorageError(
        f"could not write {failed}: {_why(exc)}; the change is half done",
        hint="the next command completes it once the disk takes it (`infoview doctor` shows it)",
    )


def _entry_bytes(
    files: list[FileChange],
    path: Path,
    description: str,
    now: datetime,
    undoes: int | None,
    *,
    forget: bool = False,
) -> bytes:
    packed = pack_all([data for f in files for data in (f.before, f.after)])
    records = [
        {
            "path": f.name,
            "keep": list(f.keep),
            "crc32": checksum(packed[2 * i], packed[2 * i + 1]),
            "before": packed[2 * i],
            "after": packed[2 * i + 1],
        }
        for i, f in enumerate(files)
    ]
    entry = {"journal": ENTRY_FORMAT, "sequence": int(path.name.split(".")[0]), "time": to_iso(now)}
    entry |= {"description": description, "undoes": undoes, "files": records}
    if forget:
        entry["forget"] = True
    return json.dumps(entry, indent=1).encode()


def _entry(path: Path, data: dict[str, Any], sequence: int, pending: bool) -> Entry:
    """An entry from its parsed JSON; KeyError, TypeError or ValueError if it is not one."""
    if data["journal"] != ENTRY_FORMAT:
        raise ValueError(f"format {data['journal']!r}, not {ENTRY_FORMAT}")
    if data["sequence"] != sequence:
        raise ValueError(f"it says it is change {data['sequence']!r}, but is named {path.name}")
    undoes = data["undoes"]
    if undoes is not None and not isinstance(undoes, int):
        raise TypeError("undoes is not a number")
    records = tuple(data["files"])
    if not records:
        raise ValueError("no files")
    for record in records:
        names = [record["path"], *record["keep"]]
        if not all(isinstance(n, str) and _FILE_NAME.fullmatch(n) for n in names):
            raise ValueError(f"a file outside the workspace: {names}")
        if not all(record[k] is None or isinstance(record[k], str) for k in ("before", "after")):
            raise TypeError("a file's bytes are not text")
        if checksum(record["before"], record["after"]) != record["crc32"]:
            raise ValueError(f"the bytes of {record['path']} do not match their checksum")
    description = data["description"]
    if not isinstance(description, str):
        raise TypeError("the description is not text")
    when = datetime.fromisoformat(data["time"])
    forget = data.get("forget", False)
    if not isinstance(forget, bool):
        raise TypeError("forget is not true or false")
    return Entry(path, sequence, when, description, pending, undoes, records, forget)


def _previous_copy(change: FileChange) -> tuple[str, ...]:
    """Where an undo keeps the version it replaces: as a change does, in backups/."""
    if change.after is None or "/" in change.name:
        return ()
    return (f"backups/{change.name}",)
