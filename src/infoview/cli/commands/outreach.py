"""`infoview outreach`: draft the ask, send it your own way, and keep the follow-up clock."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from infoview.cli.drafts import (
    complete_profile,
    copy_and_say,
    edit_and_write,
    require_email,
    show_draft,
)
from infoview.cli.files import may_replace
from infoview.cli.occasions import occasion_draft
from infoview.cli.options import EditOpt, EmlOpt, ForceOpt, JsonOpt, OnOpt, PersonArg
from infoview.cli.output import Output
from infoview.cli.when import typed_when
from infoview.formats.eml import mailto_link
from infoview.model.dates import show
from infoview.model.errors import InvalidInput
from infoview.model.limits import INTERVIEW_MINUTES_MAX, INTERVIEW_MINUTES_MIN
from infoview.rules.drafting import Finding, list_templates, split_draft
from infoview.store.inputs import DRAFT_LIMIT, NotARegularFile, TooLarge, describe, read_limited
from infoview.usecases.outreach import (
    Drafted,
    draft_outreach,
    lint_batch,
    lint_outreach,
    list_outreach,
    record_reply,
    record_sent,
)

app = typer.Typer(
    help=(
        "Ask for a conversation: drafts for email, text, LinkedIn or phone that get replies, "
        "and a follow-up clock (3 business days, then 7) so nobody goes cold.\n\n"
        "No reply after 3 business days: ask the next person at the same organisation. "
        "After 7: one short, polite follow-up. 7 more with no reply: the clock stops, "
        'move on. `"follow_ups": 2` in settings.json allows a second follow-up, the last one.'
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",
)

ChannelOpt = Annotated[str, typer.Option("--channel", help="email, text, linkedin or phone.")]
DraftChannelOpt = Annotated[
    str | None,
    typer.Option(
        "--channel",
        help="email, text, linkedin or phone (default: email; a follow-up: the channel of "
        "the first message).",
    ),
]
StyleOpt = Annotated[
    str, typer.Option("--style", help="student (up to 100 words) or brief (up to 75).")
]
FollowUpOpt = Annotated[
    bool,
    typer.Option(
        "--follow-up",
        help="The one polite follow-up after 7 business days "
        "(a second, the last, if settings.json allows it).",
    ),
]
DeclinedDraftOpt = Annotated[
    bool,
    typer.Option(
        "--declined",
        help="The reply to someone who said no: thank them anyway, and ask whether "
        "someone else might talk with you.",
    ),
]
AskMinutesOpt = Annotated[
    int | None,
    typer.Option(
        "--minutes",
        min=INTERVIEW_MINUTES_MIN,
        max=INTERVIEW_MINUTES_MAX,
        help="How long to ask for, 20-60 (default: the minutes of their plan, else 30).",
    ),
]


@app.command("draft")
def draft(
    ctx: typer.Context,
    person: PersonArg,
    channel: DraftChannelOpt = None,
    style: StyleOpt = "student",
    follow_up: FollowUpOpt = False,
    minutes: AskMinutesOpt = None,
    edit: EditOpt = False,
    eml: EmlOpt = None,
    force: ForceOpt = False,
    mailto: Annotated[bool, typer.Option("--mailto", help="Also print a mailto: link.")] = False,
    copy: Annotated[bool, typer.Option("--copy", help="Also copy it to the clipboard.")] = False,
    as_json: JsonOpt = False,
    declined: DeclinedDraftOpt = False,
) -> None:
    """Draft the ask for one person, checked against what gets replies.

    The draft names how you know them first, asks for their story and advice
    (never a job) for the minutes of the questions you picked for them (30 if
    none) at a time that suits them, in person, by video or by phone. Its lint
    result is shown with it.

    With --declined, the reply to someone who said no: thanks, and who else they
    would suggest.

    Example: infoview outreach draft maria --channel email --eml maria.eml
    """
    out = Output.of(ctx)
    if declined:
        others = {"--follow-up": follow_up, "--minutes": minutes is not None, "--mailto": mailto}
        options = {"edit": edit, "eml": eml, "force": force, "copy": copy, "json": as_json}
        _draft_declined(out, person, channel, others, **options)
        return
    out.check_files(eml)
    may_replace(out.env, eml, force)
    ws = out.env.workspace()
    complete_profile(out, ws, _needs(out, channel, eml))
    now = out.env.now()
    result = draft_outreach(
        ws, person, channel=channel, style=style, follow_up=follow_up, now=now,
        minutes=minutes,
    )  # fmt: skip
    channel = result.draft.channel
    if eml is not None or mailto:
        require_email(result.person, "the .eml" if eml is not None else "the link")
    result = edit_and_write(out, result, edit=edit, eml=eml)
    draft = result.draft
    if as_json:
        out.json(result.as_dict())
    else:
        text = show_draft(out, draft.subject, draft.body, result.findings)
        _after_draft(out, result, text if copy else None, mailto)


def _draft_declined(
    out: Output, person: str, channel: str | None, others: dict[str, bool], **options: Any
) -> None:
    """The reply to a no, on its own: the options of the ask have no place in it."""
    used = [name for name, given in others.items() if given]
    if used:
        raise InvalidInput(f"--declined drafts the reply to a no: leave out {', '.join(used)}")
    as_json = options.pop("json")
    occasion_draft(out, "declined", person, channel=channel, as_json=as_json, **options)


def _needs(out: Output, channel: str | None, eml: str | None) -> dict[str, str]:
    """The profile facts a draft on this channel needs. A phone script asks for the
    student's number at a terminal; elsewhere its voicemail line marks the gap."""
    needs = {"name": "name"}
    if channel == "phone" and out.env.input_is_terminal():
        needs["phone"] = "phone number (for the voicemail)"
    if eml is not None:
        needs["email"] = "email address (for the From line)"
    return needs


def _after_draft(out: Output, result: Drafted, to_copy: str | None, mailto: bool) -> None:
    person, channel = result.person, result.draft.channel
    if result.advice:
        out.notice(f"this may not be the note to send: {result.advice}")
    if mailto and person.email:
        out.say(mailto_link(person.email, result.draft.subject or "", result.draft.body))
    out.notice(f"when you have sent it: infoview outreach sent {person.id} --channel {channel}")
    if to_copy is not None:
        copy_and_say(out, to_copy)


@app.command("lint")
def lint(
    ctx: typer.Context,
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILE]...",
            help="Drafts to check; - or nothing reads stdin. Several are also checked "
            "against each other: the same opening to different people.",
        ),
    ] = None,
    channel: ChannelOpt = "email",
    style: StyleOpt = "student",
    follow_up: FollowUpOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Check drafts you wrote: length, connection first, a real ask, time, no job words,
    and nothing that would embarrass you ("Hi Dr.,", "your field", a stock line).

    A first line 'Subject: ...' is read as the email subject. Exits 1 when there
    is something to change, so it can gate a script.

    Example: infoview outreach lint my-note.txt --channel email
    """
    out = Output.of(ctx)
    names = sources or ["-"]
    if names.count("-") > 1:
        raise InvalidInput("standard input (-) can be read once")
    drafts = [(name, *split_draft(_read_stdin(out) if name == "-" else _read_text(name)))
              for name in names]  # fmt: skip
    each = [
        lint_outreach(subject, body, channel=channel, style=style, follow_up=follow_up)
        for _, subject, body in drafts
    ]
    across = lint_batch(drafts) if len(drafts) > 1 else []
    _show_lint(out, names, each, across, as_json)
    if any(each) or across:
        raise typer.Exit(1)


def _show_lint(
    out: Output, names: list[str], each: list[list[Finding]], across: list[Finding], as_json: bool
) -> None:
    """One draft's findings as before; several drafts' by file, then those across them."""
    if as_json:
        if len(names) == 1:
            out.json([f.as_dict() for f in each[0]])
        else:
            drafts = [
                {"file": n, "lint": [f.as_dict() for f in found]}
                for n, found in zip(names, each, strict=True)
            ]
            out.json({"drafts": drafts, "across": [f.as_dict() for f in across]})
        return
    for name, found in zip(names, each, strict=True):
        indent = "" if len(names) == 1 else "  "
        if len(names) > 1:
            out.say(f"{name}:" + ("" if found else " no findings"))
        for f in found:
            out.say(f"{indent}{f.rule}: {f.message}")
    for f in across:
        out.say(f"across the drafts: {f.rule}: {f.message}")
    total = sum(len(found) for found in each) + len(across)
    out.say(f"{total} to change." if total else "No findings: it is ready to send.")


def _read_text(source: str) -> str:
    """The draft in the file ``source``: a regular file of at most DRAFT_LIMIT bytes."""
    hint = f"a draft is a text file of at most {describe(DRAFT_LIMIT)}"
    try:
        return read_limited(Path(source), DRAFT_LIMIT).decode("utf-8")
    except TooLarge:
        raise InvalidInput(f"{source} is larger than {describe(DRAFT_LIMIT)}", hint=hint) from None
    except NotARegularFile:
        raise InvalidInput(f"{source} is not a regular file", hint=hint) from None
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"cannot read {source}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {source}: {exc.strerror or exc}") from None


def _read_stdin(out: Output) -> str:
    """The draft on standard input, read no further than DRAFT_LIMIT characters."""
    text = out.env.input.read(DRAFT_LIMIT + 1)
    if len(text) > DRAFT_LIMIT:
        raise InvalidInput(
            f"the draft on standard input is longer than {describe(DRAFT_LIMIT)}",
            hint=f"a draft is a text of at most {describe(DRAFT_LIMIT)}",
        )
    return text


@app.command("templates")
def templates(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List the draft templates and which file is used for each.

    Copy one into the workspace's templates/ folder to change its wording.

    Example: infoview outreach templates
    """
    out = Output.of(ctx)
    root = out.env.workspace().root
    rows = list_templates(root)
    if as_json:
        out.json([{"name": n, "path": str(p), "own": own} for n, p, own in rows])
        return
    out.table(
        ["Template", "Used from", "Yours"],
        [[n, str(p), "yes" if own else ""] for n, p, own in rows],
        cut=["Used from"],
    )
    out.say(f"To change one, copy it to {root / 'templates'}/ and edit it there.")


@app.command("sent")
def sent(
    ctx: typer.Context,
    person: PersonArg,
    on: OnOpt = "now",
    channel: Annotated[
        str, typer.Option("--channel", help="email, text, linkedin, phone, in-person or other.")
    ] = "email",
) -> None:
    """Record that you reached out (or followed up); this starts the clock.

    Example: infoview outreach sent maria --on yesterday --channel email
    """
    out = Output.of(ctx)
    now = out.env.now()
    when = typed_when(out, on, now, prefer="past")
    result = record_sent(out.env.workspace(), person, channel, when, now)
    day = show(when)
    if result.follow_up:
        out.say(
            f"Recorded follow-up {len(result.record.follow_ups)} to {result.person.name} on {day}."
        )
    else:
        out.say(f"Recorded your message to {result.person.name} on {day}; the clock has started.")


@app.command("replied")
def replied(
    ctx: typer.Context,
    person: PersonArg,
    on: OnOpt = "now",
    declined: Annotated[bool, typer.Option("--declined", help="They said no (for now).")] = False,
) -> None:
    """Record their reply; this stops the clock.

    Example: infoview outreach replied maria --on today
    """
    out = Output.of(ctx)
    now = out.env.now()
    when = typed_when(out, on, now, prefer="past")
    reply = record_reply(out.env.workspace(), person, when, declined=declined, now=now)
    name = reply.person.name
    if declined:
        out.say(f"Recorded that {name} declined. Thank them anyway, and ask who else might talk")
        out.say(f"with you: infoview outreach draft {reply.person.id} --declined")
    else:
        out.say(f"{name} replied. Next: agree on a time (20-60 minutes, their schedule).")


@app.command("list")
def list_(
    ctx: typer.Context,
    due: Annotated[bool, typer.Option("--due", help="Only what is due today or overdue.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Everyone you have reached out to, with what to do next and when.

    Example: infoview outreach list --due
    """
    out = Output.of(ctx)
    result = list_outreach(out.env.workspace(), out.env.now(), due_only=due)
    for p in result.stopped:
        out.notice(f"no reply from {p.name} after the last follow-up: marked no-response")
    if as_json:
        out.json(result.as_dict())
    elif not result.rows:
        out.notice(
            "nothing due" if due else "no outreach recorded yet: infoview outreach draft PERSON"
        )
    else:
        out.table(
            ["Person", "Channel", "Sent", "Follow-ups", "Replied", "Next", "Due"],
            [
                [
                    r.person.name,
                    r.record.channel,
                    show(r.record.sent_at),
                    str(len(r.record.follow_ups)),
                    show(r.record.replied_at) if r.record.replied_at else "",
                    r.action.message if r.action else "",
                    show(r.action.due_when) if r.action and r.action.due_when else "",
                ]
                for r in result.rows
            ],
            cut=["Channel", "Next"],
        )
