"""`infoview undo`: step back the last changes, from the journal (``store/journal.py``).

Undoing is two steps with the student's answer in between, as restoring is: the
last change is looked up and checked (:func:`last_change`), then reverted
(:func:`undo_change`) under the lock, only if it is still the last change and
every file is still as it left it. The undo is itself a journaled change (a crash
in the middle of it is completed by the next command); once done, the change it
undid leaves the journal, so the next undo goes one further back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from infoview.model.dates import to_iso
from infoview.model.errors import InvalidInput
from infoview.store.journal import KEEP, Entry, EntryDamaged, Journal
from infoview.store.workspace import Workspace

__all__ = ["KEEP", "Change", "History", "Undone", "history", "last_change", "undo_change"]


@dataclass(frozen=True)
class Change:
    """One change the journal holds: what ``undo`` would revert."""

    sequence: int
    time: datetime
    description: str
    files: tuple[str, ...]
    interrupted: bool = False  # a dead process left it half done; the next change completes it

    @classmethod
    def of(cls, entry: Entry) -> Change:
        return cls(entry.sequence, entry.time, entry.description, entry.files, entry.pending)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sequence": self.sequence,
            "time": to_iso(self.time),
            "description": self.description,
            "files": list(self.files),
            "interrupted": self.interrupted,
        }


@dataclass(frozen=True)
class Damaged:
    """A journal entry that cannot be read (``infoview doctor`` reports it)."""

    path: Path
    problem: str

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "problem": self.problem}


@dataclass(frozen=True)
class History:
    """The changes that can be undone, newest first, and the entries that cannot be read."""

    changes: tuple[Change, ...]
    damaged: tuple[Damaged, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "changes": [c.as_dict() for c in self.changes],
            "damaged": [d.as_dict() for d in self.damaged],
            "keep": KEEP,
        }


@dataclass(frozen=True)
class Undone:
    """What :func:`undo_change` reverted, and how many earlier changes are left to undo."""

    change: Change
    left: int

    def as_dict(self) -> dict[str, Any]:
        return {"undone": self.change.as_dict(), "left": self.left}


def history(ws: Workspace) -> History:
    """Every change the journal holds, newest first (a view: nothing is written)."""
    changes: list[Change] = []
    damaged: list[Damaged] = []
    for found in Journal(ws.root).entries():
        if isinstance(found, EntryDamaged):
            damaged.append(Damaged(found.path, found.why))
        else:
            changes.append(Change.of(found))
    return History(tuple(changes), tuple(damaged))


def last_change(ws: Workspace) -> Change:
    """The change ``undo`` would revert, once checked that it can be.

    A change a dead process left half done is completed first, as by any change.
    Refused (:class:`InvalidInput`) when there is nothing to undo or a file was
    changed since by something else; :class:`EntryDamaged` (exit 3) when the
    last entry cannot be read.
    """
    _refuse_a_missing_workspace(ws)
    with ws.changing() as journal:
        entry = journal.last()
        journal.reverting(entry)
    return Change.of(entry)


def undo_change(ws: Workspace, expected: Change, now: datetime) -> Undone:
    """Put every file of the last change back as it was before it, byte for byte.

    ``expected`` is the change the student agreed to undo (:func:`last_change`);
    if another command changed the workspace meanwhile, nothing is undone.
    """
    _refuse_a_missing_workspace(ws)
    with ws.changing() as journal:
        entry = journal.last()
        if Change.of(entry) != expected:
            raise InvalidInput(
                "the last change is no longer the one shown (another command changed the "
                "workspace meanwhile); nothing was undone",
                hint="run `infoview undo` again",
            )
        revert = journal.reverting(entry)
        journal.commit(revert, f"undo {entry.description}", now, undoes=entry.sequence)
        left = sum(1 for _, pending, _ in journal.names() if not pending)
    return Undone(expected, left)


def _refuse_a_missing_workspace(ws: Workspace) -> None:
    ws.check_folder()
    if not ws.root.is_dir():
        raise InvalidInput(f"nothing to undo: the workspace {ws.root} does not exist yet")
