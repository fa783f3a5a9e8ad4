"""A change of several files is all or nothing, whatever refuses it (issue 14).

``tests/test_journal.py`` makes every step of a five-file change fail in turn; here
the cases a student met: a folder where a previous good copy goes, a symlinked
``backups/`` or ``journal/`` folder, a full disk that must not replace the previous
good copy, a restore that must not stop halfway, and Ctrl-C during the commit.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from infoview.store.registry import PROSPECTS
from infoview.store.workspace import Workspace
from tests.helpers import Cli, assert_one_error_line, refused, snapshot

REMOVE = ("prospect", "remove", "maria", "--yes")  # five files change


def documents(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(home.glob("*.json"))}


def names(home: Path) -> list[str]:
    return [p.name for p in Workspace(home).read(PROSPECTS).prospects]


# --- a folder where a file goes, a symlinked folder: refused before any write ----------


def test_prospect_remove_with_a_folder_as_a_backup_copy_is_refused_and_writes_nothing(
    cli: Cli, full: Path
) -> None:
    (full / "backups" / "interviews.json").unlink(missing_ok=True)
    (full / "backups" / "interviews.json").mkdir()
    before = snapshot(full)

    result = cli(*REMOVE, expect=1)
    refused(result, f"{full / 'backups' / 'interviews.json'} is a folder, not a file")
    assert "nothing was changed" in result.stderr and "infoview doctor" in result.stderr
    assert snapshot(full) == before  # every document and every backup as it was
    assert (full / "backups" / "interviews.json").is_dir()

    (full / "backups" / "interviews.json").rmdir()
    cli(*REMOVE)  # once the folder is gone, the change goes through whole
    assert "Maria Lopez" not in names(full)


@pytest.mark.parametrize("folder", ["backups", "journal"])
def test_a_symlinked_backups_or_journal_folder_is_refused(
    cli: Cli, full: Path, tmp_path: Path, folder: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    (full / folder).rename(elsewhere)
    (full / folder).symlink_to(elsewhere)
    os.chmod(elsewhere, 0o755)
    before, outside = snapshot(full), snapshot(elsewhere)

    result = cli(*REMOVE, expect=1)
    refused(result, f"{full / folder} is a symlink")
    assert "infoview doctor" in result.stderr
    assert documents(full) == {k.split("/")[-1]: v for k, v in before.items() if "/" not in k}
    assert snapshot(elsewhere) == outside  # nothing written through the link
    assert (full / folder).is_symlink()


# --- a full disk never replaces the previous good copy ---------------------------------


@pytest.mark.parametrize("step", ["create", "rename"])
def test_a_full_disk_keeps_the_previous_good_copy(
    cli: Cli, full: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    """The issue: ``backups/X`` was overwritten with the current file before the write
    of ``X`` failed; the good copy before it was gone."""
    import tempfile

    before = snapshot(full)
    assert before["backups/prospects.json"] != before["prospects.json"]
    real_replace, real_mkstemp = os.replace, tempfile.mkstemp
    target = full / "prospects.json"

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        if step == "rename" and Path(dst) == target:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(src, dst, **kwargs)

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if step == "create" and Path(kwargs["dir"]) == full and "prospects" in kwargs["prefix"]:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    result = cli(*REMOVE, expect=1)
    assert_one_error_line(result.stderr, "the previous version is intact")
    assert snapshot(full) == before  # backups/prospects.json still the older good copy


# --- Ctrl-C during the commit: exit 130, every file old or new ---------------------------


class CtrlC:
    """Raises KeyboardInterrupt inside the ``at``-th call of a function of infoview's
    models (a validator, a serializer such as ``to_iso``: code pydantic calls from its
    Rust core) during the commit, as a Ctrl-C landing there would: deterministic."""

    def __init__(self, at: int) -> None:
        self.at = at
        self.calls = 0
        self.committing = False

    def trace(self, frame: Any, event: str, arg: Any) -> None:
        if event != "call":
            return
        code = frame.f_code
        if code.co_name == "commit" and code.co_filename.endswith("workspace.py"):
            self.committing = True
        elif self.committing and f"infoview{os.sep}model{os.sep}" in code.co_filename:
            self.calls += 1
            if self.calls == self.at:
                raise KeyboardInterrupt


def _interrupted_at(cli: Cli, at: int) -> tuple[Any, int]:
    ctrl_c = CtrlC(at)
    sys.settrace(ctrl_c.trace)
    try:
        result = cli(*REMOVE, expect=None)
    finally:
        sys.settrace(None)
    return result, ctrl_c.calls


def test_ctrl_c_in_a_serializer_or_validator_during_the_commit_exits_130_all_old(
    cli: Cli, full: Path, full_workspace: Path
) -> None:
    old = documents(full)
    _, total = _interrupted_at(cli, 0)  # a dry run counts the calls
    new = documents(full)
    assert total > 10 and new != old
    for at in range(1, total + 1):
        shutil.rmtree(full)
        shutil.copytree(full_workspace, full)
        result, _ = _interrupted_at(cli, at)
        where = f"Ctrl-C at call {at} of {total}"
        assert result.exit_code == 130, (where, result.stderr)
        assert "interrupted" in result.stderr and "Error" not in result.stderr, where
        assert documents(full) == old, where  # before the journal entry: nothing written


def test_ctrl_c_at_each_file_step_of_the_commit_exits_130_all_old_or_all_new(
    cli: Cli, full: Path, full_workspace: Path
) -> None:
    from tests.test_journal import Steps

    old = documents(full)
    with Steps(full).installed() as steps:
        cli(*REMOVE)
    new = documents(full)
    for at, name in enumerate(steps.names, start=1):
        shutil.rmtree(full)
        shutil.copytree(full_workspace, full)

        def interrupt() -> None:
            raise KeyboardInterrupt

        with Steps(full, at, interrupt).installed():
            result = cli(*REMOVE, expect=None)
        where = f"Ctrl-C at step {at} ({name})"
        assert result.exit_code == 130, (where, result.stderr)
        assert documents(full) in (old, new), where
        cli("profile", "set", "--school", "Lincoln High")  # completes a change left pending
        now = {k: v for k, v in documents(full).items() if k != "profile.json"}
        assert now in (
            {k: v for k, v in old.items() if k != "profile.json"},
            {k: v for k, v in new.items() if k != "profile.json"},
        ), where
        assert not [p for p in (full / "journal").iterdir() if ".pending" in p.name], where


# --- restore: every check before the first change, then one journaled change -----------


def _archive_of(cli: Cli, home: Path, tmp_path: Path, templates: dict[str, bytes]) -> Path:
    """A backup of ``home`` with ``templates`` added (deflated), checksums and all."""
    import hashlib
    import json
    import zipfile

    from tests.test_backup import members

    path = tmp_path / "saved.zip"
    cli("backup", str(path))
    files = members(path)
    manifest = json.loads(files.pop("manifest.json"))
    files.update({f"templates/{name}": data for name, data in templates.items()})
    manifest["files"] = [
        {"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in files.items()
    ]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        for name, data in files.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("size", [242, 300])
def test_restore_refuses_a_template_name_too_long_before_any_change(
    cli: Cli, full: Path, tmp_path: Path, size: int
) -> None:
    """The issue: a name over 255 bytes passed every check, then the restore stopped
    halfway (File name too long) after prospects.json was replaced. 242 bytes fit the
    file system, but not the temp file a write goes through."""
    name = "é" * ((size - 4) // 2) + "x" * ((size - 4) % 2) + ".txt"
    assert len(name.encode()) == size
    archive = _archive_of(cli, full, tmp_path, {name: b"Hi {name}\n"})
    cli("prospect", "add", "Li Wei")  # so that the restore would change prospects.json
    before = snapshot(full)
    result = cli("restore", str(archive), "--yes", expect=3)
    assert_one_error_line(result.stderr, f"is {size} bytes long (at most 241)", "not touched")
    assert snapshot(full) == before


def test_restore_refuses_a_template_name_with_a_control_character(
    cli: Cli, full: Path, tmp_path: Path
) -> None:
    archive = _archive_of(cli, full, tmp_path, {"a\x1b[2Jb.txt": b"Hi\n"})
    before = snapshot(full)
    result = cli("restore", str(archive), "--yes", expect=3)
    assert_one_error_line(result.stderr, "not printable", "not touched")
    assert snapshot(full) == before


def test_restore_refuses_when_the_disk_has_not_the_room_before_any_change(
    cli: Cli, full: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = _archive_of(cli, full, tmp_path, {})
    cli("prospect", "add", "Li Wei")
    before = snapshot(full)
    usage = shutil.disk_usage(full)
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage._replace(free=100_000))
    result = cli("restore", str(archive), "--yes", expect=1)
    assert_one_error_line(result.stderr, "not enough free space", "nothing was restored")
    assert snapshot(full) == before


def test_every_step_of_a_restore_failing_leaves_all_old_or_all_new(
    cli: Cli, full: Path, tmp_path: Path
) -> None:
    from tests.test_journal import Steps

    archive = _archive_of(cli, full, tmp_path, {"mine.txt": b"Dear {name},\n"})
    cli("prospect", "remove", "maria", "--yes")
    cli("prospect", "add", "Li Wei")
    (full / "templates").mkdir(exist_ok=True)
    (full / "templates" / "gone.txt").write_text("only here\n")
    start = tmp_path / "start"
    shutil.copytree(full, start)

    def files(home: Path) -> dict[str, bytes]:
        found = snapshot(home)
        return {k: v for k, v in found.items() if not k.startswith(("backups/", "journal/"))}

    old = files(full)
    with Steps(full).installed() as dry:
        cli("restore", str(archive), "--yes")
    new = files(full)
    assert {"prospects.json", "templates/mine.txt", "templates/gone.txt"} <= {
        k for k in set(old) | set(new) if old.get(k) != new.get(k)
    }
    for at, name in enumerate(dry.names, start=1):
        shutil.rmtree(full)
        shutil.copytree(start, full)

        def full_disk() -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        with Steps(full, at, full_disk).installed():
            result = cli("restore", str(archive), "--yes", expect=None)
        where = f"full disk at step {at} ({name})"
        assert result.exit_code in (0, 1), (where, result.stderr)
        if result.exit_code == 1:
            assert_one_error_line(result.stderr, os.strerror(errno.ENOSPC))
            assert "halfway" not in result.stderr, where
            assert files(full) == old, where
        cli("profile", "set", "--school", "Lincoln High")  # completes what was left pending
        now = files(full)
        assert {k: v for k, v in now.items() if k != "profile.json"} in (
            {k: v for k, v in old.items() if k != "profile.json"},
            {k: v for k, v in new.items() if k != "profile.json"},
        ), where
        assert not [p for p in (full / "journal").iterdir() if ".pending" in p.name], where


# --- restore reads a bounded amount, whatever the archive claims ------------------------


def test_restore_of_a_device_or_a_fifo_is_refused_without_reading_it(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    refused(cli("restore", "/dev/zero", "--yes", expect=1), "not a regular file")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    refused(cli("restore", str(fifo), "--yes", expect=1), "not a regular file")
    assert snapshot(home) == {}


def test_restore_of_a_manifest_with_a_5000_digit_size_is_one_clear_line(
    cli: Cli, full: Path, tmp_path: Path
) -> None:
    import json
    import zipfile

    from tests.test_backup import members

    archive = _archive_of(cli, full, tmp_path, {})
    files = members(archive)
    manifest = files.pop("manifest.json").decode()
    manifest = json.dumps(json.loads(manifest) | {"files": []})[:-1] + ', "x": ' + "9" * 5000 + "}"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("manifest.json", manifest)
    before = snapshot(full)
    result = cli("restore", str(archive), "--yes", expect=3)
    assert_one_error_line(result.stderr, "the manifest is not valid JSON", "not touched")
    assert snapshot(full) == before


def test_restore_bounds_what_the_archive_unpacks_to(
    cli: Cli, full: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue: a 2.6 MB archive of 40 templates of 64 MB each restored 2.6 GB."""
    from infoview.store import archive as archive_module

    big = _archive_of(
        cli, full, tmp_path, {"big.txt": b"x" * (archive_module.MAX_TEMPLATE_SIZE + 1)}
    )
    before = snapshot(full)
    refused(
        cli("restore", str(big), "--yes", expect=3), "has no valid size for templates/big.txt", 3
    )
    assert snapshot(full) == before

    big.unlink()
    many = {f"t{n}.txt": b"y" * 900_000 for n in range(5)}
    archive = _archive_of(cli, full, tmp_path, many)
    assert archive.stat().st_size < 200_000  # zeros compress: the sizes are what it unpacks to
    monkeypatch.setattr(archive_module, "MAX_TOTAL_SIZE", 2_000_000)
    read: list[int] = []
    real_read = archive_module._read_member

    def counted(zf: Any, info: Any, limit: int) -> bytes:
        data = real_read(zf, info, limit)
        read.append(len(data))
        return data

    monkeypatch.setattr(archive_module, "_read_member", counted)
    refused(cli("restore", str(archive), "--yes", expect=3), "add up to more than", 3)
    assert sum(read) <= 2_000_000 + 1 + sum(read[:1])  # the manifest, then at most the cap
    assert snapshot(full) == before


# --- what doctor and every command are told about the workspace's folders ---------------


@pytest.mark.parametrize(("mode", "who"), [(0o777, "others can change"), (0o750, "can read")])
def test_a_workspace_folder_others_can_open_has_a_one_line_warning(
    cli: Cli, home: Path, mode: int, who: str
) -> None:
    cli("prospect", "add", "Maria Lopez")
    ws = Workspace(home)
    assert ws.permission_warning() is None  # made by infoview: 0700
    home.chmod(mode)
    warning = ws.permission_warning()
    assert warning is not None and "\n" not in warning
    assert f"mode {mode:04o}" in warning and who in warning
    assert "infoview doctor --fix-permissions" in warning
    cli("doctor", "--fix-permissions")
    assert ws.permission_warning() is None


def test_symlinked_backups_and_journal_folders_are_named_for_doctor(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    cli("prospect", "add", "Maria Lopez")
    ws = Workspace(home)
    assert ws.unsafe_folders() == []
    for name in ("backups", "journal"):
        (home / name).rename(tmp_path / name)
        (home / name).symlink_to(tmp_path / name)
    assert [p.split(" is ")[0] for p in ws.unsafe_folders()] == [
        str(home / "backups"),
        str(home / "journal"),
    ]
