"""Thank-you notes: who is owed one, the draft that names what they said, and recording it.

The method's rule: the thank-you goes out within 24 hours of the conversation;
after 48 hours it is overdue. The note thanks them for their time, names one
specific thing they said (an answer or note the student starred, else the first
one logged), mentions anyone they suggested, offers to keep them posted, and
stays under 150 words. Recording it moves the person to ``thanked``, which
starts the stay-in-touch clock (``timeline.py``).

Templates ship as ``thanks-<channel>.txt`` in ``data/templates``; a file of
the same name in the workspace's ``templates/`` folder takes its place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from infoview.model.dates import When, is_before, show
from infoview.model.errors import InvalidInput, NotFound
from infoview.model.interviews import Held, InterviewsFile, Scheduled, oldest_first
from infoview.model.people import Prospect
from infoview.model.vocab import THANKS_CHANNELS
from infoview.rules.drafting import (
    PLACEHOLDER,
    Draft,
    Finding,
    count_words,
    fill_template,
    read_template,
    template_path,
)
from infoview.rules.interviews import save_interview
from infoview.rules.status import settle_status
from infoview.store.registry import INTERVIEWS
from infoview.store.workspace import Transaction

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


# --- the draft -------------------------------------------------------------------


def _trim_words(text: str, limit: int) -> str:
    words = text.split()
    if len(words) <= limit:
        return " ".join(words)
    return " ".join(words[:limit]).rstrip(",;:.!?-–— ") + "…"


def _marked_note(note: str) -> str | None:
    stripped = note.lstrip()
    return stripped.lstrip("*").strip() if stripped.startswith("*") else None


def specific_thing(interview: Held, max_words: int = SPECIFIC_MAX_WORDS) -> str | None:
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
    interview: Held,
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


def interview_to_thank(file: InterviewsFile, person: Prospect, zone: tzinfo | None) -> Held:
    """The person's latest logged conversation, the one a thank-you is about."""
    held = [i for i in file.interviews if isinstance(i, Held) and i.person == person.id]
    scheduled = [i for i in file.interviews if isinstance(i, Scheduled) and i.person == person.id]
    if not held:
        if scheduled:
            raise NotFound(
                f"your conversation with {person.name} is not logged yet: log it first with "
                f"infoview interview log {person.id}"
            )
        raise NotFound(
            f"no interview with {person.name} is logged: log it first with "
            f"infoview interview log {person.id}"
        )
    return oldest_first(held, zone)[-1]


@dataclass(frozen=True)
class Thanked:
    interview: Held
    corrected: When | None  # the date recorded before, when this corrects it


def mark_thanked(
    tx: Transaction, person: Prospect, when: When, channel: str, now: datetime
) -> Thanked:
    """Record the thank-you for the person's latest conversation; they are now thanked.

    It cannot be in the future, nor before the conversation ended (a day counts as
    the conversation's own day). Recorded again, it corrects the date and channel.
    """
    check_channel(channel)
    if is_before(now, when):
        raise InvalidInput("that date is in the future; record the thank-you once it is sent")
    interview = interview_to_thank(tx.get(INTERVIEWS), person, now.tzinfo)
    ended = interview.ends_at(now.tzinfo)
    if is_before(when, ended if isinstance(interview.held_at, datetime) else interview.held_at):
        raise InvalidInput(
            f"{show(when)} is before your conversation with {person.name} ended "
            f"({show(ended if isinstance(interview.held_at, datetime) else interview.held_at)})"
        )
    updated = interview.model_copy(update={"thanked_at": when, "thanks_channel": channel})
    save_interview(tx, updated)
    settle_status(tx, person.id, now)
    return Thanked(updated, interview.thanked_at)
