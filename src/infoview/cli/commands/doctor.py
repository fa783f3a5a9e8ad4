"""`infoview doctor`: check the workspace, restore damaged files from backups, fix modes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infoview.cli.options import JsonOpt
from infoview.cli.output import Output
from infoview.model.dates import show
from infoview.store.doctor import Backup, Checkup
from infoview.usecases.doctor import DoctorReport, RestoreOffer, checkup

RestoreOpt = Annotated[
    bool,
    typer.Option(
        "--restore", help="Put back the last good backup of each damaged file (asks first)."
    ),
]
FixPermissionsOpt = Annotated[
    bool,
    typer.Option(
        "--fix-permissions",
        help="Make the workspace's folders private (0700) and infoview's files in them 0600.",
    ),
]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before restoring.")]


def doctor(
    ctx: typer.Context,
    restore: RestoreOpt = False,
    fix_permissions: FixPermissionsOpt = False,
    yes: YesOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Check every data file, the links between them, the permissions and the backups.

    Lists each file (ok, missing, damaged, or written by a newer infoview), the
    backups in backups/ and whether each is usable, then every problem on one
    line with its fix. Nothing changes unless you ask: --restore completes a
    change that was interrupted (as the next change would) and puts back the
    last good backup of each damaged file, after asking (--yes does not ask);
    the damaged file is kept in backups/ as NAME.damaged-YYYYMMDD-HHMMSS.
    --fix-permissions makes the folders 0700 and infoview's own files 0600
    (nothing else in the folder), and refuses a folder that holds none of them.

    Exit status: 0 all is well; 3 a file is damaged or was written by a newer
    infoview; 1 anything else it found (a link to a person who is not on the
    list, loose permissions, a file left by an interrupted write, a change left
    half done, a journal entry it cannot read, a file it may not read), or
    --restore found no good backup or was declined.

    Example: infoview doctor --fix-permissions
    """
    out = Output.of(ctx)

    def approve(offer: RestoreOffer) -> bool:
        return yes or out.confirm(_question(offer))

    report = checkup(
        out.env.workspace(),
        out.env.now(),
        fix_modes=fix_permissions,
        restore=restore,
        approve=approve,
    )
    if as_json:
        out.json(report.as_dict())
    else:
        _show(out, report)
    failure = report.failure()
    if failure is not None:
        raise failure


def _question(offer: RestoreOffer) -> str:
    report = offer.report
    assert offer.backup_saved_at is not None  # only a file with a good backup is asked about
    what = (
        "was written by a newer infoview"
        if report.state == "newer"
        else f"is damaged: {report.detail}"
    )
    return (
        f"{report.path} {what}. Replace it with the backup {offer.backup} "
        f"(saved {show(offer.backup_saved_at)})? "
        "The current file is kept in backups/."
    )


def _show(out: Output, report: DoctorReport) -> None:
    """What was fixed and restored, then the checkup."""
    for change in report.fixed.changed:
        out.say(f"Fixed {change.path}: mode {change.before:04o} -> {change.after:04o}.")
    for path, error in report.fixed.failed:
        out.notice(f"could not change the mode of {path}: {error}")
    for entry in report.completed:
        out.say(
            f"Completed the interrupted change {entry.description!r} of "
            f"{show(entry.time)}: {', '.join(entry.files)} now agree."
        )
    for r in report.restored:
        kept = f"; the file it replaced is kept as {r.set_aside}" if r.set_aside else ""
        out.say(f"Restored {r.path} from {r.source}{kept}.")
    if report.nothing_to_restore:
        out.say("Nothing to restore: no file is damaged and no change was interrupted.")
    if report.fixed.changed or report.restored or report.completed or report.nothing_to_restore:
        out.say("")
    _show_checkup(out, report.checkup)


def _show_checkup(out: Output, found: Checkup) -> None:
    out.say(f"Workspace: {found.root}")
    if not found.exists:
        out.say("It does not exist yet: nothing to check (the first change creates it).")
        return
    out.table(
        ["FILE", "STATE", "DETAIL"],
        [[f.name, f.state, f.detail] for f in found.files],
        keep=["FILE"],
        cut=["DETAIL"],
    )
    out.say("")
    if found.backups:
        out.table(
            ["BACKUP", "SAVED", "COPY OF", "STATE"],
            [_backup_row(b, found.root) for b in found.backups],
            keep=["BACKUP"],
        )
    else:
        out.say(
            "No backups yet: each file's previous good copy is kept in backups/ once it changes."
        )
    if found.changes:
        many = f"{found.changes} recent change{'' if found.changes == 1 else 's'}"
        out.say(f"Undo: {many} can be undone (see `infoview undo --list`).")
    out.say("")
    for problem in found.problems:
        out.say(problem.line())
    if not found.problems:
        out.say("All is well.")


def _backup_row(backup: Backup, root: Path) -> list[str]:
    state = {True: "good", False: f"unusable: {backup.problem}", None: backup.kind}[backup.valid]
    of = backup.document or ("the whole workspace" if backup.kind == "archive" else "")
    return [_relative(backup.path, root), f"{show(backup.saved_at)}", of, state]


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
