"""The workspace's own files made hostile: each is damage (exit 3), never a hang or exit 70.

A document (or its backup copy) holding a key twice, JSON nested 100,000 deep or a
5000-digit integer is damaged: every command that reads it stops with one line naming
the file (exit 3), ``doctor`` reports it and ``doctor --restore --yes`` brings back the
good backup. A document that is a FIFO or a folder is refused without waiting (a real
process with a timeout shows that nothing hangs), and ``doctor --fix-permissions``
touches only infoview's own files, only in a folder that is a workspace.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from infoview.model.errors import DataError
from infoview.store.doctor import check
from infoview.store.document import read_document_bytes
from infoview.store.registry import ALL_DOCUMENTS
from infoview.store.workspace import Workspace
from tests.helpers import Cli, assert_one_error_line, infoview_cli, run_python, snapshot

NAMES = [doc.filename for doc in ALL_DOCUMENTS]

# A command that reads each document (and stops when it is damaged).
READER: dict[str, tuple[str, ...]] = {
    "profile.json": ("profile", "show"),
    "prospects.json": ("next",),
    "questions.json": ("questions", "list"),
    "plans.json": ("next",),
    "outreach.json": ("next",),
    "interviews.json": ("next",),
    "contacts.json": ("next",),
    "settings.json": ("next",),
    "guide.json": ("start",),
}

# The first key of each document's envelope that holds its data.
MAIN_KEY = {
    "profile.json": "profile",
    "prospects.json": "prospects",
    "questions.json": "questions",
    "plans.json": "plans",
    "outreach.json": "records",
    "interviews.json": "interviews",
    "contacts.json": "contacts",
    "settings.json": "holidays",
    "guide.json": "first_person",
}


def duplicate_key(name: str, raw: bytes) -> bytes:
    """The file with its main key written twice: the first copy is what a reader would lose."""
    key = MAIN_KEY[name]
    first = json.dumps(json.loads(raw)[key])
    return b'{"' + key.encode() + b'": ' + first.encode() + b"," + raw.lstrip()[1:]


def deep(name: str, raw: bytes) -> bytes:
    return b'{"schema_version": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


def huge_integer(name: str, raw: bytes) -> bytes:
    return b'{"x": ' + b"9" * 5000 + b"," + raw.lstrip()[1:]


HOSTILE: dict[str, tuple[Callable[[str, bytes], bytes], str]] = {
    "duplicate-key": (duplicate_key, "appears twice"),
    "deep": (deep, "nested too deeply"),
    "huge-integer": (huge_integer, "more than 4300 digits"),
}


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """infoview in a real process; a hang fails the test (TimeoutExpired)."""
    return infoview_cli(home, *args)


# --- damaged bytes ----------------------------------------------------------------------


@pytest.mark.parametrize("case", list(HOSTILE))
@pytest.mark.parametrize("name", NAMES)
def test_hostile_bytes_are_damage_and_the_backup_brings_the_file_back(
    cli: Cli, full: Path, name: str, case: str
) -> None:
    make, problem = HOSTILE[case]
    path = full / name
    bad = make(name, path.read_bytes())
    path.write_bytes(bad)
    before = snapshot(full)

    readers = [READER[name]] + ([("prospect", "list")] if name == "prospects.json" else [])
    for args in readers:
        result = cli(*args, expect=3)
        assert_one_error_line(result.stderr, f"{path} is damaged", problem, "infoview doctor")
    if case == "duplicate-key":
        assert f'"{MAIN_KEY[name]}"' in result.stderr
    assert snapshot(full) == before  # nothing was written

    report = cli("doctor", expect=3)
    [error] = [line for line in report.stdout.splitlines() if line.startswith("error:")]
    assert name in error and problem in error
    assert "infoview doctor --restore" in error
    assert [f.name for f in check(Workspace(full)).damaged] == [name]

    result = cli("doctor", "--restore", "--yes")
    assert f"Restored {path} from " in result.stdout
    assert "All is well." in result.stdout
    [aside] = (full / "backups").glob(f"{name}.damaged-*")
    assert aside.read_bytes() == bad  # the damaged file is kept


def test_a_key_twice_inside_a_record_names_the_key(cli: Cli, full: Path) -> None:
    path = full / "prospects.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"name": ', '"name": "Someone Else", "name": ', 1), "utf-8")
    result = cli("prospect", "list", expect=3)
    assert_one_error_line(result.stderr, str(path), 'the key "name" appears twice')
    [report] = check(Workspace(full)).damaged
    assert report.name == "prospects.json" and report.state == "damaged"


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_backup_is_unusable_and_the_good_one_is_restored(
    cli: Cli, full: Path, case: str
) -> None:
    make, problem = HOSTILE[case]
    good = (full / "backups" / "settings.json").read_bytes()
    schema_copy = full / "backups" / "settings.schema1.json"
    schema_copy.write_bytes(make("settings.json", schema_copy.read_bytes()))
    (full / "settings.json").write_bytes(b"{")

    found = check(Workspace(full))
    [bad] = [b for b in found.backups if b.path == schema_copy]
    assert bad.valid is False and problem in bad.problem
    cli("doctor", "--restore", "--yes")
    assert (full / "settings.json").read_bytes() == good


def test_a_newer_file_with_a_huge_number_is_still_only_damaged(cli: Cli, full: Path) -> None:
    path = full / "plans.json"
    path.write_bytes(b'{"schema_version": 99, "x": ' + b"1" * 5000 + b"}")
    [report] = check(Workspace(full)).damaged
    assert report.state == "damaged" and "4300 digits" in report.detail


# --- files that are not files ------------------------------------------------------------


def test_a_fifo_or_a_folder_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "prospects.json"
    os.mkfifo(fifo)
    with pytest.raises(DataError) as info:
        read_document_bytes(fifo)
    assert info.value.message == f"{fifo} is a FIFO (named pipe), not a file; " + (
        "infoview reads only regular files"
    )
    assert info.value.hint is not None and "infoview doctor" in info.value.hint
    folder = tmp_path / "plans.json"
    folder.mkdir()
    with pytest.raises(DataError, match="is a folder, not a file") as info:
        read_document_bytes(folder)
    assert info.value.hint is not None and "infoview doctor" in info.value.hint
    with pytest.raises(DataError, match="is a device, not a file"):
        read_document_bytes(Path("/dev/zero"))


FIFO_NAMES = list(NAMES)


def test_doctor_reports_every_fifo_without_waiting(full: Path) -> None:
    for name in FIFO_NAMES:
        (full / name).unlink()
        os.mkfifo(full / name)
    os.mkfifo(full / "backups" / "prospects.schema1.json")  # a backup that is a FIFO too

    result = run(full, "doctor")
    assert result.returncode == 3, result
    errors = [line for line in result.stdout.splitlines() if line.startswith("error:")]
    assert len(errors) == len(FIFO_NAMES), result.stdout
    for name, line in zip(FIFO_NAMES, errors, strict=True):
        path, backup = full / name, full / "backups" / name
        assert line == (
            f"error: {path} is a FIFO (named pipe), not a file; infoview reads only regular "
            f"files; fix: move the FIFO {path} out of the workspace (infoview reads only "
            f"regular files), then copy back its last good backup: cp '{backup}' '{path}'"
        )
    assert f"{len(FIFO_NAMES)} files cannot be used" in result.stderr

    restore = run(full, "doctor", "--restore", "--yes")
    assert restore.returncode == 1, restore
    assert "is a FIFO (named pipe); move it out of the workspace first" in restore.stderr
    assert all(stat.S_ISFIFO((full / name).stat().st_mode) for name in FIFO_NAMES)

    # The fix it names, for one file: doctor then finds that file good again.
    (full / "plans.json").unlink()
    os.link(full / "backups" / "plans.json", full / "plans.json")
    assert "plans.json" not in {f.name for f in check(Workspace(full)).damaged}


def test_a_folder_in_place_of_a_document_points_to_doctor(cli: Cli, full: Path) -> None:
    path = full / "outreach.json"
    path.unlink()
    path.mkdir()
    [problem] = [p for p in check(Workspace(full)).problems if p.path == path]
    assert problem.message.startswith(f"{path} is a folder, not a file")
    assert problem.fix.startswith(f"move the folder {path} out of the workspace")
    assert "cp '" in problem.fix
    result = cli("doctor", "--restore", "--yes", expect=1)
    assert "is a folder; move it out of the workspace first" in result.stderr
    assert path.is_dir()


def test_a_folder_in_place_of_any_document_stops_its_readers(cli: Cli, full: Path) -> None:
    for name in NAMES:
        path = full / name
        keep = path.read_bytes()
        path.unlink()
        path.mkdir()
        result = cli(*READER[name], expect=3)
        assert_one_error_line(result.stderr, f"{path} is a folder, not a file", "infoview doctor")
        path.rmdir()
        path.write_bytes(keep)


# Run in one real process (a hang fails the test by its timeout): each document in turn
# is a FIFO, and each command that reads it runs in-process there.
EVERY_READER = """
import json, os, sys
from pathlib import Path
from typer.testing import CliRunner
from infoview.cli import app
home, readers = Path(sys.argv[1]), json.loads(sys.argv[2])
found = []
for name, commands in readers.items():
    path = home / name
    keep = path.read_bytes()
    path.unlink()
    os.mkfifo(path)
    for args in commands:
        result = CliRunner().invoke(app, args)
        found.append([name, args, result.exit_code, result.stderr])
    path.unlink()
    path.write_bytes(keep)
print(json.dumps(found))
"""


def test_a_fifo_in_place_of_any_document_stops_its_readers_at_once(full: Path) -> None:
    readers = {name: [list(READER[name]), ["doctor"]] for name in NAMES}
    readers["prospects.json"].append(["prospect", "list"])
    result = run_python(["-c", EVERY_READER, str(full), json.dumps(readers)], full)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert len(found) == sum(len(commands) for commands in readers.values())
    for name, args, code, stderr in found:
        assert code == 3, (name, args, code, stderr)
        if args != ["doctor"]:
            assert_one_error_line(stderr, f"{full / name} is a FIFO", "infoview doctor")


# --- doctor --fix-permissions ------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_fix_permissions_refuses_a_folder_that_is_not_a_workspace(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "build.sh").write_text("#!/bin/sh\n", encoding="utf-8")
    (folder / "README.md").write_text("# mine\n", encoding="utf-8")
    (folder / "build.sh").chmod(0o755)
    (folder / "README.md").chmod(0o644)
    folder.chmod(0o1777)
    before = {p.name: mode(p) for p in [folder, *folder.iterdir()]}

    result = cli("--home", str(folder), "doctor", "--fix-permissions", expect=1)
    assert_one_error_line(result.stderr, f"{folder} is not an infoview workspace", "no mode")
    assert {p.name: mode(p) for p in [folder, *folder.iterdir()]} == before
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "build.sh"]
    folder.chmod(0o700)


def test_fix_permissions_touches_only_infoviews_files(cli: Cli, full: Path) -> None:
    strangers = {
        full / "notes.txt": 0o644,
        full / "run.sh": 0o755,
        full / "templates" / "ideas.md": 0o644,
    }
    (full / "templates").mkdir(mode=0o700)
    for path, wanted in strangers.items():
        path.write_text("mine\n", encoding="utf-8")
        path.chmod(wanted)
    photos = full / "photos"
    photos.mkdir()
    photos.chmod(0o755)
    own = [full / "prospects.json", full / ".lock", full / "backups" / "plans.json"]
    for path in own:
        path.chmod(0o644)
    full.chmod(0o755)

    found = {p.path for p in check(Workspace(full)).problems}
    assert found == {*own, full}
    result = cli("doctor", "--fix-permissions")
    assert "All is well." in result.stdout
    assert {p: mode(p) for p in own} == dict.fromkeys(own, 0o600)
    assert mode(full) == 0o700
    assert {p: mode(p) for p in strangers} == strangers
    assert mode(photos) == 0o755


def test_a_folder_with_only_backups_is_a_workspace(cli: Cli, home: Path) -> None:
    (home / "backups").mkdir(parents=True)
    home.chmod(0o755)
    cli("doctor", "--fix-permissions")
    assert mode(home) == 0o700


def test_a_document_over_its_limit_is_damaged_and_restored(
    cli: Cli, full: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("infoview.store.document.DOCUMENT_LIMIT", 64 * 1024)
    path = full / "contacts.json"
    path.write_bytes(b" " * (64 * 1024 + 1))
    [report] = check(Workspace(full)).damaged
    assert report.name == "contacts.json" and report.detail.startswith("larger than 64 KB")
    result = cli("doctor", "--restore", "--yes")
    assert f"Restored {path} from " in result.stdout
    [aside] = (full / "backups").glob("contacts.json.damaged-*")
    assert aside.read_bytes() == b" " * (64 * 1024 + 1)  # kept, not read into memory


# --- the folders infoview keeps, and the workspace folder's mode --------------------------


@pytest.mark.parametrize("folder", ["backups", "journal"])
def test_doctor_reports_a_symlinked_folder_of_its_own(
    cli: Cli, home: Path, tmp_path: Path, folder: str
) -> None:
    cli("prospect", "add", "Maria Lopez")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    own = home / folder
    if own.exists():
        (elsewhere / "moved").mkdir()
        own.rename(elsewhere / "moved" / folder)
    own.symlink_to(elsewhere)
    result = cli("doctor", expect=1)
    assert f"error: {own} is a symlink; infoview does not follow it" in result.stdout
    assert "move it out of the workspace" in result.stdout
    assert "All is well" not in result.stdout


def test_a_workspace_others_can_open_is_warned_about_once(cli: Cli, home: Path) -> None:
    cli("prospect", "add", "Maria Lopez")
    home.chmod(0o777)
    result = cli("prospect", "list")
    assert result.stderr == (
        f"warning: the workspace {home} has mode 0777, not 0700 (others can change its "
        "files); run `infoview doctor --fix-permissions`\n"
    )
    assert "warning" not in cli("doctor", expect=1).stderr  # doctor's report says it
    cli("doctor", "--fix-permissions")
    assert cli("prospect", "list").stderr == ""
