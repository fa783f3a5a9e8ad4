"""`infoview questions`: the question bank, your own questions, and the set for each person."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from infoview.cli.common import (
    AppEnv,
    app_env,
    notice,
    print_fields,
    print_json,
    print_table,
    say,
    warn_all,
)
from infoview.model.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from infoview.model.people import Prospect
    from infoview.model.plans import Plan
    from infoview.model.questions import Question
    from infoview.rules.bank import Bank
    from infoview.rules.picking import Pick
    from infoview.rules.question_lint import Finding
    from infoview.store.workspace import Workspace

app = typer.Typer(
    help=(
        "Questions to ask: 10–20 open-ended ones, picked for the person and the minutes, "
        "always ending with 'who else should I talk to?'."
    ),
    no_args_is_help=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only, for scripts.")]
CategoryOpt = Annotated[
    str | None, typer.Option("--category", help="Only this category (see `questions categories`).")
]


def _question_json(q: Question) -> dict[str, Any]:
    return q.model_dump(mode="json")


def _bank(env: AppEnv) -> tuple[Workspace, Bank]:
    ws = env.workspace()
    return ws, env.load_bank(ws)


@app.command("categories")
def categories(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List the categories of questions, in the order a conversation takes them.

    Example: infoview questions categories
    """
    _, bank = _bank(app_env(ctx))
    counts = {c.id: 0 for c in bank.categories}
    for q in bank.questions:
        counts[q.category] = counts.get(q.category, 0) + 1
    if as_json:
        print_json([{**c.model_dump(), "questions": counts[c.id]} for c in bank.categories])
        return
    print_table(
        ["ID", "Category", "Questions"],
        [[c.id, c.title, str(counts[c.id])] for c in bank.categories],
    )


@app.command("list")
def list_(
    ctx: typer.Context,
    category: CategoryOpt = None,
    field: Annotated[
        str | None,
        typer.Option("--field", help="Only questions for this field, e.g. nursing or law."),
    ] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only questions with this tag.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List questions from the bank and your own.

    Example: infoview questions list --category advice
    """
    _, bank = _bank(app_env(ctx))
    chosen = list(bank.questions)
    if category is not None:
        bank.category(category)
        chosen = [q for q in chosen if q.category == category]
    if field is not None:
        field_ids = bank.field_ids_for([field])
        chosen = [q for q in chosen if q.fields and bank.fits(q, field_ids, [field])]
        if not chosen and not as_json:
            names = ", ".join(f.id for f in bank.fields)
            notice(f"no questions for the field '{field}' (fields with questions: {names})")
    if tag is not None:
        chosen = [q for q in chosen if tag.casefold() in (t.casefold() for t in q.tags)]
    if as_json:
        print_json([_question_json(q) for q in chosen])
        return
    print_table(
        ["ID", "Category", "Phase", "Min", "Question"],
        [[q.id, q.category, q.phase.value, str(q.minutes), q.text] for q in chosen],
    )


@app.command("show")
def show(
    ctx: typer.Context,
    question_id: Annotated[str, typer.Argument(metavar="ID", help="The question's id.")],
    as_json: JsonOpt = False,
) -> None:
    """Show one question.

    Example: infoview questions show favorite-how-decided
    """
    _, bank = _bank(app_env(ctx))
    q = bank.question(question_id)
    if as_json:
        print_json(_question_json(q))
        return
    print_fields(
        q.id,
        [
            ("Question", q.text),
            ("Category", bank.category(q.category).title),
            ("Phase", q.phase.value),
            ("Minutes", str(q.minutes)),
            ("Fields", ", ".join(q.fields)),
            ("Tags", ", ".join(q.tags)),
            ("Source", "your own" if q.id in bank.own_ids else str(bank.path)),
        ],
    )


@app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The question, ending in '?'.")],
    category: Annotated[
        str, typer.Option("--category", help="Its category (see `questions categories`).")
    ],
    field: Annotated[
        list[str] | None,
        typer.Option("--field", help="Only for people in this field, e.g. nursing; repeatable."),
    ] = None,
    phase: Annotated[str, typer.Option("--phase", help="opening, core or closing.")] = "core",
    minutes: Annotated[
        int, typer.Option("--minutes", help="About how long the answer takes (1-5).")
    ] = 3,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A label; repeatable.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a question of your own; it is checked like the bank's and used in every pick.

    Example: infoview questions add "What surprised you most about your first year?"
    --category story
    """
    from infoview.rules.bank import add_own_question
    from infoview.rules.question_lint import lint_text, near_duplicates

    env = app_env(ctx)
    ws, bank = _bank(env)
    data = {
        "text": text,
        "category": category,
        "phase": phase,
        "minutes": minutes,
        "tags": tag or [],
        "fields": field or [],
    }
    with ws.transaction() as tx:
        question = add_own_question(tx, bank, data, env.now())
    for finding in lint_text(question.text):
        notice(_finding_line(finding))
    for other, score in near_duplicates(question.text, bank.questions):
        notice(f"it is close to {other.id}: {other.text!r} ({score:.0%} of words shared)")
    if as_json:
        print_json(_question_json(question.as_question()))
    else:
        say(f"Added your question {question.id}.")


def _finding_line(f: Finding) -> str:
    line = f"{f.question_id + ': ' if f.question_id else ''}{f.rule}: {f.message}"
    if f.suggestion:
        line += f'; try: "{f.suggestion}"'
    if f.accepted:
        line += " (accepted: kept word for word)"
    return line


@app.command("lint")
def lint(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(metavar="[TEXT]", help="A question to check; without it, the whole bank."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check questions for yes/no wording, double asks, leading or searchable questions.

    Exits 1 when there is something to fix, so it can gate a script. The user's
    seven favourite questions are kept word for word and reported as accepted.

    Example: infoview questions lint "Do you like your job?"
    """
    from infoview.rules.question_lint import lint_questions, lint_text, near_duplicates

    _, bank = _bank(app_env(ctx))
    if text is not None:
        findings = lint_text(text)
        findings += [
            _duplicate_finding(other, score)
            for other, score in near_duplicates(text, bank.questions)
        ]
    else:
        findings = lint_questions(bank.questions)
    problems = [f for f in findings if not f.accepted]
    if as_json:
        print_json([f.as_dict() for f in findings])
    else:
        for f in findings:
            say(_finding_line(f))
        checked = "that question" if text is not None else f"{len(bank.questions)} questions"
        summary = f"{len(problems)} to fix in {checked}"
        accepted = len(findings) - len(problems)
        say(summary + (f", {accepted} accepted" if accepted else "") + ".")
    if problems:
        raise typer.Exit(1)


def _duplicate_finding(other: Question, score: float) -> Finding:
    from infoview.rules.question_lint import Finding

    return Finding("duplicate", f"it is nearly the same as {other.id} ({score:.0%} of words)")


@app.command("pick")
def pick(
    ctx: typer.Context,
    person: Annotated[
        str | None,
        typer.Argument(
            metavar="[PERSON]", help="Who the questions are for (id or part of a name)."
        ),
    ] = None,
    minutes: Annotated[
        int, typer.Option("--minutes", help="Length of the conversation, 20-60.")
    ] = 30,
    count: Annotated[
        int | None,
        typer.Option("--count", help="How many questions (default: about 3 minutes each, 10-20)."),
    ] = None,
    include: Annotated[
        list[str] | None, typer.Option("--include", help="Always ask this question id.")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Never ask this question id.")
    ] = None,
    category: Annotated[
        list[str] | None, typer.Option("--category", help="Only these categories; repeatable.")
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="The same seed gives the same questions.")
    ] = None,
    interactive: Annotated[
        bool, typer.Option("--interactive", "-i", help="Drop, add and reorder before saving.")
    ] = False,
    save: Annotated[
        bool, typer.Option("--save/--no-save", help="Keep as the plan for this person.")
    ] = True,
    as_json: JsonOpt = False,
) -> None:
    """Pick questions for one conversation: 10-20, spread across categories, in a natural order.

    With a PERSON, questions for their field are preferred, questions asked of
    them before are left out, and the set is saved as the plan for their next
    interview (unless --no-save).

    Example: infoview questions pick maria --minutes 45
    """
    from infoview.rules.interviews import asked_questions
    from infoview.rules.people import find
    from infoview.rules.picking import PickRequest, new_plan, pick_questions, save_plan
    from infoview.store.registry import INTERVIEWS, PROSPECTS

    if interactive and as_json:
        raise InvalidInput("--interactive and --json do not go together")
    env = app_env(ctx)
    ws, bank = _bank(env)
    target: Prospect | None = None
    if person is not None:
        target = find(ws.read(PROSPECTS).prospects, person)
    request = PickRequest(
        minutes=minutes,
        count=count,
        include=include or (),
        exclude=exclude or (),
        categories=category or (),
        seed=seed,
        person_fields=target.fields if target else (),
        asked=asked_questions(ws.read(INTERVIEWS), target.id) if target else frozenset(),
    )
    result = pick_questions(bank, request)
    warn_all(result.notices)
    if interactive:
        result.questions = _choose_interactively(bank, result.questions)
    if target is not None and save:
        with ws.transaction() as tx:
            find(tx.get(PROSPECTS).prospects, target.id)  # still there under the lock
            save_plan(tx, new_plan(target.id, minutes, result, seed, env.now()))
    if as_json:
        print_json(
            {
                "person": target.id if target else None,
                "minutes": minutes,
                "questions": [
                    {k: v for k, v in _question_json(q).items() if k in _PICK_KEYS}
                    for q in result.questions
                ],
            }
        )
        return
    _show_pick(bank, result, minutes, target, saved=target is not None and save)


_PICK_KEYS = ("id", "text", "category", "phase", "minutes")


def _show_pick(
    bank: Bank, result: Pick, minutes: int, target: Prospect | None, saved: bool
) -> None:
    titles = {c.id: c.title for c in bank.categories}
    for n, q in enumerate(result.questions, start=1):
        say(f"{n:>2}. {q.text}")
        say(f"    {titles.get(q.category, q.category)} · {q.phase.value} · about {q.minutes} min")
    say(
        f"{len(result.questions)} questions, about {result.minutes_of_talk} minutes of talk "
        f"for a {minutes}-minute conversation."
    )
    if saved and target is not None:
        say(f"Saved as the plan for {target.name}.")
        say(f"Print it with: infoview questions sheet {target.id}")


def _choose_interactively(bank: Bank, questions: list[Question]) -> list[Question]:
    """Let the student drop, add and move questions until they keep the set."""
    from infoview.cli.prompts import InputEnded, make_prompter
    from infoview.rules.picking import QUESTIONS_MIN, add_question, drop_questions, move_question

    prompter = make_prompter()
    actions = ["Keep these questions", "Drop questions", "Add a question", "Move a question"]
    while True:
        typer.echo("", err=True)
        for n, q in enumerate(questions, start=1):
            typer.echo(f"{n:>2}. {q.text}", err=True)
        action = prompter.select("What would you like to do?", actions)
        try:
            if action == 0:
                if len(questions) < QUESTIONS_MIN:
                    notice(f"{len(questions)} questions; students usually prepare 10 to 20")
                return questions
            if action == 1:
                gone = prompter.checkbox("Drop which questions?", [q.text for q in questions])
                questions = drop_questions(questions, gone)
            elif action == 2:
                cats = list(bank.categories)
                c = prompter.select("From which category?", [x.title for x in cats])
                have = {q.id for q in questions}
                options = [
                    q for q in bank.questions if q.category == cats[c].id and q.id not in have
                ]
                if not options:
                    typer.echo("Every question of that category is already in the set.", err=True)
                    continue
                i = prompter.select("Add which question?", [q.text for q in options])
                questions = add_question(bank, questions, options[i])
            else:
                movable = questions[:-1]  # the referral question stays last
                if len(movable) < 2:
                    typer.echo("There is nothing to move.", err=True)
                    continue
                i = prompter.select("Move which question?", [q.text for q in movable])
                places = [f"to position {n}" for n in range(1, len(movable) + 1)]
                j = prompter.select("Where to?", places)
                questions = move_question(questions, i, j)
        except InputEnded:
            raise
        except InvalidInput as exc:  # a change the rules refuse: say why and ask again
            typer.echo(exc.message, err=True)


def ensure_plan(env: AppEnv, ws: Workspace, person: Prospect) -> Plan:
    """The person's saved plan; without one, pick one now (skipping what was asked) and save it."""
    from infoview.model.plans import INTERVIEW_MINUTES_DEFAULT
    from infoview.rules.interviews import asked_questions
    from infoview.rules.picking import PickRequest, new_plan, pick_questions, plan_for, save_plan
    from infoview.store.registry import INTERVIEWS, PLANS

    plan = plan_for(ws.read(PLANS), person.id)
    if plan is not None:
        return plan
    asked = asked_questions(ws.read(INTERVIEWS), person.id)
    result = pick_questions(
        env.load_bank(ws), PickRequest(person_fields=person.fields, asked=asked)
    )
    plan = new_plan(person.id, INTERVIEW_MINUTES_DEFAULT, result, None, env.now())
    with ws.transaction() as tx:
        save_plan(tx, plan)
    notice(
        f"no saved plan for {person.name}: picked {len(plan.questions)} questions and saved "
        f"them (choose others with: infoview questions pick {person.id} --interactive)"
    )
    return plan


@app.command("sheet")
def sheet(
    ctx: typer.Context,
    person: Annotated[
        str, typer.Argument(metavar="PERSON", help="Who the sheet is for (id or part of a name).")
    ],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="md (default) or html; taken from -o's extension if unset."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            help="File or folder to write (- for the screen); default: a file in this folder.",
        ),
    ] = None,
) -> None:
    """Write a printable sheet for one interview: who, an opener, the questions, reminders.

    Uses the plan saved by `questions pick`; without one, picks and saves a plan first.

    Example: infoview questions sheet maria --format html
    """
    from infoview.render.sheet import (
        RELATION_PHRASES,
        Sheet,
        SheetQuestion,
        closing_reminders,
        opener,
        safe_filename,
        to_html,
        to_markdown,
    )
    from infoview.rules.people import find
    from infoview.store.files import atomic_write
    from infoview.store.registry import PROFILE, PROSPECTS

    env = app_env(ctx)
    ws, bank = _bank(env)
    prospects = ws.read(PROSPECTS).prospects
    target = find(prospects, person)
    plan = ensure_plan(env, ws, target)
    questions = []
    for qid in plan.questions:
        try:
            questions.append(bank.question(qid))
        except NotFound:
            notice(f"the planned question {qid} is not in this bank; left out")
    fmt = _sheet_format(fmt, output)
    profile = ws.read(PROFILE).profile
    by_id = {p.id: p for p in prospects}
    if target.referred_by and target.referred_by in by_id:
        how = f"referred by {by_id[target.referred_by].name}"
    else:
        how = RELATION_PHRASES[target.relation.value]
    titles = {c.id: c.title for c in bank.categories}
    data = Sheet(
        person=target.name,
        role=target.role,
        organization=target.organization,
        fields=target.fields,
        how_you_know=how,
        minutes=plan.minutes,
        opener=opener(
            profile.name if profile else "",
            profile.year if profile else "",
            profile.school if profile else "",
            " and ".join(target.fields),
        ),
        questions=[
            SheetQuestion(q.text, titles.get(q.category, q.category), q.minutes) for q in questions
        ],
        reminders=closing_reminders(plan.minutes),
    )
    text = to_html(data) if fmt == "html" else to_markdown(data)
    if output == "-":
        typer.echo(text, nl=False)
        return
    path = Path(output) if output else Path.cwd()
    if output and output.endswith(("/", "\\")):
        path.mkdir(parents=True, exist_ok=True)  # "-o sheets/" names a folder, new or not
    if path.is_dir():
        path = path / safe_filename(target.id, fmt)
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise InvalidInput(f"could not write {path}: {exc.strerror or exc}") from None
    say(f"Wrote {path}")


def _sheet_format(fmt: str | None, output: str | None) -> str:
    if fmt is None:
        suffix = Path(output).suffix.lower() if output and output != "-" else ""
        return "html" if suffix in (".html", ".htm") else "md"
    if fmt.lower() not in ("md", "html"):
        raise InvalidInput(f"--format must be md or html, not {fmt!r}")
    return fmt.lower()
