"""`infoview interview ...` and `infoview answers` end to end through the CLI.

The fixed clock starts on Wednesday 25 November 2026, 09:30 (-05:00). Calendar
files are read back with vobject, a different parser from the icalendar
library that writes them.
"""

from __future__ import annotations

import json
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import vobject  # type: ignore[import-untyped,unused-ignore]

from infoview.model.errors import InvalidInput
from infoview.model.interviews import Scheduled
from infoview.rules.bank import Bank, workspace_bank
from infoview.rules.interviews import Meeting, Record
from infoview.store.document import Document
from infoview.store.registry import INTERVIEWS, PROFILE, PROSPECTS
from infoview.store.workspace import Transaction, Workspace
from infoview.usecases.interviews import (
    calendar_event,
    log_interview,
    logged_answers,
    schedule_interview,
)
from tests.helpers import Clock, read_json, refused, snapshot

EST = timezone(timedelta(hours=-5))
AT = "2026-12-03 15:30"
AT_TIME = datetime(2026, 12, 3, 15, 30, tzinfo=EST)
WHERE = "Mercy Hospital; cafeteria, 2nd floor"
LIST_KEYS = {
    "person",
    "status",
    "scheduled_at",
    "minutes",
    "mode",
    "where",
    "logged_at",
    "questions",
    "answers",
    "referrals",
    "interest",
    "id",
    "held_at",
    "thanked_at",
}


@pytest.fixture
def maria(cli: Any) -> None:
    cli("profile", "set", "--name", "Ana Ruiz", "--email", "ana@example.com")
    cli(
        "prospect",
        "add",
        "María López",
        "--field",
        "social work",
        "--relation",
        "neighbor",
        "--email",
        "maria@example.org",
    )


def interviews(home: Path) -> list[dict[str, Any]]:
    path = home / "interviews.json"
    if not path.exists():
        return []
    data: list[dict[str, Any]] = read_json(path)["interviews"]
    return data


def people(home: Path) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in read_json(home / "prospects.json")["prospects"]}


def status(home: Path, person: str) -> str:
    return str(people(home)[person]["status"])


def plan(home: Path, person: str) -> list[str] | None:
    path = home / "plans.json"
    if not path.exists():
        return None
    for p in read_json(path)["plans"]:
        if p["person"] == person:
            return list(p["questions"])
    return None


def question_text(cli: Any, qid: str) -> str:
    return str(json.loads(cli("questions", "show", qid, "--json").stdout)["text"])


def unfolded(path: Path) -> list[str]:
    """The content lines of an .ics file as written, with folding undone."""
    raw = path.read_bytes().decode("utf-8")
    return raw.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def read_ics(path: Path) -> Any:
    return vobject.readOne(path.read_text(encoding="utf-8"))


def _editor_script(tmp_path: Path, body: str, name: str = "fake_editor.py") -> str:
    """An $EDITOR that rewrites the file it is given with a small Python program.

    The program sees ``text`` (what infoview opened) and ``seen`` (a file that
    keeps a copy of it for the test to look at).
    """
    script = tmp_path / name
    seen = tmp_path / (name + ".seen")
    script.write_text(
        "import sys, pathlib\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text()\n"
        f"pathlib.Path({str(seen)!r}).write_text(text)\n" + body
    )
    return f"{sys.executable} {script}"


def seen_by(tmp_path: Path, name: str = "fake_editor.py") -> str:
    return (tmp_path / (name + ".seen")).read_text()


# --- schedule, reschedule, cancel ----------------------------------------------


@pytest.mark.usefixtures("maria")
def test_schedule_stores_the_meeting_and_moves_the_status(cli: Any, home: Path) -> None:
    cli("outreach", "sent", "maria")
    cli("outreach", "replied", "maria")
    assert status(home, "maria-lopez") == "replied"
    result = cli(
        "interview",
        "schedule",
        "maria",
        "--at",
        AT,
        "--minutes",
        "45",
        "--mode",
        "in-person",
        "--where",
        WHERE,
    )
    assert "Scheduled María López: Thu 3 Dec 2026 15:30, 45 minutes, in-person." in result.stdout
    [interview] = interviews(home)
    assert interview["state"] == "scheduled"
    assert interview["person"] == "maria-lopez"
    assert datetime.fromisoformat(interview["scheduled_at"]) == AT_TIME
    assert interview["scheduled_at"].endswith("-05:00")
    assert interview["minutes"] == 45
    assert interview["mode"] == "in-person"
    assert interview["where"] == WHERE
    assert interview["link"] is None
    assert interview["sequence"] == 0
    planned = plan(home, "maria-lopez")
    assert planned is not None
    assert 10 <= len(planned) <= 20
    assert interview["questions"] == planned
    assert status(home, "maria-lopez") == "scheduled"


@pytest.mark.usefixtures("maria")
def test_schedule_uses_the_plan_already_picked(cli: Any, home: Path) -> None:
    cli("questions", "pick", "maria", "--count", "12", "--seed", "7")
    picked = plan(home, "maria-lopez")
    assert picked is not None and len(picked) == 12
    cli("interview", "schedule", "maria", "--at", AT)
    assert interviews(home)[0]["questions"] == picked


@pytest.mark.usefixtures("maria")
def test_schedule_lasts_the_minutes_picked_unless_told(cli: Any, home: Path) -> None:
    cli("questions", "pick", "maria", "--minutes", "45", "--seed", "1")
    result = cli("interview", "schedule", "maria", "--at", AT)
    assert "45 minutes" in result.stdout
    assert interviews(home)[0]["minutes"] == 45
    cli("interview", "cancel", "maria")
    cli("interview", "schedule", "maria", "--at", AT, "--minutes", "20")
    assert [i["minutes"] for i in interviews(home)] == [45, 20]


@pytest.mark.usefixtures("maria")
def test_schedule_without_a_plan_lasts_30_minutes(home: Path, clock: Clock) -> None:
    ws = Workspace(home)
    result = schedule_interview(ws, _bank(ws), "maria", Meeting(at=AT_TIME), clock.current)
    assert result.planned is not None and result.planned.plan.minutes == 30
    assert result.interview.minutes == 30


@pytest.mark.usefixtures("maria")
def test_log_without_a_schedule_lasts_the_minutes_picked(
    cli: Any, home: Path, tmp_path: Path
) -> None:
    cli("questions", "pick", "maria", "--minutes", "50", "--seed", "1")
    editor = _editor_script(tmp_path, "path.write_text(text + 'A note')\n")
    cli("interview", "log", "maria", "--on", "yesterday", "--edit", env={"EDITOR": editor})
    assert "minutes: 50" in seen_by(tmp_path).split("\n")  # the form offers the plan's minutes
    cli("questions", "pick", "maria", "--minutes", "40", "--seed", "2")
    cli("interview", "log", "maria", "--on", "today", "--note", "More")  # adds to the first
    assert [i["minutes"] for i in interviews(home)] == [50]
    assert plan(home, "maria-lopez") is not None  # kept for the next conversation
    cli("interview", "log", "maria", "--on", "today", "--new")
    assert [i["minutes"] for i in interviews(home)] == [50, 40]
    assert plan(home, "maria-lopez") is None


@pytest.mark.usefixtures("maria")
def test_a_link_means_video(cli: Any, home: Path) -> None:
    link = "https://meet.example.com/abc-defg?x=1,2;3"
    cli("interview", "schedule", "maria", "--at", AT, "--link", link)
    [interview] = interviews(home)
    assert interview["mode"] == "video"
    assert interview["link"] == link
    [row] = json.loads(cli("interview", "list", "--json").stdout)
    assert row["where"] == link


@pytest.mark.usefixtures("maria")
def test_ics_schedule_reschedule_cancel_read_back(
    cli: Any, home: Path, tmp_path: Path, clock: Clock
) -> None:
    ics = tmp_path / "maria.ics"
    cli(
        "interview",
        "schedule",
        "maria",
        "--at",
        AT,
        "--minutes",
        "45",
        "--mode",
        "in-person",
        "--where",
        WHERE,
        "--ics",
        str(ics),
    )
    cal = read_ics(ics)
    assert len(cal.vevent_list) == 1
    event = cal.vevent
    uid = event.uid.value
    assert uid == interviews(home)[0]["uid"]
    assert cal.method.value == "PUBLISH"
    assert int(event.sequence.value) == 0
    assert event.status.value == "CONFIRMED"
    # The student's zone has a name: the file gives the wall time with its TZID.
    assert event.dtstart.value == AT_TIME
    assert event.dtstart.value.utcoffset() == timedelta(hours=-5)
    assert "DTSTART;TZID=America/New_York:20261203T153000" in unfolded(ics)
    assert event.dtend.value - event.dtstart.value == timedelta(minutes=45)
    assert event.dtstamp.value == clock.current
    assert "María López" in event.summary.value
    assert event.location.value == WHERE
    assert "LOCATION:Mercy Hospital\\; cafeteria\\, 2nd floor" in unfolded(ics)

    planned = plan(home, "maria-lopez")
    assert planned
    texts = [question_text(cli, qid) for qid in planned]
    description = event.description.value
    assert description.splitlines() == [
        "Questions to ask:",
        *(f"{n}. {t}" for n, t in enumerate(texts, start=1)),
    ]
    [written] = [line for line in unfolded(ics) if line.startswith("DESCRIPTION:Questions")]
    assert "\\n1. " in written  # newlines escaped: the whole description is one content line
    if any("," in t for t in texts):
        assert "\\," in written

    triggers = sorted(alarm.trigger.value for alarm in event.valarm_list)
    assert triggers == [timedelta(days=-1), timedelta(hours=-1)]
    assert all(alarm.action.value == "DISPLAY" for alarm in event.valarm_list)

    clock.advance(hours=3)
    cli(
        "interview", "reschedule", "maria", "--at", "2026-12-04 10:00", "--ics", str(ics), "--force"
    )
    cal = read_ics(ics)
    event = cal.vevent
    assert event.uid.value == uid
    assert int(event.sequence.value) == 1
    assert cal.method.value == "PUBLISH"
    assert event.dtstart.value == datetime(2026, 12, 4, 10, 0, tzinfo=EST)
    assert event.dtend.value - event.dtstart.value == timedelta(minutes=45)
    assert event.dtstamp.value == clock.current
    assert event.location.value == WHERE
    assert len(event.valarm_list) == 2
    assert status(home, "maria-lopez") == "scheduled"

    clock.advance(hours=1)
    cli("interview", "cancel", "maria", "--ics", str(ics), "--force")
    cal = read_ics(ics)
    event = cal.vevent
    assert event.uid.value == uid
    assert int(event.sequence.value) == 2
    assert cal.method.value == "CANCEL"
    assert event.status.value == "CANCELLED"
    assert event.dtstart.value == datetime(2026, 12, 4, 10, 0, tzinfo=EST)
    assert "valarm" not in event.contents
    [stored] = interviews(home)
    assert (stored["state"], stored["sequence"], stored["uid"]) == ("cancelled", 2, uid)


@pytest.mark.usefixtures("maria")
def test_ics_with_a_video_link(cli: Any, tmp_path: Path) -> None:
    ics = tmp_path / "call.ics"
    link = "https://meet.example.com/abc-defg"
    cli("interview", "schedule", "maria", "--at", AT, "--link", link, "--ics", str(ics))
    event = read_ics(ics).vevent
    assert event.location.value == link
    assert event.url.value == link
    assert event.dtend.value - event.dtstart.value == timedelta(minutes=30)
    assert event.attendee.value == "mailto:maria@example.org"
    assert event.organizer.value == "mailto:ana@example.com"


def test_ics_escapes_names_with_commas_and_semicolons(cli: Any, tmp_path: Path) -> None:
    cli("prospect", "add", "Lee, Sam; Jr")
    ics = tmp_path / "sam.ics"
    cli("interview", "schedule", "lee", "--at", AT, "--ics", str(ics))
    event = read_ics(ics).vevent
    assert event.summary.value == "Informational interview with Lee, Sam; Jr"
    assert "SUMMARY:Informational interview with Lee\\, Sam\\; Jr" in unfolded(ics)
    assert len(read_ics(ics).vevent_list) == 1


@pytest.mark.usefixtures("maria")
def test_reschedule_changes_only_what_is_given(cli: Any, home: Path) -> None:
    cli("interview", "schedule", "maria", "--at", AT, "--minutes", "40", "--where", WHERE)
    before = interviews(home)[0]
    cli("interview", "reschedule", "maria", "--at", "2026-12-05 11:00")
    [after] = interviews(home)
    assert datetime.fromisoformat(after["scheduled_at"]) == datetime(2026, 12, 5, 11, tzinfo=EST)
    assert after["minutes"] == 40
    assert after["where"] == WHERE
    assert after["uid"] == before["uid"]
    assert after["sequence"] == 1
    assert after["questions"] == before["questions"]


@pytest.mark.usefixtures("maria")
def test_reschedule_to_a_video_call(cli: Any, home: Path, tmp_path: Path) -> None:
    cli("interview", "schedule", "maria", "--at", AT, "--mode", "in-person", "--where", WHERE)
    ics = tmp_path / "moved.ics"
    link = "https://meet.example.com/xyz"
    cli("interview", "reschedule", "maria", "--link", link, "--ics", str(ics))
    [row] = json.loads(cli("interview", "list", "--json").stdout)
    assert (row["mode"], row["where"]) == ("video", link)
    assert read_ics(ics).vevent.location.value == link


@pytest.mark.usefixtures("maria")
def test_reschedule_from_a_video_call_to_a_place(cli: Any, home: Path, tmp_path: Path) -> None:
    cli("interview", "schedule", "maria", "--at", AT, "--link", "https://meet.example.com/x")
    ics = tmp_path / "moved.ics"
    cli(
        "interview",
        "reschedule",
        "maria",
        "--mode",
        "in-person",
        "--where",
        WHERE,
        "--ics",
        str(ics),
    )
    [row] = json.loads(cli("interview", "list", "--json").stdout)
    assert (row["mode"], row["where"]) == ("in-person", WHERE)
    assert read_ics(ics).vevent.location.value == WHERE


@pytest.mark.usefixtures("maria")
def test_cancel_moves_back_to_replied_and_a_new_time_can_be_set(cli: Any, home: Path) -> None:
    cli("interview", "schedule", "maria", "--at", AT)
    result = cli("interview", "cancel", "maria")
    assert "Cancelled the interview with María López" in result.stdout
    assert status(home, "maria-lopez") == "replied"
    assert interviews(home)[0]["state"] == "cancelled"
    cli("interview", "schedule", "maria", "--at", "2026-12-10 12:00")
    first, second = interviews(home)
    assert first["state"] == "cancelled"
    assert second["state"] == "scheduled"
    assert first["id"] != second["id"]
    assert first["uid"] != second["uid"]
    assert status(home, "maria-lopez") == "scheduled"


@pytest.mark.usefixtures("maria")
def test_minutes_outside_20_60_need_force(cli: Any, home: Path) -> None:
    before = snapshot(home)
    refused(
        cli("interview", "schedule", "maria", "--at", AT, "--minutes", "90", expect=1), "--force"
    )
    refused(cli("interview", "schedule", "maria", "--at", AT, "--minutes", "15", expect=1), "20–60")
    assert snapshot(home) == before
    cli("interview", "schedule", "maria", "--at", AT, "--minutes", "90", "--force")
    assert interviews(home)[0]["minutes"] == 90
    # Beyond what --force allows, or below 5, the command line itself is wrong (exit 2).
    for minutes in ("300", "0"):
        too_far = cli("interview", "reschedule", "maria", "--minutes", minutes, "--force", expect=2)
        assert "Invalid value for '--minutes'" in too_far.stderr
    refused(cli("interview", "reschedule", "maria", "--minutes", "61", expect=1), "20–60")
    assert interviews(home)[0]["minutes"] == 90
    assert interviews(home)[0]["sequence"] == 0


@pytest.mark.usefixtures("maria")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["interview", "schedule", "maria"], "say when with --at"),
        (["interview", "schedule", "maria", "--at", "blursday"], "can't read the date"),
        (["interview", "schedule", "maria", "--at", AT, "--minutes", "90"], "--minutes must be"),
        (
            [
                "interview",
                "schedule",
                "maria",
                "--at",
                AT,
                "--where",
                "Cafe",
                "--link",
                "https://x.io",
            ],
            "either --where or --link",
        ),
        (["interview", "reschedule", "maria", "--at", AT], "has no scheduled interview to move"),
        (["interview", "cancel", "maria"], "has no scheduled interview to cancel"),
        (["interview", "schedule", "nobody", "--at", AT], "no prospect matches"),
    ],
)
def test_refused_commands_write_nothing(
    cli: Any, home: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    before = snapshot(home)
    ics = tmp_path / "x.ics"
    refused(cli(*args, "--ics", str(ics), expect=1), message)
    assert snapshot(home) == before
    assert not ics.exists()


@pytest.mark.usefixtures("maria")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["schedule", "maria", "--at", AT, "--link", "not a url"], "web link"),
        (["schedule", "maria", "--at", AT, "--link", "ftp://files.example.com"], "web link"),
        (["schedule", "maria", "--at", AT, "--where", "Cafe\tTable 2"], "control character"),
        (["log", "maria", "--note", "bell\x07"], "control character"),
        (["log", "maria", "--answer", "favorite-love-most=red\x1b[31m"], "control character"),
    ],
)
def test_bad_values_are_refused_cleanly(
    cli: Any, home: Path, args: list[str], message: str
) -> None:
    before = snapshot(home)
    refused(cli("interview", *args, expect=1), message)
    assert snapshot(home) == before


@pytest.mark.usefixtures("maria")
def test_schedule_twice_is_refused(cli: Any, home: Path) -> None:
    cli("interview", "schedule", "maria", "--at", AT)
    before = snapshot(home)
    refused(
        cli("interview", "schedule", "maria", "--at", "2026-12-04 10:00", expect=1),
        "already has an interview scheduled",
    )
    assert snapshot(home) == before


# --- log -------------------------------------------------------------------------


@pytest.mark.usefixtures("maria")
def test_log_with_options(cli: Any, home: Path, clock: Clock) -> None:
    cli("interview", "schedule", "maria", "--at", AT, "--mode", "in-person", "--where", WHERE)
    planned = plan(home, "maria-lopez")
    clock.current = datetime(2026, 12, 3, 17, 0, tzinfo=EST)
    result = cli(
        "interview",
        "log",
        "maria",
        "--on",
        "2026-12-03 15:30",
        "--minutes",
        "40",
        "--mode",
        "phone",
        "--note",
        "Loves the variety",
        "--note",
        "Busy; call back in spring, not winter",
        "--answer",
        "favorite-love-most=*Every day is different",
        "--answer",
        "favorite-hardest=The paperwork",
        "--referral",
        "Sam Lee, nurse @ Mercy Hospital",
        "--referral",
        "Dee Ali",
        "--interest",
        "4",
    )
    assert "Logged your interview with María López" in result.stdout
    assert "Added Sam Lee (sam-lee), referred by María López" in result.stdout
    [interview] = interviews(home)
    assert interview["state"] == "held"
    assert datetime.fromisoformat(interview["held_at"]) == AT_TIME
    assert datetime.fromisoformat(interview["logged_at"]) == clock.current
    assert interview["minutes"] == 40
    assert interview["mode"] == "phone"
    assert interview["where"] == WHERE
    assert interview["questions"] == planned
    assert interview["notes"] == ["Loves the variety", "Busy; call back in spring, not winter"]
    assert interview["answers"] == [
        {"question": "favorite-love-most", "text": "Every day is different", "starred": True},
        {"question": "favorite-hardest", "text": "The paperwork", "starred": False},
    ]
    assert interview["referrals"] == ["sam-lee", "dee-ali"]
    assert interview["interest"] == 4
    everyone = people(home)
    assert everyone["maria-lopez"]["status"] == "interviewed"
    sam = everyone["sam-lee"]
    assert (sam["name"], sam["role"], sam["organization"]) == ("Sam Lee", "nurse", "Mercy Hospital")
    assert (sam["relation"], sam["referred_by"], sam["status"]) == (
        "referral",
        "maria-lopez",
        "new",
    )
    dee = everyone["dee-ali"]
    assert (dee["relation"], dee["referred_by"], dee["role"]) == ("referral", "maria-lopez", "")
    assert plan(home, "maria-lopez") is None
    assert read_json(home / "plans.json")["plans"] == []


@pytest.mark.usefixtures("maria")
def test_log_without_a_schedule_records_a_new_interview(cli: Any, home: Path, clock: Clock) -> None:
    cli("interview", "log", "maria", "--on", "yesterday", "--note", "Met at the bus stop")
    [interview] = interviews(home)
    assert interview["state"] == "held"
    assert interview["held_at"] == "2026-11-24"  # a day: no time of day is invented
    assert interview["scheduled_at"] is None  # it was never scheduled
    assert interview["minutes"] == 30
    # Without a plan nothing was taken along, so nothing is recorded as asked.
    assert interview["questions"] == []
    assert interview["notes"] == ["Met at the bus stop"]
    assert status(home, "maria-lopez") == "interviewed"
    assert plan(home, "maria-lopez") is None


@pytest.mark.usefixtures("maria")
def test_log_without_a_schedule_takes_the_saved_plan(cli: Any, home: Path) -> None:
    cli("questions", "pick", "maria", "--seed", "4")
    planned = plan(home, "maria-lopez")
    assert planned is not None
    cli("interview", "log", "maria", "--on", "yesterday")
    [interview] = interviews(home)
    assert interview["questions"] == planned
    assert plan(home, "maria-lopez") is None


@pytest.mark.usefixtures("maria")
def test_referral_links_an_existing_prospect(cli: Any, home: Path) -> None:
    cli("prospect", "add", "José García", "--relation", "teacher")
    before = people(home)["jose-garcia"]
    result = cli("interview", "log", "maria", "--referral", "jose  GARCIA, nurse @ Mercy")
    assert "José García (jose-garcia) is already on your list" in result.stdout
    everyone = people(home)
    assert sorted(everyone) == ["jose-garcia", "maria-lopez"]
    assert everyone["jose-garcia"]["relation"] == before["relation"]
    assert interviews(home)[0]["referrals"] == ["jose-garcia"]


@pytest.mark.usefixtures("maria")
def test_the_same_referral_twice_is_added_once(cli: Any, home: Path) -> None:
    cli("interview", "log", "maria", "--referral", "Sam Lee", "--referral", "sam lee, nurse")
    assert sorted(people(home)) == ["maria-lopez", "sam-lee"]
    assert interviews(home)[0]["referrals"] == ["sam-lee"]


@pytest.mark.usefixtures("maria")
@pytest.mark.parametrize("name", ["María López", "maria lopez", "MARIA LÓPEZ, social worker"])
def test_the_interviewee_is_not_their_own_referral(
    cli: Any, home: Path, clock: Clock, name: str
) -> None:
    cli("interview", "schedule", "maria", "--at", AT)
    clock.current = AT_TIME + timedelta(hours=1)
    before = snapshot(home)
    refused(
        cli("interview", "log", "maria", "--referral", name, expect=1), "is who you interviewed"
    )
    assert snapshot(home) == before


@pytest.mark.usefixtures("maria")
@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["--answer", "no-such-question=Hello"], "no question has the id", 1),
        (["--answer", "favorite-love-most"], "--answer takes ID=", 1),
        (["--answer", "favorite-love-most=  "], "--answer takes ID=", 1),
        (["--on", "tomorrow"], "in the future", 1),
        (["--on", "blursday"], "can't read the date", 1),
        (["--minutes", "90"], "--minutes must be", 1),
        (["--referral", " , nurse @ Mercy"], "a referral needs a name", 1),
        (["--interest", "0"], "--interest", 2),
        (["--interest", "6"], "--interest", 2),
        (["--mode", "pigeon"], "--mode", 2),
    ],
)
def test_log_refusals_store_nothing(
    cli: Any, home: Path, clock: Clock, args: list[str], message: str, code: int
) -> None:
    cli("interview", "schedule", "maria", "--at", AT)
    clock.current = AT_TIME + timedelta(hours=1)
    before = snapshot(home)
    refused(cli("interview", "log", "maria", *args, expect=code), message, code)
    assert snapshot(home) == before
    assert status(home, "maria-lopez") == "scheduled"


@pytest.mark.usefixtures("maria")
def test_log_minutes_90_with_force(cli: Any, home: Path) -> None:
    cli("interview", "log", "maria", "--minutes", "90", "--force")
    assert interviews(home)[0]["minutes"] == 90


@pytest.mark.usefixtures("maria")
def test_pick_after_log_never_asks_again(cli: Any, home: Path) -> None:
    cli("interview", "schedule", "maria", "--at", AT)
    planned = plan(home, "maria-lopez")
    assert planned

    def picked(seed: int) -> set[str]:
        data = json.loads(
            cli(
                "questions",
                "pick",
                "maria",
                "--count",
                "40",
                "--seed",
                str(seed),
                "--no-save",
                "--json",
            ).stdout
        )
        return {q["id"] for q in data["questions"]}

    seeds = range(6)
    before = [picked(seed) for seed in seeds]
    # Before the interview, large picks do overlap with what will be asked: a real check.
    assert all(p & set(planned) for p in before)
    # One more question, answered though not planned: one the picks would have offered.
    extra = sorted(set().union(*before) - set(planned))[0]
    asked = {*planned, extra}

    cli("interview", "log", "maria", "--on", "today", "--answer", f"{extra}=Paperwork")
    assert plan(home, "maria-lopez") is None
    for seed in seeds:
        fresh = picked(seed)
        assert len(fresh) >= 20
        assert not fresh & asked, (seed, fresh & asked)
    # The default pick (saved as the next plan) leaves them out too.
    data = json.loads(cli("questions", "pick", "maria", "--json").stdout)
    assert not {q["id"] for q in data["questions"]} & asked
    assert set(plan(home, "maria-lopez") or []) == {q["id"] for q in data["questions"]}


@pytest.mark.usefixtures("maria")
def test_a_cancelled_interview_does_not_count_as_asked(cli: Any, home: Path) -> None:
    cli("questions", "pick", "maria", "--seed", "3")
    planned = set(plan(home, "maria-lopez") or [])
    cli("interview", "schedule", "maria", "--at", AT)
    cli("interview", "cancel", "maria")
    data = json.loads(cli("questions", "pick", "maria", "--seed", "3", "--json").stdout)
    assert {q["id"] for q in data["questions"]} == planned


# --- log --edit -------------------------------------------------------------------

FILL = (
    "text = text.replace('minutes: 45', 'minutes: 40')\n"
    "text = text.replace('mode: in-person', 'mode: phone')\n"
    "text = text.replace('\\ninterest:\\n', '\\ninterest: 5\\n')\n"
    "text = text.replace('## notes\\n', '## notes\\nLoves the variety.\\nBusy in winter.\\n')\n"
    "text = text.replace('## referrals\\n', "
    "'## referrals\\nSam Lee, nurse @ Mercy Hospital\\nDee Ali @ City Library\\n')\n"
    "text = text.replace('## answer favorite-love-most\\n', "
    "'## answer favorite-love-most\\n*Every day is different.\\n')\n"
    "path.write_text(text)\n"
)


def _scheduled_and_held(cli: Any, clock: Clock) -> None:
    cli(
        "questions",
        "pick",
        "maria",
        "--include",
        "favorite-love-most",
        "--include",
        "favorite-how-decided",
    )
    cli("interview", "schedule", "maria", "--at", AT, "--minutes", "45", "--mode", "in-person")
    clock.current = datetime(2026, 12, 3, 17, 0, tzinfo=EST)


@pytest.mark.usefixtures("maria")
def test_log_edit_reads_the_form_back(cli: Any, home: Path, tmp_path: Path, clock: Clock) -> None:
    _scheduled_and_held(cli, clock)
    planned = plan(home, "maria-lopez")
    assert planned and "favorite-love-most" in planned
    editor = _editor_script(tmp_path, FILL)
    result = cli("interview", "log", "maria", "--edit", env={"EDITOR": editor})
    assert "Added Sam Lee (sam-lee)" in result.stdout

    form = seen_by(tmp_path).split("\n")
    assert "on: 2026-12-03 15:30" in form
    assert "minutes: 45" in form
    assert "mode: in-person" in form
    sections = [line.removeprefix("## answer ") for line in form if line.startswith("## answer ")]
    assert sections == planned
    for qid in planned:
        at = form.index(f"## answer {qid}")
        assert form[at + 1] == f"# {question_text(cli, qid)}"

    [interview] = interviews(home)
    assert interview["state"] == "held"
    assert datetime.fromisoformat(interview["held_at"]) == AT_TIME
    assert interview["minutes"] == 40
    assert interview["mode"] == "phone"
    assert interview["interest"] == 5
    assert interview["notes"] == ["Loves the variety.\nBusy in winter."]
    assert interview["answers"] == [
        {"question": "favorite-love-most", "text": "Every day is different.", "starred": True}
    ]
    assert interview["referrals"] == ["sam-lee", "dee-ali"]
    dee = people(home)["dee-ali"]
    assert (dee["organization"], dee["referred_by"]) == ("City Library", "maria-lopez")
    assert status(home, "maria-lopez") == "interviewed"
    assert plan(home, "maria-lopez") is None
    assert not (home / "interview-maria-lopez.txt").exists()


@pytest.mark.usefixtures("maria")
def test_log_edit_adds_the_options_given(
    cli: Any, home: Path, tmp_path: Path, clock: Clock
) -> None:
    _scheduled_and_held(cli, clock)
    editor = _editor_script(tmp_path, FILL)
    cli(
        "interview",
        "log",
        "maria",
        "--edit",
        "--note",
        "From the command line",
        "--answer",
        "favorite-how-decided=A summer job",
        "--interest",
        "2",
        env={"EDITOR": editor},
    )
    [interview] = interviews(home)
    assert interview["notes"] == ["Loves the variety.\nBusy in winter.", "From the command line"]
    assert [a["question"] for a in interview["answers"]] == [
        "favorite-love-most",
        "favorite-how-decided",
    ]
    assert interview["interest"] == 2


BROKEN = [
    ("text += '## bogus\\nsomething\\n'", "## bogus", "'## bogus'", "## notes"),
    (
        "text = text.replace('minutes: 45', 'minutes: lots')",
        "minutes: lots",
        "minutes",
        "minutes: 40",
    ),
    (
        "text = text.replace('\\ninterest:\\n', '\\ncolour: red\\ninterest:\\n')",
        "colour: red",
        "colour",
        "",
    ),
    (
        "text += '## answer no-such-question\\nhi\\n'",
        "## answer no-such-question",
        "no question has the id 'no-such-question'",
        "## notes",
    ),
]


@pytest.mark.usefixtures("maria")
@pytest.mark.parametrize(("breaking", "bad_line", "message", "fixed_line"), BROKEN)
def test_a_broken_form_is_kept_and_reopened(
    cli: Any,
    home: Path,
    tmp_path: Path,
    clock: Clock,
    breaking: str,
    bad_line: str,
    message: str,
    fixed_line: str,
) -> None:
    _scheduled_and_held(cli, clock)
    before = snapshot(home)
    breaker = _editor_script(
        tmp_path,
        "text = text.replace('## notes\\n', '## notes\\nTyped before the mistake\\n')\n"
        + breaking
        + "\npath.write_text(text)\n",
        "breaker.py",
    )
    result = refused(
        cli("interview", "log", "maria", "--edit", env={"EDITOR": breaker}, expect=1), message
    )
    kept = home / "interview-maria-lopez.txt"
    text = kept.read_text(encoding="utf-8")
    line = text.split("\n").index(bad_line) + 1
    assert f"line {line}:" in result.stderr
    assert str(kept) in result.stderr
    assert "Typed before the mistake" in text
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert {k: v for k, v in snapshot(home).items() if k != kept.name} == before
    assert status(home, "maria-lopez") == "scheduled"

    # Running it again opens the kept text, not a blank form.
    old, new = bad_line + "\n", fixed_line + "\n" if fixed_line else ""
    fixer = _editor_script(
        tmp_path,
        f"if {bad_line!r} not in text or 'Typed before the mistake' not in text:\n"
        "    sys.exit(3)\n"
        f"text = text.replace({old!r}, {new!r})\n"
        "path.write_text(text)\n",
        "fixer.py",
    )
    again = cli("interview", "log", "maria", "--edit", env={"EDITOR": fixer})
    assert "continuing from the form you saved" in again.stderr
    assert seen_by(tmp_path, "fixer.py") == text
    assert not kept.exists()
    [interview] = interviews(home)
    assert interview["state"] == "held"
    assert interview["notes"][0] == "Typed before the mistake"
    assert status(home, "maria-lopez") == "interviewed"


@pytest.mark.usefixtures("maria")
def test_a_superscript_digit_in_the_form_is_a_form_error(
    cli: Any, home: Path, tmp_path: Path, clock: Clock
) -> None:
    _scheduled_and_held(cli, clock)
    editor = _editor_script(
        tmp_path, "path.write_text(text.replace('minutes: 45', 'minutes: ²'))\n"
    )
    result = refused(
        cli("interview", "log", "maria", "--edit", env={"EDITOR": editor}, expect=1), "line "
    )
    assert "minutes: ²" in (home / "interview-maria-lopez.txt").read_text(encoding="utf-8")
    assert result.exit_code == 1


@pytest.mark.usefixtures("maria")
@pytest.mark.parametrize(
    ("change", "kept_text", "message"),
    [
        (
            "text.replace('## referrals\\n', '## referrals\\nMaria Lopez\\n')",
            "Maria Lopez",
            "is who you interviewed",
        ),
        ("text.replace('minutes: 45', 'minutes: 90')", "minutes: 90", "--minutes must be"),
    ],
)
def test_a_form_refused_after_parsing_is_kept(
    cli: Any, home: Path, tmp_path: Path, clock: Clock, change: str, kept_text: str, message: str
) -> None:
    _scheduled_and_held(cli, clock)
    editor = _editor_script(
        tmp_path,
        "text = text.replace('## notes\\n', '## notes\\nTyped before the mistake\\n')\n"
        f"path.write_text({change})\n",
    )
    refused(cli("interview", "log", "maria", "--edit", env={"EDITOR": editor}, expect=1), message)
    assert interviews(home)[0]["state"] == "scheduled"
    kept = (home / "interview-maria-lopez.txt").read_text(encoding="utf-8")
    assert kept_text in kept
    assert "Typed before the mistake" in kept


# --- list, show, answers --------------------------------------------------------


@pytest.mark.usefixtures("maria")
def test_list_and_show_json(cli: Any, home: Path, clock: Clock) -> None:
    assert json.loads(cli("interview", "list", "--json").stdout) == []
    cli("prospect", "add", "Tom Park")
    cli("prospect", "add", "Dee Ali")
    cli("interview", "schedule", "tom", "--at", "2026-12-08 12:00", "--link", "https://x.io/t")
    cli("interview", "schedule", "dee", "--at", "2026-12-09 12:00")
    cli("interview", "cancel", "dee")
    cli(
        "interview",
        "log",
        "maria",
        "--on",
        "yesterday",
        "--answer",
        "favorite-love-most=*The people",
        "--referral",
        "Sam Lee",
        "--interest",
        "3",
    )
    rows = json.loads(cli("interview", "list", "--json").stdout)
    assert isinstance(rows, list) and len(rows) == 3
    for row in rows:
        assert set(row) == LIST_KEYS
    by_person = {row["person"]: row for row in rows}
    assert [row["person"] for row in rows] == ["dee-ali", "tom-park", "maria-lopez"]  # newest first
    held = by_person["maria-lopez"]
    assert held["status"] == "held"
    assert held["scheduled_at"] is None
    assert held["held_at"] == "2026-11-24"  # when it took place: the day given with --on
    assert datetime.fromisoformat(held["logged_at"]) == clock.current  # when it was logged
    assert held["thanked_at"] is None
    assert held["answers"] == [{"question": "favorite-love-most", "text": "The people"}]
    assert held["referrals"] == ["sam-lee"]
    assert held["interest"] == 3
    assert held["minutes"] == 30
    assert held["questions"] == []  # no plan was picked: nothing counts as asked
    tom = by_person["tom-park"]
    assert tom["status"] == "scheduled"
    assert datetime.fromisoformat(tom["scheduled_at"]) == datetime(2026, 12, 8, 12, tzinfo=EST)
    assert (tom["logged_at"], tom["interest"], tom["answers"]) == (None, None, [])
    assert (tom["mode"], tom["where"]) == ("video", "https://x.io/t")
    assert by_person["dee-ali"]["status"] == "cancelled"

    shown = json.loads(cli("interview", "show", "maria", "--json").stdout)
    assert shown == [held]
    assert json.loads(cli("interview", "show", "tom", "--json").stdout) == [tom]


@pytest.mark.usefixtures("maria")
def test_show_in_words_has_answers_and_notes(cli: Any) -> None:
    refused(cli("interview", "show", "maria", expect=1), "no interview with María López yet")
    cli(
        "interview",
        "log",
        "maria",
        "--note",
        "Call back in spring",
        "--answer",
        "favorite-love-most=*Every day is different",
        "--answer",
        "favorite-hardest=The paperwork",
        "--referral",
        "Sam Lee",
        "--interest",
        "4",
    )
    out = cli("interview", "show", "maria").stdout
    assert "Call back in spring" in out
    assert "Every day is different" in out
    assert "The paperwork" in out
    assert "* What do you love most about your work?" in out
    assert question_text(cli, "favorite-hardest") in out
    assert "Sam Lee" in out
    assert "4/5" in out
    table = cli("interview", "list").stdout
    assert "María López" in table and "held" in table


@pytest.mark.usefixtures("maria")
def test_answers_side_by_side(cli: Any) -> None:
    cli("prospect", "add", "Tom Park")
    cli("interview", "log", "maria", "--answer", "favorite-love-most=Every day is different")
    cli("interview", "log", "tom", "--answer", "favorite-love-most=*The students")
    cli("prospect", "add", "Dee Ali")
    cli("interview", "log", "dee", "--answer", "favorite-hardest=Budgets")
    rows = json.loads(cli("answers", "love most", "--json").stdout)
    love = question_text(cli, "favorite-love-most")
    assert sorted(rows, key=lambda r: r["person"]) == [
        {
            "question": "favorite-love-most",
            "text": love,
            "person": "María López",
            "answer": "Every day is different",
        },
        {
            "question": "favorite-love-most",
            "text": love,
            "person": "Tom Park",
            "answer": "The students",
        },
    ]
    by_id = json.loads(cli("answers", "favorite-love-most", "--json").stdout)
    assert by_id == rows
    # A query matching several questions still gives each answer once, under its question.
    broad = json.loads(cli("answers", "your work", "--json").stdout)
    assert sorted((r["question"], r["person"]) for r in broad) == [
        ("favorite-love-most", "María López"),
        ("favorite-love-most", "Tom Park"),
    ]
    words = cli("answers", "LOVE MOST").stdout
    assert love in words
    assert "María López: Every day is different" in words
    assert "Tom Park: The students" in words
    assert "Budgets" not in words


@pytest.mark.usefixtures("maria")
def test_answers_only_counts_held_interviews(cli: Any) -> None:
    cli("interview", "schedule", "maria", "--at", AT)
    assert json.loads(cli("answers", "love most", "--json").stdout) == []
    assert "no answers logged" in cli("answers", "love most").stderr


def test_answers_unknown_query(cli: Any) -> None:
    refused(cli("answers", "zebra husbandry", expect=1), "no question matches 'zebra husbandry'")
    refused(cli("answers", "zebra husbandry", "--json", expect=1), "no question matches")


# --- removal ---------------------------------------------------------------------


@pytest.mark.usefixtures("maria")
def test_removing_a_person_forgets_their_interviews(cli: Any, home: Path) -> None:
    cli("prospect", "add", "Tom Park")
    cli("interview", "log", "tom", "--referral", "Sam Lee")
    cli("interview", "log", "maria", "--referral", "Sam Lee")
    assert [i["referrals"] for i in interviews(home)] == [["sam-lee"], ["sam-lee"]]
    cli("prospect", "remove", "tom", "--yes")
    assert [i["person"] for i in interviews(home)] == ["maria-lopez"]
    cli("prospect", "remove", "sam", "--yes")
    assert interviews(home)[0]["referrals"] == []


# --- regressions found by tests/test_roundtrips.py --------------------------------


@pytest.mark.usefixtures("maria")
def test_log_edit_keeps_the_moment_of_an_interview_scheduled_in_another_offset(
    cli: Any, home: Path, clock: Clock, tmp_path: Path
) -> None:
    # The form showed the wall time in the stored offset (+01:00) and read it back in
    # the local one, so the logged time moved by the difference (here six hours).
    cli("interview", "schedule", "maria", "--at", "2026-11-26 15:30+01:00")
    clock.advance(days=2)
    editor = _editor_script(
        tmp_path, "path.write_text(text.replace('## notes', '## notes\\nKind'))"
    )
    cli("interview", "log", "maria", "--edit", env={"EDITOR": editor})
    [interview] = interviews(home)
    held = datetime.fromisoformat(interview["held_at"])
    assert held == datetime(2026, 11, 26, 14, 30, tzinfo=timezone.utc)
    assert held == datetime.fromisoformat(interview["scheduled_at"])


# --- the use cases directly --------------------------------------------------------


class CountingWorkspace(Workspace):
    """A workspace that counts its transactions and the files it loads."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.transactions = 0
        self.loads: list[str] = []

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        self.transactions += 1
        with super().transaction() as tx:
            yield tx

    def _load(self, doc: Document[Any]) -> Any:
        self.loads.append(doc.filename)
        return super()._load(doc)


def _bank(ws: Workspace) -> Bank:
    return workspace_bank(ws, None)


@pytest.mark.usefixtures("maria")
def test_schedule_picks_the_plan_and_schedules_in_one_transaction(home: Path, clock: Clock) -> None:
    ws = CountingWorkspace(home)
    result = schedule_interview(ws, _bank(ws), "maria", Meeting(at=AT_TIME), clock.current)
    assert ws.transactions == 1
    assert result.planned is not None and result.planned.picked_now
    assert list(result.interview.questions) == list(result.planned.plan.questions)
    assert plan(home, "maria-lopez") == list(result.interview.questions)
    assert status(home, "maria-lopez") == "scheduled"
    assert "picked" in result.planned.notice(result.person)


@pytest.mark.usefixtures("maria")
def test_a_refused_schedule_picks_no_plan(home: Path, clock: Clock) -> None:
    ws = Workspace(home)
    before = snapshot(home)
    with pytest.raises(InvalidInput, match="say when with --at"):
        schedule_interview(ws, _bank(ws), "maria", Meeting(), clock.current)
    assert snapshot(home) == before
    assert plan(home, "maria-lopez") is None
    schedule_interview(ws, _bank(ws), "maria", Meeting(at=AT_TIME), clock.current)
    planned = plan(home, "maria-lopez")
    with pytest.raises(InvalidInput, match="already has an interview scheduled"):
        schedule_interview(ws, _bank(ws), "maria", Meeting(at=AT_TIME), clock.current)
    assert plan(home, "maria-lopez") == planned


@pytest.mark.usefixtures("maria")
def test_log_is_one_transaction_with_referrals_and_the_plan(
    cli: Any, home: Path, clock: Clock
) -> None:
    cli("questions", "pick", "maria", "--seed", "2")
    planned = plan(home, "maria-lopez")
    cli("prospect", "add", "José García")
    ws = CountingWorkspace(home)
    record = Record(held_at=clock.current, referrals=("Sam Lee, nurse", "jose garcia"))
    result = log_interview(ws, "maria", record, clock.current)
    assert ws.transactions == 1
    assert [p.id for p in result.added] == ["sam-lee"]
    assert [p.id for p in result.linked] == ["jose-garcia"]
    assert list(result.interview.questions) == planned
    assert plan(home, "maria-lopez") is None
    assert interviews(home)[0]["referrals"] == ["sam-lee", "jose-garcia"]


@pytest.mark.usefixtures("maria")
def test_log_checks_the_minutes_before_the_lock(home: Path, clock: Clock) -> None:
    ws = CountingWorkspace(home)
    with pytest.raises(InvalidInput, match="--minutes must be"):
        log_interview(ws, "maria", Record(held_at=clock.current, minutes=90), clock.current)
    assert ws.transactions == 0
    result = log_interview(
        ws, "maria", Record(held_at=clock.current, minutes=90), clock.current, force=True
    )
    assert result.interview.minutes == 90


@pytest.mark.usefixtures("maria")
def test_answers_read_the_interviews_once(cli: Any, home: Path) -> None:
    cli("interview", "log", "maria", "--answer", "favorite-love-most=The people")
    ws = CountingWorkspace(home)
    result = logged_answers(ws, _bank(ws), "your work")
    assert len(result.questions) > 1
    assert ws.loads.count("interviews.json") == 1
    assert [(a.question.id, a.person, a.text) for a in result.given] == [
        ("favorite-love-most", "María López", "The people")
    ]


@pytest.mark.usefixtures("maria")
def test_the_calendar_event_leaves_out_questions_the_bank_no_longer_has(
    cli: Any, home: Path, clock: Clock
) -> None:
    cli("interview", "schedule", "maria", "--at", AT, "--link", "https://meet.example.com/a")
    ws = Workspace(home)
    bank = _bank(ws)
    person = ws.read(PROSPECTS).prospects[0]
    stored = ws.read(INTERVIEWS).interviews[0]
    assert isinstance(stored, Scheduled)
    _, *rest = stored.questions
    interview = stored.model_copy(update={"questions": ["no-such-question", *rest]})
    event = calendar_event(interview, person, ws.read(PROFILE).profile, bank)
    lines = event.description.splitlines()
    assert lines[0] == "Questions to ask:"
    assert len(lines) == len(rest) + 1
    assert (event.organizer_name, event.organizer_email) == ("Ana Ruiz", "ana@example.com")
    assert (event.location, event.url) == ("https://meet.example.com/a", event.location)
    assert event.start == AT_TIME
