"""Small text rules shared by the models and the name lookup."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Joiners that some scripts (Persian, Indic, emoji sequences) need inside names.
_JOINERS = frozenset("\u200c\u200d")


def _printable(ch: str) -> bool:
    # Python counts Unicode spaces such as NBSP as unprintable; they are folded
    # to plain spaces before this check where text is single-line.
    return ch.isprintable() or ch in _JOINERS


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form used to compare names ("José" == "jose")."""
    if text.isascii():  # the common case, and NFKD leaves ASCII as it is: skip the per-char pass
        return _SPACES.sub(" ", text.casefold()).strip()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


_WORD = re.compile(r"\w+")


def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` in folded form: how names and aliases are matched."""
    return tuple(_WORD.findall(fold(text)))


def slugify(text: str, *, max_length: int = 60) -> str:
    """A readable id from a name: 'María López' -> 'maria-lopez'.

    Letters of any script are kept (so a name written only in Chinese still gets
    an id); everything else becomes a single hyphen.
    """
    # Letters and decimal digits only: what every regex engine agrees is a word
    # character (Python's \w also takes numerals like '𞱱' that pydantic's does not).
    kept = "".join(ch if ch.isalpha() or ch.isdecimal() else " " for ch in fold(text))
    slug = "-".join(kept.split())
    slug = slug[:max_length].strip("-")
    return slug or "person"


# Characters of visible categories that show as blank: Hangul fillers, the braille blank.
_BLANKS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def shows_something(text: str) -> bool:
    """True if ``text`` has a character that shows on its own: not a space, a format
    character (zero-width joiner...), a combining mark or a blank filler. A name made
    only of those looks empty in every list."""
    if text.isascii():  # every name loaded passes here: no per-character pass for ASCII
        return bool(text.strip())
    return any(
        not ch.isspace() and ch not in _BLANKS and unicodedata.category(ch)[0] not in "CMZ"
        for ch in text
    )


def clean_line(value: str, *, what: str, max_length: int, allow_empty: bool = True) -> str:
    """One line of printable text: Unicode spaces become plain spaces, ends trimmed.

    Raises ValueError (which pydantic reports) for control characters, an empty
    value where one is required, or a value that is too long.
    """
    # Control characters (newlines, tabs, NUL, escapes, bidi overrides) are refused
    # rather than silently folded: they are almost always a paste gone wrong.
    # (isprintable() checks every character at C speed; only text that fails it is
    # looked at one character at a time. Every file load runs this on every field.)
    for ch in "" if value.isprintable() else value:
        if not (_printable(ch) or (ch.isspace() and unicodedata.category(ch) == "Zs")):
            raise ValueError(f"{what} contains a control character ({ch!r})")
    text = _SPACES.sub(" ", value).strip()
    if not text and not allow_empty:
        raise ValueError(f"{what} must not be empty")
    if len(text) > max_length:
        raise ValueError(f"{what} is {len(text)} characters long; the limit is {max_length}")
    return text


def clean_multiline(value: str, *, what: str, max_length: int) -> str:
    """Free text such as notes: newlines and tabs allowed, other control characters not."""
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    found = control_character(text)
    if found:
        raise ValueError(f"{what} contains a control character ({found[1]!r})")
    if len(text) > max_length:
        raise ValueError(f"{what} is {len(text)} characters long; the limit is {max_length}")
    return text


def control_character(text: str) -> tuple[int, str] | None:
    """The first control character of ``text`` other than newline and tab, and its
    1-based line; None when there is none (the rule of :func:`clean_multiline`)."""
    if text.replace("\n", "").replace("\t", "").isprintable():  # as in clean_line
        return None
    for number, line in enumerate(text.split("\n"), start=1):
        for ch in line:
            if not (_printable(ch) or ch == "\t" or unicodedata.category(ch) == "Zs"):
                return number, ch
    return None


def indefinite_article(word: str) -> str:
    """'a junior', 'an 11th grader', 'an undergraduate' (by sound, roughly)."""
    w = word.lower()
    return "an" if w[:1] in "aeiou8" or w.startswith(("11", "18")) else "a"
