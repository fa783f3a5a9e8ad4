"""vCard: reading the cards phones and address books export, and writing vCard 4.0.

Reading (2.1, 3.0 and 4.0) uses vobject for what it does right: unfolding lines and
parsing each content line into group, name, parameters (2.1 bare ones such as
``TEL;CELL;PREF`` included) and value, and for unescaping TEXT values. What is kept
from a card:

* name: ``FN``, else ``N`` given + family; ``address_as`` from the ``N`` prefix.
* ``ORG`` units: the first unit is the organization, further units are appended in
  parentheses (``ORG:Acme;Research Lab`` -> ``Acme (Research Lab)``).
* Several emails / phones: the preferred one (``TYPE=pref``, the lowest ``PREF=n``,
  else the first) is kept; the others go to notes as ``Other emails: a, b`` /
  ``Other phones: ...``. Non-LinkedIn URLs go to notes as ``Links: ...``.
* ``CATEGORIES`` are the contact's groups as written, and its tags, without Google's
  system group ``myContacts``. ``NICKNAME`` is kept.

Where vobject is wrong, this module does the work itself (each with its test in
tests/test_vcard_reader.py):

1. Cards are split here, not by ``readComponents``: it gives up on a whole file for one
   card without ``END:VCARD`` and one unreadable line, and its quoted-printable
   unfolding copies the line read so far for each physical line (quadratic on a
   megabyte card: test_import_hostile's ten-times-bigger test). So quoted-printable
   soft line breaks are joined here, and each card is read on its own.
2. Values are taken without vobject's vCard behaviour, whose TEXT decoding keeps only
   what comes before the first unescaped comma (``NOTE:one, two`` -> ``one``).
3. Quoted-printable is decoded here: vobject raises on an unknown ``CHARSET`` and on
   bytes that are not valid in it (Android and Outlook write both).
4. A value ending in a lone backslash: vobject's unescaping appends ``\\eof``.

Writing (RFC 6350): one card per person; TEXT values escaped (``\\``, ``,``,
``;``, newlines), lines folded at 75 octets (never inside a UTF-8 character)
and ended with CRLF.
"""

from __future__ import annotations

import codecs
import io
import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from infoview.formats.incoming import (
    LINES,
    NO_NAME,
    Incoming,
    Parsed,
    first_line,
    is_linkedin,
    join_notes,
    unique,
)
from infoview.model.errors import InvalidInput
from infoview.model.names import derived_address
from infoview.model.people import Prospect

VCARD_LINE_OCTETS = 75

# --- reading ----------------------------------------------------------------------


@dataclass
class _Prop:
    name: str
    params: dict[str, list[str]]  # upper-case keys; 2.1 bare parameters under TYPE
    value: str  # still escaped, but quoted-printable already decoded


def _cards(text: str) -> Iterator[str]:
    """Each card's text, ended with END:VCARD, quoted-printable soft breaks joined (1.)."""
    card: list[list[str]] | None = None
    qp = False  # the last line is quoted-printable and ends with a soft break
    for raw in LINES.split(text):
        upper = raw.strip().upper()
        if upper == "BEGIN:VCARD":
            if card is not None:  # a card without END: keep what it had
                yield "\r\n".join("".join(p) for p in card) + "\r\nEND:VCARD\r\n"
            card, qp = [[raw]], False
        elif card is None:
            continue
        elif qp:
            card[-1][-1] = card[-1][-1][:-1]
            card[-1].append(raw)
            qp = raw.endswith("=")
        elif upper == "END:VCARD":
            yield "\r\n".join("".join(p) for p in card) + "\r\nEND:VCARD\r\n"
            card = None
        else:
            card.append([raw])
            head = raw.partition(":")[0].upper()
            qp = raw.endswith("=") and "QUOTED-PRINTABLE" in head and raw[:1] not in " \t"
    if card is not None:
        yield "\r\n".join("".join(p) for p in card) + "\r\nEND:VCARD\r\n"


def _qp_decode(value: str, charset: str) -> str:
    """ValueError for a CHARSET that names a codec but not a character set (rot13) (3.)."""
    raw = quopri.decodestring(value.encode("latin-1", "replace"))
    try:
        codecs.lookup(charset)
    except (LookupError, ValueError):
        charset = "utf-8"
    try:
        return raw.decode(charset)
    except LookupError:  # rot13, base64, zlib...: codecs, not character sets
        raise ValueError(f"CHARSET={charset[:40]} is not a character set") from None
    except (UnicodeError, ValueError):
        return raw.decode("cp1252", "replace")


def _props(card: str, base: Any) -> list[_Prop]:
    """The card's content lines; vobject's ParseError for a line it cannot read."""
    props: list[_Prop] = []
    for line, _ in base.getLogicalLines(io.StringIO(card), allowQP=False):
        name, param_list, value, _group = base.parseLine(line)
        params: dict[str, list[str]] = {}
        for key, *values in param_list:
            if not values:  # vCard 2.1 bare parameter: TEL;CELL;PREF
                key, values = "TYPE", [key]
            params.setdefault(key.upper(), []).extend(v for v in values if v)
        if "QUOTED-PRINTABLE" in (v.upper() for v in params.get("ENCODING", [])):
            value = _qp_decode(value, (params.get("CHARSET") or ["utf-8"])[0])
        props.append(_Prop(name.upper(), params, value))
    return props


def _texts(value: str, separator: str = "") -> list[str]:
    """A TEXT value unescaped by vobject, split on ``separator`` (none by default)."""
    from vobject.icalendar import stringToTextValues  # type: ignore[import-untyped]

    if re.search(r"(?<!\\)(\\\\)*\\$", value):  # a lone final backslash (4.)
        value = value[:-1]
    return [str(v).strip() for v in stringToTextValues(value, listSeparator=separator)]


_PREF = re.compile(r"[0-9]{1,3}")


def _pref_rank(prop: _Prop) -> int:
    types = [t.lower() for t in prop.params.get("TYPE", [])]
    pref = prop.params.get("PREF", [])
    if pref and _PREF.fullmatch(pref[0]):  # ASCII digits: int() refuses "¹", isdigit() not
        return int(pref[0])
    return 0 if "pref" in types else 101


def _pick(props: list[_Prop], prefix: str) -> tuple[str | None, list[str]]:
    values = [(i, _pref_rank(p), _texts(p.value)[0]) for i, p in enumerate(props)]
    values = [
        (i, r, v[len(prefix) :].strip() if v.lower().startswith(prefix) else v)
        for i, r, v in values
    ]
    values = [v for v in values if v[2]]
    if not values:
        return None, []
    best = min(values, key=lambda v: (v[1], v[0]))
    others = unique([v[2] for v in values if v is not best and v[2] != best[2]])
    return best[2], others


_SYSTEM_GROUPS = frozenset({"mycontacts"})


def _card(number: int, props: list[_Prop]) -> Incoming | None:
    by: dict[str, list[_Prop]] = {}
    for prop in props:
        by.setdefault(prop.name, []).append(prop)

    def first(name: str) -> str:
        return next((t for t in (_texts(p.value)[0] for p in by.get(name, [])) if t), "")

    def units(name: str) -> list[str]:
        return (_texts(by[name][0].value, ";") if by.get(name) else []) + ["", "", "", ""]

    family, given, _, prefix, *_ = units("N")
    name = " ".join(first("FN").split()) or " ".join(f"{given} {family}".split())
    if not name:
        return None
    address_as = ""
    if prefix:  # N:Tanaka;Keiko;;Aunt; is "Aunt Keiko", N:Weiss;Samuel;;Dr.; "Dr. Weiss"
        address_as = derived_address(" ".join(f"{prefix} {given} {family}".split()), formal=True)
    org = [u for u in units("ORG") if u]
    organization = org[0] + (f" ({', '.join(org[1:])})" if len(org) > 1 else "") if org else ""
    email, other_emails = _pick(by.get("EMAIL", []), "mailto:")
    phone, other_phones = _pick(by.get("TEL", []), "tel:")
    linkedin: str | None = None
    links: list[str] = []
    for prop in by.get("URL", []) + by.get("X-SOCIALPROFILE", []):
        url = _texts(prop.value)[0]
        if url and linkedin is None and is_linkedin(url):
            linkedin = url
        elif url and prop.name == "URL":
            links.append(url)
    groups = unique([t for p in by.get("CATEGORIES", []) for t in _texts(p.value, ",")])
    groups = [g for g in groups if g.casefold() not in _SYSTEM_GROUPS]
    notes = [
        "\n".join(_texts(p.value)[0] for p in by.get("NOTE", [])),
        "Other emails: " + ", ".join(other_emails) if other_emails else "",
        "Other phones: " + ", ".join(other_phones) if other_phones else "",
        "Links: " + ", ".join(unique(links)) if links else "",
    ]
    return Incoming(
        line=number,
        name=name,
        email=email,
        phone=phone,
        organization=organization,
        role=first("TITLE"),
        notes=join_notes(notes),
        tags=list(groups),
        linkedin=linkedin,
        address_as=address_as,
        groups=groups,
        nickname=first("NICKNAME"),
    )


def parse_vcard(text: str) -> Parsed:
    """Every card in ``text``; a card without a name or that vobject cannot read is
    skipped, one without END kept."""
    if first_line(text).upper() != "BEGIN:VCARD":
        raise InvalidInput("this is not a vCard file (it does not start with BEGIN:VCARD)")
    from vobject import base  # type: ignore[import-untyped]

    rows: list[Incoming] = []
    skipped: list[tuple[int, str]] = []
    for number, card in enumerate(_cards(text), start=1):
        try:
            incoming = _card(number, _props(card, base))
        except base.VObjectError as exc:
            skipped.append((number, f"unreadable ({str(exc)[:80]})"))
            continue
        except ValueError as exc:
            raise InvalidInput(f"card {number}: {exc}") from None
        if incoming is None:
            skipped.append((number, NO_NAME))
        else:
            rows.append(incoming)
    return Parsed(rows=rows, skipped=skipped, unknown_columns=[])


# --- writing ----------------------------------------------------------------------


def vcard_escape(text: str) -> str:
    """Escape a TEXT value per RFC 6350 3.4: backslash, comma, semicolon, line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _uri(url: str) -> str:
    """A URI value: not TEXT-escaped, so the characters a parser might split on are %-encoded."""
    return url.replace("\\", "%5C").replace(",", "%2C").replace(";", "%3B")


def fold_line(line: str) -> str:
    """One content line folded at 75 octets (RFC 6350 3.2), each piece ended with CRLF.

    Continuation lines start with a space, which counts toward their 75 octets; a
    line is never broken inside a multi-octet UTF-8 character.
    """
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = VCARD_LINE_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, VCARD_LINE_OCTETS - 1
        current.append(ch)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"


def split_name(name: str) -> tuple[str, str]:
    """(family, given): the last word is the family name, the rest the given names."""
    words = name.split()
    if not words:
        return "", ""
    return words[-1], " ".join(words[:-1])


def _write_card(p: Prospect) -> str:
    family, given = split_name(p.name)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"FN:{vcard_escape(p.name)}",
        f"N:{vcard_escape(family)};{vcard_escape(given)};;;",
    ]
    if p.email:
        lines.append(f"EMAIL:{vcard_escape(str(p.email))}")
    if p.phone:
        lines.append(f"TEL;VALUE=text:{vcard_escape(p.phone)}")
    if p.organization:
        lines.append(f"ORG:{vcard_escape(p.organization)}")
    if p.role:
        lines.append(f"TITLE:{vcard_escape(p.role)}")
    if p.notes:
        lines.append(f"NOTE:{vcard_escape(p.notes)}")
    if p.tags:
        lines.append("CATEGORIES:" + ",".join(vcard_escape(t) for t in p.tags))
    if p.linkedin:
        lines.append(f"URL:{_uri(p.linkedin)}")
    lines.append("END:VCARD")
    return "".join(fold_line(line) for line in lines)


def to_vcard(prospects: Iterable[Prospect]) -> str:
    """One vCard 4.0 per person, concatenated; '' for nobody."""
    return "".join(_write_card(p) for p in prospects)
