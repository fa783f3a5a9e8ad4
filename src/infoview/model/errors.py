"""Typed errors raised by the core and the exit codes the CLI maps them to.

The core never prints or exits: it raises one of these, and the CLI turns it
into a one-line message on stderr and the matching exit code.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails


class ExitCode(enum.IntEnum):
    OK = 0
    BAD_INPUT = 1  # bad input, not found, declined, or the disk refused a write
    USAGE = 2  # the command line itself is malformed (Click's own code)
    DATA = 3  # damaged data, or data written by a newer infoview
    INTERNAL = 70  # a bug in infoview (EX_SOFTWARE); never expected
    INTERRUPTED = 130  # Ctrl-C


class InfoviewError(Exception):
    """Base of every error a user can cause; carries its exit code."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InvalidInput(InfoviewError):
    """A value the user gave is not acceptable."""


class NotFound(InfoviewError):
    """Nothing matches what the user named."""


class AmbiguousName(InfoviewError):
    """A name matches more than one person."""

    SHOWN = 5  # candidates named in the message; the rest are counted (one short line)

    def __init__(self, query: str, candidates: Sequence[tuple[str, str]]) -> None:
        listed = ", ".join(f"{pid} ({name})" for pid, name in candidates[: self.SHOWN])
        more = len(candidates) - self.SHOWN
        if more > 0:
            listed += f" and {more} more"
        super().__init__(
            f"'{query}' matches {len(candidates)} people: {listed}",
            hint="name one of them by its id" + (" (infoview prospect list)" if more > 0 else ""),
        )
        self.candidates = list(candidates)


class WorkspaceError(InfoviewError):
    """The workspace folder cannot be used (a file in its place, no permission...)."""


class WorkspaceBusy(InfoviewError):
    """Another infoview holds the workspace lock for too long."""


class StorageError(InfoviewError):
    """Writing to disk failed (full disk, read-only folder); the old file is intact."""


class DataError(InfoviewError):
    """A stored file is damaged or from a newer version; it is left untouched."""

    exit_code = ExitCode.DATA


def describe_validation_error(exc: ValidationError) -> str:
    """The first problem of a pydantic error as 'prospects[2].email: reason (+N more)'.

    A field with a fast path (``model/fast.py``) is a union of two branches: what the
    fast branch says is left out, and the checked one's name, so the message is the
    check's."""
    errors = [
        error if _CHECKED not in error["loc"] else _without_branch(error)
        for error in exc.errors(include_url=False)
        if _FAST not in error["loc"]
    ]
    return _describe(errors[0], len(errors))


_FAST, _CHECKED = "fast-path", "checked"  # the branch names of model/fast.py


def _without_branch(error: ErrorDetails) -> ErrorDetails:
    return {**error, "loc": tuple(part for part in error["loc"] if part != _CHECKED)}


def _describe(first: ErrorDetails, count: int) -> str:
    where = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]
    ).lstrip(".")
    reason = str(first["msg"]).removeprefix("Value error, ")
    last = str(first["loc"][-1]) if first["loc"] else ""
    # Our own validators already name the field ("name must not be empty").
    redundant = not where or (last and reason.casefold().startswith(last.casefold()))
    text = reason if redundant else f"{where}: {reason}"
    if count > 1:
        text += f" (and {count - 1} more problem{'s' if count > 2 else ''})"
    return text
