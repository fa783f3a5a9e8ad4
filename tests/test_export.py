"""`infoview prospect export` and the writers behind it (formats/csv.py, json.py, vcard.py)."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
import vobject  # type: ignore[import-untyped,unused-ignore]
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from infoview.formats.csv import CSV_COLUMNS, FORMULA_TRIGGERS, neutralise, to_csv, unneutralise
from infoview.formats.export import export_prospects
from infoview.formats.json import to_json
from infoview.formats.vcard import fold_line, split_name, to_vcard, vcard_escape
from infoview.model.people import Prospect
from tests.helpers import prospect_dict, read_json

MARIA = prospect_dict(
    "maria-lopez",
    "María José López",
    role="Clinical social worker",
    organization="Mercy Hospital, Inc.; West",
    fields=["social work", "health care"],
    relation="neighbor",
    email="maria@example.org",
    phone="+1 555-0100",
    linkedin="https://www.linkedin.com/in/marialopez",
    tags=["hospital", "mom's friend"],
    notes="Met at the block party.\nLikes tea; not coffee, really \\ truly.",
    priority=3,
    status="contacted",
)
SAM = prospect_dict("sam-lee", "Sam Lee", status="new", tags=["teacher"])
EVIL = prospect_dict(
    "evil",
    '=HYPERLINK("http://x.example","click")',
    role="+cmd",
    organization="-2+3",
    notes="@SUM(A1:A9)",
    tags=["=tag"],
    phone="-555 0100",
)
STORED = [MARIA, SAM, EVIL]


def seed(home: Path, people: list[dict[str, Any]]) -> None:
    home.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"schema_version": 1, "prospects": people}, ensure_ascii=False)
    (home / "prospects.json").write_text(text, encoding="utf-8")


def model(data: dict[str, Any]) -> Prospect:
    return Prospect.model_validate(data)


def expected_cells(data: dict[str, Any]) -> list[str]:
    """What each CSV cell holds once unneutralised."""
    record = model(data).model_dump(mode="json")
    cells = []
    for column in CSV_COLUMNS:
        value = record[column]
        if value is None:
            cells.append("")
        elif isinstance(value, list):
            cells.append("; ".join(value))
        else:
            cells.append(str(value))
    return cells


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def cards(text: str) -> list[Any]:
    return list(vobject.readComponents(text))


def assert_card_matches(card: Any, data: dict[str, Any]) -> None:
    p = model(data)
    assert card.version.value == "4.0"
    assert card.fn.value == p.name
    family, given_names = split_name(p.name)
    assert card.n.value.family == family
    assert card.n.value.given == given_names
    optional = {
        "email": str(p.email) if p.email else None,
        "tel": p.phone,
        "title": p.role or None,
        "note": p.notes or None,
        "url": p.linkedin,
    }
    for key, value in optional.items():
        if value is None:
            assert key not in card.contents
        else:
            assert card.contents[key][0].value == value, key
    if p.organization:
        assert card.org.value == [p.organization]
    else:
        assert "org" not in card.contents
    if p.tags:
        assert card.categories.value == p.tags
    else:
        assert "categories" not in card.contents


# --- neutralising ------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("@SUM", "'@SUM"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("plain", "plain"),
        ("'quoted'", "'quoted'"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(cell: str, written: str) -> None:
    assert neutralise(cell) == written
    assert unneutralise(written) == cell


@given(st.text())
def test_unneutralise_inverts_neutralise(cell: str) -> None:
    written = neutralise(cell)
    assert not written.startswith(FORMULA_TRIGGERS)
    assert unneutralise(written) == cell


# --- CSV -----------------------------------------------------------------------


def test_csv_has_every_field_and_neutralises_formulas() -> None:
    text = to_csv([model(d) for d in STORED])
    assert not text.startswith("\ufeff")
    assert text.endswith("\r\n")
    rows = read_csv(text)
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 4
    by_id = {row[0]: dict(zip(CSV_COLUMNS, row, strict=True)) for row in rows[1:]}
    evil = by_id["evil"]
    assert evil["name"] == '\'=HYPERLINK("http://x.example","click")'
    assert evil["role"] == "'+cmd"
    assert evil["organization"] == "'-2+3"
    assert evil["notes"] == "'@SUM(A1:A9)"
    assert evil["tags"] == "'=tag"
    assert evil["phone"] == "'-555 0100"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(FORMULA_TRIGGERS)
    maria = by_id["maria-lopez"]
    assert maria["fields"] == "social work; health care"
    assert maria["phone"] == "'+1 555-0100"
    assert maria["referred_by"] == ""
    assert maria["priority"] == "3"
    assert maria["created_at"] == "2026-11-25T09:30:00-05:00"


def test_csv_reads_back_after_unneutralise() -> None:
    rows = read_csv(to_csv([model(d) for d in STORED]))
    for row, data in zip(rows[1:], STORED, strict=True):
        assert [unneutralise(cell) for cell in row] == expected_cells(data)


def test_csv_bom_on_request() -> None:
    assert to_csv([], bom=True).startswith("\ufeff")
    assert export_prospects([], "csv", bom=True).startswith(b"\xef\xbb\xbf")


def test_empty_exports() -> None:
    assert read_csv(to_csv([])) == [list(CSV_COLUMNS)]
    assert json.loads(to_json([])) == {"schema_version": 1, "prospects": []}
    assert to_vcard([]) == ""


def test_unknown_format_in_core() -> None:
    with pytest.raises(ValueError, match="xml"):
        export_prospects([], "xml")


# --- JSON ----------------------------------------------------------------------


def test_json_is_the_stored_envelope() -> None:
    data = json.loads(to_json([model(d) for d in STORED]))
    assert data == {"schema_version": 1, "prospects": STORED}


# --- vCard ---------------------------------------------------------------------


def test_vcard_escape() -> None:
    assert vcard_escape("a\\b,c;d\ne\r\nf") == "a\\\\b\\,c\\;d\\ne\\nf"


def test_fold_line_limits_octets_and_keeps_characters_whole() -> None:
    line = "NOTE:" + "é" * 100 + "x" * 80
    folded = fold_line(line)
    assert folded.endswith("\r\n")
    parts = folded[:-2].split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert parts[0] + "".join(part[1:] for part in parts[1:]) == line
    assert fold_line("FN:short") == "FN:short\r\n"


def test_split_name() -> None:
    assert split_name("María José López") == ("López", "María José")
    assert split_name("Cher") == ("Cher", "")


def test_vcard_content_and_parse_back() -> None:
    text = to_vcard([model(d) for d in STORED])
    assert text.count("BEGIN:VCARD\r\n") == 3
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "VERSION:4.0\r\n" in text
    assert "N:L\u00f3pez;Mar\u00eda Jos\u00e9;;;\r\n" in text
    assert "ORG:Mercy Hospital\\, Inc.\\; West\r\n" in text
    parsed = cards(text)
    assert len(parsed) == 3
    for card, data in zip(parsed, STORED, strict=True):
        assert_card_matches(card, data)


def test_vcard_url_keeps_separators_out() -> None:
    p = model(prospect_dict("x", "X Y", linkedin="https://www.linkedin.com/in/a,b;c"))
    text = to_vcard([p])
    assert "URL:https://www.linkedin.com/in/a%2Cb%3Bc\r\n" in text
    assert cards(text)[0].url.value == "https://www.linkedin.com/in/a%2Cb%3Bc"


AWKWARD = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(" ,;\\:'\"=+-@ñéü中😀\u00a0")),
        st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn", "Zl", "Zp")),
    ),
    min_size=1,
    max_size=120,
)
AWKWARD_NOTES = st.text(
    alphabet=st.one_of(
        st.sampled_from(list(" \n\t\r,;\\:'\"=+-@ñ中😀")),
        st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn", "Zl", "Zp")),
    ),
    max_size=300,
)


def awkward_person(name: str, notes: str, role: str) -> dict[str, Any]:
    data = prospect_dict("p", name, notes=notes, role=role, organization=role, tags=["a;b", "ü"])
    try:
        return model(data).model_dump(mode="json")
    except ValidationError:
        assume(False)
        raise  # unreachable: assume(False) raises


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(name=AWKWARD, notes=AWKWARD_NOTES, role=AWKWARD)
def test_vcard_round_trips_awkward_text(name: str, notes: str, role: str) -> None:
    data = awkward_person(name, notes, role)
    [card] = cards(to_vcard([model(data)]))
    assert_card_matches(card, data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(name=AWKWARD, notes=AWKWARD_NOTES, role=AWKWARD)
def test_csv_round_trips_awkward_text(name: str, notes: str, role: str) -> None:
    data = awkward_person(name, notes, role)
    rows = read_csv(to_csv([model(data)]))
    assert [unneutralise(cell) for cell in rows[1]] == expected_cells(data)


# --- the command -----------------------------------------------------------------


def test_cli_csv_to_stdout(cli: Any, home: Path) -> None:
    seed(home, STORED)
    result = cli("prospect", "export")
    rows = read_csv(result.stdout)
    assert rows[0] == list(CSV_COLUMNS)
    # Sorted like `prospect list`: highest priority first, then by name.
    assert [row[0] for row in rows[1:]] == ["maria-lopez", "evil", "sam-lee"]
    assert result.stdout_bytes == to_csv([model(d) for d in (MARIA, EVIL, SAM)]).encode()
    assert cli("prospect", "export", "-o", "-").stdout_bytes == result.stdout_bytes


def test_cli_json_and_vcard(cli: Any, home: Path) -> None:
    seed(home, STORED)
    data = json.loads(cli("prospect", "export", "--format", "json").stdout)
    assert data["schema_version"] == 1
    assert sorted(data["prospects"], key=lambda p: p["id"]) == sorted(STORED, key=lambda p: p["id"])
    text = cli("prospect", "export", "--format", "VCARD").stdout
    assert {card.fn.value for card in cards(text)} == {model(d).name for d in STORED}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_cli_output_file_is_private(cli: Any, home: Path, tmp_path: Path) -> None:
    seed(home, STORED)
    target = tmp_path / "people.json"
    result = cli("prospect", "export", "--format", "json", "-o", str(target))
    assert result.stdout == ""
    assert str(target) in result.stderr
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert read_json(target) == {
        "schema_version": 1,
        "prospects": [MARIA, EVIL, SAM],
    }


def test_cli_format_from_extension(cli: Any, home: Path, tmp_path: Path) -> None:
    seed(home, STORED)
    target = tmp_path / "contacts.vcf"
    cli("prospect", "export", "-o", str(target))
    assert len(cards(target.read_text(encoding="utf-8"))) == 3
    other = tmp_path / "people.txt"
    cli("prospect", "export", "-o", str(other))
    assert read_csv(other.read_text(encoding="utf-8"))[0] == list(CSV_COLUMNS)


def test_cli_filters(cli: Any, home: Path) -> None:
    seed(home, STORED)
    rows = read_csv(cli("prospect", "export", "--status", "contacted").stdout)
    assert [row[0] for row in rows[1:]] == ["maria-lopez"]
    data = json.loads(cli("prospect", "export", "--format", "json", "--tag", "TEACHER").stdout)
    assert [p["id"] for p in data["prospects"]] == ["sam-lee"]


def test_cli_empty_list(cli: Any, home: Path) -> None:
    result = cli("prospect", "export")
    assert read_csv(result.stdout) == [list(CSV_COLUMNS)]
    assert "nobody" in result.stderr
    data = json.loads(cli("prospect", "export", "--format", "json").stdout)
    assert data == {"schema_version": 1, "prospects": []}
    assert cli("prospect", "export", "--format", "vcard").stdout == ""
    seed(home, STORED)
    result = cli("prospect", "export", "--status", "thanked")
    assert read_csv(result.stdout) == [list(CSV_COLUMNS)]
    assert "nobody matches" in result.stderr


def test_cli_unknown_format(cli: Any, home: Path) -> None:
    result = cli("prospect", "export", "--format", "xml", expect=None)
    assert result.exit_code in (1, 2)
    assert "xml" in result.stderr
    assert "csv, json, vcard" in result.stderr
    assert result.stdout == ""


def test_cli_bom_only_for_csv(cli: Any, home: Path) -> None:
    assert cli("prospect", "export", "--bom").stdout_bytes.startswith(b"\xef\xbb\xbf")
    result = cli("prospect", "export", "--bom", "--format", "json", expect=1)
    assert "--bom" in result.stderr


def test_cli_unwritable_output(cli: Any, home: Path, tmp_path: Path) -> None:
    result = cli("prospect", "export", "-o", str(tmp_path / "missing" / "x.csv"), expect=1)
    assert "could not write" in result.stderr
