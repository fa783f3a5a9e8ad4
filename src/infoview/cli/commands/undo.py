"""`infoview undo`: revert the last change to the workspace, or list the changes kept."""

from __future__ import annotations

from typing import Annotated

import typer

from infoview.cli.options import JsonOpt, YesOpt
from infoview.cli.output import Output
from infoview.model.dates import format_moment
from infoview.model.errors import InfoviewError
from infoview.usecases.undo import KEEP, Change, History, history, last_change, undo_change

ListOpt = Annotated[
    bool, typer.Option("--list", help="List the changes that can be undone, newest first.")
]


def undo(
    ctx: typer.Context, yes: YesOpt = False, show: ListOpt = False, as_json: JsonOpt = False
) -> None:
    """Undo the last change to your data, after showing what it was (asks first unless --yes).

    Every change is recorded before it is made, and infoview keeps the last 20:
    run it again to step further back; --list shows them, newest first. Each
    file goes back to exactly what it was before the change. A change whose
    files were changed since by something else (edited by hand) is not undone,
    and a restore clears the list. --json prints the list (with --list) or what
    was undone, for scripts.

    Example: infoview undo
    """
    out = Output.of(ctx)
    ws = out.env.workspace()
    if show:
        _show_history(out, history(ws), as_json)
        return
    change = last_change(ws)
    if not yes and not out.confirm(f"Undo {_describe(change)}?"):
        raise InfoviewError("nothing was undone")
    result = undo_change(ws, change, out.env.now())
    if as_json:
        out.json(result.as_dict())
        return
    out.say(f"Undid {_describe(change)}: each file is as it was before it.")
    if result.left:
        more = f"{result.left} earlier change{'' if result.left == 1 else 's'}"
        out.say(f"{more} can be undone too (infoview undo --list).")


def _describe(change: Change) -> str:
    files = ", ".join(change.files)
    return f'"{change.description}" of {format_moment(change.time)} (it changed {files})'


def _show_history(out: Output, found: History, as_json: bool) -> None:
    if as_json:
        out.json(found.as_dict())
        return
    for damaged in found.damaged:
        out.notice(f"the journal entry {damaged.path} is damaged: {damaged.problem}")
    if not found.changes:
        out.say(
            f"Nothing to undo: no change is recorded (infoview keeps the last {KEEP}; "
            "a restore clears them)."
        )
        return
    rows = [
        [
            str(n),
            format_moment(c.time),
            c.description
            + (" (interrupted: the next change completes it)" if c.interrupted else ""),
            ", ".join(c.files),
        ]
        for n, c in enumerate(found.changes, start=1)
    ]
    out.table(["#", "WHEN", "CHANGE", "FILES"], rows, keep=["#"], cut=["FILES"])
    out.say("`infoview undo` undoes #1; run it again to go one further back.")
