"""The bundled bank's content and lint-cleanliness, and broken banks reported with lines."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import infoview
from infoview.model.errors import DataError, ExitCode
from infoview.model.questions import BankFile, OwnQuestion
from infoview.rules import bank as bank_rules
from infoview.rules.bank import REFERRAL_CATEGORY, bundled_bank_path, load_bank, load_bank_file
from infoview.rules.question_lint import lint_questions, lint_text
from infoview.store import yaml_model
from tests.helpers import NOW, SMALL_BANK, write_bank

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "questions.yaml"

FAVORITES = [
    "How did you decide this is what you wanted to do?",
    "How did you get your job? Was it through a blind application… someone you knew?",
    "What was your college major and how did that prepare you for your job?",
    "What kinds of jobs did you hold before securing your current position?",
    "What do you love most about your work?",
    "What is the hardest or most frustrating thing about your job?",
    "If you could go back in time, what is one piece of career advice you would give to your "
    "younger self during high school or college?",
]

REQUIRED_CATEGORIES = {
    "story",
    "getting-in",
    "education",
    "earlier-jobs",
    "typical-day",
    "love",
    "hard",
    "skills",
    "trends",
    "advice",
    "resources",
    "next-steps",
    "referrals",
}


@pytest.fixture(scope="module")
def bank() -> Any:
    return load_bank(None)


def test_bundled_bank_is_big_and_covers_every_category(bank: Any) -> None:
    assert len(bank.questions) >= 150
    per_category = Counter(q.category for q in bank.questions)
    assert {c.id for c in bank.categories} >= REQUIRED_CATEGORIES
    for category in REQUIRED_CATEGORIES:
        assert per_category[category] >= 6, category


def test_field_packs(bank: Any) -> None:
    per_field = Counter(f for q in bank.questions for f in q.fields)
    packs = [f for f, n in per_field.items() if n >= 5]
    assert len(packs) >= 10
    assert {f.id for f in bank.fields} >= set(per_field)


def test_favorites_word_for_word(bank: Any) -> None:
    by_text = {q.text: q for q in bank.questions}
    for text in FAVORITES:
        assert text in by_text, text
        assert "favorite" in by_text[text].tags
        assert by_text[text].verbatim
    assert sum(q.verbatim for q in bank.questions) == len(FAVORITES)


def test_favorites_are_in_the_users_text() -> None:
    source = (
        Path(__file__).resolve().parents[1]
        / "docs"
        / "reference"
        / "informational-interviewing.txt"
    )
    text = " ".join(source.read_text(encoding="utf-8").split())
    for favorite in FAVORITES:
        assert favorite in text


def test_bundled_bank_passes_its_own_lint(bank: Any) -> None:
    findings = lint_questions(bank.questions)
    problems = [f for f in findings if not f.accepted]
    assert problems == []
    # The favourites that break a rule on purpose are reported as accepted.
    assert {f.question_id for f in findings if f.accepted} <= {
        q.id for q in bank.questions if q.verbatim
    }


def test_every_question_has_sane_values(bank: Any) -> None:
    referral = [q for q in bank.questions if q.category == REFERRAL_CATEGORY]
    assert referral
    assert all(q.phase.value == "closing" for q in referral)
    assert all(1 <= q.minutes <= 5 for q in bank.questions)
    assert all(q.text.endswith("?") for q in bank.questions)


def test_bundled_path_is_found_from_any_folder(tmp_path: Path) -> None:
    """A non-editable install finds the bank inside the package; a checkout, in data/."""
    path = bundled_bank_path()
    package = Path(infoview.__file__).resolve().parent
    if (package / "data" / "questions.yaml").is_file():
        assert path == package / "data" / "questions.yaml"
    else:
        assert path == REFERENCE
    result = subprocess.run(
        [sys.executable, "-m", "infoview", "questions", "categories", "--json"],
        cwd=tmp_path,
        env={**os.environ, "INFOVIEW_HOME": str(tmp_path / "home")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert '"referrals"' in result.stdout


# --- broken banks ------------------------------------------------------------


def test_a_small_good_bank_loads(tmp_path: Path) -> None:
    bank = load_bank(write_bank(tmp_path, SMALL_BANK))
    assert [q.id for q in bank.questions] == ["q-one", "q-refer"]


def test_a_bank_file_is_parsed_once_per_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[Path] = []
    real = yaml_model.load_yaml_model

    def counting(path: Path, *args: Any) -> Any:
        parsed.append(path)
        return real(path, *args)

    monkeypatch.setattr(bank_rules, "load_yaml_model", counting)
    path = write_bank(tmp_path, SMALL_BANK)
    first = load_bank(path)
    mine = OwnQuestion(id="my-why", text="Why this work?", category="story", created_at=NOW)
    second = load_bank(path, [mine])
    third = load_bank(path)
    assert parsed == [path]  # the YAML was read once
    # The student's own questions are merged afresh every time.
    assert [q.id for q in first.questions] == ["q-one", "q-refer"]
    assert [q.id for q in second.questions] == ["q-one", "q-refer", "my-why"]
    assert second.own_ids == {"my-why"}
    assert third.questions == first.questions and third.own_ids == frozenset()
    # An edited bank is read again.
    path.write_text(
        SMALL_BANK.replace("How did you start?", "How did you get started?"), encoding="utf-8"
    )
    assert load_bank(path).questions[0].text == "How did you get started?"
    assert parsed == [path, path]


def test_the_bundled_bank_is_parsed_at_most_once(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[Path] = []
    real = yaml_model.load_yaml_model

    def counting(path: Path, *args: Any) -> Any:
        parsed.append(path)
        return real(path, *args)

    monkeypatch.setattr(bank_rules, "load_yaml_model", counting)
    load_bank(None)  # parsed here, or already by an earlier test in this process
    load_bank(None)
    load_bank(None)
    assert len(parsed) <= 1


@pytest.mark.parametrize(
    ("change", "line", "problem"),
    [
        (
            lambda t: t.replace("    title: Who else\n", "    title: [unclosed\n"),
            7,
            "started on line 6",
        ),
        (
            lambda t: t.replace("    minutes: 3\n", "    minutes: 3\n    colour: red\n"),
            17,
            "colour",
        ),
        (lambda t: t.replace("id: q-refer", "id: q-one"), 17, "'q-one' appears twice"),
        (lambda t: t.replace("text: How did you start?", 'text: ""'), 13, "text must not be empty"),
        (lambda t: t.replace("minutes: 3", "minutes: 9"), 16, "less than or equal to 5"),
        (lambda t: t.replace("category: story", "category: nope"), 14, "unknown category"),
        (lambda t: t.replace("phase: opening", "phase: middle"), 15, "phase"),
        (
            lambda t: t.replace("    minutes: 3\n", "    minutes: 3\n    minutes: 4\n"),
            17,
            "'minutes' appears twice",
        ),
        (
            lambda t: t.replace(
                "text: How did you start?", "text: !!python/object/apply:os.system ['true']"
            ),
            13,
            "only plain YAML",
        ),
    ],
)
def test_broken_bank_names_file_line_and_problem(
    tmp_path: Path, change: Any, line: int, problem: str
) -> None:
    path = write_bank(tmp_path, change(SMALL_BANK))
    with pytest.raises(DataError) as err:
        load_bank_file(path)
    assert err.value.exit_code == ExitCode.DATA
    assert f"{path}, line {line}:" in err.value.message
    assert problem in err.value.message


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "expected a mapping"),
        ("- just\n- a list\n", "expected a mapping"),
        (SMALL_BANK.replace("schema_version: 1", "schema_version: 2"), "schema_version"),
        (
            SMALL_BANK.replace("  - id: q-refer", "  - id: q-x").replace(
                "referrals\n    phase", "story\n    phase"
            ),
            "at least one question in 'referrals'",
        ),
    ],
)
def test_broken_bank_shapes(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(DataError) as err:
        load_bank_file(write_bank(tmp_path, text))
    assert problem in err.value.message


def test_missing_bank_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        load_bank_file(tmp_path / "nope.yaml")


def test_broken_bank_through_the_cli_exits_3(cli: Any, tmp_path: Path) -> None:
    path = write_bank(tmp_path, SMALL_BANK.replace("minutes: 3", "minutes: 3\n    bogus: 1"))
    for args in (["--bank", str(path), "questions", "list"], ["questions", "pick"]):
        env = {} if args[0] == "--bank" else {"INFOVIEW_BANK": str(path)}
        result = cli(*args, env=env, expect=3)
        assert f"{path}, line 17:" in result.stderr
        assert "Traceback" not in result.stderr


def test_python_tag_is_never_executed(tmp_path: Path, cli: Any) -> None:
    marker = tmp_path / "pwned"
    text = SMALL_BANK.replace(
        "text: How did you start?",
        f"text: !!python/object/apply:os.system ['touch {marker}']",
    )
    cli("--bank", str(write_bank(tmp_path, text)), "questions", "list", expect=3)
    assert not marker.exists()


# --- round trip and lint robustness -------------------------------------------

slug = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
text = (
    st.text(
        alphabet=st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="\u2028\u2029"),
        min_size=1,
        max_size=60,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@given(
    ids=st.lists(slug, min_size=1, max_size=6, unique=True),
    texts=st.lists(text, min_size=6, max_size=6),
    minutes=st.lists(st.integers(1, 5), min_size=6, max_size=6),
)
def test_bank_yaml_round_trip(ids: list[str], texts: list[str], minutes: list[int]) -> None:
    """Any valid bank written out as YAML loads back to the same models."""
    data = {
        "schema_version": 1,
        "categories": [{"id": "referrals", "title": "Who else", "description": ""}],
        "fields": [],
        "questions": [
            {
                "id": qid,
                "text": texts[i],
                "category": "referrals",
                "phase": "closing",
                "minutes": minutes[i],
                "tags": [],
                "fields": [],
                "verbatim": False,
            }
            for i, qid in enumerate(ids)
        ],
    }
    original = BankFile.model_validate(data)
    dumped = yaml.safe_dump(original.model_dump(mode="json"), allow_unicode=True)
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"iv-roundtrip-{os.getpid()}.yaml"
    path.write_text(dumped, encoding="utf-8")
    try:
        assert load_bank_file(path) == original
    finally:
        path.unlink()


@given(st.text(max_size=200))
def test_lint_never_crashes(question: str) -> None:
    for finding in lint_text(question):
        assert finding.rule in {"closed", "searchable", "double", "leading", "long", "form"}
        assert finding.message
