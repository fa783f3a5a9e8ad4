"""Every answer logged, grouped by question: what `infoview answers` lists without a query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from infoview.model.dates import When
from infoview.model.interviews import Held
from infoview.rules.bank import Bank
from infoview.rules.interviews import held
from infoview.store.registry import INTERVIEWS, PROSPECTS
from infoview.store.workspace import Workspace


@dataclass(frozen=True)
class LoggedAnswer:
    """One person's answer: who gave it, the day of the conversation, and whether starred."""

    person: str  # their name
    day: date
    text: str
    starred: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "day": self.day.isoformat(),
            "starred": self.starred,
            "answer": self.text,
        }


@dataclass(frozen=True)
class AnsweredQuestion:
    """A question and every answer logged to it."""

    id: str
    text: str  # the question's text; its id when it is in the bank no longer
    answers: list[LoggedAnswer]

    def as_dict(self) -> dict[str, Any]:
        return {
            "question": self.id,
            "text": self.text,
            "answers": [a.as_dict() for a in self.answers],
        }


def every_answer(ws: Workspace, bank: Bank) -> list[AnsweredQuestion]:
    """Every answer logged, grouped by question, in a stable order.

    The questions come in the bank's order, then the student's own (the bank lists
    those last), then any no longer in the bank, by id; each question's answers by
    the day of the conversation, then the person's name.
    """
    names = {p.id: p.name for p in ws.read(PROSPECTS).prospects}
    by_question: dict[str, list[LoggedAnswer]] = {}
    for i in held(ws.read(INTERVIEWS)):
        for a in i.answers:
            given = LoggedAnswer(names.get(i.person, i.person), _day(i), a.text, a.starred)
            by_question.setdefault(a.question, []).append(given)
    texts = {q.id: q.text for q in bank.questions}
    order = {q.id: n for n, q in enumerate(bank.questions)}
    ids = sorted(by_question, key=lambda qid: (order.get(qid, len(order)), qid))
    return [
        AnsweredQuestion(
            qid,
            texts.get(qid, qid),
            sorted(by_question[qid], key=lambda a: (a.day, a.person.casefold())),
        )
        for qid in ids
    ]


def _day(interview: Held) -> date:
    when: When = interview.held_at
    return when.date() if isinstance(when, datetime) else when
