"""The words a message uses for one person: how to greet them, what their work is,
how the student knows them, and dates as people write them.

Family and friends are greeted casually, by the name family uses ("Hi Aunt Keiko,",
"Hi Mom,", "Hi Leilani,"); teachers and people the student has not met politely
("Dear Dr. Weiss,", "Dear Ms. Okafor,", or the full name when no title is known). A
prospect's own ``address_as`` always wins. Their work is named as specifically as
what is known allows: role and organisation, else their field, else the field the
field map finds from the role; never "your field".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from infoview.model.names import derived_address, has_kinship, names_kin
from infoview.model.people import Prospect
from infoview.model.vocab import Relation

if TYPE_CHECKING:
    from infoview.rules.fields import FieldMap  # given by the caller: the map is not loaded here

# People the student knows well enough for "Hi" and a first name, and no self-introduction.
CASUAL = frozenset(
    {Relation.FAMILY, Relation.FAMILY_FRIEND, Relation.FRIEND, Relation.NEIGHBOR, Relation.COWORKER}
)
# Channels where a polite greeting is "Dear ..."; a text or a call says "Hello ...".
WRITTEN = frozenset({"email", "card", "linkedin"})
# How the first message is named in a follow-up, by the channel it went out on.
FIRST_MESSAGE = {
    "email": "the email I sent",
    "text": "the message I sent",
    "linkedin": "the message I sent on LinkedIn",
    "phone": "my call",
    "in-person": "our conversation",
    "other": "the note I sent",
}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")  # acronyms said with a vowel first: "an MD", "an RN"


def relation_of(person: Prospect) -> Relation:
    """How the student knows them, for the words of a message: their relation, except
    that someone whose name or address is a kinship word ("Aunt Keiko", "Mom") is family
    even when an import left the relation unset (nobody calls a stranger Aunt)."""
    if person.relation == Relation.OTHER and (
        has_kinship(person.address_as) or names_kin(person.name)
    ):
        return Relation.FAMILY
    return person.relation


def is_casual(relation: Relation) -> bool:
    return relation in CASUAL


def address_for(person: Prospect) -> str:
    """How a message names them: their ``address_as``, else worked out from the name."""
    if person.address_as:
        return person.address_as
    return derived_address(person.name, formal=not is_casual(relation_of(person)))


def greeting(person: Prospect, channel: str) -> str:
    """'Hi Aunt Keiko,' for people the student knows well; 'Dear Dr. Weiss,' (written) or
    'Hello Dr. Weiss,' (a text or a call) for everyone else."""
    casual = is_casual(relation_of(person))
    word = "Hi" if casual else "Dear" if channel in WRITTEN else "Hello"
    return f"{word} {address_for(person)},"


def article(phrase: str) -> str:
    """'a' or 'an' for ``phrase``, by sound: 'an engineer', 'a nurse', 'an RN', 'a university'."""
    word = phrase.split()[0] if phrase.split() else ""
    if len(word) > 1 and word.isupper():
        return "an" if word[0] in _VOWEL_LETTERS else "a"
    low = word.lower()
    if low.startswith(("uni", "use", "usu", "uro", "eu", "one")):
        return "a"
    if low.startswith(("hour", "honest", "honor", "honour", "heir")):
        return "an"
    return "an" if low[:1] in "aeiou" else "a"


def lower_words(text: str) -> str:
    """A title as it reads in a sentence: 'Marine Biology' -> 'marine biology', keeping
    acronyms and names in the student's own capitals ('UX and UI Design' -> 'UX and UI
    design'); a text typed in lower case stays as it is."""
    return " ".join(
        w.lower() if w[:1].isupper() and w[1:] == w[1:].lower() and w[1:].isalpha() else w
        for w in text.split()
    )


class Work(NamedTuple):
    """Their work as a message names it."""

    phrase: str  # "your work as a child psychiatrist at St. Mary's Hospital"; "your work"
    short: str  # the same without the organisation: "your work as a child psychiatrist"
    topic: str  # the field: "psychiatry", "marine biology"; "" when nothing is known
    field: str  # the topic, else their role ("welder"), else "your work"
    about: str  # what a subject names: the topic, else "your work as a welder", "your work"


def topic_of(person: Prospect, field_map: FieldMap) -> str:
    """The most specific field known for them: a field they were given that the map
    does not call a broad family, else one their role names, else a broad one unless
    their role says more ("" then: the role names their work)."""
    specific: list[str] = []
    broad: list[str] = []
    for text in person.fields:
        # Only what the map names word for word: a guess at a spelling slip could put
        # words in the student's mouth ("zookeeper" is no accountant).
        named = sorted(field_map.classify([text]))
        if not named:
            specific.append(lower_words(text))  # the student's own words: "scuba diving"
        for field_id in named:
            found = field_map.get(field_id)
            (broad if found.family is None else specific).append(lower_words(found.name))
    if person.role:
        for field_id in sorted(field_map.classify([person.role])):
            found = field_map.get(field_id)
            (broad if found.family is None else specific).append(lower_words(found.name))
    if specific:
        return specific[0]
    # A broad family ("education and teaching") says less than a role ("chemistry teacher").
    return "" if person.role or not broad else broad[0]


def work_of(person: Prospect, field_map: FieldMap) -> Work:
    """Their work: role and organisation when known, else their field, else 'your work'."""
    topic = topic_of(person, field_map)
    role = lower_words(person.role) if person.role else ""
    if role:
        short = f"your work as {article(role)} {role}"
    elif topic:
        # "your work in social work" says work twice: "your career in social work".
        noun = "career" if topic.split()[-1] == "work" else "work"
        short = f"your {noun} in {topic}"
    else:
        short = "your work"
    phrase = f"{short} at {person.organization}" if person.organization else short
    return Work(phrase, short, topic, topic or role or "your work", topic or short)


def spoken_day(day: date, today: date) -> str:
    """A past day as people write it in a message: 'today', 'yesterday', 'on Tuesday'
    (this week), 'last Thursday' (last week), else 'on 16 November' (with the year when
    it is not this year's)."""
    delta = (today - day).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    this_week = today.isocalendar()[:2] == day.isocalendar()[:2]
    if 1 < delta < 7 and this_week:
        return f"on {WEEKDAYS[day.weekday()]}"
    if 1 < delta < 14 and _last_week(day, today):
        return f"last {WEEKDAYS[day.weekday()]}"
    year = f" {day.year}" if day.year != today.year else ""
    return f"on {day.day} {MONTHS[day.month - 1]}{year}"


def _last_week(day: date, today: date) -> bool:
    monday = date.fromordinal(today.toordinal() - today.weekday())
    return 0 < (monday - day).days <= 7


def first_message(channel: str) -> str:
    """How a follow-up names the first message: 'the email I sent', 'my call'."""
    return FIRST_MESSAGE.get(channel, FIRST_MESSAGE["other"])


def take_turns(options: Sequence[str], person: Prospect, peers: Sequence[Prospect]) -> str:
    """One of ``options`` for ``person``: ``peers`` (the people the student knows the
    same way) take turns, in the order they were added, so neighbours do not all get the
    same words."""
    if not options:
        return ""
    same = sorted((p.created_at, p.id) for p in peers)
    rank = next((i for i, (_, pid) in enumerate(same) if pid == person.id), 0)
    return options[rank % len(options)]


_SPACES = re.compile(r"[ \t]+")


def sentence(*parts: str) -> str:
    """Parts joined with single spaces, empty ones left out."""
    return _SPACES.sub(" ", " ".join(p for p in parts if p)).strip()
