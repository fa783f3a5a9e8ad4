"""One timeline: every command tells the same story of a person and gives the same advice.

Each test is a finding of the issue that introduced ``rules/timeline.py``, run as a
student would. The fixed clock starts on Wednesday 25 November 2026, 09:30 in New York.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.helpers import Cli, Clock, infoview_cli, read_json, refused, snapshot

NEW_YORK = ZoneInfo("America/New_York")


def as_json(cli: Cli, *args: str) -> Any:
    return json.loads(cli(*args, "--json").stdout)


def agenda(cli: Cli, *args: str) -> dict[str, dict[str, Any]]:
    """`next --json` by person (nobody has two items: checked here)."""
    items = as_json(cli, "next", *args)
    people = [i["person"] for i in items]
    assert len(people) == len(set(people)), items
    return {i["person"]: i for i in items}


def interviews(home: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = read_json(home / "interviews.json")["interviews"]
    return found


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=NEW_YORK)


# --- the outreach clock ends where the conversation begins ---------------------------------


def test_a_booked_interview_stops_the_follow_ups(cli: Cli) -> None:
    cli("prospect", "add", "Linda Chen")
    cli("outreach", "sent", "linda", "--on", "2026-11-16")
    cli("outreach", "sent", "linda", "--on", "2026-11-25")  # the first follow-up
    cli("interview", "schedule", "linda", "--at", "2026-12-05 10:00")
    # The day before the interview: its reminder, and no "one more polite follow-up".
    item = agenda(cli, "--on", "2026-12-04")["linda-chen"]
    assert item["kind"] == "interview"
    assert item["message"].startswith("interview with Linda Chen on Sat 5 Dec 2026 10:00")
    [row] = as_json(cli, "outreach", "list")
    assert "follow" not in row["next_action"]
    assert as_json(cli, "outreach", "list", "--due") == []


def test_after_the_thank_you_the_outreach_list_no_longer_says_schedule(
    cli: Cli, clock: Clock
) -> None:
    cli("prospect", "add", "Linda Chen")
    cli("outreach", "sent", "linda", "--on", "-3d")
    cli("outreach", "replied", "linda", "--on", "-1d")
    [row] = as_json(cli, "outreach", "list")
    assert row["next_action"] == "Linda Chen replied: agree on a time"
    cli("interview", "schedule", "linda", "--at", "tomorrow 10:00")
    clock.current = at("2026-11-26 11:00")
    cli("interview", "log", "linda", "--note", "Kind and direct")
    cli("thanks", "sent", "linda")
    [row] = as_json(cli, "outreach", "list")
    assert (
        row["next_action"] == "stay in touch with Linda Chen (last contact Thu 26 Nov 2026 11:00)"
    )
    assert row["due"] == "2027-02-24T11:00:00-05:00"  # 90 days after the thank-you


# --- a conversation whose time has passed without a log ------------------------------------


def test_an_unlogged_interview_is_in_next_thanks_and_its_story(cli: Cli, clock: Clock) -> None:
    cli("prospect", "add", "Anna Bell")
    cli("interview", "schedule", "anna", "--at", "tomorrow 10:00")  # Thu 26 Nov, 30 minutes
    clock.current = at("2026-11-27 09:00")
    item = agenda(cli)["anna-bell"]
    assert item["kind"] == "thanks"
    assert item["message"] == (
        "log your conversation with Anna Bell (it was on Thu 26 Nov 2026 10:00), then "
        "send the thank-you (due by Fri 27 Nov 2026 10:30)"
    )
    assert item["command"] == "infoview interview log anna-bell"
    assert item["due"] == "2026-11-27T10:30:00-05:00"  # 24 hours after its end
    # The thank-you clock runs from the end, logged or not.
    [owed] = as_json(cli, "thanks")
    assert (owed["person"], owed["logged"], owed["due_by"]) == (
        "anna-bell",
        False,
        "2026-11-27T10:30:00-05:00",
    )
    assert "not logged" in cli("thanks").stdout
    assert as_json(cli, "prospect", "show", "anna")["stage"] == "unlogged"
    [row] = as_json(cli, "interview", "list")
    assert row["status"] == "unlogged"
    # Logged, it is the thank-you that is next, due at the same time.
    cli("interview", "log", "anna", "--note", "Long shifts, good team")
    item = agenda(cli)["anna-bell"]
    assert (item["command"], item["due"]) == (
        "infoview thanks draft anna-bell",
        "2026-11-27T10:30:00-05:00",
    )


def test_advice_after_a_late_log_comes_from_the_real_deadline(cli: Cli) -> None:
    cli("prospect", "add", "Maria Lopez")
    result = cli("interview", "log", "maria", "--on", "-5d")  # Friday 20 November, a day
    # That day ended at midnight: due by the end of Saturday, overdue from Monday.
    assert "Next: the thank-you is 3 days late: send it today" in result.stdout
    assert "within 24 hours" not in result.stdout
    assert "overdue since Mon 23 Nov 2026" in cli("thanks").stdout
    [owed] = as_json(cli, "thanks")
    assert owed["due_by"] == "2026-11-22T00:00:00-05:00"


def test_advice_after_a_log_in_time_names_the_deadline(cli: Cli, clock: Clock) -> None:
    cli("prospect", "add", "Maria Lopez")
    result = cli("interview", "log", "maria", "--on", "today 08:00")
    assert "Next: a thank-you by Thu 26 Nov 2026 08:30" in result.stdout


# --- a day is a day, a moment is a moment ---------------------------------------------------


def test_a_day_keeps_no_invented_time_of_day(cli: Cli, home: Path) -> None:
    cli("prospect", "add", "Maria Lopez")
    cli("interview", "log", "maria", "--on", "-5d")
    [held] = interviews(home)
    assert held["held_at"] == "2026-11-20"
    assert "held Fri 20 Nov 2026, 30 minutes" in cli("prospect", "show", "maria").stdout


@pytest.mark.parametrize("day", ["tomorrow", "2026-12-03", "friday", "+2d"])
def test_scheduling_needs_a_time(cli: Cli, home: Path, day: str) -> None:
    cli("prospect", "add", "Anna Bell")
    before = snapshot(home)
    result = cli("interview", "schedule", "anna", "--at", day, expect=1)
    refused(result, "is a day: say the time too, e.g.")
    assert snapshot(home) == before


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2026-12-03 15:30", "2026-12-03T15:30:00-05:00"),
        ("tomorrow 15:30", "2026-11-26T15:30:00-05:00"),
        ("friday 3pm", "2026-11-27T15:00:00-05:00"),
        ("3:30pm", "2026-11-25T15:30:00-05:00"),
        ("+2d 10:00", "2026-11-27T10:00:00-05:00"),
    ],
)
def test_the_forms_a_student_types_book_that_wall_time(
    cli: Cli, home: Path, typed: str, stored: str
) -> None:
    cli("prospect", "add", "Anna Bell")
    cli("interview", "schedule", "anna", "--at", typed)
    assert interviews(home)[0]["scheduled_at"] == stored


def test_an_ambiguous_date_is_refused_with_the_iso_form(cli: Cli) -> None:
    cli("prospect", "add", "Anna Bell")
    result = cli("interview", "schedule", "anna", "--at", "12/3 15:30", expect=1)
    refused(result, "write the date as year-month-day, e.g. 2026-12-03")


def test_next_on_a_moment_uses_its_time(cli: Cli) -> None:
    cli("prospect", "add", "Anna Bell")
    cli("interview", "schedule", "anna", "--at", "2026-12-03 09:00")
    # At 08:00 that day the interview is still to come (the clock's own 09:30 would
    # make it a conversation under way).
    assert agenda(cli, "--on", "2026-12-03 08:00")["anna-bell"]["kind"] == "interview"
    assert agenda(cli, "--on", "2026-12-03 10:00")["anna-bell"]["kind"] == "thanks"
    assert agenda(cli, "--on", "2026-12-03")["anna-bell"]["kind"] == "interview"  # from 00:00


# --- the student's time zone ---------------------------------------------------------------


def test_a_summer_time_is_converted_by_the_zones_rules_in_a_real_process(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    ics = tmp_path / "ny.ics"
    env = {"TZ": "America/New_York"}
    assert infoview_cli(home, "prospect", "add", "Maria Lopez", **env).returncode == 0
    done = infoview_cli(
        home, "interview", "schedule", "maria", "--at", "2027-06-01 15:30", "--ics", str(ics), **env
    )
    assert done.returncode == 0, done.stderr
    assert "Tue 1 Jun 2027 15:30" in done.stdout
    assert interviews(home)[0]["scheduled_at"] == "2027-06-01T15:30:00-04:00"  # not -05:00
    text = ics.read_text(encoding="utf-8").replace("\r\n ", "")
    assert "DTSTART;TZID=America/New_York:20270601T153000" in text
    assert "TZOFFSETTO:-0400" in text  # the VTIMEZONE says what that zone is in June


def test_settings_timezone_wins_over_the_computers(cli: Cli, home: Path) -> None:
    cli("prospect", "add", "Maria Lopez")
    (home / "settings.json").write_text(
        json.dumps({"schema_version": 2, "timezone": "Europe/Paris"}), encoding="utf-8"
    )
    cli("interview", "schedule", "maria", "--at", "2026-12-03 15:30")
    assert interviews(home)[0]["scheduled_at"] == "2026-12-03T15:30:00+01:00"
    bad = {"schema_version": 2, "timezone": "Mars/Olympus"}
    (home / "settings.json").write_text(json.dumps(bad), encoding="utf-8")
    result = cli("next", expect=3)
    assert "Mars/Olympus" in result.stderr


def test_a_time_the_clocks_skip_is_refused_and_one_they_repeat_is_noted(
    cli: Cli, home: Path
) -> None:
    cli("prospect", "add", "Maria Lopez")
    before = snapshot(home)
    result = cli("interview", "schedule", "maria", "--at", "2027-03-14 02:30", expect=1)
    refused(result, "does not exist in America/New_York")
    assert snapshot(home) == before
    twice = cli("interview", "schedule", "maria", "--at", "2027-11-07 01:30")
    assert "comes twice that night" in twice.stderr
    assert interviews(home)[0]["scheduled_at"] == "2027-11-07T01:30:00-04:00"  # the first


# --- correcting ------------------------------------------------------------------------------


def _editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text()\n" + body,
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


def test_log_edit_unchanged_logs_nothing_and_logging_again_edits_the_one_held(
    cli: Cli, home: Path, clock: Clock, tmp_path: Path
) -> None:
    cli("prospect", "add", "Tuan Nguyen")
    cli("interview", "schedule", "tuan", "--at", "tomorrow 10:00")
    clock.current = at("2026-11-26 12:00")
    before = snapshot(home)
    result = cli("interview", "log", "tuan", "--edit", env={"EDITOR": "true"})
    assert "nothing was logged" in result.stdout
    assert snapshot(home) == before
    assert interviews(home)[0]["state"] == "scheduled"

    add_note = _editor(tmp_path, "path.write_text(text.replace('## notes', '## notes\\nCalm'))\n")
    cli("interview", "log", "tuan", "--edit", env={"EDITOR": add_note})
    cli("interview", "log", "tuan", "--note", "Call back in spring")  # adds to the same one
    edited = _editor(tmp_path, "path.write_text(text.replace('Calm', 'Very calm'))\n")
    cli("interview", "log", "tuan", "--edit", env={"EDITOR": edited})
    [held] = interviews(home)
    assert held["id"] == "tuan-nguyen-1" and held["state"] == "held"
    assert held["notes"] == ["Very calm", "Call back in spring"]
    assert held["held_at"] == "2026-11-26T10:00:00-05:00"  # as scheduled

    cli("interview", "log", "tuan", "--new", "--on", "today", "--note", "Second talk")
    assert [i["id"] for i in interviews(home)] == ["tuan-nguyen-1", "tuan-nguyen-2"]


def test_a_conversation_still_to_come_cannot_be_logged(cli: Cli, home: Path) -> None:
    cli("prospect", "add", "Tuan Nguyen")
    cli("interview", "schedule", "tuan", "--at", "tomorrow 10:00")
    before = snapshot(home)
    result = cli("interview", "log", "tuan", "--note", "x", expect=1)
    refused(result, "is scheduled for Thu 26 Nov 2026 10:00, which has not come yet")
    assert snapshot(home) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["outreach", "replied", "maria", "--on", "-5d"], "is before your first message to them"),
        (["touch", "maria", "--on", "tomorrow"], "in the future"),
        (["interview", "log", "maria", "--on", "tomorrow"], "in the future"),
    ],
)
def test_chronology_is_checked(cli: Cli, home: Path, args: list[str], message: str) -> None:
    cli("prospect", "add", "Maria Lopez")
    cli("outreach", "sent", "maria", "--on", "-2d")
    before = snapshot(home)
    refused(cli(*args, expect=1), message)
    assert snapshot(home) == before


# --- a person's whole story ------------------------------------------------------------------


def test_prospect_show_tells_the_whole_story(cli: Cli, clock: Clock) -> None:
    cli("prospect", "add", "Rosa Delgado", "--relation", "family")
    cli("prospect", "add", "Maria Lopez", "--referred-by", "rosa", "--field", "nursing")
    cli("outreach", "sent", "maria", "--on", "2026-11-16", "--channel", "linkedin")
    cli("outreach", "sent", "maria", "--on", "2026-11-24")
    cli("outreach", "replied", "maria", "--on", "today")
    cli("interview", "schedule", "maria", "--at", "tomorrow 15:30", "--where", "Mercy Hospital")
    clock.current = at("2026-11-26 17:00")
    cli("interview", "log", "maria", "--interest", "4", "--referral", "Sam Lee, nurse")
    cli("thanks", "sent", "maria", "--channel", "card")
    cli("touch", "maria", "--note", "Sent a photo")

    text = cli("prospect", "show", "maria").stdout
    for line in (
        "Referred by:   Rosa Delgado (rosa-delgado, new)",
        "Referred:      Sam Lee (sam-lee, new)",
        "Outreach:      linkedin, sent Mon 16 Nov 2026",
        "follow-up 1: Tue 24 Nov 2026",
        "replied Wed 25 Nov 2026",
        "held Thu 26 Nov 2026 15:30, 30 minutes by video (Mercy Hospital), interest 4/5",
        "Thank-you:     sent Thu 26 Nov 2026 17:00 (card), within 24 hours",
        "Thu 26 Nov 2026 17:00 (email): Sent a photo",
        "stay in touch with Maria Lopez (last contact Thu 26 Nov 2026 17:00)",
    ):
        assert line in text, (line, text)

    story = as_json(cli, "prospect", "show", "maria")
    assert {
        "stage",
        "referrer",
        "referred",
        "outreach",
        "interviews",
        "thank_you",
        "contacts",
        "history",
        "next",
    } <= set(story)
    assert story["referrer"]["id"] == "rosa-delgado"
    assert [p["id"] for p in story["referred"]] == ["sam-lee"]
    assert story["outreach"]["follow_ups"] == ["2026-11-24"]
    [interview] = story["interviews"]
    assert (interview["state"], interview["where"], interview["interest"]) == (
        "held",
        "Mercy Hospital",
        4,
    )
    assert story["thank_you"]["state"] == "sent" and story["thank_you"]["in_time"] is True
    assert story["next"]["kind"] == "touch"
    # What `prospect show` says is next is what `next` would say.
    assert story["next"]["command"] == "infoview touch maria-lopez --note ..."


class TickingClock(Clock):
    """A clock a second later at each reading, like the computer's."""

    def __call__(self) -> datetime:
        self.current += timedelta(seconds=1)
        return self.current


def test_now_typed_is_the_commands_own_moment_not_a_later_reading() -> None:
    # A command that read the clock twice saw "now" typed as a moment after its own
    # now, and refused it as "in the future".
    cli = Cli(TickingClock())
    cli("prospect", "add", "Maria Lopez")
    cli("outreach", "sent", "maria", "--on", "now")
    cli("outreach", "replied", "maria", "--on", "now")
    cli("interview", "log", "maria", "--on", "-1d")
    cli("thanks", "sent", "maria", "--on", "now")
    cli("touch", "maria", "--on", "now")
    cli("next", "--on", "now")


# --- found by the state machine (tests/test_timeline_machine.py) -----------------------------


def stored_status(cli: Cli, person: str) -> str:
    """The status `prospect list` shows (stored in prospects.json)."""
    [row] = [p for p in as_json(cli, "prospect", "list") if p["id"] == person]
    status: str = row["status"]
    return status


def test_a_second_conversation_on_the_same_day_is_owed_its_own_thank_you(
    cli: Cli, home: Path
) -> None:
    # Two conversations known by the day end together; the one logged later is the later
    # one. The thank-you for the first does not cover it, whatever the ids sort as.
    cli("prospect", "add", "Maria Lopez")
    cli("interview", "log", "maria", "--on", "today", "--note", "Morning at the clinic")
    cli("thanks", "sent", "maria", "--on", "today")
    assert agenda(cli).get("maria-lopez") is None
    cli("interview", "log", "maria", "--new", "--on", "today", "--note", "Lunch with her team")
    item = agenda(cli)["maria-lopez"]
    assert item["kind"] == "thanks"
    assert item["message"] == (
        "thank Maria Lopez for the conversation on Wed 25 Nov 2026 (due by the end of "
        "Thu 26 Nov 2026)"
    )
    [owed] = as_json(cli, "thanks")
    assert owed["person"] == "maria-lopez"
    assert as_json(cli, "prospect", "show", "maria")["stage"] == "interviewed"
    assert stored_status(cli, "maria-lopez") == "interviewed"
    # The next thank-you recorded is for that one; then nothing is owed.
    cli("thanks", "sent", "maria", "--on", "today")
    assert [i.get("thanked_at") for i in interviews(home)] == ["2026-11-25", "2026-11-25"]
    assert as_json(cli, "thanks") == []
    assert stored_status(cli, "maria-lopez") == "thanked"


def test_a_cancelled_conversation_asks_for_a_new_time_not_a_follow_up(cli: Cli) -> None:
    cli("prospect", "add", "Linda Chen")
    cli("prospect", "add", "Omar Haddad")
    cli("outreach", "sent", "linda", "--on", "2026-11-16")  # no reply recorded
    cli("interview", "schedule", "linda", "--at", "2026-12-01 10:00")
    cli("interview", "schedule", "omar", "--at", "2026-12-02 10:00")  # arranged in person
    cli("interview", "cancel", "linda")
    cli("interview", "cancel", "omar")
    # They had said yes: no follow-up to someone who agreed to talk; a new time to find.
    items = agenda(cli, "--on", "2026-12-10")
    for pid, name, day in (
        ("linda-chen", "Linda Chen", "Tue 1"),
        ("omar-haddad", "Omar Haddad", "Wed 2"),
    ):
        assert items[pid]["kind"] == "schedule"
        assert items[pid]["message"] == (
            f"your conversation with {name} on {day} Dec 2026 10:00 was cancelled: "
            "agree on a new time"
        )
        assert as_json(cli, "prospect", "show", pid)["stage"] == "replied"
        assert stored_status(cli, pid) == "replied"
    assert as_json(cli, "outreach", "list", "--due") == []


def test_cancelling_a_second_conversation_leaves_the_first_one_thanked(cli: Cli) -> None:
    cli("prospect", "add", "Linda Chen")
    cli("interview", "log", "linda", "--on", "-2d", "--note", "Night shifts")
    cli("thanks", "sent", "linda", "--on", "-1d")
    cli("interview", "schedule", "linda", "--at", "2026-12-08 10:00")
    assert stored_status(cli, "linda-chen") == "scheduled"
    cli("interview", "cancel", "linda")
    assert as_json(cli, "prospect", "show", "linda")["stage"] == "thanked"
    assert stored_status(cli, "linda-chen") == "thanked"


def test_a_message_recorded_after_the_booking_leaves_them_scheduled(cli: Cli) -> None:
    # Recorded late (the booking was typed first), a message and its reply do not move
    # someone with a conversation booked back to contacted or replied.
    cli("prospect", "add", "Maria Lopez")
    cli("interview", "schedule", "maria", "--at", "tomorrow 10:00")
    cli("outreach", "sent", "maria", "--on", "-3d")
    assert stored_status(cli, "maria-lopez") == "scheduled"
    cli("outreach", "replied", "maria", "--on", "-1d")
    assert stored_status(cli, "maria-lopez") == "scheduled"
    assert as_json(cli, "prospect", "show", "maria")["stage"] == "scheduled"


def test_a_status_by_hand_is_only_for_someone_with_nothing_recorded(cli: Cli, home: Path) -> None:
    cli("prospect", "add", "Maria Lopez")
    cli("prospect", "add", "Dev Patel")
    cli("outreach", "sent", "dev", "--on", "-2d")
    # Nothing recorded: the student's word is all there is, and every command says it.
    cli("prospect", "edit", "maria", "--status", "declined")
    assert stored_status(cli, "maria-lopez") == "declined"
    assert as_json(cli, "prospect", "show", "maria")["stage"] == "declined"
    # A status that comes from a record is refused, naming the command that records it.
    before = snapshot(home)
    refused(
        cli("prospect", "edit", "maria", "--status", "interviewed", expect=1),
        "Maria Lopez will be interviewed once it is recorded; by hand, someone with nothing "
        "recorded yet is new, declined or no-response (log it: infoview interview log "
        "maria-lopez)",
    )
    refused(
        cli("prospect", "edit", "dev", "--status", "declined", expect=1),
        "Dev Patel is contacted by what you recorded; a status by hand is only for someone "
        "with nothing recorded yet (record their answer: infoview outreach replied dev-patel "
        "--on DATE --declined)",
    )
    assert snapshot(home) == before
    # Recorded, the answer moves them, and the list and the story agree.
    cli("outreach", "replied", "dev", "--on", "today", "--declined")
    assert stored_status(cli, "dev-patel") == "declined"
    assert as_json(cli, "prospect", "show", "dev")["stage"] == "declined"
    assert cli("prospect", "edit", "dev", "--status", "declined").stdout == "Nothing changed.\n"
