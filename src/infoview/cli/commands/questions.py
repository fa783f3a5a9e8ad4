"""`infoview questions`: the question bank, your own questions, and the set for each person."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from infoview.cli.env import expand_user
from infoview.cli.files import may_replace
from infoview.cli.options import AnswerMinutesOpt, CountOpt, ForceOpt, JsonOpt
from infoview.cli.options import PickMinutesOpt as MinutesOpt
from infoview.cli.output import Output
from infoview.model.errors import InvalidInput
from infoview.render.findings import finding_line
from infoview.rules.bank import Bank
from infoview.rules.picking import PickRequest
from infoview.usecases.prospects import find_prospect
from infoview.usecases.questions import (
    Choose,
    Picked,
    add_own_question,
    categories_with_counts,
    lint_bank_or_text,
    list_questions,
    pick_for_conversation,
    sheet_facts,
    show_question,
)

if TYPE_CHECKING:
    from infoview.store.workspace import Workspace

app = typer.Typer(
    help=(
        "Questions to ask: 10–20 open-ended ones, picked for the person and the minutes, "
        "always ending with 'who else should I talk to?'."
    ),
    no_args_is_help=True,
)

CategoryOpt = Annotated[
    str | None, typer.Option("--category", help="Only this category (see `questions categories`).")
]

# `questions add`
TextArg = Annotated[str, typer.Argument(metavar="TEXT", help="The question, ending in '?'.")]
OwnCategoryOpt = Annotated[
    str, typer.Option("--category", help="Its category (see `questions categories`).")
]
OwnFieldsOpt = Annotated[
    list[str] | None,
    typer.Option("--field", help="Only for people in this field, e.g. nursing; repeatable."),
]
PhaseOpt = Annotated[str, typer.Option("--phase", help="opening, core or closing.")]
TagsOpt = Annotated[list[str] | None, typer.Option("--tag", help="A label; repeatable.")]

# `questions pick`
ForPersonArg = Annotated[
    str | None,
    typer.Argument(metavar="[PERSON]", help="Who the questions are for (id or part of a name)."),
]
IncludeOpt = Annotated[
    list[str] | None, typer.Option("--include", help="Always ask this question id.")
]
ExcludeOpt = Annotated[
    list[str] | None, typer.Option("--exclude", help="Never ask this question id.")
]
CategoriesOpt = Annotated[
    list[str] | None, typer.Option("--category", help="Only these categories; repeatable.")
]
SeedOpt = Annotated[
    int | None, typer.Option("--seed", help="The same seed gives the same questions.")
]
InteractiveOpt = Annotated[
    bool,
    typer.Option(
        "--interactive",
        "-i",
        help="Edit the saved plan (or a fresh pick): drop, add, reorder, type your own.",
    ),
]
NewOpt = Annotated[
    bool,
    typer.Option("--new", help="Start over with a fresh pick, not the saved plan."),
]
# Options that shape a fresh pick: with any of them, --interactive starts over.
FRESH_PICK_OPTIONS = ("count", "include", "exclude", "category", "seed")
SaveOpt = Annotated[
    bool, typer.Option("--save/--no-save", help="Keep as the plan for this person.")
]


def _bank(out: Output) -> tuple[Workspace, Bank]:
    ws = out.env.workspace()
    return ws, out.env.load_bank(ws)


@app.command("categories")
def categories(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List the categories of questions, in the order a conversation takes them.

    Example: infoview questions categories
    """
    out = Output.of(ctx)
    _, bank = _bank(out)
    rows = categories_with_counts(bank)
    if as_json:
        out.json([row.as_dict() for row in rows])
        return
    out.table(
        ["ID", "Category", "Questions"],
        [[row.category.id, row.category.title, str(row.questions)] for row in rows],
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
    out = Output.of(ctx)
    _, bank = _bank(out)
    result = list_questions(bank, category=category, field_text=field, tag=tag)
    if as_json:
        out.json(result.as_dict())
        return
    if result.notice:
        out.notice(result.notice)
    out.table(
        ["ID", "Category", "Phase", "Min", "Question"],
        [[q.id, q.category, q.phase.value, str(q.minutes), q.text] for q in result.questions],
        cut=["Category", "Phase"],
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
    out = Output.of(ctx)
    _, bank = _bank(out)
    view = show_question(bank, question_id)
    if as_json:
        out.json(view.as_dict())
        return
    q = view.question
    out.fields(
        q.id,
        [
            ("Question", q.text),
            ("Category", view.category.title),
            ("Phase", q.phase.value),
            ("Minutes", str(q.minutes)),
            ("Fields", ", ".join(q.fields)),
            ("Tags", ", ".join(q.tags)),
            ("Source", "your own" if view.own else str(view.bank_path)),
        ],
    )


@app.command("add")
def add(
    ctx: typer.Context,
    text: TextArg,
    category: OwnCategoryOpt,
    field: OwnFieldsOpt = None,
    phase: PhaseOpt = "core",
    minutes: AnswerMinutesOpt = 3,
    tag: TagsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a question of your own; it is checked like the bank's and used in every pick.

    Example: infoview questions add "What surprised you most about your first year?"
    --category story
    """
    out = Output.of(ctx)
    ws, bank = _bank(out)
    result = add_own_question(
        ws,
        bank,
        text,
        category=category,
        phase=phase,
        minutes=minutes,
        tags=tag or (),
        fields=field or (),
        now=out.env.now(),
    )
    for finding in result.findings:
        out.notice(finding_line(finding))
    for other, score in result.near:
        out.notice(f"it is close to {other.id}: {other.text!r} ({score:.0%} of words shared)")
    if as_json:
        out.json(result.as_dict())
    else:
        out.say(f"Added your question {result.question.id}.")


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
    out = Output.of(ctx)
    _, bank = _bank(out)
    report = lint_bank_or_text(bank, text)
    if as_json:
        out.json(report.as_dict())
    else:
        for f in report.findings:
            out.say(finding_line(f))
        summary = f"{len(report.problems)} to fix in {report.checked}"
        out.say(summary + (f", {report.accepted} accepted" if report.accepted else "") + ".")
    if report.problems:
        raise typer.Exit(1)


@app.command("pick")
def pick(
    ctx: typer.Context,
    person: ForPersonArg = None,
    minutes: MinutesOpt = 30,
    count: CountOpt = None,
    include: IncludeOpt = None,
    exclude: ExcludeOpt = None,
    category: CategoriesOpt = None,
    seed: SeedOpt = None,
    interactive: InteractiveOpt = False,
    new: NewOpt = False,
    save: SaveOpt = True,
    as_json: JsonOpt = False,
) -> None:
    """Pick questions for one conversation: 10-20, spread across categories, in a natural order.

    With a PERSON, questions for their field are preferred, questions asked of
    them before are left out, and the set is saved as the plan for their next
    interview (unless --no-save), replacing any saved one. With --interactive
    you edit their saved plan instead (--new, or a pick option such as --seed,
    starts over).

    Example: infoview questions pick maria --minutes 45
    """
    if interactive and as_json:
        raise InvalidInput("--interactive and --json do not go together")
    out = Output.of(ctx)
    ws, bank = _bank(out)
    request = PickRequest(minutes, count, include or (), exclude or (), category or (), seed)
    fresh = new or any(_given(ctx, name) for name in FRESH_PICK_OPTIONS)
    result = pick_for_conversation(
        ws,
        bank,
        person,
        request,
        save=save,
        now=out.env.now(),
        choose=_editor(out, bank) if interactive else None,
        edit_saved=not fresh,
        minutes_given=_given(ctx, "minutes"),
    )
    if not interactive:  # the interactive chooser warned before its menu
        out.warn(result.notices)
    if result.over_time:
        out.notice(result.over_time)
    if as_json:
        out.json(result.as_dict())
    else:
        _show_pick(out, bank, result)


def _given(ctx: typer.Context, name: str) -> bool:
    """Whether the option was given (on the command line or in the environment)."""
    source = ctx.get_parameter_source(name)  # typer's own click: compared by name
    return source is not None and source.name != "DEFAULT"


def _editor(out: Output, bank: Bank) -> Choose:
    """The plan editor, with the prompt library it brings: loaded only when it is used."""
    from infoview.cli.plan_editor import choose_interactively

    return lambda p: choose_interactively(out, bank, p)


def _show_pick(out: Output, bank: Bank, result: Picked) -> None:
    titles = {c.id: c.title for c in bank.categories}
    for n, q in enumerate(result.questions, start=1):
        out.say(f"{n:>2}. {q.text}")
        title = titles.get(q.category, q.category)
        out.say(f"    {title} · {q.phase.value} · about {q.minutes} min")
    out.say(
        f"{len(result.questions)} questions, about {result.minutes_of_talk} minutes of talk "
        f"for a {result.minutes}-minute conversation."
    )
    if result.saved and result.person is not None:
        out.say(f"Saved as the plan for {result.person.name}.")
        out.say(f"Print it with: infoview questions sheet {result.person.id}")


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
    force: ForceOpt = False,
) -> None:
    """Write a printable sheet for one interview: who, an opener, the questions, reminders.

    Uses the plan saved by `questions pick`; without one, picks and saves a plan first.

    Example: infoview questions sheet maria --format html
    """
    out = Output.of(ctx)
    fmt = _sheet_format(fmt, output)
    ws, bank = _bank(out)
    # The file is checked before a plan is saved: a refused path changes nothing.
    path = None if output == "-" else _sheet_path(out, output, find_prospect(ws, person).id, fmt)
    may_replace(out.env, path, force)
    facts = sheet_facts(ws, bank, person, out.env.now())
    for message in facts.notices:
        out.notice(message)
    from infoview.render.sheet import sheet_for, to_html, to_markdown

    page = sheet_for(facts)
    text = to_html(page) if fmt == "html" else to_markdown(page)
    if path is None:
        out.write(text)
        return
    out.write_file(path, text.encode("utf-8"))
    out.say(f"Wrote {path}")


def _sheet_format(fmt: str | None, output: str | None) -> str:
    if fmt is None:
        suffix = Path(output).suffix.lower() if output and output != "-" else ""
        return "html" if suffix in (".html", ".htm") else "md"
    if fmt.lower() not in ("md", "html"):
        raise InvalidInput(f"--format must be md or html, not {fmt!r}")
    return fmt.lower()


def _sheet_path(out: Output, output: str | None, person_id: str, fmt: str) -> Path:
    """The file to write: -o as given, or the sheet's own name in the folder -o names;
    refused (before a folder is made) inside the workspace or over what is not a file."""
    if output:
        out.output_folder(output)  # before a folder is made
    path = expand_user(Path(output)) if output else Path.cwd()
    if output and output.endswith(("/", "\\")):
        try:
            path.mkdir(parents=True, exist_ok=True)  # "-o sheets/" names a folder, new or not
        except OSError as exc:
            raise InvalidInput(f"could not create {path}: {exc.strerror or exc}") from None
    if path.is_dir():
        from infoview.render.sheet import safe_filename

        path = path / safe_filename(person_id, fmt)
    out.output_path(path)
    return path  # as typed: "Wrote sheets/maria.md"
