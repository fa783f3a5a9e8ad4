"""What other people's data cannot do: run code, forge headers, formulas or paths, leak, phone home.

Names, notes and roles come from imported address books and spreadsheets, that
is from other people; every value below is treated as hostile:

* YAML is only ever loaded with a safe loader: a ``!!python/...`` tag in the
  question bank or the career-field map is refused and never runs.
* No value adds a header to an ``.eml`` (CR/LF, also hidden in an RFC 2047
  encoded word), a property or parameter to an ``.ics`` (CR/LF, ``;``, ``,``,
  ``:``, quotes), a formula to a CSV cell, or a path outside the chosen folder to
  a file name made from a person's name.
* Workspace files stay 0600 and folders 0700 through every write, backup and
  restore, even with a umask of 0; files written for other programs are 0600 too.
* Nothing is sent over the network: a broad run of commands in a process whose
  sockets and name lookups raise finds none of them used.
"""

from __future__ import annotations

import csv
import email
import email.policy
import io
import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, reject, settings
from hypothesis import strategies as st
from icalendar import Calendar
from pydantic import ValidationError

import infoview
from infoview.formats.csv import FORMULA_TRIGGERS
from infoview.formats.eml import LINE_BREAKS, build_eml
from infoview.formats.export import export_prospects
from infoview.formats.ics import CalendarEvent, event_ics
from infoview.model.errors import DataError, InvalidInput
from infoview.model.people import Prospect
from infoview.rules.bank import load_bank_file
from infoview.rules.fields import load_fields_file
from infoview.store.registry import PROSPECTS
from infoview.store.workspace import Workspace
from infoview.store.yaml_model import _yaml_loader
from tests.helpers import NOW, SMALL_BANK, STAMP, TIMEOUT, Cli, environ, prospect_dict

SRC = Path(infoview.__file__).resolve().parent
SAMPLES = Path(__file__).resolve().parent / "data" / "contacts"


# --- YAML is loaded safely ---------------------------------------------------

FIELDS = """\
schema_version: 1
fields:
  - id: healthcare
    name: Healthcare
    related: [law]
  - id: law
    name: Law
    related: [healthcare]
"""
# Each tag in place of a plain value; each would run `touch MARKER` under an unsafe loader.
UNSAFE_TAGS = [
    "!!python/object/apply:os.system ['touch MARKER']",
    "!!python/object/apply:subprocess.call [['touch', 'MARKER']]",
    "!!python/object/new:os.system ['touch MARKER']",
    "!python/object/apply:os.system ['touch MARKER']",  # a local tag: still no constructor
    "!!python/name:os.system",
    "!!python/module:os",
]
LOADERS = {
    "bank": (load_bank_file, SMALL_BANK, "How did you start?"),
    "fields": (load_fields_file, FIELDS, "Law"),
}


@pytest.fixture(params=["C loader", "pure-Python loader"])
def yaml_flavour(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run with libyaml's loader where PyYAML has it, and with the pure-Python one."""
    if request.param == "pure-Python loader":
        monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML was built without libyaml")
    return str(request.param)


@pytest.mark.parametrize("which", LOADERS)
@pytest.mark.parametrize("tag", UNSAFE_TAGS)
def test_a_python_tag_in_a_yaml_file_is_refused_and_never_runs(
    tmp_path: Path, yaml_flavour: str, which: str, tag: str
) -> None:
    load, text, plain = LOADERS[which]
    marker = tmp_path / "pwned"
    path = tmp_path / f"{which}.yaml"
    path.write_text(text.replace(plain, tag.replace("MARKER", str(marker)), 1), encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(path)
    assert str(path) in info.value.message
    assert not marker.exists()


def test_the_yaml_loader_is_a_safe_one(yaml_flavour: str) -> None:
    loader = _yaml_loader()
    assert issubclass(loader, yaml.constructor.SafeConstructor)
    assert not issubclass(loader, yaml.constructor.FullConstructor)  # Full and Unsafe
    assert (loader is yaml.SafeLoader) == (yaml_flavour == "pure-Python loader")


UNSAFE_YAML_USE = re.compile(
    r"yaml\.(load|load_all|full_load|full_load_all|unsafe_load|unsafe_load_all)\s*\("
    r"|\b(Full|Unsafe)?Loader\b(?<!SafeLoader)"
    r"|\b(Full|Unsafe)Constructor\b"
)


def test_no_source_file_loads_yaml_any_other_way() -> None:
    """Every YAML read goes through _yaml_loader(): no yaml.load, no Loader/FullLoader."""
    offending = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if UNSAFE_YAML_USE.search(line)
    ]
    assert offending == []


# --- .eml: no value adds a header ------------------------------------------------

# Pieces an attacker would try, mixed into arbitrary text.
HEADER_TRICKS = st.sampled_from(
    [
        "\r\n",
        "\n",
        "\r",
        "\u2028",
        "\x85",
        "\r\nBcc: evil@example.com",
        "\nBcc: evil@example.com\n\nbody",
        "=?utf-8?q?=0D=0ABcc:_evil@example.com?=",  # a line break hidden in an encoded word
        "=?utf-8?b?DQpCY2M6IGV2aWxAZXhhbXBsZS5jb20=?=",  # the same, base64
        "=?utf-8?q?evil@example.com,_?=",
        "evil@example.com, ",
        "<evil@example.com>",
        '"',
        "\\",
        ":",
        ";",
        ",",
        "\t",
        "é",
        "漢",
    ]
)
HEADER_TEXT = st.lists(
    st.one_of(st.characters(codec="utf-8"), HEADER_TRICKS),
    max_size=25,
).map("".join)


def eml_header_names(raw: bytes) -> list[str]:
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")  # headers are 7-bit: RFC 2047 encoded
    return [line.split(":", 1)[0] for line in head.split("\r\n") if line[:1] not in (" ", "\t")]


def eml(**changes: str) -> bytes:
    values = {
        "subject": "Hello",
        "from_name": "Ana Ruiz",
        "to_name": "Maria Lopez",
    }
    values.update(changes)
    return build_eml(
        body="Hi\n",
        from_email="ana@example.com",
        to_email="maria@example.org",
        now=NOW,
        **values,
    )


EML_HEADERS = eml_header_names(eml())


@settings(max_examples=300, deadline=None)
@given(subject=HEADER_TEXT, from_name=HEADER_TEXT, to_name=HEADER_TEXT)
def test_no_name_or_subject_adds_a_header_to_an_eml(
    subject: str, from_name: str, to_name: str
) -> None:
    try:
        raw = eml(subject=subject, from_name=from_name, to_name=to_name)
    except InvalidInput:
        # Refused only for a line break, plain or hidden in an encoded word.
        assert any(ch in LINE_BREAKS for ch in subject + from_name + to_name) or "=?" in (
            subject + from_name + to_name
        )
        return
    assert eml_header_names(raw) == EML_HEADERS
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert [a.addr_spec for a in msg["From"].addresses] == ["ana@example.com"]
    assert [a.addr_spec for a in msg["To"].addresses] == ["maria@example.org"]
    assert msg["Bcc"] is None and msg["Cc"] is None


@pytest.mark.parametrize("field", ["subject", "from_name", "to_name"])
@pytest.mark.parametrize(
    "trick",
    ["=?utf-8?q?=0D=0ABcc:_evil@example.com?=", "=?utf-8?b?DQpCY2M6IGV2aWxAZXhhbXBsZS5jb20=?="],
    ids=["q", "b"],
)
def test_an_encoded_line_break_cannot_add_a_bcc(field: str, trick: str) -> None:
    """The email package decodes =?...?= words as it writes; such a value is refused."""
    with pytest.raises(InvalidInput, match="header"):
        eml(**{field: "Maria " + trick})


def test_an_encoded_line_break_in_a_name_stops_the_draft(cli: Cli, tmp_path: Path) -> None:
    cli("profile", "set", "--name", "Ana Ruiz", "--email", "ana@example.com")
    name = "Maria =?utf-8?q?=0D=0ABcc:_evil@example.com?="  # what an imported vCard may carry
    cli("prospect", "add", name, "--email", "maria@example.org")
    out = tmp_path / "maria.eml"
    result = cli("outreach", "draft", "maria", "--eml", str(out), expect=1)
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "header" in result.stderr
    assert not out.exists()


# --- .ics: no value adds a property or a parameter -----------------------------

ICS_TRICKS = st.sampled_from(
    [
        "\r\n",
        "\n",
        "\r",
        "\u2028",
        "\r\nATTENDEE:mailto:evil@example.com",
        "\nBEGIN:VALARM\nACTION:EMAIL\nEND:VALARM",
        ";RSVP=TRUE",
        ";CN=Evil:mailto:evil@example.com",
        ',mailto:evil@example.com"',
        ":",
        ";",
        ",",
        '"',
        "\\",
        "\\n",
        "\\N",
        "^",
        "\t",
        "\x00",
        "é",
        "☕",
    ]
)
ICS_TEXT = st.lists(st.one_of(st.characters(codec="utf-8"), ICS_TRICKS), max_size=25).map("".join)
LINK = "https://meet.example.com/j/123?pwd=a,b;c"


def ics_lines(raw: bytes) -> list[str]:
    """Content lines after RFC 5545 unfolding."""
    text = raw.decode("utf-8")
    assert text.endswith("\r\n")
    return re.sub(r"\r\n[ \t]", "", text).split("\r\n")[:-1]


PARAM = re.compile(r';([A-Z0-9-]+)=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*')


def ics_structure(raw: bytes) -> list[str]:
    """Each content line's name and parameter names: what a value must never change."""
    shape = []
    for line in ics_lines(raw):
        name = re.match(r"[A-Z0-9-]+", line)
        assert name, line
        rest, params = line[name.end() :], []
        while rest.startswith(";"):  # ;NAME=value or ;NAME="quoted value", maybe a list
            param = PARAM.match(rest)
            assert param, line
            params.append(param.group(1))
            rest = rest[param.end() :]
        assert rest.startswith(":"), line
        shape.append(name.group(0) + "".join(f";{p}" for p in params))
    return shape


def ics(**changes: str) -> bytes:
    values = {
        "summary": "Informational interview with Maria",
        "location": "Cafe",
        "description": "Questions",
        "person": "Maria",
        "attendee_name": "Maria Lopez",
        "organizer_name": "Ana Ruiz",
    }
    values.update(changes)
    event = CalendarEvent(
        uid="interview-maria-1@infoview",
        sequence=0,
        start=datetime(2026, 12, 3, 15, 30, tzinfo=timezone(timedelta(hours=-5))),
        minutes=30,
        url=LINK,
        organizer_email="ana@example.com",
        attendee_email="maria@example.org",
        **values,
    )
    return event_ics(event, now=NOW)


ICS_SHAPE = ics_structure(ics())


@settings(max_examples=250, deadline=None)
@given(
    summary=ICS_TEXT.filter(lambda s: re.sub(r"[\x00-\x1f\x7f]", "", s).strip() != ""),
    location=ICS_TEXT.filter(lambda s: s.strip() != ""),
    description=ICS_TEXT.filter(lambda s: s.strip() != ""),
    person=ICS_TEXT,
    attendee_name=ICS_TEXT,
    organizer_name=ICS_TEXT,
)
def test_no_value_adds_a_property_or_parameter_to_an_ics(
    summary: str,
    location: str,
    description: str,
    person: str,
    attendee_name: str,
    organizer_name: str,
) -> None:
    try:
        raw = ics(
            summary=summary,
            location=location,
            description=description,
            person=person,
            attendee_name=attendee_name,
            organizer_name=organizer_name,
        )
    except InvalidInput:
        # Only the one-line values (names) are refused, and only for a break or control.
        assert re.search(r"[\x00-\x1f\x7f\x85\u2028\u2029]", attendee_name + organizer_name)
        return
    # The same lines and parameters as a plain event with the same parts left out.
    plain = ics(
        attendee_name="x" if attendee_name.strip() else "",
        organizer_name="x" if organizer_name.strip() else "",
    )
    assert ics_structure(raw) == ics_structure(plain)
    (event,) = Calendar.from_ical(raw).walk("VEVENT")
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:maria@example.org"
    assert set(attendee.params) <= {"CN"}
    assert str(event["ORGANIZER"]) == "mailto:ana@example.com"
    assert str(event["URL"]) == LINK


@pytest.mark.parametrize("field", ["location", "summary", "description"])
def test_a_link_or_place_with_separators_stays_one_value(field: str) -> None:
    value = 'Room 2; floor 3, "east" wing: ask\r\nATTENDEE;CN=x:mailto:evil@example.com'
    raw = ics(**{field: value})
    assert ics_structure(raw) == ICS_SHAPE
    (event,) = Calendar.from_ical(raw).walk("VEVENT")
    assert str(event[field.upper()]) == value.replace("\r\n", "\n")


# --- CSV: no cell is a formula ------------------------------------------------------

# What a stored value may hold (the models refuse control characters).
PRINTABLE = st.characters(categories=("L", "N", "P", "S", "Zs"))
FORMULA = st.builds(
    lambda lead, trigger, rest: lead + trigger + rest,
    st.sampled_from(["", " ", "  ", "\t", "\u00a0", "\u3000", "'", "''", " '"]),
    st.sampled_from(["=", "+", "-", "@", "\t", "\r", "=cmd|' /C calc'!A0", "@SUM(A1)"]),
    st.text(PRINTABLE, max_size=15),
)
CELL_TEXT = st.one_of(FORMULA, st.text(PRINTABLE, max_size=20))


def starts_a_formula(cell: str) -> bool:
    """What a spreadsheet might run: a trigger first, or after leading whitespace."""
    return cell.startswith(FORMULA_TRIGGERS) or cell.lstrip().startswith(FORMULA_TRIGGERS[:4])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    name=CELL_TEXT,
    role=CELL_TEXT,
    organization=CELL_TEXT,
    notes=CELL_TEXT,
    tag=CELL_TEXT,
    field=CELL_TEXT,
    phone=st.sampled_from([None, "+1 555 0100", "-555 0100", "(555) 0100"]),
)
def test_no_exported_cell_starts_a_formula(
    name: str,
    role: str,
    organization: str,
    notes: str,
    tag: str,
    field: str,
    phone: str | None,
) -> None:
    try:
        person = Prospect.model_validate(
            prospect_dict(
                "p",
                name,
                role=role,
                organization=organization,
                notes=notes,
                tags=[tag],
                fields=[field],
                phone=phone,
            )
        )
    except ValidationError:
        reject()
    text = export_prospects([person], "csv").decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2
    for cell in rows[1]:
        assert not starts_a_formula(cell), cell


def test_formulas_typed_at_the_prompt_are_exported_as_text(cli: Cli) -> None:
    for name in ('=HYPERLINK("http://evil.example","x")', "@SUM(A1)", "+1+1", "-2+3"):
        cli("prospect", "add", "--note", "=1+1", "--role", " @x", "--duplicate", "--", name)
    text = cli("prospect", "export", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 5
    for row in rows[1:]:
        for cell in row:
            assert not starts_a_formula(cell), cell


# --- file names made from a person's name stay in their folder ---------------------

NASTY_NAMES = st.one_of(
    st.sampled_from(
        [
            "../../x",
            "../../../etc/passwd",
            "/etc/passwd",
            "..",
            ".",
            "~root/x",
            "C:\\Windows\\system32",
            "..\\..\\x",
            "a/../../b",
            "．．／x",  # fullwidth dots and slash
            "\u2025/x",
            "name\x00.md",
            ".hidden",
            "-rf",
        ]
    ),
    st.text(alphabet=st.sampled_from("./\\~:- aé漢"), min_size=1, max_size=12),
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(name=NASTY_NAMES)
def test_a_sheet_named_after_a_person_stays_in_the_chosen_folder(
    cli: Cli, home: Path, tmp_path: Path, name: str
) -> None:
    added = cli("prospect", "add", "--json", "--duplicate", "--", name, expect=None)
    assert added.exit_code in (0, 1), added.stderr  # refused, or added: never a crash
    assume(added.exit_code == 0)  # some are not names at all (empty, a NUL)
    pid = json.loads(added.stdout)["id"]
    assert re.fullmatch(r"\w+(-\w+)*", pid), pid
    out = tmp_path / "sheets"
    before = sorted(str(p) for p in tmp_path.rglob("*") if home not in p.parents)
    cli("questions", "sheet", pid, "-o", f"{out}/")
    after = sorted(str(p) for p in tmp_path.rglob("*") if home not in p.parents)
    new = sorted(set(after) - set(before))
    assert len(new) in (1, 2), new  # the file, and the folder the first time
    made = Path(new[-1])
    assert made.parent == out
    assert made.name.startswith("interview-sheet-") and not made.name.startswith(".")
    made.unlink()


@pytest.mark.parametrize("pid", ["../../x", "/etc/passwd", "..", "a/b", "x\\y", ".hidden", ""])
def test_a_hand_edited_id_with_a_path_is_refused(home: Path, pid: str) -> None:
    home.mkdir(mode=0o700)
    raw = json.dumps({"schema_version": 1, "prospects": [prospect_dict(pid, "Maria Lopez")]})
    (home / "prospects.json").write_text(raw + "\n", encoding="utf-8")
    with pytest.raises(DataError):
        Workspace(home).read(PROSPECTS)


def test_an_imported_id_with_a_path_never_becomes_a_file_name(cli: Cli, tmp_path: Path) -> None:
    export = {
        "schema_version": 1,
        "prospects": [prospect_dict("../../etc/passwd", "Maria Lopez", created_at=STAMP)],
    }
    source = tmp_path / "people.json"
    source.write_text(json.dumps(export), encoding="utf-8")
    cli("prospect", "import", str(source))
    listed = json.loads(cli("prospect", "list", "--json").stdout)
    assert [p["id"] for p in listed] == ["maria-lopez"]  # a new id, made from the name


# --- private files and folders ---------------------------------------------------------


def modes(root: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def assert_private(root: Path) -> None:
    for rel, mode in modes(root).items():
        path = root / rel
        wanted = 0o700 if path.is_dir() else 0o600
        assert mode == wanted, f"{rel} is {oct(mode)}"


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_every_write_backup_and_restore_keeps_files_private_with_umask_0(
    cli: Cli, home: Path, tmp_path: Path, open_umask: None
) -> None:
    out = tmp_path / "out"
    out.mkdir(mode=0o700)
    steps: list[list[str]] = [
        ["profile", "set", "--name", "Ana Ruiz", "--email", "ana@example.com"],
        ["prospect", "add", "Maria Lopez", "--email", "maria@example.org", "--field", "nursing"],
        ["prospect", "add", "Dev Patel", "--relation", "teacher"],
        ["prospect", "edit", "maria", "--role", "Nurse"],
        ["prospect", "import", str(SAMPLES / "v4.vcf")],
        ["questions", "add", "What surprised you most at first?", "--category", "story"],
        ["questions", "pick", "maria", "--minutes", "20", "--seed", "7"],
        ["outreach", "sent", "maria", "--on", "today"],
        ["outreach", "draft", "maria", "--eml", str(out / "maria.eml")],
        ["interview", "schedule", "maria", "--at", "2026-11-26 15:00", "--ics", str(out / "m.ics")],
        ["interview", "log", "maria", "--on", "today", "--note", "Loves it",
         "--referral", "Sam Lee", "--interest", "4"],
        ["thanks", "sent", "maria"],
        ["touch", "maria", "--note", "Coffee"],
        ["questions", "sheet", "dev", "-o", str(out / "dev.html")],
        ["prospect", "export", "-o", str(out / "people.csv")],
        ["report", "--html", str(out / "report.html")],
        ["backup", str(out / "backup.zip")],
        ["prospect", "remove", "dev", "--yes"],
        ["restore", str(out / "backup.zip"), "--yes"],
    ]  # fmt: skip
    for args in steps:
        cli(*args)
        assert_private(home)
    assert_private(out)
    assert len(list((home / "backups").glob("before-restore-*.zip"))) == 1

    # A restore that brings templates back makes their folder 0700 and each file 0600.
    (home / "templates").mkdir(mode=0o700)
    (home / "templates" / "email-brief.txt").write_text("Hi {name}\n", encoding="utf-8")
    (home / "templates" / "email-brief.txt").chmod(0o600)
    cli("backup", str(out / "with-templates.zip"))
    for path in (home / "templates").iterdir():
        path.unlink()
    (home / "templates").rmdir()
    cli("restore", str(out / "with-templates.zip"), "--yes")
    assert (home / "templates" / "email-brief.txt").read_text() == "Hi {name}\n"
    assert_private(home)


def test_files_made_readable_by_hand_become_private_on_the_next_write(
    cli: Cli, home: Path, open_umask: None
) -> None:
    cli("prospect", "add", "Maria Lopez")
    (home / "prospects.json").chmod(0o644)
    cli("prospect", "add", "Dev Patel")
    assert_private(home)


# --- nothing goes over the network ------------------------------------------------------

# Every way out is patched to raise and is also watched by an audit hook (which
# sees C-level calls too); each command runs in-process; the last line printed
# is JSON: each command's exit code and every network use seen.
NO_NETWORK = r"""
import contextlib, io, json, socket, sys

attempts = []

def refuse(what):
    def blocked(*args, **kwargs):
        attempts.append(what)
        raise OSError(f"infoview tried to use the network: {what}")
    return blocked

for name in ("connect", "connect_ex", "sendto", "sendmsg", "bind"):
    setattr(socket.socket, name, refuse(f"socket.{name}"))
for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
             "create_connection", "getfqdn"):
    setattr(socket, name, refuse(name))

WATCHED = ("socket.", "urllib.Request", "http.client.", "smtplib.", "ftplib.", "webbrowser.")

def audit(event, args):
    if event.startswith(WATCHED) and event != "socket.__new__":
        attempts.append(event)

sys.addaudithook(audit)

import typer.main
from infoview.cli import app

command = typer.main.get_command(app)
codes = []
for args in json.loads(sys.argv[1]):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            codes.append(command.main(args=args, prog_name="infoview", standalone_mode=False) or 0)
        except SystemExit as exc:
            codes.append(exc.code)
seen = list(attempts)
try:  # the guard itself works
    socket.getaddrinfo("example.com", 443)
except OSError:
    pass
print(json.dumps({"codes": codes, "attempts": seen, "guard": attempts[len(seen):]}))
"""


def test_no_command_uses_the_network(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    demo = tmp_path / "demo"
    runs: list[list[str]] = [
        ["profile", "set", "--name", "Ana Ruiz", "--email", "ana@example.com",
         "--interest", "nursing"],
        ["prospect", "add", "Maria Lopez", "--email", "maria@gmail.com", "--field", "nursing",
         "--linkedin", "https://www.linkedin.com/in/maria", "--phone", "+1 555 0100"],
        ["prospect", "add", "Dev Patel", "--email", "dev@example.org", "--relation", "teacher"],
        ["prospect", "import", str(SAMPLES / "google.vcf")],
        ["prospect", "import", str(SAMPLES / "Connections.csv")],
        ["prospect", "list", "--json"],
        ["prospect", "export", "--format", "vcard", "-o", str(out / "people.vcf")],
        ["prospect", "export", "-o", str(out / "people.csv")],
        ["broaden", "nursing"],
        ["questions", "pick", "maria", "--minutes", "30", "--seed", "1"],
        ["questions", "sheet", "maria", "-o", str(out / "maria.html")],
        ["outreach", "draft", "maria", "--eml", str(out / "maria.eml")],
        ["outreach", "draft", "maria", "--mailto"],
        ["outreach", "draft", "maria", "--channel", "linkedin"],
        ["outreach", "sent", "maria", "--on", "today"],
        ["outreach", "list", "--due"],
        ["interview", "schedule", "maria", "--at", "tomorrow 10:00", "--link",
         "https://meet.example.com/abc", "--ics", str(out / "maria.ics")],
        ["interview", "reschedule", "maria", "--at", "+2d 10:00", "--ics", str(out / "maria.ics"),
         "--force"],
        ["interview", "log", "maria", "--on", "today", "--note", "Great",
         "--referral", "Sam Lee, nurse @ Mercy", "--interest", "5"],
        ["thanks", "draft", "maria", "--eml", str(out / "thanks.eml")],
        ["thanks", "sent", "maria"],
        ["touch", "maria", "--note", "Sent a photo"],
        ["next"],
        ["report", "--html", str(out / "report.html")],
        ["report", "--json"],
        ["backup", str(out / "backup.zip")],
        ["restore", str(out / "backup.zip"), "--yes"],
        ["path"],
        ["demo", "--keep", str(demo)],
    ]  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, json.dumps(runs)],
        env=environ(home),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT * 2,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.splitlines()[-1])
    assert report["guard"], "the network guard did not see the probe"
    assert report["attempts"] == []
    failed = [(args, code) for args, code in zip(runs, report["codes"], strict=True) if code]
    assert failed == []
