"""The artefacts that make a generated (or edited) draft embarrass the student.

``lint_draft`` (rules/drafting.py) checks what gets a reply; this module checks
what a person reading the message would notice at once: a greeting to "Mr." or
"Uncle" alone, "your field" or a category name in place of their work, a slot
left empty, the student's own notes quoted as the person's words, a quote cut
mid-word, a family member introduced to the student as a stranger would be,
canned relationship sentences, machine dates, and (across a batch) the same
opening sentence or generic subject sent to several people. Each finding says
what to change. Pure functions; every pattern is free of nested or adjacent
unbounded quantifiers, so a long or hostile text is checked in linear time.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence

from infoview.model.names import only_a_title
from infoview.rules.drafting import Finding, leftover_placeholders
from infoview.rules.wording import CASUAL

# Relations in which the person already knows the student: no self-introduction.
CASUAL_RELATIONS = frozenset(r.value for r in CASUAL)

# The field map's families (data/fields.yaml: the entries without `family:`);
# tests/test_draft_review.py keeps this tuple equal to the map.
FAMILY_NAMES = (
    "Healthcare",
    "Psychology and Counseling",
    "Engineering",
    "Software and Technology",
    "Education and Teaching",
    "Law",
    "Business and Finance",
    "Arts and Design",
    "Skilled Trades",
    "Science and Research",
    "Public Service and Government",
    "Media and Communication",
)
# The category names nobody uses for a person's work ("your path into science and
# research"); "healthcare", "law" and "engineering" are also what a student says.
CATEGORY_NAMES = tuple(n.lower() for n in FAMILY_NAMES if " and " in n)

_SP = r"[^\S\n]"  # a space within a line
_LABEL = rf"(?:(?:Opening|Ask|Voicemail){_SP}{{0,4}}:{_SP}{{0,4}})?"
# A greeting at the start of a line (after a phone script's part name) and the words
# up to the comma, "!", ":" or the end of the line that follow it: the name.
GREETING = re.compile(
    rf"(?im)^{_SP}{{0,20}}{_LABEL}(hi|hello|hey|dear|hola|good (?:morning|afternoon|evening))\b"
    r"([^,!:\n]{0,60})(?=[,!:\n]|$)"
)
SELF_NAMING = re.compile(r"\s(?:it's|it’s|it is|this is)\b.*", re.I | re.S)
YOUR_FIELD = re.compile(r"\byour (?:own )?field\b", re.I)
# "your work in your work", and "your work in social work" (the noun twice).
DOUBLED_YOUR = re.compile(
    r"\byour (\w+) (?:in|into|as|of|at|on|with|about) your \1\b"
    r"|\byour (work|path) (?:in|into|as) (?:[\w-]{1,30} ){0,3}\2\b",
    re.I,
)
CATEGORY = re.compile(
    r"\b(?:your (?:work|path|career|journey|start) (?:in|into)|curious about|interested in|"
    r"the field of) (" + "|".join(re.escape(n) for n in CATEGORY_NAMES) + r")\b",
    re.I,
)
# A phrase of two to four words written twice in a row ("in nursing in nursing").
DOUBLED_PHRASE = re.compile(r"\b(\w+(?: \w+){1,3}) \1\b", re.I)
# Empty slots: a space before punctuation ("at .", "Hi ,"), two spaces between words
# ("a  at"), an article before a preposition ("a at"), empty brackets or quotes.
SPACE_BEFORE = re.compile(rf"(?<=\S){_SP}+(?:[,;!?]|\.(?!\.)|:(?=\s|$))")
DOUBLE_SPACE = re.compile(r"(?<=[^\s.!?:;,])[ \t]{2,}(?=\S)")
ARTICLE_GAP = re.compile(rf"\b(?:a|an|the|An|The){_SP}+(?:at|in|of|from|with|and)\b(?!-)")
EMPTY_PAIR = re.compile(rf"\({_SP}{{0,3}}\)|\[{_SP}{{0,3}}\]|“{_SP}{{0,3}}”|\"{_SP}{{0,3}}\"")
# A small word written twice ("at the the library"): a slot filled with nothing.
DOUBLED_WORD = re.compile(
    r"\b(a|an|the|at|in|of|to|for|from|with|and|your|my|as|on|about)\s+\1\b", re.I
)
# Quoted spans: “...”, "...", and ‘...’ when it opens and closes outside a word (an
# apostrophe inside, "‘I’m sure’", is followed by a letter).
QUOTE = re.compile(r"“([^“”\n]*)”|\"([^\"\n]*)\"|(?<!\w)‘((?:[^‘’\n]|’(?=\w))*)’(?!\w)")
ELLIPSIS = re.compile(r"(?:…|\.\.\.)$")
_YEAR_WORDS = r"(?:student|junior|senior|sophomore|freshman|first-year|second-year|third-year)"
FORMAL_INTRO = re.compile(
    r"(?i:\bmy name is\b)"
    r"|\bI(?:'m|’m| am) [A-Z][\w'’.-]{0,30}(?: [A-Z][\w'’.-]{0,30}){0,3}, (?:a|an) "
    rf"(?:[\w-]{{1,30}} ){{0,3}}{_YEAR_WORDS}\b"
    rf"|\bI(?:'m|’m| am) (?:a|an) (?:[\w-]{{1,30}} ){{0,2}}{_YEAR_WORDS}s? at\b"
)
# The stock lines infoview itself used to send. "We are neighbors, so I hope it's okay
# to ask" is a student's own natural sentence: only the claim that follows is canned.
CANNED = re.compile(
    r"\byou were the first (?:person|one) I (?:thought of|wanted to ask|thought to ask)\b"
    r"|\b(?:you are|you're|you’re) family, so (?:you|I)\b[^.!?\n]{0,40}\bfirst\b"
    r"|\b(?:we are|we're|we’re) (?:friends|neighbou?rs), so you\b[^.!?\n]{0,40}\bfirst\b"
    r"|\b(?:you are|you're|you’re) a friend of (?:my|the) family, so you\b[^.!?\n]{0,40}"
    r"\bfirst\b",
    re.I,
)
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?,?"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
_MM, _DD = r"(?:0?[1-9]|1[0-2])", r"(?:0?[1-9]|[12]\d|3[01])"
MACHINE_DATE = re.compile(
    rf"\b{_WEEKDAY} \d{{1,2}} {_MONTH}(?: \d{{4}})?(?!\w)|\b{_WEEKDAY} {_MONTH} \d{{1,2}}\b"
    rf"|\b\d{{1,2}} (?!May){_MONTH} \d{{4}}\b|\b\d{{4}}[-/]{_MM}[-/]{_DD}\b"
    rf"|\b{_MM}/{_DD}/(?:\d{{4}}|\d{{2}})\b|\b{_DD}\.{_MM}\.\d{{4}}\b"
)
PHONE_LABEL = re.compile(rf"(?m)^{_SP}{{0,20}}(?:Opening|Ask|Voicemail){_SP}{{0,4}}:")
SELF_NAMED = re.compile(
    r"(?:[Ii]t's|[Ii]t’s|[Ii]t is|[Tt]his is) [A-Z][\w'’-]{0,30}(?: [A-Z][\w'’-]{0,30}){0,2}[.!]"
)
# The end of a sentence: not the dot of a title ("Dear Dr. Lopez," is one sentence).
_NOT_TITLE = "".join(
    f"(?<!{t}\\.)" for t in ("Dr", "Mr", "Mrs", "Ms", "Mx", "Prof", "St", "Jr", "Sr")
)
SENTENCE_END = re.compile(rf"(?<=[.!?]){_NOT_TITLE}\s|\n")
# Words that say nothing of the person: a subject made only of these is generic.
GENERIC_SUBJECT_WORDS = frozenset(
    (
        "a", "an", "the", "and", "or", "of", "for", "to", "from", "in", "on", "at", "with",
        "about", "my", "your", "our", "you", "me", "i", "s", "thank", "thanks", "so", "much",
        "very", "really", "again", "quick", "question", "questions", "hello", "hi", "hey",
        "greetings", "following", "follow", "up", "checking", "check", "touch", "staying",
        "stay", "keeping", "keep", "note", "request", "asking", "ask", "favor", "favour",
        "chat", "call", "conversation", "talk", "talking", "meeting", "meet", "coffee",
        "interview", "informational", "time", "advice", "help", "student", "high", "school",
        "curious", "learning", "learn", "more", "hoping", "hope", "reaching", "out", "just",
        "one", "few", "minutes", "15", "20", "30", "confirming", "confirm", "tomorrow",
        "today", "this", "week", "next", "path", "into", "work", "field", "career", "story",
        "great", "wonderful", "enjoyed", "it", "was",
    )
)  # fmt: skip
_MAX_SHOWN = 3  # snippets named in one finding
QUOTES_MAX = 200  # quotes checked in one draft (a draft has a few)


def find_artefacts(
    subject: str | None,
    body: str,
    *,
    relation: str | None = None,
    own_notes: Sequence[str] = (),
    their_words: Sequence[str] = (),
) -> list[Finding]:
    """Every artefact in this draft, each with what to change (see the module docstring).

    ``relation`` is the prospect's relation ("family", "teacher", ...); ``own_notes``
    the student's own notes and unstarred answers; ``their_words`` what the student
    marked as the person's words (starred answers, notes lines starting with ``*``).
    """
    text = f"{subject}\n{body}" if subject else body
    found = _greetings(subject, body)
    found += _vague_work(text)
    found += _empty_slots(text)
    found += _quotes(body, own_notes, their_words)
    if relation in CASUAL_RELATIONS:
        intro = FORMAL_INTRO.search(body)
        if intro:
            found.append(
                Finding(
                    "formal-family",
                    f"drop the self-introduction {intro.group(0).strip()!r}: they know you "
                    "already; say what you want to ask as you would in person",
                )
            )
    canned = _distinct(m.group(0) for m in CANNED.finditer(text))
    if canned:
        found.append(
            Finding(
                "canned",
                f"rewrite {_list(canned)} in your own words: a stock line, and maybe not "
                "true; say why you are asking this person",
            )
        )
    dates = _distinct(m.group(0) for m in MACHINE_DATE.finditer(text))
    if dates:
        found.append(
            Finding(
                "date-style",
                f"write {_list(dates)} as people do ('last Monday', 'on 16 November')",
            )
        )
    return list(dict.fromkeys(found))  # a script's opening and voicemail: one finding


def repeated_openings(batch: Sequence[tuple[str, str | None, str]]) -> list[Finding]:
    """The opening sentences, and the generic subjects, that go to more than one person.

    ``batch`` is (person id, subject, body) per draft. A sentence is compared with the
    person's own name or address taken out, after the greeting ("Hi Maria," and
    "Hi Maria, it's Kim." open nothing). One finding per repeated sentence or subject.
    """
    openings: dict[str, tuple[str, list[str]]] = {}
    subjects: dict[str, tuple[str, list[str]]] = {}
    for person, subject, body in batch:
        address, sentence = _opening(body)
        if sentence:
            _collect(openings, _without(sentence, address), sentence, person)
        if subject and subject.strip():
            key = _without(subject, address)
            if set(re.findall(r"\w+", key)) <= GENERIC_SUBJECT_WORDS:
                _collect(subjects, key, subject.strip(), person)
    found = [
        Finding(
            "repeated-opening",
            f"vary the opening {shown!r}: it goes to {', '.join(people)}; open each with "
            "something true of that person",
        )
        for shown, people in openings.values()
        if len(people) > 1
    ]
    found += [
        Finding(
            "repeated-opening",
            f"make the subject {shown!r} name something of theirs: the same words go to "
            f"{', '.join(people)}",
        )
        for shown, people in subjects.values()
        if len(people) > 1
    ]
    return found


# --- one draft -----------------------------------------------------------------


def _greetings(subject: str | None, body: str) -> list[Finding]:
    found: list[Finding] = []
    for match in GREETING.finditer(body):
        word, raw = match.group(1), match.group(2)
        name = SELF_NAMING.sub("", raw).strip()
        if not name and (raw[:1].isspace() or word.lower() == "dear"):
            found.append(
                Finding(
                    "greeting",
                    f"add their name after {word!r}: the greeting names nobody",
                )
            )
        elif name and only_a_title(name):
            found.append(_title_only(name, f"{word} {name}"))
    if subject and "," in subject:
        last = subject.rsplit(",", 1)[1].strip().rstrip("!?")
        if last and only_a_title(last):
            found.append(_title_only(last, subject.strip()))
    return found


def _title_only(name: str, where: str) -> Finding:
    return Finding(
        "greeting",
        f"write how you address them ('Dr. Weiss', 'Aunt Keiko', or their first name) "
        f"instead of {name!r} alone in {where!r}",
    )


def _vague_work(text: str) -> list[Finding]:
    found: list[Finding] = []
    vague = _distinct(m.group(0) for m in YOUR_FIELD.finditer(text))
    vague += _distinct(m.group(0) for m in DOUBLED_YOUR.finditer(text))
    doubled = DOUBLED_PHRASE.finditer(text)  # not "ha ha ha ha": one word over and over
    vague += _distinct(m.group(0) for m in doubled if len(set(m.group(1).lower().split())) > 1)
    if vague:
        found.append(
            Finding(
                "vague-field",
                f"name their work instead of {_list(vague)}: their role and organisation "
                "('your work as a nurse at Mercy'), else their field",
            )
        )
    broad = _distinct(m.group(0) for m in CATEGORY.finditer(text))
    if broad:
        found.append(
            Finding(
                "vague-field",
                f"replace {_list(broad)}: a category name, not their work; say their role "
                "or their own field ('child psychiatry', 'marine biology')",
            )
        )
    return found


def _empty_slots(text: str) -> list[Finding]:
    found = leftover_placeholders(None, text)
    slots: list[str] = []
    for pattern in (SPACE_BEFORE, DOUBLE_SPACE, ARTICLE_GAP, EMPTY_PAIR, DOUBLED_WORD):
        for match in pattern.finditer(text):
            slots.append(_context(text, match.start(), match.end()))
            if len(slots) >= _MAX_SHOWN:
                break
    slots = _distinct(slots)
    if slots:
        found.append(
            Finding(
                "placeholder",
                f"fill in or remove the empty slot in {_list(slots[:_MAX_SHOWN])}",
            )
        )
    return found


def _context(text: str, start: int, end: int) -> str:
    """The slot with the word before and the word after it, on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = text[line_start:start].split()[-1:]
    after = text[end : len(text) if line_end < 0 else line_end].split()[:1]
    return " ".join([*before, text[start:end].strip(), *after])


# --- quotes --------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").casefold().split())


def _core(quoted: str) -> str:
    """A quote as compared: normalised, without a closing ellipsis or outer punctuation."""
    return ELLIPSIS.sub("", _norm(quoted).strip()).strip(" .,;:!?—–-'\"")


def _quotes(body: str, own_notes: Sequence[str], their_words: Sequence[str]) -> list[Finding]:
    if not own_notes and not their_words:
        return []
    own = [_norm(n.lstrip().removeprefix("*")) for n in own_notes if n.strip()]
    own_all = " ".join(own)
    theirs = [_norm(n.lstrip().removeprefix("*")) for n in their_words if n.strip()]
    found: list[Finding] = []
    for match in itertools.islice(QUOTE.finditer(body), QUOTES_MAX):
        shown = next(g for g in match.groups() if g is not None).strip()
        core = _core(shown)
        if not any(ch.isalnum() for ch in core):
            continue
        sources = [t for t in theirs if core in t]
        whole_note = any(core == _core(n) for n in own)
        if not sources and core in own_all and (len(core.split()) > 1 or whole_note):
            found.append(
                Finding(
                    "own-note-quoted",
                    f"“{shown}” is from your own notes, not their words: say it as your "
                    "memory ('what you said about ...'), or star the answer if they said it",
                )
            )
        elif theirs and not sources:
            found.append(
                Finding(
                    "quote-not-theirs",
                    f"quote a starred answer word for word, or say it in your own words: "
                    f"“{shown}” is not what your notes say they said",
                )
            )
        elif sources and not any(_whole_words(core, t) for t in sources):
            found.append(
                Finding(
                    "quote-cut",
                    f"end the quote “{shown}” on a whole word (it cuts a word short), or "
                    "choose a shorter quote",
                )
            )
    return found


def _whole_words(core: str, source: str) -> bool:
    """Whether ``core`` occurs in ``source`` without cutting a word at either end."""
    start = source.find(core)
    for _ in range(50):  # a bounded number of places: each is checked in constant time
        if start < 0:
            return False
        end = start + len(core)
        cut_start = start > 0 and core[0].isalnum() and source[start - 1].isalnum()
        cut_end = end < len(source) and core[-1].isalnum() and source[end].isalnum()
        if not cut_start and not cut_end:
            return True
        start = source.find(core, start + 1)
    return False


# --- a batch -------------------------------------------------------------------


def _opening(body: str) -> tuple[str, str]:
    """(how the greeting addresses them, the first sentence after the greeting)."""
    text = PHONE_LABEL.sub("", body).strip()
    address = ""
    greeting = GREETING.match(text)
    if greeting:
        address = SELF_NAMING.sub("", greeting.group(2)).strip()
        text = text[greeting.end() :].lstrip(",!: \t\n")
        if text.lower().startswith(("it's", "it’s", "it is", "this is")):
            named = SELF_NAMED.match(text)
            text = text[named.end() :] if named else text
    return address, SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()


def _without(text: str, address: str) -> str:
    """``text`` normalised, with the person's address and each of its names taken out."""
    text = _norm(text)
    if address:
        names = [_norm(address), *(_norm(w).strip(".") for w in address.split())]
        for name in sorted({n for n in names if len(n) > 1}, key=len, reverse=True):
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", "@", text)
        text = re.sub(r"@(?:[ .]{1,2}@)+", "@", text)  # "Dr. Weiss" as "Dr." and "Weiss"
    return text.rstrip(" .!?")


def _collect(table: dict[str, tuple[str, list[str]]], key: str, shown: str, person: str) -> None:
    entry = table.setdefault(key, (shown, []))
    if person not in entry[1]:
        entry[1].append(person)


# --- helpers -------------------------------------------------------------------


def _distinct(items: Iterable[str]) -> list[str]:
    """The first few of ``items``, each once (compared without case and extra spaces)."""
    seen: dict[str, str] = {}
    for item in items:
        shown = " ".join(item.split())
        seen.setdefault(shown.casefold(), shown)
    return list(seen.values())[:_MAX_SHOWN]


def _list(items: Sequence[str]) -> str:
    return ", ".join(repr(i) for i in items)


def with_artefacts(found: Sequence[Finding], artefacts: Sequence[Finding]) -> list[Finding]:
    """A lint's findings and the artefacts, each finding once (both report leftover
    placeholders in the same words)."""
    seen = {(f.rule, f.message) for f in found}
    return [*found, *(a for a in artefacts if (a.rule, a.message) not in seen)]
