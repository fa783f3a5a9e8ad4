"""The form `interview log --edit` opens: planned questions to type answers under.

Lines starting with "# " are guidance and ignored. The header has the facts
(when, how long, how, interest); sections start with "## ". A form the student
broke is reported with its line number, and the CLI keeps the text. What it
says becomes a :class:`~infoview.rules.interviews.Record` to log.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from infoview.model.dates import When, as_typed, parse_when
from infoview.model.errors import InvalidInput
from infoview.model.interviews import INTEREST_MAX, INTEREST_MIN, Held
from infoview.model.questions import Question
from infoview.model.vocab import Mode
from infoview.rules.interviews import Answer, Record

_HEADER = re.compile(r"^(?P<key>[a-z]+)\s*:(?P<value>.*)$")
STAR = "*"  # an answer or note starting with this is quoted in the thank-you


class FormError(InvalidInput):
    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line


@dataclass
class Filled:
    held_at: When | None = None  # None: the `on:` line was left empty
    minutes: int | None = None
    mode: Mode | None = None
    interest: int | None = None
    notes: list[str] = field(default_factory=list)
    referrals: list[str] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)

    def record(self, *, whole: bool = False) -> Record:
        return Record(
            whole=whole,
            held_at=self.held_at,
            minutes=self.minutes,
            mode=self.mode,
            notes=tuple(self.notes),
            answers=tuple(self.answers),
            referrals=tuple(self.referrals),
            interest=self.interest,
        )


def blank_form(
    person_name: str,
    person_id: str,
    questions: Sequence[Question],
    *,
    when: When,
    minutes: int,
    mode: Mode,
    logged: Held | None = None,
    referral_lines: Sequence[str] = (),
) -> str:
    """The form to log a conversation, or (``logged``) to edit one logged already."""
    answers = {a.question: a for a in logged.answers} if logged else {}
    interest = str(logged.interest) if logged and logged.interest else ""
    lines = [
        f"# Interview with {person_name} ({person_id}). Lines starting with '# ' are ignored.",
        "# Type each answer under its question. Start an answer or a note with * to quote",
        "# it in your thank-you note. Referrals: one per line, 'Name, role @ organisation'.",
        f"# interest: how interested you are now in their field, {INTEREST_MIN}-{INTEREST_MAX}.",
        f"on: {as_typed(when)}",
        f"minutes: {minutes}",
        f"mode: {mode.value}",
        f"interest: {interest}".rstrip(),
        "",
        "## notes",
        *"\n\n".join(_one_paragraph(note) for note in (logged.notes if logged else ())).split("\n"),
        "",
        "## referrals",
        *referral_lines,
        "",
    ]
    asked = [q.id for q in questions]
    for qid in [*asked, *(q for q in answers if q not in asked)]:
        text = next((q.text for q in questions if q.id == qid), "")
        answer = answers.get(qid)
        written = (STAR if answer and answer.starred else "") + (answer.text if answer else "")
        lines += [f"## answer {qid}", *([f"# {text}"] if text else []), written, ""]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def paragraphs(lines: Sequence[str]) -> list[str]:
    """The notes typed under '## notes': one a paragraph (blank lines between them)."""
    found: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line)
        elif current:
            found.append("\n".join(current).strip())
            current = []
    return found


def _one_paragraph(note: str) -> str:
    """A note as the form shows it: its own blank lines would split it in two."""
    return "\n".join(line for line in note.split("\n") if line.strip())


def parse_form(text: str, now: datetime, known_questions: set[str]) -> Filled:
    held_at: When | None = None
    filled = Filled()
    section: tuple[str, str] | None = None  # ("answer", id) | ("notes", "") | ("referrals", "")
    buffer: list[str] = []

    def close() -> None:
        if section is None:
            return
        body = "\n".join(buffer).strip()
        kind, qid = section
        if kind == "notes":
            filled.notes += paragraphs(buffer)
        elif kind == "answer" and body:
            starred = body.startswith(STAR)
            filled.answers.append((qid, body.lstrip(STAR).strip(), starred))

    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        line = raw.rstrip()
        if line.startswith("# ") or line == "#":
            continue
        if line.startswith("## "):
            close()
            buffer = []
            name = line[3:].strip()
            if name == "notes":
                section = ("notes", "")
            elif name == "referrals":
                section = ("referrals", "")
            elif name.startswith("answer "):
                qid = name.removeprefix("answer ").strip()
                if qid not in known_questions:
                    raise FormError(number, f"no question has the id '{qid}'")
                section = ("answer", qid)
            else:
                raise FormError(
                    number, f"unknown section '## {name}' (use notes, referrals, answer ID)"
                )
            continue
        if section is None:
            if not line.strip():
                continue
            match = _HEADER.match(line.strip())
            if match is None:
                raise FormError(number, f"expected 'key: value', found {line.strip()[:40]!r}")
            key, value = match["key"], match["value"].strip()
            try:
                held_at = _header(number, key, value, filled, now) or held_at
            except (ValueError, OverflowError) as exc:
                # Whatever a value does to a reader (a 5,000-digit number, an
                # impossible date): the form's fault, reported with its line.
                raise FormError(number, f"cannot read {key} {value[:40]!r} ({exc})") from None
        elif section[0] == "referrals":
            if line.strip():
                filled.referrals.append(line.strip())
        else:
            buffer.append(line)
    close()
    if held_at is not None:
        filled.held_at = held_at
    return filled


def _header(number: int, key: str, value: str, filled: Filled, now: datetime) -> When | None:
    if key == "on":
        if not value:
            return None
        try:
            return parse_when(value, now, prefer="past")
        except InvalidInput as exc:
            raise FormError(number, exc.message) from None
    if not value:
        return None
    if key == "minutes":
        if not (value.isdecimal() and len(value) <= 4):  # any script's digits; not '²'
            raise FormError(number, f"minutes must be a number, not {value!r}")
        filled.minutes = int(value)
    elif key == "mode":
        try:
            filled.mode = Mode(value)
        except ValueError:
            modes = ", ".join(m.value for m in Mode)
            raise FormError(number, f"mode must be one of {modes}, not {value!r}") from None
    elif key == "interest":
        if not (
            value.isdecimal() and len(value) <= 2 and INTEREST_MIN <= int(value) <= INTEREST_MAX
        ):
            raise FormError(
                number, f"interest must be {INTEREST_MIN}-{INTEREST_MAX}, not {value!r}"
            )
        filled.interest = int(value)
    else:
        raise FormError(number, f"unknown key '{key}' (on, minutes, mode, interest)")
    return None
