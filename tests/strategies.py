"""Hypothesis strategies for every stored model and workspace document, shared by the
round-trip, fast-write and JSON-output tests (a test module imports no other)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, TypeVar

from hypothesis import HealthCheck, reject, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from infoview.model.contacts import Contact, ContactsFile
from infoview.model.guide import GuideFile
from infoview.model.interviews import INTEREST_MAX, INTEREST_MIN, Answer, Interview, InterviewsFile
from infoview.model.limits import (
    FORCED_MINUTES_MAX,
    FORCED_MINUTES_MIN,
    INTERVIEW_MINUTES_MAX,
    INTERVIEW_MINUTES_MIN,
    QUESTION_MINUTES_MAX,
    QUESTION_MINUTES_MIN,
)
from infoview.model.outreach import MAX_FOLLOW_UPS, OutreachFile, OutreachRecord, SettingsFile
from infoview.model.people import CADENCE_CHOICES, Profile, ProfileFile, Prospect, ProspectsFile
from infoview.model.plans import Plan, PlansFile
from infoview.model.questions import OwnQuestion, Phase, QuestionsFile
from infoview.model.vocab import CONTACT_CHANNELS, OUTREACH_CHANNELS, Mode, Relation, Status

M = TypeVar("M", bound=BaseModel)
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
ROUND_TRIP = settings(
    max_examples=35,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# --- values a student can store ---------------------------------------------------

# What one-line values keep (text.clean_line): printable characters, Unicode
# spaces, and the joiners some scripts need.
LINE_CHARACTERS = st.characters(
    categories=("L", "M", "N", "P", "S", "Zs"), include_characters="\u200c\u200d"
)
MULTILINE_CHARACTERS = st.characters(
    categories=("L", "M", "N", "P", "S", "Zs"), include_characters="\u200c\u200d\n\t\r"
)


# Starts that formats treat specially: formulas and their neutralising quote in
# CSV, Markdown and vCard syntax, the form's comments and sections.
AWKWARD_STARTS = st.sampled_from(
    [
        *("'", "''", "'=", "=", "+", "-", "@", "':", "'-", "''+", "\\", "#", "## ", "* ", "1. "),
        *("> ", "&amp;", "&copy; ", "&#65;", "<b>", "[x](y) ", "`", "~~", "| "),
    ]
)


def line(max_size: int = 30, *, min_size: int = 0) -> st.SearchStrategy[str]:
    text = st.text(LINE_CHARACTERS, min_size=min_size, max_size=max_size)
    return text | st.builds(str.__add__, AWKWARD_STARTS, text)


def multiline(max_size: int = 120) -> st.SearchStrategy[str]:
    text = st.text(MULTILINE_CHARACTERS, max_size=max_size)
    return text | st.builds(str.__add__, AWKWARD_STARTS, text)


offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
# The years infoview accepts (dates.YEAR_MIN to YEAR_MAX).
timestamps = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(2199, 12, 30), timezones=offsets
).map(lambda d: d.replace(microsecond=0))
optional_timestamps = st.none() | timestamps
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))
whens = days | timestamps  # a day the student named, or a moment
optional_whens = st.none() | whens
slugs = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
person_ids = st.lists(
    st.text(st.characters(categories=("L", "Nd")), min_size=1, max_size=8), min_size=1, max_size=3
).map("-".join)
emails = st.one_of(
    st.emails(),
    st.builds(
        lambda local, domain: f"{local}@{domain}.example.org",
        st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._+-]{0,15}\Z"),
        st.text(st.characters(categories=["Ll"]), min_size=1, max_size=10),
    ),
)
phones = st.from_regex(r"\A\+?[0-9]{3}[0-9 ().\-/]{0,15}( x[0-9]{1,4})?\Z")
linkedins = st.builds(
    lambda host, handle: f"{host}linkedin.com/in/{handle}",
    st.sampled_from(["https://www.", "http://", "https://uk.", "www.", ""]),
    st.from_regex(r"\A[A-Za-z0-9%_-]{1,30}\Z"),
)
labels = st.lists(line(20).filter(str.strip), max_size=4)


def validated(model: type[M], data: dict[str, Any]) -> M:
    """The model of ``data``; an example a model refuses is not a stored value."""
    try:
        return model.model_validate(data)
    except ValidationError:
        reject()


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    return validated(
        Profile,
        {
            "name": draw(line(min_size=1).filter(str.strip)),
            "school": draw(line()),
            "year": draw(line(20)),
            "email": draw(st.none() | emails),
            "phone": draw(st.none() | phones),
            "interests": draw(labels),
            "updated_at": draw(timestamps),
        },
    )


@st.composite
def prospects(draw: st.DrawFn, pid: str | None = None) -> Prospect:
    return validated(
        Prospect,
        {
            "id": pid or draw(person_ids),
            "name": draw(line(40, min_size=1).filter(str.strip)),
            "role": draw(line()),
            "organization": draw(line()),
            "fields": draw(labels),
            "relation": draw(st.sampled_from(Relation)),
            "referred_by": draw(st.none() | person_ids),
            "address_as": draw(line(60)),
            "how_found": draw(line()),
            "school": draw(line()),
            "email": draw(st.none() | emails),
            "phone": draw(st.none() | phones),
            "linkedin": draw(st.none() | linkedins),
            "tags": draw(labels),
            "notes": draw(multiline()),
            "priority": draw(st.integers(0, 3)),
            "status": draw(st.sampled_from(Status)),
            "cadence_days": draw(st.sampled_from([None, *CADENCE_CHOICES])),
            "created_at": draw(timestamps),
            "updated_at": draw(timestamps),
        },
    )


def unique_lists(strategy: st.SearchStrategy[M], key: str) -> st.SearchStrategy[list[M]]:
    return st.lists(strategy, max_size=4, unique_by=lambda m: getattr(m, key))


@st.composite
def own_questions(draw: st.DrawFn) -> OwnQuestion:
    return validated(
        OwnQuestion,
        {
            "id": draw(slugs),
            "text": draw(line(80, min_size=1).filter(str.strip)),
            "category": draw(slugs),
            "phase": draw(st.sampled_from(Phase)),
            "minutes": draw(st.integers(QUESTION_MINUTES_MIN, QUESTION_MINUTES_MAX)),
            "tags": draw(st.lists(st.text(max_size=10), max_size=3)),
            "fields": draw(st.lists(st.text(max_size=10), max_size=3)),
            "created_at": draw(timestamps),
        },
    )


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    return validated(
        Plan,
        {
            "person": draw(person_ids),
            "minutes": draw(st.integers(INTERVIEW_MINUTES_MIN, INTERVIEW_MINUTES_MAX)),
            "questions": draw(st.lists(slugs, max_size=20)),
            "seed": draw(st.none() | st.integers() | st.integers(-(10**30), 10**30)),
            "created_at": draw(timestamps),
        },
    )


@st.composite
def outreach_records(draw: st.DrawFn) -> OutreachRecord:
    return validated(
        OutreachRecord,
        {
            "person": draw(person_ids),
            "channel": draw(st.sampled_from(OUTREACH_CHANNELS)),
            "sent_at": draw(whens),
            "follow_ups": draw(st.lists(whens, max_size=MAX_FOLLOW_UPS)),
            "replied_at": draw(optional_whens),
            "declined": draw(st.booleans()),
        },
    )


answers = st.builds(
    lambda question, text, starred: validated(
        Answer, {"question": question, "text": text, "starred": starred}
    ),
    st.one_of(slugs, st.text(max_size=20)),
    multiline(200),
    st.booleans(),
)


INTERVIEW = TypeAdapter(Interview)


@st.composite
def interviews(draw: st.DrawFn) -> Interview:
    """An interview in one of its states, with the fields that state has."""
    link = draw(st.none() | st.from_regex(r"\Ahttps?://[a-z0-9.]{1,20}/[A-Za-z0-9_/?=&-]{0,20}\Z"))
    state = draw(st.sampled_from(["scheduled", "cancelled", "held"]))
    data: dict[str, Any] = {
        "id": draw(st.text(min_size=1, max_size=30)),
        "person": draw(person_ids),
        "state": state,
        "scheduled_at": draw(timestamps if state != "held" else optional_timestamps),
        "minutes": draw(st.integers(FORCED_MINUTES_MIN, FORCED_MINUTES_MAX)),
        "mode": draw(st.sampled_from(Mode)),
        "where": draw(line(60)),
        "link": link,
        "uid": draw(st.text(min_size=1, max_size=60)),
        "sequence": draw(st.integers(0, 10**6)),
        "questions": draw(st.lists(slugs, max_size=5)),
    }
    if state == "held":
        data |= {
            "held_at": draw(whens),
            "logged_at": draw(timestamps),
            "answers": draw(st.lists(answers, max_size=3)),
            "notes": draw(st.lists(multiline(80), max_size=3)),
            "referrals": draw(st.lists(person_ids, max_size=3)),
            "interest": draw(st.none() | st.integers(INTEREST_MIN, INTEREST_MAX)),
            "thanked_at": draw(optional_whens),
            "thanks_channel": draw(st.none() | st.sampled_from(["email", "card", "text"])),
        }
    try:
        interview: Interview = INTERVIEW.validate_python(data)
    except ValidationError:
        reject()
    return interview


@st.composite
def contacts(draw: st.DrawFn) -> Contact:
    return validated(
        Contact,
        {
            "person": draw(person_ids),
            "at": draw(whens),
            "channel": draw(st.sampled_from(CONTACT_CHANNELS)),
            "note": draw(multiline()),
        },
    )


@st.composite
def guides(draw: st.DrawFn) -> GuideFile:
    return validated(
        GuideFile,
        {
            "done": draw(st.lists(st.sampled_from(["broaden", "prospects", "finished"]))),
            "first_person": draw(st.none() | person_ids),
            "drafted_for": draw(st.none() | person_ids),
            "updated_at": draw(optional_timestamps),
        },
    )


# One strategy per workspace file: a new document needs one here (see the test below).
DOCUMENT_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "profile.json": st.builds(ProfileFile, profile=st.none() | profiles()),
    "prospects.json": st.builds(ProspectsFile, prospects=unique_lists(prospects(), "id")),
    "questions.json": st.builds(QuestionsFile, questions=unique_lists(own_questions(), "id")),
    "plans.json": st.builds(PlansFile, plans=unique_lists(plans(), "person")),
    "outreach.json": st.builds(OutreachFile, records=unique_lists(outreach_records(), "person")),
    "interviews.json": st.builds(InterviewsFile, interviews=unique_lists(interviews(), "id")),
    "contacts.json": st.builds(ContactsFile, contacts=st.lists(contacts(), max_size=4)),
    "settings.json": st.builds(
        SettingsFile,
        holidays=st.lists(st.dates(), max_size=5),
        timezone=st.sampled_from([None, "UTC", "America/New_York", "Asia/Kolkata"]),
    ),
    "guide.json": guides(),
}
