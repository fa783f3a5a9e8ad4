"""The fast read (one ``model_validate_json`` of a file's bytes) against the step-by-step one.

For every document of the workspace, mutated in hostile ways (keys given twice, a
schema_version of 1.0 or true or missing, NaN, huge numbers, lone surrogates, a BOM,
bytes that are not UTF-8, numbers as strings, spaces before colons, unknown keys...), the
fast path either gives exactly the model the step-by-step path gives, or declines; and
``decode`` as a whole answers exactly what the step-by-step path alone answers: the same
model, or the same message.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from infoview.model.errors import DataError
from infoview.store import document, fast_read
from infoview.store.document import Document, decode, encode
from infoview.store.registry import ALL_DOCUMENTS

DOCS = {doc.filename: doc for doc in ALL_DOCUMENTS}


class Obj(list[list[Any]]):
    """A JSON object as its list of [key, value] pairs, so that a key can appear twice."""


class Raw(str):
    """A JSON token written as it is (NaN, a 5,000-digit number, "\\ud800"...)."""


def pairs(raw: bytes) -> Any:
    return json.loads(raw, object_pairs_hook=lambda found: Obj([list(p) for p in found]))


def dump(value: Any, colon: str, comma: str, ascii_only: bool) -> str:
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, Obj):
        items = (
            json.dumps(k, ensure_ascii=ascii_only) + colon + dump(v, colon, comma, ascii_only)
            for k, v in value
        )
        return "{" + comma.join(items) + "}"
    if isinstance(value, list):
        return "[" + comma.join(dump(v, colon, comma, ascii_only) for v in value) + "]"
    return json.dumps(value, ensure_ascii=ascii_only)


def places(value: Any, found: list[Any]) -> list[Any]:
    """Every object and array in ``value``, outermost first."""
    if isinstance(value, list):
        found.append(value)
        for item in value:
            places(item[1] if isinstance(value, Obj) else item, found)
    return found


HOSTILE = [
    Raw("NaN"),
    Raw("Infinity"),
    Raw("-Infinity"),
    Raw("1" * 4301),
    Raw("9" * 5000),
    Raw("1e400"),
    Raw("1.0"),
    Raw("2.0"),
    Raw("1e0"),
    Raw("-0"),
    Raw("true"),
    Raw("false"),
    Raw("null"),
    Raw('"\\ud800"'),
    Raw('"a\\udc00b"'),
    Raw('"\\ud83d\\ude00"'),
    Raw('"\\u0000"'),
    Raw('"x\\": 1"'),
    Raw('":-)"'),
    "1",
    "2",
    "3",
    "",
    " ",
    "  padded  text  ",
    "a, b, A",
    "\u00a0nbsp\u2003",
    "e\u0301",
    "maria-lopez",
    "2026-11-24T10:00:00+00:00",
    "2026-11-24",
    "2026-11-24T10:00:00",
    "bob@example.org",
    "Bob <bob@example.org>",
    "bad@",
    "+1 (555) 123-4567 x12",
    "linkedin.com/in/x",
    "https://www.linkedin.com/in/x",
    0,
    1,
    2,
    3,
    -1,
    90,
    [],
    Obj(),
    ["a", "a"],
]
KEYS = ["schema_version", "id", "name", "person", "state", "fields", "tags", "email", "zz"]
SPACES = ["", " ", "\n", "\t", "\r\n", "\x0c", "\x0b", "\u00a0"]


@st.composite
def hostile_bytes(draw: st.DrawFn, seeds: dict[str, bytes]) -> tuple[Document[Any], bytes]:
    name = draw(st.sampled_from(sorted(seeds)))
    data = pairs(seeds[name])
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.sampled_from(places(data, [])))
        value = copy.deepcopy(draw(st.sampled_from(HOSTILE) | st.text(max_size=8)))
        kind = draw(st.sampled_from(["set", "twice", "drop", "add", "version"]))
        if isinstance(where, Obj) and where and kind in ("set", "twice", "drop"):
            index = draw(st.integers(0, len(where) - 1))
            if kind == "set":
                where[index][1] = value
            elif kind == "twice":
                same = draw(st.booleans())
                where.insert(
                    draw(st.integers(0, len(where))),
                    [where[index][0], where[index][1] if same else value],
                )
            else:
                del where[index]
        elif isinstance(where, Obj):
            key = draw(st.sampled_from(KEYS) | st.text(max_size=4))
            where.insert(draw(st.integers(0, len(where))), [key, value])
        elif where and kind == "set":
            where[draw(st.integers(0, len(where) - 1))] = value
        elif kind == "version":
            data[:] = [pair for pair in data if pair[0] != "schema_version"]
            if draw(st.booleans()):
                data.append(["schema_version", value])
    before = draw(st.sampled_from([""] * 6 + SPACES))  # mostly as infoview writes it
    after = draw(st.sampled_from(SPACES))
    colon = before + ":" + after
    comma = "," + draw(st.sampled_from(SPACES))
    text = dump(data, colon, comma, draw(st.booleans()))
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 3)) == 0:  # a few bytes of damage
        for _ in range(draw(st.integers(1, 3))):
            at = draw(st.integers(0, len(raw)))
            junk = draw(st.sampled_from([b"\xff", b"\xef\xbb\xbf", b'"', b":", b"\\", b",", b"}"]))
            cut = draw(st.integers(0, 1))
            raw = raw[:at] + junk + raw[at + cut :]
    return DOCS[name], raw


def outcome(doc: Document[Any], raw: bytes, path: Path) -> tuple[str, Any, int | None]:
    try:
        model, version = decode(doc, raw, path)
    except DataError as exc:
        return "refused", (str(exc), exc.hint), None
    return "read", model, version


def step_by_step(doc: Document[Any], raw: bytes, path: Path) -> tuple[str, Any, int | None]:
    with mock.patch.object(document, "_fast", lambda *args: None):
        return outcome(doc, raw, path)


def same_model(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b and repr(a) == repr(b) and encode(a) == encode(b)


@pytest.fixture(scope="module")
def seeds(full_workspace: Path) -> dict[str, bytes]:
    found = {doc.filename: (full_workspace / doc.filename).read_bytes() for doc in ALL_DOCUMENTS}
    for name, raw in found.items():  # the seeds themselves take the fast path
        assert fast_read.fast_model(DOCS[name], raw) is not None, name
    return found


def test_every_seed_reads_the_same_both_ways(seeds: dict[str, bytes], tmp_path: Path) -> None:
    for name, raw in seeds.items():
        fast = outcome(DOCS[name], raw, tmp_path / name)
        slow = step_by_step(DOCS[name], raw, tmp_path / name)
        assert fast[0] == slow[0] == "read"
        assert same_model(fast[1], slow[1]) and fast[2] == slow[2]


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_fast_read_never_differs(
    seeds: dict[str, bytes], tmp_path: Path, data: st.DataObject
) -> None:
    doc, raw = data.draw(hostile_bytes(seeds))
    path = tmp_path / doc.filename
    slow = step_by_step(doc, raw, path)
    fast_model = fast_read.fast_model(doc, raw)
    if fast_model is not None:  # taken: the old path reads the same model
        assert slow[0] == "read", (raw, slow)
        assert same_model(fast_model, slow[1])
    event("fast" if fast_model is not None else f"declined, {slow[0]}")
    whole = outcome(doc, raw, path)
    assert whole[0] == slow[0]
    if whole[0] == "read":
        assert same_model(whole[1], slow[1]) and whole[2] == slow[2]
    else:
        assert whole[1] == slow[1]


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda raw: raw.replace(b'"schema_version": 1', b'"schema_version": 1.0'), "1.0"),
        (lambda raw: raw.replace(b'"schema_version": 1', b'"schema_version": true'), "true"),
        (lambda raw: raw.replace(b',\n  "schema_version": 1\n', b"\n"), "missing"),
        (lambda raw: raw.replace(b'"name": ', b'"name": "Maria Lopez", "name": ', 1), "twice"),
    ],
)
def test_what_the_fast_parser_would_let_through_is_declined(
    seeds: dict[str, bytes], tmp_path: Path, change: Any, why: str
) -> None:
    raw = change(seeds["prospects.json"])
    assert raw != seeds["prospects.json"], why
    assert fast_read.fast_model(DOCS["prospects.json"], raw) is None
    assert outcome(DOCS["prospects.json"], raw, tmp_path / "p.json")[0] == "refused"


def test_the_records_of_a_large_file_share_one_set_of_their_field_names(tmp_path: Path) -> None:
    from infoview.model.people import STORED, ProspectsFile
    from tests.helpers import prospect_dict

    people = [prospect_dict(f"p{n}", f"Person {n}", notes="x" * 80) for n in range(600)]
    people[5] = prospect_dict("p5", "Person 5", notes="x" * 80, email="p5@example.org")
    raw = encode(ProspectsFile.model_validate({"prospects": people}, context=STORED))
    assert len(raw) >= fast_read.FREEZE_AT

    read = decode(DOCS["prospects.json"], raw, tmp_path / "prospects.json")[0].prospects
    assert read[0].model_fields_set is read[599].model_fields_set
    assert read[5].model_fields_set == read[0].model_fields_set  # every field is written
    changed = read[1].model_copy(update={"role": "Nurse"})  # a copy has its own set
    assert changed.model_fields_set is not read[0].model_fields_set
    assert changed.role == "Nurse" and read[0].role == ""
    assert read == ProspectsFile.model_validate_json(raw, context=STORED).prospects
    with pytest.raises(ValueError, match="frozen"):
        read[0].role = "Nurse"


def test_the_memory_freed_after_a_very_large_load_is_given_back(tmp_path: Path) -> None:
    raw = b'{"schema_version": 1, "prospects": []}' + b" " * fast_read.TRIM_AT
    with mock.patch.object(fast_read, "_release_free_memory") as release:
        decode(DOCS["prospects.json"], raw, tmp_path / "prospects.json")
    release.assert_called_once_with()
    fast_read._release_free_memory()  # and calling it does no harm
