"""Outreach drafts from plain-text templates, and the lint that checks any draft.

What gets a reply ("The 2-Hour Job Search" and the user's own text): the
connection first; an ask for insight and advice, never for a job; the ask as a
question; 20–60 minutes (the person's planned minutes, else 30) at a time that
suits them, in person, by video or by phone; short (student style 100 words,
brief 75); and more about them than about the student.

Templates ship in ``infoview/templates``; a file of the same name in the
workspace's ``templates/`` folder takes its place.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infoview.model.errors import InvalidInput
from infoview.model.people import Profile, Prospect
from infoview.model.plans import INTERVIEW_MINUTES_DEFAULT
from infoview.model.text import control_character, indefinite_article
from infoview.model.vocab import DRAFT_CHANNELS
from infoview.rules.bank import Bank
from infoview.store.bundled import bundled_path
from infoview.store.inputs import DRAFT_LIMIT, TooLarge, describe, read_limited

STYLES = ("student", "brief")
WORD_LIMITS = {"student": 100, "brief": 75}
CHAR_LIMITS = {"text": 320, "linkedin": 300}  # a long SMS splits; LinkedIn's note limit
# The length asked for when nothing was planned (20–60 allowed): the plan's minutes win.
ASK_MINUTES = INTERVIEW_MINUTES_DEFAULT
PHONE_SECTIONS = ("Opening", "Ask", "Voicemail")
TEMPLATE_FOLDER = "templates"
BUNDLED = bundled_path("templates")

JOB_WORDS = re.compile(
    r"\b(jobs?|positions?|internships?|hiring|hire|r[eé]sum[eé]s?|openings?|apply|applying|"
    r"applications?)\b",
    re.I,
)
CONNECTION_MARKERS = re.compile(
    r"\b(?:suggest\w*|recommend\w*|referr\w*|introduc\w*|told me|famil\w*|neighbo\w*|"
    r"friends?|teachers?|class\w*|school\w*|alum\w*|worked together|colleagues?|came across|"
    r"met|cousins?|aunts?|uncles?|mom|dad|mother|father|parents?|following up|my note|"
    r"my message|my call|same)\b",
    re.I,
)
# "30 minutes", "20–30 min", "a 30-minute call". No two "\s*" side by side (each would
# try every split of one run of spaces between them: quadratic time on a long run).
TIME_ASK = re.compile(r"\b\d+(?:\s*(?:–|-|to)\s*\d+)?\s*(?:-\s*)?(?:min|mins|minutes?)\b", re.I)
TITLES = re.compile(r"\b(Dr|Mr|Mrs|Ms|Mx|Prof|St|Jr|Sr)\.")
FLEXIBLE = re.compile(
    r"suits? you|your schedule|convenient|whenever|works? (?:best )?for you|flexible|"
    r"fit around|at a time that",
    re.I,
)
PLACEHOLDER = re.compile(
    r"\$\{?[A-Za-z_]\w*\}?|\{\{?\s*\w+\s*\}?\}|\[[A-Z][A-Z _]+\]|<[A-Z][A-Za-z _]+>"
    r"|\bTODO\b|\bXXX\b"
)
ABOUT_THEM = re.compile(r"\b(you|your|yours|yourself|you're|you've|you'd|you'll)\b", re.I)
ABOUT_ME = re.compile(r"\b(i|me|my|mine|myself|i'm|i've|i'd|i'll)\b", re.I)
GREETING = re.compile(r"^(hi|hello|hey|dear|good (morning|afternoon|evening))\b", re.I)
_WORDS = re.compile(r"[\w'’-]+")


def template_name(channel: str, style: str, follow_up: bool) -> str:
    return f"{channel}-follow-up.txt" if follow_up else f"{channel}-{style}.txt"


def template_path(name: str, workspace: Path) -> Path:
    """The student's own copy of a template if there is one, else the bundled one."""
    own = workspace / TEMPLATE_FOLDER / name
    return own if own.is_file() else BUNDLED / name


def list_templates(workspace: Path) -> list[tuple[str, Path, bool]]:
    """(name, path in use, whether it is the student's own) for every template."""
    names = sorted(p.name for p in BUNDLED.glob("*.txt"))
    return [
        (n, template_path(n, workspace), template_path(n, workspace) != BUNDLED / n) for n in names
    ]


def read_template(path: Path) -> str:
    """A template's text: a regular file of at most DRAFT_LIMIT bytes of UTF-8, with no
    control character but newline and tab (an escape sequence would reach every draft)."""
    try:
        text = read_limited(path, DRAFT_LIMIT).decode("utf-8")
    except TooLarge:
        raise InvalidInput(f"the template {path} is larger than {describe(DRAFT_LIMIT)}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read the template {path}: {exc}") from None
    text = text.replace("\r\n", "\n")  # saved on Windows
    found = control_character(text)
    if found:
        line, ch = found
        raise InvalidInput(
            f"the template {path}, line {line}, contains a control character ({ch!r})",
            hint="remove it, or delete your copy to use the built-in template",
        )
    return text


def connection_sentence(relation: str, referrer: str | None, workspace: Path) -> str:
    """The opening sentence that says how the student knows them (connections.txt)."""
    path = template_path("connections.txt", workspace)
    sentences: dict[str, str] = {}
    for line in read_template(path).splitlines():
        if line.strip() and not line.lstrip().startswith("#") and ":" in line:
            key, _, sentence = line.partition(":")
            sentences[key.strip()] = sentence.strip()
    if relation == "referral" and not referrer:
        relation = "other"  # referred by someone not on the list: no name to give
    sentence = sentences.get(relation) or sentences.get("other", "")
    return string.Template(sentence).safe_substitute(referrer=referrer or "")


@dataclass(frozen=True)
class Facts:
    """What a draft is made of; missing ones are asked for before drafting."""

    their_name: str
    my_name: str
    my_intro: str  # "a junior at Lincoln High"
    connection: str
    field: str  # the field in broad terms
    my_phone: str = ""
    sent_day: str = ""  # for follow-ups: when the first message went
    minutes: int = ASK_MINUTES  # the length of the conversation asked for


@dataclass(frozen=True)
class Draft:
    channel: str
    style: str
    follow_up: bool
    subject: str | None
    body: str

    @property
    def words(self) -> int:
        return count_words(self.body)

    @property
    def text(self) -> str:
        """The draft as one text, with the subject line for email."""
        return f"Subject: {self.subject}\n\n{self.body}" if self.subject else self.body


def count_words(text: str) -> int:
    return len(_WORDS.findall(text))


def broad_field(bank: Bank, person: Prospect) -> str:
    """Their field as a draft names it: the bank's name for it ("nursing"), else their own words."""
    ids = bank.field_ids_for(person.fields)
    names = [f.name.lower() for f in bank.fields if f.id in ids]
    if names:
        return names[0]
    return person.fields[0] if person.fields else "your field"


def outreach_facts(
    person: Prospect,
    profile: Profile,
    *,
    referrer: str | None,
    field: str,
    sent_day: str,
    workspace: Path,
    minutes: int = ASK_MINUTES,
) -> Facts:
    """The facts of an ask (or a follow-up) to ``person`` from the student of ``profile``."""
    grade = profile.year or "student"
    intro = f"{indefinite_article(grade)} {grade}" + (
        f" at {profile.school}" if profile.school else ""
    )
    return Facts(
        their_name=person.name,
        my_name=profile.name,
        my_intro=intro,
        connection=connection_sentence(person.relation.value, referrer, workspace),
        field=field,
        my_phone=profile.phone or "",
        sent_day=sent_day,
        minutes=minutes,
    )


def check_style(channel: str, style: str) -> None:
    if channel not in DRAFT_CHANNELS:
        raise InvalidInput(f"--channel must be one of {', '.join(DRAFT_CHANNELS)}, not {channel!r}")
    if style not in STYLES:
        raise InvalidInput(f"--style must be one of {', '.join(STYLES)}, not {style!r}")


def _lower_first(sentence: str) -> str:
    first, _, rest = sentence.partition(" ")
    if first in ("You", "We", "As"):
        return f"{first.lower()} {rest}"
    return sentence


def fill_template(raw: str, values: dict[str, str]) -> tuple[str | None, str]:
    """(subject, body) of a template filled with ``values``.

    Unknown placeholders stay as they are (the lint reports them); spaces are
    evened out, and a first line 'Subject: ...' becomes the subject.
    """
    filled = string.Template(raw).safe_substitute(values)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in filled.strip().splitlines()]
    subject = None
    if lines and lines[0].lower().startswith("subject:"):
        subject = lines[0].split(":", 1)[1].strip()
        lines = lines[1:]
    return subject, re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def draft_as_dict(person_id: str, draft: Draft, findings: Sequence[Finding]) -> dict[str, Any]:
    """A draft and its lint as ``--json`` gives them."""
    return {
        "person": person_id,
        "channel": draft.channel,
        "subject": draft.subject,
        "body": draft.body,
        "words": count_words(draft.body),
        "lint": [f.as_dict() for f in findings],
    }


def compose(channel: str, style: str, follow_up: bool, facts: Facts, workspace: Path) -> Draft:
    """Fill the template for this channel and style with the facts."""
    check_style(channel, style)
    raw = read_template(template_path(template_name(channel, style, follow_up), workspace))
    values = {
        "first_name": (facts.their_name.split() or [facts.their_name])[0],
        "their_name": facts.their_name,
        "my_name": facts.my_name,
        "my_first_name": (facts.my_name.split() or [facts.my_name])[0],
        "my_intro": facts.my_intro,
        "connection": facts.connection,
        "connection_lower": _lower_first(facts.connection),
        "field": facts.field,
        "minutes": str(facts.minutes),
        "my_phone": facts.my_phone,
        "sent_day": facts.sent_day,
    }
    subject, body = fill_template(raw, values)
    if channel == "email" and not subject:
        raise InvalidInput(
            f"the template {template_name(channel, style, follow_up)} needs a first line "
            "'Subject: ...'"
        )
    return Draft(channel, style, follow_up, subject, body)


# --- lint --------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "message": self.message}


def _sentences(text: str) -> list[str]:
    text = TITLES.sub(r"\1", text)  # "Dear Dr. Lopez," is one sentence, not two
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def _phone_sections(body: str) -> dict[str, str]:
    parts: dict[str, list[str]] = {}
    current = ""
    for line in body.splitlines():
        head, sep, rest = line.partition(":")
        if sep and head.strip() in PHONE_SECTIONS:
            current = head.strip()
            parts[current] = [rest.strip()]
        elif current:
            parts[current].append(line.strip())  # joined once below, not once per line
    return {name: " ".join(p for p in lines if p) for name, lines in parts.items()}


def split_draft(text: str) -> tuple[str | None, str]:
    """(subject, body) of a draft as text: a first line 'Subject: ...' is the subject."""
    lines = text.replace("\r\n", "\n").strip().split("\n")
    if lines and lines[0].lower().startswith("subject:"):
        return lines[0].split(":", 1)[1].strip(), "\n".join(lines[1:]).strip()
    return None, "\n".join(lines).strip()


def lint_draft(
    subject: str | None,
    body: str,
    channel: str,
    style: str,
    follow_up: bool = False,
    minutes: int = ASK_MINUTES,
) -> list[Finding]:
    """Every way this draft falls short of what gets a reply; each says what to change.

    ``minutes`` is the length of the conversation to ask for, named when the draft
    does not say how long.
    """
    found: list[Finding] = []
    limit = WORD_LIMITS[style]
    if channel == "phone":
        sections = _phone_sections(body)
        missing = [s for s in PHONE_SECTIONS if not sections.get(s)]
        if missing:
            found.append(Finding("phone-script", f"add the part(s): {', '.join(missing)}"))
        for name, part in sections.items():
            if count_words(part) > limit:
                found.append(
                    Finding(
                        "length",
                        f"the {name.lower()} is {count_words(part)} words; cut each part to "
                        f"{limit} in the {style} style",
                    )
                )
        spoken = " ".join(sections.get(s, "") for s in ("Opening", "Ask"))
        # Everything said, without the part names ("Opening:" is no job opening).
        # (Spaces within the line only: "\s*" after "^" would run on over every blank
        # line below, from each line: quadratic time on many newlines.)
        content = re.sub(r"(?m)^[^\S\n]*(?:Opening|Ask|Voicemail)[^\S\n]*:", " ", body)
    else:
        spoken = content = body
        words = count_words(body)
        if words > limit:
            found.append(
                Finding("length", f"{words} words; cut it to {limit} for the {style} style")
            )
    if channel in CHAR_LIMITS and len(body.strip()) > CHAR_LIMITS[channel]:
        found.append(
            Finding(
                "length",
                f"{len(body.strip())} characters; cut it to {CHAR_LIMITS[channel]} so the "
                f"{channel} message fits",
            )
        )
    if channel == "email" and not subject:
        found.append(Finding("subject", "add a first line 'Subject: ...'"))

    sentences = _sentences(spoken)
    first = sentences[:1]
    if first and GREETING.match(first[0]) and not CONNECTION_MARKERS.search(first[0]):
        first = sentences[1:2]  # "Hi Maria," or "Hi Maria, it's Ana." is only the greeting
    if not first or not CONNECTION_MARKERS.search(first[0]):
        found.append(
            Finding(
                "connection",
                "say how you know them in the first sentence (a neighbour, family friend, "
                "who suggested you write...)",
            )
        )
    asks = [s for s in _sentences(body) if s.endswith("?")]
    if not asks:
        found.append(
            Finding(
                "ask", "make the ask a question ending in '?', e.g. 'Would you be willing to ...?'"
            )
        )
    if not TIME_ASK.search(body):
        found.append(Finding("time", f"say how long you are asking for (about {minutes} minutes)"))
    if not FLEXIBLE.search(body):
        found.append(Finding("flexible", "offer to fit their schedule ('whenever suits you')"))
    jobs = sorted({m.group(0).lower() for m in JOB_WORDS.finditer(f"{subject or ''} {content}")})
    if jobs:
        found.append(
            Finding(
                "job-words",
                f"remove {', '.join(repr(j) for j in jobs)}: ask for their story and advice, "
                "never for a job",
            )
        )
    them, me = len(ABOUT_THEM.findall(body)), len(ABOUT_ME.findall(body))
    if them <= me:
        found.append(
            Finding(
                "about-them",
                f"it says as much or more about you ({me} I/me/my) than about them "
                f"({them} you/your); turn a sentence toward them",
            )
        )
    leftovers = sorted({m.group(0) for m in PLACEHOLDER.finditer(f"{subject or ''}\n{body}")})
    if leftovers:
        found.append(Finding("placeholder", f"fill in or remove {', '.join(leftovers)}"))
    return found
