"""`infoview answers` without a query (every answer, grouped by question), and
`infoview settings holidays` (the days the follow-up clock skips)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers import refused


def question_text(cli: Any, qid: str) -> str:
    text: str = json.loads(cli("questions", "show", qid, "--json").stdout)["text"]
    return text


@pytest.fixture
def answered(cli: Any) -> str:
    """Two people, two bank questions and one of the student's own; the own question's id."""
    cli("profile", "set", "--name", "Ana Ruiz", "--email", "ana@example.com")
    cli("prospect", "add", "María López", "--field", "social work")
    cli("prospect", "add", "Tom Park")
    own = json.loads(
        cli(
            "questions",
            "add",
            "What surprised you in your first year?",
            "--category",
            "story",
            "--json",
        ).stdout
    )["id"]
    cli(
        "interview",
        "log",
        "tom",
        "--on",
        "2026-11-20",
        "--answer",
        "favorite-love-most=*The students",
        "--answer",
        f"{own}=How much paperwork there is",
    )
    cli(
        "interview",
        "log",
        "maria",
        "--on",
        "2026-11-18",
        "--answer",
        "favorite-hardest=Budgets",
        "--answer",
        "favorite-love-most=Every day is different",
    )
    return str(own)


def bank_order(cli: Any) -> list[str]:
    return [q["id"] for q in json.loads(cli("questions", "list", "--json").stdout)]


def test_answers_without_a_query_lists_every_answer_grouped(cli: Any, answered: str) -> None:
    grouped = json.loads(cli("answers", "--json").stdout)
    ids = [q["question"] for q in grouped]
    order = bank_order(cli)
    # The bank's order, the student's own question last.
    assert sorted(ids) == sorted(["favorite-love-most", "favorite-hardest", answered])
    assert ids == sorted(ids, key=order.index) and ids[-1] == answered
    love = next(q for q in grouped if q["question"] == "favorite-love-most")
    assert love["text"] == question_text(cli, "favorite-love-most")
    assert love["answers"] == [  # by the day of the conversation
        {
            "person": "María López",
            "day": "2026-11-18",
            "starred": False,
            "answer": "Every day is different",
        },
        {"person": "Tom Park", "day": "2026-11-20", "starred": True, "answer": "The students"},
    ]
    own = grouped[-1]
    assert own["text"] == "What surprised you in your first year?"
    assert [a["person"] for a in own["answers"]] == ["Tom Park"]

    text = cli("answers").stdout
    headings = [question_text(cli, q) for q in ids]
    assert [text.index(h) for h in headings] == sorted(text.index(h) for h in headings)
    assert "  * Tom Park, Fri 20 Nov 2026: The students" in text.splitlines()
    assert "    María López, Wed 18 Nov 2026: Every day is different" in text.splitlines()
    assert "* starred" in text
    # Each answer under its own heading: after its question, before the next one.
    hardest = question_text(cli, "favorite-hardest")
    assert text.index(love["text"]) < text.index("The students") < text.index(hardest)
    assert text.index(hardest) < text.index("Budgets") < text.index(own["text"])


def test_answers_without_a_query_and_nothing_logged(cli: Any) -> None:
    assert json.loads(cli("answers", "--json").stdout) == []
    assert "no answers logged yet" in cli("answers").stderr


def test_answers_with_a_query_works_as_before(cli: Any, answered: str) -> None:
    rows = json.loads(cli("answers", "love most", "--json").stdout)
    assert sorted(r["person"] for r in rows) == ["María López", "Tom Park"]
    assert set(rows[0]) == {"question", "text", "person", "answer"}
    refused(cli("answers", "zebra husbandry", expect=1), "no question matches 'zebra husbandry'")
