"""Dalton's rule: one follow-up after 7 business days, then move on; settings.json's
``follow_ups`` may allow a second, which says it is the last (issue 15, item 5).

The fixed clock starts on Wednesday 25 November 2026, 09:30 (-05:00); Thanksgiving is not
a holiday unless settings.json says so.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from infoview.model.outreach import OutreachRecord, SettingsFile
from infoview.rules.followup_clock import follow_up_limit, is_last_follow_up, outreach_clock
from tests.helpers import Cli, Clock, read_json, refused, snapshot

NEW_YORK = timezone(timedelta(hours=-5))


def settings(home: Path, **values: Any) -> None:
    home.mkdir(exist_ok=True)
    text = json.dumps({"schema_version": 2, **values})
    (home / "settings.json").write_text(text, encoding="utf-8")


def maria(cli: Cli) -> None:
    cli("prospect", "add", "Maria Lopez", "--org", "Mercy Hospital")


def row(cli: Cli) -> dict[str, Any]:
    data = json.loads(cli("outreach", "list", "--json").stdout)
    return next(r for r in data if r["person"] == "maria-lopez")


def status(home: Path) -> str:
    people = read_json(home / "prospects.json")["prospects"]
    return str(next(p["status"] for p in people if p["id"] == "maria-lopez"))


def move_to(clock: Clock, day: date) -> None:
    clock.current = clock.current.replace(year=day.year, month=day.month, day=day.day)


def at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=NEW_YORK)


# --- the rule, as the clock says it --------------------------------------------------------


def clock_after(today: date, follow_ups: list[date], limit: int) -> Any:
    return outreach_clock(
        person="Ana Ruiz",
        sent_at=at(date(2026, 11, 23)),
        follow_ups=[at(d) for d in follow_ups],
        replied_at=None,
        declined=False,
        now=at(today),
        limit=limit,
    )


def test_by_default_the_clock_stops_seven_business_days_after_the_one_follow_up() -> None:
    # Sent Mon 23 Nov; the follow-up is due Wed 2 Dec; sent then, the clock stops Fri 11 Dec.
    first = clock_after(date(2026, 12, 2), [], 1)
    assert first.state == "follow-up"
    assert "one short, polite follow-up" in first.next_action
    assert "last" not in first.next_action  # the only one is not called the last
    waiting = clock_after(date(2026, 12, 3), [date(2026, 12, 2)], 1)
    assert waiting.state == "waiting"
    assert waiting.next_action == (
        "wait for Ana Ruiz to reply to your follow-up (if nothing comes, stop on "
        "Fri 11 Dec 2026 and move on to other people)"
    )
    stopped = clock_after(date(2026, 12, 11), [date(2026, 12, 2)], 1)
    assert stopped.state == "no-response"
    assert stopped.due is None
    assert stopped.next_action.startswith("no reply from Ana Ruiz after your follow-up: ")


def test_with_two_allowed_the_second_is_offered_as_the_last() -> None:
    waiting = clock_after(date(2026, 12, 3), [date(2026, 12, 2)], 2)
    assert (waiting.state, waiting.due) == ("waiting", date(2026, 12, 11))
    assert "send the last follow-up on Fri 11 Dec 2026" in waiting.next_action
    second = clock_after(date(2026, 12, 11), [date(2026, 12, 2)], 2)
    assert second.state == "follow-up"
    assert "make it the last one" in second.next_action
    stopped = clock_after(date(2026, 12, 22), [date(2026, 12, 2), date(2026, 12, 11)], 2)
    assert stopped.state == "no-response"
    assert "after your 2 follow-ups" in stopped.next_action


def record(follow_ups: int) -> OutreachRecord:
    days = [f"2026-12-0{d}" for d in range(2, 2 + follow_ups)]
    return OutreachRecord.model_validate(
        {"person": "ana-ruiz", "sent_at": "2026-11-23", "follow_ups": days}
    )


@pytest.mark.parametrize(
    ("follow_ups", "limit", "last"),
    [(0, 1, False), (1, 1, False), (2, 1, False), (0, 2, False), (1, 2, True), (2, 2, False)],
)
def test_is_last_follow_up_is_true_only_for_a_second_one_allowed(
    follow_ups: int, limit: int, last: bool
) -> None:
    assert is_last_follow_up(record(follow_ups), limit) is last
    assert is_last_follow_up(None, limit) is False


def test_the_limit_comes_from_settings_json_and_old_files_keep_the_rule() -> None:
    assert follow_up_limit(SettingsFile()) == 1
    old = SettingsFile.model_validate({"schema_version": 2, "holidays": ["2026-11-26"]})
    assert follow_up_limit(old) == 1
    assert follow_up_limit(SettingsFile.model_validate({"follow_ups": 2})) == 2
    again = SettingsFile.model_validate(SettingsFile(follow_ups=2).model_dump(mode="json"))
    assert again.follow_ups == 2


# --- through the commands ------------------------------------------------------------------


def test_default_one_follow_up_then_no_response(cli: Cli, home: Path, clock: Clock) -> None:
    maria(cli)
    cli("outreach", "sent", "maria", "--on", "today")  # Wed 25 Nov
    move_to(clock, date(2026, 12, 4))
    assert "one short, polite follow-up" in row(cli)["next_action"]
    cli("outreach", "sent", "maria")
    assert "stop on Tue 15 Dec 2026" in row(cli)["next_action"]
    move_to(clock, date(2026, 12, 15))
    result = cli("outreach", "list")
    assert "marked no-response" in result.stderr
    assert status(home) == "no-response"
    assert (row(cli)["next_action"], row(cli)["due"]) == (None, None)  # nothing more to do


def test_the_setting_allows_a_second_follow_up_that_says_it_is_the_last(
    cli: Cli, home: Path, clock: Clock
) -> None:
    maria(cli)
    settings(home, follow_ups=2)
    cli("outreach", "sent", "maria", "--on", "today")
    move_to(clock, date(2026, 12, 4))
    cli("outreach", "sent", "maria")
    assert "send the last follow-up on Tue 15 Dec 2026" in row(cli)["next_action"]
    move_to(clock, date(2026, 12, 15))
    assert "make it the last one" in row(cli)["next_action"]
    assert "Recorded follow-up 2 to Maria Lopez" in cli("outreach", "sent", "maria").stdout
    before = snapshot(home)
    third = cli("outreach", "sent", "maria", expect=1)
    refused(third, "follow_ups (settings.json) allows 2 follow-ups")
    assert "2 times already" in third.stderr
    assert "allows a second" not in third.stderr  # no hint to raise what is at its most
    assert snapshot(home) == before
    move_to(clock, date(2026, 12, 24))  # seven business days after Tue 15 Dec
    cli("outreach", "list")
    assert status(home) == "no-response"


def test_outreach_sent_refuses_a_follow_up_beyond_the_setting(
    cli: Cli, home: Path, clock: Clock
) -> None:
    maria(cli)
    cli("outreach", "sent", "maria", "--on", "today")
    move_to(clock, date(2026, 12, 4))
    cli("outreach", "sent", "maria")
    before = snapshot(home)
    second = cli("outreach", "sent", "maria", expect=1)
    refused(second, "you have followed up with Maria Lopez once already")
    assert "follow_ups (settings.json) allows one follow-up" in second.stderr
    assert 'settings.json "follow_ups": 2 allows a second, last follow-up' in second.stderr
    assert snapshot(home) == before
    assert read_json(home / "outreach.json")["records"][0]["follow_ups"] == [
        "2026-12-04T09:30:00-05:00"
    ]


@pytest.mark.parametrize("bad", [0, 3, -1, "2", 1.5, True, None, [1]])
def test_a_bad_setting_is_one_line_and_exit_3_and_nothing_changes(
    cli: Cli, home: Path, bad: Any
) -> None:
    maria(cli)
    settings(home, follow_ups=bad)
    before = snapshot(home)
    for command in (["next"], ["outreach", "list"], ["outreach", "sent", "maria"]):
        result = cli(*command, expect=3)
        refused(result, "settings.json is damaged: follow_ups must be 1", code=3)
        assert f"not {json.dumps(bad)}" in result.stderr
    assert snapshot(home) == before


def test_old_data_with_two_follow_ups_loads_and_the_clock_has_stopped(
    cli: Cli, home: Path, clock: Clock
) -> None:
    maria(cli)
    old = {
        "schema_version": 2,
        "records": [
            {
                "person": "maria-lopez",
                "channel": "email",
                "sent_at": "2026-11-02",
                "follow_ups": ["2026-11-11", "2026-11-20"],
                "replied_at": None,
                "declined": False,
            }
        ],
    }
    (home / "outreach.json").write_text(json.dumps(old), encoding="utf-8")
    # Wed 25 Nov: three business days after the second follow-up, waiting for a reply.
    waiting = row(cli)
    assert waiting["follow_ups"] == 2
    assert waiting["next_action"] == (
        "wait for Maria Lopez to reply to your last follow-up (if nothing comes, "
        "stop on Tue 1 Dec 2026 and move on to other people)"
    )
    story = cli("prospect", "show", "maria").stdout
    assert "follow-up 1" in story and "follow-up 2" in story
    refused(cli("outreach", "sent", "maria", expect=1), "2 times already")
    move_to(clock, date(2026, 12, 1))
    story = json.loads(cli("prospect", "show", "maria", "--json").stdout)
    assert (story["stage"], story["next"]) == ("no-response", None)
    assert row(cli)["next_action"] is None
