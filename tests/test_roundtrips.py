"""Round trips, with Hypothesis: every stored model and every file format gives back what went in.

* every document of the workspace (``archive.ALL_DOCUMENTS``): a model encoded
  and decoded again is equal to itself and encodes to the same bytes, and it
  survives the re-validation every write does;
* contacts: people exported as vCard, CSV or JSON and imported into an empty
  workspace come back with every detail that format carries;
* the .ics file read back by the icalendar library (the event's identity,
  link, people and state; tests/test_ics.py reads the text and times with vobject);
* the .eml draft read back by the standard library's email package;
* the Markdown question sheet read back by a CommonMark parser (markdown-it);
* a backup archive restored into an empty workspace gives identical files;
* the interview form and the prospect form read back to what was written.

Generated text is what a student can store: one-line values have no control
characters (the models refuse them), timestamps carry an offset in whole
minutes (as the app's clock and ``dates.parse_when`` give them) and are stored
to the second.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from email.header import decode_header, make_header
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, reject, settings
from hypothesis import strategies as st
from pydantic import EmailStr, TypeAdapter, ValidationError

from infoview.formats.contacts import parse_contacts
from infoview.formats.eml import build_eml
from infoview.formats.export import export_prospects
from infoview.formats.ics import CalendarEvent, event_ics
from infoview.model.base import build
from infoview.model.interviews import (
    INTEREST_MAX,
    INTEREST_MIN,
)
from infoview.model.people import Profile, ProfileFile, Prospect
from infoview.model.questions import (
    Question,
)
from infoview.model.text import fold
from infoview.model.vocab import Mode
from infoview.render.sheet import Sheet, SheetQuestion, closing_reminders, opener, to_markdown
from infoview.rules.bank import Bank, load_bank
from infoview.rules.importer import import_contacts, linkedin_key
from infoview.rules.interview_form import blank_form, parse_form
from infoview.rules.prospect_form import format_form
from infoview.rules.prospect_form import parse_form as parse_prospect_form
from infoview.store.archive import read_archive
from infoview.store.backup import restore, write_backup
from infoview.store.document import Document, decode, encode
from infoview.store.registry import ALL_DOCUMENTS
from infoview.store.workspace import TEMPLATE_FOLDER, Workspace
from tests.strategies import (
    DOCUMENT_STRATEGIES,
    MULTILINE_CHARACTERS,
    NOW,
    ROUND_TRIP,
    emails,
    line,
    multiline,
    offsets,
    prospects,
    timestamps,
)

DOCUMENTS = {doc.filename: doc for doc in ALL_DOCUMENTS}


def test_every_document_has_a_strategy() -> None:
    assert set(DOCUMENT_STRATEGIES) == set(DOCUMENTS)


# --- the stored models ------------------------------------------------------------


@pytest.mark.parametrize("filename", sorted(DOCUMENTS))
@ROUND_TRIP
@given(data=st.data())
def test_every_document_round_trips(filename: str, data: st.DataObject) -> None:
    doc: Document[Any] = DOCUMENTS[filename]
    model = data.draw(DOCUMENT_STRATEGIES[filename])
    raw = encode(model)
    again, version = decode(doc, raw, Path(filename))
    assert again == model
    assert version == doc.version
    assert encode(again) == raw  # the bytes are stable: a re-save changes nothing
    # What every write does before it saves (store.Transaction.commit).
    assert doc.model.model_validate(model.model_dump()) == model


@ROUND_TRIP
@given(
    when=st.datetimes(
        min_value=datetime(1900, 1, 2), max_value=datetime(2199, 12, 30), timezones=offsets
    )
)
def test_timestamps_are_stored_to_the_second(when: datetime) -> None:
    """The clock has microseconds; files keep seconds, and a second save changes nothing."""
    file = ProfileFile(profile=Profile(name="Ana", updated_at=when))
    raw = encode(file)
    again, _ = decode(DOCUMENTS["profile.json"], raw, Path("profile.json"))
    assert again.profile is not None
    assert again.profile.updated_at == when.replace(microsecond=0)
    assert encode(again) == raw


# --- contacts: export, then import into an empty workspace ------------------------

# What each format carries back into a prospect (the rest is infoview's own state).
CARRIED = {
    "vcard": ("name", "email", "phone", "organization", "role", "notes", "tags", "linkedin"),
    "csv": (
        "name",
        "email",
        "phone",
        "organization",
        "role",
        "fields",
        "relation",
        "notes",
        "tags",
        "linkedin",
        "priority",
        "address_as",
        "how_found",
        "school",
    ),
    "json": (
        "name",
        "email",
        "phone",
        "organization",
        "role",
        "fields",
        "relation",
        "notes",
        "tags",
        "linkedin",
        "priority",
        "address_as",
        "how_found",
        "school",
    ),
}


def _distinct(people: list[Prospect]) -> bool:
    """No two people an import would take for the same person (email, LinkedIn, name at org)."""
    keys: set[object] = set()
    for p in people:
        mine: set[object] = {("name", fold(p.name), fold(p.organization))}
        if p.email:
            mine.add(("email", p.email.casefold()))
        if p.linkedin:
            mine.add(("linkedin", linkedin_key(p.linkedin)))
        if keys & mine:
            return False
        keys |= mine
    return True


@contextmanager
def empty_workspace() -> Iterator[Workspace]:
    with tempfile.TemporaryDirectory(prefix="infoview-roundtrip-") as folder:
        yield Workspace(Path(folder) / "home")


def _no_semicolon_labels(p: Prospect) -> bool:
    """CSV cells of lists are split at ';' and ',' on import, as spreadsheets write
    them, so a label with a ';' in it comes back as two (a known limit of CSV)."""
    return not any(";" in label for label in [*p.fields, *p.tags])


@ROUND_TRIP
@given(fmt=st.sampled_from(sorted(CARRIED)), data=st.data())
def test_contacts_export_then_import(fmt: str, data: st.DataObject) -> None:
    person = prospects().filter(_no_semicolon_labels) if fmt == "csv" else prospects()
    people = data.draw(st.lists(person, min_size=1, max_size=4).filter(_distinct), label="people")
    parsed = parse_contacts(export_prospects(people, fmt), fmt)
    assert parsed.skipped == []
    with empty_workspace() as ws, ws.transaction() as tx:
        result = import_contacts(tx, parsed, relation=None, tags=[], update=False, now=NOW)
        tx.discard()
    assert result.skipped == []
    assert len(result.created) == len(people)
    for before, after in zip(people, result.created, strict=True):
        for key in CARRIED[fmt]:
            assert getattr(after, key) == getattr(before, key), (fmt, key)


# --- the calendar file, read back by icalendar ---------------------------------------

ical_text = line(60).filter(str.strip)


@ROUND_TRIP
@given(
    uid=st.from_regex(r"\Ainterview-[a-z0-9-]{1,20}-[0-9a-f]{12}@infoview\Z"),
    sequence=st.integers(0, 1000),
    start=timestamps.filter(lambda d: 1901 <= d.year <= 2099),
    minutes=st.integers(1, 600),
    summary=ical_text,
    url=st.none() | st.from_regex(r"\Ahttps://meet\.example\.com/[A-Za-z0-9_-]{1,20}\Z"),
    organizer=st.tuples(line(30), emails),
    attendee=st.tuples(line(30), emails),
    cancelled=st.booleans(),
)
def test_ics_read_back_by_icalendar(
    uid: str,
    sequence: int,
    start: datetime,
    minutes: int,
    summary: str,
    url: str | None,
    organizer: tuple[str, str],
    attendee: tuple[str, str],
    cancelled: bool,
) -> None:
    from icalendar import Calendar

    event = CalendarEvent(
        uid=uid,
        sequence=sequence,
        start=start,
        minutes=minutes,
        summary=summary,
        location=url or "",
        url=url,
        organizer_name=organizer[0],
        organizer_email=organizer[1],
        attendee_name=attendee[0],
        attendee_email=attendee[1],
    )
    calendar = Calendar.from_ical(event_ics(event, now=NOW, cancelled=cancelled))
    [vevent] = calendar.walk("VEVENT")
    assert str(calendar["METHOD"]) == ("CANCEL" if cancelled else "PUBLISH")
    assert str(vevent["UID"]) == uid
    assert vevent.decoded("SEQUENCE") == sequence
    assert str(vevent["SUMMARY"]) == summary
    assert vevent.decoded("DTSTART") == start
    assert vevent.decoded("DTEND") - vevent.decoded("DTSTART") == timedelta(minutes=minutes)
    assert str(vevent["STATUS"]) == ("CANCELLED" if cancelled else "CONFIRMED")
    assert (str(vevent["URL"]) if "URL" in vevent else None) == url
    for prop, (name, address) in (("ORGANIZER", organizer), ("ATTENDEE", attendee)):
        assert str(vevent[prop]) == f"mailto:{address}"
        # A parameter cannot carry '"', and a '\\' confuses readers: ics.py writes ' and /.
        expected_cn = name.strip().replace('"', "'").replace("\\", "/") or None
        assert vevent[prop].params.get("CN") == expected_cn, prop
    assert len(calendar.walk("VALARM")) == (0 if cancelled else 2)


# --- the .eml draft, read back by the email package ------------------------------------

# Names and subjects as they are stored and drafted: one line, single-spaced.
header_text = line(60).map(lambda s: " ".join(s.split()))
body_text = st.lists(st.text(MULTILINE_CHARACTERS.filter(lambda c: c != "\r"), max_size=80)).map(
    "\n".join
)


def stored_email(address: str) -> str:
    """The address as a profile or prospect stores it (pydantic's EmailStr normalises it);
    a .eml carries only addresses whose part before the @ is ASCII."""
    try:
        stored = str(TypeAdapter(EmailStr).validate_python(address))
    except ValidationError:
        reject()
    if not stored.rpartition("@")[0].isascii():
        reject()
    return stored


def on_the_wire(address: str) -> str:
    """How a header carries the address: the domain in its ASCII (IDNA) form."""
    from email_validator import validate_email

    local, _, domain = address.rpartition("@")
    if domain.isascii():
        return address
    return f"{local}@{validate_email(address, check_deliverability=False).ascii_domain}"


def addresses(raw: bytes, header: str) -> list[tuple[str, str]]:
    """(name, address) pairs of a header, decoded as RFC 2047 says: the whitespace
    between two encoded words is not part of the text. (The email package's own
    header parser adds a space there.)"""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    pairs = email.utils.getaddresses([str(message[header])])
    return [(str(make_header(decode_header(name))), address) for name, address in pairs]


@ROUND_TRIP
@given(
    subject=header_text,
    body=body_text,
    sender=st.tuples(header_text, emails.map(stored_email)),
    to=st.tuples(header_text, emails.map(stored_email)),
)
def test_eml_headers_and_body_survive(
    subject: str, body: str, sender: tuple[str, str], to: tuple[str, str]
) -> None:
    raw = build_eml(
        subject=subject,
        body=body,
        from_name=sender[0],
        from_email=sender[1],
        to_name=to[0],
        to_email=to[1],
        now=NOW,
    )
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert message["Subject"] == subject
    for header, (name, address) in (("From", sender), ("To", to)):
        [(written_name, written_address)] = addresses(raw, header)
        assert written_address == on_the_wire(address), header
        # Python's header folding may drop a space where it splits a long non-ASCII name
        # into encoded words (RFC 2047 readers ignore the space between two of them), so
        # names are compared without their spaces.
        assert "".join(written_name.split()) == "".join(name.split()), header
    content = message.get_content()
    assert isinstance(content, str)
    expected = body if body.endswith("\n") else body + "\n"
    assert content.replace("\r\n", "\n") == expected
    assert email.utils.parsedate_to_datetime(message["Date"]) == NOW


# --- the Markdown sheet, read back by a CommonMark parser -------------------------------

# Sheet text comes from stored values: one line, single-spaced.
sheet_text = line(60).map(lambda s: " ".join(s.split())).filter(bool)


def rendered(markdown: str) -> list[tuple[str, str]]:
    """(block kind, its text as a reader sees it) for every block with inline text."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(markdown)
    blocks: list[tuple[str, str]] = []
    kinds: list[str] = []
    for token in tokens:
        if token.nesting == 1:
            kinds.append(token.type.removesuffix("_open"))
        elif token.nesting == -1:
            kinds.pop()
        elif token.type == "inline":
            pieces = []
            for child in token.children or []:
                if child.type in ("text", "text_special", "code_inline"):
                    pieces.append(child.content)
                elif child.type == "softbreak":
                    pieces.append("\n")
                elif child.type in ("html_inline", "image", "link_open"):
                    pieces.append(f"<{child.type}>")
            blocks.append(("/".join(kinds), "".join(pieces)))
    return blocks


@ROUND_TRIP
@given(
    person=sheet_text,
    role=st.just("") | sheet_text,
    organization=st.just("") | sheet_text,
    fields=st.lists(sheet_text, max_size=3),
    student=st.tuples(st.just("") | sheet_text, st.just("") | sheet_text, st.just("") | sheet_text),
    questions=st.lists(
        st.tuples(sheet_text, st.from_regex(r"\A[a-z]{1,10}\Z"), st.integers(1, 5)),
        min_size=1,
        max_size=4,
    ),
)
def test_markdown_sheet_reads_back(
    person: str,
    role: str,
    organization: str,
    fields: list[str],
    student: tuple[str, str, str],
    questions: list[tuple[str, str, int]],
) -> None:
    first_line = opener(*student, " and ".join(fields))  # as `questions sheet` makes it
    sheet = Sheet(
        person=person,
        role=role,
        organization=organization,
        fields=fields,
        how_you_know="a neighbour",
        minutes=30,
        opener=first_line,
        questions=[SheetQuestion(text, category, n) for text, category, n in questions],
        reminders=closing_reminders(30),
    )
    blocks = rendered(to_markdown(sheet))
    assert blocks[0] == ("heading", f"Interview sheet: {person}")
    subtitle = ", ".join(p for p in (role, organization) if p)
    texts = [text for _, text in blocks]
    if subtitle:
        assert blocks[1][1] == subtitle
    if fields:
        assert f"Fields: {', '.join(fields)}" in texts
    assert ("blockquote/paragraph", first_line) in blocks
    items = [
        text
        for kind, text in blocks
        if kind == "ordered_list/list_item/paragraph" and text != "Notes:" and set(text) != {"_"}
    ]
    assert items == [f"{text} ({category}, about {n} min)" for text, category, n in questions]


# --- a backup archive, restored into an empty workspace ---------------------------------

template_names = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9 ._-]{0,20}\Z").map(lambda s: s + ".txt")


@settings(ROUND_TRIP, max_examples=30)
@given(
    documents=st.fixed_dictionaries({}, optional=dict(DOCUMENT_STRATEGIES)),
    templates=st.dictionaries(template_names, multiline(200), max_size=3),
)
def test_backup_then_restore_gives_identical_files(
    documents: dict[str, Any], templates: dict[str, str]
) -> None:
    files = {name: encode(model) for name, model in documents.items()}
    files.update({f"{TEMPLATE_FOLDER}/{n}": t.encode() for n, t in templates.items()})
    with tempfile.TemporaryDirectory(prefix="infoview-roundtrip-") as folder:
        source = Workspace(Path(folder) / "source")
        source.root.mkdir(mode=0o700)
        (source.root / TEMPLATE_FOLDER).mkdir(mode=0o700)
        for name, data in files.items():
            (source.root / name).write_bytes(data)
        archive = Path(folder) / "backup.zip"
        assert write_backup(source, archive, NOW) == len(files)
        target = Workspace(Path(folder) / "target")
        result = restore(target, read_archive(archive), NOW)
        assert result.written == len(files)
        restored = {
            str(p.relative_to(target.root)): p.read_bytes()
            for p in [*target.root.glob("*.json"), *target.root.glob(f"{TEMPLATE_FOLDER}/*")]
            if p.is_file()
        }
    assert restored == files


# --- the interview form: written, typed into, read back -----------------------------------

_BANKS: list[Bank] = []


def bank() -> Bank:
    if not _BANKS:
        _BANKS.append(load_bank(None))
    return _BANKS[0]


def form_lines(max_size: int) -> st.SearchStrategy[list[str]]:
    """Lines a student types into the form: never a '# ' comment or a '## ' section."""
    one = st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), max_size=30).map(
        str.strip
    )
    return st.lists(one.filter(lambda s: not s.startswith("#")), max_size=max_size)


def block(lines: list[str]) -> str | None:
    """What the form keeps of typed lines: the text between the first and last non-blank."""
    text = "\n".join(lines).strip()
    return text or None


@ROUND_TRIP
@given(
    # The form shows and reads the time in the student's own offset (that of now).
    held_at=timestamps.filter(lambda d: 1900 <= d.year <= 2100).map(
        lambda d: d.astimezone(NOW.tzinfo).replace(second=0)
    ),
    minutes=st.integers(1, 9999),
    mode=st.sampled_from(Mode),
    interest=st.none() | st.integers(INTEREST_MIN, INTEREST_MAX),
    notes=form_lines(4),
    referrals=form_lines(3),
    typed=st.lists(form_lines(3), min_size=3, max_size=3),
)
def test_interview_form_reads_back_what_was_typed(
    held_at: datetime,
    minutes: int,
    mode: Mode,
    interest: int | None,
    notes: list[str],
    referrals: list[str],
    typed: list[list[str]],
) -> None:
    questions: list[Question] = [
        bank().question(qid)
        for qid in ("favorite-love-most", "favorite-how-decided", "referrals-who-else")
    ]
    text = blank_form(
        "Maria Lopez", "maria-lopez", questions, when=held_at, minutes=minutes, mode=mode
    )
    if interest is not None:
        text = text.replace("\ninterest:\n", f"\ninterest: {interest}\n")
    text = _after(text, "## notes", notes)
    text = _after(text, "## referrals", referrals)
    for q, lines in zip(questions, typed, strict=True):
        text = _after(text, f"## answer {q.id}", lines)
    filled = parse_form(text, NOW, {q.id for q in bank().questions})
    assert filled.held_at == held_at
    assert (filled.minutes, filled.mode, filled.interest) == (minutes, mode, interest)
    assert filled.notes == paragraphs_of(notes)
    assert filled.referrals == [r for r in referrals if r]
    expected = []
    for q, lines in zip(questions, typed, strict=True):
        answer = block(lines)
        if answer:
            expected.append((q.id, answer.lstrip("*").strip(), answer.startswith("*")))
    assert filled.answers == expected


def paragraphs_of(lines: list[str]) -> list[str]:
    """The notes typed lines make: the runs of lines between blank ones."""
    text = "\n".join(line if line.strip() else "" for line in lines)
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _after(text: str, marker: str, added: list[str]) -> str:
    lines = text.split("\n")
    at = lines.index(marker) + 1
    return "\n".join([*lines[:at], *added, *lines[at:]])


# --- the prospect form: every field of a stored person -------------------------------------


@ROUND_TRIP
@given(person=prospects())
def test_prospect_form_round_trips_every_field(person: Prospect) -> None:
    changes = parse_prospect_form(format_form(person))
    assert build(Prospect, {**person.model_dump(), **changes}) == person
    assert set(changes) >= {"name", "email", "phone", "linkedin", "referred_by", "notes"}
