"""`infoview answers`: what the people asked said, question by question."""

from __future__ import annotations

from typing import Annotated

import typer

from infoview.cli.options import JsonOpt
from infoview.cli.output import Output
from infoview.model import dates
from infoview.usecases.answers import AnsweredQuestion, every_answer
from infoview.usecases.interviews import logged_answers


def answers(
    ctx: typer.Context,
    query: Annotated[
        str | None,
        typer.Argument(
            metavar="QUERY", help="A question id or words in it; without one, every answer."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Every logged answer, grouped by question; or those to one question, side by side.

    Without a query, each question answered is a heading, then each answer with the
    person's name and the day; a starred answer is marked with *.

    Example: infoview answers "love most"
    """
    out = Output.of(ctx)
    ws = out.env.workspace()
    if query is None:
        _every_answer(out, every_answer(ws, out.env.load_bank(ws)), as_json)
        return
    result = logged_answers(ws, out.env.load_bank(ws), query)
    if as_json:
        out.json(result.as_dict())
        return
    if not result.given:
        out.notice("no answers logged to that question yet")
        return
    for q in result.questions:
        mine = result.of(q)
        if mine:
            out.say(q.text)
            for a in mine:
                out.say(f"  {a.person}: {a.text}")


def _every_answer(out: Output, grouped: list[AnsweredQuestion], as_json: bool) -> None:
    if as_json:
        out.json([q.as_dict() for q in grouped])
        return
    if not grouped:
        out.notice("no answers logged yet (log them with: infoview interview log PERSON)")
        return
    for n, q in enumerate(grouped):
        if n:
            out.say()
        out.say(q.text)
        for a in q.answers:
            mark = "*" if a.starred else " "
            text = a.text.replace("\n", "\n      ")
            out.say(f"  {mark} {a.person}, {dates.show(a.day)}: {text}")
    if any(a.starred for q in grouped for a in q.answers):
        out.say()
        out.say("* starred: to quote in your thank-you")
