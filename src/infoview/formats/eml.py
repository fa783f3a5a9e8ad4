"""Drafts other programs open: an RFC 5322 ``.eml`` message and a ``mailto:`` link."""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from urllib.parse import quote

from infoview.errors import InvalidInput

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
    non-ASCII names and subjects (RFC 2047) and refuses line breaks, so no value
    can add a header of its own.
    """
    _one_line(subject, "the subject")
    msg = EmailMessage(policy=SMTP)
    try:
        msg["From"] = _address(from_name, from_email, "you")
        msg["To"] = _address(to_name, to_email, to_name)
        msg["Subject"] = subject
    except (ValueError, IndexError) as exc:  # the email package's own refusal, as a backstop
        raise InvalidInput(f"cannot write that message: {exc}") from None
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=from_email.rpartition("@")[2])
    msg["X-Unsent"] = "1"  # Outlook and others open it as a draft to send
    # 8bit keeps the text readable in the file; very long lines need quoted-printable.
    long_lines = any(len(line.encode()) > MAX_8BIT_LINE_BYTES for line in body.splitlines())
    msg.set_content(body, charset="utf-8", cte="quoted-printable" if long_lines else "8bit")
    return msg.as_bytes()


def mailto_link(to_email: str, subject: str, body: str) -> str:
    """A mailto: link with every part percent-encoded (RFC 6068; CRLF line ends)."""
    crlf = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return (
        f"mailto:{quote(to_email, safe='@')}"
        f"?subject={quote(subject, safe='')}&body={quote(crlf, safe='')}"
    )
