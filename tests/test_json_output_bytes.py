"""`--json` output and the files are encoded by pydantic-core, byte for byte what
``json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)`` printed before.

``store.files.json_text`` sorts the keys and hands plain data (dicts with str keys,
lists, str, int, bool, None) to pydantic-core; anything else (floats, tuples, other
keys, objects, lone surrogates, integers too long to print) goes to ``json.dumps`` as
before, with the same result or the same error.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview.model.people import ProspectsFile
from infoview.store.document import encode
from infoview.store.files import json_file, json_text
from tests.helpers import Cli
from tests.strategies import DOCUMENT_STRATEGIES


def old_json(data: Any) -> str:
    """What `Output.json` printed before (without echo's newline)."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)


def old_file(data: Any) -> bytes:
    """What store.document.encode wrote for a model's dump before."""
    return (old_json(data) + "\n").encode()


def outcome(encoder: Any, data: Any) -> tuple[str, str]:
    """("ok", the text) or ("error", the exception's type)."""
    try:
        return "ok", encoder(data)
    except Exception as exc:
        return "error", type(exc).__name__


HOSTILE_STRINGS = [
    "",
    "José García",
    "名前",
    "👩🏽‍⚕️ nurse 🚑",
    "\x00\x01\x08\x09\x0a\x0b\x0c\x0d\x1b\x1f",
    '"quoted" \\ back\\slash /slash',
    "\x7f\x80\x9f\xa0\xad",
    "\u2028\u2029\ufeff\ufffe\uffff",
    "\ud800 lone \udfff",  # lone surrogates: not UTF-8
    "\U0010ffff",
    "x" * 200_000,
    "</script><!--",
]

characters = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None)
strings = st.sampled_from(HOSTILE_STRINGS) | st.text(characters, max_size=40)
leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | strings
)
keys = strings | st.integers() | st.none() | st.booleans() | st.floats(allow_nan=False)
values = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(strings, inner, max_size=5)
        | st.dictionaries(keys, inner, max_size=3)
    ),
    max_leaves=25,
)


@settings(max_examples=120, deadline=None)
@given(data=values)
def test_json_text_is_json_dumps_byte_for_byte(data: Any) -> None:
    assert outcome(json_text, data) == outcome(old_json, data)
    assert outcome(json_file, data) == outcome(old_file, data)


@pytest.mark.parametrize("text", HOSTILE_STRINGS)
def test_each_hostile_string_the_same(text: str) -> None:
    data = {"b": [text, {"z": text, "a": None}], "a": text, text: 1}
    assert outcome(json_text, data) == outcome(old_json, data)
    assert outcome(json_file, data) == outcome(old_file, data)


@pytest.mark.parametrize(
    "data",
    [
        {"when": datetime(2026, 11, 24, 10, tzinfo=timezone(timedelta(hours=-5)))},
        {"tags": {"a", "b"}},
        {"n": 10**5000},  # more digits than Python prints
        {"n": [1.0, 1e16, 1e-7, float("nan"), float("inf"), -0.0]},
        {1: "one", "1": "also one"},
        {"tuple": (1, "two", None)},
    ],
    ids=["datetime", "set", "huge-int", "floats", "int-keys", "tuple"],
)
def test_what_json_dumps_refuses_or_prints_its_own_way_goes_through_it(data: Any) -> None:
    assert outcome(json_text, data) == outcome(old_json, data)
    assert outcome(json_file, data) == outcome(old_file, data)


def test_the_fast_path_is_taken_for_plain_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain data never reaches json.dumps (else the speed-up is gone unnoticed)."""

    def refuse(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("json.dumps was used")

    monkeypatch.setattr(json, "dumps", refuse)  # the module infoview.store.files uses
    assert json_text({"b": [1, True, None, "é"], "a": {}}) == (
        '{\n  "a": {},\n  "b": [\n    1,\n    true,\n    null,\n    "é"\n  ]\n}'
    )


@settings(max_examples=60, deadline=None)
@given(file=DOCUMENT_STRATEGIES["prospects.json"])
def test_model_dumps_with_offsets_and_any_text_the_same(file: ProspectsFile) -> None:
    """What `prospect list --json` prints: the people's model dumps (datetimes with
    their offsets, names and notes in any script) as a list."""
    data = [p.model_dump(mode="json") for p in file.prospects]
    assert json_text(data) == old_json(data)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)  # the fixtures keep nothing between examples: each gets a folder of its own
@given(file=DOCUMENT_STRATEGIES["prospects.json"])
def test_prospect_list_json_prints_what_json_dumps_printed(
    file: ProspectsFile, cli: Cli, tmp_path_factory: pytest.TempPathFactory
) -> None:
    home = tmp_path_factory.mktemp("list-json")
    (home / "prospects.json").write_bytes(encode(file))
    result = cli("--home", str(home), "prospect", "list", "--json")
    assert result.stdout == old_json(json.loads(result.stdout)) + "\n"
    assert len(json.loads(result.stdout)) == len(file.prospects)


def test_the_full_workspace_json_outputs_are_json_dumps(full_workspace: Path, cli: Cli) -> None:
    for args in (
        ["prospect", "list", "--json"],
        ["prospect", "show", "maria", "--json"],
        ["next", "--json"],
        ["thanks", "--json"],
        ["profile", "show", "--json"],
    ):
        out = cli("--home", str(full_workspace), *args).stdout
        assert out == old_json(json.loads(out)) + "\n", args
