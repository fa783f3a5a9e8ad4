"""Validators that cost nothing on clean data: a pydantic-core fast path before each check.

A stored text passes a Python check (``text.clean_line``, a phone's shape...) on every
load, and nearly every value is already clean: the check returns it unchanged. So each
such field is a left-to-right union of two branches:

1. ``FAST``: a constraint pydantic-core checks alone (a pattern, a length) that accepts
   only values the check would accept and leave exactly as they are;
2. ``CHECKED``: the Python check, as before, for everything else.

A clean value never reaches Python; any other value gets the check it always got, so the
model, the messages and the refusals are the same. :class:`OrNone` does the same for an
optional value whose check first makes '' or blanks None, and :class:`OneOf` for a number
that must be one of a few. pydantic reports a value both refuse
with an error from each branch; :func:`errors.describe_validation_error` leaves out the
fast branch's and the branch names (``model/errors.py``), so the message is the check's.
tests/test_fast_validators.py proves for each field that the fast branch never accepts a
value its check would change or refuse.

The patterns (Rust's regex crate) use character classes whose Unicode tables may be newer
than Python's (3.11: Unicode 14): a letter assigned since is unassigned to Python, which
refuses it. So :data:`TEXT_CHAR` is limited to blocks whose every letter was assigned by
Unicode 14; text in other scripts only takes the checked branch.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema

FAST = "fast-path"
CHECKED = "checked"

# Blocks fully assigned by Unicode 14 (Python 3.11's tables): ASCII, Latin-1 to IPA and
# spacing modifiers, combining diacritics, Greek, Cyrillic (and its supplement), Hebrew,
# Arabic, Devanagari, Hangul Jamo, Latin and Greek extended, kana, CJK, Hangul syllables.
_BLOCKS = (
    "!-~\u00a1-\u02ff\u0300-\u036f\u0370-\u03ff\u0400-\u052f\u0590-\u05ff\u0600-\u06ff"
    "\u0900-\u097f\u1100-\u11ff\u1e00-\u1fff\u3041-\u30ff\u4e00-\u9ffc\uac00-\ud7a3"
)
# A character that shows and that Python prints: a letter, mark, number, punctuation or
# symbol (never a space, control, format or unassigned character) of those blocks.
TEXT_CHAR = rf"[[\p{{L}}\p{{M}}\p{{N}}\p{{P}}\p{{S}}]&&[{_BLOCKS}]]"
# One that shows on its own too: not a combining mark, not a Hangul filler (text.py).
SHOWN_CHAR = rf"[[\p{{L}}\p{{N}}\p{{P}}\p{{S}}]&&[{_BLOCKS}]&&[^\u115f\u1160]]"
# clean_line's output: words of such characters, one plain space between them.
CLEAN_LINE = rf"^(?:{TEXT_CHAR}+(?: {TEXT_CHAR}+)*)?$"
# A name: a clean line that opens with a character that shows (text.shows_something).
NAME = rf"^{SHOWN_CHAR}{TEXT_CHAR}*(?: {TEXT_CHAR}+)*$"
# A label: a clean line, not empty, without the comma that would split it in two.
LABEL = rf"^{TEXT_CHAR[:-1]}&&[^,]]+(?: {TEXT_CHAR[:-1]}&&[^,]]+)*$"
# clean_multiline's: no \r, nothing blank at either end, tabs and newlines inside.
CLEAN_TEXT = rf"^(?:{TEXT_CHAR}(?:[{TEXT_CHAR} \t\n]*{TEXT_CHAR})?)?$"


class FastMoment:
    """``Annotated[datetime, FastMoment(check)]``: read from JSON, a moment with an offset
    strictly inside (``after``, ``before``) is taken as it is; any other, and every Python
    value (a tzinfo's offset may be None there), goes through ``check``. The bounds keep a
    day from the years ``check`` allows, so that no offset moves the year out of them."""

    __slots__ = ("after", "before", "check")

    def __init__(self, check: Callable[[Any], Any], after: datetime, before: datetime) -> None:
        self.check, self.after, self.before = check, after, before

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema as cs

        checked = cs.no_info_after_validator_function(self.check, cs.datetime_schema())
        fast = cs.datetime_schema(tz_constraint="aware", gt=self.after, lt=self.before)
        either = cs.union_schema([(fast, FAST), (checked, CHECKED)], mode="left_to_right")
        return cs.json_or_python_schema(json_schema=either, python_schema=checked)


def distinct_folded(values: list[str]) -> list[str]:
    """``values`` if no two of them are the same once case folded; ValueError otherwise."""
    if len(set(map(str.casefold, values))) != len(values):
        raise ValueError("a label is repeated")
    return values


class Fast:
    """``Annotated[str, Fast(pattern, max_length, check)]``: a string that matches
    ``pattern`` in at most ``max_length`` characters is taken as it is; any other goes
    through ``check``. ``items``: the field is a list of such strings, of at most
    ``items`` (the fast branch); ``check`` then takes the whole list. ``distinct``: a
    longer list of such strings, of at most ``distinct``, is taken too if no two are
    the same once case folded (:func:`distinct_folded`, a quick look in Python)."""

    __slots__ = ("check", "distinct", "items", "max_length", "pattern")

    def __init__(
        self,
        pattern: str,
        max_length: int,
        check: Callable[[Any], Any],
        items: int | None = None,
        distinct: int | None = None,
    ) -> None:
        self.pattern, self.max_length, self.check, self.items = pattern, max_length, check, items
        self.distinct = distinct

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema as cs

        item: CoreSchema = cs.str_schema(pattern=self.pattern, max_length=self.max_length)
        fast: CoreSchema = item
        plain: CoreSchema = cs.str_schema()
        if self.items is not None:
            fast = cs.list_schema(item, max_length=self.items)
            if self.distinct is not None:
                many = cs.list_schema(item, max_length=self.distinct)
                folded = cs.no_info_after_validator_function(distinct_folded, many)
                fast = cs.union_schema([fast, folded], mode="left_to_right")
            plain = cs.list_schema(plain)
        checked = cs.no_info_after_validator_function(self.check, plain)
        return cs.union_schema([(fast, FAST), (checked, CHECKED)], mode="left_to_right")


class OrNone:
    """``Annotated[X | None, OrNone(before)]``: ``before`` (which makes '' and blanks None,
    see ``base.str_or_none``) runs first, as a ``BeforeValidator`` would, except for a
    value it leaves as it is that pydantic-core takes alone: None, or a string X's fast
    branch accepts (X's whole schema where X has no Python check: a pattern that needs a
    character that shows, so never a blank). ``with_info``: ``before`` takes the
    validation context too. ``json_only``: only a value read from JSON (a stored file)
    may skip ``before``; a Python value always goes through it (an email address
    entered: ``people._email_in`` checks it in full unless it is stored)."""

    __slots__ = ("before", "json_only", "with_info")

    def __init__(
        self, before: Callable[..., Any], *, with_info: bool = False, json_only: bool = False
    ) -> None:
        self.before, self.with_info, self.json_only = before, with_info, json_only

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema as cs

        full = handler(source)
        if full["type"] != "nullable":
            raise TypeError(f"OrNone is for X | None, not {source!r}")
        inner = full["schema"]
        if inner["type"] == "union" and isinstance(inner["choices"][0], tuple):
            first, tag = inner["choices"][0]
            inner = first if tag == FAST else inner
        fast = cs.nullable_schema(inner)
        checked = (
            cs.with_info_before_validator_function(self.before, full)
            if self.with_info
            else cs.no_info_before_validator_function(self.before, full)
        )
        either = cs.union_schema([(fast, FAST), (checked, CHECKED)], mode="left_to_right")
        if self.json_only:
            return cs.json_or_python_schema(json_schema=either, python_schema=checked)
        return either


class OneOf:
    """``Annotated[int | None, AfterValidator(check), OneOf(values)]``: None, or a number
    that is one of ``values`` once read as an int, is taken in pydantic-core; any other
    value goes through the field as declared (``check`` says what is wrong)."""

    __slots__ = ("values",)

    def __init__(self, values: tuple[int, ...]) -> None:
        self.values = values

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema as cs

        checked = handler(source)
        one_of = cs.chain_schema([cs.int_schema(), cs.literal_schema(list(self.values))])
        fast = cs.nullable_schema(one_of)
        return cs.union_schema([(fast, FAST), (checked, CHECKED)], mode="left_to_right")
