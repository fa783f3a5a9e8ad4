"""Models completed from stored schemas (model/prebuilt.py, store/schema_cache.py) behave
exactly as models whose schema pydantic has just generated."""

from __future__ import annotations

import functools
import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import infoview.model
from infoview.model import prebuilt
from infoview.model.people import ProspectsFile
from infoview.store.schema_cache import SchemaShelf
from tests.helpers import TIMEOUT, environ

ROOT = Path(__file__).resolve().parents[1]


def _models() -> list[type[prebuilt.Prebuilt]]:
    for info in pkgutil.iter_modules(infoview.model.__path__):
        importlib.import_module(f"infoview.model.{info.name}")
    found: list[type[prebuilt.Prebuilt]] = []
    pending = [prebuilt.Prebuilt]
    while pending:
        for sub in pending.pop().__subclasses__():
            if sub.__module__.startswith("infoview.model") and sub not in found:
                found.append(sub)
                pending.append(sub)
    return sorted(found, key=lambda m: m.__qualname__)


MODELS = _models()


def comparable(value: Any) -> Any:
    """A schema as it validates: no metadata (JSON Schema hints), references without the
    suffix of stored ones, a partial as what it calls with what."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "metadata" and isinstance(value.get("type"), str):
                continue
            if key in ("ref", "schema_ref") and isinstance(item, str):
                item = item.removesuffix(prebuilt.REF_SUFFIX)
            out[key] = comparable(item)
        return out
    if isinstance(value, (list, tuple)):
        return type(value)(comparable(item) for item in value)
    if isinstance(value, functools.partial):
        return ("partial", value.func, comparable(value.args), comparable(value.keywords))
    return value


def test_the_models_are_all_found() -> None:
    names = {m.__qualname__ for m in MODELS}
    assert {"ProspectsFile", "Prospect", "InterviewsFile", "BankFile", "FieldsFile"} <= names


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__qualname__)
def test_every_schema_can_be_stored_and_reads_back_as_generated(
    model: type[prebuilt.Prebuilt],
) -> None:
    model.model_rebuild()
    schema = model.__pydantic_core_schema__
    text = prebuilt.encode(schema)
    assert text is not None, f"{model.__qualname__}'s schema names a lambda or a closure"
    assert comparable(prebuilt.decode(text)) == comparable(schema)
    assert prebuilt.encode(prebuilt.decode(text)) is not None
    assert prebuilt._model_class(prebuilt.decode(text)) is model  # so install() takes it


@pytest.mark.parametrize(
    "value",
    [lambda v: v, functools.partial(lambda v: v), object(), {1: "a"}, {"$ref": "x"}, json.loads],
    ids=["lambda", "partial of a lambda", "object", "int key", "reserved key", "other package"],
)
def test_a_schema_that_cannot_be_named_again_is_not_stored(value: Any) -> None:
    assert prebuilt.encode({"type": "any", "x": [value]}) is None


@pytest.mark.parametrize(
    "text",
    [
        '{"$ref": ["os", "system"]}',  # only infoview.model is ever looked up
        '{"$ref": ["infoview.model.people", "<lambda>"]}',
        '{"$member": ["infoview.model.people", "Prospect", "x"]}',
        '{"$partial": [["infoview.model.text", "clean_line"], {}, []]}',
        '{"$what": 1}',
        "[1,",
    ],
)
def test_a_stored_schema_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises((ValueError, TypeError, AttributeError, KeyError)):
        prebuilt.decode(text)


def test_a_schema_is_not_installed_on_another_model() -> None:
    ProspectsFile.model_rebuild()
    text = prebuilt.encode(ProspectsFile.__pydantic_core_schema__)
    assert text is not None

    class Other(prebuilt.Prebuilt):
        x: int = 0

    assert not prebuilt.install(Other, text)
    assert not prebuilt.install(Other, "not json")
    assert Other(x=2).x == 2  # built the usual way


def test_the_shelf_refuses_a_copy_altered_or_cut_short(tmp_path: Path) -> None:
    shelf = SchemaShelf(tmp_path)
    shelf.put(ProspectsFile, '{"type": "any"}')
    assert shelf.get(ProspectsFile) == '{"type": "any"}'
    path = shelf.path(ProspectsFile)
    data = path.read_bytes()
    path.write_bytes(data.replace(b"any", b"int"))
    assert shelf.get(ProspectsFile) is None
    path.write_bytes(data[:-3])
    assert shelf.get(ProspectsFile) is None
    path.write_bytes(b"")
    assert shelf.get(ProspectsFile) is None
    shelf.put(ProspectsFile, '{"type": "int"}')  # written again, one copy per model
    assert shelf.get(ProspectsFile) == '{"type": "int"}'
    assert [p.name for p in shelf.folder.iterdir()] == [path.name]


def test_a_cache_folder_that_cannot_be_written_only_means_no_copy(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    shelf = SchemaShelf(blocked)
    shelf.put(ProspectsFile, '{"type": "any"}')  # no error
    assert shelf.get(ProspectsFile) is None


def test_without_the_model_sources_nothing_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "model").mkdir()
    monkeypatch.setattr(prebuilt, "__file__", str(tmp_path / "model" / "prebuilt.pyc"))
    shelf = SchemaShelf(tmp_path / "cache")
    shelf.put(ProspectsFile, '{"type": "any"}')
    assert shelf.get(ProspectsFile) is None
    assert not (tmp_path / "cache").exists()


def test_the_copy_changes_name_with_the_model_code(tmp_path: Path) -> None:
    shelf, other = SchemaShelf(tmp_path), SchemaShelf(tmp_path)
    other._code = "another version of infoview.model"
    assert shelf.path(ProspectsFile) != other.path(ProspectsFile)
    assert shelf.path(ProspectsFile).name.startswith("infoview.model.people.ProspectsFile-")


# --- the same answers, cold and warm, in real processes ---------------------------------

# Runs commands in a process of its own, with the cache folder given: at the first run
# every schema is generated (and stored), at the second every one is read back.
SCRIPT = """
import json, shutil, sys, tempfile
from pathlib import Path

sys.path.insert(0, sys.argv[1])
from tests.helpers import Cli, Clock
from infoview.model import prebuilt

home = Path(tempfile.mkdtemp()) / "home"
shutil.copytree(sys.argv[2], home)
import os
os.environ["INFOVIEW_HOME"] = str(home)
cli = Cli(Clock())
said = []
def models():
    pending = [prebuilt.Prebuilt]
    while pending:
        for model in pending.pop().__subclasses__():
            pending.append(model)
            yield model

for args in json.loads(sys.argv[3]):
    if args[0] == "!complete":  # these models completed first, before any file's
        import infoview.model.contacts, infoview.model.interviews, infoview.model.outreach
        import infoview.model.plans
        from infoview.store.schema_cache import use_cache_folder
        use_cache_folder()  # as a command does first
        for model in models():
            if model.__qualname__ in args[1:]:
                model.model_rebuild()
        continue
    if args[0] == "!hand-edit":
        path = home / "prospects.json"
        path.write_text(path.read_text("utf-8").replace(args[1], args[2]), "utf-8")
        continue
    result = cli(*args, expect=None)
    out, err = (text.replace(str(home), "$HOME") for text in (result.stdout, result.stderr))
    if args == ["doctor"]:  # its backups' times are the computer's: only what it warns of
        out = "".join(line for line in out.splitlines(True) if line.startswith("warning"))
    said.append([args, result.exit_code, out, err])
stored, pending = [], [prebuilt.Prebuilt]
while pending:
    for model in pending.pop().__subclasses__():
        pending.append(model)
        schema = model.__dict__.get("__pydantic_core_schema__")
        if not model.__pydantic_complete__:
            continue
        own, refs = schema, []
        while True:  # down to its model, in definitions or wrapped by its validators
            refs.append(own.get("ref", ""))
            if own["type"] == "model":
                break
            own = own["schema"]
        if any(ref.endswith(prebuilt.REF_SUFFIX) for ref in refs):  # its own, not one it holds
            stored.append(model.__qualname__)
print(json.dumps({"said": said, "stored": sorted(set(stored))}))
"""

COMMANDS = [
    ["next"],
    ["next", "--json"],
    ["prospect", "list", "--json"],
    ["prospect", "show", "maria", "--json"],
    ["thanks"],
    ["questions", "pick", "sam", "--seed", "1", "--no-save", "--json"],
    ["interview", "show", "maria", "--json"],
    ["report", "--json"],
    ["prospect", "add", "Noor Haddad", "--email", "noor@example.invalid"],  # full check
    ["prospect", "add", "Noor Haddad", "--email", "Noor@Example.org", "--tag", "a,b,A"],
    ["prospect", "edit", "noor", "--cadence", "60d", "--linkedin", "linkedin.com/in/noor"],
    ["prospect", "show", "noor", "--json"],
    ["!hand-edit", '"cadence_days": 60', '"cadence_days": 61'],  # not a cadence
    ["prospect", "list"],
    ["!hand-edit", '"cadence_days": 61', '"cadence_days": 60.0'],  # read as 60
    ["!hand-edit", '"Noor@example.org"', '"  "'],  # blank: no address
    ["!hand-edit", '"phone": null', '"phone": ""'],
    ["prospect", "show", "noor", "--json"],
    ["!hand-edit", '"email": null', '"email": "noor@example.invalid"'],  # loads; doctor warns
    ["doctor"],
    ["!hand-edit", '"noor@example.invalid"', '"noor at home"'],  # not an address: damaged
    ["prospect", "list"],
]


def _run(template: Path, cache: Path, first: tuple[list[str], ...] = ()) -> dict[str, Any]:
    commands = json.dumps([*first, *COMMANDS])
    args = [sys.executable, "-c", SCRIPT, str(ROOT), str(template), commands]
    env = environ(template, INFOVIEW_CACHE=str(cache))
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_commands_say_the_same_with_schemas_generated_or_read_back(
    full_workspace: Path, tmp_path: Path
) -> None:
    template, cache = full_workspace, tmp_path / "cache"

    records = ["Prospect", "Scheduled", "Cancelled", "Held", "OutreachRecord", "Contact", "Plan"]
    cold = _run(template, cache, (["!complete", *records],))  # each record's schema stored
    assert cold["stored"] == []
    names = {p.name.rsplit("-", 1)[0] for p in (cache / "schemas").iterdir()}
    people, interviews = "infoview.model.people", "infoview.model.interviews"
    assert {
        f"{people}.ProspectsFile",
        f"{people}.Prospect",
        f"{interviews}.InterviewsFile",
    } <= names

    warm = _run(template, cache)
    assert {"ProspectsFile", "InterviewsFile", "OutreachFile", "Prospect"} <= set(warm["stored"])
    for before, after in zip(cold["said"], warm["said"], strict=True):
        assert after == before

    # The files' schemas generated again around the records' read back (copies lost).
    for copy in (cache / "schemas").glob("*File-*.json"):
        copy.unlink()
    mixed = _run(template, cache, (["!complete", *records],))
    assert set(records) <= set(mixed["stored"])
    assert "ProspectsFile" not in mixed["stored"] and "InterviewsFile" not in mixed["stored"]
    assert mixed["said"] == cold["said"]
    said = {i: (code, out, err) for i, (_, code, out, err) in enumerate(warm["said"])}
    assert said[8][0] == 1 and "reserved name" in said[8][2]  # refused as it entered
    noor = json.loads(said[11][1])
    assert (noor["email"], noor["tags"], noor["cadence_days"]) == (
        "Noor@example.org",
        ["a", "b"],
        60,
    )
    assert noor["linkedin"] == "https://linkedin.com/in/noor"
    assert said[12][0] == 3 and "cadence must be one of" in said[12][2]
    noor = json.loads(said[13][1])
    assert (noor["email"], noor["phone"], noor["cadence_days"]) == (None, None, 60)
    assert said[14][0] == 1 and "special-use or reserved name" in said[14][1]
    assert said[15][0] == 3 and "it should have one @" in said[15][2]
