"""The damaged-data matrix: every workspace file, damaged every way, against the commands.

Rules under test (docs/architecture.md, "Storage rules"): a damaged file, or one written by a
newer infoview, is never overwritten; a command that reads it stops with exit 3
and one stderr line naming the file, what is wrong and (when damaged) how to
recover (`infoview doctor`); a command that does not read it may go on, but
leaves it as it is. A `referred_by` to nobody is only a warning. `infoview
doctor` reports each case (exit 3), and `doctor --restore --yes` brings back the
last good backup, after which every command works again.

One full workspace (every file of ``ALL_DOCUMENTS``, each with a previous good
copy in ``backups/``) is built once and copied into each test's home.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from infoview.store.registry import ALL_DOCUMENTS
from tests.helpers import Cli
from tests.worlds import CASES, damage_file

ALL = frozenset(doc.filename for doc in ALL_DOCUMENTS)
PEOPLE = "prospects.json"

# Each command, and the files it reads (so a damaged one must stop it with exit 3).
COMMANDS: dict[str, tuple[list[str], frozenset[str]]] = {
    "prospect-list": (["prospect", "list"], frozenset({PEOPLE})),
    "prospect-add": (
        ["prospect", "add", "Zoe Quinn", "--relation", "teacher"],
        frozenset({PEOPLE}),
    ),
    "next": (
        ["next"],
        frozenset(
            {PEOPLE, "plans.json", "outreach.json", "interviews.json", "contacts.json"}
            | {"settings.json"}
        ),
    ),
    "report": (
        ["report"],
        frozenset({"profile.json", PEOPLE, "outreach.json", "interviews.json", "contacts.json"}),
    ),
    "thanks": (["thanks"], frozenset({PEOPLE, "interviews.json"})),
    "outreach-list": (["outreach", "list"], frozenset({PEOPLE, "outreach.json", "settings.json"})),
    "outreach-sent": (
        ["outreach", "sent", "kim", "--on", "today"],
        frozenset({PEOPLE, "outreach.json"}),
    ),
    "interview-list": (["interview", "list"], frozenset({PEOPLE, "interviews.json"})),
    "questions-pick": (
        ["questions", "pick", "kim", "--minutes", "20", "--seed", "3"],
        frozenset({PEOPLE, "questions.json", "interviews.json", "plans.json"}),
    ),
    "profile-show": (["profile", "show"], frozenset({"profile.json"})),
    "profile-set": (["profile", "set", "--school", "Lincoln High"], frozenset({"profile.json"})),
    "touch": (["touch", "maria", "--note", "Called"], frozenset({PEOPLE, "contacts.json"})),
    "backup": (["backup", "matrix-backup.zip"], ALL),
    "doctor": (["doctor"], ALL),
    "path": (["path"], frozenset()),
}

# For each file, one command that only reads it and one that writes next to it.
READERS: dict[str, tuple[str, str]] = {
    "profile.json": ("profile-show", "profile-set"),
    "prospects.json": ("prospect-list", "prospect-add"),
    "questions.json": ("backup", "questions-pick"),
    "plans.json": ("next", "questions-pick"),
    "outreach.json": ("outreach-list", "outreach-sent"),
    "interviews.json": ("interview-list", "questions-pick"),
    "contacts.json": ("report", "touch"),
    "settings.json": ("outreach-list", "next"),
    "guide.json": ("backup", "doctor"),
}


def run(cli: Cli, name: str) -> Any:
    args, _reads = COMMANDS[name]
    result = cli(*args, expect=None)
    # Typer's own usage errors (2) or an internal error (70) are never acceptable here.
    assert result.exit_code in (0, 1, 3), (name, result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr
    return result


def assert_stopped_by(result: Any, name: str, path: Path, case: str) -> None:
    """Exit 3, and one stderr line naming the file (and, for damage, `infoview doctor`)."""
    assert result.exit_code == 3, (name, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, (name, result.stderr)
    line = lines[0]
    assert line.startswith("infoview: "), line
    if name == "doctor":  # its report is on stdout; the closing line names the file
        assert path.name in line, line
        return
    assert str(path) in line, line
    if case == "newer":
        assert "newer infoview" in line and "upgrade" in line, line
    else:
        assert "is damaged: " in line and "infoview doctor" in line, line


# --- every file x every damage: stopped, reported by doctor, restored ---------------


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("filename", sorted(ALL))
def test_a_damaged_file_stops_its_readers_and_doctor_restores_it(
    cli: Cli, full: Path, filename: str, case: str
) -> None:
    path = full / filename
    good = (full / "backups" / filename).read_bytes()
    bad = damage_file(full, filename, case)
    reader = READERS[filename][CASES.index(case) % 2]  # the reading or the writing one

    result = run(cli, reader)
    assert_stopped_by(result, reader, path, case)
    assert path.read_bytes() == bad

    report = run(cli, "doctor")
    assert_stopped_by(report, "doctor", path, case)
    problem = [line for line in report.stdout.splitlines() if line.startswith("error: ")]
    assert len(problem) == 1, report.stdout
    assert str(path) in problem[0]
    assert "infoview doctor --restore" in problem[0]  # the fix: a good backup is there
    assert path.read_bytes() == bad

    restored = cli("doctor", "--restore", "--yes")
    assert f"Restored {path} from {full / 'backups' / filename}" in restored.stdout
    assert path.read_bytes() == good
    kind = "newer" if case == "newer" else "damaged"
    kept = list((full / "backups").glob(f"{filename}.{kind}-*"))
    assert [p.read_bytes() for p in kept] == [bad]  # set aside, never deleted
    assert oct(kept[0].stat().st_mode & 0o777) == oct(0o600)

    assert run(cli, reader).exit_code == 0


# --- every file x every command: never overwritten ---------------------------------


@pytest.mark.parametrize("filename", sorted(ALL))
def test_no_command_changes_a_damaged_file(cli: Cli, full: Path, filename: str) -> None:
    path = full / filename
    for i, (name, (_args, reads)) in enumerate(COMMANDS.items()):
        case = CASES[i % len(CASES)]  # each command meets another kind of damage
        bad = damage_file(full, filename, case)
        result = run(cli, name)
        assert path.read_bytes() == bad, (name, case)
        if filename in reads:
            assert_stopped_by(result, name, path, case)
        elif result.exit_code != 0:
            assert_stopped_by(result, name, path, case)  # reading more than listed is fine
        path.write_bytes((full / "backups" / filename).read_bytes())  # good again
        Path("matrix-backup.zip").unlink(missing_ok=True)


@pytest.mark.parametrize("filename", sorted(ALL))
def test_every_command_works_after_doctor_restores(cli: Cli, full: Path, filename: str) -> None:
    damage_file(full, filename, CASES[sorted(ALL).index(filename) % len(CASES)])
    cli("doctor", "--restore", "--yes")
    for name in COMMANDS:
        result = run(cli, name)
        assert result.exit_code == 0, (name, result.stdout, result.stderr)


# --- a referred_by to nobody: a warning, never a crash ------------------------------


@pytest.fixture
def dangling(full: Path) -> Iterator[bytes]:
    path = full / PEOPLE
    data = json.loads(path.read_bytes())
    sam = next(p for p in data["prospects"] if p["id"] == "sam-lee")
    sam["referred_by"] = "gone-person"
    raw = (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()
    path.write_bytes(raw)
    yield raw


WARNED_BY = ("prospect-list", "prospect-add")  # the commands that show the list warn
CHANGES_PEOPLE = ("prospect-add", "outreach-sent")  # a new person; a status moves


def test_a_dangling_referral_is_a_warning_and_the_file_is_untouched(
    cli: Cli, full: Path, dangling: bytes
) -> None:
    path = full / PEOPLE
    before = dangling
    for name in COMMANDS:
        if name == "doctor":
            continue  # see the next test
        result = run(cli, name)
        assert result.exit_code == 0, (name, result.stdout, result.stderr)
        if name in WARNED_BY:
            assert "warning: Sam Lee (sam-lee) is referred_by 'gone-person'" in result.stderr
        if name in CHANGES_PEOPLE:
            # The change is made; Sam's link is kept as it was, not repaired silently.
            people = json.loads(path.read_bytes())["prospects"]
            assert next(p for p in people if p["id"] == "sam-lee")["referred_by"] == "gone-person"
            assert path.read_bytes() != before
            before = path.read_bytes()
        assert path.read_bytes() == before, name
        Path("matrix-backup.zip").unlink(missing_ok=True)


def test_doctor_reports_a_dangling_referral_with_its_fix(
    cli: Cli, full: Path, dangling: bytes
) -> None:
    result = cli("doctor", expect=1)
    lines = [line for line in result.stdout.splitlines() if line.startswith("warning: ")]
    assert lines == [
        f"warning: {full / PEOPLE}: Sam Lee (sam-lee) is referred_by 'gone-person', who is not "
        'in prospects.json; fix: infoview prospect edit sam-lee --referred-by ""'
    ]
    assert (full / PEOPLE).read_bytes() == dangling
    # The fix it names works.
    cli("prospect", "edit", "sam-lee", "--referred-by", "")
    cli("doctor")


# --- permissions --------------------------------------------------------------------


def test_doctor_fix_permissions_makes_everything_private_again(cli: Cli, full: Path) -> None:
    files = [p for p in full.rglob("*") if p.is_file()]
    folders = [full, full / "backups"]
    for p in files:
        p.chmod(0o644)
    for p in folders:
        p.chmod(0o755)

    report = cli("doctor", expect=1)
    warned = [line for line in report.stdout.splitlines() if line.startswith("warning: ")]
    assert len(warned) == len(files) + len(folders)
    assert all("infoview doctor --fix-permissions" in line for line in warned)

    cli("doctor", "--fix-permissions")
    assert {p: oct(p.stat().st_mode & 0o777) for p in files} == dict.fromkeys(files, oct(0o600))
    assert {p: oct(p.stat().st_mode & 0o777) for p in folders} == dict.fromkeys(folders, oct(0o700))
    cli("doctor")
