"""Google Contacts CSV (today's and the older layout) and Outlook CSV exports (issue 16).

Told from their header row; every field the file gives is read; Google's system labels
are dropped; Outlook's ``Title`` is the name prefix, not a job; odd rows give a
one-line reason or error, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from infoview.formats.contacts import Incoming, detect_format, parse_contacts
from infoview.model.errors import InvalidInput
from tests.helpers import assert_one_error_line, read_json

DATA = Path(__file__).parent / "data" / "contacts"


def parse(name: str, fmt: str = "auto") -> dict[str, Incoming]:
    parsed = parse_contacts((DATA / name).read_bytes(), fmt)
    return {row.name: row for row in parsed.rows}


def stored(home: Path) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in read_json(home / "prospects.json")["prospects"]}


# --- detection --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("google.csv", "google"),
        ("google-old.csv", "google"),
        ("outlook.csv", "outlook"),
        # unchanged by the two new formats
        ("generic.csv", "csv"),
        ("Connections.csv", "linkedin"),
        ("iphone.vcf", "vcard"),
        ("google.vcf", "vcard"),
        ("export.json", "json"),
    ],
)
def test_format_is_told_from_the_content(name: str, expected: str, tmp_path: Path) -> None:
    assert detect_format((DATA / name).read_text(encoding="utf-8-sig")) == expected
    # not from the file name: a Google export saved as "contacts.txt" is still Google's
    copy = tmp_path / "contacts.txt"
    copy.write_bytes((DATA / name).read_bytes())
    assert detect_format(copy.read_text(encoding="utf-8-sig")) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        # a spreadsheet's "Title" is a job: one E-mail Address column is not Outlook's export
        ("First Name,Last Name,Title,E-mail Address,Mobile Phone", "csv"),
        ("Name,Email,Labels", "csv"),
        ("Name,E-mail 1 - Value", "google"),
        ("Name,Group Membership", "google"),
        ("\ufeffFirst Name;Last Name;E-mail Address;E-mail 2 Address", "outlook"),
        ("first name\tlast name\tphone 1 - value", "google"),
    ],
)
def test_telltale_columns(header: str, expected: str) -> None:
    assert detect_format(header + "\n") == expected


def test_a_generic_title_column_stays_a_job() -> None:
    rows = parse_contacts(b"First Name,Last Name,Title,E-mail Address\nAna,Lima,Nurse,a@x.org\n")
    assert rows.rows[0].role == "Nurse"
    assert rows.rows[0].address_as == ""


# --- Google, today's layout -------------------------------------------------------------


def test_google_csv_every_field() -> None:
    parsed = parse_contacts((DATA / "google.csv").read_bytes())
    assert parsed.skipped == [(6, "no name")]
    assert parsed.unknown_columns == ["Birthday"]  # labels, phonetics and photo are not news
    rows = {row.name: row for row in parsed.rows}
    assert list(rows) == [
        "Keiko Tanaka",
        "Robert Hall",
        "Samuel Weiss",
        "José Luis Ramírez Núñez",
        "Zoë Ng",
    ]
    aunt = rows["Keiko Tanaka"]
    assert (aunt.line, aunt.email, aunt.phone) == (2, "keiko.tanaka@example.com", "+1 415-555-0142")
    assert aunt.address_as == "Aunt Keiko"
    assert aunt.groups == ["Family"] and aunt.tags == ["Family"]  # "* myContacts" dropped
    friend = rows["Robert Hall"]
    assert friend.groups == ["Family friends"]
    assert friend.notes == "Dad's college roommate"
    assert (friend.organization, friend.role) == ("Hall & Partners", "Architect")
    assert friend.address_as == ""
    doctor = rows["Samuel Weiss"]
    assert doctor.address_as == "Dr. Weiss"
    assert doctor.role == "Child Psychiatrist"
    assert doctor.organization == "Bay Children's Hospital (Psychiatry)"
    assert doctor.linkedin == "https://www.linkedin.com/in/samuel-weiss-md"
    assert doctor.groups == ["Doctors"]  # "* starred" dropped too
    assert doctor.phone == "(415) 555-0199" and doctor.email is None
    jose = rows["José Luis Ramírez Núñez"]
    assert jose.email == "jose.ramirez@example.com"
    assert jose.notes == (
        "Other emails: jose@ramirez.example, pepe.ramirez@example.net\n"
        "Links: https://pepe.example.es"
    )
    assert jose.nickname == "Pepe"
    assert jose.linkedin is None
    assert jose.groups == ["Coworkers"]
    zoe = rows["Zoë Ng"]  # no name parts: "File As"
    assert (zoe.organization, zoe.role, zoe.email) == (
        "Northwind Health",
        "Nurse Practitioner",
        "zoe.ng@example.net",
    )


# --- Google, the older layout -----------------------------------------------------------


def test_google_old_csv_every_field() -> None:
    parsed = parse_contacts((DATA / "google-old.csv").read_bytes())
    assert parsed.skipped == [(6, "no name")]
    assert parsed.unknown_columns == []
    rows = {row.name: row for row in parsed.rows}
    assert list(rows) == [
        "Rosa Martínez",
        "Linda Park",
        "Amara Okafor",
        "François Dubois",
        "Coach Smith",
    ]
    aunt = rows["Rosa Martínez"]
    # "* My Contacts" is Google's; "* Family" is the old system group Family
    assert aunt.groups == ["Family"] and aunt.tags == ["Family"]
    assert aunt.nickname == "Tía Rosa"
    assert aunt.address_as == "Aunt Rosa"
    assert (aunt.email, aunt.phone) == ("rosa.martinez@example.mx", "+52 55 1234 5678")
    friend = rows["Linda Park"]
    assert friend.groups == ["Family friends"]
    assert friend.notes == "Family friend (Mom's book club)"
    assert (friend.organization, friend.role) == ("Park Dental", "Dentist")
    doctor = rows["Amara Okafor"]
    assert doctor.address_as == "Dr. Okafor"
    assert doctor.groups == []
    assert doctor.linkedin == "https://linkedin.com/in/amara-okafor"
    assert (doctor.organization, doctor.role) == ("Mercy Hospital (Pediatrics)", "Pediatrician")
    francois = rows["François Dubois"]
    assert francois.email == "francois.dubois@example.fr"
    assert francois.phone == "+33 1 23 45 67 89"
    assert francois.notes == "Other emails: fdubois@example.org\nOther phones: +33 6 12 34 56 78"
    assert francois.groups == ["Coworkers"]
    coach = rows["Coach Smith"]  # only the "Name" column
    assert (coach.phone, coach.groups) == ("555-0123", ["School"])


def test_a_doctoral_suffix_alone_gives_dr() -> None:
    text = "First Name,Last Name,Name Suffix,E-mail 1 - Value\nSamuel,Weiss,MD,s@x.org\n"
    text += "John,Smith,Jr.,j@x.org\n"
    rows = parse_contacts(text.encode()).rows
    assert [r.address_as for r in rows] == ["Dr. Weiss", ""]


# --- Outlook ----------------------------------------------------------------------------


def test_outlook_csv_every_field() -> None:
    parsed = parse_contacts((DATA / "outlook.csv").read_bytes())
    assert parsed.skipped == [(6, "no name")]
    # Outlook's "0/0/00" birthdays are its blanks; an assistant's phone is not theirs
    assert parsed.unknown_columns == ["Assistant's Phone", "Home City"]
    rows = {row.name: row for row in parsed.rows}
    assert list(rows) == ["Keiko Tanaka", "Robert Hall", "Samuel Weiss", "Inés Müller-Ortega"]
    aunt = rows["Keiko Tanaka"]
    assert aunt.address_as == "Aunt Keiko"
    assert aunt.role == ""  # "Title" is the prefix, never the job
    assert aunt.groups == ["Family"] and aunt.tags == ["Family"]
    assert (aunt.email, aunt.phone) == ("keiko.tanaka@example.com", "+1 415-555-0142")
    friend = rows["Robert Hall"]
    assert friend.groups == ["Family friends", "Neighbors"]  # ";" between categories
    assert friend.notes == "Dad's college roommate"
    assert (friend.organization, friend.role) == ("Hall & Partners", "Architect")
    doctor = rows["Samuel Weiss"]
    assert doctor.address_as == "Dr. Weiss"
    assert doctor.role == "Child Psychiatrist"
    assert doctor.organization == "Bay Children's Hospital (Psychiatry)"
    assert doctor.phone == "(415) 555-0199"
    assert doctor.linkedin == "https://www.linkedin.com/in/samuel-weiss-md"
    assert doctor.notes == ""
    ines = rows["Inés Müller-Ortega"]
    assert ines.groups == ["Coworkers", "Friends"]  # "," between categories
    assert ines.email == "ines.muller@example.de"
    assert ines.phone == "+49 151 2345678"  # the mobile before the home phone
    assert ines.nickname == "Ine"
    assert ines.notes == (
        "Other emails: ines@ortega.example\n"
        "Other phones: +49 30 1234567\n"
        "Links: https://ines.example.de"
    )


def test_explicit_format_and_the_wrong_one() -> None:
    assert list(parse("outlook.csv", "outlook")) == list(parse("outlook.csv"))
    assert list(parse("google-old.csv", "google")) == list(parse("google-old.csv"))
    with pytest.raises(InvalidInput, match="not a Google Contacts CSV"):
        parse("outlook.csv", "google")
    with pytest.raises(InvalidInput, match="not an Outlook CSV"):
        parse("generic.csv", "outlook")


# --- through the CLI --------------------------------------------------------------------


@pytest.mark.parametrize("sample", ["google.csv", "google-old.csv", "outlook.csv"])
def test_import_end_to_end_and_again(cli: Any, home: Path, sample: str) -> None:
    first = json.loads(cli("prospect", "import", str(DATA / sample), "--json").stdout)
    assert (first["created"], first["skipped"]) == (len(parse(sample)), 1)
    assert first["skips"] == [{"line": 6, "reason": "no name"}]
    before = (home / "prospects.json").read_bytes()
    again = json.loads(cli("prospect", "import", str(DATA / sample), "--json").stdout)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, first["created"])
    assert (home / "prospects.json").read_bytes() == before


def test_outlook_people_as_stored(cli: Any, home: Path) -> None:
    cli("prospect", "import", str(DATA / "outlook.csv"), "--json")
    people = stored(home)
    aunt, doctor = people["Keiko Tanaka"], people["Samuel Weiss"]
    assert (aunt["address_as"], aunt["role"], aunt["tags"]) == ("Aunt Keiko", "", ["Family"])
    assert doctor["address_as"] == "Dr. Weiss"
    assert doctor["role"] == "Child Psychiatrist"
    assert doctor["linkedin"] == "https://www.linkedin.com/in/samuel-weiss-md"
    assert people["Inés Müller-Ortega"]["notes"].startswith("Other emails: ines@ortega.example")


def test_google_people_as_stored_with_the_format_named(cli: Any, home: Path) -> None:
    cli("prospect", "import", str(DATA / "google.csv"), "--format", "google")
    people = stored(home)
    assert people["Keiko Tanaka"]["tags"] == ["Family"]
    assert people["Samuel Weiss"]["tags"] == ["Doctors"]
    assert people["Samuel Weiss"]["address_as"] == "Dr. Weiss"
    assert people["José Luis Ramírez Núñez"]["email"] == "jose.ramirez@example.com"
    assert "myContacts" not in json.dumps(people)


# --- hostile input ----------------------------------------------------------------------

GOOGLE = "First Name,Last Name,Labels,E-mail 1 - Value,Phone 1 - Value,Notes\n"
OUTLOOK = "First Name,Last Name,Title,E-mail Address,E-mail 2 Address,Categories,Notes\n"


def test_odd_rows_are_read_or_skipped_with_a_reason(cli: Any, home: Path, tmp_path: Path) -> None:
    text = GOOGLE + (
        "Short,Row\n"  # fewer cells than the header
        "Too,Many,x,a@x.org,1,n,extra,extra\n"  # more cells
        " , , ::: * myContacts ::: ,,,\n"  # no name, only separators
        "Bad,Email,,not-an-email,,\n"
        'Form,Ula,,,,\'=HYPERLINK("http://x")\n'
        ",,,,,\n"  # blank
        "Only,Labels,* starred ::: ::: *,,,\n"
    )
    path = tmp_path / "odd.csv"
    path.write_text(text, encoding="utf-8")
    parsed = parse_contacts(path.read_bytes())
    rows = {r.name: r for r in parsed.rows}
    assert rows["Too Many"].email == "a@x.org"
    assert rows["Form Ula"].notes == '=HYPERLINK("http://x")'  # a spreadsheet's quote dropped
    assert rows["Only Labels"].groups == []
    assert parsed.skipped == [(4, "no name")]
    result = json.loads(cli("prospect", "import", str(path), "--json").stdout)
    reasons = {skip["line"]: skip["reason"] for skip in result["skips"]}
    assert reasons[4] == "no name"
    assert "email" in reasons[5]
    assert "Bad Email" not in stored(home)


@pytest.mark.parametrize(
    ("text", "args"),
    [
        (OUTLOOK + 'Ana,Lima,Dr.,a@x.org,,"unclosed\n', []),
        (GOOGLE + "A,B,," + "x" * 200_000 + ",,\n", []),  # a cell past the CSV field limit
        (GOOGLE + "A,B,,a@x.org,,\n", ["--format", "outlook"]),
        ("Name,Email\nA B,a@x.org\n", ["--format", "google"]),
    ],
)
def test_damaged_files_give_one_line(
    cli: Any, home: Path, tmp_path: Path, text: str, args: list[str]
) -> None:
    path = tmp_path / "damaged.csv"
    path.write_text(text, encoding="utf-8")
    result = cli("prospect", "import", str(path), *args, expect=None)
    if result.exit_code != 0:
        assert result.exit_code == 1
        assert_one_error_line(result.stderr)
        assert not (home / "prospects.json").exists()
    assert "Traceback" not in result.stderr
