"""The workspace: where the student's data lives and how it is read and written.

Rules (DESIGN.md, "Storage"):

* one folder (0700) of JSON files (0600), each an envelope ``{"schema_version": N, ...}``;
* every read-modify-write runs inside :meth:`Workspace.transaction`, which holds
  one lock (filelock) for the whole change;
* the whole new state is validated before anything is written; each changed file
  is written to a temp file in the same folder, fsynced, ``os.replace``-d over the
  old one and the folder fsynced, so a crash leaves every file either old or new;
* the previous good copy of each file is kept in ``backups/``;
* an older schema is migrated step by step in memory, and the old file is backed
  up before the migrated one replaces it; a newer schema is refused untouched;
* a damaged file is never overwritten: loading it raises :class:`DataError`.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from infoview.model.errors import (
    DataError,
    InvalidInput,
    StorageError,
    WorkspaceBusy,
    WorkspaceError,
)

if TYPE_CHECKING:
    # pydantic is imported where a file is actually read or written, so that
    # `infoview path` and `--help` start without it.
    from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound="BaseModel")

FOLDER_MODE = 0o700
FILE_MODE = 0o600
BACKUP_FOLDER = "backups"
LOCK_FILE = ".lock"
DEFAULT_LOCK_TIMEOUT = 10.0  # seconds: long enough for any real command, short enough to notice

Migration = Callable[[dict[str, Any]], dict[str, Any]]
Check = Callable[[Any], list[str]]


@dataclass(frozen=True)
class Document(Generic[M]):
    """One JSON file of the workspace: its name, model, schema version and converters.

    ``migrations[n]`` turns a version-``n`` envelope into a version-``n + 1`` one.
    ``check`` looks across the records of a loaded file: it raises ``ValueError``
    for what makes the file unusable and returns warnings for what does not.
    """

    filename: str
    model: type[M]
    version: int
    migrations: Mapping[int, Migration] = field(default_factory=dict)
    check: Check | None = None

    def empty(self) -> M:
        return self.model()


def unique(items: str, key: str, what: str) -> Check:
    """A document check: no two records of ``file.<items>`` share ``<key>``."""

    def check(file: Any) -> list[str]:
        seen: set[object] = set()
        for record in getattr(file, items):
            value = getattr(record, key)
            if value in seen:
                raise ValueError(f"{what} '{value}' appears twice")
            seen.add(value)
        return []

    return check


def default_home() -> Path:
    """The platform's per-user data folder for infoview."""
    import platformdirs

    return Path(platformdirs.user_data_dir("infoview", appauthor=False))


def encode(model: BaseModel) -> bytes:
    """Human-readable, sorted, UTF-8 JSON with a trailing newline."""
    data = model.model_dump(mode="json")
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def describe_validation_error(exc: ValidationError) -> str:
    """The first problem of a pydantic error as 'prospects[2].email: reason (+N more)'."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    where = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]
    ).lstrip(".")
    reason = str(first["msg"]).removeprefix("Value error, ")
    last = str(first["loc"][-1]) if first["loc"] else ""
    # Our own validators already name the field ("name must not be empty").
    redundant = not where or (last and reason.casefold().startswith(last.casefold()))
    text = reason if redundant else f"{where}: {reason}"
    if len(errors) > 1:
        text += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return text


def decode(doc: Document[M], raw: bytes, path: Path) -> tuple[M, int, list[str]]:
    """Parse, migrate and validate one file's bytes.

    Returns the model, the schema version the file was written with, and the
    warnings of ``doc.check``. Raises :class:`DataError` naming ``path`` and what
    is wrong with it.
    """

    from pydantic import ValidationError

    def damaged(problem: str) -> DataError:
        return DataError(f"{path} is damaged: {problem}", hint=_recovery_hint(path))

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise damaged(f"not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise damaged("the file is empty")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise damaged(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(data, dict):
        raise damaged(f"expected a JSON object, found {type(data).__name__}")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise damaged("it has no valid schema_version")
    if version > doc.version:
        raise DataError(
            f"{path} was written by a newer infoview (schema {version}; this version reads "
            f"up to {doc.version}); it was left untouched",
            hint="upgrade infoview (pip install --upgrade infoview)",
        )
    migrated = data
    for step in range(version, doc.version):
        convert = doc.migrations.get(step)
        if convert is None:
            raise damaged(f"no converter from schema {step} to {step + 1}")
        try:
            migrated = convert(migrated)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise damaged(f"cannot convert schema {step} to {step + 1}: {exc}") from None
        migrated["schema_version"] = step + 1
    try:
        model = doc.model.model_validate(migrated)
    except ValidationError as exc:
        raise damaged(describe_validation_error(exc)) from None
    warnings: list[str] = []
    if doc.check is not None:
        try:
            warnings = doc.check(model)
        except ValueError as exc:
            raise damaged(str(exc)) from None
    return model, version, warnings


def _recovery_hint(path: Path) -> str:
    backup = path.parent / BACKUP_FOLDER / path.name
    if backup.is_file():
        return (
            f"`infoview doctor --restore` brings back the previous good copy, {backup}; "
            "or fix the file by hand"
        )
    return (
        "run `infoview doctor` to check the workspace; fix the file by hand, or move it "
        "away to start that part afresh"
    )


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold off Python's cycle collector while a whole file is parsed, checked or encoded.

    That builds hundreds of thousands of objects and no reference cycles, yet each
    pass of the collector walks all of them: at 100,000 people the passes took a
    quarter of `infoview next` (bench/run.py). Reference counting frees as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on folders; the rename itself is still atomic
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file.

    The temp file is created 0600 in the same folder (so ``os.replace`` is a rename
    on one filesystem), fsynced, renamed over the target and the folder fsynced.
    On any failure the temp file is removed and the old file is left as it was.
    """
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_folder(path.parent)


# atomic_write's temp files: mkstemp(prefix=".<name>.", suffix=".tmp") adds 8 random characters.
TEMP_FILE_NAME = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8}\.tmp")


def remove_leftover_temp_files(root: Path) -> None:
    """Delete the temp files a killed command left in ``root`` and its folders.

    Only call it under the workspace lock: the documents, ``backups/`` and a
    restore's ``templates/`` are only written under it, so such a temp file found
    then belongs to a process that died mid-write. (Forms kept as ``root/*.txt``
    are written without the lock, so only ``.json`` temp files go from ``root``.)
    """
    folders = [root]
    with contextlib.suppress(OSError):
        folders += [Path(e.path) for e in os.scandir(root) if e.is_dir(follow_symlinks=False)]
    for folder in folders:
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                match = TEMP_FILE_NAME.fullmatch(entry.name)
                if not match or (folder == root and not match["target"].endswith(".json")):
                    continue
                if entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


@dataclass
class _Loaded(Generic[M]):
    model: M
    raw: bytes | None  # the bytes on disk, None when the file did not exist
    version: int
    warnings: list[str] = field(default_factory=list)


class Workspace:
    """A folder of infoview data. Reading needs no lock; changing goes through ``transaction``."""

    def __init__(self, root: Path, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.root = root
        self.lock_timeout = lock_timeout

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

    def read(self, doc: Document[M]) -> M:
        """Load one file for reading (migrated in memory if older; empty if missing)."""
        return self._load(doc).model

    def read_with_warnings(self, doc: Document[M]) -> tuple[M, list[str]]:
        """Like :meth:`read`, plus what ``doc.check`` found worth a warning."""
        loaded = self._load(doc)
        return loaded.model, loaded.warnings

    def _load(self, doc: Document[M]) -> _Loaded[M]:
        self.check_folder()
        path = self.path_of(doc)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return _Loaded(doc.empty(), None, doc.version)
        except IsADirectoryError:
            raise DataError(f"{path} is a folder, not a file") from None
        except PermissionError:
            raise StorageError(f"cannot read {path}: permission denied") from None
        except OSError as exc:
            raise StorageError(f"cannot read {path}: {exc.strerror or exc}") from None
        with gc_paused():
            model, version, warnings = decode(doc, raw, path)
        return _Loaded(model, raw, version, warnings)

    def _ensure_folder(self) -> None:
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
    def transaction(self) -> Iterator[Transaction]:
        """Hold the workspace lock; on a clean exit validate and write what changed."""
        from filelock import FileLock, Timeout

        self._ensure_folder()
        lock = FileLock(str(self.root / LOCK_FILE), timeout=self.lock_timeout, mode=FILE_MODE)
        try:
            lock.acquire()
        except Timeout:
            raise WorkspaceBusy(
                f"the workspace {self.root} is busy: another infoview command has held it "
                f"for {self.lock_timeout:g} s",
                hint="wait for it to finish and try again",
            ) from None
        except OSError as exc:
            raise StorageError(f"cannot lock {self.root}: {exc.strerror or exc}") from None
        try:
            remove_leftover_temp_files(self.root)
            tx = Transaction(self)
            yield tx
            tx.commit()
        finally:
            lock.release()


class Transaction:
    """The documents loaded under the lock, and the ones to write back on commit."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
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

    @property
    def warnings(self) -> list[str]:
        """What the checks of the documents loaded so far found worth a warning."""
        return [w for loaded in self._loaded.values() for w in loaded.warnings]

    def put(self, doc: Document[M], model: M) -> None:
        # Load what is on disk first, even if the caller did not read it: a damaged
        # file must stop the write, and the current copy must become the backup.
        if doc.filename not in self._loaded:
            self._loaded[doc.filename] = self.workspace._load(doc)
        self._changed[doc.filename] = (doc, model)

    def discard(self) -> None:
        """Forget every change put so far: the transaction ends writing nothing."""
        self._changed.clear()

    def commit(self) -> None:
        from pydantic import ValidationError

        ws = self.workspace
        # Validate every changed document before writing any of them.
        staged: list[tuple[Document[Any], bytes]] = []
        with gc_paused():
            for doc, model in self._changed.values():
                try:
                    checked = doc.model.model_validate(model.model_dump())
                    if doc.check is not None:
                        doc.check(checked)
                except ValidationError as exc:
                    raise InvalidInput(describe_validation_error(exc)) from None
                except ValueError as exc:
                    raise InvalidInput(str(exc)) from None
                staged.append((doc, encode(checked)))
        for doc, data in staged:
            loaded = self._loaded.get(doc.filename)
            if loaded is not None and loaded.raw == data:
                continue
            try:
                if loaded is not None and loaded.raw is not None:
                    if loaded.version != doc.version:
                        # Keep the pre-migration file for good before it is replaced.
                        atomic_write(ws.backup_path(doc, schema=loaded.version), loaded.raw)
                    atomic_write(ws.backup_path(doc), loaded.raw)
                atomic_write(ws.path_of(doc), data)
            except OSError as exc:
                raise StorageError(
                    f"could not write {ws.path_of(doc)}: {exc.strerror or exc}; "
                    "the previous version is intact"
                ) from None
