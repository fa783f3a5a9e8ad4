"""What the tests share: a fixed clock, the in-process runner, real processes, sample records.

Test modules import from here (and from ``tests/worlds.py``, ``tests/terminal.py``);
never from ``conftest.py`` or from another test module. ``conftest.py`` only
turns these into fixtures.

The runner is modelled on httpie's ``tests/utils.http()``: ``cli(...)`` runs
infoview in-process with Typer's test runner and fails the test when the exit
code is not the one expected (0 unless ``expect=`` says
otherwise, ``expect=None`` for a test that looks at the code itself), showing
the command, its stdout and stderr.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from infoview.cli import app
from infoview.cli.env import AppEnv

# A fixed moment, with a non-UTC offset so offsets are visibly kept.
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
STAMP = NOW.isoformat()
TIMEOUT = 120  # seconds a real process may take: only a hang would take this long


class Clock:
    """An injectable clock that tests move forward by hand."""

    def __init__(self, start: datetime = NOW) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


class Cli:
    """Runs infoview in-process on an injected clock; see the module docstring."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.runner = CliRunner()

    def __call__(
        self,
        *args: str,
        input: str | None = None,
        env: dict[str, str] | None = None,
        expect: int | None = 0,
        terminal: bool = False,
    ) -> Result:
        """Run ``infoview ARGS``; ``terminal``: draw as for a person at a terminal."""
        environ = {**os.environ, **(env or {})}
        obj = AppEnv(clock=self.clock, environ=environ, stdout_isatty=terminal or None)
        result = self.runner.invoke(app, list(args), input=input, env=env, obj=obj)
        if expect is not None and result.exit_code != expect:
            raise AssertionError(
                f"`infoview {shlex.join(args)}` exited {result.exit_code}, not {expect}\n"
                f"--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
                + (f"--- exception\n{result.exception!r}" if result.exit_code == 70 else "")
            )
        return result


def refused(result: Result, message: str, code: int = 1) -> Result:
    """Exit ``code`` with ``message`` on stderr: in one error line (a usage error, exit 2,
    is Click's own box)."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    if code == 2:
        assert message in result.stderr, result.stderr
    else:
        assert_one_error_line(result.stderr, message)
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file under ``folder`` but the lock, by relative path: to prove a
    refused command wrote nothing."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def prospect_dict(pid: str, name: str, **changes: Any) -> dict[str, Any]:
    """A valid stored prospect, written out key by key as it appears on disk."""
    data: dict[str, Any] = {
        "id": pid,
        "name": name,
        "role": "",
        "organization": "",
        "fields": [],
        "relation": "other",
        "referred_by": None,
        "address_as": "",
        "how_found": "",
        "school": "",
        "email": None,
        "phone": None,
        "linkedin": None,
        "tags": [],
        "notes": "",
        "priority": 1,
        "status": "new",
        "cadence_days": 90,
        "created_at": STAMP,
        "updated_at": STAMP,
    }
    data.update(changes)
    return data


# --- real processes -------------------------------------------------------------


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
    from infoview.store.registry import PROSPECTS
    from infoview.store.workspace import Workspace

    return [p.name for p in Workspace(home).read(PROSPECTS).prospects]


def assert_one_error_line(stderr: str, *fragments: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("infoview: "), stderr
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    for fragment in fragments:
        assert fragment in lines[0], stderr


def all_command_paths() -> list[list[str]]:
    """Every command as the words that run it (["prospect", "add"]), the groups walked."""
    from typer.main import get_command

    from infoview.cli import app

    root = get_command(app)
    paths: list[list[str]] = []

    def walk(cmd: Any, prefix: list[str]) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, [*prefix, name])
        else:
            paths.append(prefix)

    walk(root, [])
    return paths


# A small bank that loads: two categories, one field, two questions.
SMALL_BANK = """\
schema_version: 1
categories:
  - id: story
    title: Their story
  - id: referrals
    title: Who else
fields:
  - id: law
    name: Law
    aliases: [lawyer]
questions:
  - id: q-one
    text: How did you start?
    category: story
    phase: opening
    minutes: 3
  - id: q-refer
    text: Who else should I talk to?
    category: referrals
    phase: closing
    minutes: 2
"""


def write_bank(tmp_path: Path, text: str) -> Path:
    """A question bank of ``text`` in ``tmp_path``, to load or to pass as --bank."""
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@contextmanager
def lock_held_by_another_process(
    script: str, lock_path: Path, env: Mapping[str, str] | None = None
) -> Iterator[None]:
    """Run ``script`` (given ``lock_path`` as argv[1]) in another process until it prints
    "locked"; on leaving, kill it while it holds the lock (the OS lets go)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(lock_path)],
        env=None if env is None else dict(env),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "locked\n"
        yield
    finally:
        holder.kill()
        holder.communicate(timeout=TIMEOUT)
