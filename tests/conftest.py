"""Fixtures: every test gets its own empty workspace and a fixed clock.

What the fixtures are made of lives in ``tests/helpers.py`` and
``tests/worlds.py``; test modules import from those, never from here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.helpers import Cli, Clock
from tests.worlds import build_full_workspace, copy_world

# The gate is deterministic: each property test draws the same examples on every run
# (derandomize), so a submission never fails by chance. INFOVIEW_HYPOTHESIS=explore
# draws new ones, to look for bugs on purpose; a failure prints its reproduce blob.
settings.register_profile("gate", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("INFOVIEW_HYPOTHESIS", "gate"))


@pytest.fixture(scope="session")
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """infoview's user cache (the checked copy of the bundled bank) for this test run:
    never the real one, and shared, so the copy is made once per worker."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_folder: Path) -> Iterator[Path]:
    """Point the workspace at a fresh temp folder (it does not exist until a write)."""
    folder = tmp_path / "home"
    monkeypatch.setenv("INFOVIEW_HOME", str(folder))
    monkeypatch.setenv("INFOVIEW_CACHE", str(cache_folder))
    # The student's time zone, for in-process runs and real processes alike; the fixed
    # clock's offset (-05:00 in November) is New York's.
    monkeypatch.setenv("TZ", "America/New_York")
    for name in ("NO_COLOR", "INFOVIEW_DEBUG", "INFOVIEW_LOCK_TIMEOUT", "VISUAL", "EDITOR"):
        monkeypatch.delenv(name, raising=False)
    yield folder


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cli(clock: Clock) -> Cli:
    """Run infoview in-process: ``cli("prospect", "list", input=..., expect=0)``."""
    return Cli(clock)


@pytest.fixture(scope="session")
def full_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("full") / "home"
    build_full_workspace(root)
    return root


@pytest.fixture
def full(full_workspace: Path, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's home, a copy of the full workspace (modes kept)."""
    copy_world(full_workspace, home)
    monkeypatch.chdir(tmp_path)  # anything a command writes to the current folder lands here
    return home
