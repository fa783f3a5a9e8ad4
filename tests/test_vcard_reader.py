"""The vCard reader: what vobject reads, and each place formats/vcard.py helps it."""

from __future__ import annotations

from infoview.formats.vcard import parse_vcard


def card(*lines: str) -> str:
    return "BEGIN:VCARD\r\nVERSION:3.0\r\n" + "".join(f"{x}\r\n" for x in lines) + "END:VCARD\r\n"


def test_a_card_gives_groups_nickname_and_how_to_greet_them() -> None:
    [row] = parse_vcard(
        card(
            "FN:Keiko Tanaka",
            "N:Tanaka;Keiko;;Aunt;",
            "NICKNAME:Tía Keiko",
            "CATEGORIES:myContacts,Family friends,Familia",
        )
    ).rows
    assert (row.groups, row.tags) == (["Family friends", "Familia"], ["Family friends", "Familia"])
    assert (row.nickname, row.address_as) == ("Tía Keiko", "Aunt Keiko")


def test_a_card_without_end_and_an_unreadable_card_do_not_lose_the_others() -> None:
    """(1.) readComponents gives up on the whole file for either."""
    text = (
        "BEGIN:VCARD\r\nFN:Ann\r\n"  # no END
        "BEGIN:VCARD\r\nFN:Bob\r\nthis line has no colon\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nFN:Cy\r\nEND:VCARD\r\n"
    )
    parsed = parse_vcard(text)
    assert [r.name for r in parsed.rows] == ["Ann", "Cy"]
    [(number, reason)] = parsed.skipped
    assert number == 2 and reason.startswith("unreadable (")


def test_quoted_printable_soft_breaks_are_joined() -> None:
    """(1.) joined here, so that vobject's quadratic quoted-printable unfolding is not used."""
    [row] = parse_vcard(
        card(
            "FN:Ann",
            "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Primo de mam=C3=A1, =",
            "trabaja",
        )
    ).rows
    assert row.notes == "Primo de mamá, trabaja"


def test_an_unescaped_comma_in_a_text_value_keeps_what_follows() -> None:
    """(2.) vobject's vCard TEXT decoding keeps only 'one'."""
    [row] = parse_vcard(card("FN:Ann, Jr.", "NOTE:one, two\\, three\\nfour", "TITLE:Dr, boss")).rows
    assert (row.name, row.notes, row.role) == ("Ann, Jr.", "one, two, three\nfour", "Dr, boss")


def test_an_unknown_charset_or_bad_bytes_in_quoted_printable_still_read() -> None:
    """(3.) vobject raises LookupError / UnicodeDecodeError."""
    parsed = parse_vcard(
        card("FN;ENCODING=QUOTED-PRINTABLE;CHARSET=x-bogus:Jos=C3=A9")
        + card("FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:caf=E9")
    )
    assert [r.name for r in parsed.rows] == ["José", "café"]


def test_a_value_ending_in_a_lone_backslash() -> None:
    """(4.) vobject's unescaping gives 'Ann\\eof'."""
    [row] = parse_vcard(card("FN:Ann\\", "NOTE:a\\\\")).rows
    assert (row.name, row.notes) == ("Ann", "a\\")


def test_vcard_2_1_bare_parameters_pick_the_preferred_phone() -> None:
    [row] = parse_vcard(card("FN:Ann", "TEL;HOME:1", "TEL;CELL;PREF:2")).rows
    assert (row.phone, row.notes) == ("2", "Other phones: 1")
