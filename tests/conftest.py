"""Shared fixtures: every test gets its own empty workspace and a fixed clock."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from infoview.cli import app
from infoview.cli.common import AppEnv

# A fixed moment, with a non-UTC offset so offsets are visibly kept.
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
STAMP = NOW.isoformat()


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the workspace at a fresh temp folder (it does not exist until a write)."""
    folder = tmp_path / "home"
    monkeypatch.setenv("INFOVIEW_HOME", str(folder))
    for name in ("NO_COLOR", "INFOVIEW_DEBUG", "INFOVIEW_LOCK_TIMEOUT", "VISUAL", "EDITOR"):
        monkeypatch.delenv(name, raising=False)
    yield folder


class Clock:
    """An injectable clock that tests move forward by hand."""

    def __init__(self, start: datetime = NOW) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cli(clock: Clock) -> Callable[..., Any]:
    """Run infoview in-process: ``cli("prospect", "list", input=...)`` -> click Result."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Any:
        environ = {**os.environ, **(env or {})}
        obj = AppEnv(now=clock, environ=environ)
        return runner.invoke(app, list(args), input=input, env=env, obj=obj)

    return run


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
