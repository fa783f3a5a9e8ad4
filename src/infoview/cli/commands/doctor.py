"""`infoview doctor`: check the workspace, restore damaged files from backups, fix modes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from infoview.cli.common import app_env, confirm, notice, print_json, print_table, say
from infoview.model.errors import ExitCode

if TYPE_CHECKING:
    from infoview.store.doctor import Checkup, FileReport, Restored
    from infoview.store.workspace import Workspace


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _report(checkup: Checkup) -> None:
    say(f"Workspace: {checkup.root}")
    if not checkup.exists:
        say("It does not exist yet: nothing to check (the first change creates it).")
        return
    print_table(
        ["FILE", "STATE", "DETAIL"],
        [[f.name, f.state, f.detail] for f in checkup.files],
    )
    say("")
    if checkup.backups:
        rows = []
        for b in checkup.backups:
            state = {True: "good", False: f"unusable: {b.problem}", None: b.kind}[b.valid]
            of = b.document or ("the whole workspace" if b.kind == "archive" else "")
            rows.append(
                [_relative(b.path, checkup.root), f"{b.saved_at:%Y-%m-%d %H:%M}", of, state]
            )
        print_table(["BACKUP", "SAVED", "COPY OF", "STATE"], rows)
    else:
        say("No backups yet: each file's previous good copy is kept in backups/ once it changes.")
    say("")
    for problem in checkup.problems:
        say(problem.line())
    if not checkup.problems:
        say("All is well.")


def _restore(
    ws: Workspace, damaged: tuple[FileReport, ...], yes: bool, now: datetime
) -> list[Restored | str]:
    """Restore each damaged file the student agrees to: what was done, and why not."""
    from infoview.model.errors import InfoviewError
    from infoview.store.doctor import good_backups
    from infoview.store.registry import DOCUMENTS_BY_NAME
    from infoview.store.repair import restore_backup

    results: list[Restored | str] = []
    for report in damaged:
        backups = good_backups(ws, DOCUMENTS_BY_NAME[report.name])
        if report.path.is_dir():
            results.append(f"{report.path} is a folder; move it out of the workspace first")
            continue
        if not backups:
            results.append(f"there is no good backup of {report.path}; it was not restored")
            continue
        source = backups[0]
        saved = f"{datetime.fromtimestamp(source.stat().st_mtime):%Y-%m-%d %H:%M}"
        what = (
            "was written by a newer infoview"
            if report.state == "newer"
            else f"is damaged: {report.detail}"
        )
        question = (
            f"{report.path} {what}. Replace it with the backup {source} (saved {saved})? "
            "The current file is kept in backups/."
        )
        if not yes and not confirm(question):
            results.append(f"{report.path} was not restored")
            continue
        try:
            results.append(restore_backup(ws, report.name, now))
        except InfoviewError as exc:  # changed meanwhile, busy, or the disk refused
            results.append(f"{exc.message} ({exc.hint})" if exc.hint else exc.message)
    return results


def doctor(
    ctx: typer.Context,
    restore: Annotated[
        bool,
        typer.Option(
            "--restore", help="Put back the last good backup of each damaged file (asks first)."
        ),
    ] = False,
    fix_permissions: Annotated[
        bool,
        typer.Option(
            "--fix-permissions", help="Make the folders private (0700) and every file 0600."
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before restoring.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only, for scripts.")] = False,
) -> None:
    """Check every data file, the links between them, the permissions and the backups.

    Lists each file (ok, missing, damaged, or written by a newer infoview), the
    backups in backups/ and whether each is usable, then every problem on one
    line with its fix. Nothing changes unless you ask: --restore puts back the
    last good backup of each damaged file, after asking (--yes does not ask);
    the damaged file is kept in backups/ as NAME.damaged-YYYYMMDD-HHMMSS.
    --fix-permissions makes the folders 0700 and the files 0600.

    Exit status: 0 all is well; 3 a file is damaged or was written by a newer
    infoview; 1 anything else it found (a link to a person who is not on the
    list, loose permissions, a file left by an interrupted write, a file it may
    not read), or --restore found no good backup or was declined.

    Example: infoview doctor --fix-permissions
    """
    from infoview.store.doctor import PermissionFix, Restored, check
    from infoview.store.repair import fix_permissions as fix_modes

    env = app_env(ctx)
    ws = env.workspace()
    fixed = fix_modes(ws) if fix_permissions else PermissionFix()
    checkup = check(ws)
    outcomes = _restore(ws, checkup.damaged, yes, env.now()) if restore else []
    restored = [o for o in outcomes if isinstance(o, Restored)]
    refused = [o for o in outcomes if isinstance(o, str)]
    if restored:
        checkup = check(ws)

    if as_json:
        print_json(
            {
                **checkup.as_dict(),
                "fixed": fixed.as_dict(),
                "restored": [r.as_dict() for r in restored],
                "not_restored": refused,
            }
        )
    else:
        for change in fixed.changed:
            say(f"Fixed {change.path}: mode {change.before:04o} -> {change.after:04o}.")
        for path, error in fixed.failed:
            notice(f"could not change the mode of {path}: {error}")
        for r in restored:
            kept = f"; the file it replaced is kept as {r.set_aside}" if r.set_aside else ""
            say(f"Restored {r.path} from {r.source}{kept}.")
        if restore and not outcomes:
            say("Nothing to restore: no file is damaged.")
        if fixed.changed or restored or (restore and not outcomes):
            say("")
        _report(checkup)

    if refused:
        more = f" (and {len(refused) - 1} more)" if len(refused) > 1 else ""
        typer.echo(f"infoview: {refused[0]}{more}", err=True)
        raise typer.Exit(int(ExitCode.BAD_INPUT))
    if checkup.damaged:
        names = ", ".join(f.name for f in checkup.damaged)
        typer.echo(
            f"infoview: {_plural(len(checkup.damaged), 'file')} cannot be used: {names} "
            "(see the fixes above)",
            err=True,
        )
        raise typer.Exit(int(ExitCode.DATA))
    if checkup.problems:
        typer.echo(
            f"infoview: {_plural(len(checkup.problems), 'problem')} found (see the fixes above)",
            err=True,
        )
        raise typer.Exit(int(ExitCode.BAD_INPUT))
