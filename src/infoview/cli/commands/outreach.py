"""`infoview outreach`: draft the ask, send it your own way, and keep the follow-up clock."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from infoview.cli.common import (
    AppEnv,
    app_env,
    notice,
    print_json,
    print_table,
    say,
)
from infoview.cli.drafts import (
    broad_field,
    complete_profile,
    copy_to_clipboard,
    edit_draft,
    emit_draft,
    require_email,
    write_eml,
)
from infoview.model.errors import InvalidInput

if TYPE_CHECKING:
    from infoview.model.people import Profile, Prospect
    from infoview.rules.drafting import Draft, Facts
    from infoview.store.workspace import Workspace

app = typer.Typer(
    help=(
        "Ask for a conversation: drafts for email, text, LinkedIn or phone that get replies, "
        "and a follow-up clock (3 business days, then 7) so nobody goes cold."
    ),
    no_args_is_help=True,
)

PersonArg = Annotated[
    str, typer.Argument(metavar="PERSON", help="An id or any unambiguous part of a name.")
]
ChannelOpt = Annotated[str, typer.Option("--channel", help="email, text, linkedin or phone.")]
StyleOpt = Annotated[
    str, typer.Option("--style", help="student (up to 100 words) or brief (up to 75).")
]
FollowUpOpt = Annotated[
    bool, typer.Option("--follow-up", help="The polite single nudge after 7 business days.")
]
OnOpt = Annotated[
    str,
    typer.Option("--on", help="When: 2026-12-03, 2026-12-03 15:30, today, yesterday, monday, -2d."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only, for scripts.")]


def _facts(env: AppEnv, ws: Workspace, person: Prospect, profile: Profile, sent_day: str) -> Facts:
    from infoview.model.text import indefinite_article
    from infoview.rules.drafting import Facts, connection_sentence
    from infoview.store.registry import PROSPECTS

    referrer = None
    if person.referred_by:
        by_id = {p.id: p for p in ws.read(PROSPECTS).prospects}
        if person.referred_by in by_id:
            referrer = by_id[person.referred_by].name
    grade = profile.year or "student"
    intro = f"{indefinite_article(grade)} {grade}" + (
        f" at {profile.school}" if profile.school else ""
    )
    return Facts(
        their_name=person.name,
        my_name=profile.name,
        my_intro=intro,
        connection=connection_sentence(person.relation.value, referrer, ws.root),
        field=broad_field(env, ws, person),
        my_phone=profile.phone or "",
        sent_day=sent_day,
    )


@app.command("draft")
def draft(
    ctx: typer.Context,
    person: PersonArg,
    channel: ChannelOpt = "email",
    style: StyleOpt = "student",
    follow_up: FollowUpOpt = False,
    edit: Annotated[
        bool, typer.Option("--edit", help="Edit it in $VISUAL/$EDITOR; an empty result cancels.")
    ] = False,
    eml: Annotated[
        Path | None, typer.Option("--eml", help="Also write a .eml draft any mail program opens.")
    ] = None,
    mailto: Annotated[bool, typer.Option("--mailto", help="Also print a mailto: link.")] = False,
    copy: Annotated[bool, typer.Option("--copy", help="Also copy it to the clipboard.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Draft the ask for one person, checked against what gets replies.

    The draft names how you know them first, asks for about 30 minutes of their
    story and advice (never a job) at a time that suits them, in person, by video
    or by phone. Its lint result is shown with it.

    Example: infoview outreach draft maria --channel email --eml maria.eml
    """
    from infoview.model.dates import format_day
    from infoview.rules.drafting import compose, lint_draft
    from infoview.rules.outreach import record_for
    from infoview.rules.people import find
    from infoview.store.registry import OUTREACH, PROSPECTS

    env = app_env(ctx)
    ws = env.workspace()
    target = find(ws.read(PROSPECTS).prospects, person)
    needs = {"name": "name"}
    if channel == "phone":
        needs["phone"] = "phone number (for the voicemail)"
    if eml is not None:
        needs["email"] = "email address (for the From line)"
        require_email(target, "the .eml")
    if mailto:
        require_email(target, "the link")
    profile = complete_profile(env, ws, needs)
    record = record_for(ws.read(OUTREACH), target.id)
    sent_day = format_day(record.sent_at.date()) if record else "earlier"
    result: Draft = compose(
        channel, style, follow_up, _facts(env, ws, target, profile, sent_day), ws.root
    )
    subject, body = result.subject, result.body
    if edit:
        subject, body = edit_draft(env, result.text, channel)
    findings = lint_draft(subject, body, channel, style, follow_up)
    if eml is not None:
        write_eml(eml, subject or "", body, profile, target, env)
    text = emit_draft(
        target, channel, subject, body, findings, as_json=as_json, extra={"style": style}
    )
    if not as_json:
        if mailto and target.email:
            from infoview.formats.eml import mailto_link

            say(mailto_link(target.email, subject or "", body))
        notice(f"when you have sent it: infoview outreach sent {target.id} --channel {channel}")
    if copy:
        if copy_to_clipboard(text):
            notice("copied to the clipboard")
        else:
            notice("no clipboard here (install xclip, xsel or wl-clipboard); copy the text above")


@app.command("lint")
def lint(
    source: Annotated[
        str, typer.Argument(metavar="[FILE]", help="A draft to check; - or nothing reads stdin.")
    ] = "-",
    channel: ChannelOpt = "email",
    style: StyleOpt = "student",
    follow_up: FollowUpOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Check a draft you wrote: length, connection first, a real ask, time, no job words.

    A first line 'Subject: ...' is read as the email subject. Exits 1 when there
    is something to change, so it can gate a script.

    Example: infoview outreach lint my-note.txt --channel email
    """
    from infoview.model.vocab import DRAFT_CHANNELS
    from infoview.rules.drafting import STYLES, lint_draft, split_draft

    if channel not in DRAFT_CHANNELS:
        raise InvalidInput(f"--channel must be one of {', '.join(DRAFT_CHANNELS)}")
    if style not in STYLES:
        raise InvalidInput(f"--style must be one of {', '.join(STYLES)}")
    if source == "-":
        text = sys.stdin.read()
    else:
        try:
            text = Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"cannot read {source}: {exc}") from None
    if not text.strip():
        raise InvalidInput("the draft is empty")
    subject, body = split_draft(text)
    findings = lint_draft(subject, body, channel, style, follow_up)
    if as_json:
        print_json([f.as_dict() for f in findings])
    else:
        for f in findings:
            say(f"{f.rule}: {f.message}")
        say(f"{len(findings)} to change." if findings else "No findings: it is ready to send.")
    if findings:
        raise typer.Exit(1)


@app.command("templates")
def templates(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List the draft templates and which file is used for each.

    Copy one into the workspace's templates/ folder to change its wording.

    Example: infoview outreach templates
    """
    from infoview.rules.drafting import list_templates

    ws = app_env(ctx).workspace()
    rows = list_templates(ws.root)
    if as_json:
        print_json([{"name": n, "path": str(p), "own": own} for n, p, own in rows])
        return
    print_table(
        ["Template", "Used from", "Yours"],
        [[n, str(p), "yes" if own else ""] for n, p, own in rows],
    )
    say(f"To change one, copy it to {ws.root / 'templates'}/ and edit it there.")


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
    from infoview.model.dates import format_day, parse_when
    from infoview.rules.outreach import mark_sent
    from infoview.rules.people import find
    from infoview.store.registry import PROSPECTS

    env = app_env(ctx)
    ws = env.workspace()
    now = env.now()
    when = parse_when(on, now, prefer="past")
    with ws.transaction() as tx:
        target = find(tx.get(PROSPECTS).prospects, person)
        record, follow_up = mark_sent(tx, target, channel, when, now)
    if follow_up:
        day = format_day(when.date())
        say(f"Recorded follow-up {len(record.follow_ups)} to {target.name} on {day}.")
    else:
        day = format_day(when.date())
        say(f"Recorded your message to {target.name} on {day}; the clock has started.")


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
    from infoview.model.dates import parse_when
    from infoview.rules.outreach import mark_replied
    from infoview.rules.people import find
    from infoview.store.registry import PROSPECTS

    env = app_env(ctx)
    ws = env.workspace()
    now = env.now()
    when = parse_when(on, now, prefer="past")
    with ws.transaction() as tx:
        target = find(tx.get(PROSPECTS).prospects, person)
        mark_replied(tx, target, when, declined, now)
    if declined:
        say(f"Recorded that {target.name} declined. Thank them anyway; ask others.")
    else:
        say(f"{target.name} replied. Next: agree on a time (20-60 minutes, their schedule).")


@app.command("list")
def list_(
    ctx: typer.Context,
    due: Annotated[bool, typer.Option("--due", help="Only what is due today or overdue.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Everyone you have reached out to, with what to do next and when.

    Example: infoview outreach list --due
    """
    from infoview.model.dates import format_day
    from infoview.rules.outreach import outreach_rows, stop_silent_clocks
    from infoview.store.registry import OUTREACH, PROSPECTS, SETTINGS

    env = app_env(ctx)
    ws = env.workspace()
    now = env.now()
    rows = outreach_rows(ws.read(PROSPECTS), ws.read(OUTREACH), ws.read(SETTINGS), now)
    if any(r.clock.state == "no-response" and r.person.status.value == "contacted" for r in rows):
        with ws.transaction() as tx:
            for p in stop_silent_clocks(tx, rows, now):
                notice(f"no reply from {p.name} after two follow-ups: marked no-response")
    if due:
        rows = [r for r in rows if r.due(now.date())]
    if as_json:
        print_json([_row_json(r) for r in rows])
        return
    if not rows:
        notice("nothing due" if due else "no outreach recorded yet: infoview outreach draft PERSON")
        return
    print_table(
        ["Person", "Channel", "Sent", "Follow-ups", "Replied", "Next", "Due"],
        [
            [
                r.person.name,
                r.record.channel,
                format_day(r.record.sent_at.date()),
                str(len(r.record.follow_ups)),
                format_day(r.record.replied_at.date()) if r.record.replied_at else "",
                r.clock.next_action,
                format_day(r.clock.due) if r.clock.due else "",
            ]
            for r in rows
        ],
    )


def _row_json(row: Any) -> dict[str, Any]:
    record = row.record
    return {
        "person": row.person.id,
        "channel": record.channel,
        "sent_at": record.sent_at.isoformat(timespec="seconds"),
        "replied_at": record.replied_at.isoformat(timespec="seconds")
        if record.replied_at
        else None,
        "follow_ups": len(record.follow_ups),
        "next_action": row.clock.next_action,
        "due": row.clock.due.isoformat() if row.clock.due else None,
    }
