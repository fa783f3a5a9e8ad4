"""Several infoview processes on one workspace at once: nothing lost, nothing mixed, no hang.

docs/architecture.md, "Storage rules": every command that changes state takes the workspace lock
for the whole load-change-write; reading needs no lock (files are replaced
atomically). jrnl issue #502 (no lock, lost entries) is the bug not to repeat.

Each worker is a real process that builds the CLI once and runs its commands
in-process in a loop, so the processes really overlap instead of taking turns
at Python's start-up.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from infoview.store.registry import PROSPECTS
from infoview.store.workspace import DEFAULT_LOCK_TIMEOUT, Workspace
from tests.helpers import (
    TIMEOUT,
    assert_one_error_line,
    environ,
    infoview_cli,
    lock_held_by_another_process,
    names_in,
    seed_one_person,
    temp_files,
)

# A worker: prints "ready", waits for a line on stdin (so all start together),
# then runs each JSON-encoded argument list of argv[1] and prints one line of
# JSON: the exit codes.
WORKER = """
import contextlib, io, json, sys
import typer.main
from infoview.cli import app

command = typer.main.get_command(app)
runs = json.loads(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
codes = []
for args in runs:
    with contextlib.redirect_stdout(io.StringIO()):
        codes.append(command.main(args=args, prog_name="infoview", standalone_mode=False) or 0)
print(json.dumps(codes), flush=True)
"""


def run_together(home: Path, jobs: list[list[list[str]]], **extra: str) -> list[list[int]]:
    """Start one worker per job, release them at once, return each one's exit codes."""
    env = environ(home, INFOVIEW_LOCK_TIMEOUT="60", **extra)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, json.dumps(job)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for job in jobs
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None
            assert proc.stdout.readline() == "ready\n", proc.stderr.read() if proc.stderr else ""
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = []
        for proc in procs:
            out, err = proc.communicate(timeout=TIMEOUT)
            assert proc.returncode == 0, err
            results.append(json.loads(out.splitlines()[-1]))
        return results
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()


# --- many adds at once -------------------------------------------------------


@pytest.mark.parametrize(
    ("workers", "each"),
    [
        pytest.param(2, 10, id="2x10"),
        pytest.param(4, 50, id="4x50", marks=pytest.mark.slow),
    ],
)
def test_processes_adding_at_once_lose_nobody(home: Path, workers: int, each: int) -> None:
    jobs = [
        [["prospect", "add", f"Worker {w} Person {i}"] for i in range(each)] for w in range(workers)
    ]

    codes = run_together(home, jobs)

    assert codes == [[0] * each] * workers
    people = Workspace(home).read(PROSPECTS).prospects  # valid, or this raises DataError
    assert len(people) == workers * each
    assert sorted(p.name for p in people) == sorted(
        f"Worker {w} Person {i}" for w in range(workers) for i in range(each)
    )
    assert len({p.id for p in people}) == workers * each
    # Each worker's adds land in the order it made them.
    for w in range(workers):
        mine = [int(p.name.rsplit(" ", 1)[1]) for p in people if p.name.startswith(f"Worker {w} ")]
        assert mine == list(range(each))
    # The backup is the state just before the last add: valid and one short.
    backup = Workspace(home / "backups").read(PROSPECTS).prospects
    assert [p.id for p in backup] == [p.id for p in people][:-1]
    assert temp_files(home) == []


# --- two processes editing the same person -----------------------------------

A_TAG = re.compile(r"^A (\d+)$")
B_TAG = re.compile(r"^B (\d+)$")


def edits(writer: str, count: int) -> list[list[str]]:
    """Every edit sets role, organisation and the notes to one tag, plus a field of its own."""
    runs = []
    for i in range(count):
        own = ["--phone", f"555-01{i:02d}"] if writer == "A" else ["--email", f"b{i}@example.org"]
        tag = f"{writer} {i}"
        shared = ["--role", tag, "--org", tag, "--replace-note", tag]
        runs.append(["prospect", "edit", "jose", *shared, *own])
    return runs


def own_index(record: dict[str, Any], writer: str) -> int:
    """Which of its edits the writer's own field shows (-1 for none yet)."""
    if writer == "A":
        return int(record["phone"][-2:]) if record["phone"] else -1
    email = record["email"]
    return int(email[1 : email.index("@")]) if email else -1


def check_record(record: dict[str, Any]) -> tuple[int, int]:
    """Assert no mix inside one record; return (A's own index, B's own index)."""
    note = re.sub(r"^\d{4}-\d\d-\d\d: ", "", record["notes"])  # --replace-note dates it
    shared = {record["role"], record["organization"], note}
    assert len(shared) == 1 or shared == {""}, f"a mixed record: {shared}"
    a, b = own_index(record, "A"), own_index(record, "B")
    tag = shared.pop()
    if tag:
        writer, n = tag.split()
        # The last edit wrote its own field with the same number.
        assert (a if writer == "A" else b) == int(n), record
    return a, b


@pytest.mark.parametrize(
    "count",
    [pytest.param(12, id="12-each"), pytest.param(60, id="60-each", marks=pytest.mark.slow)],
)
def test_two_processes_editing_one_person_never_mix_or_lose_an_edit(home: Path, count: int) -> None:
    seed_one_person(home)
    path = home / "prospects.json"
    seen: list[tuple[int, int]] = []

    env = environ(home, INFOVIEW_LOCK_TIMEOUT="60")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, json.dumps(edits(writer, count))],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for writer in "AB"
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None and proc.stdin is not None
            assert proc.stdout.readline() == "ready\n"
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        # Meanwhile, read the file as another program would, without the lock.
        while any(proc.poll() is None for proc in procs):
            (record,) = json.loads(path.read_bytes())["prospects"]
            seen.append(check_record(record))
            time.sleep(0.002)
        outputs = [proc.communicate(timeout=TIMEOUT) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()

    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert json.loads(out.splitlines()[-1]) == [0] * count
    (final,) = Workspace(home).read(PROSPECTS).prospects
    last = check_record(final.model_dump(mode="json"))
    # No lost update: each writer's last own-field edit survived the other's edits.
    assert last == (count - 1, count - 1)
    # Readers only ever saw edits arrive in order, never one undone.
    for earlier, later in itertools.pairwise(seen):
        assert later[0] >= earlier[0] and later[1] >= earlier[1], (earlier, later)
    assert temp_files(home) == []


# --- the lock held too long ----------------------------------------------------

HOLD_LOCK = """
import sys
from filelock import FileLock
with FileLock(sys.argv[1]):
    print("locked", flush=True)
    sys.stdin.read()
"""

# An infoview command stuck halfway through its write (say, on a hung disk),
# holding the workspace lock: it stops inside os.replace and never returns.
STUCK_COMMAND = """
import os, sys, threading
real_replace = os.replace

def stuck(src, dst, **kwargs):
    print("locked", flush=True)
    threading.Event().wait()

os.replace = stuck
from infoview.cli import main
sys.argv = ["infoview", "prospect", "add", "Stuck Person"]
main()
"""


@pytest.mark.parametrize("holder_script", [HOLD_LOCK, STUCK_COMMAND], ids=["filelock", "infoview"])
def test_a_command_waits_for_the_lock_then_says_busy(home: Path, holder_script: str) -> None:
    raw = seed_one_person(home)
    with lock_held_by_another_process(holder_script, home / ".lock", environ(home)):
        started = time.monotonic()
        busy = infoview_cli(home, "prospect", "add", "New Person", INFOVIEW_LOCK_TIMEOUT="1.5")
        waited = time.monotonic() - started
        listed = infoview_cli(home, "prospect", "list", "--json")  # reading needs no lock

    assert busy.returncode == 1
    assert_one_error_line(busy.stderr, "busy", str(home), "1.5 s", "try again")
    assert busy.stdout == ""
    assert 1.5 <= waited < 1.5 + 30  # it waited for the lock, then gave up
    assert (home / "prospects.json").read_bytes() == raw
    assert listed.returncode == 0, listed.stderr
    assert [p["name"] for p in json.loads(listed.stdout)] == ["José García"]

    # The holder is gone (killed): the lock went with it.
    done = infoview_cli(home, "prospect", "add", "New Person", INFOVIEW_LOCK_TIMEOUT="1.5")
    assert done.returncode == 0, done.stderr
    assert names_in(home) == ["José García", "New Person"]
    assert temp_files(home) == []


def test_without_a_setting_a_command_waits_the_default_timeout(home: Path) -> None:
    """The default is what a run without INFOVIEW_LOCK_TIMEOUT gets. (That a workspace
    waits its timeout and then says busy, naming it, is the test above, with a short one:
    waiting the whole default in a real process only made the gate 10 s slower.)"""
    from infoview.cli.env import AppEnv

    assert AppEnv(home=home, environ={}).workspace().lock_timeout == DEFAULT_LOCK_TIMEOUT
    assert AppEnv(home=home, environ={"INFOVIEW_LOCK_TIMEOUT": ""}).workspace().lock_timeout == (
        DEFAULT_LOCK_TIMEOUT
    )
    assert (
        AppEnv(home=home, environ={"INFOVIEW_LOCK_TIMEOUT": "2.5"}).workspace().lock_timeout == 2.5
    )


@pytest.mark.parametrize("value", ["soon", "-1", "inf", "nan", "-0.5", "1e400"])
def test_a_lock_timeout_that_could_wait_forever_is_refused(
    cli: Any, home: Path, value: str
) -> None:
    result = cli("prospect", "add", "Joe", env={"INFOVIEW_LOCK_TIMEOUT": value}, expect=1)
    assert "INFOVIEW_LOCK_TIMEOUT" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (home / "prospects.json").exists()


@pytest.mark.parametrize("value", ["0", "0.2", "30"])
def test_a_finite_lock_timeout_is_taken(cli: Any, home: Path, value: str) -> None:
    cli("prospect", "add", "Joe", env={"INFOVIEW_LOCK_TIMEOUT": value})
    assert names_in(home) == ["Joe"]
