"""Writing files so that a crash leaves the old file or the new one, never a mix.

Everything infoview writes (its own documents, backups, calendar files,
drafts, sheets) goes through :func:`atomic_write`. Its temp files have one
name pattern, :data:`TEMP_FILE_NAME`, so the next command (under the lock) and
``infoview doctor`` recognise what a killed write left behind.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import gc
import json
import os
import re
import stat
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FOLDER_MODE = 0o700
FILE_MODE = 0o600

# atomic_write's temp files: mkstemp(prefix=".<name>.", suffix=".tmp") adds 8 random characters.
TEMP_FILE_NAME = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8}\.tmp")


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


# --- the workspace lock: an exclusive OS lock on one file ------------------------------

LOCK_POLL = 0.05  # seconds between attempts while another process holds the lock


def lock_file(path: Path, timeout: float) -> int:
    """Open ``path`` (created 0600 if missing, never through a symlink) and lock it
    exclusively: ``fcntl.flock`` on POSIX, ``msvcrt.locking`` of its first byte on
    Windows, the locks filelock takes, so either may hold it against the other.

    Tries every :data:`LOCK_POLL` seconds for ``timeout`` seconds (0: once); returns
    the open descriptor for :func:`unlock_file`. :class:`TimeoutError` when another
    process holds the lock that long; the ``OSError`` of the open otherwise (a
    read-only folder). The OS drops the lock when the process dies.
    """
    flags = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags | os.O_CREAT | os.O_EXCL, FILE_MODE)
        if hasattr(os, "fchmod"):
            with contextlib.suppress(OSError):
                os.fchmod(fd, FILE_MODE)  # whatever the umask
    except FileExistsError:
        fd = os.open(path, flags)
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{path} is locked by another process")
            time.sleep(min(LOCK_POLL, left))
    except BaseException:
        os.close(fd)
        raise
    return fd


def unlock_file(fd: int) -> None:
    """Release a lock :func:`lock_file` took, and close its descriptor."""
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)  # closing drops the lock in any case


def _try_lock(fd: int) -> bool:
    """Take the lock without waiting: False if another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except PermissionError:  # EACCES: the byte is locked
            return False
        except OSError as exc:
            if exc.errno == errno.EDEADLOCK:
                return False
            raise
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:  # EWOULDBLOCK / EAGAIN
        return False
    return True


def is_temp_file(name: str) -> bool:
    return TEMP_FILE_NAME.fullmatch(name) is not None


def temp_file_target(name: str) -> str | None:
    """The file a temp file of :func:`atomic_write` was to replace, or None."""
    match = TEMP_FILE_NAME.fullmatch(name)
    return match["target"] if match else None


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
                target = temp_file_target(entry.name)
                if target is None or (folder == root and not target.endswith(".json")):
                    continue
                if entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def free_path(folder: Path, name: str, suffix: str = "") -> Path:
    """``folder/name+suffix``, or ``name-2+suffix``, ``-3``... when that is taken."""
    path = folder / f"{name}{suffix}"
    n = 2
    while path.exists() or path.is_symlink():
        path = folder / f"{name}-{n}{suffix}"
        n += 1
    return path


def folder_problem(folder: Path) -> str | None:
    """Why infoview may not write in its own ``folder`` (absent is fine: it is created):
    a symlink (never followed), or not a folder; None if it may."""
    if folder.is_symlink():
        return f"{folder} is a symlink; infoview does not follow it for its own folders"
    if folder.exists() and not folder.is_dir():
        return f"{folder} is not a folder"
    return None


def file_problem(path: Path, *, symlink_ok: bool = False) -> str | None:
    """Why infoview may not replace ``path`` with a file (absent is fine), or None."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot use {path}: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return f"{path} is a folder, not a file"
    if stat.S_ISLNK(mode):
        return f"{path} is a symlink" if not symlink_ok else None
    if not stat.S_ISREG(mode):
        return f"{path} is not a regular file"
    return None


# --- bytes as compact text, as the journal keeps them ----------------------------------

COMPRESSION = 1  # zlib's fastest level: a sixth of the JSON, in half the time of level 6
PARALLEL_FROM = 256 * 1024  # bytes: a file this large is compressed in a thread of its own


def pack(data: bytes | None) -> str | None:
    return None if data is None else base64.b64encode(zlib.compress(data, COMPRESSION)).decode()


def unpack(text: str | None) -> bytes | None:
    return None if text is None else zlib.decompress(base64.b64decode(text, validate=True))


def checksum(before: str | None, after: str | None) -> int:
    """A CRC of a file's packed bytes: damage is found without unpacking megabytes."""
    return zlib.crc32((after or "").encode(), zlib.crc32((before or "").encode()))


def pack_all(blobs: list[bytes | None]) -> list[str | None]:
    """:func:`pack` each; the large ones side by side in threads (zlib lets go of the
    GIL), so that a change of a file costs one compression's time, not two."""
    packed: list[str | None] = [None] * len(blobs)
    failed: list[BaseException] = []

    def pack_one(i: int) -> None:
        try:
            packed[i] = pack(blobs[i])
        except BaseException as exc:  # raised again below, in the caller's thread
            failed.append(exc)

    large = [i for i, b in enumerate(blobs) if b is not None and len(b) >= PARALLEL_FROM]
    threads = {i: threading.Thread(target=pack_one, args=(i,)) for i in large[1:]}
    for thread in threads.values():
        thread.start()
    for i in range(len(blobs)):
        if i not in threads:
            pack_one(i)  # this thread packs the first large one and the small ones
    for thread in threads.values():
        thread.join()
    if failed:
        raise failed[0]
    return packed


# --- JSON as infoview writes it: sorted keys, indented by 2, UTF-8 ---------------------


class _NotPlain(Exception):
    """A value the fast encoder leaves to ``json.dumps``: not one of :data:`_LEAVES`, a key
    that is not a str, an integer too long to print."""


_LEAVES = frozenset({str, int, bool, type(None)})


def json_text(data: Any) -> str:
    """Exactly ``json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)``.

    pydantic-core encodes (in Rust; Python's json indents in pure Python, the
    slowest part of a write or of a ``--json`` list). Its output is the same character
    for character for dicts with str keys, lists, str, int, bool and None (the same
    separators and indentation, the same escapes); the keys are sorted beforehand.
    Anything else (a float, whose digits the two print differently; a tuple, another
    type; a lone surrogate) goes through ``json.dumps`` as before, which also raises
    what it raised before.
    """
    fast = _fast_json(data)
    if fast is None:
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    return fast.decode()


def json_file(data: Any) -> bytes:
    """``json_text(data)`` and a newline, as UTF-8: a document's bytes on disk."""
    fast = _fast_json(data)
    if fast is None:
        return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
    return fast + b"\n"


def _fast_json(data: Any) -> bytes | None:
    """``data`` encoded by pydantic-core, keys sorted; None if it is not plain."""
    try:
        limit = sys.get_int_max_str_digits()
        plain = _sorted_value(data, 10**limit if limit else 0)
    except _NotPlain:
        return None
    from pydantic_core import PydanticSerializationError, to_json

    try:
        return to_json(plain, indent=2)
    except PydanticSerializationError as exc:  # a lone surrogate: not UTF-8
        if "KeyboardInterrupt" in str(exc):
            raise KeyboardInterrupt from None  # never swallowed into the slow path
        return None


def _sorted_value(value: Any, bound: int) -> Any:
    kind = type(value)
    if kind is dict:
        return _sorted_dict(value, bound)
    if kind is list:
        return _sorted_list(value, bound)
    if kind not in _LEAVES or (kind is int and bound and not -bound < value < bound):
        raise _NotPlain
    return value


_STR = frozenset({str})
_UNBOUNDED_LEAVES = _LEAVES - {int}  # leaves with nothing more to check


def _sorted_dict(data: dict[Any, Any], bound: int) -> dict[str, Any]:
    if not set(map(type, data)) <= _STR:  # the types looked at in C: a record at a time
        raise _NotPlain
    keys = sorted(data)
    values = list(map(data.__getitem__, keys))
    if set(map(type, values)) <= _UNBOUNDED_LEAVES:
        return dict(zip(keys, values, strict=True))
    out = {}
    for key, value in zip(keys, values, strict=True):
        kind = type(value)
        if kind is dict:
            value = _sorted_dict(value, bound)
        elif kind is list:
            value = _sorted_list(value, bound)
        elif kind not in _LEAVES or (kind is int and bound and not -bound < value < bound):
            raise _NotPlain
        out[key] = value
    return out


def _sorted_list(items: list[Any], bound: int) -> list[Any]:
    for item in items:
        kind = type(item)
        if kind is dict or kind is list:  # containers in it: each item on its own
            return [_sorted_value(item, bound) for item in items]
        if kind not in _LEAVES or (kind is int and bound and not -bound < item < bound):
            raise _NotPlain
    return items  # only leaves: as it is
