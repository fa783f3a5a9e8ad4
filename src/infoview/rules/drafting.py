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
from infoview.model.limits import INTERVIEW_MINUTES_DEFAULT
from infoview.model.names import KINSHIP
from infoview.model.text import control_character
from infoview.model.vocab import DRAFT_CHANNELS
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
# Kinship words as people write them ("Tía", "Abuela"): a greeting that names one
# says how the student knows them.
_KINSHIP = "|".join(sorted(k.replace("i", "[ií]") if k.startswith("ti") else k for k in KINSHIP))
CONNECTION_MARKERS = re.compile(
    r"\b(?:suggest\w*|recommend\w*|referr\w*|introduc\w*|told me|famil\w*|neighbo\w*|"
    r"friends?|teachers?|class\w*|school\w*|alum\w*|worked together|colleagues?|came across|"
    r"met|parents?|following up|my note|my message|my call|same|fellow|went to|found you|"
    r"gave me your name|connected|connections?|"
    f"{_KINSHIP})(?:s)?\\b",
    re.I,
)
# "30 minutes", "20–30 min", "a 30-minute call". No two "\s*" side by side (each would
# try every split of one run of spaces between them: quadratic time on a long run).
TIME_ASK = re.compile(r"\b\d+(?:\s*(?:–|-|to)\s*\d+)?\s*(?:-\s*)?(?:min|mins|minutes?)\b", re.I)
TITLES = re.compile(
    r"\b(Dr|Dra|Mr|Mrs|Ms|Mx|Prof|Profa|St|Jr|Sr|Sra|Srta|Rev|Fr|Capt|Sgt|Ing|Lic)\."
)
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


# What a draft is for: the first ask, a follow-up, or the last follow-up a setting allows.
KINDS = ("ask", "follow-up", "follow-up-last")


def job_words(text: str) -> list[str]:
    """The words of ``text`` that ask for a job ("internship", "resume", "hiring"...);
    their own job ("the hardest part of your job") is what the student asks about."""
    return sorted(
        {
            m.group(0).lower()
            for m in JOB_WORDS.finditer(text)
            if not text[max(0, m.start() - 5) : m.start()].lower().endswith("your ")
        }
    )


def template_name(channel: str, style: str, kind: str = "ask") -> str:
    return f"{channel}-{style}.txt" if kind == "ask" else f"{channel}-{kind}.txt"


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


def check_style(channel: str, style: str) -> None:
    if channel not in DRAFT_CHANNELS:
        raise InvalidInput(f"--channel must be one of {', '.join(DRAFT_CHANNELS)}, not {channel!r}")
    if style not in STYLES:
        raise InvalidInput(f"--style must be one of {', '.join(STYLES)}, not {style!r}")


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


def compose(channel: str, style: str, kind: str, values: dict[str, str], workspace: Path) -> Draft:
    """Fill the template for this channel, style and kind with ``values``
    (``rules/asking.py`` gives them for a person)."""
    check_style(channel, style)
    name = template_name(channel, style, kind)
    subject, body = fill_template(read_template(template_path(name, workspace)), values)
    if channel == "email" and not subject:
        raise InvalidInput(f"the template {name} needs a first line 'Subject: ...'")
    return Draft(channel, style, kind != "ask", subject, body)


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


def note_basics(
    subject: str | None, body: str, channel: str, max_words: int, text_chars: int
) -> list[Finding]:
    """What every note after the ask (thank-you, reply to a no, confirmation,
    stay-in-touch) is checked for first: its length in words, a text's length in
    characters, the subject of an email."""
    found: list[Finding] = []
    words = count_words(body)
    if words > max_words:
        found.append(Finding("length", f"{words} words; cut it to {max_words}"))
    chars = len(body.strip())
    if channel == "text" and chars > text_chars:
        found.append(
            Finding(
                "length", f"{chars} characters; cut it to {text_chars} so the text message fits"
            )
        )
    if channel == "email" and not (subject or "").strip():
        found.append(Finding("subject", "add a first line 'Subject: ...'"))
    return found


def leftover_placeholders(subject: str | None, body: str) -> list[Finding]:
    leftovers = sorted({m.group(0) for m in PLACEHOLDER.finditer(f"{subject or ''}\n{body}")})
    return (
        [Finding("placeholder", f"fill in or remove {', '.join(leftovers)}")] if leftovers else []
    )


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
    person: str = "PERSON",
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
                "who suggested you write...); for someone you have not met, where you found "
                f"them (infoview prospect edit {person} --how-found ...)",
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
    jobs = job_words(f"{subject or ''} {content}")
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
    return found + leftover_placeholders(subject, body)
