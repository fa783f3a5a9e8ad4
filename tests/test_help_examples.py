"""Every `Example:` line in `--help` runs as shown (issue 17).

The example is read from the built command's help text (what `--help` renders,
before rich wraps it), split as a shell would, and run in a workspace where it makes
sense: a copy of a small world built once per session, in a folder of its own (the
examples that write files write them there).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from infoview.cli import app, build_command
from tests.helpers import NOW, Cli, Clock, all_command_paths
from tests.worlds import Step, build_world, copy_world

# The people the examples name: Maria (a neighbour in social work) and Sam Lee, whom
# she suggested; each world is Maria one step further along.
NEW: list[Step] = [
    ["profile", "set", "--name", "Ana Ruiz", "--email", "ana@example.org"],
    ["prospect", "add", "Maria Lopez", "--relation", "neighbor", "--field", "social work"],
    ["prospect", "edit", "maria", "--email", "maria@example.org"],
    ["prospect", "add", "Sam Lee", "--relation", "referral", "--referred-by", "maria"],
]
ASKED: list[Step] = [*NEW, ["outreach", "sent", "maria", "--on", "2026-11-20"]]
BOOKED: list[Step] = [*ASKED, ["interview", "schedule", "maria", "--at", "2026-11-30 10:00"]]
MET: list[Step] = [  # booked for yesterday: the conversation has taken place
    NOW - timedelta(days=2),
    *ASKED,
    ["interview", "schedule", "maria", "--at", "2026-11-24 10:00"],
    NOW,
]
TALKED: list[Step] = [
    *MET,
    [
        "interview",
        "log",
        "maria",
        "--answer",
        "favorite-love-most=*Every day is different",
        "--note",
        "Loves the variety",
    ],
]
THANKED: list[Step] = [*TALKED, ["thanks", "sent", "maria"]]
WORLDS: dict[str, list[Step]] = {
    "empty": [],
    "new": NEW,
    "asked": ASKED,
    "booked": BOOKED,
    "met": MET,
    "talked": TALKED,
    "thanked": THANKED,
}

# The world each example needs; any other runs in "new".
WORLD_OF: dict[str, str] = {
    "infoview": "empty",  # the root's example adds Maria
    "prospect add": "empty",
    "start": "empty",
    "prospect export": "booked",  # someone scheduled to export
    "answers": "talked",
    "outreach replied": "asked",
    "interview confirm": "booked",
    "interview reschedule": "booked",
    "interview cancel": "booked",
    "interview log": "met",
    "interview list": "booked",
    "interview show": "talked",
    "thanks draft": "talked",
    "thanks sent": "talked",
    "touch log": "thanked",
    "touch draft": "thanked",
    "undo": "new",
}

# Files an example reads from the folder it runs in.
MY_NOTE = (
    "Subject: Your path into social work\n\nHi Ms. Lopez,\n\nI'm Ana, your neighbor's "
    "daughter, a junior at Lincoln High. Could you spare about 20 minutes to tell me how "
    "you became a social worker, whenever suits your schedule?\n\nThank you,\nAna\n"
)
CONTACTS = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Rosa Diaz\r\nEMAIL:rosa@example.org\r\nEND:VCARD\r\n"
FILES: dict[str, dict[str, str]] = {
    "outreach lint": {"my-note.txt": MY_NOTE},
    "prospect import": {"contacts.vcf": CONTACTS},
}
# Commands run first, in the same folder and workspace.
BEFORE: dict[str, list[list[str]]] = {
    "restore": [["backup", "my-infoview.zip"]],
    "outreach list": [["outreach", "sent", "sam", "--on", "2026-11-13"]],  # a follow-up due
    "settings holidays list": [["settings", "holidays", "add", "2026-12-25"]],
    "settings holidays remove": [["settings", "holidays", "add", "2026-12-25"]],
}
# Examples that ask a question: what the student types.
INPUT: dict[str, str] = {
    "undo": "y\n",
    # You; your interest; no more fields; Rosa (family, no job given, psychiatry, by
    # email), no more people; ask her first, by email, sent; 30 minutes.
    "start": "Ana Ruiz\nLincoln High\njunior\nana@example.com\npsychiatry\n\n"
    "Rosa Delgado\n1\n\npsychiatry\n1\nrosa@example.org\nn\n1\n1\ny\n1\n",
}
# Examples whose exit code is not 0 by design.
EXIT: dict[str, int] = {
    "questions lint": 1,  # it flags a yes/no question, and exits 1 so a script can stop
}


def example(path: list[str]) -> list[str]:
    """The arguments of the command's `Example:` line (there is one for each)."""
    if path:
        command: Any = build_command(path[0])
        for name in path[1:]:
            command = command.commands[name]
        text = command.help or ""
    else:
        text = str(app.info.help)
    found = [p for p in text.split("\n\n") if p.startswith("Example: infoview ")]
    assert len(found) == 1, (path, text)
    args = shlex.split(" ".join(found[0].split()).removeprefix("Example: infoview "))
    # An example of this very command (`touch log` is also `touch PERSON`, as shown).
    assert args[: len(path)] == path or path == ["touch", "log"], (path, args)
    return args


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The workspace of a world, built the first time a test asks for it."""
    built: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in built:
            built[name] = tmp_path_factory.mktemp(f"world-{name}") / "home"
            build_world(built[name], WORLDS[name], Clock(NOW))
        return built[name]

    return get


PATHS = [[], *all_command_paths()]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "infoview")
def test_example_runs_as_shown(
    path: list[str],
    cli: Cli,
    home: Path,
    tmp_path: Path,
    world: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = " ".join(path) or "infoview"
    args = example(path)
    template = world(WORLD_OF.get(key, "new"))
    if template.exists():  # the empty world is no folder at all
        copy_world(template, home)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    for name, text in FILES.get(key, {}).items():
        (here / name).write_text(text, encoding="utf-8")
    for before in BEFORE.get(key, []):
        cli(*before)
    there = set(here.iterdir())
    result = cli(*args, input=INPUT.get(key), expect=EXIT.get(key, 0))
    # It shows something: what it printed, or the file it wrote.
    assert result.stdout.strip() or set(here.iterdir()) - there, shlex.join(args)
