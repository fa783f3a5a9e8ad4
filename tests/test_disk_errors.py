"""A full disk or a read-only folder: one clear line, exit 1, the old file intact, no temp file.

Every file infoview writes goes through ``store.atomic_write`` (temp file in the
same folder, write, fsync, rename). The in-process tests make each step of it
fail in turn -- creating the temp file (EACCES, EROFS), writing it (ENOSPC half
way through), fsync (ENOSPC, as delayed allocation reports a full disk), the
rename (ENOSPC, EROFS) -- for every command that writes: a change to the
workspace, ``backup``, ``restore``, and the ``.ics``, ``.eml``, sheet, export and
HTML report files. Only writes into one folder fail, so that a command that
saves the workspace and then writes a file shows what happens to each.

The process tests use a real read-only folder. chmod does not stop root, so as
root the command runs without CAP_DAC_OVERRIDE (dropped from its bounding set
before exec), which makes root obey folder permissions like anyone else.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from infoview.store.registry import ALL_DOCUMENTS, PROSPECTS
from infoview.store.workspace import Workspace
from tests.helpers import TIMEOUT, Cli, Clock, assert_one_error_line, environ, snapshot


def documents(home: Path) -> dict[str, bytes]:
    """The workspace's own files, without backups/ and journal/ (a restore clears the journal)."""
    return {k: v for k, v in snapshot(home).items() if not k.startswith(("backups/", "journal/"))}


def temp_files(*folders: Path) -> list[str]:
    return sorted(str(p) for folder in folders for p in folder.rglob("*.tmp"))


# --- the fault injector -------------------------------------------------------

STAGES = ("create", "write", "fsync", "replace")


class HalfWritten:
    """A file object that writes half of what it is given, then finds the disk full."""

    def __init__(self, real: Any, error: OSError) -> None:
        self._real = real
        self._error = error

    def write(self, data: bytes) -> int:
        self._real.write(data[: len(data) // 2])
        self._real.flush()
        raise self._error

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __enter__(self) -> HalfWritten:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.close()


class Faults:
    """Writes into ``folder`` (and its subfolders) fail at ``stage`` with ``code``.

    ``only`` narrows it to one target file. ``hits`` counts the failures.
    """

    def __init__(self, folder: Path, stage: str, code: int, only: Path | None = None) -> None:
        assert stage in STAGES
        # Its own MonkeyPatch: undoing the test's one would also undo INFOVIEW_HOME.
        self._patch = monkeypatch = pytest.MonkeyPatch()
        self.folder = folder.resolve()
        self.stage = stage
        self.code = code
        self.only = only.resolve() if only else None
        self.hits = 0
        self._fds: set[int] = set()
        real_mkstemp, real_fdopen = tempfile.mkstemp, os.fdopen
        real_fsync, real_replace = os.fsync, os.replace

        def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
            target = Path(kwargs["dir"]) / kwargs["prefix"][1:-1]  # ".<name>." from atomic_write
            if self._targets(target) and self.stage == "create":
                raise self._error(target)
            fd, tmp = real_mkstemp(*args, **kwargs)
            if self._targets(target):
                self._fds.add(fd)
            return fd, tmp

        def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
            handle = real_fdopen(fd, *args, **kwargs)
            if fd in self._fds and self.stage == "write":
                self._fds.discard(fd)
                return HalfWritten(handle, self._error(None))
            return handle

        def fsync(fd: int) -> None:
            if fd in self._fds and self.stage == "fsync":
                self._fds.discard(fd)
                raise self._error(None)
            real_fsync(fd)

        def replace(src: Any, dst: Any, **kwargs: Any) -> None:
            if self.stage == "replace" and self._targets(Path(dst)):
                raise self._error(Path(dst))
            real_replace(src, dst, **kwargs)

        monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
        monkeypatch.setattr(os, "fdopen", fdopen)
        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)

    def stop(self) -> None:
        """The disk has room again."""
        self._patch.undo()

    def _targets(self, path: Path) -> bool:
        if self.only is not None:
            return path.resolve() == self.only
        return path.resolve().is_relative_to(self.folder)

    def _error(self, path: Path | None) -> OSError:
        self.hits += 1
        return OSError(self.code, os.strerror(self.code), *([str(path)] if path else []))


@pytest.fixture
def inject() -> Iterator[Callable[..., Faults]]:
    """``inject(folder, stage, code, only=None)``: make writes fail until the test ends."""
    made: list[Faults] = []

    def make(folder: Path, stage: str, code: int, only: Path | None = None) -> Faults:
        made.append(Faults(folder, stage, code, only))
        return made[-1]

    yield make
    for faults in made:
        faults.stop()


SLOW = pytest.mark.slow
FAULTS = [
    pytest.param("create", errno.EACCES, id="create-EACCES"),
    pytest.param("create", errno.EROFS, id="create-EROFS"),
    pytest.param("write", errno.ENOSPC, id="write-ENOSPC"),
    pytest.param("fsync", errno.ENOSPC, id="fsync-ENOSPC"),
    pytest.param("replace", errno.ENOSPC, id="replace-ENOSPC"),
    pytest.param("replace", errno.EROFS, id="replace-EROFS"),
]


# --- a workspace to write ---------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built once: a workspace with a profile, two people and a plan, and an earlier archive."""

    root = tmp_path_factory.mktemp("template")
    cli = Cli(Clock())

    def run(*args: str) -> None:
        cli("--home", str(root / "home"), *args)

    run("profile", "set", "--name", "Ana Ruiz", "--email", "ana@example.com")
    run("prospect", "add", "Maria Lopez", "--email", "maria@example.org", "--field", "nursing")
    run("backup", str(root / "earlier.zip"))
    run("prospect", "add", "Dev Patel", "--relation", "teacher")
    run("questions", "pick", "maria", "--minutes", "20", "--seed", "7")
    return root


@pytest.fixture
def ready(template: Path, home: Path, tmp_path: Path) -> Path:
    """The template's workspace as ``home`` and an empty out/; returns the earlier archive."""
    shutil.copytree(template / "home", home)
    archive = tmp_path / "archives" / "earlier.zip"
    archive.parent.mkdir()
    shutil.copy2(template / "earlier.zip", archive)
    (tmp_path / "out").mkdir()
    return archive


# --- the workspace itself: a change, and a restore ------------------------------


@pytest.mark.parametrize(("stage", "code"), FAULTS)
def test_a_change_to_the_workspace(
    cli: Cli, home: Path, ready: Path, inject: Callable[..., Faults], stage: str, code: int
) -> None:
    before = snapshot(home)
    faults = inject(home, stage, code)

    result = cli("prospect", "add", "Sam Lee", expect=None)

    assert faults.hits == 1
    assert result.exit_code == 1
    assert_one_error_line(
        result.stderr, "could not write", str(home / "prospects.json"), os.strerror(code)
    )
    assert "the previous version is intact" in result.stderr
    assert result.stdout == ""
    assert snapshot(home) == before
    assert temp_files(home) == []
    faults.stop()
    cli("prospect", "add", "Sam Lee")  # the disk has room again


@pytest.mark.parametrize(("stage", "code"), FAULTS)
def test_the_main_file_failing_keeps_the_previous_good_copy(
    cli: Cli, home: Path, ready: Path, inject: Callable[..., Faults], stage: str, code: int
) -> None:
    before = snapshot(home)
    inject(home, stage, code, only=home / "prospects.json")

    result = cli("prospect", "add", "Sam Lee", expect=1)

    assert_one_error_line(result.stderr, str(home / "prospects.json"), os.strerror(code))
    # Every file is as it was, the backup too: a copy is replaced only once every file
    # of the change is new (the journal entry of the change is gone too).
    assert snapshot(home) == before
    Workspace(home / "backups").read(PROSPECTS)
    assert temp_files(home) == []


@pytest.mark.parametrize(("stage", "code"), FAULTS)
def test_restore_when_nothing_can_be_written(
    cli: Cli, home: Path, ready: Path, inject: Callable[..., Faults], stage: str, code: int
) -> None:
    before = snapshot(home)
    inject(home, stage, code)

    result = cli("restore", str(ready), "--yes", expect=1)

    # The copy of the workspace as it was is written first, so that is what fails.
    assert_one_error_line(result.stderr, "could not write", "before-restore-", os.strerror(code))
    assert snapshot(home) == before
    assert temp_files(home) == []


@pytest.mark.parametrize(("stage", "code"), FAULTS)
def test_a_restore_failing_at_one_file_puts_every_file_back(
    cli: Cli, home: Path, ready: Path, inject: Callable[..., Faults], stage: str, code: int
) -> None:
    before = documents(home)
    faults = inject(home, stage, code, only=home / "prospects.json")

    result = cli("restore", str(ready), "--yes", expect=1)

    assert_one_error_line(
        result.stderr, str(home / "prospects.json"), os.strerror(code), "previous version is intact"
    )
    assert temp_files(home) == []
    assert documents(home) == before  # all or nothing: every file as it was
    for doc in ALL_DOCUMENTS:
        Workspace(home).read(doc)
    faults.stop()
    cli("restore", str(ready), "--yes")  # once the disk takes it, the restore goes through
    with zipfile.ZipFile(ready) as zf:
        archived = {n: zf.read(n) for n in zf.namelist() if n != "manifest.json"}
    assert {k: v for k, v in documents(home).items() if k in archived} == archived


# --- files written for other programs ---------------------------------------------


def output_commands(out: Path) -> dict[str, tuple[list[str], Path]]:
    return {
        "backup": (["backup", str(out / "backup.zip")], out / "backup.zip"),
        "ics": (
            [
                "interview",
                "schedule",
                "maria",
                "--at",
                "2026-12-03 15:30",
                "--ics",
                str(out / "maria.ics"),
            ],
            out / "maria.ics",
        ),
        "eml": (["outreach", "draft", "maria", "--eml", str(out / "maria.eml")], out / "maria.eml"),
        "sheet": (["questions", "sheet", "maria", "-o", str(out / "maria.md")], out / "maria.md"),
        "export": (["prospect", "export", "-o", str(out / "people.csv")], out / "people.csv"),
        "report": (["report", "--html", str(out / "report.html")], out / "report.html"),
    }


OUTPUTS = ["backup", "ics", "eml", "sheet", "export", "report"]
QUICK = {("write", errno.ENOSPC), ("create", errno.EACCES)}  # the rest run with the slow tests
OUTPUT_FAULTS = [
    pytest.param(
        what, *fault.values, id=f"{what}-{fault.id}", marks=[] if fault.values in QUICK else [SLOW]
    )
    for what in OUTPUTS
    for fault in FAULTS
]


@pytest.mark.parametrize(("what", "stage", "code"), OUTPUT_FAULTS)
def test_an_output_file(
    cli: Cli,
    home: Path,
    ready: Path,
    tmp_path: Path,
    inject: Callable[..., Faults],
    what: str,
    stage: str,
    code: int,
) -> None:
    out = tmp_path / "out"
    args, target = output_commands(out)[what]
    old = b"an older file the student keeps\n"
    if what != "backup":  # backup never overwrites; the others replace an older file
        target.write_bytes(old)
        args = [*args, "--force"]
    before = documents(home)
    faults = inject(out, stage, code)

    result = cli(*args, expect=None)

    assert faults.hits == 1
    assert result.exit_code == 1, result.stdout
    assert_one_error_line(result.stderr, "could not write", str(target), os.strerror(code))
    if what == "backup":
        assert not target.exists()
    else:
        assert target.read_bytes() == old
    assert temp_files(out, home) == []
    if what == "ics":
        # The interview is saved before its calendar file is written; the message says so.
        assert "the interview itself was saved" in result.stderr
        assert json.loads((home / "interviews.json").read_bytes())["interviews"]
    else:
        assert documents(home) == before
    faults.stop()
    if what != "ics":  # the same command works once the disk has room
        cli(*args)
        assert target.exists() and target.read_bytes() != old


# --- a lock file that cannot be made ------------------------------------------------


def test_a_lock_file_that_cannot_be_created(cli: Cli, home: Path, ready: Path) -> None:
    (home / ".lock").unlink()
    before = snapshot(home)
    real_open = os.open

    def refuse_lock(path: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path).endswith(".lock"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))
        return real_open(path, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "open", refuse_lock)
        result = cli("prospect", "add", "Sam Lee", expect=1)

    assert_one_error_line(result.stderr, "cannot lock", str(home), os.strerror(errno.EROFS))
    assert snapshot(home) == before


# --- a real read-only folder, in a process ----------------------------------------

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def obey_permissions() -> None:
    """preexec_fn: as root, drop the capabilities that let root write anywhere."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@functools.cache
def read_only_folders_work() -> bool:
    """Whether a chmod 0500 folder refuses a new file to a process started as above."""
    if not sys.platform.startswith("linux") and os.geteuid() == 0:
        return False
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "ro"
        folder.mkdir(mode=0o500)
        try:
            probe = subprocess.run(
                [sys.executable, "-c", f"open({str(folder / 'x')!r}, 'w')"],
                preexec_fn=obey_permissions,
                capture_output=True,
                timeout=TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return False
        finally:
            folder.chmod(0o700)
        return probe.returncode != 0 and b"PermissionError" in probe.stderr


needs_read_only = pytest.mark.skipif(
    "not read_only_folders_work()", reason="this system cannot make a folder read-only to us"
)

# Runs each JSON-encoded argument list of argv[1] in-process and prints, as one
# line of JSON, each one's exit code and stderr.
RUN_EACH = """
import contextlib, io, json, sys
import typer.main
from infoview.cli import app

command = typer.main.get_command(app)
results = []
for args in json.loads(sys.argv[1]):
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = command.main(args=args, prog_name="infoview", standalone_mode=False)
    results.append({"code": code or 0, "stderr": err.getvalue()})
print(json.dumps(results))
"""


def run_read_only(home: Path, runs: list[list[str]]) -> list[dict[str, Any]]:
    proc = subprocess.run(
        [sys.executable, "-c", RUN_EACH, json.dumps(runs)],
        env=environ(home),
        preexec_fn=obey_permissions,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    results: list[dict[str, Any]] = json.loads(proc.stdout.splitlines()[-1])
    return results


@needs_read_only
def test_a_read_only_workspace_and_output_folder(
    cli: Cli, home: Path, ready: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    old = b"an older file the student keeps\n"
    (out / "people.csv").write_bytes(old)
    (out / "maria.md").write_bytes(old)
    # A second workspace, read-only before it ever had a lock file.
    fresh = tmp_path / "fresh"
    (fresh / "backups").mkdir(mode=0o700, parents=True)
    (fresh / "prospects.json").write_bytes((home / "prospects.json").read_bytes())
    before, before_fresh = snapshot(home), snapshot(fresh)
    # backups/ too: restore first makes the workspace folder 0700 again (it is the
    # owner's), so the copy it then makes in backups/ is what the disk refuses.
    for folder in (home, home / "backups", out, fresh):
        folder.chmod(0o500)
    try:
        results = run_read_only(
            home,
            [
                ["prospect", "add", "Sam Lee"],
                ["--home", str(fresh), "prospect", "add", "Sam Lee"],
                ["restore", str(ready), "--yes"],
                ["prospect", "export", "-o", str(out / "people.csv"), "--force"],
                ["questions", "sheet", "maria", "-o", str(out / "maria.md"), "--force"],
                ["backup", str(out / "backup.zip")],
                ["prospect", "list"],  # reading still works
            ],
        )
    finally:
        for folder in (home, home / "backups", out, fresh):
            folder.chmod(0o700)

    denied = os.strerror(errno.EACCES)
    add, add_fresh, restore, export, sheet, backup, listing = results
    expected = [
        (add, ["could not write", str(home / "prospects.json"), denied, "intact"]),
        (add_fresh, ["cannot lock", str(fresh), denied]),
        (restore, ["could not write", "before-restore-", denied]),
        (export, ["could not write", str(out / "people.csv"), denied]),
        (sheet, ["could not write", str(out / "maria.md"), denied]),
        (backup, ["could not write", str(out / "backup.zip"), denied]),
    ]
    for result, fragments in expected:
        assert result["code"] == 1, result
        assert_one_error_line(result["stderr"], *fragments)
    assert listing["code"] == 0, listing
    assert snapshot(home) == before
    assert snapshot(fresh) == before_fresh
    assert (out / "people.csv").read_bytes() == old
    assert (out / "maria.md").read_bytes() == old
    assert not (out / "backup.zip").exists()
    assert temp_files(home, out, fresh) == []


# --- a name too long for the file system (found by tests/test_fuzz_cli.py) --------

TOO_LONG = "n" * 300  # past the 255 bytes a file name may have on any common file system


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["--home", TOO_LONG, "prospect", "list"], id="home"),
        pytest.param(["backup", TOO_LONG], id="backup"),
        pytest.param(["restore", TOO_LONG, "--yes"], id="restore"),
        pytest.param(["report", "--html", TOO_LONG], id="report-html"),
        pytest.param(["questions", "sheet", "maria", "-o", TOO_LONG], id="sheet"),
        pytest.param(["demo", "--keep", TOO_LONG], id="demo-keep"),
    ],
)
def test_a_name_too_long_for_the_file_system(
    cli: Cli,
    home: Path,
    ready: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
) -> None:
    # Python 3.11's Path.exists() and is_dir() raise ENAMETOOLONG instead of
    # answering False, and that came out as "internal error" (exit 70).
    monkeypatch.chdir(tmp_path / "out")
    before = snapshot(home)
    result = cli(*argv, expect=1)
    assert "File name too long" in result.stderr
    assert "internal error" not in result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("infoview:")] == [
        result.stderr.strip().splitlines()[-1]
    ]
    assert snapshot(home) == before
    assert snapshot(tmp_path / "out") == {}
