"""Thank-you notes: who is owed one (24 h due, 48 h overdue), the drafts, lint and `thanks sent`.

The fixed clock starts on Wednesday 25 November 2026, 09:30 (-05:00). Interviews
are logged with `infoview interview log`, as a student would.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import sys
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.model.contacts import ContactsFile
from infoview.model.dates import When, day_of
from infoview.model.errors import InvalidInput, NotFound
from infoview.model.interviews import Held, InterviewsFile, Scheduled
from infoview.model.outreach import OutreachFile, SettingsFile
from infoview.model.people import Prospect
from infoview.model.vocab import THANKS_CHANNELS
from infoview.rules.drafting import PLACEHOLDER, count_words
from infoview.rules.people import add_prospect, set_profile
from infoview.rules.thanks import (
    THANKS_MAX_WORDS,
    Said,
    ThanksFacts,
    compose_thanks,
    lint_thanks,
    mark_thanked,
    referrals_sentence,
    specific_thing,
)
from infoview.rules.timeline import Documents, timelines
from infoview.store.registry import PROSPECTS
from infoview.store.workspace import Workspace
from infoview.usecases.timeline import every_timeline
from tests.helpers import NOW, STAMP, Clock, read_json

STARRED = "Every day is different, and the night shift teaches you fast"
PLAIN = "Start in a hospital before anything else"
KEEP_POSTED = re.compile(r"keep you posted|let you know how|update", re.I)


def one_line_error(result: Any, message: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def add(home: Path, name: str, **data: Any) -> None:
    """Add a prospect through the core (quicker than the CLI; the CLI is not under test)."""
    with Workspace(home).transaction() as tx:
        add_prospect(tx, {"name": name, **data}, NOW)


@pytest.fixture
def ready(cli: Any, home: Path) -> Any:
    """A profile and Maria, a nurse with an email address."""
    with Workspace(home).transaction() as tx:
        set_profile(tx, {"name": "Ana Ruiz", "email": "ana@example.com"}, NOW)
    add(home, "Maria Lopez", relation="neighbor", fields=["nursing"], email="maria@example.org")
    return cli


def log(cli: Any, person: str, *extra: str, on: str = "now") -> None:
    cli("interview", "log", person, "--on", on, *extra)


def log_full(cli: Any, on: str = "now") -> None:
    """Maria's interview: one plain answer, one starred, a note and two referrals."""
    log(
        cli,
        "maria",
        "--answer",
        f"advice-wish-told={PLAIN}",
        "--answer",
        f"favorite-love-most=*{STARRED}",
        "--note",
        "Loves the variety",
        "--referral",
        "Sam Lee, nurse @ Mercy",
        "--referral",
        "Kim Ode",
        on=on,
    )


def owed_rows(cli: Any) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(cli("thanks", "--json").stdout)
    return data


def draft_json(cli: Any, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cli("thanks", "draft", "maria", "--json", *args).stdout)
    return data


def status(home: Path, person: str) -> str:
    people = read_json(home / "prospects.json")["prospects"]
    return str(next(p["status"] for p in people if p["id"] == person))


def maria_interview(home: Path) -> dict[str, Any]:
    found: dict[str, Any] = next(
        i for i in read_json(home / "interviews.json")["interviews"] if i["person"] == "maria-lopez"
    )
    return found


# --- who is owed one ------------------------------------------------------------


def test_due_late_and_overdue_at_the_boundaries(ready: Any, clock: Clock) -> None:
    # Held now, Wed 25 Nov 2026 09:30, for 30 minutes: the clock runs from 10:00.
    log(ready, "maria")
    clock.advance(hours=24, minutes=29)
    (row,) = owed_rows(ready)
    assert row == {
        "person": "maria-lopez",
        "held_at": "2026-11-25T09:30:00-05:00",
        "logged": True,
        "due_by": "2026-11-26T10:00:00-05:00",
        "overdue_from": "2026-11-27T10:00:00-05:00",
        "state": "due",
        "late": False,
        "command": "infoview thanks draft maria-lopez",
    }
    assert "due by Thu 26 Nov 2026 10:00" in ready("thanks").stdout

    clock.advance(minutes=1)  # 24 h after the end: still due, but late
    (row,) = owed_rows(ready)
    assert (row["state"], row["late"]) == ("due", True)
    assert "late since Thu 26 Nov 2026 10:00" in ready("thanks").stdout

    clock.advance(hours=23, minutes=59)  # 47 h 59
    assert owed_rows(ready)[0]["state"] == "due"

    clock.advance(minutes=1)  # 48 h: overdue
    (row,) = owed_rows(ready)
    assert (row["state"], row["late"]) == ("overdue", False)
    listing = ready("thanks").stdout
    assert "overdue since Fri 27 Nov 2026 10:00" in listing
    assert "infoview thanks draft maria-lopez" in listing


def test_most_urgent_first(ready: Any, home: Path) -> None:
    for name in ("Tom Park", "Dee Ali", "Lee Wu"):
        add(home, name)
    # Logged in another order than the expected one.
    log(ready, "lee", on="2026-11-25 08:30")  # ended 30 min ago: due
    log(ready, "maria", on="-3d")  # that whole day ended 2 days ago: overdue
    log(ready, "tom", on="2026-11-24 08:00")  # ended 25 h ago: late
    log(ready, "dee", on="-5d")  # overdue since longer
    rows = owed_rows(ready)
    assert [r["person"] for r in rows] == ["dee-ali", "maria-lopez", "tom-park", "lee-wu"]
    assert [(r["state"], r["late"]) for r in rows] == [
        ("overdue", False),
        ("overdue", False),
        ("due", True),
        ("due", False),
    ]
    listing = ready("thanks").stdout
    commands = [line for line in listing.splitlines() if line.startswith("infoview thanks draft")]
    assert commands == [
        f"infoview thanks draft {p}" for p in ("dee-ali", "maria-lopez", "tom-park", "lee-wu")
    ]


def test_nobody_owed(cli: Any, ready: Any, home: Path) -> None:
    result = cli("thanks")
    assert result.stdout == "Nobody is owed a thank-you.\n"
    assert owed_rows(cli) == []
    add(home, "Tom Park")
    assert owed_rows(cli) == []  # listed, but no interview held yet


def test_listing_is_coloured_in_a_terminal(ready: Any, home: Path) -> None:
    add(home, "Tom Park")
    log(ready, "maria", on="-3d")
    log(ready, "tom")
    out = ready("thanks", env={"TERM": "xterm-256color"}, terminal=True).stdout
    assert re.search(r"\x1b\[[0-9;]*31m(overdue)", out), out  # red
    assert re.search(r"\x1b\[[0-9;]*33m(due)", out), out  # yellow
    assert "infoview thanks draft maria-lopez" in out


def test_plain_listing_has_no_colour(ready: Any) -> None:
    log(ready, "maria", on="-3d")
    out = ready("thanks").stdout
    assert "\x1b[" not in out
    assert out.splitlines()[0].split() == ["Person", "Interview", "State", "When"]


def _interview(person: str, held: When, **changes: Any) -> Held:
    data: dict[str, Any] = {
        "id": f"{person}-{day_of(held).day}",
        "person": person,
        "held_at": held,
        "logged_at": NOW,
        "uid": f"interview-{person}-{day_of(held).day}@infoview",
    }
    data.update(changes)
    return Held.model_validate(data)


def _prospect(pid: str, name: str) -> Prospect:
    return Prospect.model_validate(
        {"id": pid, "name": name, "created_at": STAMP, "updated_at": STAMP}
    )


def test_the_timeline_owes_one_thank_you_for_the_latest_conversation_only() -> None:
    maria, tom = _prospect("maria-lopez", "Maria Lopez"), _prospect("tom-park", "Tom Park")
    soon = Scheduled(
        id="tom-park-2",
        person="tom-park",
        uid="u-tom-2",
        scheduled_at=NOW + timedelta(hours=1),
    )
    docs = Documents(
        prospects=[maria, tom],
        outreach=OutreachFile(),
        interviews=InterviewsFile(
            interviews=[
                _interview("maria-lopez", NOW - timedelta(days=9)),  # never thanked, but...
                _interview("maria-lopez", NOW - timedelta(days=2), thanked_at=NOW),  # covered
                _interview("tom-park", NOW - timedelta(hours=1)),
                soon,  # to come: owes nothing yet
                _interview("gone", NOW - timedelta(days=1)),  # removed from the list
            ]
        ),
        contacts=ContactsFile(),
        settings=SettingsFile(),
    )
    lines = timelines(docs, NOW)
    assert set(lines) == {"maria-lopez", "tom-park"}
    assert lines["maria-lopez"].thanks is None
    owed = lines["tom-park"].thanks
    assert owed is not None and owed.state == "due"
    # Held an hour ago for 30 minutes: due 24 hours after its end.
    assert owed.due_by == NOW + timedelta(hours=23, minutes=30)


# --- what they said ------------------------------------------------------------


def test_specific_thing_quotes_only_what_was_starred() -> None:
    def answers(*items: tuple[str, bool]) -> list[dict[str, Any]]:
        return [{"question": "q", "text": t, "starred": s} for t, s in items]

    held = NOW - timedelta(hours=2)
    questions = {"q": "What is the hardest part of your job?"}
    both = _interview(
        "m", held, answers=answers(("first", False), ("starred", True)), notes=["*marked"]
    )
    assert specific_thing(both, questions) == Said("quote", "starred")
    marked = _interview("m", held, answers=answers(("first", False)), notes=["plain", " * marked"])
    assert specific_thing(marked, questions) == Said("quote", "marked")
    first = _interview("m", held, answers=answers(("first", False), ("second", False)))
    assert specific_thing(first, questions) == Said("topic", "the hardest part of your job")
    assert specific_thing(first) == Said("notes")  # its question unknown: not named
    note = _interview("m", held, notes=["a note\nover two lines"])
    assert specific_thing(note) == Said("notes")
    assert specific_thing(_interview("m", held)) is None


def test_a_long_starred_note_is_never_cut() -> None:
    long = " ".join(f"word{n}" for n in range(40)) + "."
    assert specific_thing(_interview("m", NOW, notes=[f"*{long}"])) == Said("notes")
    two = f"*{long} Short and sweet is this one."
    said = specific_thing(_interview("m", NOW, notes=[two]))
    assert said == Said("quote", "Short and sweet is this one.")


@pytest.mark.parametrize(
    ("names", "sentence"),
    [
        ((), ""),
        (("Sam Lee",), "Thank you also for suggesting Sam Lee; I will reach out to them."),
        (
            ("Sam Lee", "Kim Ode"),
            "Thank you also for suggesting Sam Lee and Kim Ode; I will reach out to them.",
        ),
        (
            ("A B", "C D", "E F"),
            "Thank you also for suggesting A B, C D and E F; I will reach out to them.",
        ),
    ],
)
def test_referrals_sentence(names: tuple[str, ...], sentence: str) -> None:
    assert referrals_sentence(names) == sentence


# --- drafts --------------------------------------------------------------------


@pytest.mark.parametrize("channel", THANKS_CHANNELS)
def test_draft_quotes_the_starred_answer_and_names_referrals(ready: Any, channel: str) -> None:
    log_full(ready)
    data = draft_json(ready, "--channel", channel)
    assert set(data) == {"person", "channel", "subject", "body", "words", "lint"}
    body = data["body"]
    assert data["lint"] == []
    assert data["words"] == count_words(body) <= THANKS_MAX_WORDS
    assert STARRED in body
    assert PLAIN not in body
    assert "Sam Lee and Kim Ode" in body
    assert "thank" in body.lower()
    assert KEEP_POSTED.search(body)
    assert not PLACEHOLDER.search(f"{data['subject'] or ''}\n{body}")
    assert "Ana" in body
    if channel == "email":
        assert data["subject"]
        assert body.startswith("Hi Maria,")
    else:
        assert data["subject"] is None
    if channel == "text":
        assert len(body.strip()) <= 320


def test_draft_without_a_star_names_the_first_answer_by_its_question(ready: Any) -> None:
    log(ready, "maria", "--answer", f"advice-wish-told={PLAIN}", "--note", "Loves the variety")
    data = draft_json(ready)
    assert PLAIN not in data["body"] and "“" not in data["body"]
    assert (
        "I keep thinking about what you said about what you wish someone had told you "
        "when you were starting out." in data["body"]
    )
    assert data["lint"] == []


def test_draft_with_nothing_logged_speaks_of_the_conversation(ready: Any) -> None:
    log(ready, "maria")
    for channel in THANKS_CHANNELS:
        data = draft_json(ready, "--channel", channel)
        assert "Our conversation gave me a lot to think about." in data["body"]
        assert "“" not in data["body"]
        assert "suggesting" not in data["body"]
        # Nothing to name: the lint says what to add.
        assert [f["rule"] for f in data["lint"]] == ["specific"]


def test_draft_plain_output(ready: Any) -> None:
    log_full(ready)
    result = ready("thanks", "draft", "maria")
    assert result.stdout.startswith("Subject: ")
    assert "lint: no findings" in result.stderr
    assert "infoview thanks sent maria-lopez --channel email" in result.stderr


def test_draft_needs_a_held_interview(ready: Any) -> None:
    one_line_error(
        ready("thanks", "draft", "maria", expect=1),
        "no interview with Maria Lopez is logged: log it first with "
        "infoview interview log maria-lopez",
    )


def test_draft_without_a_profile(cli: Any, home: Path) -> None:
    add(home, "Maria Lopez")
    log(cli, "maria")
    result = cli("thanks", "draft", "maria", expect=1)
    one_line_error(result, "profile set --name")
    assert result.stdout == ""


def test_template_override(ready: Any, home: Path) -> None:
    log_full(ready)
    own = home / "templates"
    own.mkdir()
    (own / "thanks-card.txt").write_text(
        "Dear $their_name, thank you! $specific I will keep you posted. $my_first_name\n",
        encoding="utf-8",
    )
    body = draft_json(ready, "--channel", "card")["body"]
    assert body.startswith(
        f"Dear Maria Lopez, thank you! I keep thinking about what you said: “{STARRED}”"
    )
    assert body.rstrip().endswith("keep you posted. Ana")
    (own / "thanks-email.txt").write_text("Hi $first_name, thanks.\n", encoding="utf-8")
    one_line_error(
        ready("thanks", "draft", "maria", expect=1), "thanks-email.txt needs a first line"
    )


def test_template_override_with_an_unknown_placeholder_is_linted(ready: Any, home: Path) -> None:
    log_full(ready)
    (home / "templates").mkdir()
    (home / "templates" / "thanks-text.txt").write_text(
        "Thanks $nickname! $specific_short Updates soon.\n"
    )
    data = draft_json(ready, "--channel", "text")
    assert [f["rule"] for f in data["lint"]] == ["placeholder"]
    assert "$nickname" in data["lint"][0]["message"]


def test_eml_parses_back(ready: Any, tmp_path: Path) -> None:
    log_full(ready)
    target = tmp_path / "thanks.eml"
    result = ready("thanks", "draft", "maria", "--eml", str(target))
    assert f"wrote {target}" in result.stderr
    message = email.message_from_bytes(target.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert message["To"] == "Maria Lopez <maria@example.org>"
    assert message["From"] == "Ana Ruiz <ana@example.com>"
    assert message["Subject"] == "Thank you for your time, Maria"
    content = message.get_body(("plain",))
    assert content is not None
    text = content.get_content()
    assert STARRED in text
    assert "Sam Lee and Kim Ode" in text


def test_eml_needs_their_email_and_an_email_channel(ready: Any, home: Path, tmp_path: Path) -> None:
    add(home, "Tom Park")
    log(ready, "tom")
    log(ready, "maria")
    target = tmp_path / "x.eml"
    one_line_error(
        ready("thanks", "draft", "tom", "--eml", str(target), expect=1),
        "Tom Park has no email address",
    )
    one_line_error(
        ready("thanks", "draft", "maria", "--channel", "card", "--eml", str(target), expect=1),
        "--eml writes an email",
    )
    assert not target.exists()


def _editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import sys, pathlib\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text()\n" + body
    )
    return f"{sys.executable} {script}"


def test_edit_is_linted_again_and_empty_cancels(ready: Any, tmp_path: Path) -> None:
    log_full(ready)
    editor = _editor(
        tmp_path,
        "path.write_text(text.replace('I will keep you posted on what I do with your advice, "
        "and', 'Anyway,'))\n",
    )
    result = ready("thanks", "draft", "maria", "--edit", env={"EDITOR": editor})
    assert "Anyway, I hope we can stay in touch." in result.stdout
    assert "lint: keep-posted:" in result.stderr
    empty = _editor(tmp_path, "path.write_text('')\n")
    result = ready("thanks", "draft", "maria", "--edit", env={"EDITOR": empty}, expect=1)
    one_line_error(result, "cancelled")
    assert result.stdout == ""


@settings(max_examples=60, deadline=None)
@given(
    said=st.text(alphabet=st.sampled_from("abcdefghij KLM.,'!?-"), max_size=600),
    names=st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=20).map(str.title),
        max_size=5,
    ),
)
def test_bundled_drafts_stay_within_the_rules(said: str, names: list[str]) -> None:
    interview = _interview("m", NOW, notes=[said] if said.strip() else [])
    facts = ThanksFacts(
        their_name="Bartholomew-Maximilian Featherstonehaugh",
        my_name="Ana Ruiz",
        field="nursing",
        thing=specific_thing(interview),
        thing_short=specific_thing(interview, None, 12, 90),
        referrals=tuple(f"{n} Lee" for n in names),
    )
    bundled_only = Path(__file__).parent / "no-such-workspace"
    for channel in THANKS_CHANNELS:
        result = compose_thanks(channel, facts, bundled_only)
        assert result.words <= THANKS_MAX_WORDS
        rules = {f.rule for f in lint_thanks(result.subject, result.body, channel)}
        allowed = {"length"} if channel == "text" else set()
        if not said.strip() and not names:
            allowed.add("specific")  # nothing logged, nobody suggested: nothing to name
        assert rules <= allowed, (channel, result.body)


# --- lint ------------------------------------------------------------------------

GOOD = (
    "Hi Maria,\n\nThank you for your time. I keep thinking about what you said about "
    "your first year. I will keep you posted.\n\nAna\n"
)


def rules(subject: str | None, body: str, channel: str = "email") -> list[str]:
    return [f.rule for f in lint_thanks(subject, body, channel)]


def test_lint_passes_a_good_note() -> None:
    assert rules("Thank you", GOOD) == []
    assert rules(None, GOOD, "card") == []
    assert rules(None, GOOD, "text") == []


@pytest.mark.parametrize(
    ("subject", "body", "channel", "rule"),
    [
        ("Thanks", GOOD + "word " * 140, "email", "length"),
        (None, GOOD + "x" * 300, "text", "length"),
        (None, GOOD, "email", "subject"),
        ("  ", GOOD, "email", "subject"),
        ("Hi", GOOD.replace("Thank you for your time", "It was great"), "email", "thanks"),
        ("Hi", GOOD.replace("I will keep you posted", "Bye"), "email", "keep-posted"),
        ("Hi", GOOD.replace("Maria", "$first_name"), "email", "placeholder"),
        ("Hi [NAME]", GOOD, "email", "placeholder"),
        (None, GOOD.replace("Ana", "<Your Name>"), "card", "placeholder"),
    ],
)
def test_lint_rules(subject: str | None, body: str, channel: str, rule: str) -> None:
    assert rules(subject, body, channel) == [rule]


@pytest.mark.parametrize("offer", ["I'll let you know how it goes.", "I'll send you an update."])
def test_lint_accepts_other_ways_to_keep_them_posted(offer: str) -> None:
    assert rules("Hi", GOOD.replace("I will keep you posted.", offer)) == []


def test_lint_at_exactly_150_words_passes() -> None:
    body = "Thank you, I will keep you posted on what you said. " + "word " * (150 - 11)
    assert count_words(body) == 150
    assert rules("Hi", body) == []
    assert rules("Hi", body + "more") == ["length"]


# --- sent --------------------------------------------------------------------------


def test_sent_moves_to_thanked_and_starts_the_stay_in_touch_clock(
    ready: Any, home: Path, clock: Clock
) -> None:
    log_full(ready, on="2026-11-24 16:00")
    assert status(home, "maria-lopez") == "interviewed"
    result = ready("thanks", "sent", "maria", "--on", "today", "--channel", "card")
    assert "Recorded your thank-you to Maria Lopez (card) on Wed 25 Nov 2026." in result.stdout
    assert "next note in about 90 days (around Tue 23 Feb 2027)" in result.stdout
    assert status(home, "maria-lopez") == "thanked"
    interview = maria_interview(home)
    assert interview["thanked_at"] == "2026-11-25"  # --on today: a day, no invented time
    assert interview["thanks_channel"] == "card"
    assert ready("thanks").stdout == "Nobody is owed a thank-you.\n"

    line = every_timeline(Workspace(home), NOW)["maria-lopez"]
    assert line.touch_due == datetime(2026, 11, 25, tzinfo=NOW.tzinfo) + timedelta(days=90)

    # The draft still works afterwards, and says it was recorded.
    again = ready("thanks", "draft", "maria")
    assert "already recorded on Wed 25 Nov 2026" in again.stderr


def test_sent_without_a_cadence_says_no_reminders(ready: Any) -> None:
    ready("prospect", "edit", "maria", "--cadence", "none")
    log(ready, "maria", on="today")
    result = ready("thanks", "sent", "maria")
    assert "no reminders" in result.stdout


def test_a_thank_you_before_the_conversation_ended_is_refused_with_both_dates(
    ready: Any, home: Path
) -> None:
    # Mary's interview is at 17:00 the day before; a note at 09:00 that day is impossible.
    log(ready, "maria", on="2026-11-24 17:00")
    before = (home / "interviews.json").read_bytes()
    one_line_error(
        ready("thanks", "sent", "maria", "--on", "2026-11-24 09:00", expect=1),
        "Tue 24 Nov 2026 09:00 is before your conversation with Maria Lopez ended "
        "(Tue 24 Nov 2026 17:30)",
    )
    assert (home / "interviews.json").read_bytes() == before
    # The same day, without a time, could be after it: accepted.
    ready("thanks", "sent", "maria", "--on", "2026-11-24")
    assert maria_interview(home)["thanked_at"] == "2026-11-24"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tom"], "no interview with Tom Park is logged: log it first with infoview interview log"),
        (["maria", "--on", "tomorrow"], "in the future"),
        (["maria", "--on", "-2d"], "Mon 23 Nov 2026 is before your conversation with Maria Lopez"),
        (["nobody"], "no prospect matches 'nobody'"),
        (["maria", "--channel", "pigeon"], "--channel must be one of email, card, text"),
        (["maria", "--on", "blursday"], "can't read the date"),
    ],
)
def test_sent_errors(ready: Any, home: Path, args: list[str], message: str) -> None:
    add(home, "Tom Park")
    log(ready, "maria")
    before = {p: (home / p).read_bytes() for p in ("prospects.json", "interviews.json")}
    one_line_error(ready("thanks", "sent", *args, expect=1), message)
    assert {p: (home / p).read_bytes() for p in before} == before


def test_sent_again_corrects_the_date_and_channel(ready: Any, home: Path) -> None:
    log(ready, "maria", on="-3d")
    ready("thanks", "sent", "maria")
    result = ready("thanks", "sent", "maria", "--on", "-2d", "--channel", "card")
    assert (
        "Corrected your thank-you to Maria Lopez: card, on Mon 23 Nov 2026 "
        "(it said Wed 25 Nov 2026 09:30)." in result.stdout
    )
    interview = maria_interview(home)
    assert (interview["thanked_at"], interview["thanks_channel"]) == ("2026-11-23", "card")
    assert len(read_json(home / "interviews.json")["interviews"]) == 1


def test_a_new_interview_after_the_thank_you_is_owed_again(ready: Any, clock: Clock) -> None:
    log(ready, "maria", on="-3d")
    ready("thanks", "sent", "maria", "--on", "-2d")
    assert owed_rows(ready) == []
    log(ready, "maria", "--new")  # a second conversation
    (row,) = owed_rows(ready)
    assert row["held_at"] == "2026-11-25T09:30:00-05:00"


def test_mark_thanked_core(home: Path, cli: Any) -> None:
    add(home, "Maria Lopez")
    ws = Workspace(home)
    with ws.transaction() as tx:
        maria = tx.get(PROSPECTS).prospects[0]
        with pytest.raises(NotFound):
            mark_thanked(tx, maria, NOW, "email", NOW)
    log(cli, "maria", on="-1d")
    with ws.transaction() as tx:
        with pytest.raises(InvalidInput, match="--channel"):
            mark_thanked(tx, maria, NOW, "fax", NOW)
        done = mark_thanked(tx, maria, NOW, "text", NOW)
    assert done.interview.thanked_at == NOW
    assert done.interview.thanks_channel == "text"
    assert done.corrected is None
    assert ws.read(PROSPECTS).prospects[0].status.value == "thanked"
