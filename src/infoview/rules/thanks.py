"""Thank-you notes: who is owed one, the draft that names what they said, and recording it.

The method's rule: the thank-you goes out within 24 hours of the conversation;
after 48 hours it is overdue. The note thanks them for their time, names one
specific thing they said (an answer or note the student starred, else the first
one logged), mentions anyone they suggested, offers to keep them posted, and
stays under 150 words. Recording it moves the person to ``thanked``, which
starts the stay-in-touch clock (``touch.py``).

Templates ship as ``thanks-<channel>.txt`` in ``infoview/templates``; a file of
the same name in the workspace's ``templates/`` folder takes its place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from infoview.model.dates import format_day, format_moment
from infoview.model.errors import InvalidInput, NotFound
from infoview.model.interviews import Interview, InterviewsFile
from infoview.model.people import Prospect
from infoview.model.vocab import THANKS_CHANNELS, Status
from infoview.rules.drafting import (
    PLACEHOLDER,
    Draft,
    Finding,
    count_words,
    fill_template,
    read_template,
    template_path,
)
from infoview.rules.interviews import of_person, save_interview
from infoview.rules.people import move_status
from infoview.store.registry import INTERVIEWS
from infoview.store.workspace import Transaction

THANKS_DUE_HOURS = 24
THANKS_OVERDUE_HOURS = 48
THANKS_MAX_WORDS = 150
TEXT_MAX_CHARS = 320  # a longer SMS splits into several messages
SPECIFIC_MAX_WORDS = 25  # the quoted thing, in the full sentence
SPECIFIC_SHORT_MAX_WORDS = 12  # ... and in the short one a text message uses

THANKS_WORD = re.compile(r"\bthank", re.I)
KEEP_POSTED = re.compile(
    r"\bkeep you (?:posted|updated|in the loop)\b|\blet you know how\b|\bupdates?\b", re.I
)
_ENDS_SENTENCE = re.compile(r"[.!?…]$")


def template_name(channel: str) -> str:
    return f"thanks-{channel}.txt"


def check_channel(channel: str) -> str:
    if channel not in THANKS_CHANNELS:
        raise InvalidInput(
            f"--channel must be one of {', '.join(THANKS_CHANNELS)}, not {channel!r}"
        )
    return channel


# --- who is owed one -----------------------------------------------------------


@dataclass(frozen=True)
class Owed:
    """A thank-you not yet sent for a held interview, and how urgent it is at ``now``.

    ``state`` is "due" until ``overdue_from`` (48 h after the interview), then
    "overdue"; ``late`` says a "due" one has passed ``due_by`` (24 h).
    """

    person: Prospect
    interview: Interview
    due_by: datetime
    overdue_from: datetime
    state: Literal["due", "overdue"]
    late: bool

    @property
    def held_at(self) -> datetime:
        assert self.interview.held_at is not None
        return self.interview.held_at

    def describe(self) -> str:
        """'due by ...', 'late since ...' (past 24 h) or 'overdue since ...' (past 48 h)."""
        if self.state == "overdue":
            return f"overdue since {format_moment(self.overdue_from)}"
        if self.late:
            return f"late since {format_moment(self.due_by)}"
        return f"due by {format_moment(self.due_by)}"


def latest_held(file: InterviewsFile, person_id: str) -> Interview | None:
    """The person's most recent held interview (the one a thank-you is about)."""
    held = [i for i in of_person(file, person_id) if i.state == "held" and i.held_at is not None]
    return max(held, key=lambda i: i.held_at or datetime.min, default=None)


def owed(file: InterviewsFile, prospects: Sequence[Prospect], now: datetime) -> list[Owed]:
    """Everyone still listed whose latest held interview has no thank-you, most urgent first.

    Only the latest interview with a person counts: a thank-you after it covers
    any earlier one. Overdue ones come first, then by when the interview was held.
    """
    # latest_held for everyone in one pass over the interviews, not one pass per person.
    latest: dict[str, Interview] = {}
    for i in file.interviews:
        if i.state == "held" and i.held_at is not None:
            seen = latest.get(i.person)
            if seen is None or (seen.held_at is not None and i.held_at > seen.held_at):
                latest[i.person] = i  # the first of equal times stays, as max() keeps it
    out: list[Owed] = []
    for person in prospects:
        interview = latest.get(person.id)
        if interview is None or interview.held_at is None or interview.thanked_at is not None:
            continue
        due_by = interview.held_at + timedelta(hours=THANKS_DUE_HOURS)
        overdue_from = interview.held_at + timedelta(hours=THANKS_OVERDUE_HOURS)
        overdue = now >= overdue_from
        out.append(
            Owed(
                person=person,
                interview=interview,
                due_by=due_by,
                overdue_from=overdue_from,
                state="overdue" if overdue else "due",
                late=not overdue and now >= due_by,
            )
        )
    return sorted(out, key=lambda o: (o.state != "overdue", o.held_at, o.person.id))


# --- the draft -------------------------------------------------------------------


def _trim_words(text: str, limit: int) -> str:
    words = text.split()
    if len(words) <= limit:
        return " ".join(words)
    return " ".join(words[:limit]).rstrip(",;:.!?-–— ") + "…"


def _marked_note(note: str) -> str | None:
    stripped = note.lstrip()
    return stripped.lstrip("*").strip() if stripped.startswith("*") else None


def specific_thing(interview: Interview, max_words: int = SPECIFIC_MAX_WORDS) -> str | None:
    """One thing they said, on one line and at most ``max_words`` words.

    The first starred answer, else the first note the student marked with a
    leading '*', else the first answer, else the first note; None if nothing
    was logged.
    """
    notes = [n for n in interview.notes if n.strip().lstrip("*").strip()]
    answers = [a for a in interview.answers if a.text.strip()]
    candidates = [
        *(a.text for a in answers if a.starred),
        *(m for m in (_marked_note(n) for n in notes) if m),
        *(a.text for a in answers),
        *(n.lstrip().lstrip("*").strip() for n in notes),
    ]
    if not candidates:
        return None
    return _trim_words(candidates[0], max_words)


def specific_sentence(thing: str | None, field: str) -> str:
    """'I keep thinking about what you said: “...”', or a general sentence without one."""
    if thing is None:
        return f"I learned so much from hearing how you found your way into {field}."
    end = "" if _ENDS_SENTENCE.search(thing) else "."
    return f"I keep thinking about what you said: “{thing}”{end}"


def _names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def referrals_sentence(names: Sequence[str]) -> str:
    """'Thank you also for suggesting Sam Lee and Kim Ode; I will reach out to them.' or ''."""
    if not names:
        return ""
    return f"Thank you also for suggesting {_names(names)}; I will reach out to them."


def referrals_short(names: Sequence[str]) -> str:
    """The same, short enough for a text message."""
    if not names:
        return ""
    return f"Thanks also for suggesting {_names(names)}!"


@dataclass(frozen=True)
class ThanksFacts:
    """What a thank-you is made of."""

    their_name: str
    my_name: str
    field: str  # their field in broad terms ("nursing")
    thing: str | None = None  # what they said, from specific_thing()
    thing_short: str | None = None
    referrals: tuple[str, ...] = ()  # names of the people they suggested


def facts_for(
    person: Prospect,
    interview: Interview,
    prospects: Sequence[Prospect],
    my_name: str,
    field: str,
) -> ThanksFacts:
    """The facts of a thank-you to ``person`` for ``interview``."""
    by_id = {p.id: p for p in prospects}
    names = tuple(by_id[r].name for r in interview.referrals if r in by_id)
    return ThanksFacts(
        their_name=person.name,
        my_name=my_name,
        field=field,
        thing=specific_thing(interview),
        thing_short=specific_thing(interview, SPECIFIC_SHORT_MAX_WORDS),
        referrals=names,
    )


def _first(name: str) -> str:
    return (name.split() or [name])[0]


def compose_thanks(channel: str, facts: ThanksFacts, workspace: Path) -> Draft:
    """Fill the channel's thank-you template with the facts.

    Placeholders: $first_name, $their_name, $my_name, $my_first_name, $field,
    $specific, $specific_short, $referrals, $referrals_short. A first line
    'Subject: ...' is the subject; email needs one, the other channels drop it.
    """
    check_channel(channel)
    name = template_name(channel)
    raw = read_template(template_path(name, workspace))
    values = {
        "first_name": _first(facts.their_name),
        "their_name": facts.their_name,
        "my_name": facts.my_name,
        "my_first_name": _first(facts.my_name),
        "field": facts.field,
        "specific": specific_sentence(facts.thing, facts.field),
        "specific_short": specific_sentence(facts.thing_short, facts.field),
        "referrals": referrals_sentence(facts.referrals),
        "referrals_short": referrals_short(facts.referrals),
    }
    subject, body = fill_template(raw, values)
    if channel != "email":
        subject = None
    elif not subject:
        raise InvalidInput(f"the template {name} needs a first line 'Subject: ...'")
    return Draft(channel, "thanks", False, subject, body)


def lint_thanks(subject: str | None, body: str, channel: str) -> list[Finding]:
    """Every way this thank-you falls short; each finding says what to change."""
    found: list[Finding] = []
    words = count_words(body)
    if words > THANKS_MAX_WORDS:
        found.append(Finding("length", f"{words} words; cut it to {THANKS_MAX_WORDS}"))
    if channel == "text" and len(body.strip()) > TEXT_MAX_CHARS:
        found.append(
            Finding(
                "length",
                f"{len(body.strip())} characters; cut it to {TEXT_MAX_CHARS} so the text "
                "message fits",
            )
        )
    if channel == "email" and not (subject or "").strip():
        found.append(Finding("subject", "add a first line 'Subject: ...'"))
    if not THANKS_WORD.search(body):
        found.append(Finding("thanks", "say thank you for their time"))
    if not KEEP_POSTED.search(body):
        found.append(
            Finding("keep-posted", "offer to keep them posted on what you do with their advice")
        )
    leftovers = sorted({m.group(0) for m in PLACEHOLDER.finditer(f"{subject or ''}\n{body}")})
    if leftovers:
        found.append(Finding("placeholder", f"fill in or remove {', '.join(leftovers)}"))
    return found


# --- recording it ----------------------------------------------------------------


def _no_interview(person: Prospect) -> NotFound:
    return NotFound(
        f"no interview with {person.name} is logged: log it first with "
        f"infoview interview log {person.id}"
    )


def interview_to_thank(file: InterviewsFile, person: Prospect) -> Interview:
    """The held interview a thank-you to ``person`` is about (NotFound if none)."""
    interview = latest_held(file, person.id)
    if interview is None:
        raise _no_interview(person)
    return interview


def mark_thanked(
    tx: Transaction, person: Prospect, when: datetime, channel: str, now: datetime
) -> Interview:
    """Record the thank-you on the person's latest held interview and move them to thanked.

    A date alone is read as noon, so on the day of the interview a moment before
    it counts as the interview's own time; an earlier day is refused, as is a
    moment in the future or a second thank-you for the same interview.
    """
    check_channel(channel)
    if when > now:
        raise InvalidInput("that date is in the future; record the thank-you once it is sent")
    interview = interview_to_thank(tx.get(INTERVIEWS), person)
    assert interview.held_at is not None
    if interview.thanked_at is not None:
        raise InvalidInput(
            f"your thank-you to {person.name} was already recorded on "
            f"{format_day(interview.thanked_at.date())}"
        )
    held_day = interview.held_at.astimezone(when.tzinfo).date()
    if when.date() < held_day:
        raise InvalidInput(
            f"that is before the interview with {person.name} ({format_moment(interview.held_at)})"
        )
    updated = Interview.model_validate(
        {
            **interview.model_dump(),
            "thanked_at": max(when, interview.held_at),
            "thanks_channel": channel,
        }
    )
    save_interview(tx, updated)
    move_status(tx, person.id, Status.THANKED, now)
    return updated
