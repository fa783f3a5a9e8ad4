"""`infoview backup` and `infoview restore`: one archive of the workspace, restored safely.

Exit codes: a tampered or damaged archive exits 3 (DataError); a FILE that does
not exist or is not a zip at all exits 1 (InvalidInput), as does a declined
confirmation. In every refusal the workspace stays byte-for-byte the same.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest

from infoview import __version__
from infoview.model.errors import InvalidInput
from infoview.store.archive import MANIFEST
from infoview.store.registry import ALL_DOCUMENTS
from infoview.store.workspace import Workspace
from infoview.usecases.backup import (
    backup_workspace,
    open_archive,
    refuse_existing,
    restore_archive,
)
from tests.helpers import NOW, Cli, assert_one_error_line, refused

ARCHIVE_NAME = "infoview-backup-20261125-093000.zip"


def populate(cli: Cli) -> None:
    cli("profile", "set", "--name", "Ana Ruiz", "--school", "Lincoln High", "--year", "junior")
    cli("prospect", "add", "Maria Lopez", "--relation", "neighbor", "--field", "social work")
    cli("prospect", "add", "Dev Patel", "--relation", "teacher", "--field", "psychology")
    cli("questions", "add", "What surprised you most at first?", "--category", "story")
    cli("questions", "pick", "maria", "--minutes", "20", "--seed", "7")


def state(home: Path) -> dict[str, bytes]:
    """Every file of the workspace (backups included) and its bytes."""
    if not home.exists():
        return {}
    return {
        str(p.relative_to(home)): p.read_bytes()
        for p in sorted(home.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def own_files(home: Path) -> dict[str, bytes]:
    """The files a backup holds and a restore puts back: not backups/, not the journal."""
    return {k: v for k, v in state(home).items() if not k.startswith(("backups", "journal"))}


@pytest.fixture
def archive(cli: Cli, home: Path, tmp_path: Path) -> Path:
    populate(cli)
    (home / "templates").mkdir(mode=0o700)
    (home / "templates" / "email-brief.txt").write_text("Hi {name} — my own words\n")
    path = tmp_path / "backup.zip"
    cli("backup", str(path))
    return path


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def rebuild(
    path: Path,
    files: dict[str, bytes],
    *,
    manifest: dict[str, Any] | None = None,
    fix_manifest: bool = True,
    attrs: dict[str, int] | None = None,
) -> None:
    """Write ``files`` as a zip at ``path``, with a manifest matching them unless told."""
    files = dict(files)
    if manifest is None:
        manifest = json.loads(files.pop(MANIFEST))
        if fix_manifest:
            manifest["files"] = [
                {
                    "path": name,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "size": len(data),
                    "schema_version": None,
                }
                for name, data in files.items()
            ]
    else:
        files.pop(MANIFEST, None)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(MANIFEST, json.dumps(manifest))
        for name, data in files.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (attrs or {}).get(name, 0o100600) << 16
            zf.writestr(info, data)
    path.write_bytes(buffer.getvalue())


def test_all_documents_are_distinct_json_files() -> None:
    names = [doc.filename for doc in ALL_DOCUMENTS]
    assert len(set(names)) == len(names)
    assert "prospects.json" in names and all(n.endswith(".json") for n in names)


def test_every_document_infoview_defines_is_backed_up() -> None:
    import importlib
    import pkgutil

    import infoview
    from infoview.store.document import Document

    defined = set()
    for module in pkgutil.walk_packages(infoview.__path__, "infoview."):
        loaded = importlib.import_module(module.name)
        defined |= {id(v) for v in vars(loaded).values() if isinstance(v, Document)}
    assert defined == {id(doc) for doc in ALL_DOCUMENTS}


def test_round_trip_restores_byte_identical_files(cli: Cli, home: Path, archive: Path) -> None:
    saved = own_files(home)
    assert set(saved) >= {"profile.json", "prospects.json", "questions.json", "plans.json"}
    cli("prospect", "remove", "dev", "--yes")
    cli("profile", "set", "--name", "Someone Else")
    (home / "templates" / "email-brief.txt").write_text("changed\n")
    (home / "templates" / "text-brief.txt").write_text("new one\n")
    (home / "outreach.json").unlink(missing_ok=True)

    result = cli("restore", str(archive), "--yes")
    assert "Restored" in result.stdout
    now = own_files(home)
    assert now == saved
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    for name in now:
        assert stat.S_IMODE((home / name).stat().st_mode) == 0o600, name
    assert "templates/text-brief.txt" in result.stderr  # removed: not in the backup
    assert cli("prospect", "show", "dev").stdout


def test_manifest_content(archive: Path, home: Path) -> None:
    files = members(archive)
    manifest = json.loads(files.pop(MANIFEST))
    assert manifest["format"] == "infoview-backup"
    assert manifest["version"] == 1
    assert manifest["created_at"] == NOW.isoformat()
    assert manifest["infoview"] == __version__
    listed = {item["path"]: item for item in manifest["files"]}
    assert set(listed) == set(files)
    assert "templates/email-brief.txt" in listed and ".lock" not in listed
    assert not any(name.startswith(("backups", "journal")) for name in listed)
    for name, data in files.items():
        assert data == (home / name).read_bytes()
        assert listed[name]["sha256"] == hashlib.sha256(data).hexdigest()
        assert listed[name]["size"] == len(data)
        expected = None if name.startswith("templates/") else 1
        assert listed[name]["schema_version"] == expected


def test_archive_is_private(archive: Path) -> None:
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600


def test_default_name_uses_the_clock(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    populate(cli)
    monkeypatch.chdir(tmp_path)
    result = cli("backup")
    assert (tmp_path / ARCHIVE_NAME).is_file()
    assert ARCHIVE_NAME in result.stdout and "Backed up 4 files" in result.stdout


def test_refuses_to_overwrite(cli: Cli, tmp_path: Path) -> None:
    populate(cli)
    target = tmp_path / "taken.zip"
    target.write_bytes(b"keep me")
    result = cli("backup", str(target), expect=1)
    assert "already exists" in result.stderr
    assert target.read_bytes() == b"keep me"


def test_backup_of_a_missing_workspace_is_refused(cli: Cli, tmp_path: Path) -> None:
    cli("backup", str(tmp_path / "b.zip"), expect=1)
    assert not (tmp_path / "b.zip").exists()


def test_backup_of_a_damaged_file_is_refused(cli: Cli, home: Path, tmp_path: Path) -> None:
    populate(cli)
    (home / "prospects.json").write_text("{not json")
    result = cli("backup", str(tmp_path / "b.zip"), expect=3)
    assert "prospects.json" in result.stderr
    assert not (tmp_path / "b.zip").exists()


def _changed_byte(files: dict[str, bytes]) -> None:
    data = bytearray(files["prospects.json"])
    data[10] ^= 0x01
    files["prospects.json"] = bytes(data)


def _wrong_sha(files: dict[str, bytes]) -> None:
    manifest = json.loads(files[MANIFEST])
    manifest["files"][0]["sha256"] = "0" * 64
    files[MANIFEST] = json.dumps(manifest).encode()


def _extra(files: dict[str, bytes]) -> None:
    files["notes.json"] = b"{}"


def _missing(files: dict[str, bytes]) -> None:
    del files["plans.json"]


def _no_manifest(files: dict[str, bytes]) -> None:
    del files[MANIFEST]


TAMPERINGS = {
    "changed byte": (_changed_byte, "checksum of prospects.json"),
    "wrong sha in manifest": (_wrong_sha, "checksum"),
    "extra file": (_extra, "notes.json"),
    "missing file": (_missing, "plans.json"),
    "no manifest": (_no_manifest, "manifest.json"),
}


@pytest.mark.parametrize("name", TAMPERINGS)
def test_tampered_archive_is_refused(cli: Cli, home: Path, archive: Path, name: str) -> None:
    change, message = TAMPERINGS[name]
    files = members(archive)
    change(files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for member, data in files.items():
            zf.writestr(member, data)
    archive.write_bytes(buffer.getvalue())
    before = state(home)
    result = cli("restore", str(archive), "--yes", expect=3)
    assert message in result.stderr
    assert "not touched" in result.stderr
    assert state(home) == before


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("../evil.json", "leaves its folder"),
        ("/abs.json", "absolute path"),
        ("templates\\evil.txt", "backslash"),
        ("templates/../prospects.json", "leaves its folder"),
        ("evil/", "is a folder"),
    ],
)
def test_unsafe_paths_are_refused(
    cli: Cli, home: Path, archive: Path, entry: str, message: str
) -> None:
    files = members(archive)
    files[entry] = b"{}"
    rebuild(archive, files)  # the manifest even lists it, checksum and all
    before = state(home)
    result = cli("restore", str(archive), "--yes", expect=3)
    assert message in result.stderr
    assert state(home) == before
    assert not (home.parent / "evil.json").exists()


def test_symlink_entry_is_refused(cli: Cli, home: Path, archive: Path) -> None:
    files = members(archive)
    files["templates/link.txt"] = b"/etc/passwd"
    rebuild(archive, files, attrs={"templates/link.txt": stat.S_IFLNK | 0o777})
    before = state(home)
    result = cli("restore", str(archive), "--yes", expect=3)
    assert "symlink" in result.stderr
    assert state(home) == before


def test_invalid_document_with_matching_checksum_is_refused(
    cli: Cli, home: Path, archive: Path
) -> None:
    files = members(archive)
    data = json.loads(files["prospects.json"])
    data["prospects"][0]["email"] = "not an email"
    files["prospects.json"] = json.dumps(data).encode()
    rebuild(archive, files)
    before = state(home)
    result = cli("restore", str(archive), "--yes", expect=3)
    assert "prospects.json" in result.stderr and "email" in result.stderr
    assert state(home) == before


def test_newer_schema_version_is_refused(cli: Cli, home: Path, archive: Path) -> None:
    files = members(archive)
    data = json.loads(files["plans.json"])
    data["schema_version"] = 99
    files["plans.json"] = json.dumps(data).encode()
    rebuild(archive, files)
    before = state(home)
    result = cli("restore", str(archive), "--yes", expect=3)
    assert "newer infoview" in result.stderr and "plans.json" in result.stderr
    assert state(home) == before


def test_newer_backup_format_is_refused(cli: Cli, home: Path, archive: Path) -> None:
    files = members(archive)
    manifest = json.loads(files[MANIFEST])
    manifest["version"] = 2
    rebuild(archive, files, manifest=manifest)
    before = state(home)
    result = cli("restore", str(archive), "--yes", expect=3)
    assert "newer infoview" in result.stderr
    assert state(home) == before


def test_non_utf8_template_is_refused(cli: Cli, home: Path, archive: Path) -> None:
    files = members(archive)
    files["templates/email-brief.txt"] = b"\xff\xfe bad"
    rebuild(archive, files)
    before = state(home)
    result = cli("restore", str(archive), "--yes", expect=3)
    assert "UTF-8" in result.stderr
    assert state(home) == before


def test_not_a_zip_exits_1(cli: Cli, home: Path, tmp_path: Path) -> None:
    populate(cli)
    fake = tmp_path / "fake.zip"
    fake.write_bytes((home / "prospects.json").read_bytes())
    before = state(home)
    result = cli("restore", str(fake), "--yes", expect=1)
    assert "not a zip" in result.stderr
    assert state(home) == before


def test_missing_archive_exits_1(cli: Cli, home: Path, tmp_path: Path) -> None:
    populate(cli)
    before = state(home)
    result = cli("restore", str(tmp_path / "nowhere.zip"), "--yes", expect=1)
    assert "does not exist" in result.stderr
    assert state(home) == before


def test_declined_confirmation_changes_nothing(cli: Cli, home: Path, archive: Path) -> None:
    cli("prospect", "remove", "dev", "--yes")
    before = state(home)
    result = cli("restore", str(archive), input="n\n", expect=1)
    assert "nothing was restored" in result.stderr
    assert state(home) == before
    assert not list((home / "backups").glob("before-restore-*"))


def test_confirmed_restore_proceeds(cli: Cli, home: Path, archive: Path) -> None:
    cli("prospect", "remove", "dev", "--yes")
    cli("restore", str(archive), input="y\n")
    assert cli("prospect", "show", "dev").stdout


def test_pre_restore_backup_exists_and_restores(cli: Cli, home: Path, archive: Path) -> None:
    cli("prospect", "remove", "dev", "--yes")
    cli("prospect", "add", "Kim Nguyen", "--relation", "family")
    changed = own_files(home)
    result = cli("restore", str(archive), "--yes")
    before = home / "backups" / "before-restore-20261125-093000.zip"
    assert before.is_file() and str(before) in result.stderr
    assert stat.S_IMODE(before.stat().st_mode) == 0o600
    assert cli("prospect", "show", "dev").stdout

    cli("restore", str(before), "--yes")
    now = own_files(home)
    assert now == changed
    # The second restore saved its own copy beside the first, same second.
    assert (home / "backups" / "before-restore-20261125-093000-2.zip").is_file()


def test_restore_into_an_empty_workspace(cli: Cli, home: Path, archive: Path) -> None:
    saved = own_files(home)
    other = home.parent / "other"
    result = cli("--home", str(other), "restore", str(archive), "--yes")
    assert "Restored" in result.stdout
    assert own_files(other) == saved
    assert stat.S_IMODE(other.stat().st_mode) == 0o700


# --- a FILE or a home under an unknown ~user ------------------------------------------


def test_a_file_under_an_unknown_user_is_one_error_line(cli: Cli, home: Path) -> None:
    populate(cli)
    result = cli("backup", "--", "~0", expect=1)
    assert_one_error_line(result.stderr, "cannot use '~0'", "there is no user '0'")
    refused(cli("restore", "~nosuchuser/b.zip", "--yes", expect=1), "no user 'nosuchuser'")


def test_a_home_under_an_unknown_user_is_one_error_line(cli: Cli) -> None:
    result = cli("path", env={"INFOVIEW_HOME": "~nosuchuser/x"}, expect=1)
    assert_one_error_line(result.stderr, "'~nosuchuser/x'", "there is no user 'nosuchuser'")


# --- the use cases (usecases/backup.py) -------------------------------------------------


def test_the_archive_is_made_in_memory_and_written_by_the_caller(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    populate(cli)
    dest = tmp_path / "made.zip"
    made = backup_workspace(Workspace(home), dest, NOW)
    assert not dest.exists()  # nothing written: the CLI writes it through Output.write_file
    assert (made.dest, made.count) == (dest, 4)
    dest.write_bytes(made.data)
    archive = open_archive(dest)
    assert {e.path for e in archive.entries} == {
        "profile.json",
        "prospects.json",
        "questions.json",
        "plans.json",
    }
    other = Workspace(tmp_path / "other")
    result = restore_archive(other, archive, NOW)
    assert result.written == 4 and result.removed == ()
    assert (other.root / "prospects.json").read_bytes() == (home / "prospects.json").read_bytes()


def test_the_backup_use_case_refuses_a_taken_name_or_a_missing_folder(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    populate(cli)
    taken = tmp_path / "taken.zip"
    taken.write_bytes(b"keep me")
    with pytest.raises(InvalidInput, match="already exists"):
        backup_workspace(Workspace(home), taken, NOW)
    with pytest.raises(InvalidInput, match="already exists"):
        refuse_existing(taken)
    with pytest.raises(InvalidInput, match="does not exist"):
        backup_workspace(Workspace(home), tmp_path / "nowhere" / "b.zip", NOW)
    assert taken.read_bytes() == b"keep me"


def test_restore_clears_the_undo_history_and_says_so(cli: Cli, home: Path, archive: Path) -> None:
    cli("prospect", "add", "Sam Lee")
    assert list((home / "journal").iterdir())  # the changes so far can be undone

    result = cli("restore", str(archive), "--yes")

    assert "the undo history is cleared (there is nothing to undo after a restore)" in (
        result.stderr
    )
    assert list((home / "journal").iterdir()) == []
    refused(cli("undo", "--yes", expect=1), "nothing to undo")
    listed = json.loads(cli("prospect", "list", "--json").stdout)
    assert sorted(p["name"] for p in listed) == ["Dev Patel", "Maria Lopez"]
