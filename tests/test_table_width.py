"""Tables fit the terminal: one line per row at any width, the least important column cut
with "…", ids whole; a long label (a question) on its own line in a record."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

FIRST_NAME = "Maximiliana Wolfeschlegelsteinhausen-Bergerdorff"  # gives the id below
LONG_NAME = (
    "Maximiliana Wolfeschlegelsteinhausen-Bergerdorff de la Santisima Trinidad "
    "y Montemayor-Castellanos of Greater Philadelphia, Pennsylvania, in the United States"
)
LONG_ID = "maximiliana-wolfeschlegelsteinhausen-bergerdorff"
LONG_ROLE = "Senior Principal Clinical Nurse Specialist for Pediatric Oncology"
LONG_ORG = "The Children's Hospital of Greater Metropolitan Philadelphia Research Institute"
LONG_QUESTION = (
    "What do you wish somebody had told you about the long night shifts during your "
    "very first year on the ward, before you started?"
)
WIDTHS = [60, 80, 100, 120, 200]
TABLE_EDGES = ("┏", "┃", "┡", "│", "└")


@pytest.fixture
def seeded(cli: Any) -> Any:
    """Two people (one with a long name, role and organisation), both reached out to,
    one interview held (answering a long question of the student's own), one scheduled."""
    cli("prospect", "add", FIRST_NAME, "--role", LONG_ROLE, "--org", LONG_ORG,
        "--relation", "family", "--field", "nursing")  # fmt: skip
    cli("prospect", "edit", LONG_ID, "--name", LONG_NAME)  # a name longer than its id
    cli("prospect", "add", "Bo Li", "--role", "Nurse", "--org", "Mercy", "--field", "nursing")
    cli("outreach", "sent", LONG_ID, "--on", "-3d")
    cli("outreach", "sent", "bo-li", "--on", "-10d")
    own = json.loads(cli("questions", "add", LONG_QUESTION, "--category", "story", "--json").stdout)
    cli("interview", "log", LONG_ID, "--on", "yesterday", "--note", "Kind and thorough",
        "--answer", f"{own['id']}=Sleep in the day",
        "--answer", "favorite-how-decided=*My aunt")  # fmt: skip
    cli("interview", "schedule", "bo-li", "--at", "tomorrow 15:00",
        "--where", "Mercy Hospital cafeteria on the second floor by the big windows")  # fmt: skip
    return cli


def draw(cli: Any, width: int, *args: str) -> str:
    """What a terminal ``width`` columns wide shows, without colours."""
    env = {"COLUMNS": str(width), "TERM": "xterm-256color"}
    shown = cli(*args, terminal=True, env=env).stdout
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown)


def table_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(TABLE_EDGES)]


def assert_fits(text: str, width: int, rows: int) -> list[str]:
    """Every line of the table fits; each row is one line (header and borders: 4)."""
    lines = table_lines(text)
    too_wide = [line for line in lines if len(line) > width]
    assert not too_wide, text
    assert len(lines) == rows + 4, text
    assert len([line for line in lines if line.startswith("│")]) == rows, text
    return lines


def json_rows(cli: Any, *args: str) -> int:
    data = json.loads(cli(*args, "--json").stdout)
    return len(data["rows"] if isinstance(data, dict) and "rows" in data else data)


@pytest.mark.parametrize("width", WIDTHS)
def test_prospect_list_fits_and_keeps_ids_whole(seeded: Any, width: int) -> None:
    shown = draw(seeded, width, "prospect", "list")
    lines = assert_fits(shown, width, rows=2)
    assert len([line for line in lines if LONG_ID in line]) == 1, shown  # never cut
    assert len([line for line in lines if "bo-li" in line]) == 1, shown
    assert "…" in shown  # the long organisation was cut
    assert LONG_ORG not in shown


NAMED: list[tuple[str, ...]] = [("outreach", "list"), ("interview", "list"), ("thanks",)]
CASES = [
    *[(command, width) for command in [*NAMED, ("questions", "list")] for width in WIDTHS],
    (("questions", "categories"), 60),  # the bank's own titles fit from 80 on
    (("outreach", "templates"), 60),  # the path of each template, wherever it is installed
    (("outreach", "templates"), 80),
]


@pytest.mark.parametrize(("command", "width"), CASES)
def test_every_table_has_one_line_per_row(
    seeded: Any, command: tuple[str, ...], width: int
) -> None:
    shown = draw(seeded, width, *command)
    lines = assert_fits(shown, width, rows=json_rows(seeded, *command))
    assert "…" in shown  # something was cut, not wrapped
    if command in NAMED:
        assert LONG_NAME not in shown
    if command == ("questions", "list"):
        own = [line for line in lines if "my-what-do-you-wish" in line]
        assert len(own) == 1 and "…" in own[0], shown  # its id whole, its text cut


@pytest.mark.parametrize("width", [80, 120])
def test_interview_list_columns_share_the_width(seeded: Any, width: int) -> None:
    """The old table gave the long name all the room and wrapped the rest a letter a line."""
    shown = draw(seeded, width, "interview", "list")
    header = table_lines(shown)[1]
    assert "State" in header and "When" in header


@pytest.mark.parametrize("width", [80, 100])
def test_broaden_tables_fit(seeded: Any, width: int) -> None:
    shown = draw(seeded, width, "broaden", "nursing").split("Your prospects in Nursing:")[1]
    lines = assert_fits(shown, width, rows=2)
    assert len([line for line in lines if LONG_ID in line]) == 1, shown
    assert len([line for line in lines if "bo-li" in line]) == 1, shown


def test_a_column_without_room_is_left_out_and_named(seeded: Any) -> None:
    """At 60 columns the 48-letter id leaves room for only one other column."""
    shown = draw(seeded, 60, "prospect", "list")
    assert_fits(shown, 60, rows=2)
    note = " ".join(shown.split("┘", 1)[1].split())
    assert note.startswith("(no room for Role, Organization"), shown
    assert all(len(line) <= 60 for line in shown.splitlines())


@pytest.mark.parametrize("width", [60, 80, 120, 200])
def test_interview_show_puts_a_long_question_on_its_own_line(seeded: Any, width: int) -> None:
    shown = draw(seeded, width, "interview", "show", LONG_ID)
    assert all(len(line) <= width for line in shown.splitlines()), shown
    body = [line.strip("│ ").rstrip() for line in shown.splitlines()]
    assert re.search(r"^State {2,4}held$", "\n".join(body), re.M), shown  # not padded
    assert "Notes   Kind and thorough" in body, shown
    start = LONG_QUESTION[:40]
    question = next(line for line in body if line.startswith(start))
    assert "Sleep in the day" not in question, shown  # the answer is on a line of its own
    assert "Sleep in the day" in body
    assert LONG_ID in shown.replace("\n", "")  # the interview's id is whole, in the title


def test_interview_show_piped_puts_a_long_question_on_its_own_line(seeded: Any) -> None:
    shown = seeded("interview", "show", LONG_ID).stdout.splitlines()
    assert "  State:  held" in shown, shown  # padded to the short labels only
    assert f"  {LONG_QUESTION}:" in shown
    assert shown[shown.index(f"  {LONG_QUESTION}:") + 1] == "          Sleep in the day"
    assert "  * How did you decide this is what you wanted to do?:" in shown
    assert max(len(line) for line in shown[1:]) <= len(LONG_QUESTION) + 3  # but the title


@pytest.mark.parametrize("width", [80, 100, 120])  # at 60 the command alone folds
def test_report_tables_fit_and_keep_the_command_whole(seeded: Any, width: int) -> None:
    seeded("thanks", "sent", LONG_ID, "--on", "today")
    seeded.clock.advance(days=200)  # past the stay-in-touch cadence: a row in the report
    shown = draw(seeded, width, "report")
    touch = shown.split("Staying in touch (1 due)")[1]
    lines = assert_fits(touch, width, rows=1)
    assert len([line for line in lines if f"infoview touch {LONG_ID}" in line]) == 1, touch
    assert "…" in touch
    fields = shown.split("Fields explored")[1].split("┘")[0] + "┘"
    assert_fits(fields, width, rows=1)
