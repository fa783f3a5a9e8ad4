"""Upgrading real files: the workspace infoview 0.1.0 wrote (schema 1 of every document,
tests/data/v1) reads as the current schema with nothing lost (schema 2 of interviews,
outreach, contacts and settings), the first change writes it and keeps each original in
backups/, and a file from a newer infoview (schema 3) is refused with exit 3, untouched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from infoview.store.registry import ALL_DOCUMENTS, DOCUMENTS_BY_NAME
from infoview.store.workspace import Workspace
from tests.helpers import Cli, read_json, snapshot

V1 = Path(__file__).parent / "data" / "v1" / "workspace"


@pytest.fixture
def v1(home: Path) -> Path:
    shutil.copytree(V1, home)
    home.chmod(0o700)  # private, as infoview keeps a workspace (doctor checks)
    for path in home.iterdir():
        path.chmod(0o600)
    return home


def kept(value: Any) -> bool:
    """Whether a schema-1 value says something (its empty fields carry nothing to keep)."""
    return value not in (None, "", [], {})


def same_value(old: Any, new: Any) -> bool:
    """A schema-1 value and its upgraded form as written (JSON): equal wherever the old
    one said something."""
    if isinstance(old, dict) and isinstance(new, dict):
        return all(same_value(v, new.get(k)) for k, v in old.items() if kept(v))
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(same_value(a, b) for a, b in zip(old, new, strict=True))
    return bool(old == new)


@pytest.mark.parametrize("filename", sorted(p.name for p in V1.glob("*.json")))
def test_every_version_1_file_reads_as_version_2_with_nothing_lost(v1: Path, filename: str) -> None:
    doc = DOCUMENTS_BY_NAME[filename]
    raw = read_json(V1 / filename)
    assert raw["schema_version"] == 1
    upgraded = Workspace(v1).read(doc).model_dump(mode="json")
    for key, value in raw.items():
        if key != "schema_version" and kept(value):
            assert same_value(value, upgraded[key]), (filename, key)
    assert (v1 / filename).read_bytes() == (V1 / filename).read_bytes()  # reading writes nothing


def test_each_interview_keeps_the_fields_of_its_state(v1: Path) -> None:
    stored = {i["id"]: i for i in read_json(V1 / "interviews.json")["interviews"]}
    states = {i["id"]: i["state"] for i in stored.values()}
    assert sorted(states.values()) == ["cancelled", "held", "held", "scheduled"]
    file = Workspace(v1).read(DOCUMENTS_BY_NAME["interviews.json"])
    for interview in file.interviews:
        old = stored[interview.id]
        assert interview.state == old["state"]
        dumped = interview.model_dump(mode="json")
        for key, value in old.items():
            if key in dumped:
                assert same_value(value, dumped[key]) or not kept(value), key
            else:  # a field the state does not have was empty in version 1
                assert not kept(value), (interview.id, key, value)


def test_the_commands_read_an_old_workspace_and_the_first_change_upgrades_it(
    cli: Cli, v1: Path
) -> None:
    # Read: the story is whole, and nothing is written.
    before = snapshot(v1)
    story = json.loads(cli("prospect", "show", "maria", "--json").stdout)
    assert story["stage"] == "thanked"
    assert story["interviews"][0]["interest"] == 4
    assert "amy-chen" in [p["id"] for p in story["referred"]]
    for command in (["next"], ["thanks"], ["report"], ["interview", "list"]):
        cli(*command, "--json")
    assert snapshot(v1) == before
    # `outreach list` stores a stopped clock: Dev had one follow-up, seven business days
    # ago and more, unanswered (one follow-up, the rule): he becomes no-response.
    listed = cli("outreach", "list", "--json")
    assert "Dev Patel" in listed.stderr
    assert "marked no-response" in listed.stderr
    people = {p["id"]: p for p in read_json(v1 / "prospects.json")["prospects"]}
    assert people["dev-patel"]["status"] == "no-response"
    before = snapshot(v1)
    cli("outreach", "list", "--json")
    assert snapshot(v1) == before  # once stored, listing again writes nothing

    # Write: a file the change touches is upgraded, its original kept for good.
    cli("touch", "maria", "--note", "Sent the article")
    assert read_json(v1 / "contacts.json")["schema_version"] == 2
    original = (V1 / "contacts.json").read_bytes()
    assert (v1 / "backups" / "contacts.schema1.json").read_bytes() == original
    assert read_json(v1 / "interviews.json")["schema_version"] == 1  # untouched until changed
    assert "All is well." in cli("doctor").stdout


def test_every_document_upgrades_on_its_first_write(v1: Path) -> None:
    ws = Workspace(v1)
    for doc in ALL_DOCUMENTS:
        with ws.transaction() as tx:
            tx.put(doc, tx.get(doc))
    for doc in ALL_DOCUMENTS:
        assert read_json(v1 / doc.filename)["schema_version"] == doc.version
        original = (V1 / doc.filename).read_bytes()
        stem = doc.filename.removesuffix(".json")
        if read_json(V1 / doc.filename)["schema_version"] < doc.version:
            assert (v1 / "backups" / f"{stem}.schema1.json").read_bytes() == original
    # Upgraded, the files read back to the same models.
    again = Workspace(v1)
    for doc in ALL_DOCUMENTS:
        assert again.read(doc) == Workspace(V1).read(doc)


@pytest.mark.parametrize(
    ("filename", "records", "command"),
    [
        ("interviews.json", "interviews", ["interview", "log", "maria", "--on", "today"]),
        ("outreach.json", "records", ["outreach", "sent", "maria"]),
        ("contacts.json", "contacts", ["touch", "maria"]),
    ],
)
def test_a_version_3_file_is_refused_with_exit_3_and_left_alone(
    cli: Cli, home: Path, filename: str, records: str, command: list[str]
) -> None:
    cli("prospect", "add", "Maria Lopez")
    newer = {"schema_version": 3, records: []}
    (home / filename).write_text(json.dumps(newer), encoding="utf-8")
    before = snapshot(home)
    for args in (["next"], ["prospect", "show", "maria"], command):
        result = cli(*args, expect=3)
        assert "written by a newer infoview (schema 3" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(home) == before
