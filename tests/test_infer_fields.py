"""A job title gives the field: `prospect add --role` without `--field`, and `prospect import`
(issue 16, item 2); `--no-infer` leaves the field empty."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from infoview.rules.fields import fields_from_role, load_field_map
from tests.helpers import read_json


def fields_of(home: Path) -> dict[str, list[str]]:
    return {p["id"]: p["fields"] for p in read_json(home / "prospects.json")["prospects"]}


@pytest.mark.parametrize(
    ("role", "fields"),
    [
        ("Child Psychiatrist", ["Psychiatry"]),
        ("RN", ["Nursing"]),
        ("SWE", ["Software Engineering"]),
        ("Licensed Professional Counselor", ["Counseling"]),
        ("Owner", []),  # the map does not know it: nothing is guessed
        ("Chief of vibes", []),
    ],
)
def test_a_job_title_names_its_field(role: str, fields: list[str]) -> None:
    assert fields_from_role(load_field_map(), role) == fields


def test_prospect_add_takes_the_field_from_the_role(cli: Any, home: Path) -> None:
    added = cli("prospect", "add", "Dana Reyes", "--role", "Child Psychiatrist")
    assert "field: Psychiatry, from the role" in added.stderr
    cli("prospect", "add", "Lee Park", "--role", "Child Psychiatrist", "--no-infer")
    cli("prospect", "add", "Ana Ruiz", "--role", "Child Psychiatrist", "--field", "pediatrics")
    cli("prospect", "add", "Bo Li", "--role", "Owner")
    assert fields_of(home) == {
        "dana-reyes": ["Psychiatry"],
        "lee-park": [],
        "ana-ruiz": ["pediatrics"],  # the student's own word wins
        "bo-li": [],
    }


CARDS = """BEGIN:VCARD
VERSION:3.0
FN:Dana Reyes
TITLE:Child Psychiatrist
ORG:St. Mary's Hospital
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Sam Ode
TITLE:Software Engineer
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Bo Li
TITLE:Owner
END:VCARD
"""


def test_import_takes_fields_from_job_titles(cli: Any, home: Path, tmp_path: Path) -> None:
    cards = tmp_path / "phone.vcf"
    cards.write_text(CARDS, encoding="utf-8")
    cli("prospect", "import", str(cards))
    assert fields_of(home) == {
        "dana-reyes": ["Psychiatry"],
        "sam-ode": ["Software Engineering"],
        "bo-li": [],
    }
    cli("profile", "set", "--name", "Kim Lee")
    draft = json.loads(cli("outreach", "draft", "dana", "--json").stdout)
    assert draft["subject"] == "A student curious about psychiatry"
    report = json.loads(cli("report", "--json").stdout)
    assert report["people_without_field"] == 1  # Bo, the owner


def test_import_no_infer_leaves_fields_empty(cli: Any, home: Path, tmp_path: Path) -> None:
    cards = tmp_path / "phone.vcf"
    cards.write_text(CARDS, encoding="utf-8")
    cli("prospect", "import", str(cards), "--no-infer")
    assert set(map(tuple, fields_of(home).values())) == {()}


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_export_read_back_keeps_an_empty_field_empty(
    cli: Any, home: Path, tmp_path: Path, fmt: str
) -> None:
    """A file with a place for the fields says "none" when it is empty: nothing is
    worked out from the role, so export -> import -> export changes nothing."""
    cli("prospect", "add", "Ava Ross", "--role", "Aviation mechanic", "--no-infer")
    exported = tmp_path / f"people.{fmt}"
    cli("prospect", "export", "--format", fmt, "-o", str(exported))
    cli("prospect", "remove", "ava", "--yes")
    cli("prospect", "import", str(exported))
    assert fields_of(home) == {"ava-ross": []}
    again = tmp_path / f"again.{fmt}"
    cli("prospect", "export", "--format", fmt, "-o", str(again))
    assert again.read_bytes() == exported.read_bytes()
    # A file without a fields column still gets them from the job title.
    bare = tmp_path / "bare.csv"
    bare.write_text("name,role\nBen Ortiz,Aviation mechanic\n", encoding="utf-8")
    cli("prospect", "import", str(bare))
    assert fields_of(home)["ben-ortiz"] != []
