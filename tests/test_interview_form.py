"""The `interview log --edit` form: blank_form written out, parse_form read back.

The form is plain text: '# ' lines are guidance, a header of 'key: value'
lines, then '## notes', '## referrals' and one '## answer ID' per question.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.model.errors import InvalidInput, NotFound
from infoview.model.questions import Question
from infoview.model.vocab import Mode
from infoview.rules.bank import Bank, load_bank
from infoview.rules.interview_form import FormError, blank_form, parse_form
from infoview.rules.interviews import LogOptions, log_options

EST = timezone(timedelta(hours=-5))
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=EST)
WHEN = datetime(2026, 11, 24, 16, 0, tzinfo=EST)
QIDS = ("favorite-love-most", "favorite-how-decided", "referrals-who-else")

_BANK: list[Bank] = []


def bank() -> Bank:
    if not _BANK:
        _BANK.append(load_bank(None))
    return _BANK[0]


def questions() -> list[Question]:
    return [bank().question(qid) for qid in QIDS]


def known() -> set[str]:
    return {q.id for q in bank().questions}


def form(minutes: int = 30, mode: Mode = Mode.VIDEO) -> str:
    return blank_form(
        "Maria Lopez", "maria-lopez", questions(), when=WHEN, minutes=minutes, mode=mode
    )


def insert_after(text: str, marker: str, added: str) -> str:
    """``text`` with the lines of ``added`` right after the line ``marker``."""
    lines = text.split("\n")
    at = lines.index(marker) + 1
    return "\n".join([*lines[:at], *added.split("\n"), *lines[at:]])


def test_blank_form_lists_every_section_and_question() -> None:
    text = form(minutes=45, mode=Mode.IN_PERSON)
    lines = text.split("\n")
    assert "on: 2026-11-24 16:00" in lines
    assert "minutes: 45" in lines
    assert "mode: in-person" in lines
    assert "interest:" in lines
    assert "## notes" in lines
    assert "## referrals" in lines
    for q in questions():
        at = lines.index(f"## answer {q.id}")
        assert lines[at + 1] == f"# {q.text}"
    order = [lines.index(f"## answer {qid}") for qid in QIDS]
    assert order == sorted(order)


def test_blank_form_parses_to_nothing_but_its_header() -> None:
    filled = parse_form(form(minutes=45, mode=Mode.PHONE), NOW, known())
    assert filled.held_at == WHEN
    assert filled.minutes == 45
    assert filled.mode is Mode.PHONE
    assert filled.interest is None
    assert filled.notes == []
    assert filled.referrals == []
    assert filled.answers == []


def test_round_trip_every_section() -> None:
    text = form()
    text = text.replace("on: 2026-11-24 16:00", "on: 2026-11-23 14:15")
    text = text.replace("minutes: 30", "minutes: 40")
    text = text.replace("mode: video", "mode: phone")
    text = text.replace("interest:", "interest: 4")
    text = insert_after(text, "## notes", "Loves the variety.\nBusy in winter.")
    text = insert_after(
        text, "## referrals", "Sam Lee, nurse @ Mercy Hospital\n\nDee Ali @ City Library\nJo Kim"
    )
    text = insert_after(text, "## answer favorite-love-most", "*  Every day is different.")
    text = insert_after(
        text,
        "## answer favorite-how-decided",
        "A summer job at the clinic.\n\nThen a mentor, Ruth.",
    )
    filled = parse_form(text, NOW, known())
    assert filled.held_at == datetime(2026, 11, 23, 14, 15, tzinfo=EST)
    assert filled.minutes == 40
    assert filled.mode is Mode.PHONE
    assert filled.interest == 4
    assert filled.notes == ["Loves the variety.\nBusy in winter."]
    assert filled.referrals == [
        "Sam Lee, nurse @ Mercy Hospital",
        "Dee Ali @ City Library",
        "Jo Kim",
    ]
    assert filled.answers == [
        ("favorite-love-most", "Every day is different.", True),
        ("favorite-how-decided", "A summer job at the clinic.\n\nThen a mentor, Ruth.", False),
    ]


def test_comments_are_ignored_everywhere() -> None:
    text = form()
    text = insert_after(text, "minutes: 30", "# minutes: lots\n#\n# ## bogus")
    text = insert_after(text, "## notes", "# colour: red\nA real note\n# not part of it")
    text = insert_after(text, "## referrals", "# Not A Referral\nSam Lee")
    text = insert_after(text, "## answer favorite-love-most", "# hidden\nThe people.\n#")
    filled = parse_form(text, NOW, known())
    assert filled.minutes == 30
    assert filled.notes == ["A real note"]
    assert filled.referrals == ["Sam Lee"]
    assert filled.answers == [("favorite-love-most", "The people.", False)]


def test_windows_line_endings_are_read() -> None:
    text = insert_after(form(), "## answer favorite-love-most", "Two\nlines").replace("\n", "\r\n")
    filled = parse_form(text, NOW, known())
    assert filled.answers == [("favorite-love-most", "Two\nlines", False)]
    assert filled.minutes == 30


def test_a_later_answer_section_for_an_unplanned_question_is_read() -> None:
    text = form() + "## answer favorite-hardest\nThe paperwork.\n"
    filled = parse_form(text, NOW, known())
    assert filled.answers == [("favorite-hardest", "The paperwork.", False)]


@pytest.mark.parametrize(
    ("marker", "bad", "message"),
    [
        ("## referrals", "## bogus", "unknown section '## bogus'"),
        ("## notes", "## answer no-such-question", "no question has the id 'no-such-question'"),
        ("minutes: 30", "colour: red", "unknown key 'colour'"),
        ("mode: video", "just some words", "expected 'key: value'"),
        ("interest:", "minutes: lots", "minutes must be a number"),
        ("interest:", "minutes: -5", "minutes must be a number"),
        ("interest:", "mode: carrier pigeon", "mode must be one of"),
        ("interest:", "interest: 6", "interest must be 1-5"),
        ("interest:", "interest: 0", "interest must be 1-5"),
        ("interest:", "interest: four", "interest must be 1-5"),
        ("interest:", "on: blursday", "can't read the date"),
        ("interest:", "on: 2026-02-30", "no such date"),
    ],
)
def test_form_errors_name_the_line(marker: str, bad: str, message: str) -> None:
    text = insert_after(form(), marker, bad)
    expected_line = text.split("\n").index(bad) + 1
    with pytest.raises(FormError) as caught:
        parse_form(text, NOW, known())
    assert caught.value.line == expected_line
    assert caught.value.message.startswith(f"line {expected_line}: ")
    assert message in caught.value.message


def test_the_first_mistake_is_the_one_reported() -> None:
    text = form().replace("minutes: 30", "minutes: lots") + "## bogus\n"
    with pytest.raises(FormError) as caught:
        parse_form(text, NOW, known())
    assert caught.value.line == text.split("\n").index("minutes: lots") + 1


def test_a_form_error_is_invalid_input() -> None:
    from infoview.model.errors import ExitCode, InvalidInput

    with pytest.raises(InvalidInput) as caught:
        parse_form("## bogus\n", NOW, known())
    assert isinstance(caught.value, FormError)
    assert caught.value.exit_code == ExitCode.BAD_INPUT
    assert caught.value.line == 1


# --- properties ---------------------------------------------------------------

_LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")),
    max_size=25,
).map(str.strip)


def _answer_ok(lines: list[str]) -> bool:
    return bool(lines[0]) and bool(lines[-1]) and not lines[0].startswith("*")


_ANSWER = (
    st.lists(_LINE, min_size=1, max_size=4)
    .filter(lambda lines: not any(line.startswith("#") for line in lines))
    .filter(_answer_ok)
    .map("\n".join)
)


@settings(max_examples=150, deadline=None)
@given(answers=st.lists(st.one_of(st.none(), _ANSWER), min_size=3, max_size=3))
def test_typed_answers_come_back_exactly(answers: list[str | None]) -> None:
    text = form()
    for qid, answer in zip(QIDS, answers, strict=True):
        if answer is not None:
            text = insert_after(text, f"## answer {qid}", answer)
    filled = parse_form(text, NOW, known())
    expected = [(qid, a, False) for qid, a in zip(QIDS, answers, strict=True) if a is not None]
    assert filled.answers == expected
    assert filled.notes == []
    assert filled.referrals == []
    assert filled.minutes == 30


@settings(max_examples=60, deadline=None)
@given(answer=_ANSWER)
def test_a_leading_star_marks_the_answer_starred(answer: str) -> None:
    text = insert_after(form(), "## answer favorite-love-most", "*" + answer)
    filled = parse_form(text, NOW, known())
    assert filled.answers == [("favorite-love-most", answer, True)]


_FRAGMENTS = st.sampled_from(
    [
        "on: ",
        "on: +9999999d",
        "on: 9999-12-31 23:59",
        "on: 0001-01-01 00:00 +23:59",
        "on: 2026-12-03 15:30 -99:99",
        "minutes: ",
        "minutes: ٣٠",
        "interest: ",
        "interest: ٣",
        "mode: ",
        "mode: VIDEO",
        "## notes",
        "## referrals",
        "## answer ",
        "## answer favorite-love-most",
        "## ",
        "##",
        "# ",
        "#",
        "*",
        "\r",
        "\r\n",
        ":",
    ]
)


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_parse_form_raises_only_form_errors(text: str) -> None:
    try:
        parse_form(text, NOW, known())
    except FormError as exc:
        assert exc.line >= 1
        assert exc.message.startswith(f"line {exc.line}: ")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=12)), max_size=12).map("\n".join))
def test_parse_form_raises_only_form_errors_on_form_like_text(text: str) -> None:
    try:
        parse_form(text, NOW, known())
    except FormError as exc:
        assert exc.line >= 1
        assert exc.message.startswith(f"line {exc.line}: ")


def test_arabic_indic_digits_are_read_as_numbers() -> None:
    filled = parse_form("minutes: ٤٥\ninterest: ٣\n", NOW, known())
    assert (filled.minutes, filled.interest) == (45, 3)


@pytest.mark.parametrize("line", ["minutes: ²", "interest: ³", "minutes: ⑤"])
def test_digit_lookalikes_in_the_header_are_a_form_error(line: str) -> None:
    text = insert_after(form(), "interest:", line)
    with pytest.raises(FormError) as caught:
        parse_form(text, NOW, known())
    assert caught.value.line == text.split("\n").index(line) + 1


# --- the form and the command's options together ----------------------------------


def filled_form() -> str:
    text = form(minutes=45, mode=Mode.IN_PERSON).replace("interest:", "interest: 3")
    text = insert_after(text, "## notes", "From the form")
    text = insert_after(text, "## referrals", "Sam Lee, nurse")
    return insert_after(text, "## answer favorite-love-most", "*The people")


def test_the_form_makes_a_record() -> None:
    record = parse_form(filled_form(), NOW, known()).record()
    assert (record.held_at, record.minutes, record.mode, record.interest) == (
        WHEN,
        45,
        Mode.IN_PERSON,
        3,
    )
    assert record.notes == ("From the form",)
    assert record.referrals == ("Sam Lee, nurse",)
    assert record.answers == (("favorite-love-most", "The people", True),)


def test_options_given_win_over_the_form_and_lists_add_up() -> None:
    form_record = parse_form(filled_form(), NOW, known()).record()
    options = log_options(
        bank(),
        on=NOW,
        minutes=None,
        mode=Mode.PHONE,
        notes=["From the command line"],
        answers=["favorite-how-decided=A summer job"],
        referrals=["Dee Ali"],
        interest=None,
        force=False,
    )
    record = options.over(form_record)
    assert (record.held_at, record.minutes, record.mode, record.interest) == (
        NOW,
        45,
        Mode.PHONE,
        3,
    )
    assert record.notes == ("From the form", "From the command line")
    assert record.referrals == ("Sam Lee, nurse", "Dee Ali")
    assert [a[0] for a in record.answers] == ["favorite-love-most", "favorite-how-decided"]
    assert LogOptions().over(form_record) == form_record


def test_options_alone_leave_the_moment_to_the_log_unless_on_says() -> None:
    # None: `log` takes the scheduled time, the moment logged already, or today.
    assert LogOptions().record().held_at is None
    assert LogOptions(on=WHEN).record().held_at == WHEN
    assert LogOptions(on=WHEN, interest=2).record().interest == 2


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"answers": ["favorite-love-most"]}, InvalidInput, "--answer takes ID="),
        ({"answers": ["nope=Hello"]}, NotFound, "no question has the id"),
        ({"notes": ["bell\x07"]}, InvalidInput, "control character"),
        ({"minutes": 90}, InvalidInput, "--minutes must be"),
    ],
)
def test_log_options_refuse_bad_values(
    changes: dict[str, object], error: type[Exception], message: str
) -> None:
    given: dict[str, Any] = {
        "on": None,
        "minutes": None,
        "mode": None,
        "notes": [],
        "answers": [],
        "referrals": [],
        "interest": None,
        "force": False,
        **changes,
    }
    with pytest.raises(error, match=message):
        log_options(bank(), **given)


# --- editing what was logged ----------------------------------------------------------------

note_text = st.lists(
    st.text(st.characters(categories=("L", "N", "P", "Zs")), min_size=1, max_size=20)
    .map(str.strip)
    .filter(lambda s: s and not s.startswith("#")),
    min_size=1,
    max_size=3,
).map("\n".join)


@settings(max_examples=60, deadline=None)
@given(
    notes=st.lists(note_text, max_size=4),
    answers=st.lists(st.tuples(st.sampled_from(QIDS[:2]), note_text, st.booleans()), max_size=2),
    interest=st.none() | st.integers(1, 5),
    day=st.booleans(),
)
def test_a_logged_interview_in_the_form_reads_back_as_it_is(
    notes: list[str], answers: list[tuple[str, str, bool]], interest: int | None, day: bool
) -> None:
    """`log --edit` on a held interview shows it filled in; returned as it is, it reads
    back the same: each note a note, each answer its answer, the day or the moment."""
    from infoview.model.interviews import Held

    unique = list({qid: (qid, text, star) for qid, text, star in answers}.values())
    held = Held(
        id="maria-lopez-1",
        person="maria-lopez",
        uid="u",
        held_at=WHEN.date() if day else WHEN,
        logged_at=NOW,
        notes=notes,
        answers=[
            {"question": q, "text": t.lstrip("*").strip() or "x", "starred": s}
            for q, t, s in unique
        ],
        interest=interest,
    )
    text = blank_form(
        "Maria Lopez",
        "maria-lopez",
        questions(),
        when=held.held_at,
        minutes=held.minutes,
        mode=held.mode,
        logged=held,
    )
    filled = parse_form(text, NOW, known())
    assert filled.held_at == held.held_at
    assert filled.notes == held.notes
    assert filled.interest == held.interest
    # In the order of the questions on the form.
    assert sorted(filled.answers) == sorted((a.question, a.text, a.starred) for a in held.answers)
