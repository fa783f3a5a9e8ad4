"""The bundled field map's checked JSON copy in the user's cache folder.

The copy only saves time (the YAML parse was most of `questions pick` and `broaden`):
whatever is in it, the map infoview uses is the one the YAML says. The folder comes
from $INFOVIEW_CACHE or the platform's user cache, read where the map is loaded.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from infoview.model.fields import FieldsFile
from infoview.rules import fields
from infoview.store.model_cache import cache_folder


@pytest.fixture(autouse=True)
def fresh_process_cache() -> Iterator[None]:
    fields._bundled_map.cache_clear()  # each test reads as a new process would
    yield
    fields._bundled_map.cache_clear()


def yaml_fields() -> FieldsFile:
    return fields.load_fields_file(fields.bundled_fields_path())


def copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("fields-*.json"))


def test_the_first_read_writes_a_copy_that_reads_back_as_the_yaml(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    first = fields.bundled_fields_file(folder)
    assert first == yaml_fields()
    [copy] = copies(folder)
    assert FieldsFile.model_validate_json(copy.read_bytes()) == first
    assert copy.stat().st_mode & 0o777 == 0o600
    assert fields.bundled_fields_file(folder) == first


def test_the_map_is_read_from_the_copy_in_the_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    monkeypatch.setenv("INFOVIEW_CACHE", str(folder))
    fields.load_field_map()
    [copy] = copies(folder)
    data = json.loads(copy.read_bytes())
    data["fields"][0]["name"] = "Only In The Copy"
    copy.write_text(json.dumps(data), encoding="utf-8")
    fields._bundled_map.cache_clear()
    assert fields.load_field_map().fields[0].name == "Only In The Copy"


def corrupt_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data).encode()[:-20]


def unknown_key(data: dict[str, Any]) -> bytes:
    data["fields"][0]["surprise"] = 1
    return json.dumps(data).encode()


def duplicate_id(data: dict[str, Any]) -> bytes:
    data["fields"].append(data["fields"][0])  # the model may take it; check_fields not
    return json.dumps(data).encode()


def bad_value(data: dict[str, Any]) -> bytes:
    data["schema_version"] = "one"
    return json.dumps(data).encode()


@pytest.mark.parametrize("damage", [corrupt_json, unknown_key, duplicate_id, bad_value])
def test_a_damaged_copy_falls_back_to_the_yaml_and_is_rewritten(
    tmp_path: Path, damage: Any
) -> None:
    folder = tmp_path / "cache"
    good = fields.bundled_fields_file(folder)
    [copy] = copies(folder)
    copy.write_bytes(damage(json.loads(copy.read_bytes())))
    assert fields.bundled_fields_file(folder) == good == yaml_fields()
    assert copies(folder) == [copy]
    assert FieldsFile.model_validate_json(copy.read_bytes()) == good


def test_a_changed_fields_file_gets_a_new_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "fields.yaml"
    shutil.copyfile(fields.bundled_fields_path(), source)
    monkeypatch.setattr(fields, "bundled_fields_path", lambda: source)
    folder = tmp_path / "cache"
    before = fields.bundled_fields_file(folder)
    [old_copy] = copies(folder)
    name = before.fields[0].name
    text = source.read_text(encoding="utf-8").replace(f"name: {name}", "name: Changed Field", 1)
    assert text != source.read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    after = fields.bundled_fields_file(folder)
    assert after.fields[0].name == "Changed Field"
    [new_copy] = copies(folder)
    assert new_copy != old_copy  # the old copy is removed


def test_no_folder_or_an_unwritable_one_is_only_slower(tmp_path: Path) -> None:
    assert fields.bundled_fields_file(None) == yaml_fields()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert fields.bundled_fields_file(blocked / "cache") == yaml_fields()


def test_the_cache_folder_comes_from_the_environment(tmp_path: Path) -> None:
    assert cache_folder({"INFOVIEW_CACHE": str(tmp_path)}) == tmp_path
    assert cache_folder({"INFOVIEW_CACHE": ""}) is None  # no copies
    assert cache_folder({"INFOVIEW_CACHE": "~nosuchuser-infoview/x"}) is None
    assert cache_folder({"HOME": str(tmp_path)}) is not None  # the platform's user cache


def test_commands_say_the_same_with_and_without_the_copy(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("prospect", "add", "Maria Lopez", "--relation", "neighbor", "--field", "social work")
    outputs = []
    for cache in ("", str(tmp_path / "cache"), str(tmp_path / "cache")):  # none, new, read
        monkeypatch.setenv("INFOVIEW_CACHE", cache)
        fields._bundled_map.cache_clear()
        outputs.append(cli("broaden", "nursing", "--json").output)
    assert outputs[0] == outputs[1] == outputs[2]
    assert copies(tmp_path / "cache")
