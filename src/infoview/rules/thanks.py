"""Thank-you notes: who is owed one, the draft that names what they said, and recording it.

The method's rule: the thank-you goes out within 24 hours of the conversation;
after 48 hours it is overdue. The note thanks them for their time, names one
specific thing they said, mentions anyone they suggested, offers to keep them
posted, and stays under 150 words. Only words the student marked as theirs (a
starred answer, a note line starting with '*') are quoted, whole; any other
answer is named by its question ("what you said about the hardest part of your
job", ``recall.py``), and a plain note is never put in their mouth. Recording it
moves the person to ``thanked``, which starts the stay-in-touch clock
(``timeline.py``).

Templates ship as ``thanks-<channel>.txt`` in ``data/templates``; a file of
the same name in the workspace's ``templates/`` folder takes its place.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Literal

from infoview.model.dates import When, is_before, show
from infoview.model.errors import InvalidInput, NotFound
from infoview.model.interviews import Held, InterviewsFile, Scheduled, oldest_first
from infoview.model.people import Prospect
from infoview.model.vocab import THANKS_CHANNELS
from infoview.rules.drafting import (
    Draft,
    Finding,
    count_words,
    fill_template,
    leftover_placeholders,
    note_basics,
    read_template,
    template_path,
)
from infoview.rules.interviews import save_interview
from infoview.rules.recall import sentences, topic_of
from infoview.rules.status import settle_status
from infoview.rules.wording import address_for, is_casual, relation_of
from infoview.store.registry import INTERVIEWS
from infoview.store.workspace import Transaction

THANKS_MAX_WORDS = 150
TEXT_MAX_CHARS = 320  # a longer SMS splits into several messages
SPECIFIC_MAX_WORDS = 25  # the quoted thing, in the full sentence
SPECIFIC_MAX_CHARS = 200
SPECIFIC_SHORT_MAX_WORDS = 12  # ... and in the short one a text message uses
SPECIFIC_SHORT_MAX_CHARS = 90

THANKS_WORD = re.compile(r"\bthank", re.I)
KEEP_POSTED = re.compile(
    r"\bkeep you (?:posted|updated|in the loop)\b|\blet you know how\b|\bupdates?\b", re.I
)
# Naming something they said: a quote, "what you said about ...", what they told or
# suggested, or the people they suggested.
SPECIFIC = re.compile(
    r"[“”„«»\"]|\byou (?:said|mentioned|told me|described|explained|shared)\b|"
    r"\bsuggest\w*|\brecommend\w*|\breferr\w*|\bintroduc\w*",
    re.I,
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


@dataclass(frozen=True)
class Said:
    """One thing they said, as the thank-you names it.

    ``quote``: words the student marked as theirs, whole (``text``); ``topic``:
    what an answer was about, from its question (``text`` follows "what you said
    about"); ``notes``: something was logged that cannot be named honestly.
    """

    kind: Literal["quote", "topic", "notes"]
    text: str = ""


def _marked_lines(notes: Sequence[str]) -> list[str]:
    """The note lines the student marked as their words with a leading '*', each alone."""
    marked = []
    for note in notes:
        for line in note.splitlines():
            stripped = line.strip()
            if stripped.startswith("*") and (words := stripped.lstrip("*").split()):
                marked.append(" ".join(words))
    return marked


def whose_words(interview: Held) -> tuple[list[str], list[str]]:
    """(the student's own words, the words they marked as the person's): unstarred answers
    and plain note lines; starred answers and note lines starting with '*'. A draft may
    quote only the second (``draft_review.find_artefacts`` checks it)."""
    theirs = [a.text for a in interview.answers if a.starred] + _marked_lines(interview.notes)
    own = [a.text for a in interview.answers if not a.starred]
    own += [
        line.strip()
        for note in interview.notes
        for line in note.splitlines()
        if line.strip() and not line.strip().startswith("*")
    ]
    return own, theirs


def _fits(text: str, max_words: int, max_chars: int) -> bool:
    return count_words(text) <= max_words and len(text) <= max_chars


def specific_thing(
    interview: Held,
    questions: Mapping[str, str] | None = None,
    max_words: int = SPECIFIC_MAX_WORDS,
    max_chars: int = SPECIFIC_MAX_CHARS,
) -> Said | None:
    """The one thing the thank-you names, within ``max_words`` and ``max_chars``.

    Only what the student marked as the person's words is quoted (a starred
    answer, a note line starting with '*'), never cut: the first that fits
    whole, else the first whole sentence of one that fits. Else the topic of an
    answer's question (``questions`` maps question ids to their text; starred
    answers first). Else, if anything was logged, "notes"; None if nothing was.
    """
    answers = [a for a in interview.answers if a.text.strip()]
    starred = [a.text.strip() for a in answers if a.starred] + _marked_lines(interview.notes)
    whole = [" ".join(t.split()) for t in starred if "\n" not in t]
    parts = [s for t in starred for s in sentences(t) if count_words(s) >= 3]
    for text in (*whole, *parts):
        if _fits(text, max_words, max_chars):
            return Said("quote", text)
    texts = questions or {}
    for answer in sorted(answers, key=lambda a: not a.starred):
        question = texts.get(answer.question)
        topic = topic_of(question) if question else None
        if topic and _fits(topic, max_words, max_chars):
            return Said("topic", topic)
    if answers or any(n.strip().lstrip("*").strip() for n in interview.notes):
        return Said("notes")
    return None


GENERAL_SENTENCE = "Our conversation gave me a lot to think about."
NOTES_SENTENCE = "I wrote down what you told me so I can come back to it as I plan my next steps."
NOTES_SHORT = "I wrote down what you told me so I can come back to it."


def specific_sentence(said: Said | None, short: bool = False) -> str:
    """The sentence that names what they said: a quote, 'what you said about ...', the
    notes the student took, or a general sentence when nothing was logged."""
    if said is None:
        return GENERAL_SENTENCE
    if said.kind == "quote":
        end = "" if _ENDS_SENTENCE.search(said.text) else "."
        return f"I keep thinking about what you said: “{said.text}”{end}"
    if said.kind == "topic":
        return f"I keep thinking about what you said about {said.text}."
    return NOTES_SHORT if short else NOTES_SENTENCE


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
    field: str  # their work as a message names it ("your work as a nurse")
    address: str = ""  # how to greet them ("Dr. Weiss", "Aunt Keiko"); "" = the first name
    casual: bool = False  # family and friends: "Hi", the first name to sign
    thing: Said | None = None  # what they said, from specific_thing()
    thing_short: Said | None = None
    referrals: tuple[str, ...] = ()  # names of the people they suggested


def facts_for(
    person: Prospect,
    interview: Held,
    prospects: Sequence[Prospect],
    my_name: str,
    field: str,
    questions: Mapping[str, str] | None = None,
) -> ThanksFacts:
    """The facts of a thank-you to ``person`` for ``interview``; ``questions`` maps the
    question ids of its answers to their text."""
    by_id = {p.id: p for p in prospects}
    names = tuple(by_id[r].name for r in interview.referrals if r in by_id)
    return ThanksFacts(
        their_name=person.name,
        my_name=my_name,
        field=field,
        address=address_for(person),
        casual=is_casual(relation_of(person)),
        thing=specific_thing(interview, questions),
        thing_short=specific_thing(
            interview, questions, SPECIFIC_SHORT_MAX_WORDS, SPECIFIC_SHORT_MAX_CHARS
        ),
        referrals=names,
    )


def _first(name: str) -> str:
    return (name.split() or [name])[0]


def compose_thanks(channel: str, facts: ThanksFacts, workspace: Path) -> Draft:
    """Fill the channel's thank-you template with the facts.

    Placeholders: $greeting ("Dear Dr. Weiss,", "Hi Aunt Keiko,"), $address, $me ("it's
    Kim", "this is Kim Lee"), $signature, $work ("your work as a nurse"), $first_name
    (the address, for templates written before it), $their_name, $my_name,
    $my_first_name, $field, $specific, $specific_short, $referrals, $referrals_short. A first line
    'Subject: ...' is the subject; email needs one, the other channels drop it.
    """
    check_channel(channel)
    name = template_name(channel)
    raw = read_template(template_path(name, workspace))
    address = facts.address or _first(facts.their_name)
    hello = "Hi" if facts.casual else ("Hello" if channel == "text" else "Dear")
    values = {
        "first_name": address,
        "address": address,
        "greeting": f"{hello} {address},",
        "me": f"it's {_first(facts.my_name)}" if facts.casual else f"this is {facts.my_name}",
        "signature": _first(facts.my_name) if facts.casual else facts.my_name,
        "their_name": facts.their_name,
        "my_name": facts.my_name,
        "my_first_name": _first(facts.my_name),
        "field": facts.field,
        "work": facts.field,
        "specific": specific_sentence(facts.thing),
        "specific_short": specific_sentence(facts.thing_short, short=True),
        "referrals": referrals_sentence(facts.referrals),
        "referrals_short": referrals_short(facts.referrals),
    }
    subject, body = fill_template(raw, values)
    if channel != "email":
        subject = None
    elif not subject:
        raise InvalidInput(f"the template {name} needs a first line 'Subject: ...'")
    return Draft(channel, "thanks", False, subject, body)


def lint_thanks(
    subject: str | None, body: str, channel: str, person: str | None = None
) -> list[Finding]:
    """Every way this thank-you falls short; each finding says what to change.

    ``person`` (their id) goes into the command a finding suggests.
    """
    found = note_basics(subject, body, channel, THANKS_MAX_WORDS, TEXT_MAX_CHARS)
    if not THANKS_WORD.search(body):
        found.append(Finding("thanks", "say thank you for their time"))
    if not SPECIFIC.search(body):
        found.append(
            Finding(
                "specific",
                "name one thing they said (quote it, or 'what you said about ...'): star it "
                f"with infoview interview log {person or 'PERSON'} --edit",
            )
        )
    if not KEEP_POSTED.search(body):
        found.append(
            Finding("keep-posted", "offer to keep them posted on what you do with their advice")
        )
    return found + leftover_placeholders(subject, body)


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
