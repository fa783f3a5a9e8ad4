"""`infoview next` (what to do today) and `infoview touch` (log a stay-in-touch contact, or
draft the note)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from infoview.cli.options import EditOpt, EmlOpt, ForceOpt, JsonOpt, OnOpt, PersonArg
from infoview.cli.output import Output
from infoview.cli.when import typed_when
from infoview.model.dates import format_day, show, start_of
from infoview.render.terminal import console
from infoview.rules.agenda import Item
from infoview.usecases.agenda import agenda_as_of
from infoview.usecases.touch import log_contact


def next_(
    ctx: typer.Context,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help="The agenda as of a day (from its start) or a moment: friday, 'friday 8am'.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """What to do today: thank-yous, interviews soon, follow-ups, replies, stay-in-touch notes.

    Each line names the person, why, since when, and the command to run next.

    Example: infoview next
    """
    out = Output.of(ctx)
    now = out.env.now()
    as_of = now if on is None else start_of(typed_when(out, on, now, prefer="future"), now.tzinfo)
    result = agenda_as_of(out.env.workspace(), as_of, sheet_folder=Path.cwd())
    if as_json:
        out.json(result.as_dict())
    elif not result.items and not result.have_prospects:
        out.say("Nothing yet. Start with someone you know:")
        out.say('  infoview profile set --name "Your Name"')
        out.say('  infoview prospect add "Name" --relation family --field "their field"')
    elif not result.items:
        out.say("Nothing is due today. Add more people with: infoview prospect add")
    elif out.plain:
        for item in result.items:
            out.say(f"{_mark(item)} {item.message}")
            out.say(f"    {item.command}")
    else:
        _draw(out, result.items)


def _mark(item: Item) -> str:
    return "!" if item.overdue else "-"


def _draw(out: Output, items: list[Item]) -> None:
    """The agenda for a terminal: overdue in red, what is due in yellow, commands in cyan."""
    from rich.text import Text

    screen = console(out.env.output)
    for item in items:
        style = "bold red" if item.overdue else ("yellow" if item.kind != "ask" else "")
        text = Text(f"{_mark(item)} {item.message}", style=style)
        text.append(f"\n    {item.command}", style="cyan")
        screen.print(text)


class LogUnlessDraft(TyperGroup):
    """`infoview touch PERSON ...` logs a contact, as it always has; `infoview touch draft
    PERSON` drafts the note. Whatever does not name a subcommand is the logging command's:
    so a person named "draft" is logged with `infoview touch log draft --note ...`."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] in self.commands:
            return super().resolve_command(ctx, args)
        return "log", self.commands["log"], args


touch_app = typer.Typer(
    cls=LogUnlessDraft,
    help=(
        "Log a stay-in-touch contact; it resets that person's reminder. Or draft the note.\n\n"
        "infoview touch PERSON [--on ...] [--note ...] [--channel ...] logs a contact (the "
        "same as infoview touch log PERSON); infoview touch draft PERSON drafts a short "
        "update for them. A person named 'draft' or 'log' is logged with "
        "infoview touch log NAME."
    ),
    context_settings={"ignore_unknown_options": True},
    subcommand_metavar="PERSON [OPTIONS] | draft PERSON [OPTIONS]",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)


@touch_app.command("log")
def touch(
    ctx: typer.Context,
    person: PersonArg,
    on: OnOpt = "now",
    note: Annotated[str, typer.Option("--note", help="What you talked about or sent.")] = "",
    channel: Annotated[
        str,
        typer.Option("--channel", help="email, text, linkedin, phone, in-person, card or other."),
    ] = "email",
) -> None:
    """Log a stay-in-touch contact; it resets that person's reminder.

    Example: infoview touch maria --note "Sent her the article on school social work"
    """
    out = Output.of(ctx)
    now = out.env.now()
    when = typed_when(out, on, now, prefer="past")
    result = log_contact(out.env.workspace(), person, when, channel, note, now)
    out.say(f"Logged a contact with {result.person.name} on {show(when)}.")
    if result.next_note is not None:
        out.notice(f"next stay-in-touch note around {format_day(result.next_note)}")


UpdateOpt = Annotated[
    str,
    typer.Option(
        "--update",
        help="What you did since, in your own words: 'I signed up for the summer lab course'.",
    ),
]


@touch_app.command("draft")
def touch_draft(
    ctx: typer.Context,
    person: PersonArg,
    channel: Annotated[
        str | None,
        typer.Option(
            "--channel",
            help="email, text or linkedin (default: the channel of your first message, "
            "else email).",
        ),
    ] = None,
    update: UpdateOpt = "",
    edit: EditOpt = False,
    eml: EmlOpt = None,
    force: ForceOpt = False,
    copy: Annotated[bool, typer.Option("--copy", help="Also copy it to the clipboard.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Draft a stay-in-touch note: a short update that asks for nothing.

    It says when you talked, quotes only what you starred of their words (else names
    an answer by its question), adds your --update and offers to keep them posted.

    Example: infoview touch draft maria --update "I signed up for the summer lab course"
    """
    from infoview.cli.occasions import occasion_draft  # `next` shares this module: kept lazy

    occasion_draft(
        Output.of(ctx), "touch", person, channel=channel, edit=edit, eml=eml, copy=copy,
        as_json=as_json, update=update, force=force,
    )  # fmt: skip
