"""Lint for interview questions: catch the ones that get a one-word answer or waste the time.

Students are told to prepare open-ended questions they could not answer with a
quick web search. Each rule below says what is wrong and, where it can, offers
a rewrite. A bank question whose words assume a path (a degree, a major, the bar,
residency, an apprenticeship...) must say whom it fits with ``requires`` or
``not_for`` (rule ``fit``), or it would be asked of a welder or a paralegal too.
A question marked ``verbatim`` (the user's seven favourites) is kept
word for word: its findings are reported as accepted, not as problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from infoview.model.questions import QUESTION_TEXT_MAX, Question
from infoview.model.text import words

MAX_WORDS = 30  # longer than this and the person forgets the start before the end
# What the lint reads of one text: a question holds at most QUESTION_TEXT_MAX characters,
# so a longer text is reported as too long and only its start is checked.
LINT_CHARS = 2 * QUESTION_TEXT_MAX
NEAR_DUPLICATE = 0.7  # share of words two questions have in common (Jaccard)

# A question starting with these can be answered "yes" or "no".
CLOSED_OPENERS = frozenset(
    {
        *("do", "does", "did", "is", "are", "was", "were", "am", "have", "has", "had"),
        *("can", "could", "will", "would", "should", "may", "might", "shall"),
        *("isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "won't"),
        *("wouldn't", "can't", "couldn't", "haven't", "hasn't"),
    }
)
OPEN_HINT = "start with What, How or Why so they can tell a story"

LEADING = (
    "don't you think",
    "do you not think",
    "wouldn't you agree",
    "would you agree",
    "isn't it true",
    "isn't it",
    "aren't you",
    "right?",
    ", right",
    "surely",
    "obviously",
    "of course you",
    "i bet you",
    "you must",
)

SEARCHABLE = (
    (
        r"\bhow (many|big|large) (people|employees|staff|workers|offices|locations|stores)\b",
        "the size of the organisation",
    ),
    (
        r"\bwhat does (your|the|this) (company|organi[sz]ation|firm|business|agency) do\b",
        "what the organisation does",
    ),
    (r"\b(salary|salaries|pay scale|pay range|hourly wage)\b", "pay figures"),
    ("", "pay figures"),  # "" is _HOW_MUCH followed by _PAY_WORD (see _searchable)
    (
        r"\bwhen was (it|the company|your company|the organi[sz]ation|the firm) "
        r"(founded|started)\b",
        "when it was founded",
    ),
    (
        r"\bwhere (is|are) (the|your) (company|headquarters|head office|offices?)\b",
        "where it is based",
    ),
    (r"\b(revenue|stock price|market share|mission statement)\b", "company facts"),
    (
        r"\bwhat (is|are) the (requirements|qualifications) (for|to become)\b",
        "published entry requirements",
    ),
)

# "How much do you make?": the pay word comes anywhere after the opening; looked for
# after the first opening only (one pattern with ".*" between would rescan the rest of
# the text from every opening: quadratic time on a long text).
_HOW_MUCH = re.compile(r"\bhow much (do|does|did|will|would|can) (you|they|people|a|an|someone)\b")
_PAY_WORD = re.compile(r"\b(make|earn|paid|pay)\b")

_REWRITES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    # "Do you like working nights?" -> "What do you like about working nights?"
    (
        re.compile(r"^(do|did) you (like|enjoy|love|mind|hate) (.+)\?$", re.I),
        lambda m: f"What {m[1].lower()} you {m[2].lower()} most about {m[3]}?",
    ),
    # "Is it hard to find work?" -> "What makes it hard to find work?"
    (
        re.compile(
            r"^(is|was) it (hard|difficult|easy|stressful|fun|rewarding|boring) (.+)\?$", re.I
        ),
        lambda m: f"What makes it {m[2].lower()} {m[3]}?",
    ),
    # "Are there many jobs in this field?" -> "What are the jobs in this field like?"
    (
        re.compile(r"^(is|are) there (?:many |any |a lot of )?(.+?) (in|at|for) (.+)\?$", re.I),
        lambda m: f"What {m[2]} are there {m[3].lower()} {m[4]}?",
    ),
    # "Did you always want to be a nurse?" -> "When did you first want to be a nurse?"
    (re.compile(r"^did you always (.+)\?$", re.I), lambda m: f"When did you first {m[1]}?"),
    # "Do you have any advice for me?" -> "What advice do you have for me?"
    (
        re.compile(r"^(do|would) you have (?:any |some )?(\w+) (.+)\?$", re.I),
        lambda m: f"What {m[2]} {m[1].lower()} you have {m[3]}?",
    ),
    # "Would you recommend nursing school?" -> "What would you tell someone thinking about ...?"
    (
        re.compile(r"^would you recommend (.+)\?$", re.I),
        lambda m: f"What would you tell someone thinking about {m[1]}?",
    ),
)

# A join starts at a comma or at the first space of a run (the look-behind): started
# at every space of a long run, "\s+" would rescan the run each time (quadratic).
_DOUBLE_JOIN = re.compile(
    r"(?:[,;]|(?<![\s,;]))\s+(?:and|or|but)\s+(?:what|how|why|when|where|who|which|do|does|did|is|are|was|"
    r"were|can|could|would|will|should|have|has)\b",
    re.I,
)


# Words that assume the person's path went one way, and the path they point to: a bank
# question that uses them needs a fit tag (requires / not_for, model/questions.py).
# "Is a degree needed?" assumes nothing; "your degree", "degrees" and "did a ... degree
# matter" do.
PATH_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:your|college|university) major\b|\bmajored\b|\bdegrees\b"
            r"|\byour (?:[\w-]+ )?degree\b|\b(?:did|does) (?:a|an|the) (?:[\w-]+ ){0,3}degree\b"
            r"|\bgrad(?:uate)? school\b|\bph\.?d\b|\bdoctorate\b",
            re.I,
        ),
        "a degree",
    ),
    (re.compile(r"\bbar exam\b|\bthe bar\b|\blaw school\b", re.I), "law school and the bar"),
    (
        re.compile(r"\bmed(?:ical)? school\b|\bresidency\b|\bfellowship\b", re.I),
        "medical school",
    ),
    (
        re.compile(r"\blicensed\b|\blicensure\b|\bstudent teaching\b", re.I),
        "a licence",
    ),
    (
        re.compile(r"\bapprentice(?:ship)?s?\b|\bjourney(?:man|men|worker)\b|\bunion\b", re.I),
        "an apprenticeship",
    ),
)
FIT_HINT = "say whom it fits with requires: or not_for: (the paths are listed in the bank's header)"


class Finding(NamedTuple):
    rule: str  # closed, searchable, double, leading, long, form, duplicate, fit
    message: str
    suggestion: str | None = None
    question_id: str | None = None
    accepted: bool = False  # kept on purpose (a verbatim favourite)

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "message": self.message,
            "suggestion": self.suggestion,
            "question": self.question_id,
            "accepted": self.accepted,
        }


def _searchable(pattern: str, lowered: str) -> bool:
    if pattern:
        return re.search(pattern, lowered) is not None
    opening = _HOW_MUCH.search(lowered)
    return opening is not None and _PAY_WORD.search(lowered, opening.end()) is not None


def rewrite_closed(text: str) -> str | None:
    text = " ".join(text.split())
    if not text.endswith("?"):  # every rewrite ends in "?": no pattern need look further
        return None
    for pattern, build in _REWRITES:
        match = pattern.match(text)
        if match:
            return build(match)
    return None


def lint_text(
    text: str, *, question_id: str | None = None, verbatim: bool = False
) -> list[Finding]:
    """Everything worth changing in one question."""
    found: list[Finding] = []
    # One line with single spaces, as a stored question is (clean_line).
    tokens = text.split()
    stripped = " ".join(tokens)

    def add(rule: str, message: str, suggestion: str | None = None) -> None:
        found.append(Finding(rule, message, suggestion, question_id, verbatim))

    first = re.sub(r"[^\w']", "", tokens[0].lower()) if tokens else ""
    if not stripped.endswith("?"):
        add(
            "form", "it does not end with a question mark", stripped[:LINT_CHARS].rstrip(".!") + "?"
        )
    if len(stripped) > LINT_CHARS:
        add(
            "long",
            f"it is {len(stripped)} characters long; a question holds at most "
            f"{QUESTION_TEXT_MAX} (only the first {LINT_CHARS} were checked)",
        )
        stripped = stripped[:LINT_CHARS]
    lowered = stripped.lower()
    if first in CLOSED_OPENERS:
        add(
            "closed",
            f"it can be answered yes or no ('{tokens[0]} ...'); {OPEN_HINT}",
            rewrite_closed(stripped),
        )
    for phrase in LEADING:
        if phrase in lowered:
            add("leading", f"'{phrase.strip(', ?')}' pushes them toward an answer; ask neutrally")
            break
    for pattern, what in SEARCHABLE:
        if _searchable(pattern, lowered):
            add(
                "searchable", f"a web search answers this ({what}); ask what only they can tell you"
            )
            break
    if stripped.count("?") > 1 or _DOUBLE_JOIN.search(stripped.rstrip("?")):
        parts = re.split(r"\?\s*|" + _DOUBLE_JOIN.pattern, stripped, maxsplit=1, flags=re.I)
        first_ask = parts[0].strip().rstrip(",;") + "?" if parts and parts[0].strip() else None
        add("double", "it asks two things at once; ask one, then follow up", first_ask)
    count = len(tokens)
    if count > MAX_WORDS:
        add(
            "long",
            f"it is {count} words long; keep it under {MAX_WORDS + 1} so it is easy to follow",
        )
    return found


def similarity(a: str, b: str) -> float:
    return _overlap(frozenset(words(a)), frozenset(words(b)))


def _overlap(wa: frozenset[str], wb: frozenset[str]) -> float:
    """The share of words two questions have in common (Jaccard)."""
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def near_duplicates(
    candidate: str, questions: Sequence[Question], *, skip_id: str | None = None
) -> list[tuple[Question, float]]:
    """Questions whose wording overlaps ``candidate`` enough to be the same ask."""
    out = []
    mine = frozenset(words(candidate))  # once, not once per question
    for q in questions:
        if q.id == skip_id:
            continue
        score = _overlap(mine, frozenset(words(q.text)))
        if score >= NEAR_DUPLICATE:
            out.append((q, score))
    return sorted(out, key=lambda pair: -pair[1])


def duplicate_findings(candidate: str, questions: Sequence[Question]) -> list[Finding]:
    """A finding for each question ``candidate`` nearly repeats (checking a new wording)."""
    return [
        Finding("duplicate", f"it is nearly the same as {other.id} ({score:.0%} of words)")
        for other, score in near_duplicates(candidate, questions)
    ]


def assumed_path(text: str) -> str | None:
    """The path ``text`` takes for granted ("a degree" for "your college major"), or None."""
    for pattern, path in PATH_WORDS:
        if pattern.search(text[:LINT_CHARS]):
            return path
    return None


def fit_finding(q: Question) -> Finding | None:
    """A finding for a bank question that assumes a path but says nothing of whom it fits.

    The student's own questions (tagged "mine") carry no fit tags: they fit everyone.
    """
    if q.requires or q.not_for or "mine" in q.tags:
        return None
    path = assumed_path(q.text)
    if path is None:
        return None
    return Finding(
        "fit",
        f"it assumes {path} but has no fit tag, so it is asked of everyone; {FIT_HINT}",
        None,
        q.id,
    )


def lint_questions(questions: Sequence[Question]) -> list[Finding]:
    """Lint every question, plus near-duplicates between them (each pair reported once)."""
    found: list[Finding] = []
    for q in questions:
        found.extend(lint_text(q.text, question_id=q.id, verbatim=q.verbatim))
        if (fit := fit_finding(q)) is not None:
            found.append(fit)
    # Each question's words once, not once per pair: the bank has hundreds of questions.
    vocab = [frozenset(words(q.text)) for q in questions]
    for i, q in enumerate(questions):
        for j in range(i + 1, len(questions)):
            other, score = questions[j], _overlap(vocab[i], vocab[j])
            if score >= NEAR_DUPLICATE:
                found.append(
                    Finding(
                        "duplicate",
                        f"it is nearly the same as {other.id} ({score:.0%} of words shared)",
                        None,
                        q.id,
                        q.verbatim and other.verbatim,
                    )
                )
    return found
