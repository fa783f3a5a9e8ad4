"""`infoview next` and `infoview touch`: the daily agenda and the stay-in-touch clock.

The injected clock starts on Wednesday 25 November 2026, 09:30 (-05:00).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from infoview.model.errors import InvalidInput, NotFound
from infoview.store.workspace import Workspace
from infoview.usecases.agenda import agenda_as_of
from infoview.usecases.touch import log_contact
from tests.helpers import NOW, Clock, read_json


def agenda(cli: Any, *args: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(cli("next", "--json", *args).stdout)
    return data


def test_empty_workspace_says_how_to_start(cli: Any) -> None:
    result = cli("next")
    assert "Start with someone you know" in result.stdout
    assert "infoview prospect add" in result.stdout
    assert agenda(cli) == []


def test_few_items_suggest_whom_to_ask_closest_first(cli: Any) -> None:
    cli("prospect", "add", "Olly Other", "--relation", "other", "--priority", "2")
    cli("prospect", "add", "Nia Neighbor", "--relation", "neighbor")
    cli("prospect", "add", "Fay Family", "--relation", "family")
    cli("prospect", "add", "Tim Teacher", "--relation", "teacher")
    items = agenda(cli)
    assert [i["kind"] for i in items] == ["ask", "ask", "ask"]
    # Priority first, then how close the connection is.
    assert [i["person"] for i in items] == ["olly-other", "fay-family", "nia-neighbor"]
    assert items[0]["command"] == "infoview outreach draft olly-other"
    assert set(items[0]) == {"kind", "person", "due", "overdue", "message", "command"}


@pytest.fixture
def everything(cli: Any, clock: Clock, home: Path) -> None:
    """One item of each kind due on Thursday 10 December 2026."""
    cli("profile", "set", "--name", "Ana Ruiz")
    for name in ("Tess Thanks", "Ivan Interview", "Fran Follow", "Ria Replied", "Kit Touch"):
        cli("prospect", "add", name)
    cli("prospect", "add", "Nora New", "--relation", "family")
    # Kit: interviewed and thanked long ago; her 14-day cadence has run out.
    cli("prospect", "edit", "kit", "--cadence", "14d")
    cli("interview", "log", "kit", "--on", "today")
    cli("thanks", "sent", "kit", "--on", "today")
    # Fran: asked on Wednesday 25 November; 7 business days later a follow-up is due.
    cli("outreach", "sent", "fran", "--on", "today")
    clock.current = clock.current + timedelta(days=15)  # Thursday 10 December, 09:30
    # Ria: replied, not yet scheduled.
    cli("outreach", "sent", "ria", "--on", "-2d")
    cli("outreach", "replied", "ria", "--on", "today")
    # Ivan: an interview tomorrow afternoon.
    cli("interview", "schedule", "ivan", "--at", "tomorrow 10:00")
    # Tess: interviewed three days ago, no thank-you yet (overdue).
    cli("interview", "log", "tess", "--on", "-3d 09:30")


@pytest.mark.usefixtures("everything")
def test_next_orders_one_item_of_each_kind(cli: Any) -> None:
    items = agenda(cli)
    kinds = [i["kind"] for i in items]
    assert kinds[:5] == ["thanks", "interview", "outreach", "schedule", "touch"]
    by_kind = {i["kind"]: i for i in items}
    assert by_kind["thanks"]["person"] == "tess-thanks"
    assert by_kind["thanks"]["overdue"] is True
    assert by_kind["thanks"]["command"] == "infoview thanks draft tess-thanks"
    assert by_kind["interview"]["person"] == "ivan-interview"
    assert "questions picked" in by_kind["interview"]["message"]
    assert by_kind["outreach"]["person"] == "fran-follow"
    assert by_kind["outreach"]["command"] == "infoview outreach draft fran-follow --follow-up"
    assert by_kind["schedule"]["person"] == "ria-replied"
    assert by_kind["touch"]["person"] == "kit-touch"
    assert by_kind["touch"]["command"].startswith("infoview touch kit-touch")
    # Five things are due, so no suggestions of new people to ask.
    assert "ask" not in kinds


@pytest.mark.usefixtures("everything")
def test_next_human_output_names_each_command(cli: Any) -> None:
    text = cli("next").stdout
    assert text.splitlines()[0].startswith("! thank Tess Thanks")
    for command in (
        "infoview thanks draft tess-thanks",
        "infoview outreach draft fran-follow --follow-up",
        "infoview interview schedule ria-replied --at ...",
    ):
        assert command in text


@pytest.mark.usefixtures("everything")
def test_next_names_moments_as_messages_do_and_json_in_iso(cli: Any) -> None:
    """The one date format of messages (with the year), and ISO 8601 in --json."""
    text = cli("next").stdout
    assert "thank Tess Thanks for the conversation on Mon 7 Dec 2026 09:30" in text
    # Kit's interview and thank-you were recorded by day: no time of day is invented.
    assert "stay in touch with Kit Touch (last contact Wed 25 Nov 2026)" in text
    by_kind = {i["kind"]: i for i in agenda(cli)}
    # Tess talked for 30 minutes from 09:30: the thank-you is due 24 hours after 10:00.
    assert by_kind["thanks"]["due"] == "2026-12-08T10:00:00-05:00"
    assert by_kind["outreach"]["due"] == "2026-12-04"  # the follow-up clock counts days
    assert by_kind["touch"]["due"] == "2026-12-09"


@pytest.mark.usefixtures("everything")
def test_next_in_a_terminal_colours_what_is_overdue(cli: Any) -> None:
    out = cli("next", terminal=True).stdout
    assert "\x1b[" in out
    first = out.splitlines()[0]
    assert "\x1b[1;31m" in first and "thank Tess Thanks" in first  # overdue: bold red
    assert "infoview thanks draft tess-thanks" in out


@pytest.mark.usefixtures("everything")
def test_the_agenda_use_case_sees_a_printed_sheet(cli: Any, home: Path, tmp_path: Path) -> None:
    cli("questions", "pick", "ivan")
    now = cli.clock()
    [soon] = [
        i for i in agenda_as_of(Workspace(home), now, tmp_path).items if i.kind == "interview"
    ]
    assert soon.message.endswith("(questions picked)")
    assert soon.command == "infoview questions sheet ivan-interview"
    (tmp_path / "interview-sheet-ivan-interview.md").write_text("sheet", encoding="utf-8")
    result = agenda_as_of(Workspace(home), now, tmp_path)
    assert result.have_prospects
    assert "(questions picked, sheet printed)" in result.items[1].message


def test_the_agenda_of_an_empty_workspace(home: Path, tmp_path: Path) -> None:
    result = agenda_as_of(Workspace(home), NOW, tmp_path)
    assert (result.items, result.have_prospects, result.as_dict()) == ([], False, [])


def test_log_contact_finds_the_person_and_says_when_the_next_note_is_due(
    cli: Any, home: Path
) -> None:
    cli("prospect", "add", "Kit Touch", "--relation", "friend")
    cli("prospect", "edit", "kit", "--cadence", "30d")
    done = log_contact(Workspace(home), "kit", NOW - timedelta(days=1), "phone", "Called", NOW)
    assert (done.person.id, done.contact.channel, done.contact.note) == (
        "kit-touch",
        "phone",
        "Called",
    )
    assert done.next_note == (NOW + timedelta(days=29)).date()
    cli("prospect", "edit", "kit", "--cadence", "none")
    assert log_contact(Workspace(home), "kit", NOW, "email", "", NOW).next_note is None
    assert len(read_json(home / "contacts.json")["contacts"]) == 2
    with pytest.raises(NotFound):
        log_contact(Workspace(home), "nobody", NOW, "email", "", NOW)
    with pytest.raises(InvalidInput, match="in the future"):
        log_contact(Workspace(home), "kit", NOW + timedelta(hours=1), "email", "", NOW)
    assert len(read_json(home / "contacts.json")["contacts"]) == 2


@pytest.mark.usefixtures("everything")
def test_touch_resets_the_cadence(cli: Any, home: Path) -> None:
    cli("touch", "kit", "--note", "Sent the article she mentioned", "--channel", "email")
    assert "touch" not in [i["kind"] for i in agenda(cli)]
    [contact] = read_json(home / "contacts.json")["contacts"]
    assert contact["person"] == "kit-touch"
    assert contact["note"] == "Sent the article she mentioned"


@pytest.mark.usefixtures("everything")
def test_next_on_a_later_day(cli: Any) -> None:
    """--on shows the agenda as of that day: by Saturday Ivan's interview has passed."""
    items = agenda(cli, "--on", "saturday")
    assert "interview" not in [i["kind"] for i in items]


def test_cadence_none_stops_reminders(cli: Any, clock: Clock) -> None:
    cli("prospect", "add", "Kit Touch", "--relation", "friend")
    cli("interview", "log", "kit", "--on", "today")
    cli("thanks", "sent", "kit")
    cli("prospect", "edit", "kit", "--cadence", "none")
    clock.advance(days=400)
    assert "touch" not in [i["kind"] for i in agenda(cli)]
    cli("prospect", "edit", "kit", "--cadence", "30d")
    assert "touch" in [i["kind"] for i in agenda(cli)]


def test_default_cadence_is_ninety_days_from_the_last_contact(cli: Any, clock: Clock) -> None:
    cli("prospect", "add", "Kit Touch", "--relation", "friend")
    cli("interview", "log", "kit", "--on", "today")
    cli("thanks", "sent", "kit")
    clock.advance(days=89)
    assert "touch" not in [i["kind"] for i in agenda(cli)]
    clock.advance(days=1)
    assert "touch" in [i["kind"] for i in agenda(cli)]
    cli("touch", "kit")  # any contact resets the timer
    clock.advance(days=89)
    assert "touch" not in [i["kind"] for i in agenda(cli)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["touch", "nobody"], "no prospect matches"),
        (["touch", "kit", "--on", "tomorrow"], "in the future"),
        (["touch", "kit", "--channel", "pigeon"], "--channel must be one of"),
        (["next", "--on", "blursday"], "can't read the date"),
        (["prospect", "edit", "kit", "--cadence", "45d"], "cadence must be one of"),
        (["prospect", "edit", "kit", "--cadence", "often"], "number of days"),
    ],
)
def test_bad_input(cli: Any, home: Path, args: list[str], message: str) -> None:
    cli("prospect", "add", "Kit Touch")
    result = cli(*args, expect=1)
    assert message in result.stderr
    assert not (home / "contacts.json").exists()


# --- regressions found by tests/test_fuzz_cli.py ----------------------------------


@pytest.mark.parametrize(
    ("note", "message"),
    [("\x1b[31mred", "control character"), ("n" * 5_001, "the limit is 5000")],
    ids=["escape", "too-long"],
)
def test_touch_refuses_a_note_it_cannot_store(
    cli: Any, home: Path, note: str, message: str
) -> None:
    # The contact was validated without turning pydantic's refusal into an InvalidInput,
    # so such a note ended in "internal error" (exit 70).
    cli("prospect", "add", "Kit Touch", "--relation", "friend")
    result = cli("touch", "kit", "--note", note, expect=1)
    assert message in result.stderr
    assert "internal error" not in result.stderr
    assert not (home / "contacts.json").exists()
