"""The words of a thank-you: only what the student starred is quoted, never cut; the rest
is named by its question or not at all; the lint asks for something specific.

Everything goes through the CLI, as a student would: `interview log`, then `thanks draft`.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from infoview.model.vocab import THANKS_CHANNELS
from infoview.rules.people import add_prospect, set_profile
from infoview.store.workspace import Workspace
from tests.helpers import NOW

NOTES_SENTENCE = "I wrote down what you told me"
SPECIFIC_HINT = "infoview interview log maria-lopez --edit"


@pytest.fixture
def ready(cli: Any, home: Path) -> Any:
    """A profile and Maria, a scuba diving instructor."""
    with Workspace(home).transaction() as tx:
        set_profile(tx, {"name": "Ana Ruiz", "email": "ana@example.com"}, NOW)
        add_prospect(tx, {"name": "Maria Lopez", "fields": ["scuba diving"]}, NOW)
    return cli


def drafts(cli: Any, *log: str) -> dict[str, dict[str, Any]]:
    """Log the conversation with these options, then draft the thank-you in every channel."""
    cli("interview", "log", "maria", "--on", "now", *log)
    return {
        channel: json.loads(cli("thanks", "draft", "maria", "--json", "--channel", channel).stdout)
        for channel in THANKS_CHANNELS
    }


def quotes(body: str) -> list[str]:
    return re.findall(r"“([^”]*)”", body)


def test_the_students_own_note_is_not_quoted(ready: Any) -> None:
    for channel, data in drafts(ready, "--note", "Loves couples work").items():
        body = data["body"]
        assert "couples work" not in body, channel
        assert quotes(body) == [], channel
        assert NOTES_SENTENCE in body, channel
        assert data["lint"] == [], channel


def test_a_starred_answer_is_quoted_exactly(ready: Any) -> None:
    said = "Every dive, someone trusts you with their life."
    for channel, data in drafts(ready, "--answer", f"favorite-love-most=*{said}").items():
        assert quotes(data["body"]) == [said], channel
        assert data["lint"] == [], channel


def test_a_starred_note_line_is_quoted_alone(ready: Any) -> None:
    result = drafts(
        ready,
        "--note",
        "Loves couples work",
        "--note",
        "*Night shifts are brutal\nbut the team is close",
    )
    for channel, data in result.items():
        assert quotes(data["body"]) == ["Night shifts are brutal"], channel
        assert "couples" not in data["body"] and "team is close" not in data["body"]


def test_an_unstarred_answer_is_named_by_its_question(ready: Any) -> None:
    answer = "Paperwork, honestly. Hours of it after every trip."
    for channel, data in drafts(ready, "--answer", f"favorite-hardest={answer}").items():
        body = data["body"]
        assert "Paperwork" not in body and quotes(body) == [], channel
        assert (
            "I keep thinking about what you said about the hardest or most frustrating "
            "thing about your job." in body
        ), channel
        assert data["lint"] == [], channel


def test_an_answer_to_a_question_that_reads_badly_is_not_named(ready: Any) -> None:
    # "How did you get your job? Was it ...": two questions in one, not paraphrased.
    for channel, data in drafts(
        ready, "--answer", "favorite-how-got-job=Through my cousin"
    ).items():
        assert "cousin" not in data["body"] and "what you said about" not in data["body"]
        assert NOTES_SENTENCE in data["body"], channel


def test_a_long_starred_answer_is_never_cut_mid_word(ready: Any) -> None:
    long = (
        "When you start out you will spend whole seasons carrying tanks and rinsing gear "
        "and answering the same questions from nervous tourists before anyone lets you lead"
    )
    result = drafts(ready, "--answer", f"favorite-love-most=*{long}")
    for channel, data in result.items():
        body = data["body"]
        assert "…" not in body and "carrying tanks" not in body, channel
        assert quotes(body) == [], channel
        assert "what you said about what you love most about your work." in body, channel
    assert len(result["text"]["body"].strip()) <= 320


def test_a_long_starred_answer_gives_a_whole_sentence_of_it(ready: Any) -> None:
    long = (
        "When you start out you will spend whole seasons carrying tanks and rinsing gear "
        "and answering the same questions from nervous tourists on boats before anyone "
        "lets you lead a dive. The ocean pays you back."
    )
    result = drafts(ready, "--answer", f"favorite-love-most=*{long}")
    assert quotes(result["text"]["body"]) == ["The ocean pays you back."]
    assert quotes(result["email"]["body"]) == ["The ocean pays you back."]


def test_without_anything_specific_the_field_is_named_once_at_most(ready: Any) -> None:
    for channel, data in drafts(ready).items():
        body = data["body"]
        assert body.count("scuba diving") <= 1, (channel, body)
        assert "found your way into" not in body
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", body) if s.strip()]
        assert len(sentences) == len(set(sentences)), body


def test_the_lint_asks_for_one_thing_they_said(ready: Any, tmp_path: Path) -> None:
    result = drafts(ready)
    for channel, data in result.items():
        (finding,) = data["lint"]
        assert finding["rule"] == "specific", channel
        assert "name one thing they said" in finding["message"]
        assert SPECIFIC_HINT in finding["message"]
    ready("interview", "log", "maria", "--note", "*The ocean pays you back")
    data = json.loads(ready("thanks", "draft", "maria", "--json").stdout)
    assert data["lint"] == []
    # An edit that takes the specific sentence out is flagged again.
    script = tmp_path / "editor.py"
    script.write_text(
        "import re, sys, pathlib\npath = pathlib.Path(sys.argv[1])\n"
        "path.write_text(re.sub(r'I keep thinking[^\\n]*', '', path.read_text()))\n"
    )
    edited = ready(
        "thanks", "draft", "maria", "--edit", env={"EDITOR": f"{sys.executable} {script}"}
    )
    assert "lint: specific: name one thing they said" in edited.stderr
