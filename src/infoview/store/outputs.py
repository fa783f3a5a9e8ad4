"""Where a file the student names may be written: outside the workspace, over nothing
but a regular file.

An output option (``-o``, ``--ics``, ``--eml``, ``--html``, a backup archive,
``demo --keep``) names a path to write. :func:`check_output` refuses it
(:class:`InvalidInput`, before anything is written):

- inside the workspace folder, or the folder itself, once the symlinks of both are
  resolved (a symlink into the workspace, or a folder linked to it, counts): the
  write would replace one of infoview's own files without the lock, the journal or a
  backup;
- when it exists and is not a regular file: a symbolic link (infoview does not write
  through links: the atomic write would replace the link itself), a folder, a FIFO,
  a device or a socket (the atomic write would replace the node with a file).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from infoview.model.errors import InvalidInput


def check_output(path: Path, workspace: Path) -> None:
    """Refuse the absolute ``path`` as a file to write (see the module docstring)."""
    check_outside(path, workspace)
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return  # nothing there yet (or unreachable: the write itself says why)
    if stat.S_ISREG(mode):
        return
    if stat.S_ISLNK(mode):
        raise InvalidInput(
            f"{path} is a symbolic link: infoview does not write through links; "
            "name the file itself or a new one"
        )
    if stat.S_ISDIR(mode):
        raise InvalidInput(f"{path} is a folder: name a file to write")
    raise InvalidInput(
        f"{path} is {_kind(mode)}, not a regular file: infoview writes only regular files; "
        "choose another path"
    )


def check_outside(path: Path, workspace: Path) -> None:
    """Refuse ``path`` (absolute) if it is the workspace folder or inside it."""
    try:
        target = path.resolve()
        root = workspace.resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop (RuntimeError before 3.13)
        raise InvalidInput(f"cannot write {path}: {_reason(exc)}") from None
    if target == root or root in target.parents or _below_same_folder(target, root):
        raise InvalidInput(
            f"{path} is inside your workspace ({workspace}): infoview keeps its own "
            "files there; choose a path outside it"
        )


def _below_same_folder(target: Path, root: Path) -> bool:
    """Whether a folder on ``target``'s way is the workspace by another name (a bind
    mount, a case-insensitive spelling): the same device and inode."""
    try:
        workspace = os.stat(root)
    except OSError:
        return False  # no workspace yet: the names compared above are all there is
    for folder in (target, *target.parents):
        try:
            if os.path.samestat(os.stat(folder), workspace):
                return True
        except OSError:
            continue  # not there yet
    return False


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return "a symbolic link loops" if isinstance(exc, RuntimeError) else str(exc)
