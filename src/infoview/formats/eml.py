"""Drafts other programs open: an RFC 5322 ``.eml`` message and a ``mailto:`` link."""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from urllib.parse import quote

from infoview.errors import InvalidInput


def _address(name: str, email: str, who: str) -> Address:
    if any(ch in name + email for ch in "\r\n"):
        raise InvalidInput(f"{who}'s name or email contains a line break")
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
    if any(ch in subject for ch in "\r\n"):
        raise InvalidInput("the subject contains a line break")
    msg = EmailMessage(policy=SMTP)
    msg["From"] = _address(from_name, from_email, "you")
    msg["To"] = _address(to_name, to_email, to_name)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=from_email.rpartition("@")[2])
    msg["X-Unsent"] = "1"  # Outlook and others open it as a draft to send
    # 8bit keeps the text readable in the file; very long lines need quoted-printable.
    long_lines = any(len(line) > 900 for line in body.splitlines())
    msg.set_content(body, charset="utf-8", cte="quoted-printable" if long_lines else "8bit")
    return msg.as_bytes()


def mailto_link(to_email: str, subject: str, body: str) -> str:
    """A mailto: link with every part percent-encoded (RFC 6068; CRLF line ends)."""
    crlf = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return (
        f"mailto:{quote(to_email, safe='@')}"
        f"?subject={quote(subject, safe='')}&body={quote(crlf, safe='')}"
    )
