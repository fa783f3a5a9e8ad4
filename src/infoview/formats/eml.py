"""Drafts other programs open: an RFC 5322 ``.eml`` message and a ``mailto:`` link."""

from __future__ import annotations

from datetime import datetime
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from email.policy import SMTP, default
from email.utils import format_datetime, make_msgid
from urllib.parse import quote

from infoview.model.errors import InvalidInput

# Everything str.splitlines() breaks on; the email package refuses all of them in headers.
LINE_BREAKS = frozenset("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
MAX_8BIT_LINE_BYTES = 900  # RFC 5322 allows 998 bytes a line; beyond this, quoted-printable


def _one_line(value: str, what: str) -> str:
    if any(ch in LINE_BREAKS for ch in value):
        raise InvalidInput(f"{what} contains a line break")
    return value


def _address(name: str, email: str, who: str) -> Address:
    _one_line(name + email, f"{who}'s name or email")
    local, _, domain = email.rpartition("@")
    if not local or not domain:
        raise InvalidInput(f"{who} has no valid email address ({email!r})")
    if not local.isascii():  # the email package would write it as an encoded word: no address
        raise InvalidInput(
            f"{email} has letters before the @ that a .eml file cannot carry",
            hint="send it from your mail program, or use --mailto",
        )
    if not domain.isascii():  # 'μ.example.org' goes out as 'xn--xxa.example.org' (IDNA)
        from email_validator import EmailNotValidError, validate_email

        try:
            domain = validate_email(email, check_deliverability=False).ascii_domain
        except EmailNotValidError as exc:
            raise InvalidInput(f"{who} has no valid email address ({email!r}): {exc}") from None
    return Address(display_name=name, username=local, domain=domain)


def build_eml(
    *,
    subject: str,
    body: str,
    from_name: str,
    from_email: str,
    to_name: str,
    to_email: str,
    now: datetime,
) -> bytes:
    """A UTF-8 plain-text message that mail programs open as a draft.

    Headers are built by the standard library's email package, which encodes
    non-ASCII names and subjects (RFC 2047) and refuses line breaks, and the
    written headers are read back (:func:`_check_written`), so no value can add
    a header of its own.
    """
    _one_line(subject, "the subject")
    msg = EmailMessage(policy=SMTP)
    try:
        sender = msg["From"] = _address(from_name, from_email, "you")
        recipient = msg["To"] = _address(to_name, to_email, to_name)
        msg["Subject"] = subject
    except (ValueError, IndexError) as exc:  # the email package's own refusal, as a backstop
        raise InvalidInput(f"cannot write that message: {exc}") from None
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=sender.domain)
    msg["X-Unsent"] = "1"  # Outlook and others open it as a draft to send
    # 8bit keeps the text readable in the file; very long lines need quoted-printable.
    long_lines = any(len(line.encode()) > MAX_8BIT_LINE_BYTES for line in body.splitlines())
    msg.set_content(body, charset="utf-8", cte="quoted-printable" if long_lines else "8bit")
    try:
        data = msg.as_bytes()
    except MessageError as exc:  # newer Pythons refuse to write a header that breaks a line
        raise InvalidInput(f"cannot write that message: {exc}") from None
    _check_written(data, list(msg.keys()), sender.addr_spec, recipient.addr_spec)
    return data


def _check_written(data: bytes, names: list[str], sender: str, recipient: str) -> None:
    """Refuse a message whose written headers are not exactly the ones set.

    When it writes a header, the email package decodes RFC 2047 encoded words,
    even inside a quoted name, so a name or subject such as
    ``=?utf-8?q?=0D=0ABcc:_x@example.com?=`` would come out as a line break and a
    header of its own. The written headers are read back to make sure.
    """
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    written = [line.split(b":", 1)[0] for line in head if line[:1] not in (b" ", b"\t")]
    try:
        parsed = BytesHeaderParser(policy=default).parsebytes(data)
        same = (
            written == [name.encode() for name in names]
            and [a.addr_spec for a in parsed["From"].addresses] == [sender]
            and [a.addr_spec for a in parsed["To"].addresses] == [recipient]
        )
    except Exception:  # the package's reader can trip over what its writer wrote
        same = False
    if not same:
        raise InvalidInput(
            "a name or the subject would change the message's headers once written "
            "(it holds an encoded word such as =?utf-8?q?...?=); remove that part"
        )


def mailto_link(to_email: str, subject: str, body: str) -> str:
    """A mailto: link with every part percent-encoded (RFC 6068; CRLF line ends)."""
    crlf = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return (
        f"mailto:{quote(to_email, safe='@')}"
        f"?subject={quote(subject, safe='')}&body={quote(crlf, safe='')}"
    )
