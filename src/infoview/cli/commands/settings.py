"""`infoview settings`: workspace settings without editing settings.json by hand."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

from infoview.cli.options import JsonOpt
from infoview.cli.output import Output
from infoview.cli.when import typed_when
from infoview.model.dates import format_day
from infoview.model.errors import InvalidInput
from infoview.usecases.settings import add_holidays, holidays, remove_holidays

app = typer.Typer(
    help="Settings for this workspace: the holidays the follow-up clock skips.",
    no_args_is_help=True,
)
holidays_app = typer.Typer(
    help="The days the follow-up clock skips, as it skips weekends.",
    no_args_is_help=True,
)
app.add_typer(holidays_app, name="holidays")

DaysArg = Annotated[
    list[str],
    typer.Argument(
        metavar="DAY",
        help="A day: 2026-12-25, or tomorrow, friday, +3d; several at once allowed.",
    ),
]


@holidays_app.command("add")
def add(ctx: typer.Context, days: DaysArg) -> None:
    """Add holidays: follow-ups fall due on the next working day instead.

    Example: infoview settings holidays add 2026-12-25 2027-01-01
    """
    out = Output.of(ctx)
    result = add_holidays(out.env.workspace(), _days(out, days))
    for day in result.already:
        out.notice(f"{_shown(day)} is a holiday already: nothing changed for it")
    for day in result.added:
        out.say(f"Added the holiday {_shown(day)}.")


@holidays_app.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List the holidays, in order.

    Example: infoview settings holidays list
    """
    out = Output.of(ctx)
    days = holidays(out.env.workspace())
    if as_json:
        out.json([d.isoformat() for d in days])
        return
    if not days:
        out.notice("no holidays set (add one with: infoview settings holidays add 2026-12-25)")
    for day in days:
        out.say(_shown(day))


@holidays_app.command("remove")
def remove(ctx: typer.Context, days: DaysArg) -> None:
    """Remove holidays; if one of them is not set, nothing is removed.

    Example: infoview settings holidays remove 2026-12-25
    """
    out = Output.of(ctx)
    for day in remove_holidays(out.env.workspace(), _days(out, days)):
        out.say(f"Removed the holiday {_shown(day)}.")


def _days(out: Output, texts: list[str]) -> list[date]:
    """Each text read as a day, as other date options read one; a time of day is refused."""
    now = out.env.now()
    days = []
    for text in texts:
        when = typed_when(out, text, now, prefer="future")
        if isinstance(when, datetime):
            raise InvalidInput(
                f"{text!r} is a moment; a holiday is a whole day", hint="e.g. 2026-12-25"
            )
        days.append(when)
    return days


def _shown(day: date) -> str:
    return f"{day.isoformat()} ({format_day(day)})"
