"""`infoview answers` without a query (every answer, grouped by question), and
`infoview settings holidays` (the days the follow-up clock skips)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import read_json, refused, snapshot


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


# --- settings holidays ---------------------------------------------------------------------


def stored(home: Path) -> dict[str, Any]:
    data: dict[str, Any] = read_json(home / "settings.json")
    return data


def listed(cli: Any) -> list[str]:
    days: list[str] = json.loads(cli("settings", "holidays", "list", "--json").stdout)
    return days


def test_holidays_add_list_remove(cli: Any, home: Path) -> None:
    assert listed(cli) == []
    assert "no holidays set" in cli("settings", "holidays", "list").stderr
    added = cli("settings", "holidays", "add", "2027-01-01", "2026-12-25")
    assert "2026-12-25 (Fri 25 Dec 2026)" in added.stdout
    assert listed(cli) == ["2026-12-25", "2027-01-01"]
    assert stored(home)["holidays"] == ["2026-12-25", "2027-01-01"]
    assert "2027-01-01 (Fri 1 Jan 2027)" in cli("settings", "holidays", "list").stdout
    # What other date options accept for a day: "tomorrow" on the fixed clock (Wed 25 Nov).
    cli("settings", "holidays", "add", "tomorrow")
    assert listed(cli) == ["2026-11-26", "2026-12-25", "2027-01-01"]
    removed = cli("settings", "holidays", "remove", "2026-12-25")
    assert "Removed the holiday 2026-12-25" in removed.stdout
    assert listed(cli) == ["2026-11-26", "2027-01-01"]


def test_adding_a_holiday_set_already_changes_nothing(cli: Any, home: Path) -> None:
    cli("settings", "holidays", "add", "2026-12-25")
    before = snapshot(home)
    again = cli("settings", "holidays", "add", "2026-12-25")
    assert "2026-12-25 (Fri 25 Dec 2026) is a holiday already" in again.stderr
    assert snapshot(home) == before
    # With a new day beside it, only the new one is added.
    both = cli("settings", "holidays", "add", "2026-12-25", "2026-12-24")
    assert "is a holiday already" in both.stderr and "2026-12-24" in both.stdout
    assert listed(cli) == ["2026-12-24", "2026-12-25"]


def test_removing_a_day_not_set_is_refused_and_removes_nothing(cli: Any, home: Path) -> None:
    cli("settings", "holidays", "add", "2026-12-25")
    before = snapshot(home)
    refused(cli("settings", "holidays", "remove", "2026-12-26", expect=1), "not a holiday set")
    refused(
        cli("settings", "holidays", "remove", "2026-12-25", "2026-12-26", expect=1),
        "2026-12-26 (Sat 26 Dec 2026); nothing was removed",
    )
    assert snapshot(home) == before


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-02-30", "there is no such date"),
        ("christmas", "can't read the date 'christmas'"),
        ("2026-12-24 15:00", "a holiday is a whole day"),
        ("3pm", "a holiday is a whole day"),
        ("now", "a holiday is a whole day"),
        ("9999-12-25", "the year must be between"),
    ],
)
def test_a_bad_day_is_refused_in_one_line(cli: Any, home: Path, day: str, message: str) -> None:
    cli("settings", "holidays", "add", "2026-12-25")
    before = snapshot(home)
    for action in ("add", "remove"):
        # Refused before anything is written, the good day beside it included.
        refused(cli("settings", "holidays", action, "2026-12-31", day, expect=1), message)
    assert snapshot(home) == before


def test_holidays_keep_the_other_settings(cli: Any, home: Path) -> None:
    home.mkdir(exist_ok=True)
    (home / "settings.json").write_text(
        json.dumps({"schema_version": 2, "timezone": "Europe/Paris", "follow_ups": 2}),
        encoding="utf-8",
    )
    cli("settings", "holidays", "add", "2026-12-25")
    cli("settings", "holidays", "add", "2027-01-01")
    cli("settings", "holidays", "remove", "2026-12-25")
    data = stored(home)
    assert data["timezone"] == "Europe/Paris" and data["follow_ups"] == 2
    assert data["holidays"] == ["2027-01-01"]


def test_the_follow_up_clock_skips_an_added_holiday(cli: Any) -> None:
    cli("prospect", "add", "Maria Lopez", "--org", "Mercy Hospital")
    cli("outreach", "sent", "maria", "--on", "today")  # Wed 25 Nov 2026

    def due() -> str:
        rows = json.loads(cli("outreach", "list", "--json").stdout)
        return str(next(r["due"] for r in rows if r["person"] == "maria-lopez"))

    assert due() == "2026-12-04"
    cli("settings", "holidays", "add", "2026-11-26")  # Thanksgiving
    assert due() == "2026-12-07"  # one business day later, over the weekend
    cli("settings", "holidays", "remove", "2026-11-26")
    assert due() == "2026-12-04"


def test_an_answer_to_a_question_gone_from_the_bank_is_listed_last(
    cli: Any, home: Path, answered: str
) -> None:
    (home / "questions.json").write_text(
        json.dumps({"schema_version": 1, "questions": []}), encoding="utf-8"
    )
    grouped = json.loads(cli("answers", "--json").stdout)
    assert grouped[-1]["question"] == grouped[-1]["text"] == answered
    assert answered in cli("answers").stdout
