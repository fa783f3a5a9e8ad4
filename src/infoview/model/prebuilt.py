"""A model's validator built from its core schema as stored, instead of generated again.

pydantic generates a model's core schema in Python at the model's first use
(``defer_build``): about 25 ms for the people file, at every start of every command,
with the same result every time. The schema is plain data but for references to this
package's classes and functions, so it can be written once as JSON and read back in
well under a millisecond; pydantic-core then builds the validator and serializer
from it in Rust, as it does from a generated one.

:class:`Prebuilt` models take their schema from a :class:`Shelf` when it has one and
generate (then shelve) it otherwise. ``store/schema_cache.py`` keeps the shelf in the
user's cache folder, under a name that changes with this package's model code,
pydantic and Python, and refuses any copy that is not exactly as written.

Only what can be named again is written: classes, enum members and module-level
functions of ``infoview.model`` (``functools.partial`` of them too), tuples and
datetimes. A schema holding anything else (a lambda, a closure, a class of another
package) is never shelved: its model is built the usual way. Each schema's metadata
(for JSON Schema output, which infoview never makes) is written without what cannot
be named. References between definitions get a suffix (``:stored``) so that they never
meet the ones pydantic makes in this process (``module.Class:<id of the class>``).
tests/test_prebuilt.py proves, model by model, that a stored schema reads back as
generated and validates and serializes the same.
"""

from __future__ import annotations

import functools
import importlib
import json
from datetime import date, datetime
from enum import Enum
from typing import Any, Protocol

from pydantic import BaseModel

PACKAGE = "infoview.model"
REF_SUFFIX = ":stored"


class Shelf(Protocol):
    """Where stored schemas are kept: the JSON text of one model's, or None."""

    def get(self, model: type[BaseModel]) -> str | None: ...

    def put(self, model: type[BaseModel], text: str) -> None: ...


_shelves: list[Shelf] = []


def use_shelf(shelf: Shelf | None) -> None:
    """Take schemas from ``shelf`` from now on (None: generate them, as pydantic does)."""
    _shelves[:] = [] if shelf is None else [shelf]


class Prebuilt(BaseModel):
    """A model whose first use reads its schema from the shelf when it is there."""

    @classmethod
    def model_rebuild(
        cls,
        *,
        force: bool = False,
        raise_errors: bool = True,
        _parent_namespace_depth: int = 2,
        _types_namespace: Any = None,
    ) -> bool | None:
        shelf = _shelves[0] if _shelves else None
        if shelf is not None and not force and not cls.__pydantic_complete__:
            text = shelf.get(cls)
            if text is not None and install(cls, text):
                return True
        done = super().model_rebuild(
            force=force,
            raise_errors=raise_errors,
            _parent_namespace_depth=_parent_namespace_depth + 1,
            _types_namespace=_types_namespace,
        )
        if done and shelf is not None:
            text = encode(cls.__pydantic_core_schema__)
            if text is not None:
                shelf.put(cls, text)
        return done


def install(cls: type[BaseModel], text: str) -> bool:
    """Complete ``cls`` with the schema ``text`` as pydantic completes a model it has just
    generated a schema for; False (``cls`` untouched) if the text cannot be used."""
    from pydantic._internal._config import ConfigWrapper
    from pydantic._internal._signature import generate_pydantic_signature
    from pydantic._internal._utils import LazyClassAttribute
    from pydantic.plugin._schema_validator import create_schema_validator
    from pydantic_core import SchemaSerializer

    try:
        schema = decode(text)
        if _model_class(schema) is not cls:
            return False
        config = ConfigWrapper(cls.model_config, check=False)
        core_config = config.core_config(title=cls.__name__)
        validator = create_schema_validator(
            schema,
            cls,
            cls.__module__,
            cls.__qualname__,
            "BaseModel",
            core_config,
            config.plugin_settings,
        )
        serializer = SchemaSerializer(schema, core_config)
    except Exception:  # any doubt about the copy: the schema is generated instead
        return False
    decorators = cls.__pydantic_decorators__
    cls.__pydantic_computed_fields__ = {k: v.info for k, v in decorators.computed_fields.items()}
    cls.__pydantic_core_schema__ = schema
    cls.__pydantic_validator__ = validator
    cls.__pydantic_serializer__ = serializer
    cls.__signature__ = LazyClassAttribute(
        "__signature__",
        functools.partial(
            generate_pydantic_signature,
            init=cls.__init__,
            fields=cls.__pydantic_fields__,
            validate_by_alias=config.validate_by_alias,
            extra=config.extra,
        ),
    )
    cls.__pydantic_complete__ = True
    cls.__pydantic_on_complete__()
    return True


def _model_class(schema: Any) -> Any:
    """The class of the model schema ``schema`` is, or wraps (in definitions, or in the
    validators a model's own ``@model_validator`` adds around it)."""
    while isinstance(schema, dict) and schema.get("type") != "model":
        schema = schema.get("schema")
    return schema.get("cls") if isinstance(schema, dict) else None


# --- the schema as JSON ----------------------------------------------------------------


class _Unnamed(Exception):
    """A value that cannot be written so as to read back as itself."""


def encode(schema: Any) -> str | None:
    """The JSON text of a core schema, or None if it holds what cannot be named again."""
    try:
        return json.dumps(_out(schema), ensure_ascii=False, separators=(",", ":"))
    except (_Unnamed, ValueError):
        return None


def _name(value: Any) -> list[str]:
    module, qualname = getattr(value, "__module__", None), getattr(value, "__qualname__", "")
    if not isinstance(module, str) or not (module == PACKAGE or module.startswith(PACKAGE + ".")):
        raise _Unnamed(value)
    try:
        same = "<" not in qualname and _resolve([module, qualname]) is value
    except (ImportError, AttributeError, ValueError):
        same = False
    if not same:  # a lambda, a closure, or a name now bound to another object
        raise _Unnamed(value)
    return [module, qualname]


def _out(value: Any) -> Any:
    if isinstance(value, Enum):  # before str and int: a StrEnum member is a str
        return {"$member": [*_name(type(value)), value.name]}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str) or key.startswith("$"):
                raise _Unnamed(key)
            if key == "metadata" and isinstance(value.get("type"), str):
                out[key] = _named_only(item)
            else:
                out[key] = _out(item)
        return out
    if isinstance(value, list):
        return [_out(item) for item in value]
    if isinstance(value, tuple):
        return {"$tuple": [_out(item) for item in value]}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, functools.partial):
        return {"$partial": [_name(value.func), _out(list(value.args)), _out(value.keywords)]}
    if isinstance(value, type) or callable(value):
        return {"$ref": _name(value)}
    raise _Unnamed(value)


def _named_only(metadata: Any) -> Any:
    """A schema's metadata (JSON Schema hints) without the entries that cannot be named."""
    if not isinstance(metadata, dict):
        return _out(metadata)
    kept = {}
    for key, item in metadata.items():
        try:
            kept[key] = _out(item)
        except _Unnamed:
            continue
    return kept


def decode(text: str) -> Any:
    """The core schema of :func:`encode`'s ``text``. Raises ValueError if it is not one."""
    return json.loads(text, object_hook=_in)  # each object turned back, innermost first


def _in(value: dict[str, Any]) -> Any:
    if len(value) == 1:
        ((key, item),) = value.items()
        if key.startswith("$"):
            return _special(key, item)
    if isinstance(value.get("type"), str):
        for key in ("ref", "schema_ref"):
            ref = value.get(key)
            if isinstance(ref, str) and not ref.endswith(REF_SUFFIX):
                value[key] = ref + REF_SUFFIX
    return value


def _special(key: str, item: Any) -> Any:
    if key == "$tuple" and isinstance(item, list):
        return tuple(item)
    if key == "$datetime" and isinstance(item, str):
        return datetime.fromisoformat(item)
    if key == "$date" and isinstance(item, str):
        return date.fromisoformat(item)
    if key == "$ref":
        return _resolve(item)
    if key == "$member" and isinstance(item, list) and len(item) == 3:
        enum = _resolve(item[:2])
        if isinstance(enum, type) and issubclass(enum, Enum):
            return enum[item[2]]
    if key == "$partial" and isinstance(item, list) and len(item) == 3:
        func, args, keywords = _resolve(item[0]), item[1], item[2]
        if callable(func) and isinstance(args, list) and isinstance(keywords, dict):
            return functools.partial(func, *args, **keywords)
    raise ValueError(f"not a stored schema value: {key}")


def _resolve(name: Any) -> Any:
    """The object named [module, qualname], for modules of this package only."""
    if not (isinstance(name, list) and len(name) == 2 and all(isinstance(n, str) for n in name)):
        raise ValueError(f"not a name: {name!r}")
    module, qualname = name
    if not (module == PACKAGE or module.startswith(PACKAGE + ".")) or "<" in qualname:
        raise ValueError(f"not a name of {PACKAGE}: {module}")
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    return found
