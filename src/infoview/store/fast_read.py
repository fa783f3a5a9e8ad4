"""The fast read of a workspace file: one pass of pydantic-core over its bytes.

``store/document.decode`` tries it first; None sends a file the step-by-step way.
"""

from __future__ import annotations

import operator
import re
import sys
from collections import deque
from collections.abc import Mapping
from itertools import repeat
from typing import TYPE_CHECKING, Any, get_args, get_origin

if TYPE_CHECKING:
    from pydantic import BaseModel

# --- the fast read: one pass of pydantic-core over the bytes ----------------------
#
# A file at the current version is validated straight from its bytes
# (``model_validate_json``: parsed and checked in Rust), and accepted only where that
# is provably what the step-by-step path (json.loads, then model_validate) gives;
# anything else (an error, an older or newer file, a doubt) goes the step-by-step way,
# so every message, migration and refusal stays as it was. What json.loads refuses and
# the fast parser lets through is guarded: a key given twice in one object (the fast
# parser keeps the last; see :func:`_no_repeated_key`), a schema_version written
# ``1.0`` or ``true`` (``Literal[1]`` takes them; the version must be the plain number).
# BOM, raw control characters, lone surrogates, bad syntax: both refuse.

_JSON_SPACE = b" \t\r\n"  # the whitespace JSON allows between tokens
_VERSION_VALUE = re.compile(rb'"schema_version"[ \t\r\n]*:[ \t\r\n]*([^ \t\r\n,}\]]*)')

# From this size on a loaded document is put out of the cycle collector's reach (gc.freeze:
# its passes after the load would walk every object of it again, generation by generation).
# Small files (every test's) are not worth keeping any garbage cycles of the moment for.
FREEZE_AT = 64 * 1024
# From this size on (about 25,000 people) the memory freed after a load is given back.
TRIM_AT = 16 * 1024 * 1024


_NESTED: dict[type[Any], tuple[str, ...]] = {}
_SLOT = "__pydantic_fields_set__"
_FIELDS_SET = operator.attrgetter(_SLOT)


def _nested(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``model`` whose values may hold JSON objects (models or dicts)."""
    found = _NESTED.get(model)
    if found is not None:  # asked once per object read: the import below only once per model
        return found
    from pydantic import BaseModel

    def holds_objects(annotation: Any) -> bool:
        if isinstance(annotation, type) and issubclass(annotation, (BaseModel, dict)):
            return True
        if get_origin(annotation) in (dict, Mapping):
            return True
        return any(holds_objects(arg) for arg in get_args(annotation))

    found = tuple(
        name for name, field in model.model_fields.items() if holds_objects(field.annotation)
    )
    _NESTED[model] = found
    return found


def _keys(value: Any) -> int:
    """How many keys the JSON objects ``value`` was validated from had, each counted once."""
    count = 0
    pending = [value]  # a stack, not recursion: a file of 100,000 people is 350,000 objects
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            count += len(item)
            pending.extend(item.values())
            continue
        # A model, or a list of them (the people of a file): their fields counted in C
        # when they are all models, then the fields that hold objects put on the stack.
        models = item if isinstance(item, (list, tuple)) else (item,)
        try:
            fields_count = sum(map(len, map(_FIELDS_SET, models)))
        except AttributeError:  # not all models: one by one
            pass
        else:
            count += fields_count
            for kind in set(map(type, models)):
                nested = _nested(kind)
                for model in models if nested else ():
                    if type(model) is kind:
                        fields = _FIELDS_SET(model)
                        pending.extend(getattr(model, n) for n in nested if n in fields)
            continue
        for model in models:
            fields = getattr(model, "__pydantic_fields_set__", None)
            if fields is None:
                if isinstance(model, (dict, list, tuple)):
                    pending.append(model)
                continue
            count += len(fields)
            nested = _nested(type(model))
            if nested:
                pending.extend(getattr(model, n) for n in nested if n in fields)
    return count


def _no_repeated_key(raw: bytes, model: BaseModel) -> bool:
    """True if no object of ``raw`` (valid JSON ``model`` was validated from) has a key twice.

    Every key is a string followed, in the bytes, by ``:`` with at most whitespace
    between; with the whitespace taken out (also inside strings, where it can only
    make more), every key ends in ``":``, and any other ``":`` is text inside a string
    (``\\":`` or ``\\" :-)``). So the keys in the file are at most the ``":`` counted there,
    and if that count equals the distinct keys the model holds, no key was given twice.
    Text with such a ``":`` in it only sends a file the step-by-step way. (Two passes
    in C over the bytes: a regular expression looking for ``"`` + spaces + ``:`` took
    longer than both.)
    """
    return raw.translate(None, _JSON_SPACE).count(b'":') == _keys(model)


def fast_model(doc: Any, raw: bytes, context: dict[str, Any] | None = None) -> Any:
    """The model of ``raw`` if the fast read may be trusted with it; None otherwise.

    ``doc`` is a :class:`store.document.Document` (typed Any: that module imports this).
    """
    if not raw.startswith(b"{"):  # infoview writes none other; leave the rest to json.loads
        return None
    try:
        model = doc.model.model_validate_json(raw, context=context)
    except Exception:  # any doubt: the step-by-step path says what is wrong
        return None
    if "schema_version" not in model.model_fields_set:  # a default must not fake it
        return None
    # The key once (a key in a string would read \"schema_version\"), as the plain number.
    if raw.count(b'"schema_version"') != 1:
        return None
    written = _VERSION_VALUE.match(raw, raw.find(b'"schema_version"'))
    if written is None or written[1] != str(doc.version).encode():
        return None
    if not _no_repeated_key(raw, model):
        return None
    if len(raw) >= FREEZE_AT:
        _share_fields_sets(model)
        if len(raw) >= TRIM_AT:
            _release_free_memory()
    return model


def _release_free_memory() -> None:
    """Give the free pages of the C heap back to the system (glibc's ``malloc_trim``): the
    sets :func:`_share_fields_sets` let go are scattered among the records, and would
    otherwise stay part of the process while the next files are read (at 100,000 people,
    its peak memory goes from 4.8 to 3.9 times the workspace's size). Elsewhere (macOS,
    musl) there is no such call, and nothing is done."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # only for a file this large: its import is a few ms

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the process already has
    except (OSError, AttributeError):
        return
    trim(0)


def _share_fields_sets(envelope: BaseModel) -> None:
    """Let the records of a file that have the same fields set share one set of their
    names (pydantic gives each record its own: 2 KB for 20 fields, twice the rest of a
    person's record, 200 MB at 100,000 people). Only frozen records: pydantic never
    changes a frozen model's set in place (a copy gets a copy of it)."""
    for name in _nested(type(envelope)):
        records = getattr(envelope, name)
        if not isinstance(records, (list, tuple)) or not records:
            continue
        try:
            sets = list(map(_FIELDS_SET, records))
        except AttributeError:  # not records of a model
            continue
        kinds: set[Any] = set(map(type, records))
        if not all(kind.model_config.get("frozen") for kind in kinds):
            continue
        first = sets[0]
        if sets.count(first) == len(sets):  # the usual file: in C, record after record
            deque(map(object.__setattr__, records, repeat(_SLOT), repeat(first)), maxlen=0)
            continue
        last: dict[type[Any], set[str]] = {}
        for record, fields in zip(records, sets, strict=True):
            kind = type(record)
            same = last.get(kind)
            if same is None or fields != same:
                last[kind] = fields
            elif fields is not same:
                object.__setattr__(record, _SLOT, same)  # frozen: no setattr
