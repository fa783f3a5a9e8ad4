"""The write path, made faster and exactly as safe: the files' bytes, one load per file
for a command, and the workspace lock taken with the OS's own file locks.

* ``encode`` (pydantic-core) writes the bytes the old encoder (model_dump + json.dumps,
  sorted, indented, ensure_ascii=False, a trailing newline) wrote, for any document;
* ``questions pick PERSON`` and ``prospect show`` read each file once;
* the lock (``fcntl.flock`` / ``msvcrt.locking``) is held against another process,
  gives up after the timeout, is made 0600, never followed through a symlink, and
  goes with a process that dies.
"""

from __future__ import annotations

import collections
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.model.errors import StorageError, WorkspaceBusy
from infoview.model.people import ProspectsFile
from infoview.store.document import Document, encode
from infoview.store.files import lock_file, unlock_file
from infoview.store.registry import ALL_DOCUMENTS, PROSPECTS
from infoview.store.workspace import LOCK_FILE, Workspace
from tests.helpers import Cli, lock_held_by_another_process
from tests.strategies import DOCUMENT_STRATEGIES, ROUND_TRIP
from tests.worlds import copy_world

DOCUMENTS = {doc.filename: doc for doc in ALL_DOCUMENTS}


def old_encode(model: Any) -> bytes:
    """store.document.encode as it was: pure-Python json.dumps."""
    data = model.model_dump(mode="json")
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


# --- the bytes of the files ------------------------------------------------------------


@pytest.mark.parametrize("filename", sorted(DOCUMENTS))
@settings(ROUND_TRIP, max_examples=25)  # the round-trip tests draw the same documents too
@given(data=st.data())
def test_encode_writes_the_bytes_the_old_encoder_wrote(filename: str, data: st.DataObject) -> None:
    model = data.draw(DOCUMENT_STRATEGIES[filename])
    assert encode(model) == old_encode(model)


def test_the_full_workspace_is_written_as_before(full_workspace: Path) -> None:
    ws = Workspace(full_workspace)
    for doc in ALL_DOCUMENTS:
        raw = ws.path_of(doc).read_bytes()
        model = ws.read(doc)
        assert encode(model) == old_encode(model) == raw, doc.filename


# --- one load per file -------------------------------------------------------------------


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> Iterator[collections.Counter[str]]:
    """How many times each file is loaded (read and validated) from disk."""
    counted: collections.Counter[str] = collections.Counter()
    real = Workspace._load

    def counting(self: Workspace, doc: Document[Any]) -> Any:
        counted[doc.filename] += 1
        return real(self, doc)

    monkeypatch.setattr(Workspace, "_load", counting)
    yield counted


@pytest.fixture
def world(full_workspace: Path, tmp_path: Path) -> Path:
    home = tmp_path / "world"
    copy_world(full_workspace, home)
    return home


def test_questions_pick_reads_each_file_once(
    world: Path, cli: Cli, loads: collections.Counter[str]
) -> None:
    before = (world / "plans.json").read_bytes()
    cli("--home", str(world), "questions", "pick", "maria", "--seed", "7")
    assert (world / "plans.json").read_bytes() != before  # the plan was saved
    for name in ("prospects.json", "plans.json", "interviews.json"):
        assert loads[name] == 1, (name, dict(loads))
    assert max(loads.values()) == 1, dict(loads)


def test_questions_pick_of_someone_unknown_writes_nothing(
    world: Path, cli: Cli, loads: collections.Counter[str]
) -> None:
    before = {p: p.read_bytes() for p in world.rglob("*") if p.is_file()}
    cli("--home", str(world), "questions", "pick", "nobody-at-all", "--seed", "7", expect=1)
    assert {p: p.read_bytes() for p in world.rglob("*") if p.is_file()} == before


def test_prospect_show_reads_the_list_once(
    world: Path, cli: Cli, loads: collections.Counter[str]
) -> None:
    cli("--home", str(world), "prospect", "show", "maria")
    assert loads["prospects.json"] == 1, dict(loads)


# --- the lock ----------------------------------------------------------------------------

HOLDER = """
import sys
from pathlib import Path
from infoview.store.files import lock_file
fd = lock_file(Path(sys.argv[1]), 5)
print("locked", flush=True)
sys.stdin.read()
"""


def test_a_lock_another_process_holds_makes_the_workspace_busy(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ws = Workspace(home, lock_timeout=0.3)
    with ws.transaction() as tx:
        tx.put(PROSPECTS, ProspectsFile())
    raw = (home / "prospects.json").read_bytes()
    with lock_held_by_another_process(HOLDER, home / LOCK_FILE):
        started = time.monotonic()
        with pytest.raises(WorkspaceBusy) as info, ws.transaction() as tx:
            tx.put(PROSPECTS, ProspectsFile())
        assert time.monotonic() - started >= 0.3
        assert "held it for 0.3 s" in info.value.message
        assert (home / "prospects.json").read_bytes() == raw
    # The holder died holding it: the OS let go.
    with Workspace(home, lock_timeout=0).lock() as held:
        assert held


def test_a_timeout_of_zero_tries_once(tmp_path: Path) -> None:
    path = tmp_path / LOCK_FILE
    fd = lock_file(path, 0)
    try:
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            lock_file(path, 0)  # a second open file: the same process is refused too
        assert time.monotonic() - started < 0.5
    finally:
        unlock_file(fd)
    unlock_file(lock_file(path, 0))  # released: taken again at once


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_the_lock_file_is_made_0600_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        unlock_file(lock_file(tmp_path / LOCK_FILE, 0))
    finally:
        os.umask(old)
    assert (tmp_path / LOCK_FILE).stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges there")
def test_a_symlinked_lock_file_is_not_followed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    target = tmp_path / "elsewhere"
    (home / LOCK_FILE).symlink_to(target)
    with pytest.raises(StorageError, match="cannot lock"), Workspace(home).lock():
        pass
    assert not target.exists()


def test_the_lock_and_filelock_exclude_each_other(tmp_path: Path) -> None:
    """Holders of either kind (an older infoview, a test's FileLock) keep the other out."""
    filelock = pytest.importorskip("filelock")
    path = tmp_path / LOCK_FILE
    theirs = filelock.FileLock(str(path), timeout=0, mode=0o600)
    with theirs, pytest.raises(TimeoutError):
        lock_file(path, 0)
    fd = lock_file(path, 0)
    try:
        with pytest.raises(TimeoutError):
            theirs.acquire()
    finally:
        unlock_file(fd)
    theirs.acquire()
    theirs.release()
