"""`infoview interview`: schedule the conversation, then log what was said."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from infoview.cli.editor import edit_text
from infoview.cli.files import may_replace
from infoview.cli.occasions import confirm
from infoview.cli.options import ForceOpt as ReplaceOpt
from infoview.cli.options import InterviewMinutesOpt as MinutesOpt
from infoview.cli.options import JsonOpt, PersonArg, ScheduleMinutesOpt
from infoview.cli.output import Output
from infoview.cli.when import typed_moment, typed_when
from infoview.model import dates
from infoview.model.errors import InfoviewError, InvalidInput, NotFound
from infoview.model.interviews import Held, Interview
from infoview.model.people import Prospect
from infoview.model.vocab import Mode
from infoview.rules.bank import Bank
from infoview.rules.interview_form import FormError, parse_form
from infoview.rules.interviews import LogOptions, Meeting, checked_meeting, log_options
from infoview.store.files import atomic_write
from infoview.store.inputs import DRAFT_LIMIT, NotARegularFile, TooLarge, describe, read_limited
from infoview.store.workspace import Workspace
from infoview.usecases.interviews import (
    LoggedInterview,
    PersonInterviews,
    calendar_file,
    cancel_interview,
    list_interviews,
    log_form,
    log_interview,
    moment_of,
    reschedule_interview,
    schedule_interview,
    show_interviews,
)

app = typer.Typer(
    help="The conversation itself: put it in your calendar, then log answers, notes and referrals.",
    no_args_is_help=True,
)

AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="A day and a time, your wall clock: '2026-12-03 15:30', 'tomorrow 15:30', "
        "'friday 3pm', '+2d 10:00'.",
    ),
]
ModeOpt = Annotated[
    Mode | None, typer.Option("--mode", help="in-person, video or phone.", case_sensitive=False)
]
WhereOpt = Annotated[
    str | None, typer.Option("--where", help="Where you meet, e.g. 'Mercy Hospital cafeteria'.")
]
LinkOpt = Annotated[str | None, typer.Option("--link", help="The video call link.")]
IcsOpt = Annotated[
    Path | None, typer.Option("--ics", help="Also write a calendar file (.ics) to import.")
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Allow a length outside 20-60 minutes.")]
# schedule and reschedule had --force for the length before they asked about the calendar file
ScheduleForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Allow a length outside 20-60 minutes, and replace the --ics file if there is one.",
    ),
]
HeldOnOpt = Annotated[
    str | None,
    typer.Option(
        "--on",
        help="When it took place: a day (today, yesterday, 2026-12-03) or a time "
        "('2026-12-03 15:30'). Default: the time scheduled, else today.",
    ),
]
NoteOpt = Annotated[
    list[str] | None, typer.Option("--note", help="Something to remember; repeatable.")
]
AnswerOpt = Annotated[
    list[str] | None,
    typer.Option("--answer", help='ID="what they said" (start with * to quote it later).'),
]
ReferralOpt = Annotated[
    list[str] | None,
    typer.Option("--referral", help="Someone they suggested: 'Name[, role][ @ org]'."),
]
InterestOpt = Annotated[
    int | None,
    typer.Option("--interest", min=1, max=5, help="How interested you are now, 1-5."),
]
NewOpt = Annotated[
    bool, typer.Option("--new", help="Log another conversation, not the one logged already.")
]
FormOpt = Annotated[
    bool, typer.Option("--edit", help="Type answers under your planned questions in $EDITOR.")
]

CALENDAR_HINT = "the interview itself was saved; only the calendar file is missing"


def _meeting(
    out: Output,
    now: datetime,
    at: str | None,
    minutes: int | None,
    mode: Mode | None,
    where: str | None,
    link: str | None,
    force: bool,
) -> Meeting:
    """The meeting the options describe, checked before anything is saved."""
    moment = typed_moment(out, at, now, prefer="future") if at else None
    return checked_meeting(moment, minutes, mode, where, link, force=force)


def _write_calendar(out: Output, path: Path, data: bytes) -> None:
    out.write_file(path, data, hint=CALENDAR_HINT)
    out.notice(f"wrote {path}: open it to add it to your calendar")


@app.command("schedule")
def schedule(
    ctx: typer.Context,
    person: PersonArg,
    at: AtOpt = None,
    minutes: ScheduleMinutesOpt = None,
    mode: ModeOpt = None,
    where: WhereOpt = None,
    link: LinkOpt = None,
    ics: IcsOpt = None,
    force: ScheduleForceOpt = False,
) -> None:
    """Put the conversation in your calendar (20-60 minutes, at their convenience).

    Example: infoview interview schedule maria --at "2026-12-03 15:30" --mode in-person
    --where "Mercy Hospital cafeteria" --ics maria.ics
    """
    out = Output.of(ctx)
    out.check_files(ics)
    may_replace(out.env, ics, force)
    now = out.env.now()
    meeting = _meeting(out, now, at, minutes, mode, where, link, force)
    ws = out.env.workspace()
    bank = out.env.load_bank(ws)
    result = schedule_interview(ws, bank, person, meeting, now)
    target, interview = result.person, result.interview
    if result.planned is not None and result.planned.picked_now:
        out.notice(result.planned.notice(target))
    if ics is not None:
        _write_calendar(out, ics, calendar_file(ws, bank, target, interview, now))
    assert interview.scheduled_at is not None  # just scheduled
    out.say(
        f"Scheduled {target.name}: {dates.show(interview.scheduled_at)}, "
        f"{interview.minutes} minutes, {interview.mode.value}."
    )
    out.say(f"Print your questions: infoview questions sheet {target.id}")


app.command("confirm")(confirm)  # the note for the day before (cli/occasions.py)


@app.command("reschedule")
def reschedule(
    ctx: typer.Context,
    person: PersonArg,
    at: AtOpt = None,
    minutes: MinutesOpt = None,
    mode: ModeOpt = None,
    where: WhereOpt = None,
    link: LinkOpt = None,
    ics: IcsOpt = None,
    force: ScheduleForceOpt = False,
) -> None:
    """Move the scheduled conversation; the calendar file keeps its UID and updates.

    Example: infoview interview reschedule maria --at "2026-12-04 10:00" --ics maria.ics
    """
    out = Output.of(ctx)
    out.check_files(ics)
    may_replace(out.env, ics, force)
    now = out.env.now()
    meeting = _meeting(out, now, at, minutes, mode, where, link, force)
    ws = out.env.workspace()
    result = reschedule_interview(ws, person, meeting, now)
    if ics is not None:
        bank = out.env.load_bank(ws)
        _write_calendar(out, ics, calendar_file(ws, bank, result.person, result.interview, now))
    assert result.interview.scheduled_at is not None  # a moved interview has a time
    out.say(f"Moved {result.person.name} to {dates.show(result.interview.scheduled_at)}.")


@app.command("cancel")
def cancel(
    ctx: typer.Context, person: PersonArg, ics: IcsOpt = None, force: ReplaceOpt = False
) -> None:
    """Cancel the scheduled conversation (--ics writes the cancellation for your calendar).

    Example: infoview interview cancel maria --ics maria.ics
    """
    out = Output.of(ctx)
    out.check_files(ics)
    may_replace(out.env, ics, force)
    now = out.env.now()
    ws = out.env.workspace()
    result = cancel_interview(ws, person, now)
    if ics is not None:
        bank = out.env.load_bank(ws)
        data = calendar_file(ws, bank, result.person, result.interview, now, cancelled=True)
        _write_calendar(out, ics, data)
    out.say(f"Cancelled the interview with {result.person.name}.")


@app.command("log")
def log(
    ctx: typer.Context,
    person: PersonArg,
    on: HeldOnOpt = None,
    minutes: MinutesOpt = None,
    mode: ModeOpt = None,
    note: NoteOpt = None,
    answer: AnswerOpt = None,
    referral: ReferralOpt = None,
    interest: InterestOpt = None,
    edit: FormOpt = False,
    new: NewOpt = False,
    force: ForceOpt = False,
) -> None:
    """Log the conversation: answers, notes, the people they suggested, your interest.

    The scheduled conversation becomes held. Without one, a conversation already
    logged is added to (--edit opens it to correct; --new logs another one).
    Each referral becomes a new prospect referred by this person (or links to one
    already listed). Then send the thank-you within 24 hours: infoview thanks.

    Example: infoview interview log maria --note "Loves the variety" --answer
    favorite-love-most="*Every day is different" --referral "Sam Lee, nurse @ Mercy" --interest 4
    """
    out = Output.of(ctx)
    now = out.env.now()
    ws = out.env.workspace()
    bank = out.env.load_bank(ws)
    options = log_options(  # checked before anything is saved or an editor opens
        bank,
        on=typed_when(out, on, now, prefer="past") if on else None,
        minutes=minutes,
        mode=mode,
        notes=note or [],
        answers=answer or [],
        referrals=referral or [],
        interest=interest,
        force=force,
    )
    if edit:
        result = _log_with_form(out, ws, bank, person, options, force=force, new=new)
    else:
        result = log_interview(ws, person, options.record(), now, force=force, new=new)
    if result is not None:
        _say_logged(out, result, now)


def _say_logged(out: Output, result: LoggedInterview, now: datetime) -> None:
    name = result.person.name
    held = dates.show(result.interview.held_at)
    verb = "Updated your log of the conversation" if result.amended else "Logged your interview"
    out.say(f"{verb} with {name} ({held}).")
    for p in result.added:
        out.say(f"Added {p.name} ({p.id}), referred by {name}.")
    for p in result.linked:
        out.say(f"{p.name} ({p.id}) is already on your list; linked as a referral.")
    owed = result.timeline.thanks
    if owed is not None:
        out.say(f"Next: {owed.advice(now)}.")
        out.say(f"  infoview thanks draft {result.person.id}")


# --- log --edit: the form ------------------------------------------------------------


def _log_with_form(
    out: Output,
    ws: Workspace,
    bank: Bank,
    query: str,
    options: LogOptions,
    *,
    force: bool,
    new: bool,
) -> LoggedInterview | None:
    """Open the form (or the text kept from a broken try), read it back and log it;
    None when it came back unchanged (nothing is logged).

    Typed text that is refused, by the form's reader or by a later check, is kept
    in the workspace and opened again by the next try.
    """
    now = out.env.now()
    form = log_form(ws, bank, query, now, new=new)
    if form.planned is not None and form.planned.picked_now:
        out.notice(form.planned.notice(form.person))
    kept = _kept_form(ws, form.person)
    shown = _form_text(out, kept, form.text)
    typed = edit_text(out.env, shown)
    if typed == form.text and options == LogOptions():
        kept.unlink(missing_ok=True)
        out.say("The form came back unchanged: nothing was logged.")
        return None
    try:
        filled = parse_form(typed, now, {q.id for q in bank.questions})
        record = options.over(filled.record(whole=form.editing is not None))
        result = log_interview(ws, form.person.id, record, now, force=force, new=new)
    except InfoviewError as exc:
        _keep(ws, kept, typed)
        hint = f"your text is kept in {kept}; run the same command to fix it"
        if isinstance(exc, FormError):
            raise InvalidInput(f"could not read the form, {exc.message}", hint=hint) from None
        exc.hint = hint
        raise
    kept.unlink(missing_ok=True)
    return result


def _kept_form(ws: Workspace, person: Prospect) -> Path:
    """Where the text of a refused form waits for the next try."""
    return ws.root / f"interview-{person.id}.txt"


def _form_text(out: Output, kept: Path, blank: str) -> str:
    if not kept.is_file():
        return blank
    try:
        text = read_limited(kept, DRAFT_LIMIT).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:  # not a file, too large, unreadable
        raise InvalidInput(
            f"cannot read the kept form {kept}: {_reason(exc)}",
            hint=f"a text file of at most {describe(DRAFT_LIMIT)}; remove it to start afresh",
        ) from None
    out.notice(f"continuing from the form you saved in {kept}")
    return text


def _reason(exc: OSError | UnicodeDecodeError) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start})"
    if isinstance(exc, TooLarge):
        return f"larger than {describe(exc.limit)}"
    if isinstance(exc, NotARegularFile):
        return "not a regular file"
    return str(exc.strerror or exc)


def _keep(ws: Workspace, kept: Path, typed: str) -> None:
    ws.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    atomic_write(kept, typed.encode("utf-8"))


# --- looking back ------------------------------------------------------------------


def _when_text(i: Interview) -> str:
    return dates.show(moment_of(i))


@app.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Every interview, scheduled, held or cancelled, newest first.

    Example: infoview interview list
    """
    out = Output.of(ctx)
    result = list_interviews(out.env.workspace(), out.env.now())
    if as_json:
        out.json(result.as_dict())
    elif not result.interviews:
        out.notice("no interviews yet: infoview interview schedule PERSON --at ...")
    else:
        out.table(
            ["Person", "State", "When", "Min", "Mode", "Answers", "Referrals"],
            [
                [
                    result.name(i.person),
                    result.state(i),
                    _when_text(i),
                    str(i.minutes),
                    i.mode.value,
                    str(len(i.answers)) if isinstance(i, Held) else "",
                    str(len(i.referrals)) if isinstance(i, Held) else "",
                ]
                for i in result.interviews
            ],
            cut=["Mode", "Referrals"],
        )


@app.command("show")
def show(ctx: typer.Context, person: PersonArg, as_json: JsonOpt = False) -> None:
    """Everything logged with one person: each interview, answers, notes and referrals.

    Example: infoview interview show maria
    """
    out = Output.of(ctx)
    ws = out.env.workspace()
    result = show_interviews(ws, out.env.load_bank(ws), person, out.env.now())
    if as_json:
        out.json(result.as_dict())
        return
    if not result.interviews:
        raise NotFound(f"no interview with {result.person.name} yet")
    for i in result.interviews:
        out.fields(f"{result.person.name}: {i.id}", _shown(result, i))


def _shown(result: PersonInterviews, i: Interview) -> list[tuple[str, str]]:
    pairs = [
        ("State", result.state(i)),
        ("When", _when_text(i)),
        ("Length", f"{i.minutes} minutes, {i.mode.value}"),
        ("Where", i.link or i.where),
    ]
    if not isinstance(i, Held):
        return pairs
    pairs += [
        ("Interest", f"{i.interest}/5" if i.interest else ""),
        ("Referrals", ", ".join(result.name(r) for r in i.referrals)),
        ("Notes", "\n".join(i.notes)),
        ("Thank-you", dates.show(i.thanked_at) if i.thanked_at else ""),
    ]
    for a in i.answers:
        pairs.append((("* " if a.starred else "") + result.label(a.question), a.text))
    return pairs
