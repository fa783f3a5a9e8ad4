"""The storage layer in-process: envelopes, permissions, backups, migrations, damage, failures.

Rules under test: docs/architecture.md, "Storage rules", and the docstring of
``infoview.store.workspace``.
Files are built by hand (not through the code under test) wherever the point is
what the store makes of bytes it did not write itself.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pytest
from filelock import FileLock
from pydantic import BaseModel, ConfigDict, Field

from infoview.model.errors import (
    DataError,
    InvalidInput,
    StorageError,
    WorkspaceBusy,
    WorkspaceError,
)
from infoview.model.people import Profile, ProfileFile, Prospect, ProspectsFile
from infoview.store.document import Document, Migration
from infoview.store.registry import PROFILE, PROSPECTS, people_warnings
from infoview.store.workspace import Workspace
from tests.helpers import STAMP, prospect_dict, snapshot

LATER = "2026-11-26T14:05:00-05:00"


# --- helpers -----------------------------------------------------------------


def envelope(*prospects: dict[str, Any], version: Any = 1) -> dict[str, Any]:
    return {"schema_version": version, "prospects": list(prospects)}


def to_bytes(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def prospect(pid: str, name: str, **changes: Any) -> Prospect:
    return Prospect.model_validate(prospect_dict(pid, name, **changes))


def profile(name: str) -> Profile:
    return Profile.model_validate({"name": name, "updated_at": STAMP})


def seed(home: Path, raw: bytes, filename: str = "prospects.json") -> Path:
    """Write a file into the workspace by hand (creating the folder) and return its path."""
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = home / filename
    path.write_bytes(raw)
    return path


def temp_files(home: Path) -> list[str]:
    """Leftover temp files of ``atomic_write`` anywhere in the workspace."""
    return sorted(
        name for _folder, _dirs, files in os.walk(home) for name in files if name.endswith(".tmp")
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def add_person(ws: Workspace, pid: str, name: str) -> None:
    """Add one person the way the commands do: get, change, put."""
    with ws.transaction() as tx:
        current = tx.get(PROSPECTS)
        tx.put(PROSPECTS, ProspectsFile(prospects=[*current.prospects, prospect(pid, name)]))


ANA = prospect_dict("ana-ruiz", "Ana Ruiz")
JOSE = prospect_dict(
    "jose-garcia",
    "José García",
    role="Enfermero",
    organization="Hospital Niño Jesús",
    fields=["nursing", "pediatría"],
    relation="neighbor",
    email="jose@example.org",
    phone="+34 600 123 456",
    linkedin="https://www.linkedin.com/in/jose-garcia",
    tags=["ask first"],
    notes="Met at the bakery.\nLikes early mornings.",
    priority=3,
    status="contacted",
    created_at=STAMP,
    updated_at=LATER,
)


# --- round trip and format ---------------------------------------------------


def test_round_trip_writes_a_canonical_envelope(home: Path) -> None:
    ws = Workspace(home)
    written = ProspectsFile(prospects=[Prospect.model_validate(JOSE), Prospect.model_validate(ANA)])
    with ws.transaction() as tx:
        tx.put(PROSPECTS, written)

    path = home / "prospects.json"
    raw = path.read_bytes()
    assert Workspace(home).read(PROSPECTS) == written

    text = raw.decode("utf-8")
    assert "José García" in text and "Hospital Niño Jesús" in text  # not \u00e9 escapes
    assert "\\u" not in text
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert '"schema_version": 1' in text
    data = json.loads(text)
    # Sorted keys at every level, two-space indent, nothing else.
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert list(data) == ["prospects", "schema_version"]
    assert list(data["prospects"][0]) == sorted(JOSE)
    assert '\n  "prospects": [\n    {\n      "address_as"' in text
    # The records are exactly what went in, offsets included.
    assert data["prospects"] == [JOSE, ANA]


def test_reading_a_missing_file_gives_the_empty_document_and_creates_nothing(
    home: Path,
) -> None:
    ws = Workspace(home)
    assert ws.read(PROSPECTS) == ProspectsFile()
    assert ws.read(PROFILE) == ProfileFile()
    assert not home.exists()


def test_a_hand_written_file_is_read_as_written(home: Path) -> None:
    seed(home, to_bytes(envelope(JOSE, ANA)))
    loaded = Workspace(home).read(PROSPECTS)
    assert [p.model_dump(mode="json") for p in loaded.prospects] == [JOSE, ANA]


# --- permissions -------------------------------------------------------------


def test_permissions_are_private_even_with_a_permissive_umask(home: Path) -> None:
    old_umask = os.umask(0)
    try:
        ws = Workspace(home)
        with ws.transaction() as tx:
            tx.get(PROFILE)
            tx.put(PROFILE, ProfileFile(profile=profile("Sam Lee")))
            tx.get(PROSPECTS)
            tx.put(PROSPECTS, ProspectsFile(prospects=[Prospect.model_validate(ANA)]))
        add_person(ws, "jose-garcia", "José García")  # a second change: backups appear
        with ws.transaction() as tx:
            tx.get(PROFILE)
            tx.put(PROFILE, ProfileFile(profile=profile("Sam Li")))
    finally:
        os.umask(old_umask)

    assert mode(home) == 0o700
    assert mode(home / "backups") == 0o700
    files = [Path(folder) / name for folder, _d, names in os.walk(home) for name in names]
    names = {str(f.relative_to(home)) for f in files}
    assert {
        "prospects.json",
        "profile.json",
        "backups/prospects.json",
        "backups/profile.json",
    } <= names
    assert {str(f.relative_to(home)): mode(f) for f in files} == dict.fromkeys(names, 0o600)


# --- backups and unchanged commits -------------------------------------------


def test_each_change_keeps_the_previous_good_copy(home: Path) -> None:
    ws = Workspace(home)
    path, backup = home / "prospects.json", home / "backups" / "prospects.json"

    add_person(ws, "ana-ruiz", "Ana Ruiz")
    first = path.read_bytes()
    assert not backup.exists()  # nothing came before the first version

    add_person(ws, "jose-garcia", "José García")
    second = path.read_bytes()
    assert second != first
    assert backup.read_bytes() == first

    add_person(ws, "li-wei", "Li Wei")
    assert backup.read_bytes() == second
    assert [p.id for p in ws.read(PROSPECTS).prospects] == ["ana-ruiz", "jose-garcia", "li-wei"]


def test_an_unchanged_commit_does_not_rewrite_the_file(home: Path) -> None:
    ws = Workspace(home)
    add_person(ws, "ana-ruiz", "Ana Ruiz")
    add_person(ws, "jose-garcia", "José García")
    path, backup = home / "prospects.json", home / "backups" / "prospects.json"
    before, backup_before = path.stat(), backup.read_bytes()
    os.utime(backup, ns=(1_000_000_000, 1_000_000_000))  # an mtime a rewrite would change

    with ws.transaction() as tx:
        same = tx.get(PROSPECTS)
        tx.put(PROSPECTS, ProspectsFile(prospects=list(same.prospects)))

    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino,
        before.st_mtime_ns,
        before.st_size,
    )
    assert backup.read_bytes() == backup_before
    assert backup.stat().st_mtime_ns == 1_000_000_000


def test_an_exception_inside_the_transaction_writes_nothing(home: Path) -> None:
    ws = Workspace(home)
    add_person(ws, "ana-ruiz", "Ana Ruiz")
    before = snapshot(home)
    with pytest.raises(RuntimeError, match="changed my mind"), ws.transaction() as tx:
        tx.get(PROSPECTS)
        tx.put(PROSPECTS, ProspectsFile())
        raise RuntimeError("changed my mind")
    assert snapshot(home) == before
    # ...and the lock was released on the way out.
    add_person(Workspace(home, lock_timeout=0.2), "li-wei", "Li Wei")


def test_the_whole_new_state_is_validated_before_anything_is_written(home: Path) -> None:
    ws = Workspace(home)
    add_person(ws, "ana-ruiz", "Ana Ruiz")
    before = snapshot(home)
    twice = Prospect.model_validate(JOSE)
    with pytest.raises(InvalidInput, match="jose-garcia"), ws.transaction() as tx:
        tx.get(PROFILE)
        # Put first, so a store that writes as it validates would write it.
        tx.put(PROFILE, ProfileFile(profile=profile("Sam Lee")))
        tx.get(PROSPECTS)
        tx.put(PROSPECTS, ProspectsFile(prospects=[twice, twice]))  # duplicate ids
    assert snapshot(home) == before
    assert not (home / "profile.json").exists()


def test_put_without_get_still_keeps_the_previous_copy(home: Path) -> None:
    ws = Workspace(home)
    add_person(ws, "ana-ruiz", "Ana Ruiz")
    first = (home / "prospects.json").read_bytes()
    with ws.transaction() as tx:
        tx.put(PROSPECTS, ProspectsFile(prospects=[Prospect.model_validate(JOSE)]))
    assert (home / "backups" / "prospects.json").read_bytes() == first


def test_put_without_get_does_not_overwrite_a_damaged_file(home: Path) -> None:
    raw = b'{"schema_version": 1, "prospects": [\n'
    path = seed(home, raw)
    with pytest.raises(DataError), Workspace(home).transaction() as tx:
        tx.put(PROSPECTS, ProspectsFile(prospects=[Prospect.model_validate(JOSE)]))
    assert path.read_bytes() == raw


# --- migrations --------------------------------------------------------------


class Widget(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str
    size: int
    colour: str


class WidgetsFile(BaseModel):
    """Schema 3. Schema 1 had "things" with "name" and a string "size"; schema 2 renamed
    them to "widgets" and "label"; schema 3 made "size" a number and added "colour"."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[3] = 3
    widgets: list[Widget] = Field(default_factory=list)


Convert = Callable[[dict[str, Any]], dict[str, Any]]
V1_WIDGETS = {"schema_version": 1, "things": [{"name": "Ünïcode gear", "size": "2"}]}


def widgets_document(
    calls: list[tuple[int, Any]], overrides: dict[int, Convert] | None = None
) -> Document[WidgetsFile]:
    """The synthetic document; ``calls`` records (step, schema_version seen) per converter."""

    def one_to_two(data: dict[str, Any]) -> dict[str, Any]:
        calls.append((1, data["schema_version"]))
        things = data["things"]
        return {
            "schema_version": data["schema_version"],
            "widgets": [{"label": t["name"], "size": t["size"]} for t in things],
        }

    def two_to_three(data: dict[str, Any]) -> dict[str, Any]:
        calls.append((2, data["schema_version"]))
        widgets = data["widgets"]
        return {
            "schema_version": data["schema_version"],
            "widgets": [{**w, "size": int(w["size"]), "colour": "blue"} for w in widgets],
        }

    steps = {1: one_to_two, 2: two_to_three, **(overrides or {})}
    names = {1: "rename things to widgets", 2: "size as a number, with a colour"}
    migrations = tuple(Migration(n, names[n], steps[n]) for n in sorted(steps))
    return Document("widgets.json", WidgetsFile, migrations=migrations)


def test_an_old_file_is_migrated_step_by_step_on_read(home: Path) -> None:
    raw = to_bytes(V1_WIDGETS)
    path = seed(home, raw, "widgets.json")
    calls: list[tuple[int, Any]] = []

    loaded = Workspace(home).read(widgets_document(calls))

    assert loaded == WidgetsFile(widgets=[Widget(label="Ünïcode gear", size=2, colour="blue")])
    assert calls == [(1, 1), (2, 2)]  # both converters, in order, each on its own version
    # Reading never writes: the old file stays as it was until a change is saved.
    assert snapshot(home) == {"widgets.json": raw}
    assert path.read_bytes() == raw


def test_saving_a_migrated_file_backs_up_the_original_first(home: Path) -> None:
    raw = to_bytes(V1_WIDGETS)
    path = seed(home, raw, "widgets.json")
    calls: list[tuple[int, Any]] = []
    doc = widgets_document(calls)
    ws = Workspace(home)

    with ws.transaction() as tx:
        current = tx.get(doc)
        extra = Widget(label="new", size=5, colour="red")
        tx.put(doc, WidgetsFile(widgets=[*current.widgets, extra]))

    assert (home / "backups" / "widgets.schema1.json").read_bytes() == raw
    assert (home / "backups" / "widgets.json").read_bytes() == raw
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {
        "schema_version": 3,
        "widgets": [
            {"colour": "blue", "label": "Ünïcode gear", "size": 2},
            {"colour": "red", "label": "new", "size": 5},
        ],
    }
    calls.clear()
    assert len(ws.read(doc).widgets) == 2
    assert calls == []  # now current: no converter runs

    # The pre-migration copy is kept for good, not replaced by later backups.
    with ws.transaction() as tx:
        tx.get(doc)
        tx.put(doc, WidgetsFile())
    assert (home / "backups" / "widgets.schema1.json").read_bytes() == raw
    assert json.loads((home / "backups" / "widgets.json").read_bytes()) == data


def _raise_key_error(data: dict[str, Any]) -> dict[str, Any]:
    return {"schema_version": data["schema_version"], "widgets": data["no such key"]}


def _raise_value_error(data: dict[str, Any]) -> dict[str, Any]:
    raise ValueError("size 'huge' is not a number")


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        pytest.param({1: _raise_key_error}, "cannot convert schema 1 to 2", id="key-error-step-1"),
        pytest.param(
            {2: _raise_value_error}, "cannot convert schema 2 to 3", id="value-error-step-2"
        ),
    ],
)
def test_a_failing_converter_is_a_data_error_and_leaves_the_file(
    home: Path, overrides: dict[int, Convert], problem: str
) -> None:
    raw = to_bytes(V1_WIDGETS)
    path = seed(home, raw, "widgets.json")
    doc = widgets_document([], overrides)
    ws = Workspace(home)

    with pytest.raises(DataError) as info:
        ws.read(doc)
    assert int(info.value.exit_code) == 3
    assert str(path) in info.value.message
    assert problem in info.value.message

    with pytest.raises(DataError), ws.transaction() as tx:
        tx.get(doc)
        tx.put(doc, WidgetsFile())
    assert snapshot(home) == {"widgets.json": raw}


def test_a_missing_converter_is_a_data_error(home: Path) -> None:
    raw = to_bytes(V1_WIDGETS)
    path = seed(home, raw, "widgets.json")
    doc = Document("widgets.json", WidgetsFile, migrations=(Migration(1, "nothing", lambda d: d),))
    with pytest.raises(DataError, match="no converter from schema 2 to 3") as info:
        Workspace(home).read(doc)
    assert str(path) in info.value.message
    assert path.read_bytes() == raw


# --- a newer schema ----------------------------------------------------------


def test_a_newer_schema_is_refused_and_left_untouched(home: Path) -> None:
    raw = to_bytes({"schema_version": 2, "prospects": [], "shiny_new_thing": True})
    path = seed(home, raw)
    ws = Workspace(home)

    with pytest.raises(DataError) as info:
        ws.read(PROSPECTS)
    assert info.value.exit_code == 3
    assert "newer" in info.value.message
    assert str(path) in info.value.message

    with pytest.raises(DataError, match="newer"), ws.transaction() as tx:
        tx.get(PROSPECTS)
        tx.put(PROSPECTS, ProspectsFile(prospects=[Prospect.model_validate(ANA)]))
    assert snapshot(home) == {"prospects.json": raw}


# --- damaged files -----------------------------------------------------------

_VALID = to_bytes(envelope(ANA, JOSE))

DAMAGED: list[Any] = [
    pytest.param(b"", id="empty"),
    pytest.param(b" \n\t \r\n", id="whitespace-only"),
    pytest.param(_VALID[: len(_VALID) // 2], id="truncated"),
    pytest.param(_VALID.replace("José".encode(), b"Jos\xe9"), id="not-utf8"),
    pytest.param(b"\xef\xbb\xbf" + _VALID[:-40], id="bom-and-truncated"),
    pytest.param(to_bytes([envelope(ANA)]), id="json-list"),
    pytest.param(to_bytes("prospects"), id="json-string"),
    pytest.param(to_bytes({"prospects": [ANA]}), id="no-schema-version"),
    pytest.param(to_bytes(envelope(ANA, version="1")), id="schema-version-string"),
    pytest.param(to_bytes(envelope(ANA, version=True)), id="schema-version-true"),
    pytest.param(to_bytes(envelope(ANA, version=0)), id="schema-version-0"),
    pytest.param(to_bytes(envelope(ANA, version=1.0)), id="schema-version-float"),
    pytest.param(to_bytes({"schema_version": 1, "prospects": ANA}), id="prospects-not-a-list"),
    pytest.param(to_bytes({"schema_version": 1, "prospects": None}), id="prospects-null"),
    pytest.param(to_bytes(envelope(ANA, prospect_dict("b", "B", priority="high"))), id="priority"),
    pytest.param(to_bytes(envelope(prospect_dict("b", "B", priority=7))), id="priority-range"),
    pytest.param(to_bytes(envelope(prospect_dict("b", "B", email="not-an-email"))), id="email"),
    pytest.param(to_bytes(envelope(prospect_dict("b", "B", nickname="Bee"))), id="unknown-key"),
    pytest.param(to_bytes({**envelope(ANA), "comment": "hi"}), id="unknown-top-level-key"),
    pytest.param(to_bytes(envelope(prospect_dict("b", ""))), id="empty-name"),
    pytest.param(to_bytes(envelope({k: v for k, v in ANA.items() if k != "id"})), id="no-id"),
    pytest.param(
        to_bytes(envelope(prospect_dict("b", "B", created_at="2026-11-25T09:30:00"))),
        id="timestamp-without-offset",
    ),
    pytest.param(to_bytes(envelope(prospect_dict("b", "B", status="lost"))), id="status"),
    pytest.param(to_bytes(envelope(ANA, JOSE, prospect_dict("ana-ruiz", "Ana"))), id="dup-ids"),
]


@pytest.mark.parametrize("raw", DAMAGED)
def test_a_damaged_file_is_a_data_error_naming_it_and_is_never_overwritten(
    home: Path, raw: bytes
) -> None:
    path = seed(home, raw)
    ws = Workspace(home)

    with pytest.raises(DataError) as info:
        ws.read(PROSPECTS)
    assert int(info.value.exit_code) == 3
    assert str(path) in info.value.message
    assert "\n" not in info.value.message

    with pytest.raises(DataError), ws.transaction() as tx:
        tx.get(PROSPECTS)
        tx.put(PROSPECTS, ProspectsFile(prospects=[Prospect.model_validate(ANA)]))
    assert snapshot(home) == {"prospects.json": raw}


def test_the_damage_message_says_what_is_wrong_and_where_the_backup_is(home: Path) -> None:
    ws = Workspace(home)
    add_person(ws, "ana-ruiz", "Ana Ruiz")
    add_person(ws, "li-wei", "Li Wei")
    path = seed(home, to_bytes(envelope(prospect_dict("b", "B", email="not-an-email"))))
    with pytest.raises(DataError) as info:
        ws.read(PROSPECTS)
    assert "prospects[0].email" in info.value.message
    assert info.value.hint is not None
    assert str(home / "backups" / "prospects.json") in info.value.hint
    assert path.exists()


def test_a_folder_in_place_of_the_file_is_a_data_error(home: Path) -> None:
    (home / "prospects.json").mkdir(parents=True)
    with pytest.raises(DataError, match=r"prospects\.json") as info:
        Workspace(home).read(PROSPECTS)
    assert info.value.exit_code == 3


def test_a_dangling_referral_is_only_a_warning(home: Path) -> None:
    raw = to_bytes(envelope(ANA, prospect_dict("li-wei", "Li Wei", referred_by="gone-person")))
    path = seed(home, raw)
    ws = Workspace(home)

    loaded = ws.read(PROSPECTS)
    warnings = people_warnings(loaded)
    assert [p.id for p in loaded.prospects] == ["ana-ruiz", "li-wei"]
    assert len(warnings) == 1
    assert "li-wei" in warnings[0] and "gone-person" in warnings[0]

    with ws.transaction() as tx:
        assert people_warnings(tx.get(PROSPECTS)) == warnings
    assert path.read_bytes() == raw


# --- write failures ----------------------------------------------------------


def _prepared(home: Path) -> tuple[Workspace, Path, dict[str, bytes]]:
    """A workspace with two saved versions (so a backup exists) and its snapshot."""
    ws = Workspace(home, lock_timeout=0.5)
    add_person(ws, "ana-ruiz", "Ana Ruiz")
    add_person(ws, "jose-garcia", "José García")
    return ws, home / "prospects.json", snapshot(home)


def _attempt_change(ws: Workspace) -> None:
    add_person(ws, "li-wei", "Li Wei")


@pytest.mark.parametrize("which", ["every-replace", "only-the-main-file"])
def test_a_failed_replace_is_a_storage_error_and_keeps_the_old_file(
    home: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    ws, path, before = _prepared(home)
    real_replace = os.replace

    def failing_replace(src: Any, dst: Any, **kwargs: Any) -> None:
        if which == "every-replace" or Path(dst) == path:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(StorageError) as info:
        _attempt_change(ws)
    monkeypatch.undo()

    assert int(info.value.exit_code) == 1
    assert "could not write" in info.value.message
    assert str(path) in info.value.message
    assert "No space left on device" in info.value.message
    assert path.read_bytes() == before["prospects.json"]
    assert temp_files(home) == []
    # The backup, if rewritten at all, still holds a good copy.
    backup = (home / "backups" / "prospects.json").read_bytes()
    assert backup in (before["backups/prospects.json"], before["prospects.json"])
    # The lock was released: the same change now goes through.
    _attempt_change(ws)
    assert [p.id for p in ws.read(PROSPECTS).prospects][-1] == "li-wei"


def test_a_failed_fsync_is_a_storage_error_and_keeps_the_old_file(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, _path, before = _prepared(home)

    def failing_fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(StorageError, match="Input/output error") as info:
        _attempt_change(ws)
    monkeypatch.undo()

    assert info.value.exit_code == 1
    assert snapshot(home) == before
    assert temp_files(home) == []


def test_a_refused_temp_file_is_a_storage_error(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, _path, before = _prepared(home)

    def refuse(*args: Any, **kwargs: Any) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(StorageError, match="Permission denied") as info:
        _attempt_change(ws)
    monkeypatch.undo()

    assert info.value.exit_code == 1
    assert "could not write" in info.value.message
    assert snapshot(home) == before


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root ignores folder permissions",
)
def test_a_read_only_workspace_is_a_storage_error(home: Path) -> None:
    ws, path, before = _prepared(home)
    home.chmod(0o500)
    try:
        with pytest.raises(StorageError) as info:
            _attempt_change(ws)
    finally:
        home.chmod(0o700)
    assert info.value.exit_code == 1
    assert "could not write" in info.value.message
    assert path.read_bytes() == before["prospects.json"]
    # backups/ itself is still writable, so it may now hold the current good copy.
    backup = (home / "backups" / "prospects.json").read_bytes()
    assert backup in (before["backups/prospects.json"], before["prospects.json"])
    assert temp_files(home) == []


def test_a_write_error_inside_a_multi_file_commit_reports_the_file(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, _path, before = _prepared(home)
    real_replace = os.replace
    profile_path = home / "profile.json"

    def failing_replace(src: Any, dst: Any, **kwargs: Any) -> None:
        if Path(dst) == profile_path:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(StorageError) as info, ws.transaction() as tx:
        tx.get(PROFILE)
        tx.put(PROFILE, ProfileFile(profile=profile("Sam Lee")))
    assert str(profile_path) in info.value.message
    assert not profile_path.exists()
    assert snapshot(home) == before
    assert temp_files(home) == []


# --- the workspace folder and the lock ---------------------------------------


def test_a_file_in_place_of_the_workspace_is_a_workspace_error(home: Path) -> None:
    home.write_bytes(b"not a folder\n")
    ws = Workspace(home)
    with pytest.raises(WorkspaceError) as info:
        ws.read(PROSPECTS)
    assert info.value.exit_code == 1
    assert str(home) in info.value.message

    with pytest.raises(WorkspaceError), ws.transaction() as tx:
        tx.put(PROSPECTS, ProspectsFile())
    assert home.read_bytes() == b"not a folder\n"


def test_a_held_lock_makes_the_workspace_busy_and_nothing_is_written(home: Path) -> None:
    add_person(Workspace(home), "ana-ruiz", "Ana Ruiz")
    before = snapshot(home)
    ws = Workspace(home, lock_timeout=0.2)
    entered = False

    holder = FileLock(str(home / ".lock"), mode=0o600)
    with holder:
        with pytest.raises(WorkspaceBusy) as info, ws.transaction() as tx:
            entered = True
            tx.put(PROSPECTS, ProspectsFile())
        assert info.value.exit_code == 1
        assert "busy" in info.value.message
        assert not entered
        assert snapshot(home) == before
        ws.read(PROSPECTS)  # reading needs no lock

    # Released: the same workspace can change again.
    add_person(ws, "li-wei", "Li Wei")
    assert len(ws.read(PROSPECTS).prospects) == 2


def test_a_transaction_holds_the_lock_until_it_ends(home: Path) -> None:
    ws = Workspace(home)
    other = FileLock(str(home / ".lock"), timeout=0, mode=0o600)
    with ws.transaction() as tx:
        tx.get(PROSPECTS)
        with pytest.raises(TimeoutError):  # filelock.Timeout is a TimeoutError
            other.acquire()
    other.acquire()
    other.release()


def test_get_after_put_sees_the_change(home: Path) -> None:
    """Two changes to one document in one transaction both land (no stale read)."""
    from datetime import datetime, timezone

    from infoview.rules.people import add_prospect

    ws = Workspace(home)
    now = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)
    with ws.transaction() as tx:
        add_prospect(tx, {"name": "Ana Ruiz"}, now)
        assert [p.id for p in tx.get(PROSPECTS).prospects] == ["ana-ruiz"]
        add_prospect(tx, {"name": "Sam Lee"}, now)
    assert [p.id for p in ws.read(PROSPECTS).prospects] == ["ana-ruiz", "sam-lee"]
