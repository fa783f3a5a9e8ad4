"""The .eml draft and the mailto: link, parsed back the way a mail program would."""

from __future__ import annotations

import email
import email.policy
import email.utils
import stat
import sys
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.formats.eml import build_eml, mailto_link
from infoview.model.errors import InvalidInput
from tests.helpers import NOW

WHEN = datetime(2026, 11, 25, 9, 30, 17, 123456, tzinfo=timezone(timedelta(hours=-5)))
BODY = (
    "Hi Maria,\n\n"
    "We are neighbors, so I hope it's okay to ask you this.\n\n"
    "Would you share your story in about 30 minutes, whenever suits you?\n\n"
    "Thank you,\nAna\n"
)
SUBJECT = "A student curious about social work"


def build(**changes: Any) -> bytes:
    args: dict[str, Any] = {
        "subject": SUBJECT,
        "body": BODY,
        "from_name": "Ana Ruiz",
        "from_email": "ana@example.com",
        "to_name": "Maria Lopez",
        "to_email": "maria@example.org",
        "now": WHEN,
    }
    args.update(changes)
    return build_eml(**args)


def parse(data: bytes) -> EmailMessage:
    msg = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def header_lines(data: bytes) -> list[bytes]:
    head, sep, _ = data.partition(b"\r\n\r\n")
    assert sep, "no blank line after the headers"
    return head.split(b"\r\n")


def body_text(msg: EmailMessage) -> str:
    """The decoded body; the file uses CRLF line ends (RFC 5322), the text has LF."""
    content = msg.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")


# --- build_eml -----------------------------------------------------------------


def test_eml_parses_back() -> None:
    data = build()
    msg = parse(data)
    [sender] = msg["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Ana Ruiz", "ana@example.com")
    [to] = msg["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Maria Lopez", "maria@example.org")
    assert str(msg["From"]) == "Ana Ruiz <ana@example.com>"
    assert str(msg["To"]) == "Maria Lopez <maria@example.org>"
    assert msg["Subject"] == SUBJECT
    assert email.utils.parsedate_to_datetime(msg["Date"]) == WHEN.replace(microsecond=0)
    message_id = msg["Message-ID"]
    assert message_id.startswith("<")
    assert message_id.endswith("@example.com>")
    assert msg["X-Unsent"] == "1"
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    assert "Bcc" not in msg
    assert body_text(msg) == BODY


def test_eml_uses_crlf_throughout() -> None:
    data = build()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")


def test_each_eml_has_its_own_message_id() -> None:
    assert parse(build())["Message-ID"] != parse(build())["Message-ID"]


@pytest.mark.parametrize(
    ("from_name", "to_name", "subject"),
    [
        ("José García", "Zoë Ng", "Café au lait ☕"),
        ("王伟", "José García", "关于社会工作的问题"),
        ("Zoë Ng", "王伟", "Ça va? ☕ " + "très long sujet " * 8),
    ],
)
def test_non_ascii_names_and_subjects_are_encoded(
    from_name: str, to_name: str, subject: str
) -> None:
    body = f"Hola {to_name},\n\n¿Tienes 30 minutos? ☕\n"
    data = build(from_name=from_name, to_name=to_name, subject=subject, body=body)
    for line in header_lines(data):
        assert line.isascii(), line
        assert len(line) <= 998
    msg = parse(data)
    assert msg["From"].addresses[0].display_name == from_name
    assert msg["To"].addresses[0].display_name == to_name
    assert msg["Subject"] == subject
    assert body_text(msg) == body


INJECTIONS = ["\r\n", "\n", "\r", "\rBcc: x@y.z", "\nBcc: x@y.z", "\r\nBcc: x@y.z"]


@pytest.mark.parametrize("field", ["subject", "from_name", "to_name", "from_email", "to_email"])
@pytest.mark.parametrize("bad", INJECTIONS, ids=repr)
def test_line_breaks_in_header_values_are_refused(field: str, bad: str) -> None:
    value = {
        "subject": SUBJECT,
        "from_name": "Ana Ruiz",
        "to_name": "Maria Lopez",
        "from_email": "ana@example.com",
        "to_email": "maria@example.org",
    }[field]
    value = value[:3] + bad + value[3:] if field.endswith("email") else value + bad
    with pytest.raises(InvalidInput):
        build(**{field: value})


OTHER_BREAKS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("sep", OTHER_BREAKS, ids=repr)
@pytest.mark.parametrize("field", ["from_name", "to_name"])
def test_other_line_separators_in_names_add_no_header(field: str, sep: str) -> None:
    try:
        data = build(**{field: f"Ana{sep}Bcc: x@y.z"})
    except InvalidInput:
        return
    msg = parse(data)
    assert "Bcc" not in msg
    assert [name for name, _ in msg.items()] == [
        "From",
        "To",
        "Subject",
        "Date",
        "Message-ID",
        "X-Unsent",
        "Content-Type",
        "Content-Transfer-Encoding",
        "MIME-Version",
    ]


@pytest.mark.parametrize("sep", OTHER_BREAKS, ids=repr)
def test_other_line_separators_in_the_subject_are_invalid_input(sep: str) -> None:
    with pytest.raises(InvalidInput):
        build(subject=f"Hello{sep}Bcc: x@y.z")


@pytest.mark.parametrize("field", ["from_email", "to_email"])
@pytest.mark.parametrize("bad", ["ana.example.com", "", "@example.com", "ana@"])
def test_an_address_without_user_at_domain_is_refused(field: str, bad: str) -> None:
    with pytest.raises(InvalidInput, match="email"):
        build(**{field: bad})


@pytest.mark.parametrize(
    "line",
    ["x" * 901, "word " * 400, "é" * 950, ("Long line with = signs and tabs\t" * 40).strip()],
    ids=["901-chars", "2000-chars-trailing-space", "950-accents", "equals-and-tabs"],
)
def test_long_body_lines_round_trip_within_998_bytes(line: str) -> None:
    body = f"Hi Maria,\n\n{line}\n\nAna\n"
    data = build(body=body)
    assert max(len(raw) for raw in data.split(b"\r\n")) <= 998
    msg = parse(data)
    assert msg["Content-Transfer-Encoding"] == "quoted-printable"
    assert body_text(msg) == body


@pytest.mark.parametrize("line", ["é" * 600, "社会工作" * 100], ids=["600-accents", "400-cjk"])
def test_long_non_ascii_lines_stay_within_998_bytes(line: str) -> None:
    body = f"Hi Maria,\n\n{line}\n\nAna\n"
    data = build(body=body)
    assert body_text(parse(data)) == body
    assert max(len(raw) for raw in data.split(b"\r\n")) <= 998


# --- mailto_link ---------------------------------------------------------------


def query_of(link: str) -> dict[str, list[str]]:
    parts = urlsplit(link)
    assert parts.scheme == "mailto"
    assert parts.fragment == ""
    return parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)


def test_mailto_link_round_trips() -> None:
    subject = "Café & croissants: 100% #1? a+b=c"
    body = "Hi Maria,\n\nWould you have 30 minutes? A & B #2 + 50%;\nThanks\n"
    link = mailto_link("maria@example.org", subject, body)
    assert link.startswith("mailto:maria@example.org?subject=")
    assert urlsplit(link).path == "maria@example.org"
    assert query_of(link) == {"subject": [subject], "body": [body.replace("\n", "\r\n")]}
    query = urlsplit(link).query
    assert query.count("&") == 1  # only the separator: no raw '&' inside a value
    for raw in (" ", "\n", "\r", "#", "+"):
        assert raw not in link
    assert "%0D%0A" in link


def test_mailto_body_line_ends_become_crlf() -> None:
    link = mailto_link("maria@example.org", "Hi", "a\r\nb\nc\n")
    assert query_of(link)["body"] == ["a\r\nb\r\nc\r\n"]


def test_mailto_with_an_empty_subject_and_body() -> None:
    assert query_of(mailto_link("maria@example.org", "", "")) == {"subject": [""], "body": [""]}


@settings(max_examples=200, deadline=None)
@given(subject=st.text(), body=st.text())
def test_mailto_round_trips_any_text(subject: str, body: str) -> None:
    link = mailto_link("maria@example.org", subject, body)
    assert link.isascii()
    for raw in (" ", "\n", "\r", "#"):
        assert raw not in link
    parts = urlsplit(link)
    assert parts.path == "maria@example.org"
    assert parse_qs(parts.query, keep_blank_values=True) == {
        "subject": [subject],
        "body": [body.replace("\r\n", "\n").replace("\n", "\r\n")],
    }


# --- through the CLI -------------------------------------------------------------

PROFILE = ["profile", "set", "--name", "Ana Ruiz", "--school", "Lincoln High", "--year", "junior"]
MARIA = [
    "prospect",
    "add",
    "Maria Lopez",
    "--relation",
    "neighbor",
    "--field",
    "social work",
    "--email",
    "maria@example.org",
]


@pytest.fixture
def ready(cli: Any) -> Any:
    cli(*PROFILE, "--email", "ana@example.com")
    cli(*MARIA)
    return cli


def test_draft_writes_an_eml(ready: Any, tmp_path: Path) -> None:
    out = tmp_path / "out.eml"
    result = ready("outreach", "draft", "maria", "--eml", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert f"wrote {out}" in result.stderr
    msg = parse(out.read_bytes())
    assert str(msg["To"]) == "Maria Lopez <maria@example.org>"
    assert str(msg["From"]) == "Ana Ruiz <ana@example.com>"
    assert email.utils.parsedate_to_datetime(msg["Date"]) == NOW
    assert msg["X-Unsent"] == "1"
    body = body_text(msg).rstrip("\n")
    assert result.stdout.rstrip("\n") == f"Subject: {msg['Subject']}\n\n{body}"


def test_draft_eml_needs_the_students_email(cli: Any, home: Path, tmp_path: Path) -> None:
    cli(*PROFILE)
    cli(*MARIA)
    out = tmp_path / "out.eml"
    result = cli("outreach", "draft", "maria", "--eml", str(out), expect=1)
    assert "email" in result.stderr
    assert "profile set --email" in result.stderr
    assert not out.exists()


def test_draft_eml_needs_the_prospects_email(ready: Any, tmp_path: Path) -> None:
    ready("prospect", "add", "Tom Park", "--relation", "teacher")
    out = tmp_path / "out.eml"
    result = ready("outreach", "draft", "tom", "--eml", str(out), expect=1)
    assert "Tom Park has no email" in result.stderr
    assert "prospect edit tom-park --email" in result.stderr
    assert not out.exists()


def test_draft_prints_a_mailto_link(ready: Any) -> None:
    result = ready("outreach", "draft", "maria", "--mailto")
    [link] = [line for line in result.stdout.splitlines() if line.startswith("mailto:")]
    assert link.startswith("mailto:maria@example.org?subject=")
    query = query_of(link)
    draft = result.stdout.split("\nmailto:")[0]
    subject_line, _, body = draft.partition("\n\n")
    assert query["subject"] == [subject_line.removeprefix("Subject: ")]
    assert query["body"][0].replace("\r\n", "\n").strip() == body.strip()


def test_draft_mailto_needs_the_prospects_email(ready: Any) -> None:
    ready("prospect", "add", "Tom Park", "--relation", "teacher")
    result = ready("outreach", "draft", "tom", "--mailto", expect=1)
    assert "prospect edit tom-park" in result.stderr


def test_draft_eml_with_an_odd_line_break_in_the_edited_subject(ready: Any, tmp_path: Path) -> None:
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import sys, pathlib\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text()\n"
        "path.write_text(text.replace('Subject: A', 'Subject: A\\u2028Bcc: x@y.z', 1))\n"
    )
    out = tmp_path / "out.eml"
    editor = f"{sys.executable} {script}"
    result = ready(
        "outreach", "draft", "maria", "--edit", "--eml", str(out), env={"EDITOR": editor}, expect=1
    )
    assert "line break" in result.stderr
    assert not out.exists()


# --- regressions found by tests/test_roundtrips.py --------------------------------


def test_an_international_domain_is_written_in_its_ascii_form() -> None:
    # A profile may store ana@μ.example.org (pydantic's EmailStr accepts it); the
    # Message-ID made from it stopped the draft with UnicodeEncodeError (exit 70),
    # and a recipient's domain went out as an encoded word, which is no address.
    msg = parse(build(from_email="ana@μ.example.org", to_email="maria@h.дети"))
    assert msg["From"].addresses[0].addr_spec == "ana@xn--xxa.example.org"
    assert msg["To"].addresses[0].addr_spec == "maria@h.xn--d1acj3b"
    assert msg["Message-ID"].endswith("@xn--xxa.example.org>")


def test_a_non_ascii_part_before_the_at_is_refused_not_mangled() -> None:
    # It was written as "=?utf-8?q?zo=C3=AB?=@example.org", which no mail program sends.
    with pytest.raises(InvalidInput, match="before the @"):
        build(to_email="zoë@example.org")


def test_draft_eml_from_an_international_domain(cli: Any, tmp_path: Path) -> None:
    cli(*PROFILE, "--email", "ana@μ.example.org")
    cli(*MARIA)
    out = tmp_path / "out.eml"
    cli("outreach", "draft", "maria", "--eml", str(out))
    assert parse(out.read_bytes())["From"].addresses[0].addr_spec == "ana@xn--xxa.example.org"
