"""A person's notes: `--note` adds a dated note, `--replace-note` replaces them all, and
`prospect show` lists them with their days, newest last (issue 17, "Output")."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Clock, prospect_dict, read_json, refused, snapshot

# The fixed clock: Wed 25 Nov 2026, 09:30 New York.
AUNT = ("prospect", "add", "Keiko Tanaka", "--relation", "family", "--note", "My aunt")
LONG = (
    "Told me about her first year on the adolescent unit, the night shifts and how the "
    "team hands over at seven, and offered to introduce me to the charge nurse"
)


def notes(home: Path) -> str:
    [person] = read_json(home / "prospects.json")["prospects"]
    text: str = person["notes"]
    return text


def shown_notes(cli: Any, person: str = "keiko") -> list[str]:
    """The lines of `prospect show` from the Notes label on, without the label column."""
    lines = cli("prospect", "show", person).stdout.splitlines()
    start = next(n for n, line in enumerate(lines) if line.lstrip().startswith("Notes:"))
    column = lines[start].index("Notes:") + len("Notes:")
    return [line[column:].strip() for line in lines[start:]]


@pytest.fixture
def three_notes(cli: Any, clock: Clock) -> None:
    """Keiko with a note from each of three days."""
    cli(*AUNT)
    clock.advance(days=5)
    cli("prospect", "edit", "keiko", "--note", "Met her again at the career fair")
    clock.advance(days=1)
    cli("prospect", "edit", "keiko", "--note", "Suggested I talk to her colleague Sam")


def test_add_starts_the_notes_with_a_dated_note(cli: Any, home: Path) -> None:
    cli(*AUNT)
    assert notes(home) == "2026-11-25: My aunt"


@pytest.mark.usefixtures("three_notes")
def test_note_adds_a_dated_note_and_keeps_the_others(home: Path) -> None:
    assert notes(home) == (
        "2026-11-25: My aunt\n"
        "2026-11-30: Met her again at the career fair\n"
        "2026-12-01: Suggested I talk to her colleague Sam"
    )


@pytest.mark.usefixtures("three_notes")
def test_show_lists_the_notes_with_their_days_newest_last(cli: Any) -> None:
    assert shown_notes(cli) == [
        "Wed 25 Nov 2026: My aunt",
        "Mon 30 Nov 2026: Met her again at the career fair",
        "Tue 1 Dec 2026: Suggested I talk to her colleague Sam",
    ]


@pytest.mark.usefixtures("three_notes")
def test_replace_note_replaces_every_note(cli: Any, home: Path) -> None:
    result = cli("prospect", "edit", "keiko", "--replace-note", "Aunt on my mother's side")
    assert "Updated Keiko Tanaka" in result.stdout
    assert notes(home) == "2026-12-01: Aunt on my mother's side"


@pytest.mark.usefixtures("three_notes")
def test_replace_note_with_nothing_deletes_the_notes(cli: Any, home: Path) -> None:
    cli("prospect", "edit", "keiko", "--replace-note", "")
    assert notes(home) == ""
    assert "Notes" not in cli("prospect", "show", "keiko").stdout


@pytest.mark.usefixtures("three_notes")
def test_an_empty_note_is_refused_and_deletes_nothing(cli: Any, home: Path) -> None:
    before = snapshot(home)
    refused(cli("prospect", "edit", "keiko", "--note", " ", expect=1), "the note is empty")
    assert "--replace-note ''" in cli("prospect", "edit", "keiko", "--note", "", expect=1).stderr
    args = ("--note", "A", "--replace-note", "B")
    refused(cli("prospect", "edit", "keiko", *args, expect=1), "not both")
    assert snapshot(home) == before


def test_an_undated_note_from_before_shows_as_undated(cli: Any, home: Path) -> None:
    """A workspace from before dated notes (or a note typed in by hand) keeps its note,
    shown as undated, and new notes follow it."""
    home.mkdir(mode=0o700)
    old = prospect_dict("keiko-tanaka", "Keiko Tanaka", notes="My aunt\nLives in Osaka")
    (home / "prospects.json").write_text(json.dumps({"schema_version": 1, "prospects": [old]}))
    cli("prospect", "edit", "keiko", "--note", "Met at the career fair")
    assert notes(home) == "My aunt\nLives in Osaka\n2026-11-25: Met at the career fair"
    assert shown_notes(cli) == [
        "undated: My aunt",
        "Lives in Osaka",
        "Wed 25 Nov 2026: Met at the career fair",
    ]


def test_a_long_note_wraps_under_its_own_day(cli: Any) -> None:
    """In a terminal a long note goes on under its day, not back under the labels."""
    cli(*AUNT)
    cli("prospect", "edit", "keiko", "--note", LONG)
    drawn = cli("prospect", "show", "keiko", terminal=True, env={"COLUMNS": "70"}).stdout
    drawn = re.sub(r"\x1b\[[0-9;]*m", "", drawn)  # the colours: only the layout counts here
    lines = drawn.splitlines()
    first = next(n for n, line in enumerate(lines) if "Wed 25 Nov 2026: Told me" in line)
    column = lines[first].index("Wed 25 Nov 2026")
    drawn_note = lines[first : first + 4]
    assert all(line[column - 1] == " " and line[column] != " " for line in drawn_note), drawn
    said = " ".join(line[column:].strip(" │") for line in drawn_note)
    assert said == f"Wed 25 Nov 2026: {LONG}", drawn


@pytest.mark.parametrize("fmt", ["csv", "json", "vcard"])
@pytest.mark.usefixtures("three_notes")
def test_export_and_import_keep_the_dated_notes(
    cli: Any, home: Path, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept, shown = notes(home), shown_notes(cli)
    target = tmp_path / f"people.{fmt}"
    cli("prospect", "export", "--format", fmt, "-o", str(target))
    other = tmp_path / "other"
    monkeypatch.setenv("INFOVIEW_HOME", str(other))
    cli("prospect", "import", str(target))
    assert notes(other) == kept
    assert shown_notes(cli) == shown
    assert shown[0] == "Wed 25 Nov 2026: My aunt"


@pytest.mark.usefixtures("three_notes")
def test_a_draft_never_quotes_a_notes_day(cli: Any, home: Path) -> None:
    assert notes(home).count("2026-") == 3
    cli("profile", "set", "--name", "Ana Ruiz", "--email", "ana@example.com")
    for channel in ("email", "text", "phone", "linkedin"):
        draft = cli("outreach", "draft", "keiko", "--channel", channel).stdout
        assert "2026-" not in draft and "My aunt" not in draft, draft


def _editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import sys, pathlib\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text()\n" + body
    )
    return f"{sys.executable} {script}"


@pytest.mark.usefixtures("three_notes")
def test_the_editor_form_shows_the_dated_notes_and_keeps_them(
    cli: Any, home: Path, tmp_path: Path
) -> None:
    kept = notes(home)
    seen = tmp_path / "seen.txt"
    role = _editor(
        tmp_path,
        f"pathlib.Path({str(seen)!r}).write_text(text)\n"
        "path.write_text(text.replace('role:', 'role: Nurse'))\n",
    )
    cli("prospect", "edit", "keiko", "--editor", env={"EDITOR": role})
    assert seen.read_text().endswith("notes:\n" + kept + "\n")
    assert notes(home) == kept  # a change elsewhere leaves the notes and their days as they were
    added = _editor(tmp_path, "path.write_text(text + '2026-12-01: Called her back\\n')\n")
    cli("prospect", "edit", "keiko", "--editor", env={"EDITOR": added})
    assert notes(home) == kept + "\n2026-12-01: Called her back"
    assert shown_notes(cli)[-1] == "Tue 1 Dec 2026: Called her back"


def test_help_says_what_note_and_replace_note_do(cli: Any) -> None:
    text = " ".join(cli("prospect", "edit", "--help").stdout.split())
    assert "--replace-note" in text
    assert "dated today" in text
