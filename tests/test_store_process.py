"""The storage rules where only a real process can show them.

Concurrent commands, a crash in the middle of a write, exit codes and stderr as
a shell sees them, the installed entry point, and what start-up imports.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import infoview
from infoview.people import PROSPECTS
from infoview.store import Workspace
from tests.conftest import prospect_dict

TIMEOUT = 120  # seconds: only a hang would take this long


def environ(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, INFOVIEW_HOME=str(home), **extra)
    for name in ("INFOVIEW_DEBUG", "INFOVIEW_LOCK_TIMEOUT", "NO_COLOR"):
        if name not in extra:
            env.pop(name, None)
    return env


def run_python(args: list[str], home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        env=environ(home, **extra),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT,
        check=False,
    )


def infoview_cli(home: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return run_python(["-m", "infoview", "--home", str(home), *args], home, **extra)


def seed_one_person(home: Path) -> bytes:
    """A workspace holding José García alone; returns the bytes of prospects.json."""
    home.mkdir(mode=0o700)
    data = {
        "schema_version": 1,
        "prospects": [prospect_dict("jose-garcia", "José García", relation="family")],
    }
    raw = (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
    (home / "prospects.json").write_bytes(raw)
    return raw


def temp_files(home: Path) -> list[str]:
    return sorted(
        name for _d, _s, files in os.walk(home) for name in files if name.endswith(".tmp")
    )


def names_in(home: Path) -> list[str]:
    return [p.name for p in Workspace(home).read(PROSPECTS).prospects]


def assert_one_error_line(stderr: str, *fragments: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("infoview: "), stderr
    assert "Traceback" not in stderr
    for fragment in fragments:
        assert fragment in lines[0], stderr


# --- concurrency -------------------------------------------------------------


def test_concurrent_adds_from_separate_processes_lose_nothing(home: Path) -> None:
    count = 8
    env = environ(home, INFOVIEW_LOCK_TIMEOUT="60")
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "infoview",
                "--home",
                str(home),
                "prospect",
                "add",
                f"Person {n}",
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(count)
    ]
    results = [(p, *p.communicate(timeout=TIMEOUT)) for p in procs]
    for proc, _out, err in results:
        assert proc.returncode == 0, err

    people = Workspace(home).read(PROSPECTS).prospects  # valid, or this raises DataError
    assert sorted(p.name for p in people) == [f"Person {n}" for n in range(count)]
    assert len({p.id for p in people}) == count
    # The backup is the state just before the last add: valid and one short.
    backup = Workspace(home / "backups").read(PROSPECTS).prospects
    assert len(backup) == count - 1
    assert temp_files(home) == []


# --- a failed or interrupted write -------------------------------------------

FAILING_REPLACE = """
import errno, os, sys
import infoview.store

def refuse(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")

os.replace = refuse
from infoview.cli import main
sys.argv = ["infoview", "prospect", "add", "New Person"]
main()
"""


def test_a_failed_write_in_a_real_process_reports_one_line_and_keeps_the_file(
    home: Path,
) -> None:
    raw = seed_one_person(home)

    result = run_python(["-c", FAILING_REPLACE], home)

    assert result.returncode == 1, result.stderr
    assert_one_error_line(result.stderr, "could not write", "No space left on device")
    assert result.stdout == ""
    assert (home / "prospects.json").read_bytes() == raw
    assert temp_files(home) == []
    assert infoview_cli(home, "prospect", "add", "Later Person").returncode == 0


# The child stops just before (or just after) prospects.json is renamed into
# place, tells the parent, and waits to be killed: a crash at that instant.
STALL_AT_RENAME = """
import os, sys, threading
target = os.path.join(os.environ["INFOVIEW_HOME"], "prospects.json")
moment = sys.argv[1]
real_replace = os.replace

def stall(src, dst, **kwargs):
    if os.fspath(dst) == target and moment == "after":
        real_replace(src, dst, **kwargs)
    if os.fspath(dst) == target:
        sys.stdout.write("ready\\n")
        sys.stdout.flush()
        threading.Event().wait()
    real_replace(src, dst, **kwargs)

os.replace = stall
from infoview.cli import main
sys.argv = ["infoview", "prospect", "add", "New Person"]
main()
"""


@pytest.mark.parametrize("moment", ["before", "after"])
def test_a_process_killed_mid_write_leaves_the_old_or_the_new_file(home: Path, moment: str) -> None:
    raw = seed_one_person(home)
    proc = subprocess.Popen(
        [sys.executable, "-c", STALL_AT_RENAME, moment],
        env=environ(home),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line == "ready\n", proc.stderr.read() if proc.stderr else ""
    finally:
        proc.kill()
        proc.communicate(timeout=TIMEOUT)

    if moment == "before":
        assert (home / "prospects.json").read_bytes() == raw
        assert names_in(home) == ["José García"]
    else:
        assert names_in(home) == ["José García", "New Person"]
    assert (home / "backups" / "prospects.json").read_bytes() == raw
    # The dead process's lock went with it: the next command goes through at once.
    after = infoview_cli(home, "prospect", "add", "Later Person", INFOVIEW_LOCK_TIMEOUT="5")
    assert after.returncode == 0, after.stderr
    assert names_in(home)[-1] == "Later Person"


# --- the lock held by another process ----------------------------------------

HOLD_LOCK = """
import sys
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("locked", flush=True)
    sys.stdin.read()
"""


def test_a_command_waits_for_the_lock_and_then_gives_up_busy(home: Path) -> None:
    raw = seed_one_person(home)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(home / ".lock")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "locked\n"
        busy = infoview_cli(home, "prospect", "add", "New Person", INFOVIEW_LOCK_TIMEOUT="0.2")
        listed = infoview_cli(home, "prospect", "list", "--json")  # reading needs no lock
    finally:
        holder.communicate(input="", timeout=TIMEOUT)

    assert busy.returncode == 1
    assert_one_error_line(busy.stderr, "busy")
    assert (home / "prospects.json").read_bytes() == raw
    assert listed.returncode == 0, listed.stderr
    assert [p["name"] for p in json.loads(listed.stdout)] == ["José García"]

    done = infoview_cli(home, "prospect", "add", "New Person", INFOVIEW_LOCK_TIMEOUT="0.2")
    assert done.returncode == 0, done.stderr
    assert names_in(home) == ["José García", "New Person"]


# --- damaged and newer files, as the shell sees them -------------------------


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        pytest.param(b'{"schema_version": 1, "prospects": [{"id": "a"', "damaged", id="truncated"),
        pytest.param(b'{"schema_version": 2, "prospects": []}\n', "newer", id="newer"),
    ],
)
def test_a_bad_file_stops_a_command_with_exit_3(home: Path, content: bytes, fragment: str) -> None:
    home.mkdir(mode=0o700)
    path = home / "prospects.json"
    path.write_bytes(content)

    result = infoview_cli(home, "prospect", "add", "New Person")

    assert result.returncode == 3
    assert_one_error_line(result.stderr, str(path), fragment)
    assert path.read_bytes() == content
    assert not (home / "backups" / "prospects.json").exists()


# --- version and entry point -------------------------------------------------


def test_python_dash_m_prints_the_version(home: Path) -> None:
    result = run_python(["-m", "infoview", "--version"], home)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"infoview {infoview.__version__}\n"


def test_the_installed_entry_point_prints_the_version(home: Path) -> None:
    exe = shutil.which("infoview")
    if exe is None:
        pytest.skip("the infoview script is not on PATH")
    result = subprocess.run(
        [exe, "--version"],
        env=environ(home),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"infoview {infoview.__version__}\n"
    assert not home.exists()  # --version touches nothing


# --- start-up imports --------------------------------------------------------

# Runs the CLI in-process for the given arguments, then reports (as the last
# stdout line) which of the heavy packages got imported.
IMPORTS_AFTER = """
import json, sys
from infoview.cli import main
sys.argv = ["infoview", *json.loads(sys.argv[1])]
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code
heavy = {"pydantic", "rich", "yaml", "email_validator"}
imported = sorted(heavy & {m.split(".")[0] for m in sys.modules})
print(json.dumps({"code": code, "imported": imported}))
"""


@pytest.mark.parametrize(
    ("args", "module"),
    [
        pytest.param(["path"], "rich", id="path-rich"),
        pytest.param(["path"], "yaml", id="path-yaml"),
        pytest.param(["--version"], "pydantic", id="version-pydantic"),
        pytest.param(["--version"], "rich", id="version-rich"),
        pytest.param(["--version"], "yaml", id="version-yaml"),
        pytest.param(["--help"], "pydantic", id="help-pydantic"),
        pytest.param(["--help"], "yaml", id="help-yaml"),
    ],
)
# Not checked: pydantic for `path`. typer >= 0.29 coerces every non-bool option
# (here the root --home) through pydantic, so any command with options loads it.
def test_light_commands_do_not_import_heavy_packages(
    home: Path, args: list[str], module: str
) -> None:
    result = run_python(["-c", IMPORTS_AFTER, json.dumps(args)], home)
    assert result.returncode == 0, result.stderr
    *output, report_line = result.stdout.splitlines()
    report = json.loads(report_line)
    assert report["code"] in (0, None), result.stderr
    if args == ["path"]:
        assert output == [str(home)]
    assert module not in report["imported"]
