"""The journal (``store/journal.py``): every change written down before its first file is
replaced, completed after a crash, put back after a failure the process lives to see.

The matrix at the end makes every step of a five-file change fail in turn --
each temp file created, each fsync (of a file or a folder), each rename, each
deletion -- with a full disk (OSError), with an exception that kills the process
there and then (no file operation after it succeeds), and with a real SIGKILL in a
forked child. After the next command every file the change touches must be all
as before or all as after, as a set; never some of each.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import json
import os
import shutil
import signal
import stat
import tempfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from infoview.model.people import ProspectsFile
from infoview.store.journal import KEEP, Journal
from infoview.store.registry import ALL_DOCUMENTS, PROSPECTS
from infoview.store.workspace import Workspace
from tests.helpers import NOW, Cli, Clock, assert_one_error_line, snapshot

# --- helpers -------------------------------------------------------------------------


def entries(home: Path) -> list[str]:
    folder = home / "journal"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def entry_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_bytes())
    return data


def unpack(text: str | None) -> bytes | None:
    return None if text is None else zlib.decompress(base64.b64decode(text))


def documents(home: Path) -> dict[str, bytes]:
    """The workspace's own files (not backups/, not the journal), by name."""
    return {p.name: p.read_bytes() for p in sorted(home.glob("*.json"))}


def load_everything(home: Path) -> None:
    for ws in (Workspace(home), Workspace(home / "backups")):
        for doc in ALL_DOCUMENTS:
            ws.read(doc)


def temp_files(home: Path) -> list[str]:
    return sorted(str(p) for p in home.rglob("*.tmp"))


# --- what a change writes ------------------------------------------------------------


def test_a_change_writes_one_private_entry_with_each_file_before_and_after(
    cli: Cli, home: Path
) -> None:
    cli("prospect", "add", "Maria Lopez")
    first = (home / "prospects.json").read_bytes()
    cli("prospect", "add", "Dev Patel")

    assert entries(home) == ["00000001.json", "00000002.json"]
    assert stat.S_IMODE((home / "journal").stat().st_mode) == 0o700
    for name in entries(home):
        assert stat.S_IMODE((home / "journal" / name).stat().st_mode) == 0o600
    entry = entry_json(home / "journal" / "00000002.json")
    assert entry["sequence"] == 2
    assert entry["description"] == "prospect add Dev Patel"  # the command and its arguments
    assert entry["undoes"] is None
    assert entry["time"]  # when the change was made
    (record,) = entry["files"]
    assert record["path"] == "prospects.json"
    assert record["keep"] == ["backups/prospects.json"]
    assert unpack(record["before"]) == first
    assert unpack(record["after"]) == (home / "prospects.json").read_bytes()
    created = entry_json(home / "journal" / "00000001.json")["files"][0]
    assert created["before"] is None and created["keep"] == []  # the file was absent


def test_the_description_is_what_the_use_case_passes(home: Path) -> None:
    ws = Workspace(home)
    with ws.transaction() as tx:
        tx.describe = "prospect add Li Wei"
        tx.put(PROSPECTS, tx.get(PROSPECTS))  # an empty list: the file is new
    (entry,) = Journal(home).entries()
    assert not isinstance(entry, Exception)
    assert entry.description == "prospect add Li Wei"
    assert entry.files == ("prospects.json",)


def test_the_entry_is_written_before_the_first_file_is_replaced(
    cli: Cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("prospect", "add", "Maria Lopez")
    seen: list[list[str]] = []
    real_replace = os.replace

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        if Path(dst) == home / "prospects.json":
            seen.append(entries(home))
            pending = home / "journal" / "00000002.pending.json"
            after = unpack(entry_json(pending)["files"][0]["after"])
            assert after == Path(src).read_bytes()  # the journal holds what is being written
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    cli("prospect", "add", "Dev Patel")
    assert seen == [["00000001.json", "00000002.pending.json"]]
    assert entries(home) == ["00000001.json", "00000002.json"]  # then marked done


def test_reads_and_changes_that_change_nothing_write_no_entry(cli: Cli, home: Path) -> None:
    cli("prospect", "add", "Maria Lopez", "--email", "maria@example.org")
    before = snapshot(home)
    for args in (
        ["prospect", "list"],
        ["prospect", "show", "maria"],
        ["next"],
        ["report", "--json"],
        ["questions", "list"],
        ["doctor"],
        ["undo", "--list"],
        ["path"],
    ):
        cli(*args)
    with Workspace(home).transaction() as tx:
        tx.put(PROSPECTS, tx.get(PROSPECTS))  # the same bytes: nothing to write
    assert snapshot(home) == before


def test_only_the_last_changes_are_kept(home: Path) -> None:
    ws = Workspace(home)
    for n in range(KEEP + 5):
        with ws.transaction() as tx:
            tx.put(PROSPECTS, ProspectsFile(prospects=[]) if n % 2 else _one_person(n))
    assert entries(home) == [f"{n:08d}.json" for n in range(6, KEEP + 6)]


def _one_person(n: int) -> ProspectsFile:
    from tests.helpers import prospect_dict

    return ProspectsFile.model_validate({"prospects": [prospect_dict(f"p-{n}", f"Person {n}")]})


# --- a failure the process lives to see ----------------------------------------------


def test_a_full_disk_while_writing_the_entry_changes_nothing(
    cli: Cli, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("prospect", "add", "Maria Lopez")
    before = snapshot(home)
    real_mkstemp = tempfile.mkstemp

    def full(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if Path(kwargs["dir"]) == home / "journal":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", full)
    result = cli("prospect", "add", "Dev Patel", expect=1)
    assert_one_error_line(
        result.stderr,
        f"could not write {home / 'prospects.json'}",
        os.strerror(errno.ENOSPC),
        "journal entry",
        "the previous version is intact",
    )
    assert snapshot(home) == before
    assert temp_files(home) == []


def test_a_full_disk_at_the_second_file_puts_the_first_back(
    cli: Cli, full: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(full)
    old = documents(full)
    real_replace = os.replace
    failed: list[Path] = []

    def full_disk(src: Any, dst: Any, **kwargs: Any) -> None:
        # The first document goes through; the second finds the disk full.
        renamed = [p for p in documents(full) if old.get(p) != (full / p).read_bytes()]
        if Path(dst).parent == full and renamed and not failed:
            failed.append(Path(dst))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", full_disk)
    result = cli("prospect", "remove", "maria", "--yes", expect=1)
    assert_one_error_line(
        result.stderr, f"could not write {failed[0]}", "the previous version is intact"
    )
    assert documents(full) == old
    # The backups too: each still holds its previous good copy (none is replaced
    # before every file of the change is new).
    assert snapshot(full) == before
    load_everything(full)


def test_a_disk_that_stays_full_leaves_the_change_for_the_next_command(
    cli: Cli, full: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = documents(full)
    real_replace = os.replace
    full_from: list[int] = []

    def full_disk(src: Any, dst: Any, **kwargs: Any) -> None:
        renamed = [p for p in documents(full) if old.get(p) != (full / p).read_bytes()]
        if renamed and Path(dst).parent == full:
            full_from.append(1)  # from the second document on, nothing can be written
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(src, dst, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", full_disk)
        result = cli("prospect", "remove", "maria", "--yes", expect=1)
        assert_one_error_line(result.stderr, "the change is half done", "the next command")
        assert [p for p in entries(full) if p.endswith(".pending.json")]
        refused = cli("doctor", expect=1)
        assert "a change was interrupted" in refused.stdout

    cli("profile", "set", "--school", "Lincoln High")  # the disk has room again
    assert not [p for p in entries(full) if p.endswith(".pending.json")]
    assert "Maria Lopez" not in {p.name for p in Workspace(full).read(PROSPECTS).prospects}
    load_everything(full)


# --- a dead process's change is completed --------------------------------------------


def _pending_change(home: Path, replaced: int) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """`prospect remove maria` on a copy, then its entry made pending again on ``home``
    with only the first ``replaced`` files replaced: as a process killed then leaves it."""
    scratch = home.parent / "scratch"
    shutil.copytree(home, scratch)
    Cli(Clock())("--home", str(scratch), "prospect", "remove", "maria", "--yes")
    old, new = documents(home), documents(scratch)
    done = sorted((scratch / "journal").glob("*.json"))[-1]
    record = entry_json(done)
    for change in record["files"][:replaced]:
        (home / change["path"]).write_bytes(unpack(change["after"]) or b"")
    pending = home / "journal" / done.name.replace(".json", ".pending.json")
    pending.write_bytes(done.read_bytes())
    pending.chmod(0o600)
    return old, new


@pytest.mark.parametrize("replaced", [0, 1, 4, 5])
def test_the_next_change_completes_a_change_left_half_done(
    cli: Cli, full: Path, replaced: int
) -> None:
    old, new = _pending_change(full, replaced)
    assert len([k for k in new if old.get(k) != new[k]]) == 5

    cli("profile", "set", "--school", "Lincoln High")

    now = documents(full)
    assert {k: v for k, v in now.items() if k != "profile.json"} == {
        k: v for k, v in new.items() if k != "profile.json"
    }
    assert not [p for p in entries(full) if ".pending" in p]
    load_everything(full)
    # Completing it again changes nothing.
    before = snapshot(full)
    with Workspace(full).changing() as journal:
        assert journal.complete_interrupted() == []
    assert snapshot(full) == before


def test_reading_does_not_complete_a_change_and_doctor_restore_does(cli: Cli, full: Path) -> None:
    _, new = _pending_change(full, 2)
    half = documents(full)
    cli("prospect", "list")
    assert documents(full) == half  # reading takes no lock: it writes nothing

    report = cli("doctor", expect=1)
    assert "a change was interrupted" in report.stdout
    assert "any next change completes it, or run `infoview doctor --restore`" in report.stdout

    restored = cli("doctor", "--restore")
    assert "Completed the interrupted change" in restored.stdout
    assert documents(full) == new
    assert "All is well." in restored.stdout


def test_a_damaged_pending_entry_stops_nothing_and_doctor_reports_it(cli: Cli, full: Path) -> None:
    (full / "journal" / "00000099.pending.json").write_bytes(b'{"journal": 1, "seq')
    cli("prospect", "add", "Li Wei")
    report = cli("doctor", expect=1)
    assert "00000099.pending.json is damaged" in report.stdout
    assert "the change it held may be half done" in report.stdout
    assert (full / "journal" / "00000099.pending.json").exists()  # never deleted by itself


def test_a_pending_entry_naming_a_file_outside_the_workspace_is_damaged(
    cli: Cli, full: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("mine\n")
    record: dict[str, Any] = {"path": "../outside.txt", "keep": []}
    record |= {"before": None, "after": None}
    entry = {"journal": 1, "sequence": 99, "time": NOW.isoformat(), "description": "x"}
    entry |= {"undoes": None, "files": [record]}
    (full / "journal" / "00000099.pending.json").write_text(json.dumps(entry))
    cli("prospect", "add", "Li Wei")
    assert outside.read_text() == "mine\n"
    assert "a file outside the workspace" in cli("doctor", expect=1).stdout


# --- every step of a five-file change, failing in turn ----------------------------------


class Died(BaseException):
    """The process dies here: nothing after it runs (not even a clean-up)."""


class Steps:
    """Counts each temp file created, fsync, rename and deletion under ``root``, and at
    step ``at`` does ``act`` (raise, or kill the process)."""

    def __init__(self, root: Path, at: int = 0, act: Callable[[], None] | None = None) -> None:
        self.root = root.resolve()
        self.at = at
        self.act = act
        self.count = 0
        self.names: list[str] = []
        self.dead = False

    def step(self, what: str, path: Any) -> None:
        if path is not None and not Path(path).resolve().is_relative_to(self.root):
            return
        if self.dead:
            raise Died  # a dead process writes nothing more
        self.count += 1
        self.names.append(f"{what} {Path(path).name if path is not None else ''}")
        if self.count == self.at and self.act is not None:
            self.act()

    @contextlib.contextmanager
    def installed(self) -> Iterator[Steps]:
        real_mkstemp, real_fsync = tempfile.mkstemp, os.fsync
        real_replace, real_unlink = os.replace, os.unlink

        def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
            self.step("create", Path(kwargs["dir"]) / kwargs["prefix"][1:-1])
            return real_mkstemp(*args, **kwargs)

        def fsync(fd: int) -> None:
            self.step("fsync", None)
            real_fsync(fd)

        def replace(src: Any, dst: Any, **kwargs: Any) -> None:
            self.step("rename", dst)
            real_replace(src, dst, **kwargs)

        def unlink(path: Any, *args: Any, **kwargs: Any) -> None:
            self.step("delete", path)
            real_unlink(path, *args, **kwargs)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(tempfile, "mkstemp", mkstemp)
            patch.setattr(os, "fsync", fsync)
            patch.setattr(os, "replace", replace)
            patch.setattr(os, "unlink", unlink)
            yield self


REMOVE = [
    "prospect",
    "remove",
    "maria",
    "--yes",
]  # prospects, outreach, interviews, contacts, guide
NEXT = ["profile", "set", "--school", "Lincoln High"]  # a change to another file


@pytest.fixture(scope="module")
def five_file_change(
    full_workspace: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, bytes], dict[str, bytes], list[str]]:
    """The documents before and after REMOVE, and the steps it takes, run once."""
    home = tmp_path_factory.mktemp("dry") / "home"
    shutil.copytree(full_workspace, home)
    old = documents(home)
    with Steps(home).installed() as steps:
        Cli(Clock())("--home", str(home), *REMOVE)
    new = documents(home)
    assert len([k for k in new if old.get(k) != new[k]]) == 5
    return old, new, steps.names


def check_all_or_nothing(
    home: Path, old: dict[str, bytes], new: dict[str, bytes], where: str
) -> str:
    now = documents(home)
    touched = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
    found = {k: now.get(k) for k in touched}
    outcome = next(
        (
            name
            for name, state in (("old", old), ("new", new))
            if found == {k: state.get(k) for k in touched}
        ),
        None,
    )
    assert outcome is not None, f"{where}: some files are old and some new: " + ", ".join(
        f"{k}={'old' if now.get(k) == old.get(k) else 'new' if now.get(k) == new.get(k) else '?'}"
        for k in touched
    )
    for k in set(old) - set(touched) - {"profile.json"}:
        assert now.get(k) == old[k], f"{where}: {k} changed"
    assert not [p for p in entries(home) if ".pending" in p], where
    assert temp_files(home) == [], where
    load_everything(home)
    return outcome


def test_the_five_file_change_has_a_step_for_each_write_and_rename(
    five_file_change: tuple[dict[str, bytes], dict[str, bytes], list[str]],
) -> None:
    _, _, names = five_file_change
    for name in (
        "prospects.json",
        "outreach.json",
        "interviews.json",
        "contacts.json",
        "guide.json",
    ):
        assert f"rename {name}" in names
        assert f"create {name}" in names
    assert names[0] == "create 00000020.pending.json"  # the journal first
    assert "rename 00000020.json" in names  # marked done at the end
    assert len(names) > 40


@pytest.mark.parametrize("failure", ["full-disk", "died", "sigkill"])
def test_every_step_of_a_five_file_change_failing_leaves_all_old_or_all_new(
    full_workspace: Path,
    home: Path,
    five_file_change: tuple[dict[str, bytes], dict[str, bytes], list[str]],
    failure: str,
) -> None:
    if failure == "sigkill" and not hasattr(os, "fork"):
        pytest.skip("needs os.fork")
    old, new, names = five_file_change
    cli = Cli(Clock())
    outcomes: list[str] = []
    for at, name in enumerate(names, start=1):
        where = f"{failure} at step {at} ({name})"
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(full_workspace, home)
        result = _fail_at(home, cli, at, failure)
        if result is not None and result.exit_code != 0:
            assert result.exit_code == 1, where
            assert_one_error_line(
                result.stderr, "could not write", "the previous version is intact"
            )
            assert documents(home) == old, where  # put back at once
        cli(*NEXT)
        outcomes.append(check_all_or_nothing(home, old, new, where))
    assert outcomes == _expected(names, failure)


def _expected(names: list[str], failure: str) -> list[str]:
    """Up to the entry's rename nothing has changed: all old. After it, a death leaves the
    change to the next command, which completes it: all new. A full disk puts back what
    was replaced (all old), except where infoview shrugs the error off: the fsync of a
    folder after a rename (the rename is done), the previous good copies written once
    every file is new (the next command writes them), and marking the entry done (the
    next command does it)."""
    written = names.index("rename 00000020.pending.json") + 1
    copies = next(  # the first file created again after its rename: a backups/ copy
        at
        for at, n in enumerate(names)
        if n.startswith("create ") and f"rename {n[7:]}" in names[:at]
    )
    expected = []
    for at, name in enumerate(names):
        if at < written:
            expected.append("old")
        elif failure != "full-disk" or at >= copies:
            expected.append("new")
        else:
            after_rename = name == "fsync " and names[at - 1].startswith("rename")
            expected.append("new" if after_rename else "old")
    return expected


def _fail_at(home: Path, cli: Cli, at: int, failure: str) -> Result | None:
    """Run REMOVE failing at step ``at``; its result, or None when the process died."""
    if failure == "full-disk":

        def full() -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        with Steps(home, at, full).installed():
            return cli(*REMOVE, expect=None)
    if failure == "died":
        steps = Steps(home, at)

        def die() -> None:
            steps.dead = True
            raise Died

        steps.act = die
        with steps.installed(), contextlib.suppress(Died):
            return cli(*REMOVE, expect=None)  # the step fell in a part that shrugs off errors
        return None
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child ends with os._exit or SIGKILL
        try:
            with Steps(home, at, lambda: os.kill(os.getpid(), signal.SIGKILL)).installed():
                cli(*REMOVE)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status
    return None


def test_ctrl_c_halfway_puts_back_what_was_replaced(
    cli: Cli, full: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(full)
    old = documents(full)
    real_replace = os.replace
    renamed: list[Path] = []

    def interrupt(src: Any, dst: Any, **kwargs: Any) -> None:
        if Path(dst).parent == full:
            renamed.append(Path(dst))
            if len(renamed) == 3:  # two documents are new, the third is being renamed
                raise KeyboardInterrupt
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", interrupt)
    result = cli(*REMOVE, expect=130)
    assert "interrupted; nothing half-done was saved" in result.stderr
    assert documents(full) == old  # the two new ones were put back
    assert entries(full) == [k.removeprefix("journal/") for k in before if "journal/" in k]
    assert temp_files(full) == []
