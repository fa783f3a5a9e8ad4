"""`infoview prospect import`: every source, de-duplication, --update, --dry-run, round trips."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.formats.contacts import parse_contacts
from infoview.formats.export import export_prospects
from infoview.model.people import Prospect
from tests.helpers import read_json

SAMPLES = Path(__file__).resolve().parent / "data" / "contacts"


def people(home: Path) -> dict[str, dict[str, Any]]:
    path = home / "prospects.json"
    if not path.exists():
        return {}
    return {p["id"]: p for p in read_json(path)["prospects"]}


def imported(cli: Any, *args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cli("prospect", "import", *args, "--json").stdout)
    return data


@pytest.mark.parametrize(
    "sample",
    ["iphone.vcf", "google.vcf", "android21.vcf", "v4.vcf", "Connections.csv", "generic.csv"],
)
def test_each_sample_imports_and_twice_changes_nothing(cli: Any, home: Path, sample: str) -> None:
    first = imported(cli, str(SAMPLES / sample))
    assert first["created"] >= 1
    snapshot = (home / "prospects.json").read_bytes()
    again = imported(cli, str(SAMPLES / sample))
    assert again["created"] == 0
    assert again["updated"] == 0
    assert again["unchanged"] == first["created"]
    assert (home / "prospects.json").read_bytes() == snapshot


def test_dry_run_writes_nothing(cli: Any, home: Path) -> None:
    result = cli("prospect", "import", str(SAMPLES / "iphone.vcf"), "--dry-run")
    assert "Would import" in result.stdout
    assert "nothing was written" in result.stderr
    assert not (home / "prospects.json").exists()
    data = imported(cli, str(SAMPLES / "iphone.vcf"), "--dry-run")
    assert data["dry_run"] is True
    assert data["created"] >= 1
    assert set(data) >= {"created", "updated", "unchanged", "skipped", "skips"}


def test_relation_and_tags_apply_to_everyone(cli: Any, home: Path) -> None:
    cli(
        "prospect",
        "import",
        str(SAMPLES / "iphone.vcf"),
        "--relation",
        "family",
        "--tag",
        "phone",
    )
    for p in people(home).values():
        assert p["relation"] == "family"
        assert "phone" in p["tags"]


def test_linkedin_rows_are_connections(cli: Any, home: Path) -> None:
    cli("prospect", "import", str(SAMPLES / "Connections.csv"))
    assert {p["relation"] for p in people(home).values()} == {"connection"}
    assert all(p["linkedin"] for p in people(home).values())


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_matches_by_email_linkedin_or_name_at_org(cli: Any, home: Path, tmp_path: Path) -> None:
    cli("prospect", "add", "Maria Lopez", "--email", "maria@example.org")
    cli("prospect", "add", "Sam Lee", "--linkedin", "https://www.linkedin.com/in/samlee")
    cli("prospect", "add", "Ana Lima", "--org", "Mercy Hospital")
    csv = write(
        tmp_path,
        "people.csv",
        "Name,Email,LinkedIn,Company,Title\n"
        "M. Lopez,MARIA@example.org,,,Nurse\n"
        "Samuel Lee,,linkedin.com/in/samlee/,,Teacher\n"
        "ana  LIMA,,,mercy hospital,Doctor\n"
        "Ana Lima,,,Other Place,Lawyer\n",
    )
    result = imported(cli, str(csv))
    assert (result["created"], result["updated"]) == (1, 3)
    everyone = people(home)
    assert everyone["maria-lopez"]["role"] == "Nurse"
    assert everyone["maria-lopez"]["name"] == "Maria Lopez"  # the name is not overwritten
    assert everyone["sam-lee"]["role"] == "Teacher"
    assert everyone["ana-lima"]["role"] == "Doctor"
    assert everyone["ana-lima-2"]["organization"] == "Other Place"


def test_fills_empty_fields_and_update_overwrites(cli: Any, home: Path, tmp_path: Path) -> None:
    cli("prospect", "add", "Maria Lopez", "--email", "maria@example.org", "--role", "Nurse")
    csv = write(
        tmp_path, "p.csv", "Name,Email,Title,Phone\nMaria Lopez,maria@example.org,Doctor,555-0100\n"
    )
    cli("prospect", "import", str(csv))
    maria = people(home)["maria-lopez"]
    assert maria["role"] == "Nurse"  # not overwritten
    assert maria["phone"] == "555-0100"  # filled
    cli("prospect", "import", str(csv), "--update")
    assert people(home)["maria-lopez"]["role"] == "Doctor"


def test_invalid_rows_are_skipped_with_a_reason(cli: Any, home: Path, tmp_path: Path) -> None:
    csv = write(
        tmp_path, "p.csv", "Name,Email\nGood Person,good@example.org\nBad Email,not-an-email\n"
    )
    result = imported(cli, str(csv))
    assert result["created"] == 1
    assert result["skips"][0]["line"] == 3
    assert "email" in result["skips"][0]["reason"]


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", [], "empty"),
        (b"\x00\x01\x02binary", [], ""),
        (b"BEGIN:VCARD\r\nFN:A B\r\nEND:VCARD\r\n", ["--format", "linkedin"], ""),
        (b"just some words\n", [], ""),
    ],
)
def test_bad_files_exit_1_and_write_nothing(
    cli: Any, home: Path, tmp_path: Path, content: bytes, args: list[str], message: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = cli("prospect", "import", str(path), *args, expect=1)
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (home / "prospects.json").exists()


def test_missing_file_and_unknown_format(cli: Any, tmp_path: Path) -> None:
    cli("prospect", "import", str(tmp_path / "nope.vcf"), expect=1)
    path = write(tmp_path, "a.csv", "Name\nA B\n")
    result = cli("prospect", "import", str(path), "--format", "xml", expect=1)
    assert "--format" in result.stderr


def test_ten_thousand_rows(cli: Any, home: Path, tmp_path: Path) -> None:
    rows = "\n".join(f"Person {n},p{n}@example.org,Org {n % 50}" for n in range(10_000))
    csv = write(tmp_path, "big.csv", "Name,Email,Company\n" + rows + "\n")
    assert imported(cli, str(csv))["created"] == 10_000
    assert imported(cli, str(csv))["unchanged"] == 10_000
    assert len(people(home)) == 10_000


def test_a_long_import_shows_progress_in_a_terminal_only(
    cli: Any, home: Path, tmp_path: Path
) -> None:
    rows = "\n".join(f"Person {n},p{n}@example.org" for n in range(2_500))
    csv = write(tmp_path, "long.csv", "Name,Email\n" + rows + "\n")
    piped = cli("prospect", "import", str(csv), "--dry-run")
    assert piped.stdout.startswith("Would import long.csv: 2500 created")
    assert "\x1b[" not in piped.stdout
    screen = cli("prospect", "import", str(csv), terminal=True)
    assert "Importing" in screen.stdout  # the bar, drawn and then cleared
    assert "Imported long.csv: 2500 created, 0 updated, 0 unchanged, 0 skipped." in screen.stdout
    assert len(people(home)) == 2_500


@pytest.mark.parametrize("fmt", ["csv", "json", "vcard"])
def test_export_then_import_gives_the_same_people(
    cli: Any, home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    cli(
        "prospect",
        "add",
        "José García, Jr.",
        "--email",
        "jose@example.org",
        "--phone",
        "+1 555-0100",
        "--org",
        "Acme; Labs",
        "--role",
        "=Engineer",
        "--note",
        "Met at the fair\nSecond line, with commas; and semicolons",
        "--tag",
        "mentor",
        "--linkedin",
        "https://www.linkedin.com/in/jose",
    )
    cli("prospect", "add", "王伟", "--email", "wei@example.org")
    out = tmp_path / f"export.{'vcf' if fmt == 'vcard' else fmt}"
    cli("prospect", "export", "--format", fmt, "-o", str(out))
    before = people(home)
    fresh = tmp_path / "fresh"
    monkeypatch.setenv("INFOVIEW_HOME", str(fresh))
    cli("--home", str(fresh), "prospect", "import", str(out))
    after = {p["id"]: p for p in read_json(fresh / "prospects.json")["prospects"]}
    assert set(after) == set(before)
    keys = ["name", "email", "phone", "organization", "role", "notes", "tags", "linkedin"]
    for pid, person in before.items():
        for key in keys:
            assert after[pid][key] == person[key], (fmt, pid, key)


# --- Hypothesis: export then parse gives back awkward names and notes ------------

_STAMP = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)
_word = st.text(
    alphabet=st.characters(categories=("L", "N"), include_characters="'’-.,;\\\"="),
    min_size=1,
    max_size=12,
).filter(lambda w: w.strip(" '’-.,;\\\"=") != "")
_names = st.lists(_word, min_size=1, max_size=3).map(" ".join)
_notes = st.lists(
    st.text(
        alphabet=st.characters(categories=("L", "N", "P", "Zs"), include_characters="=+-@\\"),
        max_size=30,
    ).map(lambda s: " ".join(s.split())),
    max_size=3,
).map(lambda lines: "\n".join(line for line in lines if line))


@settings(max_examples=60, deadline=None)
@given(name=_names, org=_names, notes=_notes, fmt=st.sampled_from(["csv", "json", "vcard"]))
def test_awkward_values_survive_export_and_parse(name: str, org: str, notes: str, fmt: str) -> None:
    person = Prospect.model_validate(
        {
            "id": "someone",
            "name": name,
            "organization": org,
            "notes": notes,
            "email": "a@example.org",
            "created_at": _STAMP,
            "updated_at": _STAMP,
        }
    )
    [row] = parse_contacts(export_prospects([person], fmt), fmt).rows
    assert row.name == person.name
    assert row.organization == person.organization
    assert row.notes == person.notes
    assert row.email == person.email


# --- regressions found by tests/test_roundtrips.py --------------------------------


def test_a_leading_quote_the_export_did_not_add_survives_csv() -> None:
    # The import took the quote off "':-)" (":" was counted as a formula start) and
    # left the export's added quote on "''=chair" (it only looked one quote deep).
    person = Prospect.model_validate(
        {
            "id": "ana",
            "name": "'Tis Ana",
            "role": "''=chair",
            "organization": "'+1 club",
            "notes": "':-) met at the fair",
            "created_at": _STAMP,
            "updated_at": _STAMP,
        }
    )
    [row] = parse_contacts(export_prospects([person], "csv"), "csv").rows
    assert (row.name, row.role, row.organization, row.notes) == (
        person.name,
        person.role,
        person.organization,
        person.notes,
    )
