"""Contact import parsers: vCard 2.1/3.0/4.0, LinkedIn, generic CSV, infoview JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.formats.contacts import Incoming, detect_format, parse_contacts
from infoview.model.errors import InvalidInput

DATA = Path(__file__).parent / "data" / "contacts"


def parse(name: str, fmt: str = "auto"):
    return parse_contacts((DATA / name).read_bytes(), fmt)


def test_iphone_vcard() -> None:
    parsed = parse("iphone.vcf")
    assert parsed.skipped == [(3, "no name")]
    assert parsed.unknown_columns == []
    assert parsed.rows == [
        Incoming(
            line=1,
            name="José García",
            email="jose.garcia@example.com",
            phone="+1 555 010 9999",
            organization="Acme Robotics (Research Lab)",
            role="Senior Engineer",
            notes="Met at the career fair, booth 12.\nLikes robots; and chess.\n"
            "Other emails: jose@home.example.org\nOther phones: +1 (555) 010-2030",
            tags=["Engineering", "Mentors"],
            groups=["Engineering", "Mentors"],
            linkedin="https://www.linkedin.com/in/jose-garcia-example",
        ),
        Incoming(
            line=2,
            name="Zoë Ng",
            email="zoe.ng@example.net",
            phone="+44 20 7946 0000",
            organization="Northwind Health",
            role="Nurse Practitioner",
        ),
    ]


def test_google_vcard() -> None:
    parsed = parse("google.vcf")
    assert parsed.skipped == []
    assert parsed.rows == [
        Incoming(
            line=1,
            name="Łukasz Nowak",
            email="lukasz.nowak@example.pl",
            phone="+48 600 100 200",
            organization="Politechnika Example",
            role="Professor of Physics",
            notes="Taught my physics class.\nOther emails: lukasz@example.com\n"
            "Links: https://lukasz.example.pl",
            tags=["Teachers"],  # Google's "myContacts" group is dropped
            groups=["Teachers"],
            linkedin="https://pl.linkedin.com/in/lukasz-nowak",
        ),
        Incoming(line=2, name="王伟", email="wang.wei@example.cn", organization="Example Bank"),
    ]


def test_android_21_quoted_printable() -> None:
    parsed = parse("android21.vcf")
    assert parsed.skipped == [(3, "no name")]
    assert parsed.rows == [
        Incoming(
            line=1,
            name="José García",
            email="jose@home.example.org",
            phone="+1-555-010-2030",
            notes="Primo de mamá, trabaja en un hospital y conoce a mucha gente.\n"
            "Other phones: 555-010-1111",
        ),
        # N without FN: given + family
        Incoming(line=2, name="Zoë Ng", phone="+44 20 7946 0000", organization="Café Zoë"),
    ]


def test_vcard_4() -> None:
    parsed = parse("v4.vcf")
    assert parsed.rows == [
        Incoming(
            line=1,
            name="Zoë Ng",
            email="zoe.ng@example.net",  # PREF=1 wins over the first
            phone="+44-20-7946-0000",  # tel: URI
            organization="Northwind Health (Cardiology)",
            role="Nurse Practitioner",
            notes="Friend of Aunt Maria\nOther emails: zoe@work.example.net",
            tags=["Health", "Family friends"],
            groups=["Health", "Family friends"],
            linkedin="https://www.linkedin.com/in/zoe-ng",
        )
    ]


def test_vcard_21_cp1252_charset_and_lf_and_unclosed_card() -> None:
    data = (
        "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=WINDOWS-1252:García;José\n"
        "NOTE;CHARSET=WINDOWS-1252;ENCODING=QUOTED-PRINTABLE:caf=E9\n"
        "BEGIN:VCARD\nVERSION:2.1\nFN:Zoë Ng\n"
    ).encode("cp1252")
    parsed = parse_contacts(data)
    assert [(r.name, r.notes) for r in parsed.rows] == [("José García", "café"), ("Zoë Ng", "")]


def test_linkedin_connections() -> None:
    parsed = parse("Connections.csv")
    assert parsed.skipped == [(7, "no name")]
    assert parsed.rows == [
        Incoming(
            line=5,
            name="José García",
            organization="Acme Robotics, Inc.",
            role="Senior Engineer",
            notes="Connected on 12 Mar 2024",
            linkedin="https://www.linkedin.com/in/jose-garcia-example",
        ),
        Incoming(
            line=6,
            name="Zoë Ng",
            email="zoe.ng@example.net",
            organization="Northwind Health",
            role="Nurse Practitioner, Cardiology",
            notes="Connected on 01 Feb 2023",
            linkedin="https://www.linkedin.com/in/zoe-ng",
        ),
        Incoming(
            line=8,
            name="Łukasz Nowak",
            organization="Politechnika Example",
            role="Professor",
            notes="Connected on 30 Nov 2021",
            linkedin="https://www.linkedin.com/in/lukasz-nowak",
        ),
    ]
    assert all(r.relation is None for r in parsed.rows)


def test_linkedin_without_preamble() -> None:
    data = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\nA,B,,,,,\n"
    assert [r.name for r in parse_contacts(data).rows] == ["A B"]


def test_generic_csv() -> None:
    parsed = parse("generic.csv")
    assert parsed.unknown_columns == ["Favourite Colour"]
    assert parsed.skipped == [(5, "no name"), (6, "priority '7' is not 0, 1, 2 or 3")]
    assert parsed.rows == [
        Incoming(
            line=2,
            name="José García",
            email="jose.garcia@example.com",
            phone="+1 555 010 2030",
            organization="Acme Robotics, Inc.",
            role="Senior Engineer",
            fields=["robotics", "engineering"],
            relation="family-friend",
            notes='Uncle\'s friend; met at "the party"\nCall after 6pm',
            tags=["mentor", "spanish"],
            linkedin="https://www.linkedin.com/in/jose-garcia-example",
            priority=2,
        ),
        Incoming(
            line=4,
            name="Zoë Ng",
            email="zoe.ng@example.net",
            organization="Northwind Health",
            role="Nurse Practitioner",
            fields=["medicine"],
            relation="neighbor",
        ),
        Incoming(
            line=7,
            name="王伟",
            email="wang.wei@example.cn",
            organization="Example Bank",
            role="=Analyst",  # formula neutralising undone
            fields=["finance"],
            relation="alumni",
            notes="+1 is a note",
            priority=0,
        ),
    ]


def test_generic_csv_first_last_and_url_column() -> None:
    data = (
        b"first_name,LAST-NAME,url,relation\n"
        b"Ana,Silva,https://www.linkedin.com/in/ana,\n"
        b"Bo,,https://bo.example.com,zookeeper\n"
    )
    parsed = parse_contacts(data, "csv")
    assert [(r.name, r.linkedin, r.notes) for r in parsed.rows] == [
        ("Ana Silva", "https://www.linkedin.com/in/ana", "")
    ]
    assert parsed.skipped[0][0] == 3 and "relation 'zookeeper'" in parsed.skipped[0][1]


def test_json_export_and_bare_list() -> None:
    parsed = parse("export.json")
    assert parsed.skipped == [(3, "no name")]
    assert parsed.unknown_columns == []
    assert parsed.rows == [
        Incoming(
            line=1,
            name="José García",
            email="jose.garcia@example.com",
            phone="+1 555 010 2030",
            organization="Acme Robotics",
            role="Senior Engineer",
            fields=["robotics", "engineering"],
            relation="family-friend",
            notes="Met at the party.\nLikes chess.",
            tags=["mentor"],
            linkedin="https://www.linkedin.com/in/jose-garcia-example",
            priority=2,
        ),
        Incoming(line=2, name="王伟", organization="Example Bank", relation="other", priority=1),
    ]
    bare = json.dumps([{"name": "Zoë Ng", "colour": "green"}]).encode()
    parsed = parse_contacts(bare)
    assert parsed.rows == [Incoming(line=1, name="Zoë Ng")]
    assert parsed.unknown_columns == ["colour"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("iphone.vcf", "vcard"),
        ("google.vcf", "vcard"),
        ("android21.vcf", "vcard"),
        ("v4.vcf", "vcard"),
        ("Connections.csv", "linkedin"),
        ("generic.csv", "csv"),
        ("export.json", "json"),
    ],
)
def test_detect_format(name: str, expected: str) -> None:
    assert detect_format((DATA / name).read_text(encoding="utf-8-sig")) == expected


def test_csv_named_file_that_is_a_vcard(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_bytes((DATA / "v4.vcf").read_bytes())
    assert detect_format(path.read_text(encoding="utf-8")) == "vcard"
    assert [r.name for r in parse_contacts(path.read_bytes()).rows] == ["Zoë Ng"]


@pytest.mark.parametrize(
    "data",
    [b"", b"  \r\n\n", b"\x00\xff\xfe\x01binary", b"\xef\xbb\xbf", b"just some words\n"],
)
def test_not_a_contacts_file(data: bytes) -> None:
    with pytest.raises(InvalidInput):
        parse_contacts(data)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("iphone.vcf", "linkedin"),
        ("iphone.vcf", "csv"),
        ("iphone.vcf", "json"),
        ("generic.csv", "vcard"),
        ("generic.csv", "linkedin"),
        ("Connections.csv", "json"),
        ("export.json", "csv"),
        ("iphone.vcf", "xml"),
    ],
)
def test_wrong_format(name: str, fmt: str) -> None:
    with pytest.raises(InvalidInput):
        parse(name, fmt)


def test_not_utf8_csv() -> None:
    with pytest.raises(InvalidInput):
        parse_contacts("name\nJosé\n".encode("latin-1"))


_TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ éŁ王 ,;\"'\n=+-")), min_size=1, max_size=30
).filter(lambda s: s == s.strip() and not s.startswith("'"))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(_TEXT.filter(lambda s: "\n" not in s and " " * 2 not in s), _TEXT, _TEXT),
        min_size=1,
        max_size=5,
    )
)
def test_csv_round_trip(people: list[tuple[str, str, str]]) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["Name", "Organization", "Notes"])
    writer.writerows(people)
    parsed = parse_contacts(out.getvalue().encode())
    assert [(r.name, r.organization, r.notes) for r in parsed.rows] == people


def test_ten_thousand_rows() -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["name", "email", "company", "tags", "notes"])
    for i in range(10_000):
        writer.writerow([f"Person {i}", f"p{i}@example.com", "Acme, Inc.", "a;b", "x\ny"])
    parsed = parse_contacts(out.getvalue().encode())
    assert len(parsed.rows) == 10_000
    assert parsed.rows[-1].line == 2 * 10_000
