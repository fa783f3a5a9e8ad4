"""What the notes for other occasions share on the command line: the reply to a no
(`outreach draft --declined`), the confirmation (`interview confirm`) and the
stay-in-touch note (`touch draft`)."""

from __future__ import annotations

from typing import Annotated

import typer

from infoview.cli.drafts import (
    complete_profile,
    copy_and_say,
    edit_and_write,
    require_email,
    show_draft,
)
from infoview.cli.files import may_replace
from infoview.cli.options import EditOpt, EmlOpt, ForceOpt, JsonOpt, PersonArg
from infoview.cli.output import Output
from infoview.model.errors import InvalidInput
from infoview.rules.occasions import Kind
from infoview.usecases.occasions import (
    OccasionDraft,
    draft_occasion,
    last_contact_text,
    occasion_line,
)

OccasionChannelOpt = Annotated[
    str | None,
    typer.Option(
        "--channel",
        help="email, text or linkedin (default: the channel of your first message, else email).",
    ),
]
CopyOpt = Annotated[bool, typer.Option("--copy", help="Also copy it to the clipboard.")]


def occasion_draft(
    out: Output,
    kind: Kind,
    query: str,
    *,
    channel: str | None,
    edit: bool,
    eml: str | None,
    copy: bool,
    as_json: bool,
    update: str = "",
    force: bool = False,
) -> None:
    """Draft the note of ``kind`` for one person, let the student edit it, write it
    where they asked and show it with its lint."""
    out.check_files(eml)
    may_replace(out.env, eml, force)
    ws, now = out.env.workspace(), out.env.now()
    line = occasion_line(ws, kind, query, now)  # before asking for anything missing
    needs = {"name": "name"}
    if eml is not None:
        if channel not in (None, "email"):
            raise InvalidInput(f"--eml writes an email; a {channel} is not sent by email")
        channel = "email"
        require_email(line.person, "the .eml")
        needs["email"] = "email address (for the From line)"
    complete_profile(out, ws, needs)
    questions = None
    if kind == "touch":
        questions = {q.id: q.text for q in out.env.load_bank(ws).questions}
    result = draft_occasion(
        ws, kind, line, channel=channel, now=now, update=update, questions=questions
    )
    result = edit_and_write(out, result, edit=edit, eml=eml)
    draft = result.draft
    if as_json:
        out.json(result.as_dict())
        return
    text = show_draft(out, draft.subject, draft.body, result.findings)
    out.notice(_next_step(result))
    if copy:
        copy_and_say(out, text)


def _next_step(result: OccasionDraft) -> str:
    pid, channel = result.person.id, result.draft.channel
    if result.kind == "declined":
        return f"if they suggest someone: infoview prospect add NAME --referred-by {pid}"
    if result.kind == "confirm":
        return f"print your questions: infoview questions sheet {pid}"
    return (
        f"{last_contact_text(result.line)}; when you have sent it: "
        f"infoview touch {pid} --channel {channel} --note ..."
    )


def confirm(
    ctx: typer.Context,
    person: PersonArg,
    channel: OccasionChannelOpt = None,
    edit: EditOpt = False,
    eml: EmlOpt = None,
    force: ForceOpt = False,
    copy: CopyOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Draft a short note for the day before: the day and time, where or how, the minutes.

    The time is written as people write it ("tomorrow at 3:30 pm"), on your clock; then
    the place (--where), the video link or the phone, as scheduled.

    Example: infoview interview confirm maria --channel text
    """
    occasion_draft(
        Output.of(ctx), "confirm", person, channel=channel, edit=edit, eml=eml, copy=copy,
        as_json=as_json, force=force,
    )  # fmt: skip
