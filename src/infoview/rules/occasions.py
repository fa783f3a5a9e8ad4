"""Three more messages a counsellor would hand the student, and the lint for each.

- ``declined``: a reply to someone who said no. It thanks them, warmly and
  briefly, and asks whether someone else might talk with the student.
- ``confirm``: a short note before a scheduled conversation: the day and time as
  people write them ("tomorrow at 3:30 pm", on the student's clock), where or by
  what (the place, the video link, the phone), and the minutes.
- ``touch``: a stay-in-touch note. It offers an update and asks nothing big: what
  the student did since (their own words, ``--update``), and what stayed with them
  of the advice. Only words the student marked as the person's (a starred answer, a
  note line starting with '*') are quoted, whole (``thanks.specific_thing``).

Each builds on the values every message uses (``asking.message_values``: the
greeting, the signature, their work) and fills ``<kind>-<channel>.txt`` from the
templates (a copy in the workspace's ``templates/`` folder wins). Family and
friends get casual words, everyone else polite ones.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from infoview.model.errors import InvalidInput
from infoview.model.interviews import Scheduled
from infoview.model.text import clean_line
from infoview.model.vocab import Mode
from infoview.rules.drafting import (
    CHAR_LIMITS,
    Draft,
    Finding,
    fill_template,
    job_words,
    leftover_placeholders,
    note_basics,
    read_template,
    template_path,
)
from infoview.rules.thanks import THANKS_WORD, Said
from infoview.rules.wording import MONTHS, WEEKDAYS, spoken_day

Kind = Literal["declined", "confirm", "touch"]
KINDS: tuple[Kind, ...] = ("declined", "confirm", "touch")
CHANNELS = ("email", "text", "linkedin")
MAX_WORDS: dict[Kind, int] = {"declined": 100, "confirm": 120, "touch": 150}
UPDATE_MAX_CHARS = 300  # the student's own sentence about what they did

SOMEONE_ELSE = re.compile(
    r"\b(?:someone|anyone|somebody|anybody) else\b|\bwho else\b|\banother person\b|"
    r"\bother people\b",
    re.I,
)
DAY_WORDS = re.compile(
    r"\b(?:today|tonight|tomorrow|"
    + "|".join(WEEKDAYS)
    + r")\b|\b\d{1,2} (?:"
    + "|".join(MONTHS)
    + r")\b",
    re.I,
)
CLOCK_WORDS = re.compile(
    r"\b\d{1,2}(?::\d{2})? ?(?:am|pm|a\.m\.|p\.m\.)|\bnoon\b|\bmidnight\b|\b\d{1,2}:\d{2}\b",
    re.I,
)
UPDATE_WORDS = re.compile(
    r"\bupdates?\b|\bkeep you (?:posted|updated|in the loop)\b|\blet you know how\b", re.I
)
_ENDS_SENTENCE = re.compile(r"[.!?…]$")


def template_name(kind: Kind, channel: str) -> str:
    return f"{kind}-{channel}.txt"


def check_channel(channel: str) -> str:
    if channel not in CHANNELS:
        raise InvalidInput(f"--channel must be one of {', '.join(CHANNELS)}, not {channel!r}")
    return channel


def compose_occasion(kind: Kind, channel: str, values: dict[str, str], workspace: Path) -> Draft:
    """Fill ``<kind>-<channel>.txt`` with ``values``; email needs a 'Subject:' line, the
    other channels drop it."""
    check_channel(channel)
    name = template_name(kind, channel)
    subject, body = fill_template(read_template(template_path(name, workspace)), values)
    if channel != "email":
        subject = None
    elif not subject:
        raise InvalidInput(f"the template {name} needs a first line 'Subject: ...'")
    return Draft(channel, kind, False, subject, body)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or _ENDS_SENTENCE.search(text) else f"{text}."


# --- declined ----------------------------------------------------------------------


def declined_values(casual: bool, topic: str) -> dict[str, str]:
    """The sentences of the reply to a no: thanks, and who else they would suggest."""
    about = topic if topic and topic != "your work" else "the work you do"
    if casual:
        return {
            "declined_thanks": "Thanks for letting me know! I totally understand.",
            "someone_else": f"Is there anyone else you'd suggest I talk to about {about}?",
            "no_pressure": "No worries if not.",
            "subject": "Thanks for letting me know",
            "closing": "Thanks again,",
        }
    return {
        "declined_thanks": "Thank you for letting me know, and for taking the time to reply.",
        "someone_else": f"Is there someone else you would suggest I talk with about {about}?",
        "no_pressure": "If no one comes to mind, there is no need to reply.",
        "subject": "Thank you for your reply",
        "closing": "With thanks,",
    }


# --- confirm -----------------------------------------------------------------------


def upcoming_day(day: date, today: date) -> str:
    """A day ahead as people write it: 'today', 'tomorrow', 'on Friday' (within the
    week ahead), else 'on Thursday, 3 December' (with the year when it is not this one)."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if 1 < delta < 7:
        return f"on {WEEKDAYS[day.weekday()]}"
    year = f" {day.year}" if day.year != today.year else ""
    return f"on {WEEKDAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]}{year}"


def clock_time(moment: datetime) -> str:
    """'3:30 pm', '3 pm', 'noon', 'midnight'."""
    if moment.minute == 0 and moment.hour in (0, 12):
        return "noon" if moment.hour == 12 else "midnight"
    hour = moment.hour % 12 or 12
    half = "am" if moment.hour < 12 else "pm"
    return f"{hour} {half}" if moment.minute == 0 else f"{hour}:{moment.minute:02d} {half}"


def spoken_moment(moment: datetime, now: datetime) -> str:
    """'tomorrow at 3:30 pm', on ``now``'s clock (the student's)."""
    local = moment.astimezone(now.tzinfo)
    return f"{upcoming_day(local.date(), now.date())} at {clock_time(local)}"


def _place(where: str) -> str:
    where = " ".join(where.split())
    if not where or where.lower().startswith(("at ", "in ", "on ", "by ")):
        return where
    return f"at {where}"


def confirm_values(interview: Scheduled, now: datetime, casual: bool) -> dict[str, str]:
    """When, where or by what, and for how long, as the note before the conversation says it."""
    when = spoken_moment(interview.scheduled_at, now)
    mode = interview.mode
    if mode == Mode.VIDEO:
        what, place = "video call", ""
        if interview.link:
            how = f"Here is the link: {interview.link}"
        else:
            how = "Should I send a video link?" if casual else "Would you like me to send a link?"
    elif mode == Mode.PHONE:
        what, place, how = "phone call", "", ""
    else:
        what = "chat" if casual else "conversation"
        place = _place(interview.where)
        how = "" if place else "Where would you like to meet?"
    return {
        "when": when,
        "when_capital": when[:1].upper() + when[1:],
        "meeting": what,
        "place": place,
        "when_where": f"{when} {place}".strip(),
        "how": how,
        "minutes": str(interview.minutes),
        "see_you": "Talk to you then," if mode == Mode.PHONE else "See you then,",
        "confirming": "Just confirming" if casual else "I'm writing to confirm",
        "if_changed": (
            "If anything comes up, just let me know."
            if casual
            else "If anything has come up, please let me know and we can find another time."
        ),
        "thanks_time": (
            "Thanks again for making the time!"
            if casual
            else "Thank you again for making the time."
        ),
    }


# --- touch -------------------------------------------------------------------------


def advice_sentence(said: Said | None) -> str:
    """What stayed with the student: their starred words, whole; else the topic of an
    answer; else the conversation itself; '' when no conversation was logged."""
    if said is None:
        return ""
    if said.kind == "quote":
        end = "" if _ENDS_SENTENCE.search(said.text) else "."
        return f"I still think about what you told me: “{said.text}”{end}"
    if said.kind == "topic":
        return f"I still think about what you said about {said.text}."
    return "What you shared has stayed with me."


def check_update(update: str) -> str:
    """The student's own sentence about what they did since: one line, not too long."""
    try:
        text = clean_line(update, what="--update", max_length=UPDATE_MAX_CHARS)
    except ValueError as exc:
        raise InvalidInput(str(exc), hint="one sentence in your own words") from None
    return _sentence(text)


def touch_values(
    *,
    casual: bool,
    talked: date | None,
    today: date,
    said: Said | None,
    said_short: Said | None,
    update: str,
    my_name: str,
) -> dict[str, str]:
    """The sentences of a stay-in-touch note: since when, what stayed, the update."""
    if talked is None:
        since = "I wanted to give you a quick update." if update else "I wanted to say hello."
    elif update:
        since = f"I wanted to give you a quick update since we talked {spoken_day(talked, today)}."
    else:
        since = (
            "I wanted to say hello, and thank you again for our conversation "
            f"{spoken_day(talked, today)}."
        )
    return {
        "since": since,
        "advice": advice_sentence(said),
        "advice_short": advice_sentence(said_short),
        "update": update,
        "keep_posted": "I'll keep you posted as things move along.",
        "small_question": "How have you been?" if casual else "I hope all is well with you.",
        "subject": ("A quick update" if update else "Saying hello")
        + ("" if casual else f" from {my_name}"),
        "closing": "Talk soon," if casual else "Best wishes,",
    }


# --- lint --------------------------------------------------------------------------


def lint_occasion(
    kind: Kind, subject: str | None, body: str, channel: str, person: str | None = None
) -> list[Finding]:
    """Every way this note falls short; each finding says what to change."""
    # On LinkedIn these go as messages to someone already in touch, not as the
    # 300-character note of a connection request: only a text has a length in characters.
    found = note_basics(subject, body, channel, MAX_WORDS[kind], CHAR_LIMITS["text"])
    found += _kind_rules(kind, subject, body, person)
    return found + leftover_placeholders(subject, body)


def _kind_rules(kind: Kind, subject: str | None, body: str, person: str | None) -> list[Finding]:
    found: list[Finding] = []
    if kind == "declined":
        if not THANKS_WORD.search(body):
            found.append(Finding("thanks", "thank them anyway, for their reply"))
        asks = [s for s in re.split(r"(?<=[.!?])\s+|\n+", body) if s.strip().endswith("?")]
        if not any(SOMEONE_ELSE.search(s) for s in asks):
            found.append(
                Finding("someone-else", "ask whether there is someone else they would suggest")
            )
    elif kind == "confirm":
        if not (DAY_WORDS.search(body) and CLOCK_WORDS.search(body)):
            hint = f" (infoview interview show {person})" if person else ""
            found.append(
                Finding("when", f"say the day and the time, e.g. 'tomorrow at 3:30 pm'{hint}")
            )
    else:
        jobs = job_words(f"{subject or ''} {body}")
        if jobs:
            found.append(
                Finding(
                    "job-words",
                    f"remove {', '.join(repr(j) for j in jobs)}: a stay-in-touch note asks "
                    "for nothing",
                )
            )
        if not UPDATE_WORDS.search(body):
            found.append(Finding("update", "offer an update: what you did with their advice"))
    return found
