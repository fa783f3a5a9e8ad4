"""Read contacts exported by phones, LinkedIn, spreadsheets and infoview itself.

Parsers only: bytes in, :class:`Parsed` out. Nothing is validated against the
stored models here (the importer does that); values are only decoded, trimmed
and mapped. Choices the importer relies on:

* vCard ``ORG`` units: the first unit is the organization, further units are
  appended in parentheses (``ORG:Acme;Research Lab`` -> ``Acme (Research Lab)``).
* Several emails / phones: the preferred one (``TYPE=pref``, the lowest
  ``PREF=n``, else the first) is kept; the others go to notes as
  ``Other emails: a, b`` / ``Other phones: ...``. Non-LinkedIn URLs go to notes
  as ``Links: ...``. Notes lines come after the card's own NOTE.
* Google's system group ``myContacts`` is not kept as a tag.
* LinkedIn's "Connected On" date goes to notes as ``Connected on 12 Mar 2024``.
* ``relation`` is set only by generic CSV and JSON; it is normalised to a
  :class:`~infoview.model.vocab.Relation` value (``Family Friend`` -> ``family-friend``),
  and a row with an unknown relation or a priority outside 0-3 is skipped.

vobject was tried and is not used: it drops everything after an unescaped comma
in ``NOTE`` (common in 2.1 and sloppy 3.0 exports), loses 2.1 bare type
parameters (``TEL;CELL;PREF``) and gives up on a card without ``END:VCARD``.
The vCard reader below handles 2.1, 3.0 and 4.0 content lines directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from infoview.model.errors import InvalidInput

__all__ = ["FORMATS", "Incoming", "Parsed", "detect_format", "parse_contacts"]

FORMATS = ("vcard", "linkedin", "csv", "json")


@dataclass
class Incoming:
    line: int  # card number (vCard), file line (CSV) or item number (JSON), for messages
    name: str
    email: str | None = None
    phone: str | None = None
    organization: str = ""
    role: str = ""
    fields: list[str] = field(default_factory=list)
    relation: str | None = None  # only when the file says so (generic CSV/JSON)
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    linkedin: str | None = None
    priority: int | None = None


@dataclass
class Parsed:
    rows: list[Incoming]
    skipped: list[tuple[int, str]]  # (line or card number, why)
    unknown_columns: list[str]  # generic CSV columns / JSON keys not recognised


# --- shared helpers -----------------------------------------------------------

_NO_NAME = "no name"
_LINES = re.compile(r"\r\n|\r|\n")


def _unique(values: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        text = value.strip()
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    return list(seen.values())


def _split_list(text: str) -> list[str]:
    return _unique(re.split(r"[;,]", text))


def _is_linkedin(url: str) -> bool:
    return "linkedin.com" in url.lower() or "lnkd.in" in url.lower()


def _join_notes(parts: list[str]) -> str:
    return "\n".join(p for p in (part.strip() for part in parts) if p)


def _decode(data: bytes) -> str:
    """UTF-8 (BOM stripped); cp1252/latin-1 only for vCard 2.1 with CHARSET params."""
    if not data.strip():
        raise InvalidInput("the file is empty")
    if b"\x00" in data:
        raise InvalidInput("the file is not text (it looks like a binary file)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        head = data[:65536].upper()
        if b"BEGIN:VCARD" in head and (b"VERSION:2.1" in head or b"CHARSET=" in head):
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
        else:
            raise InvalidInput(
                "the file is not UTF-8 text", hint="save or export it as UTF-8"
            ) from None
    if not text.strip():
        raise InvalidInput("the file is empty")
    return text


# --- format detection -----------------------------------------------------------

LINKEDIN_HEADER = (
    "first name",
    "last name",
    "url",
    "email address",
    "company",
    "position",
    "connected on",
)


def _first_line(text: str) -> str:
    for line in _LINES.split(text.lstrip("\ufeff")):
        if line.strip():
            return line.strip()
    return ""


def _csv_cells(line: str) -> list[str]:
    import csv

    try:
        return next(csv.reader([line]), [])
    except csv.Error:
        return []


def _linkedin_header_index(lines: list[str]) -> int | None:
    """Index of LinkedIn's header line, found by scanning (the preamble varies)."""
    for index, line in enumerate(lines[:200]):
        if "first name" not in line.lower():
            continue
        cells = tuple(" ".join(c.split()).lower() for c in _csv_cells(line))
        if cells[: len(LINKEDIN_HEADER)] == LINKEDIN_HEADER:
            return index
    return None


def detect_format(text: str) -> str:
    """The format of ``text`` judged from its content, not its file name."""
    first = _first_line(text)
    if first.upper() == "BEGIN:VCARD":
        return "vcard"
    if first[:1] in ("{", "["):
        import json

        try:
            value = json.loads(text.lstrip("\ufeff"))
        except ValueError:
            pass
        else:
            if isinstance(value, (dict, list)):
                return "json"
    if _linkedin_header_index(_LINES.split(text)) is not None:
        return "linkedin"
    if any(_column_key(cell) is not None for cell in _csv_cells(first)):
        return "csv"
    raise InvalidInput(
        "this is not a contacts file infoview can read",
        hint="use a vCard (.vcf), LinkedIn Connections.csv, a CSV with a header row, "
        "or infoview's JSON export",
    )


def parse_contacts(data: bytes, fmt: str = "auto") -> Parsed:
    """Decode ``data`` and parse it as ``fmt`` ("auto" detects it from the content)."""
    if fmt != "auto" and fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)} or auto")
    text = _decode(data)
    detected = detect_format(text) if fmt == "auto" else fmt
    if detected == "vcard":
        return _parse_vcard(text)
    if detected == "linkedin":
        return _parse_linkedin(text)
    if detected == "json":
        return _parse_json(text)
    return _parse_csv(text)


# --- vCard ------------------------------------------------------------------------


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


def _is_qp(line: str) -> bool:
    head = line.split(":", 1)[0].upper()
    return "QUOTED-PRINTABLE" in head


def _unfold(text: str) -> list[str]:
    """Logical lines: folded lines joined, quoted-printable soft breaks joined."""
    logical: list[str] = []
    for raw in _LINES.split(text):
        if logical and _is_qp(logical[-1]) and logical[-1].endswith("="):
            logical[-1] = logical[-1][:-1] + raw  # QP soft line break
        elif logical and raw[:1] in (" ", "\t"):
            logical[-1] += raw[1:]
        elif raw.strip():
            logical.append(raw)
    return logical


def _qp_decode(value: str, charset: str) -> str:
    import codecs
    import quopri

    raw = quopri.decodestring(value.encode("latin-1", "replace"))
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = "utf-8"
    try:
        return raw.decode(charset)
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def _parse_line(line: str) -> _Prop | None:
    head, sep, value = "", "", ""
    quoted = False
    for i, ch in enumerate(line):  # the first ':' outside a quoted parameter value
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            head, sep, value = line[:i], ":", line[i + 1 :]
            break
    if not sep:
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


def _split_escaped(value: str, sep: str) -> list[str]:
    """Split on unescaped ``sep`` and unescape each part."""
    parts: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            current.append(_ESCAPES.get(nxt, "\\" + nxt))
            i += 2
            continue
        if ch == sep:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _text(value: str) -> str:
    return _split_escaped(value, "\0")[0].strip()


def _pref_rank(prop: _Prop) -> int:
    types = [t.lower() for t in prop.params.get("TYPE", [])]
    pref = prop.params.get("PREF", [])
    if pref and pref[0].isdigit():
        return int(pref[0])
    return 0 if "pref" in types else 101


def _pick(props: list[_Prop], clean: Any) -> tuple[str | None, list[str]]:
    values = [(i, _pref_rank(p), clean(_text(p.value))) for i, p in enumerate(props)]
    values = [v for v in values if v[2]]
    if not values:
        return None, []
    best = min(values, key=lambda v: (v[1], v[0]))
    others = _unique([v[2] for v in values if v is not best and v[2] != best[2]])
    return best[2], others


def _clean_phone(value: str) -> str:
    return value[4:].strip() if value.lower().startswith("tel:") else value


def _clean_email(value: str) -> str:
    return value[7:].strip() if value.lower().startswith("mailto:") else value


_SYSTEM_GROUPS = frozenset({"mycontacts"})


def _card(number: int, props: list[_Prop]) -> Incoming | None:
    by: dict[str, list[_Prop]] = {}
    for prop in props:
        by.setdefault(prop.name, []).append(prop)

    def first(name: str) -> str:
        return next((t for t in (_text(p.value) for p in by.get(name, [])) if t), "")

    name = " ".join(first("FN").split())
    if not name and by.get("N"):
        parts = [p.strip() for p in _split_escaped(by["N"][0].value, ";")] + ["", ""]
        family, given = parts[0], parts[1]
        name = " ".join(" ".join(x for x in (given, family) if x).split())
    if not name:
        return None

    organization = ""
    if by.get("ORG"):
        units = [u.strip() for u in _split_escaped(by["ORG"][0].value, ";")]
        units = [u for u in units if u]
        if units:
            organization = units[0] + (f" ({', '.join(units[1:])})" if len(units) > 1 else "")

    email, other_emails = _pick(by.get("EMAIL", []), _clean_email)
    phone, other_phones = _pick(by.get("TEL", []), _clean_phone)

    linkedin: str | None = None
    links: list[str] = []
    for prop in by.get("URL", []) + by.get("X-SOCIALPROFILE", []):
        url = _text(prop.value)
        if not url:
            continue
        if linkedin is None and _is_linkedin(url):
            linkedin = url
        elif prop.name == "URL":
            links.append(url)

    tags: list[str] = []
    for prop in by.get("CATEGORIES", []):
        tags += _split_escaped(prop.value, ",")
    tags = [t for t in _unique(tags) if t.casefold() not in _SYSTEM_GROUPS]

    notes = [
        "\n".join(_text(p.value) for p in by.get("NOTE", [])),
        "Other emails: " + ", ".join(other_emails) if other_emails else "",
        "Other phones: " + ", ".join(other_phones) if other_phones else "",
        "Links: " + ", ".join(_unique(links)) if links else "",
    ]
    return Incoming(
        line=number,
        name=name,
        email=email,
        phone=phone,
        organization=organization,
        role=first("TITLE"),
        notes=_join_notes(notes),
        tags=tags,
        linkedin=linkedin,
    )


def _parse_vcard(text: str) -> Parsed:
    if _first_line(text).upper() != "BEGIN:VCARD":
        raise InvalidInput("this is not a vCard file (it does not start with BEGIN:VCARD)")
    rows: list[Incoming] = []
    skipped: list[tuple[int, str]] = []
    card: list[_Prop] | None = None
    number = 0

    def finish() -> None:
        assert card is not None
        incoming = _card(number, card)
        if incoming is None:
            skipped.append((number, _NO_NAME))
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
            prop = _parse_line(line)
            if prop is not None:
                card.append(prop)
    if card is not None:
        finish()
    return Parsed(rows=rows, skipped=skipped, unknown_columns=[])


# --- LinkedIn Connections.csv -----------------------------------------------------


def _rows_with_lines(text: str, start: int) -> Any:
    """(first file line number, cells) for each CSV record from line index ``start``."""
    import csv
    import io

    lines = _LINES.split(text)
    body = "\n".join(lines[start:])
    reader = csv.reader(io.StringIO(body, newline=""))
    previous = 0
    try:
        for cells in reader:
            yield start + previous + 1, cells
            previous = reader.line_num
    except csv.Error as exc:
        raise InvalidInput(f"line {start + reader.line_num}: this CSV is damaged ({exc})") from None


def _parse_linkedin(text: str) -> Parsed:
    text = text.lstrip("\ufeff")
    start = _linkedin_header_index(_LINES.split(text))
    if start is None:
        raise InvalidInput(
            "this is not LinkedIn's Connections.csv (no 'First Name,Last Name,URL,...' header)"
        )
    rows: list[Incoming] = []
    skipped: list[tuple[int, str]] = []
    records = _rows_with_lines(text, start)
    next(records)  # the header
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue
        cells = [c.strip() for c in cells] + [""] * 7
        first, last, url, email, company, position, connected = cells[:7]
        name = " ".join(f"{first} {last}".split())
        if not name:
            skipped.append((line, _NO_NAME))
            continue
        rows.append(
            Incoming(
                line=line,
                name=name,
                email=email or None,
                organization=company,
                role=position,
                linkedin=url or None,
                notes=f"Connected on {connected}" if connected else "",
            )
        )
    return Parsed(rows=rows, skipped=skipped, unknown_columns=[])


# --- generic CSV ----------------------------------------------------------------------

_COLUMNS = {
    "name": "name",
    "fullname": "name",
    "firstname": "first",
    "lastname": "last",
    "email": "email",
    "emailaddress": "email",
    "phone": "phone",
    "phonenumber": "phone",
    "mobile": "phone",
    "organization": "organization",
    "organisation": "organization",
    "company": "organization",
    "employer": "organization",
    "role": "role",
    "title": "role",
    "position": "role",
    "jobtitle": "role",
    "field": "fields",
    "fields": "fields",
    "relation": "relation",
    "relationship": "relation",
    "notes": "notes",
    "note": "notes",
    "tags": "tags",
    "tag": "tags",
    "linkedin": "linkedin",
    "linkedinurl": "linkedin",
    "url": "url",
    "priority": "priority",
}


def _column_key(header: str) -> str | None:
    return _COLUMNS.get(re.sub(r"[\s_\-]+", "", header.strip().lstrip("\ufeff").lower()))


# What export.neutralise quotes (export.FORMULA_TRIGGERS; not imported: parsers stay light).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _unneutralise(cell: str) -> str:
    """Undo infoview's formula neutralising, exactly as export.unneutralise does:
    "'=x" -> "=x", "''=x" -> "'=x"; any other leading quote is the cell's own."""
    if cell.startswith("'") and cell.lstrip("'").startswith(_FORMULA_START):
        return cell[1:]
    return cell


def _relation(value: str) -> str:
    from infoview.model.vocab import Relation

    key = re.sub(r"[\s_]+", "-", value.strip().lower())
    allowed = {r.value for r in Relation}
    if key not in allowed:
        raise ValueError(f"relation {value!r} is not one of {', '.join(sorted(allowed))}")
    return key


def _priority(value: str | int) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not 0 <= int(text) <= 3:
        raise ValueError(f"priority {text!r} is not 0, 1, 2 or 3")
    return int(text)


def _parse_csv(text: str) -> Parsed:
    text = text.lstrip("\ufeff")
    lines = _LINES.split(text)
    start = next((i for i, line in enumerate(lines) if line.strip()), 0)
    records = _rows_with_lines(text, start)
    _, header = next(records, (0, []))
    keys = [_column_key(h) for h in header]
    if not any(k in ("name", "first", "last") for k in keys):
        raise InvalidInput(
            "this CSV has no name column",
            hint="the header row needs a 'name' column (or 'first name' and 'last name')",
        )
    unknown = [h.strip() for h, k in zip(header, keys, strict=True) if k is None and h.strip()]
    columns = [(i, k) for i, k in enumerate(keys) if k is not None]
    rows: list[Incoming] = []
    skipped: list[tuple[int, str]] = []
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue
        values: dict[str, list[str]] = {}
        for i, key in columns:
            if i < len(cells):
                cell = _unneutralise(cells[i]).strip()
                if cell:
                    values.setdefault(key, []).append(cell)

        def one(key: str, values: dict[str, list[str]] = values) -> str:
            return values.get(key, [""])[0]

        name = " ".join(one("name").split()) or " ".join(f"{one('first')} {one('last')}".split())
        if not name:
            skipped.append((line, _NO_NAME))
            continue
        try:
            relation = _relation(one("relation")) if one("relation") else None
            priority = _priority(one("priority")) if one("priority") else None
        except ValueError as exc:
            skipped.append((line, str(exc)))
            continue
        linkedin = one("linkedin") or None
        links: list[str] = []
        for url in values.get("url", []):
            if linkedin is None and _is_linkedin(url):
                linkedin = url
            else:
                links.append(url)
        notes = ["\n".join(values.get("notes", [])), "Links: " + ", ".join(links) if links else ""]
        rows.append(
            Incoming(
                line=line,
                name=name,
                email=one("email") or None,
                phone=one("phone") or None,
                organization=one("organization"),
                role=one("role"),
                fields=_split_list(",".join(values.get("fields", []))),
                relation=relation,
                notes=_join_notes(notes),
                tags=_split_list(",".join(values.get("tags", []))),
                linkedin=linkedin,
                priority=priority,
            )
        )
    return Parsed(rows=rows, skipped=skipped, unknown_columns=unknown)


# --- infoview's JSON export -----------------------------------------------------------

_JSON_KEYS = frozenset(
    {"name", "role", "organization", "fields", "relation", "email", "phone", "linkedin"}
    | {"tags", "notes", "priority"}
)
_JSON_IGNORED = frozenset(
    {"id", "status", "cadence_days", "created_at", "updated_at", "referred_by"}
)


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
        return _split_list(value)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key} is not a list of text")
    return _unique(value)


def _parse_json(text: str) -> Parsed:
    import json

    try:
        data = json.loads(text.lstrip("\ufeff"))
    except ValueError as exc:
        raise InvalidInput(f"this is not valid JSON ({exc})") from None
    if isinstance(data, dict):
        version = data.get("schema_version", 1)
        if isinstance(version, int) and version > 1:
            raise InvalidInput("this file was written by a newer infoview")
        items = data.get("prospects")
        if not isinstance(items, list):
            raise InvalidInput("this JSON has no 'prospects' list")
    elif isinstance(data, list):
        items = data
    else:
        raise InvalidInput("this JSON is neither an infoview export nor a list of people")
    rows: list[Incoming] = []
    skipped: list[tuple[int, str]] = []
    unknown: dict[str, None] = {}
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            skipped.append((number, "not an object"))
            continue
        for key in item:
            if key not in _JSON_KEYS and key not in _JSON_IGNORED:
                unknown[str(key)] = None
        try:
            name = " ".join(_json_text(item, "name").split())
            if not name:
                skipped.append((number, _NO_NAME))
                continue
            relation = _json_text(item, "relation")
            priority = item.get("priority")
            rows.append(
                Incoming(
                    line=number,
                    name=name,
                    email=_json_text(item, "email") or None,
                    phone=_json_text(item, "phone") or None,
                    organization=_json_text(item, "organization"),
                    role=_json_text(item, "role"),
                    fields=_json_list(item, "fields"),
                    relation=_relation(relation) if relation else None,
                    notes=_json_text(item, "notes"),
                    tags=_json_list(item, "tags"),
                    linkedin=_json_text(item, "linkedin") or None,
                    priority=None if priority is None else _priority(priority),
                )
            )
        except ValueError as exc:
            skipped.append((number, str(exc)))
    return Parsed(rows=rows, skipped=skipped, unknown_columns=list(unknown))
