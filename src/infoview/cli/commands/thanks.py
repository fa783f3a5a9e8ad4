"""`infoview thanks`: who is owed a thank-you, the draft that names what they said, and sent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from infoview.cli.options import EditOpt, EmlOpt, ForceOpt, JsonOpt, OnOpt, PersonArg
from infoview.cli.output import Output
from infoview.model.dates import format_day, show
from infoview.model.errors import InvalidInput
from infoview.usecases.owed_thanks import owed_thanks

if TYPE_CHECKING:
    from infoview.rules.thank_clock import ThankYou

# Listing who is owed a note (the command with no subcommand, run daily) needs none of
# the drafting: `draft` and `sent` import it when they run.

app = typer.Typer(invoke_without_command=True, rich_markup_mode="markdown")

ChannelOpt = Annotated[str, typer.Option("--channel", help="email, card or text.")]
STYLES = {"overdue": "bold red", "late": "yellow", "due": "yellow", "not logged": "bold red"}


@app.callback()
def owed_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Thank them within 24 hours: who is owed a note, a draft, and recording it.

    With no command, lists who is owed a thank-you, most urgent first, each with
    the command to run: due within 24 hours of the end of the conversation, late
    after that, overdue after 48 hours. A scheduled conversation whose time has
    passed counts too, marked "not logged": log it, then thank them. `draft`
    writes a note that names something they said; `sent` records it (again, it
    corrects the date and channel) and starts the stay-in-touch clock.

    Example: infoview thanks
    """
    if ctx.invoked_subcommand is not None:
        return
    out = Output.of(ctx)
    rows = owed_thanks(out.env.workspace(), out.env.now())
    if as_json:
        out.json([row.as_dict() for row in rows])
    elif not rows:
        out.say("Nobody is owed a thank-you.")
    else:
        cells = [
            [
                f"{row.line.person.name} ({row.line.person.id})",
                show(row.thanks.took_place),
                _state(row.thanks),
                row.thanks.describe(),
            ]
            for row in rows
        ]
        styles = [["", "", STYLES[_state(r.thanks)], STYLES[_state(r.thanks)]] for r in rows]
        out.table(["Person", "Interview", "State", "When"], cells, styles=styles, cut=["Interview"])
        out.say()
        for row in rows:
            if row.line.action is not None:
                out.say(row.line.action.command)


def _state(o: ThankYou) -> str:
    if not o.logged:
        return "not logged"
    return "late" if o.late else o.state


@app.command("draft")
def draft(
    ctx: typer.Context,
    person: PersonArg,
    channel: ChannelOpt = "email",
    edit: EditOpt = False,
    eml: EmlOpt = None,
    force: ForceOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Draft a thank-you that names something they said, checked before you send it.

    It thanks them for their time, quotes only what you marked as their words (a
    starred answer, or a note line starting with *), else names an answer by its
    question, mentions anyone they suggested and offers to keep them posted, in
    at most 150 words.

    Example: infoview thanks draft maria --channel email --eml thanks-maria.eml
    """
    from infoview.cli.drafts import complete_profile, edit_and_write, require_email, show_draft
    from infoview.cli.files import may_replace
    from infoview.rules.thanks import check_channel
    from infoview.usecases.thanks import draft_thanks, needs_thanks_person

    check_channel(channel)
    out = Output.of(ctx)
    out.check_files(eml)
    may_replace(out.env, eml, force)
    ws = out.env.workspace()
    target = needs_thanks_person(ws, person, out.env.zone())
    needs = {"name": "name"}
    if eml is not None:
        if channel != "email":
            raise InvalidInput(f"--eml writes an email; a {channel} is not sent by email")
        require_email(target, "the .eml")
        needs["email"] = "email address (for the From line)"
    complete_profile(out, ws, needs)
    result = draft_thanks(ws, out.env.load_bank(ws), target.id, channel, out.env.zone())
    result = edit_and_write(out, result, edit=edit, eml=eml)
    draft = result.draft
    if as_json:
        out.json(result.as_dict())
        return
    show_draft(out, draft.subject, draft.body, result.findings)
    if result.interview.thanked_at is not None:
        day = show(result.interview.thanked_at)
        out.notice(f"your thank-you was already recorded on {day}")
    else:
        out.notice(f"when you have sent it: infoview thanks sent {target.id} --channel {channel}")


@app.command("sent")
def sent(
    ctx: typer.Context, person: PersonArg, on: OnOpt = "now", channel: ChannelOpt = "email"
) -> None:
    """Record that you sent the thank-you; this starts the stay-in-touch clock.

    Example: infoview thanks sent maria --on today --channel card
    """
    from infoview.cli.when import typed_when
    from infoview.usecases.thanks import record_thanks

    out = Output.of(ctx)
    now = out.env.now()
    result = record_thanks(
        out.env.workspace(), person, typed_when(out, on, now, prefer="past"), channel, now
    )
    name, day = result.person.name, show(result.thanked_at)
    if result.corrected is not None:
        out.say(
            f"Corrected your thank-you to {name}: {channel}, on {day} "
            f"(it said {show(result.corrected)})."
        )
    else:
        out.say(f"Recorded your thank-you to {name} ({channel}) on {day}.")
    touch = result.timeline.touch_due
    if touch is None:
        out.say("Stay-in-touch clock: no reminders for them (cadence: none).")
    else:
        out.say(
            f"Stay-in-touch clock started: next note in about {result.person.cadence_days} days "
            f"(around {format_day(touch.date())})."
        )
