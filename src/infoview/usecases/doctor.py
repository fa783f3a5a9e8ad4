"""`infoview doctor`: the checkup, and the repairs the student asks for.

The checkup changes nothing. The repairs never delete anything: modes are set
(``--fix-permissions``), a change a dead process left half done is completed from
the journal (``--restore``, as the next change would), and a damaged file is
replaced by its last good backup only after the student agreed to that file
(``approve``), the damaged file kept in ``backups/``. The work itself is in
``store/doctor.py`` and ``store/repair.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from infoview.model.errors import DataError, InfoviewError, InvalidInput
from infoview.store.doctor import (
    Checkup,
    FileReport,
    check,
    good_backups,
    saved_at,
)
from infoview.store.document import is_special, kind_of
from infoview.store.journal import Entry
from infoview.store.registry import DOCUMENTS_BY_NAME
from infoview.store.repair import (
    PermissionFix,
    Restored,
    complete_interrupted,
    fix_permissions,
    restore_backup,
)
from infoview.store.workspace import Workspace
from infoview.usecases.undo import Change


@dataclass(frozen=True)
class RestoreOffer:
    """A damaged file, the backup that could replace it, or why nothing can."""

    report: FileReport
    backup: Path | None = None
    backup_saved_at: datetime | None = None
    refusal: str | None = None  # why it cannot be restored; None: it can (after asking)


# What the CLI answers for each file that can be restored: may it be replaced?
Approve = Callable[[RestoreOffer], bool]


@dataclass(frozen=True)
class DoctorReport:
    """What the doctor found, after what it fixed and restored."""

    checkup: Checkup
    fixed: PermissionFix = field(default_factory=PermissionFix)
    restored: tuple[Restored, ...] = ()
    not_restored: tuple[str, ...] = ()  # why each damaged file was not restored
    asked_to_restore: bool = False
    completed: tuple[Entry, ...] = ()  # the interrupted changes --restore completed

    @property
    def nothing_to_restore(self) -> bool:
        """--restore was asked for, and no file was damaged nor any change half done."""
        return self.asked_to_restore and not (self.restored or self.not_restored or self.completed)

    def failure(self) -> InfoviewError | None:
        """The error the run ends with: a file not restored or unusable, or any problem."""
        if self.not_restored:
            first, more = self.not_restored[0], len(self.not_restored) - 1
            return InvalidInput(first + (f" (and {more} more)" if more else ""))
        damaged = self.checkup.damaged
        if damaged:
            names = ", ".join(f.name for f in damaged)
            return DataError(
                f"{_plural(len(damaged), 'file')} cannot be used: {names} (see the fixes above)"
            )
        if self.checkup.problems:
            count = _plural(len(self.checkup.problems), "problem")
            return InvalidInput(f"{count} found (see the fixes above)")
        return None

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.checkup.as_dict(),
            "fixed": self.fixed.as_dict(),
            "restored": [r.as_dict() for r in self.restored],
            "not_restored": list(self.not_restored),
            "completed": [Change.of(e).as_dict() for e in self.completed],
        }


def checkup(
    ws: Workspace,
    now: datetime,
    *,
    fix_modes: bool = False,
    restore: bool = False,
    approve: Approve | None = None,
) -> DoctorReport:
    """Check the whole workspace; first make it private if ``fix_modes``; with
    ``restore``, first complete a change a dead process left half done, then offer
    each damaged file's last good backup to ``approve`` (the student's answer,
    asked by the CLI) and put back the ones approved."""
    fixed = fix_permissions(ws) if fix_modes else PermissionFix()
    completed = tuple(complete_interrupted(ws)) if restore else ()
    checkup = check(ws)
    if not restore:
        return DoctorReport(checkup, fixed)
    restored: list[Restored] = []
    not_restored: list[str] = []
    for report in checkup.damaged:
        offer = restore_offer(ws, report)
        if offer.refusal is not None:
            not_restored.append(offer.refusal)
        elif approve is None or not approve(offer):
            not_restored.append(f"{report.path} was not restored")
        else:
            try:
                restored.append(restore_backup(ws, report.name, now))
            except InfoviewError as exc:  # changed meanwhile, busy, or the disk refused
                not_restored.append(f"{exc.message} ({exc.hint})" if exc.hint else exc.message)
    if restored:
        checkup = check(ws)
    return DoctorReport(checkup, fixed, tuple(restored), tuple(not_restored), True, completed)


def restore_offer(ws: Workspace, report: FileReport) -> RestoreOffer:
    """The newest good backup of a damaged file, or why it cannot be restored."""
    if is_special(report.path):
        return RestoreOffer(
            report,
            refusal=f"{report.path} is {kind_of(report.path)}; move it out of the workspace first",
        )
    backups = good_backups(ws, DOCUMENTS_BY_NAME[report.name])
    if not backups:
        return RestoreOffer(
            report, refusal=f"there is no good backup of {report.path}; it was not restored"
        )
    return RestoreOffer(report, backups[0], saved_at(backups[0]))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
