"""Validators that cost nothing on clean data: a pydantic-core fast path before each check.

A stored text passes a Python check (``text.clean_line``, a phone's shape...) on every
load, and nearly every value is already clean: the check returns it unchanged. So each
such field is a left-to-right union of two branches:

1. ``FAST``: a constraint pydantic-core checks alone (a pattern, a length) that accepts
   only values the check would accept and leave exactly as they are;
2. ``CHECKED``: the Python check, as before, for everything else.

A clean value never reaches Python; any other value gets the check it always got, so the
model, the messages and the refusals are the same. pydantic reports a value both refuse
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


class Fast:
    """``Annotated[str, Fast(pattern, max_length, check)]``: a string that matches
    ``pattern`` in at most ``max_length`` characters is taken as it is; any other goes
    through ``check``. ``items``: the field is a list of such strings, of at most
    ``items`` (the fast branch); ``check`` then takes the whole list."""

    __slots__ = ("check", "items", "max_length", "pattern")

    def __init__(
        self,
        pattern: str,
        max_length: int,
        check: Callable[[Any], Any],
        items: int | None = None,
    ) -> None:
        self.pattern, self.max_length, self.check, self.items = pattern, max_length, check, items

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema as cs

        fast: CoreSchema = cs.str_schema(pattern=self.pattern, max_length=self.max_length)
        plain: CoreSchema = cs.str_schema()
        if self.items is not None:
            fast = cs.list_schema(fast, max_length=self.items)
            plain = cs.list_schema(plain)
        checked = cs.no_info_after_validator_function(self.check, plain)
        return cs.union_schema([(fast, FAST), (checked, CHECKED)], mode="left_to_right")
