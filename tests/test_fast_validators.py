"""Each field's fast path (model/fast.py) never accepts what its Python check would change
or refuse, and the field as a whole answers what the check alone answered: the same value,
or the same message.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import AfterValidator, BeforeValidator, TypeAdapter, ValidationError
from pydantic_core import SchemaValidator
from pydantic_core import core_schema as cs

from infoview.model import base, interviews, people
from infoview.model.errors import describe_validation_error
from infoview.model.fast import CLEAN_LINE, CLEAN_TEXT, LABEL, NAME, Fast
from infoview.model.text import clean_line

# Characters that trip text checks: spaces of every kind, controls, joiners, marks,
# fillers, commas, a letter Python 3.11 does not know yet (U+0CF3, Unicode 15).
AWKWARD = " \t\n\r\x00\x1f\x7f\x85\u00a0\u00ad\u1680\u2000\u2028\u200b\u200c\u200d\u2060\ufeff"
AWKWARD += "\u0301\u115f\u1160\u3164\uffa0\u2800,;.-+()/x@:\\\"'\u0cf3\u0897\u1c89\ua7cb"
CHARS = st.one_of(
    st.sampled_from(AWKWARD),
    st.characters(codec="ascii"),
    st.characters(categories=["L", "M", "N", "P", "S"]),
    st.characters(categories=["Cc", "Cf", "Cn", "Co", "Zs", "Zl", "Zp"]),
    st.characters(),
)
WORDS = st.lists(st.text(CHARS, min_size=1, max_size=6), max_size=6)
TEXT = st.one_of(
    st.text(CHARS, max_size=20),
    st.builds(" ".join, WORDS),
    st.builds("\n".join, WORDS),
    st.builds(lambda w: " " + ", ".join(w), WORDS),
)


def fast_branch(field: Fast) -> SchemaValidator:
    schema: cs.CoreSchema = cs.str_schema(pattern=field.pattern, max_length=field.max_length)
    if field.items is not None:
        schema = cs.list_schema(schema, max_length=field.items)
    return SchemaValidator(schema)


def outcome(validate: Callable[[Any], Any], value: Any) -> tuple[str, Any]:
    try:
        return "ok", validate(value)
    except ValidationError as exc:
        return "refused", describe_validation_error(exc)


def field_of(model: type[Any], name: str) -> tuple[Fast, Any]:
    """The field's Fast marker and its annotation; for ``str | None`` (phone, LinkedIn)
    and ``list[...]`` of checked strings (an interview's notes), the checked string's."""
    info = model.model_fields[name]
    for meta in info.metadata:
        if isinstance(meta, Fast):
            return meta, Annotated[info.annotation, meta]
    inner = info.annotation.__args__[0]  # Annotated[str, Fast] | None, list[Annotated[...]]
    (fast,) = inner.__metadata__
    return fast, Annotated[str, fast]


MODELS: dict[str, type[Any]] = {
    "Prospect": people.Prospect,
    "Profile": people.Profile,
    "Answer": interviews.Answer,
    "Held": interviews.Held,
}


@functools.cache
def validators(model: str, name: str) -> tuple[Any, TypeAdapter[Any], TypeAdapter[Any]]:
    """The field's fast branch alone, its check alone (the field as it was), the field."""
    fast, annotation = field_of(MODELS[model], name)
    kind: Any = list[str] if fast.items is not None else str
    checked: TypeAdapter[Any] = TypeAdapter(Annotated[kind, AfterValidator(fast.check)])
    return fast_branch(fast), checked, TypeAdapter(annotation)


FIELDS = [
    ("Prospect", "name"),
    ("Prospect", "role"),
    ("Prospect", "address_as"),
    ("Prospect", "notes"),
    ("Prospect", "phone"),
    ("Prospect", "linkedin"),
    ("Prospect", "tags"),
    ("Profile", "interests"),
    ("Answer", "text"),
    ("Held", "where"),
    ("Held", "notes"),
]


@pytest.mark.parametrize(("model", "name"), FIELDS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_fast_path_accepts_only_what_the_check_keeps(
    model: str, name: str, data: st.DataObject
) -> None:
    fast, _ = field_of(MODELS[model], name)
    listed = fast.items is not None
    extra = [
        "https://www.linkedin.com/in/" if name == "linkedin" else "",
        "+1 (555) 123-45" if name == "phone" else "",
    ]
    text = data.draw(st.one_of(TEXT, st.builds(lambda a, b: a + b, st.sampled_from(extra), TEXT)))
    value: Any = data.draw(st.lists(TEXT, max_size=3)) if listed else text
    fast_said = outcome(validators(model, name)[0].validate_python, value)
    before = outcome(validators(model, name)[1].validate_python, value)  # the check alone
    if fast_said[0] == "ok":
        assert before == ("ok", value), (value, before)
    now = outcome(validators(model, name)[2].validate_python, value)
    assert now == before


@pytest.mark.parametrize(
    ("pattern", "clean"),
    [(CLEAN_LINE, "María  López"), (NAME, "\u0301x"), (LABEL, "a,b"), (CLEAN_TEXT, " x")],
)
def test_each_pattern_leaves_an_unclean_value_to_the_check(pattern: str, clean: str) -> None:
    fast = SchemaValidator(cs.str_schema(pattern=pattern))
    with pytest.raises(ValidationError):
        fast.validate_python(clean)
    assert fast.validate_python("María López") == "María López"
    assert clean_line("María López", what="x", max_length=20) == "María López"


OLD_TIMESTAMP: TypeAdapter[Any] = TypeAdapter(
    Annotated[datetime, AfterValidator(base._require_aware)]
)
NEW_TIMESTAMP: TypeAdapter[Any] = TypeAdapter(base.Timestamp)
OFFSETS = st.one_of(
    st.just(""),
    st.just("Z"),
    st.builds(
        lambda sign, h, m: f"{sign}{h:02d}:{m:02d}",
        st.sampled_from("+-"),
        st.integers(0, 23),
        st.sampled_from([0, 30, 45, 59]),
    ),
)
MOMENTS = st.one_of(
    st.builds(
        lambda moment, offset: json.dumps(moment.isoformat() + offset),
        st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
        OFFSETS,
    ),
    st.builds(
        lambda year, edge, offset: json.dumps(f"{year:04d}-{edge}{offset}"),
        st.sampled_from([1899, 1900, 1901, 2198, 2199, 2200]),
        st.sampled_from(["01-01T00:00", "01-01T23:59", "12-31T00:00", "12-31T23:59"]),
        OFFSETS,
    ),
    st.integers(-(10**12), 10**13).map(str),
    st.floats(allow_nan=True).map(lambda f: json.dumps(f)),
    st.sampled_from(['"2026-11-24"', '"now"', '""', "null", "true", '"2026-11-24T10:00:00+24:00"']),
)


@settings(max_examples=400, deadline=None)
@given(MOMENTS)
def test_a_timestamp_read_fast_is_the_one_the_check_gives(raw: str) -> None:
    old = outcome(OLD_TIMESTAMP.validate_json, raw)
    new = outcome(NEW_TIMESTAMP.validate_json, raw)
    assert new == old
    if new[0] == "ok":
        assert new[1].utcoffset() == old[1].utcoffset()
    python = json.loads(raw)  # what the step-by-step read validates: the same again
    assert outcome(NEW_TIMESTAMP.validate_python, python) == outcome(
        OLD_TIMESTAMP.validate_python, python
    )


# --- fields whose whole check is skipped in pydantic-core for what it leaves as it is ----
# (fast.OrNone: '' is no value; fast.OneOf: a cadence; Fast(distinct=): labels, no repeat)


def _as_it_was(model: type[Any], name: str) -> Any:
    """The field as declared before it had a fast path: its checks alone."""
    checks = {
        "phone": people._check_phone,
        "linkedin": people._check_linkedin,
    }
    if name in checks:
        inner = Annotated[str, AfterValidator(checks[name])]
        return Annotated[inner | None, BeforeValidator(base.str_or_none)]
    if name == "email":
        return Annotated[
            Annotated[str, people._EmailShape] | None, BeforeValidator(people._email_in)
        ]
    if name == "referred_by":
        return Annotated[base.PersonId | None, BeforeValidator(base.str_or_none)]
    if name == "cadence_days":
        return Annotated[int | None, AfterValidator(people._check_cadence)]
    what = {"tags": "tag", "fields": "field", "interests": "interest"}[name]
    return Annotated[list[str], AfterValidator(functools.partial(people._check_labels, what=what))]


@functools.cache
def old_and_new(model: str, name: str) -> tuple[TypeAdapter[Any], TypeAdapter[Any]]:
    cls = MODELS[model]
    info = cls.model_fields[name]
    now: Any = info.annotation
    if info.metadata:
        now = Annotated.__class_getitem__((now, *info.metadata))  # type: ignore[attr-defined]
    return TypeAdapter(_as_it_was(cls, name)), TypeAdapter(now)


SKIPPING = [
    ("Prospect", "phone"),
    ("Prospect", "linkedin"),
    ("Prospect", "email"),
    ("Prospect", "referred_by"),
    ("Prospect", "cadence_days"),
    ("Prospect", "tags"),
    ("Prospect", "fields"),
    ("Profile", "interests"),
    ("Profile", "email"),
]
VALUES = st.one_of(
    TEXT,
    st.sampled_from(["", " ", "\u3000", "\x1c", "a@b.c", "kim@example.org", "ana-ruiz", "60"]),
    st.sampled_from(["+1 555 123 4567", "https://www.linkedin.com/in/x", "linkedin.com/in/x"]),
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.sampled_from([14, 30, 60, 90, 180, 60.0, 60.5, "90"]),
    st.lists(st.one_of(TEXT, st.sampled_from(["a", "A", "b", "a, b", " a"])), max_size=4),
)


@pytest.mark.parametrize(("model", "name"), SKIPPING)
@settings(max_examples=200, deadline=None)
@given(value=VALUES)
@example(value=["a", "A"])  # a label repeated, but for its case
@example(value=["b", "a", "a"])
@example(value="Kim@Example.ORG")  # an address the full check rewrites
@example(value="kim@example.invalid")  # and one it refuses
@example(value=" ")
@example(value=60.0)
@example(value=61)
@example(value=True)
def test_a_field_skipping_its_check_answers_as_the_check_did(
    model: str, name: str, value: Any
) -> None:
    old, new = old_and_new(model, name)
    for context in (None, people.STORED):  # entered, then stored
        before = outcome(functools.partial(old.validate_python, context=context), value)
        assert outcome(functools.partial(new.validate_python, context=context), value) == before
    raw = json.dumps(value)
    before = outcome(functools.partial(old.validate_json, context=people.STORED), raw)  # a load
    assert outcome(functools.partial(new.validate_json, context=people.STORED), raw) == before
