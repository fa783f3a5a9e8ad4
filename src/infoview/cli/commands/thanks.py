"""`infoview thanks`: who is owed a thank-you, the draft that names what they said, and sent."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from infoview.cli.common import app_env, notice, plain_output, print_json, say
from infoview.model.errors import InvalidInput

if TYPE_CHECKING:
    from infoview.rules.thanks import Owed

app = typer.Typer(invoke_without_command=True)

PersonArg = Annotated[
    str, typer.Argument(metavar="PERSON", help="An id or any unambiguous part of a name.")
]
ChannelOpt = Annotated[str, typer.Option("--channel", help="email, card or text.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only, for scripts.")]
STYLES = {"overdue": "bold red", "late": "yellow", "due": "yellow"}


@app.callback()
def owed_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Thank them within 24 hours: who is owed a note, a draft, and recording it.

    With no command, lists who is owed a thank-you, most urgent first, each with
    the command to run: due within 24 hours of the interview, late after that,
    overdue after 48 hours. `draft` writes a note that names something they
    said; `sent` records it and starts the stay-in-touch clock.

    Example: infoview thanks
    """
    if ctx.invoked_subcommand is not None:
        return
    from infoview.rules.thanks import owed
    from infoview.store.registry import INTERVIEWS, PROSPECTS

    env = app_env(ctx)
    ws = env.workspace()
    rows = owed(ws.read(INTERVIEWS), ws.read(PROSPECTS).prospects, env.now())
    if as_json:
        print_json([_owed_json(o) for o in rows])
        return
    if not rows:
        say("Nobody is owed a thank-you.")
        return
    _print_owed(rows)
    say("")
    for o in rows:
        say(f"infoview thanks draft {o.person.id}")


def _state(o: Owed) -> str:
    return "late" if o.late else o.state


def _print_owed(rows: list[Owed]) -> None:
    from infoview.model.dates import format_moment

    headers = ["Person", "Interview", "State", "When"]
    cells = [
        [f"{o.person.name} ({o.person.id})", format_moment(o.held_at), _state(o), o.describe()]
        for o in rows
    ]
    if plain_output():
        from infoview.cli.common import print_table

        print_table(headers, cells)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold")
    for i, h in enumerate(headers):
        table.add_column(h, overflow="fold", no_wrap=i == 0)
    for o, row in zip(rows, cells, strict=True):
        style = STYLES[_state(o)]
        table.add_row(Text(row[0]), Text(row[1]), Text(row[2], style=style), Text(row[3], style))
    Console(highlight=False, force_terminal=True).print(table)


def _owed_json(o: Owed) -> dict[str, Any]:
    return {
        "person": o.person.id,
        "held_at": o.held_at.isoformat(timespec="seconds"),
        "due_by": o.due_by.isoformat(timespec="seconds"),
        "overdue_from": o.overdue_from.isoformat(timespec="seconds"),
        "state": o.state,
        "late": o.late,
    }


@app.command("draft")
def draft(
    ctx: typer.Context,
    person: PersonArg,
    channel: ChannelOpt = "email",
    edit: Annotated[
        bool, typer.Option("--edit", help="Edit it in $VISUAL/$EDITOR; an empty result cancels.")
    ] = False,
    eml: Annotated[
        Path | None, typer.Option("--eml", help="Also write a .eml draft any mail program opens.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Draft a thank-you that names something they said, checked before you send it.

    It thanks them for their time, quotes one thing they said (an answer you
    starred, else the first one you logged), mentions anyone they suggested and
    offers to keep them posted, in at most 150 words.

    Example: infoview thanks draft maria --channel email --eml thanks-maria.eml
    """
    from infoview.cli.drafts import (
        broad_field,
        complete_profile,
        edit_draft,
        emit_draft,
        require_email,
        write_eml,
    )
    from infoview.rules.people import find
    from infoview.rules.thanks import (
        check_channel,
        compose_thanks,
        facts_for,
        interview_to_thank,
        lint_thanks,
    )
    from infoview.store.registry import INTERVIEWS, PROSPECTS

    check_channel(channel)
    env = app_env(ctx)
    ws = env.workspace()
    prospects = ws.read(PROSPECTS).prospects
    target = find(prospects, person)
    interview = interview_to_thank(ws.read(INTERVIEWS), target)
    needs = {"name": "name"}
    if eml is not None:
        if channel != "email":
            raise InvalidInput(f"--eml writes an email; a {channel} is not sent by email")
        needs["email"] = "email address (for the From line)"
        require_email(target, "the .eml")
    profile = complete_profile(env, ws, needs)
    facts = facts_for(target, interview, prospects, profile.name, broad_field(env, ws, target))
    result = compose_thanks(channel, facts, ws.root)
    subject, body = result.subject, result.body
    if edit:
        subject, body = edit_draft(env, result.text, channel)
    findings = lint_thanks(subject, body, channel)
    if eml is not None:
        write_eml(eml, subject or "", body, profile, target, env)
    emit_draft(target, channel, subject, body, findings, as_json=as_json)
    if as_json:
        return
    if interview.thanked_at is not None:
        from infoview.model.dates import format_day

        notice(f"your thank-you was already recorded on {format_day(interview.thanked_at.date())}")
    else:
        notice(f"when you have sent it: infoview thanks sent {target.id} --channel {channel}")


@app.command("sent")
def sent(
    ctx: typer.Context,
    person: PersonArg,
    on: Annotated[
        str,
        typer.Option(
            "--on", help="When: 2026-12-03, 2026-12-03 15:30, today, yesterday, monday, -2d."
        ),
    ] = "now",
    channel: ChannelOpt = "email",
) -> None:
    """Record that you sent the thank-you; this starts the stay-in-touch clock.

    Example: infoview thanks sent maria --on today --channel card
    """
    from datetime import timedelta

    from infoview.model.dates import format_day, parse_when
    from infoview.rules.people import find
    from infoview.rules.thanks import check_channel, mark_thanked
    from infoview.store.registry import PROSPECTS

    check_channel(channel)
    env = app_env(ctx)
    ws = env.workspace()
    now = env.now()
    when = parse_when(on, now, prefer="past")
    with ws.transaction() as tx:
        target = find(tx.get(PROSPECTS).prospects, person)
        interview = mark_thanked(tx, target, when, channel, now)
    assert interview.thanked_at is not None
    day = format_day(interview.thanked_at.date())
    say(f"Recorded your thank-you to {target.name} ({channel}) on {day}.")
    if target.cadence_days is None:
        say("Stay-in-touch clock: no reminders for them (cadence: none).")
    else:
        next_day = format_day((interview.thanked_at + timedelta(days=target.cadence_days)).date())
        say(
            f"Stay-in-touch clock started: next note in about {target.cadence_days} days "
            f"(around {next_day})."
        )
