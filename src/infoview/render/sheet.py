"""The printable interview sheet: who, when and where, an opener, the questions, reminders.

Markdown for any editor or notes app; HTML as one self-contained file (no
network) whose print styles fit both A4 and US Letter.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from infoview.model.dates import format_moment
from infoview.model.text import indefinite_article
from infoview.model.vocab import Mode
from infoview.rules.thank_clock import THANKS_DUE_HOURS  # method rule: within 24 hours
from infoview.usecases.questions import SheetFacts, SheetMeeting

WRITING_LINES = 2  # ruled lines under each question for notes

RELATION_PHRASES = {
    "family": "family",
    "family-friend": "a family friend",
    "neighbor": "a neighbour",
    "friend": "a friend",
    "teacher": "a teacher",
    "alumni": "an alum of your school",
    "coworker": "someone you have worked with",
    "referral": "a referral",
    "other": "",
}


class SheetQuestion(NamedTuple):
    text: str
    category: str
    minutes: int


@dataclass(frozen=True)
class Sheet:
    person: str
    role: str
    organization: str
    fields: list[str]
    how_you_know: str
    minutes: int
    opener: str
    questions: list[SheetQuestion]
    when: str = ""  # the scheduled time and mode, once the interview is scheduled
    reminders: list[str] = field(default_factory=list)
    where: str = ""  # the place of a meeting in person, once scheduled
    link: str = ""  # the video call link, once scheduled


MODE_PHRASES = {Mode.IN_PERSON: "in person", Mode.VIDEO: "by video", Mode.PHONE: "by phone"}


def when_line(meeting: SheetMeeting) -> str:
    """'Thu 3 Dec 2026 15:30, in person'."""
    return f"{format_moment(meeting.at)}, {MODE_PHRASES[meeting.mode]}"


def closing_reminders(minutes: int) -> list[str]:
    return [
        f"Watch the time: you asked for {minutes} minutes; offer to stop when they are up.",
        "Ask who else you should talk to, and whether you may mention their name.",
        "Thank them for their time before you say goodbye.",
        f"Send a thank-you note within {THANKS_DUE_HOURS} hours that names something "
        "specific they said.",
    ]


def opener(student: str, year: str, school: str, field_text: str) -> str:
    """One line to start with: thanks, who you are, what you are curious about."""
    intro = ""
    if student:
        grade = f"{indefinite_article(year)} {year}" if year else ""
        detail = " ".join(p for p in (grade, f"at {school}" if school else "") if p)
        intro = f" I'm {student}," + (f" {detail}," if detail else "")
        intro += f" and I'm curious about {field_text or 'your work'}."
    else:
        intro = f" I'm curious about {field_text or 'your work'}."
    return "Thank you so much for making time to talk with me." + intro


def sheet_for(facts: SheetFacts) -> Sheet:
    """The sheet for one person, laid out from what the use case found."""
    person, profile, meeting = facts.person, facts.profile, facts.meeting
    if facts.referrer is not None:
        how = f"referred by {facts.referrer.name}"
    else:
        how = RELATION_PHRASES[person.relation.value]
    return Sheet(
        person=person.name,
        role=person.role,
        organization=person.organization,
        fields=person.fields,
        how_you_know=how,
        minutes=facts.minutes,
        opener=opener(
            profile.name if profile else "",
            profile.year if profile else "",
            profile.school if profile else "",
            " and ".join(person.fields),
        ),
        questions=[
            SheetQuestion(q.text, facts.category_title(q), q.minutes) for q in facts.questions
        ],
        when=when_line(meeting) if meeting else "",
        reminders=closing_reminders(facts.minutes),
        where=meeting.where if meeting else "",
        link=meeting.link if meeting else "",
    )


def safe_filename(stem: str, extension: str) -> str:
    """A file name from a person's id or name: no separators, no leading dot, not empty."""
    cleaned = re.sub(r"[^\w\-]+", "-", stem, flags=re.UNICODE).strip("-._")
    return f"interview-sheet-{cleaned or 'person'}.{extension}"


def _subtitle(sheet: Sheet) -> str:
    return ", ".join(p for p in [sheet.role, sheet.organization] if p)


# "&" too: "&amp;" or "&copy;" in a name would otherwise show as "&" or "©".
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")


def md_escape(text: str) -> str:
    """Text shown as itself in Markdown: names with * or <b> stay literal."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _facts(sheet: Sheet) -> list[tuple[str, str]]:
    """The labelled lines under the title, those with nothing to say left out."""
    facts = [
        ("Fields", ", ".join(sheet.fields)),
        ("How you know them", sheet.how_you_know),
        ("When", sheet.when),
        ("Where", sheet.where),
        ("Link", sheet.link),
        ("Length", f"{sheet.minutes} minutes"),
    ]
    return [(k, v) for k, v in facts if v]


def to_markdown(sheet: Sheet) -> str:
    m = md_escape
    lines = [f"# Interview sheet: {m(sheet.person)}", ""]
    if _subtitle(sheet):
        lines += [f"**{m(_subtitle(sheet))}**", ""]
    lines += [f"- {k}: {m(v)}" for k, v in _facts(sheet)]
    lines += ["", "## Opening line", "", f"> {m(sheet.opener)}", "", "## Questions", ""]
    # Four spaces keep the notes inside list items numbered 10 and up.
    for n, q in enumerate(sheet.questions, start=1):
        lines += [
            f"{n}. **{m(q.text)}** _({m(q.category)}, about {q.minutes} min)_",
            "",
            "    Notes:",
            "",
            *(["    " + "_" * 40, ""] * WRITING_LINES),  # a rule when rendered, a line when raw
        ]
    lines += ["## Before you leave", ""]
    lines += [f"- [ ] {m(r)}" for r in sheet.reminders]
    return "\n".join(lines) + "\n"


_CSS = """
:root { color-scheme: light; }
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; color: #111; margin: 2rem auto;
       max-width: 46rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.1rem; margin: 1.4rem 0 .5rem; border-bottom: 1px solid #999; }
.subtitle { font-weight: bold; margin: 0 0 .6rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: anywhere; }  /* a long video link wraps, not widens the page */
blockquote { margin: 0; padding: .4rem .8rem; border-left: 3px solid #666; font-style: italic; }
ol { padding-left: 1.6rem; }
li.q { margin-bottom: .9rem; break-inside: avoid; page-break-inside: avoid; }
.meta { color: #555; font-size: .85em; }
/* Writing lines are borders, not backgrounds: browsers skip backgrounds when printing. */
.line { height: 1.7em; border-bottom: 1px solid #aaa; }
ul.check { list-style: none; padding-left: 0; }
ul.check li::before { content: "\\2610\\00a0\\00a0"; }
@page { margin: 16mm 15mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def to_html(sheet: Sheet) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Interview sheet: {e(sheet.person)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>Interview sheet: {e(sheet.person)}</h1>",
    ]
    if _subtitle(sheet):
        parts.append(f'<p class="subtitle">{e(_subtitle(sheet))}</p>')
    parts.append("<dl>")
    parts += [f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in _facts(sheet)]
    parts += [
        "</dl>",
        "<h2>Opening line</h2>",
        f"<blockquote>{e(sheet.opener)}</blockquote>",
        "<h2>Questions</h2>",
        "<ol>",
    ]
    for q in sheet.questions:
        parts.append(
            f'<li class="q"><strong>{e(q.text)}</strong> '
            f'<span class="meta">({e(q.category)}, about {q.minutes} min)</span>'
            + '<div class="line"></div>' * WRITING_LINES
            + "</li>"
        )
    parts += ["</ol>", "<h2>Before you leave</h2>", '<ul class="check">']
    parts += [f"<li>{e(r)}</li>" for r in sheet.reminders]
    parts += ["</ul>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"
