"""The bundled question bank's checked JSON copy in the user's cache folder.

The copy only saves time: whatever is in it, the bank infoview uses is the one the
YAML says, and a bank the student names (--bank) is never read through it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from infoview.model.questions import BankFile
from infoview.rules import bank
from infoview.store.model_cache import cached_model


@pytest.fixture(autouse=True)
def fresh_process_cache() -> Iterator[None]:
    bank._cached_bank_file.cache_clear()  # each test reads as a new process would
    yield
    bank._cached_bank_file.cache_clear()


def yaml_bank() -> BankFile:
    return bank.load_bank_file(bank.bundled_bank_path())


def copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("questions-*.json"))


def test_the_first_read_writes_a_copy_that_reads_back_as_the_yaml(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    first = bank.parsed_bank_file(bank.bundled_bank_path(), folder)
    assert first == yaml_bank()
    [copy] = copies(folder)
    assert BankFile.model_validate_json(copy.read_bytes()) == first
    assert copy.stat().st_mode & 0o777 == 0o600
    bank._cached_bank_file.cache_clear()
    assert bank.parsed_bank_file(bank.bundled_bank_path(), folder) == first


def test_the_copy_is_what_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    bank.parsed_bank_file(bank.bundled_bank_path(), folder)
    [copy] = copies(folder)
    data = json.loads(copy.read_bytes())
    data["questions"][0]["text"] = "A question only the copy has?"
    copy.write_text(json.dumps(data), encoding="utf-8")
    bank._cached_bank_file.cache_clear()
    read = bank.parsed_bank_file(bank.bundled_bank_path(), folder)
    assert read.questions[0].text == "A question only the copy has?"


def corrupt_json(data: dict[str, Any]) -> bytes:
    return json.dumps(data).encode()[:-20]


def unknown_key(data: dict[str, Any]) -> bytes:
    data["questions"][0]["surprise"] = 1
    return json.dumps(data).encode()


def duplicate_id(data: dict[str, Any]) -> bytes:
    data["questions"].append(data["questions"][0])  # the model takes it; the cross-check not
    return json.dumps(data).encode()


def bad_value(data: dict[str, Any]) -> bytes:
    data["schema_version"] = "one"
    return json.dumps(data).encode()


@pytest.mark.parametrize("damage", [corrupt_json, unknown_key, duplicate_id, bad_value])
def test_a_damaged_copy_falls_back_to_the_yaml_and_is_rewritten(
    tmp_path: Path, damage: Any
) -> None:
    folder = tmp_path / "cache"
    good = bank.parsed_bank_file(bank.bundled_bank_path(), folder)
    [copy] = copies(folder)
    copy.write_bytes(damage(json.loads(copy.read_bytes())))
    bank._cached_bank_file.cache_clear()
    assert bank.parsed_bank_file(bank.bundled_bank_path(), folder) == good == yaml_bank()
    assert copies(folder) == [copy]
    assert BankFile.model_validate_json(copy.read_bytes()) == good


def test_a_changed_bank_file_gets_a_new_copy(tmp_path: Path) -> None:
    source = tmp_path / "questions.yaml"
    shutil.copyfile(bank.bundled_bank_path(), source)
    folder = tmp_path / "cache"

    def read() -> BankFile:
        return cached_model(source, BankFile, bank.load_bank_file, lambda b: True, folder, "1.0")

    before = read()
    [old_copy] = copies(folder)
    first = before.questions[0]
    text = source.read_text(encoding="utf-8").replace(first.text, "What changed in your job?", 1)
    source.write_text(text, encoding="utf-8")
    after = read()
    assert after.questions[0].text == "What changed in your job?"
    [new_copy] = copies(folder)
    assert new_copy != old_copy  # the old copy is removed
    # Another infoview version never reads this one's copy either.
    cached_model(source, BankFile, bank.load_bank_file, lambda b: True, folder, "2.0")
    assert new_copy not in copies(folder)


def test_a_bank_the_student_names_is_never_cached(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    shutil.copyfile(bank.bundled_bank_path(), mine)
    folder = tmp_path / "cache"
    loaded = bank.load_bank(mine, (), folder)
    assert loaded.path == mine
    assert not folder.exists()


def test_no_folder_or_an_unwritable_one_is_only_slower(tmp_path: Path) -> None:
    assert bank.parsed_bank_file(bank.bundled_bank_path(), None) == yaml_bank()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    bank._cached_bank_file.cache_clear()
    assert bank.parsed_bank_file(bank.bundled_bank_path(), blocked / "cache") == yaml_bank()


def test_commands_say_the_same_with_and_without_the_copy(
    cli: Any, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("prospect", "add", "Maria Lopez", "--relation", "neighbor", "--field", "social work")
    outputs = []
    for cache in ("", str(tmp_path / "cache"), str(tmp_path / "cache")):  # none, new, read
        monkeypatch.setenv("INFOVIEW_CACHE", cache)
        bank._cached_bank_file.cache_clear()
        outputs.append(cli("questions", "list", "--json").output)
    assert outputs[0] == outputs[1] == outputs[2]
    assert copies(tmp_path / "cache")
