"""`questions pick --interactive`: the student edits a set of questions before it is saved.

The set is their saved plan (``--new`` or a pick option starts over with a fresh
pick). They drop, add and move questions; "Add a question" offers the questions
for the person's field first, then the bank's categories, then a question of
their own, which the question lint checks before it joins the set. Menus and
lists go to stderr, so stdout stays the result; with no terminal the menus are
numbered (the prompter's fallback).
"""

from __future__ import annotations

from infoview.cli.output import Output
from infoview.cli.prompts import InputEnded, Prompter, make_prompter
from infoview.model.errors import InvalidInput
from infoview.model.questions import Question
from infoview.render.findings import finding_line
from infoview.rules.bank import Bank
from infoview.rules.picking import QUESTIONS_MIN, add_question, drop_questions, move_question
from infoview.usecases.plans import OwnDraft, Proposal, check_own_text, own_question

ACTIONS = ["Keep these questions", "Drop questions", "Add a question", "Move a question"]
TYPE_OWN = "Type my own question…"


def header(proposal: Proposal) -> str | None:
    """Which set the student is editing, said before the first menu."""
    person, saved = proposal.person, proposal.saved
    if person is None or saved is None:
        return None
    count = f"{len(saved.questions)} question{'s' if len(saved.questions) != 1 else ''}"
    if proposal.editing:
        return f"Editing your saved plan for {person.name} ({count}). --new starts over."
    return f"A fresh pick for {person.name}: keeping it replaces your saved plan ({count})."


def choose_interactively(out: Output, bank: Bank, proposal: Proposal) -> list[Question]:
    """Let the student drop, add and move questions until they keep the set."""
    out.warn(proposal.notices)
    said = header(proposal)
    if said:
        out.tell(said)
    prompter = make_prompter(out.env)
    questions = proposal.questions
    while True:
        out.tell("")
        for n, q in enumerate(questions, start=1):
            out.tell(f"{n:>2}. {q.text}")
        action = prompter.select("What would you like to do?", ACTIONS)
        try:
            if action == 0:
                if len(questions) < QUESTIONS_MIN:
                    out.notice(f"{len(questions)} questions; students usually prepare 10 to 20")
                return questions
            if action == 1:
                gone = prompter.checkbox("Drop which questions?", [q.text for q in questions])
                questions = drop_questions(questions, gone)
            elif action == 2:
                questions = _add_one(out, prompter, bank, proposal, questions)
            else:
                questions = _move_one(out, prompter, questions)
        except InputEnded:
            raise
        except InvalidInput as exc:  # a change the rules refuse: say why and ask again
            out.tell(exc.message)


def _add_one(
    out: Output, prompter: Prompter, bank: Bank, proposal: Proposal, questions: list[Question]
) -> list[Question]:
    """A question for the person's field, from a category, or of the student's own;
    put where its phase belongs."""
    have = {q.id for q in questions}
    mine = [q for q in proposal.field_questions(bank) if q.id not in have]
    cats = list(bank.categories)
    choices = [c.title for c in cats] + [TYPE_OWN]
    if mine and proposal.person is not None:
        fields = ", ".join(proposal.person.fields)
        choices.insert(0, f"For {proposal.person.name}'s field ({fields}): {len(mine)} questions")
    c = prompter.select("From which category?", choices)
    if c == len(choices) - 1:
        return _type_own(out, prompter, bank, proposal, questions)
    if mine and proposal.person is not None:
        if c == 0:
            i = prompter.select("Add which question?", [q.text for q in mine])
            return add_question(bank, questions, mine[i])
        c -= 1
    options = [q for q in bank.questions if q.category == cats[c].id and q.id not in have]
    if not options:
        out.tell("Every question of that category is already in the set.")
        return questions
    i = prompter.select("Add which question?", [q.text for q in options])
    return add_question(bank, questions, options[i])


def _type_own(
    out: Output, prompter: Prompter, bank: Bank, proposal: Proposal, questions: list[Question]
) -> list[Question]:
    """The student's own question: linted, kept or rewritten, then given a category."""
    draft = _draft(out, prompter, bank, questions, "")
    while draft is not None and draft.findings:
        for f in draft.findings:
            out.tell(finding_line(f))
        options = ["Keep it as I wrote it", "Rewrite it", "Leave it out"]
        suggestion = next((f.suggestion for f in draft.findings if f.suggestion), None)
        if suggestion:
            options.insert(1, f"Use the suggestion: {suggestion}")
        choice = options[prompter.select("The question lint found something.", options)]
        if choice.startswith("Keep"):
            break
        if choice == "Leave it out":
            return questions
        text = suggestion if choice.startswith("Use") and suggestion else draft.text
        if choice == "Rewrite it":
            draft = _draft(out, prompter, bank, questions, text)
        else:
            draft = _draft(out, prompter, bank, questions, text, typed=text)
    if draft is None:
        return questions
    if draft.same is not None:
        if any(q.id == draft.same.id for q in questions):
            out.tell("That question is already in the set.")
            return questions
        out.tell(f"That question is in the bank already ({draft.same.id}); added it.")
        return add_question(bank, questions, draft.same)
    if not draft.findings:
        out.tell("The question lint finds nothing to change.")
    cats = list(bank.categories)
    c = prompter.select("Which category does it belong to?", [x.title for x in cats])
    new = own_question(bank, draft.text, cats[c].id, proposal, questions)
    out.tell("Added your own question; it is saved as yours with the plan.")
    return add_question(bank, questions, new)


def _draft(
    out: Output,
    prompter: Prompter,
    bank: Bank,
    questions: list[Question],
    default: str,
    typed: str | None = None,
) -> OwnDraft | None:
    """The question typed (or ``typed``), checked; None if the student typed nothing.

    A text no question may have is refused, and asked for again."""
    while True:
        text = (
            typed
            if typed is not None
            else prompter.text("Your question (Enter alone goes back)", default)
        )
        typed = None
        if not text:
            return None
        try:
            return check_own_text(bank, text, questions)
        except InvalidInput as exc:
            out.tell(exc.message)
            default = ""


def _move_one(out: Output, prompter: Prompter, questions: list[Question]) -> list[Question]:
    movable = questions[:-1]  # the referral question stays last
    if len(movable) < 2:
        out.tell("There is nothing to move.")
        return questions
    i = prompter.select("Move which question?", [q.text for q in movable])
    places = [f"to position {n}" for n in range(1, len(movable) + 1)]
    j = prompter.select("Where to?", places)
    return move_question(questions, i, j)
