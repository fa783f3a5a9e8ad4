"""The parts of a person's name that decide how a message addresses them.

A name as typed or imported may carry an honorific ("Dr. Samuel Weiss", "Sra.
Gómez"), a kinship word ("Aunt Keiko Tanaka", "Tía Rosa", "Mom"), a suffix
("Samuel Weiss, MD", "Jr.") or be written family name first ("Weiss, Samuel").
None of those is a first name: ``parse_name`` sets them apart, and
``derived_address`` turns the parts into the words a greeting uses ("Dr. Weiss",
"Aunt Keiko", "Mom", "Samuel"). Pure functions; the greeting's formality is the
drafting rules' business (``rules/wording.py``).
"""

from __future__ import annotations

from typing import NamedTuple

from infoview.model.text import fold

# Folded word (no dot) -> how a greeting writes it. Words that are also common first
# names ("Don", "Sister") are left out: "Don Lee" is Don.
HONORIFICS: dict[str, str] = {
    "dr": "Dr.",
    "doctor": "Dr.",
    "dra": "Dra.",
    "mr": "Mr.",
    "mister": "Mr.",
    "mrs": "Mrs.",
    "ms": "Ms.",
    "miss": "Miss",
    "mx": "Mx.",
    "prof": "Professor",
    "professor": "Professor",
    "profa": "Profa.",
    "coach": "Coach",
    "rev": "Rev.",
    "reverend": "Rev.",
    "pastor": "Pastor",
    "rabbi": "Rabbi",
    "imam": "Imam",
    "fr": "Fr.",
    "judge": "Judge",
    "officer": "Officer",
    "capt": "Captain",
    "captain": "Captain",
    "sgt": "Sergeant",
    "sergeant": "Sergeant",
    "sr": "Sr.",  # señor, as the first word; "Sr." at the end is a suffix
    "sra": "Sra.",
    "srta": "Srta.",
    "senor": "Sr.",
    "senora": "Sra.",
    "senorita": "Srta.",
    "ing": "Ing.",
    "lic": "Lic.",
    "mme": "Mme",
    "mlle": "Mlle",
    "madame": "Madame",
    "herr": "Herr",
    "frau": "Frau",
    "sir": "Sir",
    "dame": "Dame",
}

# Kinship words, by how a message uses them. Folded word -> the kind:
#   "with-name": "Aunt Keiko", "Tío Luis" (the word, then the given name)
#   "alone":     "Mom", "Grandma", "Abuela" (the word is what they are called)
#   "by-name":   cousins are called by their name ("Cousin Leilani" -> "Leilani")
KINSHIP: dict[str, str] = {
    **dict.fromkeys(
        ("aunt", "auntie", "aunty", "tia", "tita", "uncle", "tio", "tito", "tante", "onkel"),
        "with-name",
    ),
    **dict.fromkeys(
        (
            "mom", "mum", "mother", "mama", "mommy", "dad", "father", "papa", "daddy",
            "grandma", "grandpa", "grandmother", "grandfather", "granny", "gran", "nana",
            "nanna", "abuela", "abuelo", "abuelita", "abuelito", "lola", "lolo", "nonna",
            "nonno", "oma", "opa", "bubbe", "zayde", "yiayia", "papou", "stepmom", "stepdad",
            "godmother", "godfather", "madrina", "padrino",
        ),
        "alone",
    ),
    **dict.fromkeys(("cousin", "primo", "prima"), "by-name"),
}  # fmt: skip

# Written after a name, often after a comma: never part of the name a greeting uses.
# The doctoral ones say how a stranger addresses them: "Samuel Weiss, MD" is Dr. Weiss.
DOCTORAL_SUFFIXES = frozenset(
    ("md", "do", "phd", "edd", "psyd", "dds", "dmd", "dvm", "dnp", "pharmd", "od", "dpt")
)
SUFFIXES = DOCTORAL_SUFFIXES | frozenset(
    (
        "jr", "sr", "ii", "iii", "iv", "rn", "np", "pa", "pa-c", "lcsw", "lpc", "lmft", "esq",
        "cpa", "pe", "mba", "msw", "bsn", "ma", "ms", "msn", "mph", "cfa", "aprn", "crna",
        "lpn", "ot", "pt", "slp", "ccc-slp", "bcba",
    )
)  # fmt: skip

# Lower-case words that belong to the family name after them: "Ludwig van Beethoven".
PARTICLES = frozenset(
    ("van", "von", "de", "da", "das", "dos", "del", "della", "di", "du", "la", "le", "der",
     "den", "ter", "ten", "bin", "ibn", "al", "el", "st.", "mc")
)  # fmt: skip


class NameParts(NamedTuple):
    """A name taken apart; every part as written (without dots or commas stripped)."""

    title: str  # "Dr.", as a greeting writes it; "" when none
    kinship: str  # "Aunt", as typed; "" when none
    kinship_kind: str  # "with-name", "alone" or "by-name" (see KINSHIP); "" when none
    given: str  # the first name: "Keiko"; "" when the name has none
    family: str  # the family name: "Tanaka", "van Beethoven"; "" when not known
    doctoral: bool  # a suffix such as MD or PhD: a stranger writes "Dr."
    plain: str  # the whole name without title, kinship word or suffix: "María José García"


def _key(word: str) -> str:
    if word.isascii():  # most names: no accents to fold
        return word.lower().strip(".,;:")
    return fold(word).strip(".,;:")


def _suffix_key(word: str) -> str:
    return _key(word).replace(".", "")


def parse_name(name: str) -> NameParts:
    """The parts of ``name`` (see the module docstring); never fails, however odd the name."""
    text = " ".join(name.split())
    doctoral = False
    head, comma, tail = text.partition(",")
    if comma:
        after = [w for w in tail.replace(",", " ").split() if w]
        if after and all(_suffix_key(w) in SUFFIXES for w in after):
            doctoral = any(_suffix_key(w) in DOCTORAL_SUFFIXES for w in after)
            text = head  # "Samuel Weiss, MD"
        elif after and len(head.split()) == 1 and "," not in tail:
            text = f"{tail.strip()} {head}"  # "Weiss, Samuel" -> "Samuel Weiss"
    words = text.split()
    while len(words) > 1 and _suffix_key(words[-1]) in SUFFIXES and not _is_kinship(words[-1]):
        doctoral = doctoral or _suffix_key(words[-1]) in DOCTORAL_SUFFIXES
        words.pop()  # "Robert Hall Jr.", "Samuel Weiss MD"
    title = kinship = kind = ""
    while words:
        key = _key(words[0])
        if not title and not kinship and key in HONORIFICS and len(words) > 1:
            title = HONORIFICS[key]
        elif not kinship and key in KINSHIP:
            kinship, kind = words[0].strip(".,"), KINSHIP[key]
        else:
            break
        words.pop(0)
    plain = " ".join(words)
    if not words:
        return NameParts(title, kinship, kind, "", "", doctoral, plain)
    if len(words) == 1:
        # "Dr. Weiss" and "Coach Rivera" name the family; "Aunt Keiko" and "Ana" the person.
        if title and not kinship:
            return NameParts(title, kinship, kind, "", words[0], doctoral, plain)
        return NameParts(title, kinship, kind, words[0], "", doctoral, plain)
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in PARTICLES:
        start -= 1
    return NameParts(title, kinship, kind, words[0], " ".join(words[start:]), doctoral, plain)


def _is_kinship(word: str) -> bool:
    return _key(word) in KINSHIP


def _capital(word: str) -> str:
    return word[:1].upper() + word[1:]


def derived_address(name: str, *, formal: bool) -> str:
    """How a message addresses the person ``name`` when nothing else was said.

    A kinship word is what family call them ("Aunt Keiko", "Mom", a cousin by name);
    a title typed with the name is how the student knows them ("Mr. Hall"); a
    stranger with a doctoral suffix is "Dr. Weiss". Otherwise: the first name
    between people who know each other, the full name (without suffixes) when
    ``formal``. Never only a title or a kinship word unless that is all the name is.
    """
    parts = parse_name(name)
    if parts.kinship:
        kinship = _capital(parts.kinship)
        if parts.kinship_kind == "with-name" and parts.given:
            return f"{kinship} {parts.given}"
        if parts.kinship_kind == "by-name" and parts.given:
            return parts.given
        return kinship
    if parts.title:
        return f"{parts.title} {parts.family or parts.given}".strip()
    if parts.doctoral and formal and parts.family:
        return f"Dr. {parts.family}"
    if formal:
        return parts.plain or " ".join(name.split())
    return parts.given or parts.family or " ".join(name.split())


def named_to_others(name: str) -> str:
    """How a message names this person to someone else: "Dr. Samuel Weiss" (for "Samuel
    Weiss, MD"), "Mr. Robert Hall", "my aunt Keiko Tanaka", "my mom", else the name."""
    parts = parse_name(name)
    if parts.kinship:
        word = parts.kinship.lower()
        return f"my {word} {parts.plain}" if parts.plain else f"my {word}"
    if parts.title:
        return f"{parts.title} {parts.plain}"
    if parts.doctoral:
        return f"Dr. {parts.plain}"
    return parts.plain or " ".join(name.split())


def names_kin(name: str) -> bool:
    """Whether the name starts with a kinship word ("Aunt Keiko Tanaka", "Mom", "Dr. ...
    no): the quick test for a long list, agreeing with ``parse_name(name).kinship``."""
    words = name.split(maxsplit=2)[:2]
    if not words:
        return False
    if _key(words[0]) in HONORIFICS and len(words) > 1 and _key(words[0]) not in KINSHIP:
        words = words[1:]
    return _key(words[0]) in KINSHIP


def has_kinship(address: str) -> bool:
    """Whether ``address`` calls them by a family word ("Aunt Keiko", "Mom")."""
    return any(_is_kinship(w) for w in address.split())


def only_a_title(address: str) -> bool:
    """Whether ``address`` is a title or a kinship word that must not stand alone
    ("Dr.", "Ms.", "Aunt", "Cousin"); "Mom", "Grandma" and "Coach" may."""
    words = address.strip().rstrip(",").split()
    if len(words) != 1:
        return False
    key = _key(words[0])
    if key in KINSHIP:
        return KINSHIP[key] != "alone"
    return key in HONORIFICS and key not in ("coach", "doctor")
