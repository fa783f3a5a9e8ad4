"""The artefact checker (rules/draft_review.py): each artefact of issue 15 is caught, in the
words the issue quotes, and good natural drafts to every kind of person give no finding."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoview.model.vocab import Relation
from infoview.rules import draft_review
from infoview.rules.draft_review import FAMILY_NAMES, find_artefacts, repeated_openings
from infoview.rules.drafting import Finding
from infoview.rules.fields import load_field_map

# Every message says what to change, starting from a verb in the imperative.
ACTION = re.compile(
    r"\b(add|write|name|replace|fill|quote|end|drop|rewrite|vary|make|say|choose|star)\b"
)


def rules(found: list[Finding]) -> list[str]:
    return [f.rule for f in found]


def check(subject: str | None, body: str, **kwargs: Any) -> list[Finding]:
    found = find_artefacts(subject, body, **kwargs)
    for finding in found:
        assert ACTION.search(finding.message), finding
    return found


# --- each artefact, as the issue quotes it ------------------------------------------

POSITIVES: dict[str, list[tuple[str | None, str, dict[str, Any]]]] = {
    "greeting": [
        (None, "Hi Mr.,\n\nMy teacher suggested I write to you.", {}),
        (None, "Hi Dr.,\n\nI came across your work at St. Mary's.", {}),
        (None, "Hi Uncle, it's Kim. Could we talk about your work at the port?", {}),
        (None, "Dear Uncle,\n\nThank you so much for your time.\n\nWarmly,\nKim", {}),
        (
            None,
            "Hi Aunt, it's Kim. I came across your work and hope you do not mind a note "
            "from a student.",
            {},
        ),
        (None, "Hello Ms.,\n\nMs. Okafor suggested I write.", {}),
        (None, "Opening: Hi Dr., it's Kim Lee. Do you have a minute?\n\nAsk: x?", {}),
        (None, "Hi Aunt it's Kim. How are you?", {}),
        (None, "Hi , it's Kim. Could we talk?", {}),
        (None, "Dear ,\n\nThank you for your time.", {}),
        ("Thank you for your time, Dr.", "Dear Dr. Weiss,\n\nThank you.", {}),
        (None, "Hola Tía, it's Kim.", {}),
    ],
    "vague-field": [
        ("Your path into your field", "Hi Ana,\n\nCould we talk?", {}),
        (None, "Hi Ana, I'm curious about your work in your field.", {}),
        (None, "Hi Dr. Weiss, your path into psychology and counseling is one I admire.", {}),
        (None, "I'm curious about your work in science and research.", {}),
        (None, "I'd love to hear about your path into software and technology.", {}),
        ("A student curious about Software and Technology", "Dear Ms. Park,\n\nHello.", {}),
        (None, "I'd love to hear about your work in your work.", {}),
        (None, "You have worked in the field of your field for years.", {}),
        (None, "Thank you for talking with me about your work in social work.", {}),
        (None, "Could you tell me about your work in nursing in nursing?", {}),
    ],
    "placeholder": [
        (None, "Hi $first_name, it's Kim.", {}),
        ("Your path into ${field}", "Hi Ana,", {}),
        (None, "Hi {{ name }}, it's Kim.", {}),
        (None, "Dear [NAME],", {}),
        (None, "Dear <Name>,", {}),
        (None, "TODO say how we met", {}),
        (None, "I'm Kim, a junior at .", {}),
        (None, "I'm Kim, a  at Lincoln High.", {}),
        (None, "I'm Kim, a at Lincoln High.", {}),
        (None, "Could you call me back at ()?", {}),
        (None, "Could you call me back at ?", {}),
        (None, "We could meet at the the library.", {}),
    ],
    "own-note-quoted": [
        (
            None,
            "I keep thinking about what you said: “Loves couples work”.",
            {"own_notes": ["Loves couples work"]},
        ),
        (
            None,
            'You said "the night shift is hard on families", and it stayed with me.',
            {"own_notes": ["The night shift is hard on families"], "their_words": ["Go slow."]},
        ),
        (
            None,
            "What you said, “Loves couples wo…”, stayed with me.",
            {"own_notes": ["Loves couples work"]},
        ),
        (
            None,
            "I keep thinking of “Loves couples work. Night shifts are hard”.",
            {"own_notes": ["Loves couples work.", "Night shifts are hard"]},
        ),
        (
            None,
            "You told me ‘Resilience’ matters most.",
            {"own_notes": ["Resilience"], "their_words": ["*Take the bus"]},
        ),
    ],
    "quote-cut": [
        (
            None,
            "Hi Dr. Weiss, thank you! “Night shifts taught me pati…” will stay with me.",
            {"their_words": ["Night shifts taught me patience"]},
        ),
        (
            None,
            'Thanks so much! "Start in a hospital and see what you lo..." is my plan now.',
            {"their_words": ["*Start in a hospital and see what you love."]},
        ),
        (
            None,
            "You said “hifts taught me patience” and I wrote it down.",
            {"their_words": ["Night shifts taught me patience"]},
        ),
    ],
    "quote-not-theirs": [
        (
            None,
            "I keep thinking about what you said: “Follow the money”.",
            {"their_words": ["Go where the patients are"]},
        ),
        (
            None,
            'You said "never stop learning," and I will not.',
            {"own_notes": ["Asked about school"], "their_words": ["Keep learning every year"]},
        ),
    ],
    "formal-family": [
        (
            "A student curious about nursing",
            "Hi Aunt Keiko,\n\nI'm Kim Lee, a junior at Lincoln High, and I'm curious about "
            "nursing.",
            {"relation": "family"},
        ),
        (None, "Hi Jordan, my name is Diego and I'm curious about law.", {"relation": "friend"}),
        (None, "Hi Mr. Hall, I am a student at Lincoln High.", {"relation": "neighbor"}),
        (None, "Hi Sam, I'm a senior at Lincoln and curious about HR.", {"relation": "coworker"}),
        (
            None,
            "Hi Mrs. Tanaka, I'm Kim, a high school sophomore, and ...",
            {"relation": "family-friend"},
        ),
    ],
    "canned": [
        (
            None,
            "Hi Mom, it's Diego. You are family, so you were the first person I wanted to ask.",
            {},
        ),
        (None, "Hi Ben, we are neighbors, so you were the first person I thought of.", {}),
        (None, "You are a friend of my family, so you were the first person I thought of.", {}),
        (None, "We went to the same school, so you were the first person I thought of.", {}),
    ],
    "date-style": [
        (None, "I'm following up on my note from Mon 16 Nov 2026, in case it got buried.", {}),
        (None, "Following up on my message from 2026-11-16.", {}),
        (None, "Following up on my call from 11/16/2026.", {}),
        ("Following up on my note of 16 Nov 2026", "Hi Ana,", {}),
        (None, "Could we talk on Tue, Nov 24?", {}),
    ],
}


@pytest.mark.parametrize(
    ("rule", "subject", "body", "kwargs"),
    [(rule, *case) for rule, cases in POSITIVES.items() for case in cases],
)
def test_each_artefact_is_found(
    rule: str, subject: str | None, body: str, kwargs: dict[str, Any]
) -> None:
    assert rule in rules(check(subject, body, **kwargs))


def test_the_greeting_finding_names_the_title_and_the_fix() -> None:
    (finding,) = check(None, "Hi Uncle, it's Kim. How are you?")
    assert "'Uncle' alone" in finding.message
    assert "Aunt Keiko" in finding.message


def test_a_script_with_the_same_bad_greeting_twice_gives_one_finding() -> None:
    body = "Opening: Hi Dr., it's Kim.\n\nAsk: x?\n\nVoicemail: Hi Dr., it's Kim. Call me?"
    assert rules(check(None, body)) == ["greeting"]


def test_an_own_note_that_they_also_said_is_theirs() -> None:
    kwargs = {"own_notes": ["Loves couples work"], "their_words": ["*Loves couples work."]}
    assert check(None, "You said “Loves couples work” and I agree.", **kwargs) == []


def test_a_formal_introduction_is_fine_to_someone_who_does_not_know_the_student() -> None:
    body = "Dear Dr. Weiss,\n\nI'm Kim Lee, a junior at Lincoln High. My name is Kim."
    for relation in ("teacher", "alumni", "referral", "other", None):
        assert check(None, body, relation=relation) == []


@pytest.mark.parametrize("relation", ["family", "family-friend", "friend", "neighbor", "coworker"])
def test_every_casual_relation_refuses_a_formal_introduction(relation: str) -> None:
    body = "Hi Sam, I'm Kim Lee, a junior at Lincoln High. Could we talk?"
    assert rules(check(None, body, relation=relation)) == ["formal-family"]


def test_the_relations_named_exist() -> None:
    assert {r.value for r in Relation} >= draft_review.CASUAL_RELATIONS


def test_the_family_names_are_the_field_maps_families() -> None:
    families = {f.name for f in load_field_map().fields if f.is_family}
    assert set(FAMILY_NAMES) == families


# --- good drafts: nothing to find -----------------------------------------------------

THANKS_THEIRS = ["*Night shifts taught me patience.", "Start in a hospital, then decide"]
GOOD: dict[str, tuple[str | None, str, dict[str, Any]]] = {
    "a family text": (
        None,
        "Hi Aunt Keiko, it's Kim. I've been thinking about nursing since Thanksgiving, and "
        "you're the nurse I know best. Could you spare 20 minutes to tell me how you got "
        "started, whenever suits you? :)",
        {"relation": "family"},
    ),
    "a text to Mom": (
        None,
        "Hi Mom, it's Diego. Could I ask you about your years at the bank, maybe Sunday "
        "after dinner? I got an A in economics and I'm curious.",
        {"relation": "family"},
    ),
    "a card to an uncle by his first name": (
        None,
        "Dear Ben,\n\nThank you for showing me around the port.  It meant a lot.\n\nKim",
        {"relation": "family"},
    ),
    "a formal email": (
        "A student curious about child psychiatry",
        "Dear Dr. Weiss,\n\nJordan Avery suggested I write to you. I'm Kim Lee, a junior at "
        "Lincoln High, and your work as a child psychiatrist at St. Mary's Hospital is what "
        "I would love to learn about.\n\nWould you be willing to talk for 30 minutes "
        "(in person, by video or by phone) at a time that suits you?\n\nThank you for "
        "considering it,\nKim Lee",
        {"relation": "referral"},
    ),
    "a letter with a colon": (
        "Your talk at the career fair",
        "Dear Ms. Okafor:\n\nI heard your talk at the career fair on 16 November. Could we "
        "talk for 20 minutes, whenever suits you?\n\nKim Lee",
        {"relation": "other"},
    ),
    "a phone script": (
        None,
        "Opening: Hi Coach Rivera, it's Kim Lee from your Tuesday team. Do you have a "
        "minute?\n\nAsk: I'm curious about physical therapy. Could I ask you about it for "
        "20 minutes, whenever suits you?\n\nVoicemail: Hi Coach, it's Kim. Could you call "
        "me back at (555) 123-4567? Thank you!",
        {"relation": "teacher"},
    ),
    "a thank-you quoting a starred answer exactly": (
        "Thank you for the advice on night shifts",
        "Dear Dr. Weiss,\n\nThank you for talking with me last Monday. “Night shifts taught "
        "me patience” is something I will remember, and I'm taking your advice to start in "
        "a hospital.\n\nWith thanks,\nKim",
        {"own_notes": ["Asked about night shifts"], "their_words": THANKS_THEIRS},
    ),
    "a thank-you with a shortened quote on whole words": (
        None,
        "Hi Grandma, it's Kim. Thank you! “Night shifts taught me…” will stay with me. ‘I’m "
        "sure’ you're right.",
        {"their_words": [*THANKS_THEIRS, "I'm sure"], "relation": "family"},
    ),
    "a thank-you paraphrasing the notes": (
        None,
        "Hi Jordan, it's Kim. Thanks so much for yesterday! What you said about night shifts "
        "and couples work stayed with me. I'll keep you posted.",
        {"own_notes": ["Loves couples work", "night shifts are hard"], "relation": "friend"},
    ),
    "a referral draft": (
        "Jordan Avery suggested I write to you",
        "Dear Mr. Hall,\n\nJordan Avery, my chemistry teacher, suggested I reach out. I'm "
        "interested in engineering and your work on bridges in the city.\n\nCould you spare "
        "30 minutes in the coming weeks? I'm flexible.\n\nThank you,\nKim Lee",
        {"relation": "referral"},
    ),
    "broad words a student does say": (
        None,
        "Hi Mr. and Mrs. Tanaka,\n\nI'm curious about healthcare and law, and your work in "
        "engineering too. Good morning to you both!",
        {"relation": "family-friend"},
    ),
    "people's dates and a greeting to a coach": (
        None,
        "Dear Coach,\n\nFollowing up on my note from last Monday (16 November). Could we "
        "talk on Tuesday, 24 November, or in May 2027?",
        {"relation": "teacher"},
    ),
    "'we are friends, so' in the student's own words": (
        None,
        "Hi Jordan, we are friends, so I hope it's okay to ask you something serious. "
        "We are neighbors, so coffee is easy. Could we talk for 30 minutes sometime?",
        {"relation": "friend"},
    ),
    "a neighbour, in the student's own words": (
        None,
        "Hi Mr. Hall, it's Kim from next door. I saw your truck from the hospital and "
        "wondered what your day is like. Could I ask you about it sometime?",
        {"relation": "neighbor"},
    ),
}


@pytest.mark.parametrize(("subject", "body", "kwargs"), GOOD.values(), ids=GOOD.keys())
def test_a_good_draft_gives_no_finding(
    subject: str | None, body: str, kwargs: dict[str, Any]
) -> None:
    assert check(subject, body, **kwargs) == []


# --- a batch --------------------------------------------------------------------------


NEIGHBOURS = "we are neighbors, so you were the first person I thought of"


def test_the_same_opening_to_two_people_is_found_once_naming_them() -> None:
    batch = [
        ("maria", None, f"Hi Maria,\n\n{NEIGHBOURS.capitalize()}."),
        ("ben", None, f"Hi Ben, {NEIGHBOURS}."),
        ("ana", None, f"Hi Ana, it's Kim. {NEIGHBOURS.capitalize()}."),
        ("maria", None, f"Hi Maria, {NEIGHBOURS}!"),
    ]
    (finding,) = repeated_openings(batch)
    assert finding.rule == "repeated-opening"
    assert "maria, ben, ana" in finding.message
    assert ACTION.search(finding.message)


def test_an_opening_that_only_differs_by_the_persons_name_is_the_same() -> None:
    batch = [
        ("weiss", None, "Dear Dr. Weiss,\n\nDr. Weiss, I came across your work."),
        ("okafor", None, "Dear Ms. Okafor,\n\nMs. Okafor, I came across your work."),
        ("keiko", None, "Opening: Hi Aunt Keiko, it's Kim. Keiko, I came across your work."),
    ]
    (finding,) = repeated_openings(batch)
    assert "weiss, okafor, keiko" in finding.message


def test_a_generic_subject_to_two_people_is_found() -> None:
    batch = [
        ("weiss", "Thank you for your time, Dr. Weiss", "Dear Dr. Weiss,\n\nYour advice helped."),
        ("ana", "Thank you for your time, Ana", "Hi Ana,\n\nI loved hearing about the lab."),
        ("ben", "Following up", "Hi Ben,\n\nI know November is busy."),
        ("kai", "Following up", "Hi Kai,\n\nI hope the move went well."),
    ]
    found = repeated_openings(batch)
    assert rules(found) == ["repeated-opening", "repeated-opening"]
    assert "'Thank you for your time, Dr. Weiss'" in found[0].message
    assert "weiss, ana" in found[0].message and "ben, kai" in found[1].message


def test_varied_openings_and_specific_subjects_give_no_finding() -> None:
    curious, referred = "A student curious about child psychiatry", "Jordan Avery suggested I write"
    batch = [
        ("weiss", curious, "Dear Dr. Weiss,\n\nJordan Avery suggested I write to you."),
        ("stein", curious, "Dear Dr. Stein,\n\nI heard your talk at the career fair."),
        ("hall", referred, "Dear Mr. Hall,\n\nJordan Avery told me about your bridges."),
        ("keiko", None, "Hi Aunt Keiko, it's Kim. I've been thinking about nursing."),
        ("ben", None, "Hi Ben, it's Kim. How is the new boat?"),
        ("mom", None, "Opening: Hi Mom, it's Diego. Do you have a minute?"),
        ("weiss", curious, "Dear Dr. Weiss,\n\nJordan Avery suggested I write to you."),
    ]
    assert repeated_openings(batch) == []


# --- hostile text -------------------------------------------------------------------

TEXT = st.text(
    alphabet=st.sampled_from(list("aAkDdrMm.,!?:;'’‘“”\"()[]$*{}<>/-… \n\t0123456789")),
    max_size=300,
)


@given(
    subject=st.none() | TEXT,
    body=TEXT | st.builds(lambda a, b: f"Hi {a}, {b}", TEXT, TEXT),
    relation=st.none() | st.sampled_from([r.value for r in Relation]),
    own=st.lists(TEXT, max_size=3),
    theirs=st.lists(TEXT, max_size=3),
)
def test_any_text_is_checked_without_error(
    subject: str | None, body: str, relation: str | None, own: list[str], theirs: list[str]
) -> None:
    found = find_artefacts(subject, body, relation=relation, own_notes=own, their_words=theirs)
    assert all(isinstance(f, Finding) and f.message for f in found)
    assert all(isinstance(f, Finding) for f in repeated_openings([("a", subject, body)] * 2))


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


RATIO = 30  # the budget for 10x the input, as a multiple of the baseline (linear: about 10)

HOSTILE: dict[str, Callable[[int], str]] = {
    "a run of spaces": lambda n: "Hi" + " " * n + "x",
    "spaces before no punctuation": lambda n: "a " * (n // 2),
    "opening quotes never closed": lambda n: "“" * n,
    "single quotes with apostrophes": lambda n: "‘I’m " * (n // 5),
    "straight quotes": lambda n: '"a" ' * (n // 4),
    "greeting lines": lambda n: "Hi Dr.,\n" * (n // 8),
    "long words and a greeting": lambda n: "Hi " + "x" * n + ",",
    "repeated phrases": lambda n: "your work in your work " * (n // 23),
    "numbers and slashes": lambda n: "11/16/" * (n // 6),
    "mixed prose": lambda n: ("Hi Aunt Keiko, it's Kim. I'm a junior at  Lincoln . " * n)[:n],
}


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_long_body_is_checked_in_linear_time(make: Callable[[int], str]) -> None:
    """20 kB and 200 kB: the big one takes under RATIO times the small one (or a linear
    pass over the big one, whichever is longer), in one of up to seven tries."""
    small, big = make(20_000), make(200_000)

    def work(text: str) -> object:
        own, theirs = ["Loves couples work"], ["Night shifts are hard"]
        return find_artefacts(None, text, own_notes=own, their_words=theirs)

    ratios = []
    for _ in range(7):
        baseline = max(
            min(_timed(lambda: work(small)) for _ in range(3)),
            min(_timed(lambda: re.findall(r"\S+|\s+", big)) for _ in range(3)),
        )
        ratios.append(_timed(lambda: work(big)) / baseline)
        if ratios[-1] < RATIO:
            return
    raise AssertionError(f"10x the input took {min(ratios):.0f}x the time (tries: {ratios})")


def _parts(op: Any, arg: Any) -> list[Any]:
    """The parsed sub-patterns of one node of a parsed pattern."""
    if op is _parser.SUBPATTERN:
        return [arg[-1]]
    if op is _parser.BRANCH:
        return list(arg[1])
    if op in (_parser.ASSERT, _parser.ASSERT_NOT):
        return [arg[1]]
    return []


def _unbounded_inside(items: Any, inside: bool) -> bool:
    """Whether a parsed pattern repeats, without bound, something that itself repeats
    without bound (the shape of catastrophic backtracking)."""
    for op, arg in items:
        if op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT):
            unbounded = arg[1] == _parser.MAXREPEAT
            if (unbounded and inside) or _unbounded_inside(arg[2], inside or unbounded):
                return True
        elif any(_unbounded_inside(part, inside) for part in _parts(op, arg)):
            return True
    return False


def test_no_pattern_nests_unbounded_repeats() -> None:
    patterns = [v for v in vars(draft_review).values() if isinstance(v, re.Pattern)]
    assert len(patterns) > 10
    for pattern in patterns:
        assert not _unbounded_inside(_parser.parse(pattern.pattern, pattern.flags), False), pattern
