"""The notes for other occasions, through the CLI as a student runs them: the reply to a
no (`outreach draft --declined`), the note before a conversation (`interview confirm`)
and the stay-in-touch note (`touch draft`), each to an aunt, a teacher and a stranger,
on every channel; and `touch PERSON --note` still logging a contact."""

from __future__ import annotations

import email
import email.policy
import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from infoview.rules.occasions import lint_occasion, spoken_moment, upcoming_day
from tests.helpers import NOW, read_json, refused, snapshot

CHANNELS = ("email", "text", "linkedin")
KEYS = {"person", "channel", "subject", "body", "words", "lint"}
# NOW is Wednesday 25 November 2026, 9:30 in New York.

# id, what `prospect add` gets, the greeting per channel, how the note is signed.
PEOPLE = {
    "aunt": (
        "aunt-keiko-tanaka",
        ["Aunt Keiko Tanaka", "--relation", "family", "--field", "marine biology"],
        {"email": "Hi Aunt Keiko,", "text": "Hi Aunt Keiko,", "linkedin": "Hi Aunt Keiko,"},
        "casual",
    ),
    "teacher": (
        "adaeze-okafor",
        ["Adaeze Okafor", "--relation", "teacher", "--address-as", "Ms. Okafor"],
        {"email": "Dear Ms. Okafor,", "text": "Hello Ms. Okafor,", "linkedin": "Dear Ms. Okafor,"},
        "polite",
    ),
    "stranger": (
        "dr-samuel-weiss",
        [
            "Dr. Samuel Weiss",
            "--role",
            "child psychiatrist",
            "--organization",
            "St. Mary's Hospital",
            "--how-found",
            "the hospital website",
        ],
        {"email": "Dear Dr. Weiss,", "text": "Hello Dr. Weiss,", "linkedin": "Dear Dr. Weiss,"},
        "polite",
    ),
}
WHO = [pytest.param(key, id=key) for key in PEOPLE]


@pytest.fixture
def ready(cli: Any) -> Any:
    cli("profile", "set", "--name", "Kim Lee", "--email", "kim@example.com")
    for _, add, _, _ in PEOPLE.values():
        cli("prospect", "add", *add, "--email", "someone@example.org")
    return cli


def drafted(cli: Any, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cli(*args, "--json").stdout)
    return data


def quotes(body: str) -> list[str]:
    return re.findall(r"“([^”]*)”", body)


def check_words(data: dict[str, Any], who: str, channel: str) -> str:
    """The greeting, the register and the signature fit the person; returns the body."""
    pid, _, greetings, register = PEOPLE[who]
    body: str = data["body"]
    assert set(data) == KEYS
    assert data["person"] == pid and data["channel"] == channel
    assert body.startswith(greetings[channel]), body
    assert data["lint"] == [], data["lint"]
    assert (data["subject"] is not None) == (channel == "email")
    if register == "casual":
        assert "Kim Lee" not in body and "Dear" not in body
    else:
        assert "Kim Lee" in body and not body.startswith("Hi ")
    assert "$" not in body and "$" not in (data["subject"] or "")
    return body


# --- declined ----------------------------------------------------------------------


def decline(cli: Any, pid: str) -> None:
    cli("outreach", "sent", pid, "--on", "-3d", "--channel", "email")
    cli("outreach", "replied", pid, "--declined")


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("channel", CHANNELS)
def test_declined_thanks_them_and_asks_for_someone_else(ready: Any, who: str, channel: str) -> None:
    pid = PEOPLE[who][0]
    decline(ready, pid)
    data = drafted(ready, "outreach", "draft", pid, "--declined", "--channel", channel)
    body = check_words(data, who, channel)
    assert re.search(r"\bthank", body, re.I)
    asks = [s for s in re.split(r"(?<=[.!?])\s+", body) if s.endswith("?")]
    assert any(re.search(r"(someone|anyone) else", s) for s in asks), body
    assert data["words"] <= 100


def test_declined_defaults_to_the_channel_of_the_first_message(ready: Any) -> None:
    ready("outreach", "sent", "keiko", "--on", "-3d", "--channel", "text")
    ready("outreach", "replied", "keiko", "--declined")
    assert drafted(ready, "outreach", "draft", "keiko", "--declined")["channel"] == "text"


def test_declined_names_the_field_or_their_work(ready: Any) -> None:
    decline(ready, "keiko")
    decline(ready, "okafor")
    keiko = drafted(ready, "outreach", "draft", "keiko", "--declined")["body"]
    assert "talk to about marine biology?" in keiko
    okafor = drafted(ready, "outreach", "draft", "okafor", "--declined")["body"]
    assert "about the work you do?" in okafor  # nothing known of her field: no "your work"


def test_declined_for_someone_who_did_not_say_no_is_refused(ready: Any) -> None:
    result = ready("outreach", "draft", "weiss", "--declined", expect=1)
    refused(result, "Dr. Samuel Weiss has not said no (their stage is 'new')")
    assert "infoview outreach replied dr-samuel-weiss --declined" in result.stderr
    ready("outreach", "sent", "weiss", "--on", "-1d")
    result = ready("outreach", "draft", "weiss", "--declined", expect=1)
    refused(result, "their stage is 'contacted'")


def test_declined_refuses_the_options_of_the_ask(ready: Any) -> None:
    decline(ready, "weiss")
    result = ready("outreach", "draft", "weiss", "--declined", "--follow-up", expect=1)
    refused(result, "--declined drafts the reply to a no: leave out --follow-up")


def test_the_timeline_of_a_declined_person_names_the_draft(ready: Any) -> None:
    ready("outreach", "sent", "weiss", "--on", "-3d")
    said = ready("outreach", "replied", "weiss", "--declined").stdout
    assert "infoview outreach draft dr-samuel-weiss --declined" in said
    story = json.loads(ready("prospect", "show", "weiss", "--json").stdout)
    assert story["next"]["command"] == "infoview outreach draft dr-samuel-weiss --declined"
    assert "thank them anyway" in story["next"]["message"]
    assert story["next"]["due"] is None  # nothing is due: `next` does not nag about it
    shown = ready("prospect", "show", "weiss").stdout
    assert "infoview outreach draft dr-samuel-weiss --declined" in shown
    assert "dr-samuel-weiss" not in ready("next").stdout


# --- confirm -----------------------------------------------------------------------


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("channel", CHANNELS)
def test_confirm_says_when_where_and_how_long(ready: Any, who: str, channel: str) -> None:
    pid = PEOPLE[who][0]
    ready(
        "interview", "schedule", pid, "--at", "tomorrow 15:30", "--mode", "in-person",
        "--where", "Mercy Hospital cafeteria", "--minutes", "40",
    )  # fmt: skip
    data = drafted(ready, "interview", "confirm", pid, "--channel", channel)
    body = check_words(data, who, channel)
    assert "tomorrow at 3:30 pm at Mercy Hospital cafeteria, for about 40 minutes" in body
    if channel == "email":
        assert "tomorrow at 3:30 pm" in data["subject"]


def test_confirm_by_video_gives_the_link_and_by_phone_says_so(ready: Any) -> None:
    link = "https://meet.example.com/abc-defg"
    ready("interview", "schedule", "weiss", "--at", "friday 12:00", "--mode", "video",
          "--link", link)  # fmt: skip
    ready("interview", "schedule", "keiko", "--at", "2026-12-14 9:00", "--mode", "phone")
    weiss = drafted(ready, "interview", "confirm", "weiss", "--channel", "text")
    assert "our video call on Friday at noon" in weiss["body"]
    assert link in weiss["body"]
    keiko = drafted(ready, "interview", "confirm", "keiko")
    assert "our phone call on Monday, 14 December at 9 am" in keiko["body"]
    assert "Talk to you then," in keiko["body"]
    assert keiko["lint"] == [] and weiss["lint"] == []


def test_confirm_in_person_without_a_place_asks_where(ready: Any) -> None:
    ready("interview", "schedule", "okafor", "--at", "tomorrow 8:05", "--mode", "in-person")
    body = drafted(ready, "interview", "confirm", "okafor")["body"]
    assert "tomorrow at 8:05 am, for about 30 minutes" in body
    assert "Where would you like to meet?" in body


def test_confirm_without_a_scheduled_conversation_is_refused(ready: Any) -> None:
    result = ready("interview", "confirm", "weiss", expect=1)
    refused(result, "no upcoming conversation with Dr. Samuel Weiss is scheduled")
    assert "infoview interview schedule dr-samuel-weiss" in result.stderr


def test_confirm_after_the_conversation_is_over_is_refused(ready: Any, clock: Any) -> None:
    ready("interview", "schedule", "weiss", "--at", "tomorrow 15:30")
    clock.advance(days=2)
    refused(ready("interview", "confirm", "weiss", expect=1), "no upcoming conversation")


def test_the_time_is_said_on_the_students_clock() -> None:
    now = NOW  # Wednesday 25 November, New York
    utc = datetime(2026, 11, 26, 20, 30, tzinfo=timezone.utc)  # 3:30 pm in New York
    assert spoken_moment(utc, now) == "tomorrow at 3:30 pm"
    assert spoken_moment(NOW + timedelta(hours=3), now) == "today at 12:30 pm"
    today = date(2026, 11, 25)
    assert upcoming_day(date(2026, 11, 30), today) == "on Monday"
    assert upcoming_day(date(2026, 12, 3), today) == "on Thursday, 3 December"
    assert upcoming_day(date(2027, 1, 4), today) == "on Monday, 4 January 2027"


# --- touch -------------------------------------------------------------------------

SAID = "Every dive, someone trusts you with their life."
UPDATE = "I signed up for the summer lab course"


def talked(cli: Any, pid: str, *log: str) -> None:
    cli("interview", "log", pid, "--on", "2026-10-12", *log)
    cli("thanks", "sent", pid, "--on", "2026-10-12")


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("channel", CHANNELS)
def test_touch_quotes_only_what_was_starred(ready: Any, who: str, channel: str) -> None:
    pid = PEOPLE[who][0]
    talked(ready, pid, "--answer", f"favorite-love-most=*{SAID}", "--note", "Loves couples work")
    data = drafted(ready, "touch", "draft", pid, "--channel", channel, "--update", UPDATE)
    body = check_words(data, who, channel)
    assert quotes(body) == [SAID]
    assert "couples work" not in body
    assert f"{UPDATE}." in body
    assert "since we talked on 12 October" in body
    assert "keep you posted" in body
    if channel == "email":
        assert data["subject"].startswith("A quick update")


def test_touch_without_a_star_quotes_nothing_and_names_no_note(ready: Any) -> None:
    talked(ready, "okafor", "--note", "lab work is fun", "--note", "*")
    for channel in CHANNELS:
        data = drafted(ready, "touch", "draft", "okafor", "--channel", channel)
        assert quotes(data["body"]) == []
        assert "lab work" not in data["body"]
        # No --update: the note claims none, and names the conversation by its day.
        assert (
            "I wanted to say hello, and thank you again for our conversation on 12 October."
            in (data["body"])
        )
        if channel == "email":
            assert data["subject"] == "Saying hello from Kim Lee"
        assert data["lint"] == []


def test_touch_a_long_starred_note_is_quoted_whole_or_by_whole_sentences(ready: Any) -> None:
    long = (
        "Shadow in a clinic before you choose anything at all. " + "word " * 40 + "and that is it."
    )
    talked(ready, "weiss", "--note", f"* {long}")
    for channel in CHANNELS:
        data = drafted(ready, "touch", "draft", "weiss", "--channel", channel)
        assert quotes(data["body"]) == ["Shadow in a clinic before you choose anything at all."]


def test_touch_for_someone_never_contacted_is_refused(ready: Any) -> None:
    result = ready("touch", "draft", "weiss", expect=1)
    refused(result, "you have not been in touch with Dr. Samuel Weiss yet")


def test_touch_with_job_words_in_the_update_is_linted(ready: Any) -> None:
    talked(ready, "keiko")
    data = drafted(ready, "touch", "draft", "keiko", "--update", "I applied for the internship")
    assert [f["rule"] for f in data["lint"]] == ["job-words"]


def test_touch_draft_and_touch_log_live_side_by_side(ready: Any, home: Path) -> None:
    talked(ready, "keiko")
    logged = ready("touch", "keiko", "--note", "Sent her the article", "--channel", "text")
    assert "Logged a contact with Aunt Keiko Tanaka" in logged.stdout
    ready("touch", "--note", "Called", "--on", "yesterday", "keiko")  # options first, as before
    ready("touch", "log", "keiko", "--on", "today")
    notes = [c["note"] for c in read_json(home / "contacts.json")["contacts"]]
    assert notes == ["Sent her the article", "Called", ""]
    ready("prospect", "add", "Draft", "--relation", "friend")  # a person whose id is "draft"
    ready("touch", "log", "draft", "--note", "Lunch")
    assert read_json(home / "contacts.json")["contacts"][-1]["person"] == "draft"
    body = drafted(ready, "touch", "draft", "draft")["body"]
    assert body.startswith("Hi Draft,")


def test_touch_help_still_explains_logging(ready: Any) -> None:
    shown = ready("touch", "--help").stdout
    assert "touch PERSON" in shown and "draft" in shown


# --- what every note shares ----------------------------------------------------------


def test_eml_writes_an_email_for_each_note(ready: Any, tmp_path: Path) -> None:
    decline(ready, "weiss")
    ready("interview", "schedule", "keiko", "--at", "tomorrow 15:30", "--where", "the cafe",
          "--mode", "in-person")  # fmt: skip
    talked(ready, "okafor")
    runs = {
        "declined": ("outreach", "draft", "weiss", "--declined"),
        "confirm": ("interview", "confirm", "keiko"),
        "touch": ("touch", "draft", "okafor"),
    }
    for kind, args in runs.items():
        target = tmp_path / f"{kind}.eml"
        result = ready(*args, "--eml", str(target))
        assert f"wrote {target}" in result.stderr
        message = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
        assert message["From"] == "Kim Lee <kim@example.com>"
        assert message["Subject"]
        assert "Subject:" in result.stdout


def test_eml_needs_an_email_channel(ready: Any, tmp_path: Path) -> None:
    decline(ready, "weiss")
    target = tmp_path / "x.eml"
    result = ready(
        "outreach", "draft", "weiss", "--declined", "--channel", "text", "--eml", str(target),
        expect=1,
    )  # fmt: skip
    refused(result, "--eml writes an email")
    assert not target.exists()


def test_edit_is_linted_again(ready: Any, tmp_path: Path) -> None:
    decline(ready, "weiss")
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace(\n"
        "    'Is there someone else you would suggest I talk with', 'Could we talk another time'\n"
        "))\n"
    )
    result = ready(
        "outreach", "draft", "weiss", "--declined", "--edit",
        env={"EDITOR": f"{__import__('sys').executable} {script}"},
    )  # fmt: skip
    assert "Could we talk another time about psychiatry?" in result.stdout
    assert "lint: someone-else:" in result.stderr


def test_a_students_own_template_wins(ready: Any, home: Path) -> None:
    decline(ready, "keiko")
    (home / "templates").mkdir()
    (home / "templates" / "declined-text.txt").write_text(
        "$greeting thank you anyway! Who else would you suggest? $unknown\n"
    )
    data = drafted(ready, "outreach", "draft", "keiko", "--declined", "--channel", "text")
    assert data["body"] == "Hi Aunt Keiko, thank you anyway! Who else would you suggest? $unknown\n"
    assert [f["rule"] for f in data["lint"]] == ["placeholder"]


@pytest.mark.parametrize(
    ("kind", "subject", "body", "channel", "rule"),
    [
        ("declined", "Hi", "Hi Ana, thank you. Is there anyone else you'd suggest?", "email", ""),
        ("declined", None, "Hi Ana, thank you! Could we talk?", "text", "someone-else"),
        ("declined", None, "Hi Ana. Is there anyone else you'd suggest?", "text", "thanks"),
        ("confirm", None, "Hi Ana, see you tomorrow at 3 pm!", "text", ""),
        ("confirm", None, "Hi Ana, see you soon!", "text", "when"),
        ("confirm", None, "Hi Ana, see you tomorrow!", "text", "when"),
        ("confirm", None, "Hi Ana, see you tomorrow at 3 pm!", "email", "subject"),
        ("touch", None, "Hi Ana, a quick update: I passed chemistry.", "text", ""),
        ("touch", None, "Hi Ana, how have you been?", "text", "update"),
        ("touch", None, "Hi Ana, an update: I got the internship.", "text", "job-words"),
        ("touch", None, "Hi Ana, an update: " + "yes " * 80, "text", "length"),
        ("touch", None, "Hi $address, an update.", "text", "placeholder"),
    ],
)
def test_lint_rules(kind: Any, subject: str | None, body: str, channel: str, rule: str) -> None:
    found = [f.rule for f in lint_occasion(kind, subject, body, channel)]
    assert found == ([rule] if rule else [])


@pytest.mark.parametrize(
    ("update", "message"),
    [
        ("x" * 301, "--update is 301 characters long; the limit is 300"),
        ("line one\x1b[31m", "--update contains a control character"),
        ("line one\nline two", "--update contains a control character"),
    ],
)
def test_a_bad_update_is_one_line_and_changes_nothing(
    ready: Any, home: Path, update: str, message: str
) -> None:
    talked(ready, "keiko")
    before = snapshot(home)
    refused(ready("touch", "draft", "keiko", "--update", update, expect=1), message)
    assert snapshot(home) == before


def test_an_update_keeps_the_students_words_and_emoji(ready: Any) -> None:
    talked(ready, "keiko")
    update = "Our team won the science fair 👩‍🔬!"
    body = drafted(ready, "touch", "draft", "keiko", "--update", update)["body"]
    assert update in body
