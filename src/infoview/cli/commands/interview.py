"""`infoview interview`: schedule the conversation, then log what was said."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from infoview.cli.commands.questions import ensure_plan
from infoview.cli.common import (
    AppEnv,
    app_env,
    edit_text,
    notice,
    print_fields,
    print_json,
    print_table,
    say,
)
from infoview.model.errors import InvalidInput, NotFound
from infoview.model.vocab import Mode

if TYPE_CHECKING:
    from infoview.model.interviews import Interview
    from infoview.model.people import Prospect
    from infoview.model.questions import Question
    from infoview.rules.bank import Bank
    from infoview.store.workspace import Workspace

app = typer.Typer(
    help="The conversation itself: put it in your calendar, then log answers, notes and referrals.",
    no_args_is_help=True,
)

PersonArg = Annotated[
    str, typer.Argument(metavar="PERSON", help="An id or any unambiguous part of a name.")
]
AtOpt = Annotated[
    str | None,
    typer.Option("--at", help="When: '2026-12-03 15:30', tomorrow, friday, +3d."),
]
MinutesOpt = Annotated[int | None, typer.Option("--minutes", help="How long: 20-60 (default 30).")]
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
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only, for scripts.")]


def _person(ws: Workspace, query: str) -> Prospect:
    from infoview.rules.people import find
    from infoview.store.registry import PROSPECTS

    return find(ws.read(PROSPECTS).prospects, query)


def _meeting(
    env: AppEnv,
    at: str | None,
    minutes: int | None,
    mode: Mode | None,
    where: str | None,
    link: str | None,
    force: bool,
) -> Any:
    from infoview.model.dates import parse_when
    from infoview.model.interviews import check_link, check_place
    from infoview.rules.interviews import Meeting, check_minutes

    if where and link:
        raise InvalidInput("give either --where or --link, not both")
    try:  # checked before anything is saved
        where = check_place(where) if where is not None else None
        link = check_link(link)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    when = parse_when(at, env.now(), prefer="future") if at else None
    if minutes is not None:
        check_minutes(minutes, force)
    if mode is None and link:
        mode = Mode.VIDEO
    return Meeting(at=when, minutes=minutes, mode=mode, where=where, link=link)


def _write_ics(
    env: AppEnv, ws: Workspace, path: Path, interview: Interview, person: Prospect, cancelled: bool
) -> None:
    from infoview.formats.ics import CalendarEvent, event_ics
    from infoview.store.files import atomic_write
    from infoview.store.registry import PROFILE

    bank = env.load_bank(ws)
    lines = []
    for n, qid in enumerate(interview.questions, start=1):
        try:
            lines.append(f"{n}. {bank.question(qid).text}")
        except NotFound:
            continue
    profile = ws.read(PROFILE).profile
    assert interview.scheduled_at is not None
    event = CalendarEvent(
        uid=interview.uid,
        sequence=interview.sequence,
        start=interview.scheduled_at,
        minutes=interview.minutes,
        summary=f"Informational interview with {person.name}",
        location=interview.link or interview.where,
        url=interview.link,
        description="Questions to ask:\n" + "\n".join(lines) if lines else "",
        organizer_name=profile.name if profile else "",
        organizer_email=(profile.email or "") if profile else "",
        attendee_name=person.name,
        attendee_email=person.email or "",
        person=person.name,
    )
    data = event_ics(event, now=env.now(), cancelled=cancelled)
    try:
        atomic_write(path.expanduser().absolute(), data)
    except OSError as exc:
        raise InvalidInput(
            f"could not write {path}: {exc.strerror or exc}",
            hint="the interview itself was saved; only the calendar file is missing",
        ) from None
    notice(f"wrote {path}: open it to add it to your calendar")


@app.command("schedule")
def schedule(
    ctx: typer.Context,
    person: PersonArg,
    at: AtOpt = None,
    minutes: MinutesOpt = None,
    mode: ModeOpt = None,
    where: WhereOpt = None,
    link: LinkOpt = None,
    ics: IcsOpt = None,
    force: ForceOpt = False,
) -> None:
    """Put the conversation in your calendar (20-60 minutes, at their convenience).

    Example: infoview interview schedule maria --at "2026-12-03 15:30" --mode in-person
    --where "Mercy Hospital cafeteria" --ics maria.ics
    """
    from infoview.model.dates import format_when
    from infoview.rules.interviews import schedule as schedule_interview
    from infoview.rules.interviews import upcoming
    from infoview.store.registry import INTERVIEWS

    env = app_env(ctx)
    ws = env.workspace()
    target = _person(ws, person)
    meeting = _meeting(env, at, minutes, mode, where, link, force)
    if meeting.at is None:
        raise InvalidInput("say when with --at, e.g. --at '2026-12-03 15:30'")
    if upcoming(ws.read(INTERVIEWS), target.id) is not None:
        raise InvalidInput(
            f"{target.name} already has an interview scheduled",
            hint=f"move it with: infoview interview reschedule {target.id} --at ...",
        )
    questions = list(ensure_plan(env, ws, target).questions)
    with ws.transaction() as tx:
        interview = schedule_interview(tx, target, meeting, questions, env.now())
    if ics is not None:
        _write_ics(env, ws, ics, interview, target, cancelled=False)
    assert interview.scheduled_at is not None
    say(
        f"Scheduled {target.name}: {format_when(interview.scheduled_at)}, "
        f"{interview.minutes} minutes, {interview.mode.value}."
    )
    say(f"Print your questions: infoview questions sheet {target.id}")


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
    force: ForceOpt = False,
) -> None:
    """Move the scheduled conversation; the calendar file keeps its UID and updates.

    Example: infoview interview reschedule maria --at "2026-12-04 10:00" --ics maria.ics
    """
    from infoview.model.dates import format_when
    from infoview.rules.interviews import reschedule as move

    env = app_env(ctx)
    ws = env.workspace()
    target = _person(ws, person)
    meeting = _meeting(env, at, minutes, mode, where, link, force)
    with ws.transaction() as tx:
        interview = move(tx, target, meeting, env.now())
    if ics is not None:
        _write_ics(env, ws, ics, interview, target, cancelled=False)
    assert interview.scheduled_at is not None
    say(f"Moved {target.name} to {format_when(interview.scheduled_at)}.")


@app.command("cancel")
def cancel(ctx: typer.Context, person: PersonArg, ics: IcsOpt = None) -> None:
    """Cancel the scheduled conversation (--ics writes the cancellation for your calendar).

    Example: infoview interview cancel maria --ics maria.ics
    """
    from infoview.rules.interviews import cancel as cancel_interview

    env = app_env(ctx)
    ws = env.workspace()
    target = _person(ws, person)
    with ws.transaction() as tx:
        interview = cancel_interview(tx, target, env.now())
    if ics is not None:
        _write_ics(env, ws, ics, interview, target, cancelled=True)
    say(f"Cancelled the interview with {target.name}.")


def _answers(options: list[str], bank: Bank) -> list[tuple[str, str, bool]]:
    out = []
    for option in options:
        qid, sep, text = option.partition("=")
        if not sep or not qid.strip() or not text.strip():
            raise InvalidInput(f'--answer takes ID="what they said", not {option!r}')
        bank.question(qid.strip())
        body = text.strip()
        out.append((qid.strip(), body.lstrip("*").strip(), body.startswith("*")))
    return out


@app.command("log")
def log(
    ctx: typer.Context,
    person: PersonArg,
    on: Annotated[
        str | None,
        typer.Option("--on", help="When it took place: today, yesterday, 2026-12-03 15:30."),
    ] = None,
    minutes: MinutesOpt = None,
    mode: ModeOpt = None,
    note: Annotated[
        list[str] | None, typer.Option("--note", help="Something to remember; repeatable.")
    ] = None,
    answer: Annotated[
        list[str] | None,
        typer.Option("--answer", help='ID="what they said" (start with * to quote it later).'),
    ] = None,
    referral: Annotated[
        list[str] | None,
        typer.Option("--referral", help="Someone they suggested: 'Name[, role][ @ org]'."),
    ] = None,
    interest: Annotated[
        int | None,
        typer.Option("--interest", min=1, max=5, help="How interested you are now, 1-5."),
    ] = None,
    edit: Annotated[
        bool, typer.Option("--edit", help="Type answers under your planned questions in $EDITOR.")
    ] = False,
    force: ForceOpt = False,
) -> None:
    """Log the conversation: answers, notes, the people they suggested, your interest.

    Each referral becomes a new prospect referred by this person (or links to one
    already listed). Then send the thank-you within 24 hours: infoview thanks.

    Example: infoview interview log maria --note "Loves the variety" --answer
    favorite-love-most="*Every day is different" --referral "Sam Lee, nurse @ Mercy" --interest 4
    """
    from dataclasses import replace

    from infoview.model.dates import parse_when
    from infoview.model.errors import InfoviewError
    from infoview.model.interviews import check_answer, check_note
    from infoview.rules.interviews import Record, check_minutes, upcoming
    from infoview.rules.interviews import log as log_interview
    from infoview.rules.picking import forget_plan, plan_for
    from infoview.store.files import atomic_write
    from infoview.store.registry import INTERVIEWS, PLANS

    env = app_env(ctx)
    ws = env.workspace()
    now = env.now()
    target = _person(ws, person)
    bank = env.load_bank(ws)
    if minutes is not None:
        check_minutes(minutes, force)
    scheduled = upcoming(ws.read(INTERVIEWS), target.id)
    answers_given = _answers(answer or [], bank)
    try:  # checked before anything is saved or an editor opens
        for text in note or []:
            check_note(text)
        for _, text, _ in answers_given:
            check_answer(text)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    if scheduled is not None:
        questions = list(scheduled.questions)
    elif edit:  # the form lists questions to answer: pick them if none were planned
        questions = list(ensure_plan(env, ws, target).questions)
    else:
        plan = plan_for(ws.read(PLANS), target.id)
        questions = list(plan.questions) if plan else []
    kept: tuple[Path, str] | None = None
    record: Any
    if edit:
        record, kept = _record_from_form(env, ws, target, bank, questions, scheduled)
        record = _merge_options(record, note, answer, referral, interest, bank)
        record = replace(
            record,
            held_at=parse_when(on, now, prefer="past") if on else record.held_at,
            minutes=minutes if minutes is not None else record.minutes,
            mode=mode or record.mode,
        )
    else:
        record = Record(
            held_at=parse_when(on or "now", now, prefer="past"),
            minutes=minutes,
            mode=mode,
            notes=tuple(note or ()),
            answers=tuple(answers_given),
            referrals=tuple(referral or ()),
            interest=interest,
            questions=tuple(questions),
        )
    try:
        if record.minutes is not None:
            check_minutes(record.minutes, force)
        with ws.transaction() as tx:
            logged = log_interview(tx, target, record, now)
            forget_plan(tx, target.id)  # the plan was for this conversation
    except InfoviewError as exc:
        if kept is not None:  # a form refused after it was read: keep the typing
            path, text = kept
            atomic_write(path, text.encode("utf-8"))
            exc.hint = f"your text is kept in {path}; run the same command to fix it"
        raise
    if kept is not None:
        kept[0].unlink(missing_ok=True)
    say(f"Logged your interview with {target.name}.")
    for p in logged.added:
        say(f"Added {p.name} ({p.id}), referred by {target.name}.")
    for p in logged.linked:
        say(f"{p.name} ({p.id}) is already on your list; linked as a referral.")
    say(f"Next: a thank-you within 24 hours: infoview thanks draft {target.id}")


def _merge_options(
    record: Any,
    note: list[str] | None,
    answer: list[str] | None,
    referral: list[str] | None,
    interest: int | None,
    bank: Bank,
) -> Any:
    from dataclasses import replace

    return replace(
        record,
        notes=(*record.notes, *(note or ())),
        answers=(*record.answers, *_answers(answer or [], bank)),
        referrals=(*record.referrals, *(referral or ())),
        interest=interest if interest is not None else record.interest,
    )


def _record_from_form(
    env: AppEnv,
    ws: Workspace,
    person: Prospect,
    bank: Bank,
    question_ids: list[str],
    scheduled: Interview | None,
) -> tuple[Any, tuple[Path, str]]:
    """Open the form (or the text kept from a broken try) and read it back.

    Returns the record and (where to keep the text, the text) for the caller to
    keep if a later check refuses it; a form that cannot be parsed is kept here.
    """
    from infoview.rules.interview_form import FormError, blank_form, parse_form
    from infoview.rules.interviews import Record
    from infoview.store.files import atomic_write

    now = env.now()
    kept = ws.root / f"interview-{person.id}.txt"
    questions: list[Question] = []
    for qid in question_ids:
        try:
            questions.append(bank.question(qid))
        except NotFound:
            continue
    if kept.is_file():
        text = kept.read_text(encoding="utf-8")
        notice(f"continuing from the form you saved in {kept}")
    else:
        text = blank_form(
            person.name,
            person.id,
            questions,
            # Shown in local time, as parse_form reads it (the stored offset may differ).
            when=scheduled.scheduled_at.astimezone(now.tzinfo)
            if scheduled and scheduled.scheduled_at
            else now,
            minutes=scheduled.minutes if scheduled else 30,
            mode=scheduled.mode if scheduled else Mode.VIDEO,
        )
    edited = edit_text(text, environ=env.environ)
    try:
        filled = parse_form(edited, now, {q.id for q in bank.questions})
    except FormError as exc:
        ws.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(kept, edited.encode("utf-8"))
        raise InvalidInput(
            f"could not read the form, {exc.message}",
            hint=f"your text is kept in {kept}; run the same command to fix it",
        ) from None
    return Record(
        held_at=filled.held_at,
        minutes=filled.minutes,
        mode=filled.mode,
        notes=tuple(filled.notes),
        answers=tuple(filled.answers),
        referrals=tuple(filled.referrals),
        interest=filled.interest,
        questions=tuple(question_ids),
    ), (kept, edited)


def _interview_json(i: Interview) -> dict[str, Any]:
    return {
        "person": i.person,
        "status": i.state,
        "scheduled_at": i.scheduled_at.isoformat(timespec="seconds") if i.scheduled_at else None,
        "minutes": i.minutes,
        "mode": i.mode.value,
        "where": i.link or i.where,
        "logged_at": i.held_at.isoformat(timespec="seconds") if i.held_at else None,
        "questions": list(i.questions),
        "answers": [{"question": a.question, "text": a.text} for a in i.answers],
        "referrals": list(i.referrals),
        "interest": i.interest,
    }


def _when(i: Interview) -> datetime | None:
    return i.held_at or i.scheduled_at


def _when_key(i: Interview) -> float:
    when = _when(i)
    return when.timestamp() if when else 0.0


def _when_text(i: Interview) -> str:
    from infoview.model.dates import format_when

    when = _when(i)
    return format_when(when) if when else ""


@app.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Every interview, scheduled, held or cancelled, newest first.

    Example: infoview interview list
    """
    from infoview.store.registry import INTERVIEWS, PROSPECTS

    ws = app_env(ctx).workspace()
    names = {p.id: p.name for p in ws.read(PROSPECTS).prospects}
    interviews = sorted(ws.read(INTERVIEWS).interviews, key=_when_key, reverse=True)
    if as_json:
        print_json([_interview_json(i) for i in interviews])
        return
    if not interviews:
        notice("no interviews yet: infoview interview schedule PERSON --at ...")
        return
    print_table(
        ["Person", "State", "When", "Min", "Mode", "Answers", "Referrals"],
        [
            [
                names.get(i.person, i.person),
                i.state,
                _when_text(i),
                str(i.minutes),
                i.mode.value,
                str(len(i.answers)),
                str(len(i.referrals)),
            ]
            for i in interviews
        ],
    )


@app.command("show")
def show(ctx: typer.Context, person: PersonArg, as_json: JsonOpt = False) -> None:
    """Everything logged with one person: each interview, answers, notes and referrals.

    Example: infoview interview show maria
    """
    from infoview.model.dates import format_when
    from infoview.rules.interviews import of_person
    from infoview.store.registry import INTERVIEWS, PROSPECTS

    env = app_env(ctx)
    ws = env.workspace()
    target = _person(ws, person)
    mine = of_person(ws.read(INTERVIEWS), target.id)
    if as_json:
        print_json([_interview_json(i) for i in mine])
        return
    if not mine:
        raise NotFound(f"no interview with {target.name} yet")
    bank = env.load_bank(ws)
    names = {p.id: p.name for p in ws.read(PROSPECTS).prospects}
    for i in mine:
        when = i.held_at or i.scheduled_at
        pairs = [
            ("State", i.state),
            ("When", format_when(when) if when else ""),
            ("Length", f"{i.minutes} minutes, {i.mode.value}"),
            ("Where", i.link or i.where),
            ("Interest", f"{i.interest}/5" if i.interest else ""),
            ("Referrals", ", ".join(names.get(r, r) for r in i.referrals)),
            ("Notes", "\n".join(i.notes)),
        ]
        for a in i.answers:
            try:
                label = bank.question(a.question).text
            except NotFound:
                label = a.question
            pairs.append((("* " if a.starred else "") + label, a.text))
        print_fields(f"{target.name}: {i.id}", pairs)


def answers(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="QUERY", help="A question id or words in it.")],
    as_json: JsonOpt = False,
) -> None:
    """Every logged answer to a question, side by side across the people you asked.

    Example: infoview answers "love most"
    """
    from infoview.model.text import fold
    from infoview.rules.interviews import held
    from infoview.store.registry import INTERVIEWS, PROSPECTS

    env = app_env(ctx)
    ws = env.workspace()
    bank = env.load_bank(ws)
    wanted = fold(query)
    matching = [q for q in bank.questions if q.id == query or wanted in fold(q.text)]
    if not matching:
        raise InvalidInput(f"no question matches {query!r}", hint="see infoview questions list")
    ids = {q.id for q in matching}
    names = {p.id: p.name for p in ws.read(PROSPECTS).prospects}
    rows = [
        (q, names.get(i.person, i.person), a.text)
        for q in matching
        for i in held(ws.read(INTERVIEWS))
        for a in i.answers
        if a.question == q.id and a.question in ids
    ]
    if as_json:
        print_json(
            [{"question": q.id, "text": q.text, "person": p, "answer": t} for q, p, t in rows]
        )
        return
    if not rows:
        notice("no answers logged to that question yet")
        return
    for q in matching:
        mine = [(p, t) for qq, p, t in rows if qq.id == q.id]
        if mine:
            say(q.text)
            for p, t in mine:
                say(f"  {p}: {t}")
