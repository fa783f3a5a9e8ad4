"""infoview's own JSON: the prospect list as stored, written out and read back.

Writing gives ``{"schema_version": 1, "prospects": [...]}``, byte for byte the
shape of ``prospects.json``, so it reads back with the same model. Reading takes
that envelope or a bare list of people; a key infoview does not know is
reported, not imported. The stored fields an import can keep (``id``,
``status``, ``cadence_days``, ``referred_by``, ``created_at``, ``updated_at``)
are handed on as found, in :attr:`Incoming.stored`; the importer decides what
they become.

JSON nested too deep for Python's parser, or holding a number of more digits
than Python converts, is refused as invalid JSON, never a crash.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from infoview.formats.incoming import (
    NO_NAME,
    Incoming,
    Parsed,
    priority_value,
    relation_value,
    split_list,
    unique,
)
from infoview.model.errors import InvalidInput
from infoview.model.people import Prospect, ProspectsFile
from infoview.store.document import encode

_JSON_KEYS = frozenset(
    {"name", "role", "organization", "fields", "relation", "email", "phone", "linkedin"}
    | {"tags", "notes", "priority", "address_as", "how_found", "school"}
)
_JSON_STORED = frozenset(
    {"id", "status", "cadence_days", "created_at", "updated_at", "referred_by"}
)

# --- reading ----------------------------------------------------------------------


def _json_text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{key} is not text")
    return value.strip()


def _json_list(item: dict[str, Any], key: str) -> list[str]:
    value = item.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return split_list(value)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key} is not a list of text")
    return unique(value)


def load_json(text: str) -> Any:
    """The JSON value of ``text``; InvalidInput for anything Python's parser refuses."""
    try:
        return json.loads(text.lstrip("\ufeff"))
    except RecursionError:
        raise InvalidInput("this JSON is nested too deep to be a contacts file") from None
    except ValueError as exc:
        if "digits" in str(exc):  # int() refuses more than sys.get_int_max_str_digits()
            raise InvalidInput("this JSON holds a number too long to be read") from None
        raise InvalidInput(f"this is not valid JSON ({exc})") from None


def _items(text: str) -> list[Any]:
    """The list of people in an infoview export or a bare JSON list."""
    data = load_json(text)
    if isinstance(data, dict):
        version = data.get("schema_version", 1)
        if isinstance(version, int) and not isinstance(version, bool) and version > 1:
            raise InvalidInput("this file was written by a newer infoview")
        items = data.get("prospects")
        if not isinstance(items, list):
            raise InvalidInput("this JSON has no 'prospects' list")
        return items
    if isinstance(data, list):
        return data
    raise InvalidInput("this JSON is neither an infoview export nor a list of people")


def _person(number: int, item: dict[str, Any], name: str) -> Incoming:
    """ValueError for a value of the wrong kind (the item is skipped)."""
    relation = _json_text(item, "relation")
    priority = item.get("priority")
    return Incoming(
        line=number,
        name=name,
        email=_json_text(item, "email") or None,
        phone=_json_text(item, "phone") or None,
        organization=_json_text(item, "organization"),
        role=_json_text(item, "role"),
        fields=_json_list(item, "fields"),
        fields_given="fields" in item,
        relation=relation_value(relation) if relation else None,
        notes=_json_text(item, "notes"),
        tags=_json_list(item, "tags"),
        linkedin=_json_text(item, "linkedin") or None,
        priority=None if priority is None else priority_value(priority),
        address_as=_json_text(item, "address_as"),
        how_found=_json_text(item, "how_found"),
        school=_json_text(item, "school"),
        stored={key: item[key] for key in _JSON_STORED if key in item},
    )


def parse_json(text: str) -> Parsed:
    rows: list[Incoming] = []
    skipped: list[tuple[int, str]] = []
    unknown: dict[str, None] = {}
    for number, item in enumerate(_items(text), start=1):
        if not isinstance(item, dict):
            skipped.append((number, "not an object"))
            continue
        for key in item:
            if key not in _JSON_KEYS and key not in _JSON_STORED:
                unknown[str(key)] = None
        try:
            name = " ".join(_json_text(item, "name").split())
            if not name:
                skipped.append((number, NO_NAME))
                continue
            rows.append(_person(number, item, name))
        except ValueError as exc:
            skipped.append((number, str(exc)))
    return Parsed(rows=rows, skipped=skipped, unknown_columns=list(unknown))


# --- writing ----------------------------------------------------------------------


def to_json(prospects: Iterable[Prospect]) -> str:
    """The records as stored, in the envelope of ``prospects.json``."""
    return encode(ProspectsFile(prospects=list(prospects))).decode("utf-8")
