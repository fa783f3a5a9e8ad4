"""`infoview doctor` and its core (``infoview.store.doctor``): what it finds, restores and fixes.

The use case (``infoview.usecases.doctor``) is tested here too: the student's
answer for each damaged file is its ``approve`` callback.

The damaged-file matrix (every file x every kind of damage) is in
``test_damaged.py``; here are the references between files, permissions,
leftover temp files, the list of backups, the edges of ``--restore`` and the
exit codes: 0 all is well, 1 problems that stop nothing (or a restore that
could not be done), 3 a damaged file.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from infoview.model.errors import DataError, InvalidInput, WorkspaceBusy
from infoview.store import document
from infoview.store.doctor import check, list_backups
from infoview.store.registry import PROSPECTS
from infoview.store.repair import fix_permissions, restore_backup
from infoview.store.workspace import Workspace
from infoview.usecases.doctor import RestoreOffer, checkup, restore_offer
from tests.helpers import NOW, Cli, Clock
from tests.worlds import damage_file


def lines(text: str, prefix: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(prefix)]


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def edit_json(path: Path, change: Any) -> None:
    data = json.loads(path.read_bytes())
    change(data)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    path.chmod(0o600)


# --- all is well ----------------------------------------------------------------------


def test_a_healthy_workspace_is_all_well(cli: Cli, full: Path) -> None:
    result = cli("doctor")
    assert result.stderr == ""
    assert "All is well." in result.stdout
    assert lines(result.stdout, "error:") == lines(result.stdout, "warning:") == []

    checkup = check(Workspace(full))
    assert checkup.status == "ok"
    assert {f.name: f.state for f in checkup.files} == dict.fromkeys(
        [f.name for f in checkup.files], "ok"
    )
    copies = {b.document for b in checkup.backups if b.kind == "copy" and b.valid}
    assert copies == {f.name for f in checkup.files}


def test_json_gives_the_whole_report(cli: Cli, full: Path) -> None:
    result = cli("doctor", "--json")
    data = json.loads(result.stdout)
    assert data["status"] == "ok"
    assert data["workspace"] == str(full)
    assert [f["state"] for f in data["files"]] == ["ok"] * len(data["files"])
    assert data["problems"] == [] and data["restored"] == []
    assert all(b["valid"] for b in data["backups"])


def test_no_workspace_yet_is_fine_and_nothing_is_created(cli: Cli, home: Path) -> None:
    for args in (["doctor"], ["doctor", "--fix-permissions"], ["doctor", "--restore", "--yes"]):
        result = cli(*args)
        assert "does not exist yet" in result.stdout
    assert not home.exists()


# --- references between files ---------------------------------------------------------


def test_records_about_people_no_longer_listed_are_warnings(cli: Cli, full: Path) -> None:
    # Only Sam stays on the list, and his plan now names someone else.
    edit_json(
        full / "prospects.json",
        lambda d: d.update(
            prospects=[{**p, "referred_by": None} for p in d["prospects"] if p["id"] == "sam-lee"]
        ),
    )
    edit_json(full / "plans.json", lambda d: d["plans"][0].update(person="nobody-here"))

    result = cli("doctor", expect=1)
    warned = lines(result.stdout, "warning:")
    expected = [
        ("plans.json", "a question plan is for 'nobody-here'"),
        ("outreach.json", "an outreach record is for 'maria-lopez'"),
        ("interviews.json", "the interview maria-lopez-1 is with 'maria-lopez'"),
        ("interviews.json", "the interview maria-lopez-1 lists 'kim-park'"),
        ("contacts.json", "a logged contact is with 'maria-lopez'"),
        ("guide.json", "the guide's first person is 'maria-lopez'"),
    ]
    assert len(warned) == len(expected), warned
    for line, (name, what) in zip(warned, expected, strict=True):
        assert line.startswith(f"warning: {full / name}: {what}, who is not in prospects.json")
        assert "; fix: " in line
    assert result.stderr.strip() == "infoview: 6 problems found (see the fixes above)"

    # Warnings, not crashes: the commands that read those files go on.
    for args in (["next"], ["report"], ["thanks"], ["outreach", "list"], ["interview", "list"]):
        assert cli(*args).exit_code == 0, args


def test_without_a_list_of_people_every_record_about_someone_is_dangling(full: Path) -> None:
    (full / "prospects.json").unlink()
    (full / "backups" / "prospects.json").unlink()
    problems = check(Workspace(full)).problems
    assert {p.path.name for p in problems} == {
        "plans.json",
        "outreach.json",
        "interviews.json",
        "contacts.json",
        "guide.json",
    }
    assert all(p.kind == "reference" for p in problems)


def test_a_damaged_list_of_people_is_not_also_reported_as_dangling_references(
    full: Path,
) -> None:
    damage_file(full, "prospects.json", "truncated")
    [problem] = check(Workspace(full)).problems
    assert (problem.kind, problem.path.name) == ("damaged", "prospects.json")


# --- leftovers and permissions --------------------------------------------------------


def test_a_temp_file_left_by_an_interrupted_write_is_reported(cli: Cli, full: Path) -> None:
    for folder in (full, full / "backups"):
        leftover = folder / ".prospects.json.k2j4h5g6.tmp"
        leftover.write_bytes(b'{"schema_version": 1, "prosp')
        leftover.chmod(0o600)

    result = cli("doctor", expect=1)
    warned = lines(result.stdout, "warning:")
    assert len(warned) == 2
    assert all("was left by an interrupted write" in line for line in warned)
    assert f"fix: delete it (rm '{full / '.prospects.json.k2j4h5g6.tmp'}')" in warned[0] + warned[1]
    assert all(b.path.suffix != ".tmp" for b in list_backups(Workspace(full)))


def test_fix_permissions_covers_templates_and_leaves_symlinks_alone(
    cli: Cli,
    full: Path,
    tmp_path: Path,
) -> None:
    templates = full / "templates"
    templates.mkdir(mode=0o755)
    templates.chmod(0o755)
    own = templates / "email-student.txt"
    own.write_text("Hi {name}\n", encoding="utf-8")
    own.chmod(0o644)
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("not infoview's\n", encoding="utf-8")
    outside.chmod(0o644)
    (full / "link.txt").symlink_to(outside)

    checkup = check(Workspace(full))
    assert {p.path for p in checkup.problems} == {templates, own}
    assert all(p.kind == "permissions" for p in checkup.problems)

    fixed = fix_permissions(Workspace(full))
    assert {(c.path, c.before, c.after) for c in fixed.changed} == {
        (templates, 0o755, 0o700),
        (own, 0o644, 0o600),
    }
    assert fixed.failed == ()
    assert mode(outside) == 0o644
    assert fix_permissions(Workspace(full)).changed == ()  # nothing left to do
    cli("doctor")


# --- the backups ----------------------------------------------------------------------


def test_backups_are_listed_with_whether_each_is_usable(cli: Cli, full: Path) -> None:
    (full / "backups" / "plans.json").write_bytes(b"[1, 2")
    cli("backup", str(full.parent / "whole.zip"))
    cli("restore", str(full.parent / "whole.zip"), "--yes")
    before_restore = next((full / "backups").glob("before-restore-*.zip"))
    fake = full / "backups" / "before-restore-19990101-000000.zip"
    fake.write_bytes(b"PK not really")
    fake.chmod(0o600)

    backups = {b.path.name: b for b in list_backups(Workspace(full))}
    assert backups["plans.json"].valid is False
    assert "not valid JSON" in backups["plans.json"].problem
    assert backups["prospects.json"].valid is True
    assert backups["prospects.json"].kind == "copy"
    assert backups[before_restore.name].kind == "archive"
    assert backups[before_restore.name].valid is True
    assert backups[fake.name].valid is False

    result = cli("doctor")
    row = next(line for line in result.stdout.splitlines() if "backups/plans.json" in line)
    assert "unusable: not valid JSON" in row


def test_a_damaged_file_without_a_good_backup_is_not_restored(cli: Cli, full: Path) -> None:
    (full / "backups" / "prospects.json").write_bytes(b"")
    bad = damage_file(full, "prospects.json", "truncated")

    report = cli("doctor", expect=3)
    [error] = lines(report.stdout, "error:")
    assert "there is no good backup" in error

    result = cli("doctor", "--restore", "--yes", expect=1)
    assert result.stderr.strip() == (
        f"infoview: there is no good backup of {full / 'prospects.json'}; it was not restored"
    )
    assert (full / "prospects.json").read_bytes() == bad
    assert not list((full / "backups").glob("prospects.json.damaged-*"))

    with pytest.raises(InvalidInput, match="no good backup"):
        restore_backup(Workspace(full), "prospects.json", NOW)


def test_the_copy_kept_before_a_migration_is_a_backup_too(full: Path) -> None:
    backups = full / "backups"
    (backups / "prospects.json").rename(backups / "prospects.schema1.json")
    good = (backups / "prospects.schema1.json").read_bytes()
    damage_file(full, "prospects.json", "not-json")

    restored = restore_backup(Workspace(full), "prospects.json", NOW)
    assert restored.source == backups / "prospects.schema1.json"
    assert (full / "prospects.json").read_bytes() == good


def test_restoring_twice_keeps_both_damaged_files(full: Path) -> None:
    ws = Workspace(full)
    first = damage_file(full, "outreach.json", "empty")
    restore_backup(ws, "outreach.json", NOW)
    second = damage_file(full, "outreach.json", "wrong-shape")
    restored = restore_backup(ws, "outreach.json", NOW)  # the same second: another name

    kept = sorted((full / "backups").glob("outreach.json.damaged-*"))
    assert [p.name for p in kept] == [
        "outreach.json.damaged-20261125-093000",
        "outreach.json.damaged-20261125-093000-2",
    ]
    assert [p.read_bytes() for p in kept] == [first, second]
    assert restored.set_aside == kept[1]
    assert check(ws).status == "ok"


def test_restore_refuses_a_healthy_file_and_an_unknown_name(full: Path) -> None:
    ws = Workspace(full)
    with pytest.raises(InvalidInput, match="is not damaged"):
        restore_backup(ws, "prospects.json", NOW)
    with pytest.raises(InvalidInput, match="not a workspace file"):
        restore_backup(ws, "passwords.json", NOW)


def test_a_declined_restore_changes_nothing(cli: Cli, full: Path) -> None:
    bad = damage_file(full, "contacts.json", "truncated")
    result = cli("doctor", "--restore", input="n\n", expect=1)
    assert "Replace it with the backup" in result.stderr
    assert result.stderr.endswith(f"[y/N]: infoview: {full / 'contacts.json'} was not restored\n")
    assert (full / "contacts.json").read_bytes() == bad
    assert not list((full / "backups").glob("contacts.json.damaged-*"))

    cli("doctor", "--restore", input="y\n")
    assert (full / "contacts.json").read_bytes() == (
        full / "backups" / "contacts.json"
    ).read_bytes()


def test_restore_waits_for_the_workspace_lock(full: Path) -> None:
    bad = damage_file(full, "plans.json", "empty")
    with FileLock(str(full / ".lock"), mode=0o600), pytest.raises(WorkspaceBusy):
        restore_backup(Workspace(full, lock_timeout=0.1), "plans.json", NOW)
    assert (full / "plans.json").read_bytes() == bad


def test_restore_json_lists_what_was_restored(cli: Cli, full: Path) -> None:
    damage_file(full, "questions.json", "wrong-type")
    result = cli("doctor", "--restore", "--yes", "--json")
    data = json.loads(result.stdout)
    assert data["status"] == "ok"
    [restored] = data["restored"]
    assert restored["path"] == str(full / "questions.json")
    assert restored["source"] == str(full / "backups" / "questions.json")
    assert restored["set_aside"].startswith(str(full / "backups" / "questions.json.damaged-"))


def test_a_folder_in_place_of_a_file_is_reported_and_left_alone(cli: Cli, full: Path) -> None:
    (full / "settings.json").unlink()
    (full / "settings.json").mkdir()
    result = cli("doctor", expect=3)
    [error] = lines(result.stdout, "error:")
    assert "is a folder" in error and "move the folder" in error
    cli("doctor", "--restore", "--yes", expect=1)
    assert (full / "settings.json").is_dir()


def test_a_newer_file_says_upgrade_first(cli: Cli, full: Path) -> None:
    damage_file(full, "interviews.json", "newer")
    checkup = check(Workspace(full))
    [report] = checkup.damaged
    assert (report.name, report.state, report.schema_version) == ("interviews.json", "newer", 99)
    [problem] = checkup.problems
    assert problem.fix.startswith("upgrade infoview")
    assert "infoview doctor --restore" in problem.fix


# --- the hint of every other command ---------------------------------------------------


def test_the_damage_message_points_to_doctor_even_without_a_backup(home: Path) -> None:
    home.mkdir(mode=0o700)
    (home / "prospects.json").write_bytes(b"{")
    with pytest.raises(DataError) as info:
        Workspace(home).read(PROSPECTS)
    assert info.value.hint is not None
    assert "infoview doctor" in info.value.hint


def test_an_unreadable_file_is_a_problem_but_not_damage(
    cli: Cli, full: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = full / "profile.json"
    real_read = document.read_document_bytes

    def read_document_bytes(path: Path) -> bytes:
        if path == target:  # what a file of another user with mode 0600 gives
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path)

    monkeypatch.setattr("infoview.store.doctor.read_document_bytes", read_document_bytes)
    result = cli("doctor", expect=1)
    [error] = lines(result.stdout, "error:")
    assert error == (
        f"error: {target} cannot be read: Permission denied; "
        "fix: run `infoview doctor --fix-permissions`"
    )
    assert check(Workspace(full)).status == "problems"


def test_the_full_workspace_has_every_document(full_workspace: Path) -> None:
    names = {p.name for p in full_workspace.glob("*.json")}
    assert names == {f.name for f in check(Workspace(full_workspace)).files}


# --- the use case: the checkup, with the student's answer for each file -----------------


def test_the_checkup_asks_about_each_damaged_file_and_restores_the_approved(full: Path) -> None:
    ws = Workspace(full)
    kept = damage_file(full, "plans.json", "truncated")
    damage_file(full, "outreach.json", "newer")
    asked: list[RestoreOffer] = []

    def approve(offer: RestoreOffer) -> bool:
        asked.append(offer)
        return offer.report.name == "outreach.json"

    report = checkup(ws, NOW, restore=True, approve=approve)
    assert [(o.report.name, o.report.state) for o in asked] == [
        ("plans.json", "damaged"),
        ("outreach.json", "newer"),
    ]
    assert all(o.backup is not None and o.backup_saved_at is not None for o in asked)
    [restored] = report.restored
    assert restored.path == full / "outreach.json"
    assert report.not_restored == (f"{full / 'plans.json'} was not restored",)
    assert (full / "plans.json").read_bytes() == kept
    assert [f.name for f in report.checkup.damaged] == ["plans.json"]  # checked again
    failure = report.failure()
    assert isinstance(failure, InvalidInput) and "plans.json was not restored" in failure.message
    assert report.as_dict()["not_restored"] == list(report.not_restored)


def test_without_restore_nothing_is_asked_and_a_damaged_file_fails_with_exit_3(full: Path) -> None:
    damage_file(full, "contacts.json", "empty")

    def never(offer: RestoreOffer) -> bool:
        raise AssertionError("asked without --restore")

    report = checkup(Workspace(full), NOW, approve=never)
    assert report.restored == () and report.not_restored == ()
    assert not report.nothing_to_restore
    failure = report.failure()
    assert isinstance(failure, DataError)
    assert failure.message == "1 file cannot be used: contacts.json (see the fixes above)"


def test_a_file_that_cannot_be_restored_is_not_asked_about(full: Path) -> None:
    (full / "backups" / "prospects.json").unlink()
    damage_file(full, "prospects.json", "not-json")
    offer = restore_offer(Workspace(full), check(Workspace(full)).damaged[0])
    assert offer.backup is None
    assert (
        offer.refusal
        == f"there is no good backup of {full / 'prospects.json'}; it was not restored"
    )

    def never(offer: RestoreOffer) -> bool:
        raise AssertionError("asked about a file without a backup")

    report = checkup(Workspace(full), NOW, restore=True, approve=never)
    assert report.not_restored == (offer.refusal,)


def test_a_healthy_checkup_has_nothing_to_restore_and_no_failure(full: Path) -> None:
    (full / "plans.json").chmod(0o644)
    report = checkup(Workspace(full), NOW, fix_modes=True, restore=True)
    assert [c.path for c in report.fixed.changed] == [full / "plans.json"]
    assert report.nothing_to_restore
    assert report.checkup.status == "ok" and report.failure() is None


# --- the journal ------------------------------------------------------------------------


def _leave_half_done(full: Path) -> Path:
    """A five-file change a killed process left pending, two of its files replaced."""
    scratch = full.parent / "scratch"
    shutil.copytree(full, scratch)
    Cli(Clock())("--home", str(scratch), "prospect", "remove", "maria", "--yes")
    done = sorted((scratch / "journal").glob("*.json"))[-1]
    for record in json.loads(done.read_bytes())["files"][:2]:
        shutil.copy2(scratch / record["path"], full / record["path"])
    pending = full / "journal" / done.name.replace(".json", ".pending.json")
    shutil.copy2(done, pending)
    return pending


def test_an_interrupted_change_is_reported_with_its_fix(cli: Cli, full: Path) -> None:
    pending = _leave_half_done(full)

    checkup_ = check(Workspace(full))
    (problem,) = [p for p in checkup_.problems if p.kind == "interrupted"]
    assert problem.path == pending and problem.severity == "error"
    assert "a change was interrupted" in problem.message
    assert "prospects.json" in problem.message
    assert problem.fix == "any next change completes it, or run `infoview doctor --restore`"
    result = cli("doctor", expect=1)
    assert problem.line() in result.stdout
    data = json.loads(cli("doctor", "--json", expect=1).stdout)
    # Half done, the files do not agree: outreach and interviews still name Maria.
    assert sorted({p["kind"] for p in data["problems"]}) == ["interrupted", "reference"]
    assert pending.exists()  # the checkup changes nothing


def test_restore_completes_an_interrupted_change(cli: Cli, full: Path) -> None:
    pending = _leave_half_done(full)
    report = checkup(Workspace(full), NOW, restore=True)
    (entry,) = report.completed
    assert entry.path == pending
    assert not report.nothing_to_restore
    assert report.checkup.status == "ok" and report.failure() is None
    assert not pending.exists() and pending.with_name(pending.name.replace(".pending", "")).exists()
    assert "Maria Lopez" not in cli("prospect", "list").stdout
    data = json.loads(cli("doctor", "--restore", "--json").stdout)
    assert data["completed"] == [] and data["changes"] == 20


def test_a_damaged_journal_entry_is_a_problem_not_a_crash(cli: Cli, full: Path) -> None:
    entries = sorted((full / "journal").glob("*.json"))
    entries[-1].write_bytes(b"\x00\xff not json")
    record = json.loads(entries[-2].read_bytes())
    record["files"][0]["after"] = "bm90IHpsaWI="  # base64, but not zlib
    entries[-2].write_text(json.dumps(record))
    entries[-2].chmod(0o600)

    checkup_ = check(Workspace(full))
    damaged = [p for p in checkup_.problems if p.kind == "journal"]
    assert {p.path for p in damaged} == {entries[-1], entries[-2]}
    assert all("is damaged" in p.message and "rm '" in p.fix for p in damaged)
    assert all("undo cannot step past it" in p.fix for p in damaged)
    assert checkup_.status == "problems" and checkup_.changes == len(entries) - 2
    result = cli("doctor", expect=1)
    assert "internal error" not in result.stderr
    for path in damaged:
        path.path.unlink()  # the fix it names
    cli("doctor")


def test_fix_permissions_covers_the_journal(cli: Cli, full: Path) -> None:
    folder = full / "journal"
    entry = sorted(folder.iterdir())[0]
    folder.chmod(0o755)
    entry.chmod(0o644)
    assert {p.path for p in check(Workspace(full)).problems} == {folder, entry}
    fixed = fix_permissions(Workspace(full))
    assert {(c.path, c.after) for c in fixed.changed} == {(folder, 0o700), (entry, 0o600)}
    cli("doctor")


def test_doctor_says_how_many_changes_can_be_undone(cli: Cli, full: Path) -> None:
    assert "Undo: 19 recent changes can be undone" in cli("doctor").stdout


def test_a_journal_folder_that_cannot_be_read_is_a_problem(
    cli: Cli, full: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_listdir = os.listdir

    def refuse(path: Any = ".") -> list[str]:
        if Path(path) == full / "journal":
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", refuse)
    (problem,) = check(Workspace(full)).problems
    assert problem.kind == "unreadable" and problem.path == full / "journal"
    assert problem.fix == "run `infoview doctor --fix-permissions`"
