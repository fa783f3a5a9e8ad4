"""`infoview undo`: the last changes stepped back, byte for byte, from the journal.

The use cases (``infoview.usecases.undo``) are tested here too; the journal's
own protocol (crashes, full disks) is in ``test_journal.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest

from infoview.model.errors import InvalidInput
from infoview.store.journal import KEEP
from infoview.store.registry import ALL_DOCUMENTS
from infoview.store.workspace import Workspace
from infoview.usecases.undo import history, last_change, undo_change
from tests.helpers import NOW, Cli, Clock, refused, snapshot


def documents(home: Path) -> dict[str, bytes]:
    """The workspace's own files (not backups/, not the journal), by name."""
    return {p.name: p.read_bytes() for p in sorted(home.glob("*.json"))}


def journal(home: Path) -> list[str]:
    folder = home / "journal"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def every_backup_is_good(home: Path) -> None:
    backups = Workspace(home / "backups")
    for doc in ALL_DOCUMENTS:
        backups.read(doc)  # DataError if one were damaged


# --- undoing the last change --------------------------------------------------------


def test_undo_shows_the_change_asks_and_puts_every_file_back_byte_for_byte(
    cli: Cli, home: Path
) -> None:
    cli("prospect", "add", "Maria Lopez", "--field", "nursing")
    before = documents(home)
    cli("questions", "pick", "maria", "--minutes", "20", "--seed", "7")
    cli("prospect", "edit", "maria", "--role", "Nurse")
    assert documents(home) != before
    cli("undo", "--yes")

    result = cli("undo", input="y\n")

    assert 'Undo "questions pick maria" of ' in result.stderr
    assert "(it changed plans.json)?" in result.stderr
    assert result.stdout.startswith('Undid "questions pick maria" of ')
    assert "each file is as it was before it" in result.stdout
    assert "1 earlier change can be undone too" in result.stdout
    assert documents(home) == before  # plans.json was absent before: it is gone again
    assert not (home / "plans.json").exists()
    every_backup_is_good(home)
    assert "All is well." in cli("doctor").stdout


def test_a_declined_undo_changes_nothing(cli: Cli, home: Path) -> None:
    cli("prospect", "add", "Maria Lopez")
    cli("prospect", "add", "Dev Patel")
    before = snapshot(home)
    for answer in ("n\n", "", "whatever\n"):
        result = cli("undo", input=answer, expect=1)
        assert result.stderr.startswith('Undo "prospect add Dev Patel" of ')
        assert result.stderr.strip().endswith("infoview: nothing was undone")
    assert snapshot(home) == before


def test_undo_steps_back_up_to_the_last_changes_kept(cli: Cli, home: Path) -> None:
    states = [documents(home)]
    for n in range(KEEP + 2):
        cli("prospect", "add", f"Person {n}")
        states.append(documents(home))

    for k in range(KEEP):
        result = cli("undo", "--yes")
        assert documents(home) == states[-2 - k], k
        left = KEEP - 1 - k
        assert (f"{left} earlier change" in result.stdout) == (left > 0)
    refused(cli("undo", "--yes", expect=1), "nothing to undo")
    assert documents(home) == states[2]  # the first two changes are too old to undo
    assert journal(home) == []
    every_backup_is_good(home)


def test_undo_of_a_change_of_five_files_puts_all_five_back(cli: Cli, full: Path) -> None:
    before = documents(full)
    backups_before = snapshot(full / "backups")
    cli("prospect", "remove", "maria", "--yes")
    changed = [k for k, v in documents(full).items() if before.get(k) != v]
    assert len(changed) == 5

    result = cli("undo", "--yes")

    for name in changed:
        assert name in result.stdout
    assert documents(full) == before
    # Each backup is good; those of the five files hold the version just undone.
    every_backup_is_good(full)
    for name, data in snapshot(full / "backups").items():
        assert name in changed or data == backups_before[name], name
    assert "Maria Lopez" in cli("prospect", "list").stdout


def test_a_change_then_undo_then_the_same_change_again(cli: Cli, home: Path) -> None:
    cli("prospect", "add", "Maria Lopez")
    cli("touch", "maria", "--note", "Coffee")
    touched = documents(home)
    cli("undo", "--yes")
    cli("touch", "maria", "--note", "Coffee")
    assert documents(home) == touched
    assert len(journal(home)) == 2


# --- refusals ----------------------------------------------------------------------------


def test_nothing_to_undo(cli: Cli, home: Path) -> None:
    refused(cli("undo", "--yes", expect=1), "nothing to undo")
    assert not home.exists()  # asking created nothing
    cli("prospect", "add", "Maria Lopez")
    cli("undo", "--yes")
    refused(cli("undo", "--yes", expect=1), "nothing to undo")


def test_a_file_changed_since_by_hand_is_named_and_nothing_is_undone(cli: Cli, home: Path) -> None:
    cli("prospect", "add", "Maria Lopez")
    cli("prospect", "add", "Dev Patel")
    path = home / "prospects.json"
    data = json.loads(path.read_bytes())
    data["prospects"][0]["notes"] = "Typed in by hand"
    path.write_text(json.dumps(data, indent=2))
    path.chmod(0o600)
    before = snapshot(home)

    result = refused(cli("undo", "--yes", expect=1), "was changed since by something else")
    assert str(path) in result.stderr
    assert "nothing was undone" in result.stderr
    assert snapshot(home) == before


def test_a_file_deleted_since_is_named_too(cli: Cli, home: Path) -> None:
    cli("prospect", "add", "Maria Lopez", "--field", "nursing")
    cli("questions", "pick", "maria", "--minutes", "20", "--seed", "7")
    (home / "plans.json").unlink()
    refused(cli("undo", "--yes", expect=1), f"{home / 'plans.json'} was changed since")


def test_a_damaged_last_entry_is_refused_with_exit_3(cli: Cli, home: Path) -> None:
    cli("prospect", "add", "Maria Lopez")
    cli("prospect", "add", "Dev Patel")
    (home / "journal" / "00000002.json").write_bytes(b"{not json")
    before = snapshot(home)
    result = refused(cli("undo", "--yes", expect=3), "00000002.json is damaged", code=3)
    assert "not JSON" in result.stderr
    assert snapshot(home) == before
    listed = cli("undo", "--list")
    assert "00000002.json is damaged" in listed.stderr
    assert "prospects.json" in listed.stdout  # the change before it is still listed


def test_the_change_shown_must_still_be_the_last_one(cli: Cli, home: Path) -> None:
    cli("prospect", "add", "Maria Lopez")
    ws = Workspace(home)
    shown = last_change(ws)
    cli("prospect", "add", "Dev Patel")  # another command, while the student was reading
    before = snapshot(home)
    with pytest.raises(InvalidInput, match="no longer the one shown"):
        undo_change(ws, shown, NOW)
    assert snapshot(home) == before


# --- the list, and JSON ------------------------------------------------------------------


def test_list_shows_the_changes_newest_first(cli: Cli, home: Path) -> None:
    assert "Nothing to undo" in cli("undo", "--list").stdout
    cli("prospect", "add", "Maria Lopez", "--field", "nursing")
    cli("questions", "pick", "maria", "--minutes", "20", "--seed", "7")
    before = snapshot(home)

    listed = cli("undo", "--list").stdout

    lines = listed.splitlines()
    assert lines[0].split() == ["#", "WHEN", "CHANGE", "FILES"]
    assert lines[1].startswith("1 ") and lines[1].endswith("plans.json")
    assert lines[2].startswith("2 ") and lines[2].endswith("prospects.json")
    assert "`infoview undo` undoes #1" in listed
    data = json.loads(cli("undo", "--list", "--json").stdout)
    assert [c["files"] for c in data["changes"]] == [["plans.json"], ["prospects.json"]]
    assert [c["sequence"] for c in data["changes"]] == [2, 1]
    assert data["damaged"] == [] and data["keep"] == KEEP
    assert snapshot(home) == before  # listing is a view


def test_json_says_what_was_undone(cli: Cli, home: Path) -> None:
    cli("prospect", "add", "Maria Lopez")
    cli("prospect", "add", "Dev Patel")
    data = json.loads(cli("undo", "--yes", "--json").stdout)
    assert data["undone"]["files"] == ["prospects.json"]
    assert data["undone"]["description"] == "prospect add Dev Patel"
    assert data["left"] == 1


def test_the_use_cases_directly(home: Path, cli: Cli) -> None:
    ws = Workspace(home)
    assert history(ws).changes == ()
    cli("prospect", "add", "Maria Lopez")
    change = last_change(ws)
    assert change.files == ("prospects.json",) and change.sequence == 1
    assert history(ws).changes == (change,)
    undone = undo_change(ws, change, NOW)
    assert undone.change == change and undone.left == 0
    assert history(ws).changes == ()


# --- an undo is a change like any other ----------------------------------------------------

KILL_AT_THIRD_RENAME = 3


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_an_undo_killed_halfway_is_completed_by_the_next_command(
    cli: Cli, full: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = documents(full)
    cli("prospect", "remove", "maria", "--yes")
    removed = documents(full)
    entries = journal(full)

    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child is killed
        try:
            renames: list[Any] = []
            real_replace = os.replace

            def replace(src: Any, dst: Any, **kwargs: Any) -> None:
                if Path(dst).parent == full:
                    renames.append(dst)
                    if len(renames) == KILL_AT_THIRD_RENAME:
                        os.kill(os.getpid(), signal.SIGKILL)
                real_replace(src, dst, **kwargs)

            monkeypatch.setattr(os, "replace", replace)
            Cli(Clock())("undo", "--yes")
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status), status

    half = documents(full)
    assert half not in (before, removed)  # two files back, three not
    pending = [e for e in journal(full) if ".pending" in e]
    assert len(pending) == 1
    assert json.loads((full / "journal" / pending[0]).read_bytes())["undoes"] == len(entries)

    cli("undo", "--list")  # a view completes nothing
    assert documents(full) == half
    cli("profile", "set", "--school", "Lincoln High")  # the next change completes the undo
    assert {k: v for k, v in documents(full).items() if k != "profile.json"} == {
        k: v for k, v in before.items() if k != "profile.json"
    }
    assert journal(full) == [*entries[:-1], f"{len(entries):08d}.json"]
    every_backup_is_good(full)


def test_a_workspace_copied_elsewhere_keeps_its_undo(cli: Cli, home: Path, tmp_path: Path) -> None:
    cli("prospect", "add", "Maria Lopez")
    before = documents(home)
    cli("prospect", "add", "Dev Patel")
    moved = tmp_path / "moved"
    shutil.copytree(home, moved)
    cli("--home", str(moved), "undo", "--yes")
    assert documents(moved) == before
