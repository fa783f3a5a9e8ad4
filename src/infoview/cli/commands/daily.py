"""`infoview next` (what to do today) and `infoview touch` (log a stay-in-touch contact)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infoview.cli.common import app_env, notice, plain_output, print_json, say


def next_(
    ctx: typer.Context,
    on: Annotated[
        str | None, typer.Option("--on", help="Show the agenda as of this day, e.g. friday.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only, for scripts.")] = False,
) -> None:
    """What to do today: thank-yous, interviews soon, follow-ups, replies, stay-in-touch notes.

    Each line names the person, why, since when, and the command to run next.

    Example: infoview next
    """
    from infoview.model.dates import parse_when
    from infoview.rules.agenda import agenda
    from infoview.store.registry import PROSPECTS

    env = app_env(ctx)
    ws = env.workspace()
    now = env.now()
    if on is not None:
        day = parse_when(on, now, prefer="future")
        now = day.replace(hour=max(day.hour, now.hour), minute=now.minute)
    items = agenda(ws, now, sheet_folder=Path.cwd())
    if as_json:
        print_json([i.as_dict() for i in items])
        return
    if not items:
        if not ws.read(PROSPECTS).prospects:
            say("Nothing yet. Start with someone you know:")
            say('  infoview profile set --name "Your Name"')
            say('  infoview prospect add "Name" --relation family --field "their field"')
        else:
            say("Nothing is due today. Add more people with: infoview prospect add")
        return
    plain = plain_output()
    for item in items:
        mark = "!" if item.overdue else "-"
        line = f"{mark} {item.message}"
        if plain:
            say(line)
            say(f"    {item.command}")
        else:
            from rich.console import Console
            from rich.text import Text

            style = "bold red" if item.overdue else ("yellow" if item.kind != "ask" else "")
            text = Text(line, style=style)
            text.append(f"\n    {item.command}", style="cyan")
            Console(highlight=False).print(text)


def touch(
    ctx: typer.Context,
    person: Annotated[
        str, typer.Argument(metavar="PERSON", help="An id or any unambiguous part of a name.")
    ],
    on: Annotated[str, typer.Option("--on", help="When: today, yesterday, 2026-12-03.")] = "now",
    note: Annotated[str, typer.Option("--note", help="What you talked about or sent.")] = "",
    channel: Annotated[
        str,
        typer.Option("--channel", help="email, text, linkedin, phone, in-person, card or other."),
    ] = "email",
) -> None:
    """Log a stay-in-touch contact; it resets that person's reminder.

    Example: infoview touch maria --note "Sent her the article on school social work"
    """
    from datetime import timedelta

    from infoview.model.dates import format_day, parse_when
    from infoview.rules.people import find
    from infoview.rules.touch import log_touch
    from infoview.store.registry import PROSPECTS

    env = app_env(ctx)
    ws = env.workspace()
    now = env.now()
    when = parse_when(on, now, prefer="past")
    with ws.transaction() as tx:
        target = find(tx.get(PROSPECTS).prospects, person)
        log_touch(tx, target, when, channel, note, now)
    say(f"Logged a contact with {target.name} on {format_day(when.date())}.")
    if target.cadence_days:
        next_day = (when + timedelta(days=target.cadence_days)).date()
        notice(f"next stay-in-touch note around {format_day(next_day)}")
