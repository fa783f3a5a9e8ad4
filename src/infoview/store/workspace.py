"""The workspace: where the student's data lives, and the lock around every change.

Rules (README, "Where your data lives"):

* one folder (0700) of JSON files (0600), each a :class:`~infoview.store.document.Document`;
* every read-modify-write runs inside :meth:`Workspace.transaction`, which holds
  the workspace lock (:meth:`Workspace.lock`) for the whole change;
* the whole new state is validated before anything is written; each changed file
  is written with :func:`~infoview.store.files.atomic_write`, so a crash leaves
  every file either old or new;
* the previous good copy of each file is kept in ``backups/``;
* every change is written to the journal (``store/journal.py``) before its first
  file is replaced, so a change of several files is all or nothing even across a
  crash, and ``infoview undo`` can step back the last changes;
* an older schema is migrated step by step in memory, and the old file is backed
  up before the migrated one replaces it; a newer schema is refused untouched;
* a damaged file is never overwritten: loading it raises :class:`DataError`.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from infoview.model.errors import (
    InvalidInput,
    StorageError,
    WorkspaceBusy,
    WorkspaceError,
    describe_validation_error,
)
from infoview.store.document import (
    BACKUP_FOLDER,
    Document,
    decode,
    encode,
    read_document_bytes,
)
from infoview.store.files import (
    FOLDER_MODE,
    folder_problem,
    gc_paused,
    lock_file,
    remove_leftover_temp_files,
    unlock_file,
)
from infoview.store.journal import DEFAULT_DESCRIPTION, JOURNAL_FOLDER, FileChange, Journal

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")

LOCK_FILE = ".lock"
TEMPLATE_FOLDER = "templates"  # the student's own copies of the draft templates
DEFAULT_LOCK_TIMEOUT = 10.0  # seconds: long enough for any real command, short enough to notice


def default_home() -> Path:
    """The platform's per-user data folder for infoview."""
    import platformdirs

    return Path(platformdirs.user_data_dir("infoview", appauthor=False))


class _Loaded(Generic[M]):
    __slots__ = ("model", "raw", "version")

    def __init__(self, model: M, raw: bytes | None, version: int) -> None:
        self.model = model
        self.raw = raw  # the bytes on disk, None when the file did not exist
        self.version = version


class Workspace:
    """A folder of infoview data. Reading needs no lock; changing goes through ``transaction``."""

    def __init__(
        self,
        root: Path,
        *,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        describe: str = DEFAULT_DESCRIPTION,
    ) -> None:
        self.root = root
        self.lock_timeout = lock_timeout
        self.describe = describe  # what its changes are, unless a transaction says (undo)

    def path_of(self, doc: Document[Any]) -> Path:
        return self.root / doc.filename

    def backup_path(self, doc: Document[Any], *, schema: int | None = None) -> Path:
        name = doc.filename if schema is None else f"{Path(doc.filename).stem}.schema{schema}.json"
        return self.root / BACKUP_FOLDER / name

    def check_folder(self) -> None:
        """Raise :class:`WorkspaceError` if the path is taken by something that is not a folder."""
        if self.root.exists() and not self.root.is_dir():
            raise WorkspaceError(
                f"the workspace {self.root} is a file, not a folder",
                hint="choose another folder with --home or INFOVIEW_HOME",
            )

    def permission_warning(self) -> str | None:
        """One line for the student when the workspace folder exists and others may
        look inside or change it (a folder made by hand, 0777): infoview makes it 0700
        itself but never changes the mode of a folder it did not make unasked."""
        try:
            mode = stat.S_IMODE(self.root.stat().st_mode)
        except OSError:
            return None
        if not self.root.is_dir() or not mode & 0o077:
            return None
        who = "others can change its files" if mode & 0o022 else "others can read it"
        return (
            f"the workspace {self.root} has mode {mode:04o}, not {FOLDER_MODE:04o} ({who}); "
            "run `infoview doctor --fix-permissions`"
        )

    def unsafe_folders(self) -> list[str]:
        """What is wrong with ``backups/`` and ``journal/`` (a symlink, a file), for doctor:
        every change refuses to write through them."""
        found = (folder_problem(self.root / name) for name in (BACKUP_FOLDER, JOURNAL_FOLDER))
        return [problem for problem in found if problem is not None]

    def read(self, doc: Document[M]) -> M:
        """Load one file for reading (migrated in memory if older; empty if missing)."""
        return self._load(doc).model

    def _load(self, doc: Document[M]) -> _Loaded[M]:
        self.check_folder()
        path = self.path_of(doc)
        try:
            raw = read_document_bytes(path)  # a FIFO, device or folder: damage, never a wait
        except FileNotFoundError:
            return _Loaded(doc.empty(), None, doc.version)
        except PermissionError:
            raise StorageError(f"cannot read {path}: permission denied") from None
        except OSError as exc:
            raise StorageError(f"cannot read {path}: {exc.strerror or exc}") from None
        model, version = decode(doc, raw, path)
        return _Loaded(model, raw, version)

    def ensure_folder(self) -> None:
        """Create the workspace and its ``backups/`` folder (0700) if they are missing."""
        self.check_folder()
        try:
            if not self.root.exists():
                self.root.mkdir(parents=True, mode=FOLDER_MODE)
                os.chmod(self.root, FOLDER_MODE)
            backups = self.root / BACKUP_FOLDER
            if not backups.exists():
                backups.mkdir(mode=FOLDER_MODE)
                os.chmod(backups, FOLDER_MODE)
        except OSError as exc:
            raise StorageError(
                f"cannot create the workspace {self.root}: {exc.strerror or exc}"
            ) from None

    @contextlib.contextmanager
    def lock(self, *, best_effort: bool = False) -> Iterator[bool]:
        """Hold the workspace lock: the one lock every change, backup, restore and repair takes.

        Yields whether the lock is held. With ``best_effort`` (a check that only
        reads), a workspace whose lock cannot be taken at all (a read-only folder)
        is used unlocked; a lock another command holds too long is still
        :class:`WorkspaceBusy`.
        """
        try:
            fd = lock_file(self.root / LOCK_FILE, self.lock_timeout)
        except TimeoutError:
            raise WorkspaceBusy(
                f"the workspace {self.root} is busy: another infoview command has held it "
                f"for {self.lock_timeout:g} s",
                hint="wait for it to finish and try again",
            ) from None
        except OSError as exc:
            if not best_effort:
                raise StorageError(
                    f"cannot lock {self.root}: {exc.strerror or exc}",
                    hint="try `infoview doctor --fix-permissions`",
                ) from None
            yield False
            return
        try:
            yield True
        finally:
            unlock_file(fd)

    @contextlib.contextmanager
    def changing(self) -> Iterator[Journal]:
        """Hold the workspace lock for a change, after clearing what a dead process left:
        its temp files, and a change it left half done (completed from the journal)."""
        self.ensure_folder()
        with self.lock():
            remove_leftover_temp_files(self.root)
            journal = Journal(self.root)
            journal.complete_interrupted()
            yield journal

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Hold the workspace lock; on a clean exit validate and write what changed.

        Inside, ``tx.describe = "..."`` says what the change is (the command line)
        in the journal and in ``infoview undo``.
        """
        with self.changing() as journal:
            tx = Transaction(self, self.describe)
            yield tx
            tx.commit(journal)


@contextlib.contextmanager
def interrupts_unwrapped() -> Iterator[None]:
    """Let a Ctrl-C be a Ctrl-C inside pydantic.

    pydantic calls Python functions (a field's serializer, ``to_iso``) from its Rust
    core, and a :class:`KeyboardInterrupt` raised in one of them comes out wrapped as
    a ``PydanticSerializationError`` ("Error calling function ...", a ``ValueError``).
    Unwrapped here, it reaches the CLI as Ctrl-C (exit 130) before any file is written.
    """
    from pydantic_core import PydanticSerializationError

    try:
        yield
    except PydanticSerializationError as exc:
        if _interrupted(exc):
            raise KeyboardInterrupt from None
        raise


def _interrupted(exc: BaseException) -> bool:
    """Whether a KeyboardInterrupt is among the causes of ``exc``."""
    seen: set[int] = set()
    found: BaseException | None = exc
    while found is not None and id(found) not in seen:
        if isinstance(found, KeyboardInterrupt):
            return True
        seen.add(id(found))
        found = found.__cause__ or found.__context__
    return "KeyboardInterrupt" in str(exc)  # the JSON serializer keeps only the message


class Transaction:
    """The documents loaded under the lock, and the ones to write back on commit."""

    def __init__(self, workspace: Workspace, describe: str = DEFAULT_DESCRIPTION) -> None:
        self.workspace = workspace
        self.describe = describe  # what the change is, for the journal and `infoview undo`
        self._loaded: dict[str, _Loaded[Any]] = {}
        self._changed: dict[str, tuple[Document[Any], BaseModel]] = {}

    def get(self, doc: Document[M]) -> M:
        """The document as this transaction has it: what was put, else what is on disk."""
        if doc.filename in self._changed:
            changed: M = self._changed[doc.filename][1]  # type: ignore[assignment]
            return changed
        if doc.filename not in self._loaded:
            self._loaded[doc.filename] = self.workspace._load(doc)
        model: M = self._loaded[doc.filename].model
        return model

    def put(self, doc: Document[M], model: M) -> None:
        # Load what is on disk first, even if the caller did not read it: a damaged
        # file must stop the write, and the current copy must become the backup.
        if doc.filename not in self._loaded:
            self._loaded[doc.filename] = self.workspace._load(doc)
        self._changed[doc.filename] = (doc, model)

    def discard(self) -> None:
        """Forget every change put so far: the transaction ends writing nothing."""
        self._changed.clear()

    def commit(self, journal: Journal | None = None) -> None:
        """Validate every changed document, then write the ones whose bytes changed,
        all or nothing, through the journal (``store/journal.py``)."""
        from pydantic import ValidationError
        from pydantic_core import PydanticSerializationError

        from infoview.model.people import STORED  # an address entering was checked in full

        # Validate every changed document before writing any of them.
        staged: list[tuple[Document[Any], bytes]] = []
        with gc_paused(), interrupts_unwrapped():
            for doc, model in self._changed.values():
                try:
                    checked = doc.model.model_validate(model.model_dump(), context=STORED)
                    if doc.check is not None:
                        doc.check(checked)
                except ValidationError as exc:
                    raise InvalidInput(describe_validation_error(exc)) from None
                except PydanticSerializationError:
                    raise  # a Ctrl-C in a serializer (see interrupts_unwrapped), or a bug
                except ValueError as exc:
                    raise InvalidInput(str(exc)) from None
                staged.append((doc, encode(checked)))
        changes = [self._change(doc, data) for doc, data in staged]
        changes = [c for c in changes if c.before != c.after]
        if changes:
            journal = journal or Journal(self.workspace.root)
            journal.commit(changes, self.describe, datetime.now().astimezone())

    def _change(self, doc: Document[Any], data: bytes) -> FileChange:
        """The file's bytes before and after, and where the current copy is kept first:
        ``backups/NAME``, and for good ``backups/STEM.schemaN.json`` before a migration."""
        loaded = self._loaded[doc.filename]
        ws = self.workspace
        keep: list[Path] = []
        if loaded.raw is not None:
            if loaded.version != doc.version:
                keep.append(ws.backup_path(doc, schema=loaded.version))
            keep.append(ws.backup_path(doc))
        names = tuple(str(path.relative_to(ws.root)) for path in keep)
        return FileChange(doc.filename, loaded.raw, data, names)
