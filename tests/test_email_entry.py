"""Email addresses: checked in full (email-validator) where they enter and by `doctor`;
by their shape alone (in pydantic-core) when a file is loaded.

The full check's messages are the ones a student always saw; a stored address the full
check would refuse still loads (its shape is right), and `doctor` reports it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.model.errors import DataError
from infoview.model.people import EMAIL_MAX, EMAIL_SHAPE, STORED, Prospect, check_email
from infoview.store.document import decode
from infoview.store.registry import PROSPECTS
from tests.helpers import Cli

NOT_AFTER_AT = (
    "infoview: email: value is not a valid email address: There must be something after "
    "the @-sign.\n"
)
# An address whose shape is right that email-validator refuses.
RESERVED = "kim@example.invalid"
RESERVED_WHY = (
    "value is not a valid email address: The part after the @-sign is a special-use or "
    "reserved name that cannot be used with email."
)


def people(home: Path) -> list[dict[str, object]]:
    data = json.loads((home / "prospects.json").read_text(encoding="utf-8"))
    return list(data["prospects"])


def test_an_address_that_enters_gets_the_full_check_and_message(cli: Cli, home: Path) -> None:
    result = cli("prospect", "add", "Zed Quinn", "--email", "bad@", expect=1)
    assert result.stderr == NOT_AFTER_AT
    result = cli("prospect", "add", "Zed Quinn", "--email", RESERVED, expect=1)
    assert result.stderr == f"infoview: email: {RESERVED_WHY}\n"
    assert not (home / "prospects.json").exists()

    cli("prospect", "add", "Zed Quinn", "--email", "Zed <ZED@Example.ORG>")
    assert people(home)[0]["email"] == "ZED@example.org"  # normalised as it enters

    assert cli("prospect", "edit", "zed", "--email", "bad@", expect=1).stderr == NOT_AFTER_AT
    result = cli("profile", "set", "--name", "Ana Ruiz", "--email", "bad@", expect=1)
    assert result.stderr == NOT_AFTER_AT


def test_a_stored_address_is_shape_checked_on_load_and_reported_by_doctor(
    cli: Cli, home: Path
) -> None:
    cli("prospect", "add", "Kim Park", "--email", "kim@example.org")
    path = home / "prospects.json"
    path.write_text(path.read_text(encoding="utf-8").replace("kim@example.org", RESERVED))

    listed = json.loads(cli("prospect", "list", "--json").stdout)
    assert [p["email"] for p in listed] == [RESERVED]
    cli("prospect", "edit", "kim", "--role", "nurse")  # not entering: the address stays
    assert people(home)[0]["email"] == RESERVED

    result = cli("doctor", expect=1)
    assert f"warning: {path}: the email of Kim Park (kim-park), {RESERVED!r}: " in result.stdout
    assert RESERVED_WHY in result.stdout
    assert "fix: infoview prospect edit kim-park --email ADDRESS" in result.stdout

    # Restoring an archive checks its addresses in full, as the file's load once did.
    raw = path.read_bytes()
    assert decode(PROSPECTS, raw, path)[0].prospects[0].email == RESERVED
    try:
        decode(PROSPECTS, raw, path, full_check=True)
    except DataError as exc:
        assert exc.message == f"{path} is damaged: prospects[0].email: {RESERVED_WHY}"
    else:
        raise AssertionError("the full check let a reserved domain through")


def test_an_address_of_the_wrong_shape_stops_the_load(cli: Cli, home: Path) -> None:
    cli("prospect", "add", "Kim Park", "--email", "kim@example.org")
    path = home / "prospects.json"
    path.write_text(path.read_text(encoding="utf-8").replace("kim@example.org", "kim at home"))
    result = cli("prospect", "list", expect=3)
    assert "prospects[0].email: value is not a valid email address: it should have one @" in (
        result.stderr
    )


_SHAPE = re.compile(EMAIL_SHAPE.replace(r"\p{Cc}", "\x00-\x1f\x7f-\x9f"))
ADDRESS_TEXT = st.text(
    alphabet=st.sampled_from("ab.@-_+ <>\"'\t\u00a0\u00e9\u0000\u200bXZ0\u3002\uff0e")
    | st.characters(),
    max_size=30,
)


def _stored(value: str) -> str | None:
    now = "2026-11-30T10:00:00+00:00"
    data = {"id": "x", "name": "X", "created_at": now, "updated_at": now, "email": value}
    try:
        return Prospect.model_validate(data, context=STORED).email
    except ValueError:
        return None


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        ADDRESS_TEXT,
        st.emails().map(str),
        st.builds(lambda a, b: f"{a}@{b}", ADDRESS_TEXT, ADDRESS_TEXT),
    )
)
def test_what_the_full_check_gives_always_has_the_stored_shape(text: str) -> None:
    """No address that enters is refused by the load's shape check, and the shape check
    takes what the full check gives as it is."""
    try:
        normal = check_email(text)
    except ValueError:
        return
    assert len(normal) <= EMAIL_MAX
    assert _SHAPE.fullmatch(normal), normal
    assert _stored(normal) == normal
    assert _stored(text) in (text, None)  # loading never rewrites an address
