"""vCard: reading the cards phones and address books export, and writing vCard 4.0.

Reading (2.1, 3.0 and 4.0 content lines, read directly):

* ``ORG`` units: the first unit is the organization, further units are appended
  in parentheses (``ORG:Acme;Research Lab`` -> ``Acme (Research Lab)``).
* Several emails / phones: the preferred one (``TYPE=pref``, the lowest
  ``PREF=n``, else the first) is kept; the others go to notes as
  ``Other emails: a, b`` / ``Other phones: ...``. Non-LinkedIn URLs go to notes
  as ``Links: ...``. Notes lines come after the card's own NOTE.
* Google's system group ``myContacts`` is not kept as a tag.

vobject was tried and is not used: it drops everything after an unescaped comma
in ``NOTE`` (common in 2.1 and sloppy 3.0 exports), loses 2.1 bare type
parameters (``TEL;CELL;PREF``) and gives up on a card without ``END:VCARD``.

Writing (RFC 6350): one card per person; TEXT values escaped (``\\``, ``,``,
``;``, newlines), lines folded at 75 octets (never inside a UTF-8 character)
and ended with CRLF.
"""

from __future__ import annotations

import codecs
import quopri
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

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
    group: str
    name: str
    params: dict[str, list[str]]
    value: str  # still escaped, but QP/charset already decoded


def _split_unquoted(text: str, sep: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        if ch == sep and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _is_qp(head: str) -> bool:
    return "QUOTED-PRINTABLE" in head.upper()


def _unfold(text: str) -> list[str]:
    """Logical lines: folded lines joined, quoted-printable soft breaks joined.

    Each logical line is gathered as a list of pieces and joined once, and whether
    it is quoted-printable is decided once its name and parameters are known, so a
    card of megabytes (a PHOTO) unfolds in time proportional to its size.
    """
    logical: list[list[str]] = []
    head: list[str] | None = None  # the current line's pieces before its first ':'
    qp = False
    for raw in LINES.split(text):
        if logical and qp and logical[-1][-1].endswith("="):
            pieces = logical[-1]
            pieces[-1] = pieces[-1][:-1]  # QP soft line break
            pieces.append(raw)
            continue
        if logical and raw[:1] in (" ", "\t"):
            piece = raw[1:]
            logical[-1].append(piece)
        elif raw.strip():
            piece = raw
            logical.append([piece])
            head, qp = [], False
        else:
            continue
        if head is not None:  # still reading the name and parameters
            before, colon, _ = piece.partition(":")
            head.append(before)
            if colon:
                qp, head = _is_qp("".join(head)), None
    return ["".join(pieces) for pieces in logical]


def _qp_decode(value: str, charset: str) -> str:
    """ValueError for a CHARSET that names a codec but not a character set (rot13)."""
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


_HEAD_END = re.compile(r'[":]')


def _parse_line(line: str) -> _Prop | None:
    head, value = "", None
    quoted = False
    for match in _HEAD_END.finditer(line):  # the first ':' outside a quoted parameter value
        if match.group() == '"':
            quoted = not quoted
        elif not quoted:
            head, value = line[: match.start()], line[match.end() :]
            break
    if value is None:
        return None
    name_part, *param_parts = _split_unquoted(head, ";")
    group, _, name = name_part.rpartition(".")
    params: dict[str, list[str]] = {}
    for part in param_parts:
        key, eq, val = part.partition("=")
        if not eq:  # vCard 2.1 bare parameter: TEL;CELL;PREF
            key, val = "TYPE", key
        values = [v.strip().strip('"') for v in val.strip('"').split(",")]
        params.setdefault(key.strip().upper(), []).extend(v for v in values if v)
    encoding = [v.upper() for v in params.get("ENCODING", [])]
    if "QUOTED-PRINTABLE" in encoding:
        charset = (params.get("CHARSET") or ["utf-8"])[0]
        value = _qp_decode(value, charset)
    return _Prop(group.strip().lower(), name.strip().upper(), params, value)


_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\", ":": ":"}


_SPLITTERS: dict[str, re.Pattern[str]] = {}


def _split_escaped(value: str, sep: str) -> list[str]:
    """Split on unescaped ``sep`` and unescape each part."""
    pattern = _SPLITTERS.get(sep)
    if pattern is None:
        pattern = _SPLITTERS[sep] = re.compile(r"\\(.)|" + re.escape(sep), re.S)
    parts: list[str] = []
    current: list[str] = []
    last = 0
    for match in pattern.finditer(value):
        current.append(value[last : match.start()])
        escaped = match.group(1)
        if escaped is not None:
            current.append(_ESCAPES.get(escaped, "\\" + escaped))
        else:
            parts.append("".join(current))
            current = []
        last = match.end()
    current.append(value[last:])
    parts.append("".join(current))
    return parts


def _text(value: str) -> str:
    return _split_escaped(value, "\0")[0].strip()


_PREF = re.compile(r"[0-9]{1,3}")


def _pref_rank(prop: _Prop) -> int:
    types = [t.lower() for t in prop.params.get("TYPE", [])]
    pref = prop.params.get("PREF", [])
    if pref and _PREF.fullmatch(pref[0]):  # ASCII digits: int() refuses "¹", isdigit() not
        return int(pref[0])
    return 0 if "pref" in types else 101


def _pick(props: list[_Prop], clean: Callable[[str], str]) -> tuple[str | None, list[str]]:
    values = [(i, _pref_rank(p), clean(_text(p.value))) for i, p in enumerate(props)]
    values = [v for v in values if v[2]]
    if not values:
        return None, []
    best = min(values, key=lambda v: (v[1], v[0]))
    others = unique([v[2] for v in values if v is not best and v[2] != best[2]])
    return best[2], others


def _clean_phone(value: str) -> str:
    return value[4:].strip() if value.lower().startswith("tel:") else value


def _clean_email(value: str) -> str:
    return value[7:].strip() if value.lower().startswith("mailto:") else value


_SYSTEM_GROUPS = frozenset({"mycontacts"})


def _card_name(by: dict[str, list[_Prop]], first: Callable[[str], str]) -> str:
    name = " ".join(first("FN").split())
    if not name and by.get("N"):
        parts = [p.strip() for p in _split_escaped(by["N"][0].value, ";")] + ["", ""]
        family, given = parts[0], parts[1]
        name = " ".join(" ".join(x for x in (given, family) if x).split())
    return name


def _card_address(by: dict[str, list[_Prop]]) -> str:
    """How to greet them, from the structured name's prefix: N:Tanaka;Keiko;;Aunt; is
    "Aunt Keiko", N:Weiss;Samuel;;Dr.; is "Dr. Weiss" (the formatted name may lack it)."""
    if not by.get("N"):
        return ""
    parts = [_text(p) for p in _split_escaped(by["N"][0].value, ";")] + ["", "", "", ""]
    family, given, prefix = parts[0], parts[1], parts[3]
    if not prefix.strip():
        return ""
    return derived_address(" ".join(x for x in (prefix, given, family) if x), formal=True)


def _card_organization(by: dict[str, list[_Prop]]) -> str:
    if not by.get("ORG"):
        return ""
    units = [u.strip() for u in _split_escaped(by["ORG"][0].value, ";")]
    units = [u for u in units if u]
    if not units:
        return ""
    return units[0] + (f" ({', '.join(units[1:])})" if len(units) > 1 else "")


def _card_links(by: dict[str, list[_Prop]]) -> tuple[str | None, list[str]]:
    """The LinkedIn address and every other URL."""
    linkedin: str | None = None
    links: list[str] = []
    for prop in by.get("URL", []) + by.get("X-SOCIALPROFILE", []):
        url = _text(prop.value)
        if not url:
            continue
        if linkedin is None and is_linkedin(url):
            linkedin = url
        elif prop.name == "URL":
            links.append(url)
    return linkedin, links


def _card(number: int, props: list[_Prop]) -> Incoming | None:
    by: dict[str, list[_Prop]] = {}
    for prop in props:
        by.setdefault(prop.name, []).append(prop)

    def first(name: str) -> str:
        return next((t for t in (_text(p.value) for p in by.get(name, [])) if t), "")

    name = _card_name(by, first)
    if not name:
        return None
    email, other_emails = _pick(by.get("EMAIL", []), _clean_email)
    phone, other_phones = _pick(by.get("TEL", []), _clean_phone)
    linkedin, links = _card_links(by)
    tags: list[str] = []
    for prop in by.get("CATEGORIES", []):
        tags += _split_escaped(prop.value, ",")
    tags = [t for t in unique(tags) if t.casefold() not in _SYSTEM_GROUPS]

    notes = [
        "\n".join(_text(p.value) for p in by.get("NOTE", [])),
        "Other emails: " + ", ".join(other_emails) if other_emails else "",
        "Other phones: " + ", ".join(other_phones) if other_phones else "",
        "Links: " + ", ".join(unique(links)) if links else "",
    ]
    return Incoming(
        line=number,
        name=name,
        email=email,
        phone=phone,
        organization=_card_organization(by),
        role=first("TITLE"),
        notes=join_notes(notes),
        tags=tags,
        linkedin=linkedin,
        address_as=_card_address(by),
    )


def parse_vcard(text: str) -> Parsed:
    """Every card in ``text``; a card without a name is skipped, one without END kept."""
    if first_line(text).upper() != "BEGIN:VCARD":
        raise InvalidInput("this is not a vCard file (it does not start with BEGIN:VCARD)")
    rows: list[Incoming] = []
    skipped: list[tuple[int, str]] = []
    card: list[_Prop] | None = None
    number = 0

    def finish() -> None:
        assert card is not None
        try:
            incoming = _card(number, card)
        except ValueError as exc:
            raise InvalidInput(f"card {number}: {exc}") from None
        if incoming is None:
            skipped.append((number, NO_NAME))
        else:
            rows.append(incoming)

    for line in _unfold(text):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if card is not None:  # a card without END: keep what it had
                finish()
            number += 1
            card = []
        elif upper == "END:VCARD":
            if card is not None:
                finish()
            card = None
        elif card is not None:
            try:
                prop = _parse_line(line)
            except ValueError as exc:
                raise InvalidInput(f"card {number}: {exc}") from None
            if prop is not None:
                card.append(prop)
    if card is not None:
        finish()
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
