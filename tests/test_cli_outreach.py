"""`infoview outreach sent | replied | list`: the follow-up clock, driven by an injected clock.

The fixed clock starts on Wednesday 25 November 2026, 09:30 (-05:00).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Clock, read_json


@pytest.fixture
def people(cli: Any) -> None:
    cli("profile", "set", "--name", "Ana Ruiz", "--email", "ana@example.com")
    cli("prospect", "add", "Maria Lopez", "--org", "Mercy Hospital", "--relation", "neighbor")
    cli("prospect", "add", "Tom Park", "--org", "mercy hospital", "--relation", "other")
    cli("prospect", "add", "Dee Ali", "--org", "City Library", "--relation", "teacher")


def rows(cli: Any, *args: str) -> dict[str, dict[str, Any]]:
    data = json.loads(cli("outreach", "list", "--json", *args).stdout)
    return {row["person"]: row for row in data}


def status(home: Path, person: str) -> str:
    people = read_json(home / "prospects.json")["prospects"]
    return str(next(p["status"] for p in people if p["id"] == person))


def move_to(clock: Clock, day: date) -> None:
    clock.current = clock.current.replace(year=day.year, month=day.month, day=day.day)


@pytest.mark.usefixtures("people")
def test_the_whole_3b7_clock(cli: Any, home: Path, clock: Clock) -> None:
    cli("outreach", "sent", "maria", "--on", "today")
    assert status(home, "maria-lopez") == "contacted"
    row = rows(cli)["maria-lopez"]
    assert set(row) == {
        "person",
        "channel",
        "sent_at",
        "replied_at",
        "follow_ups",
        "next_action",
        "due",
    }
    assert row["sent_at"] == "2026-11-25"  # --on today: a day, with no invented time
    assert row["follow_ups"] == 0
    # Three business days after Wednesday, across the weekend: Monday 30 November.
    assert row["due"] == "2026-11-30"
    assert "Tom Park" in row["next_action"]
    assert rows(cli, "--due") == {}

    move_to(clock, date(2026, 11, 30))
    due = rows(cli, "--due")
    assert list(due) == ["maria-lopez"]
    assert "reach out to Tom Park at the same organisation" in due["maria-lopez"]["next_action"]

    # Once Tom is contacted too, Maria's clock waits for the 7-business-day follow-up.
    cli("outreach", "sent", "tom")
    row = rows(cli)["maria-lopez"]
    assert row["due"] == "2026-12-04"
    assert "Tom" not in row["next_action"]

    move_to(clock, date(2026, 12, 4))
    assert "follow-up" in rows(cli, "--due")["maria-lopez"]["next_action"]
    result = cli("outreach", "sent", "maria")
    assert "follow-up 1" in result.stdout
    row = rows(cli)["maria-lopez"]
    assert row["follow_ups"] == 1
    assert row["due"] == "2026-12-15"  # seven business days after Friday 4 December

    assert "stop on Tue 15 Dec 2026" in row["next_action"]
    second = cli("outreach", "sent", "maria", expect=1)
    assert "follow_ups (settings.json) allows one follow-up" in second.stderr

    move_to(clock, date(2026, 12, 14))  # six business days later: not yet
    assert status(home, "maria-lopez") == "contacted"
    rows(cli)
    assert status(home, "maria-lopez") == "contacted"
    move_to(clock, date(2026, 12, 15))  # the seventh: the clock stops (one follow-up, the rule)
    result = cli("outreach", "list")
    assert "marked no-response" in result.stderr
    assert status(home, "maria-lopez") == "no-response"
    assert rows(cli)["maria-lopez"]["due"] is None


@pytest.mark.usefixtures("people")
def test_without_a_colleague_the_first_step_is_the_follow_up(cli: Any, clock: Clock) -> None:
    move_to(clock, date(2026, 11, 29))
    cli("outreach", "sent", "dee", "--on", "saturday")  # 28 November
    row = rows(cli)["dee-ali"]
    # Seven business days from Saturday: Mon 30 Nov ... Tue 8 Dec.
    assert row["due"] == "2026-12-08"
    assert "follow up" in row["next_action"]


@pytest.mark.usefixtures("people")
def test_holidays_in_settings_are_skipped(cli: Any, home: Path) -> None:
    cli("outreach", "sent", "dee", "--on", "today")
    assert rows(cli)["dee-ali"]["due"] == "2026-12-04"
    (home / "settings.json").write_text(
        json.dumps({"schema_version": 2, "holidays": ["2026-11-26", "2026-11-27"]})
    )
    assert rows(cli)["dee-ali"]["due"] == "2026-12-08"


@pytest.mark.usefixtures("people")
def test_reply_and_decline_stop_the_clock(cli: Any, home: Path, clock: Clock) -> None:
    cli("outreach", "sent", "maria", "--on", "monday", "--channel", "linkedin")
    clock.advance(days=1)
    result = cli("outreach", "replied", "maria")
    assert "replied" in result.stdout
    assert status(home, "maria-lopez") == "replied"
    row = rows(cli)["maria-lopez"]
    assert row["channel"] == "linkedin"
    assert row["replied_at"] == "2026-11-26T09:30:00-05:00"
    assert "agree on a time" in row["next_action"]
    again = cli("outreach", "sent", "maria", expect=1)
    assert "already replied" in again.stderr

    cli("outreach", "sent", "dee", "--on", "yesterday")
    cli("outreach", "replied", "dee", "--declined")
    assert status(home, "dee-ali") == "declined"
    assert rows(cli)["dee-ali"]["due"] is None


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["outreach", "sent", "maria", "--on", "tomorrow"], "in the future"),
        (["outreach", "sent", "maria", "--on", "blursday"], "can't read the date"),
        (["outreach", "sent", "maria", "--channel", "pigeon"], "--channel must be one of"),
        (["outreach", "sent", "nobody"], "no prospect matches"),
        (["outreach", "replied", "maria"], "no message to Maria Lopez is recorded"),
    ],
)
def test_bad_input(cli: Any, home: Path, args: list[str], message: str) -> None:
    before = (home / "prospects.json").read_bytes()
    result = cli(*args, expect=1)
    assert message in result.stderr
    assert (home / "prospects.json").read_bytes() == before
    assert not (home / "outreach.json").exists()


@pytest.mark.usefixtures("people")
def test_reply_dated_before_the_message_is_refused(cli: Any) -> None:
    cli("outreach", "sent", "maria", "--on", "today")
    result = cli("outreach", "replied", "maria", "--on", "-3d", expect=1)
    assert "before your first message" in result.stderr


@pytest.mark.usefixtures("people")
def test_removing_a_person_forgets_their_outreach(cli: Any, home: Path) -> None:
    cli("outreach", "sent", "maria")
    cli("prospect", "remove", "maria", "--yes")
    assert read_json(home / "outreach.json")["records"] == []


@pytest.mark.usefixtures("people")
def test_list_table_and_empty(cli: Any) -> None:
    empty = cli("outreach", "list")
    assert "no outreach recorded yet" in empty.stderr
    cli("outreach", "sent", "maria", "--on", "2026-11-24 16:00")
    table = cli("outreach", "list").stdout
    assert "Maria Lopez" in table
    assert "Tue 24 Nov 2026" in table


def test_missing_profile_name_is_asked_for_at_a_terminal(home: Path) -> None:
    """A student with no profile is asked for their name instead of getting a placeholder."""
    import os
    import sys

    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "INFOVIEW_HOME": str(home), "TERM": "dumb"}
    python = sys.executable
    pexpect.run(f"{python} -m infoview prospect add 'Maria Lopez' --relation neighbor", env=env)
    child = pexpect.spawn(
        python, ["-m", "infoview", "outreach", "draft", "maria"], env=env, encoding="utf-8"
    )
    child.expect("Your name: ", timeout=20)
    child.sendline("Ana Ruiz")
    child.expect(pexpect.EOF, timeout=20)
    child.close()
    assert child.exitstatus == 0
    output = child.before or ""
    assert "saved to your profile" in output
    assert "Ana Ruiz" in output.split("Thank you")[-1]  # signed with the name given
    assert "$" not in output
    assert read_json(home / "profile.json")["profile"]["name"] == "Ana Ruiz"


def test_recording_outreach_never_moves_someone_back(cli: Any, home: Path) -> None:
    cli("prospect", "add", "Ivy Ng")
    cli("interview", "log", "ivy", "--on", "today")
    cli("outreach", "sent", "ivy", "--on", "today")
    assert status(home, "ivy-ng") == "interviewed"
