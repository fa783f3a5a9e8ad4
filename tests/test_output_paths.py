"""A file the student names to write never lands in the workspace, nor over what is not
a regular file (issue 14, items 1 and 10).

Every option that writes a file (or a folder) the student names, from the ``--help``
of each command, is pointed at a file of the workspace, the workspace folder itself,
a path reaching the workspace through a symlinked folder, a symlink into it, a
symlink outside it, a FIFO, a device and a symlink loop: each exits 1 with one line,
the workspace stays byte for byte as it was (no new folder either) and the node
named is left as it was.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from infoview.cli.env import AppEnv
from infoview.cli.output import Output
from infoview.model.errors import InvalidInput
from tests.helpers import NOW, Cli, Clock, refused, snapshot
from tests.worlds import Step, build_world, copy_world

WORLD: list[Step] = [
    ["profile", "set", "--name", "Ana Ruiz", "--email", "ana@example.com", "--interest", "nursing"],
    ["prospect", "add", "Maria Lopez", "--email", "maria@gmail.com", "--field", "nursing"],
    ["prospect", "add", "Sam Lee", "--email", "sam@example.org"],
    ["prospect", "add", "Dev Patel", "--email", "dev@example.org"],
    ["interview", "schedule", "sam", "--at", "2026-11-24 10:00"],
    NOW,
    ["interview", "log", "sam", "--note", "Loves the variety"],
    ["interview", "schedule", "maria", "--at", "2026-11-28 10:00"],
]

# Every output option: the command with {} where the path goes, and what a path that
# exists and is not a file is refused with (demo --keep names a folder, not a file).
NOT_A_FILE = None
OPTIONS: dict[str, tuple[list[str], str | None]] = {
    "prospect export -o": (["prospect", "export", "-o", "{}"], NOT_A_FILE),
    "prospect export --output": (["prospect", "export", "--format", "json", "--output", "{}"],
                                 NOT_A_FILE),
    "questions sheet -o": (["questions", "sheet", "maria", "-o", "{}"], NOT_A_FILE),
    "report --html": (["report", "--html", "{}"], NOT_A_FILE),
    "outreach draft --eml": (["outreach", "draft", "dev", "--eml", "{}"], NOT_A_FILE),
    "thanks draft --eml": (["thanks", "draft", "sam", "--eml", "{}"], NOT_A_FILE),
    "interview schedule --ics": (
        ["interview", "schedule", "dev", "--at", "2026-12-01 10:00", "--ics", "{}"], NOT_A_FILE),
    "interview reschedule --ics": (
        ["interview", "reschedule", "maria", "--at", "2026-12-02 10:00", "--ics", "{}"],
        NOT_A_FILE),
    "interview cancel --ics": (["interview", "cancel", "maria", "--ics", "{}"], NOT_A_FILE),
    "backup FILE": (["backup", "{}"], NOT_A_FILE),
    "demo --keep": (["demo", "--keep", "{}"], "needs a new or empty folder"),
}  # fmt: skip


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can make a device node")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # as /dev/null


def _link_outside(path: Path) -> None:
    real = path.parent / "real.txt"
    real.write_bytes(b"mine\n")
    path.symlink_to(real)


def _loop(path: Path) -> None:
    other = path.parent / "loop-b"
    path.symlink_to(other)
    other.symlink_to(path)


# A target: how to make it (given the workspace and a scratch folder) and what the
# refusal says; None: the node is made at scratch/target by the maker.
Maker = Callable[[Path, Path], Path]
INSIDE = "is inside your workspace"


def _workspace_file(home: Path, scratch: Path) -> Path:
    return home / "prospects.json"


def _workspace_folder(home: Path, scratch: Path) -> Path:
    return home


def _new_folder_inside(home: Path, scratch: Path) -> Path:
    return Path(f"{home}/new-folder/")  # "-o folder/" makes the folder for a sheet


def _through_linked_folder(home: Path, scratch: Path) -> Path:
    (scratch / "linked").symlink_to(home, target_is_directory=True)
    return scratch / "linked" / "new-file.txt"


def _dot_dot_into_workspace(home: Path, scratch: Path) -> Path:
    return scratch / ".." / home.name / "new-file.txt"


def _link_into_workspace(home: Path, scratch: Path) -> Path:
    (scratch / "points-in").symlink_to(home / "prospects.json")
    return scratch / "points-in"


def _node(make: Callable[[Path], None]) -> Maker:
    def maker(home: Path, scratch: Path) -> Path:
        make(scratch / "target")
        return scratch / "target"

    return maker


TARGETS: dict[str, tuple[Maker, str]] = {
    "a workspace file": (_workspace_file, INSIDE),
    "the workspace folder": (_workspace_folder, INSIDE),
    "a new folder inside": (_new_folder_inside, INSIDE),
    "through a symlinked folder": (_through_linked_folder, INSIDE),
    "a symlink into the workspace": (_link_into_workspace, INSIDE),
    "a path through ..": (_dot_dot_into_workspace, INSIDE),
    "a symlink outside": (_node(_link_outside), "is a symbolic link"),
    "a FIFO": (_node(_fifo), "is a FIFO"),
    "a device": (_node(_device), "is a device"),
    "a symlink loop": (_node(_loop), "cannot write"),
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("outputs") / "home"
    build_world(root, WORLD, Clock(NOW - timedelta(days=2)))
    return root


@pytest.fixture
def ready(world: Path, home: Path) -> Path:
    copy_world(world, home)
    return home


def _entries(folder: Path) -> dict[str, int]:
    """Every path under ``folder`` (folders and links too) with its type."""
    return {str(p.relative_to(folder)): stat.S_IFMT(p.lstat().st_mode) for p in folder.rglob("*")}


def _node_state(path: Path) -> tuple[int, bytes | None]:
    info = path.lstat()
    data = path.read_bytes() if stat.S_ISREG(info.st_mode) else None
    return stat.S_IFMT(info.st_mode), data


@pytest.mark.parametrize("target_name", TARGETS)
@pytest.mark.parametrize("option", OPTIONS)
def test_an_output_path_is_refused_and_nothing_changes(
    cli: Cli, ready: Path, tmp_path: Path, option: str, target_name: str
) -> None:
    args, not_a_file = OPTIONS[option]
    make, message = TARGETS[target_name]
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    target = make(ready, scratch)
    if message != INSIDE and not_a_file is not None and target_name != "a symlink loop":
        message = not_a_file
    nodes = {p: _node_state(p) for p in scratch.iterdir()}
    files, entries = snapshot(ready), _entries(ready)
    text = str(target) + ("/" if target_name == "a new folder inside" else "")
    result = cli(*[text if a == "{}" else a for a in args], expect=None)
    refused(result, message)
    assert snapshot(ready) == files
    assert _entries(ready) == entries
    assert {p: _node_state(p) for p in scratch.iterdir()} == nodes  # a device stays a device


@pytest.mark.parametrize("option", OPTIONS)
def test_a_path_outside_the_workspace_is_written(
    cli: Cli, ready: Path, tmp_path: Path, option: str
) -> None:
    args, _ = OPTIONS[option]
    out = tmp_path / "out"
    out.mkdir()
    target = out / ("kept" if option == "demo --keep" else "written.txt")
    cli(*[str(target) if a == "{}" else a for a in args])
    if option == "demo --keep":
        assert (target / "prospects.json").is_file()
    else:
        assert stat.S_ISREG(target.lstat().st_mode)
        assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["prospect", "export", "-o", "-"], "Maria Lopez"),
        (["questions", "sheet", "maria", "-o", "-"], "Maria Lopez"),
        (["report", "--html", "-"], "<!DOCTYPE html>"),
    ],
)
def test_a_dash_still_writes_to_the_screen(
    cli: Cli,
    ready: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    shown: str,
) -> None:
    """The options whose help offers - for the screen keep doing so."""
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert shown in result.stdout
    assert not (tmp_path / "-").exists()


def test_a_replaced_regular_file_outside_is_still_replaced(
    cli: Cli, ready: Path, tmp_path: Path
) -> None:
    target = tmp_path / "people.csv"
    target.write_text("old\n")
    cli("prospect", "export", "-o", str(target), "--force")
    assert "Maria Lopez" in target.read_text()


def test_the_default_sheet_in_the_workspace_folder_is_refused(
    cli: Cli, ready: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without -o the sheet goes to the current folder: not when that is the workspace."""
    monkeypatch.chdir(ready)
    files = snapshot(ready)
    refused(cli("questions", "sheet", "maria", expect=None), INSIDE)
    assert snapshot(ready) == files


def test_write_file_checks_again_when_it_writes(home: Path, tmp_path: Path) -> None:
    """A path that turned into a FIFO after the command's first check is still refused."""
    out = Output(AppEnv(home=home))
    fifo = tmp_path / "late.ics"
    os.mkfifo(fifo)
    with pytest.raises(InvalidInput, match="is a FIFO") as caught:
        out.write_file(fifo, b"data", hint="the interview itself was saved")
    assert caught.value.hint == "the interview itself was saved"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    with pytest.raises(InvalidInput, match=INSIDE):
        out.write_file(home / "prospects.json", b"[]")
    assert not (home / "prospects.json").exists()
