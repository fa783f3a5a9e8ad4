"""`infoview broaden FIELD` and `infoview prospect list --near FIELD` end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from infoview.rules.fields import load_field_map, near
from infoview.store.registry import PROSPECTS
from infoview.store.workspace import Workspace
from infoview.usecases.broaden import broaden_field
from tests.helpers import prospect_dict


@pytest.fixture
def people(cli: Any) -> None:
    for args in (
        [
            "Maria Lopez",
            "--role",
            "Clinical social worker",
            "--field",
            "social work",
            "--relation",
            "neighbor",
        ],
        [
            "Dev Patel",
            "--role",
            "School psychologist",
            "--field",
            "psychology",
            "--relation",
            "teacher",
            "--priority",
            "3",
        ],
        ["Lee Park", "--role", "Child psychiatrist", "--relation", "family"],
        ["Kim Nguyen", "--role", "Psychiatric nurse", "--relation", "neighbor"],
        ["Ravi Rao", "--field", "software engineering", "--relation", "family"],
    ):
        cli("prospect", "add", *args)


def test_broaden_without_prospects(cli: Any, home: Path) -> None:
    result = cli("broaden", "psychiatry")
    out = result.stdout
    assert out.splitlines()[0] == "Psychiatry"
    assert "Psychology and Counseling" in out
    for name in ("Psychology", "Social Work", "Counseling", "Psychiatric Nursing"):
        assert name in out
    assert "matched" not in out
    assert 'infoview prospect add "Name" --field psychiatry' in result.stderr
    assert not home.exists()  # only read


def test_broaden_lists_people_in_and_near(cli: Any, people: None) -> None:
    result = cli("broaden", "psychiatry")
    out = result.stdout
    inside, _, nearby = out.partition("Your prospects near Psychiatry:")
    assert "Your prospects in Psychiatry:" in inside
    assert "lee-park" in inside and "Child psychiatrist" in inside
    rows = [line.split()[0] for line in nearby.strip().splitlines()[1:]]
    assert rows == ["dev-patel", "maria-lopez", "kim-nguyen"]
    assert "ravi-rao" not in out
    assert "infoview prospect list --near psychiatry" in result.stderr


def test_broaden_loose_match_says_so(cli: Any) -> None:
    out = cli("broaden", "Psychiatrys").stdout
    assert out.splitlines()[0] == "Psychiatry (matched 'Psychiatrys' as Psychiatry)"


def test_broaden_a_family(cli: Any, people: None) -> None:
    out = cli("broaden", "healthcare").stdout
    assert "Fields in it:" in out and "Nursing" in out
    assert "kim-nguyen" in out.partition("Your prospects near")[0]


def test_broaden_json(cli: Any, people: None) -> None:
    result = cli("broaden", "counselling", "--json")
    data = json.loads(result.stdout)
    assert data["field"]["id"] == "counseling"
    assert data["exact"] is True
    assert data["family"] == {
        "id": "psychology-counseling",
        "name": "Psychology and Counseling",
        "family": None,
    }
    assert data["related"][0]["closeness"] == "related"
    near = {row["prospect"]["id"]: row["field"]["id"] for row in data["people_near"]}
    assert near["dev-patel"] == "psychology"
    assert near["maria-lopez"] == "social-work"
    assert result.stderr == ""


@pytest.mark.parametrize("args", [["broaden", "astrolgy"], ["broaden", "qqq", "--json"]])
def test_broaden_unknown_field(cli: Any, args: list[str]) -> None:
    result = cli(*args, expect=1)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "knows no neighbours for" in lines[0]
    assert "Traceback" not in result.stderr


def test_broaden_suggests_a_close_name(cli: Any) -> None:
    assert "nearest fields it knows: Astronomy and Space Science ('astronomy')" in (
        cli("broaden", "astrolgy", expect=1).stderr
    )


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ("pyschiatry", "Psychiatry"),  # two letters swapped
        ("psycology", "Psychology"),  # one missed
        ("chemestry", "Chemistry"),  # one struck wrong
        ("socialwork", "Social Work"),  # the space missed
        ("enginering", "Engineering"),
        ("game desing", "Game Development"),  # a slip inside a phrase
    ],
)
def test_broaden_takes_a_typing_slip_for_the_field(cli: Any, typed: str, field: str) -> None:
    first = cli("broaden", typed).stdout.splitlines()[0]
    assert first == f"{field} (matched '{typed}' as {field})"


@pytest.mark.parametrize(
    ("typed", "nearest"),
    [
        # 9 letters of 10 shared with "bookkeeper", but no keyboard slip turns z into b.
        ("zookeeper", "Biology ('zoology') or Accounting ('bookkeeper')"),
        ("zoo", "Biology ('zoology')"),
        ("accountent", None),  # a real slip: matched, not refused
    ],
)
def test_broaden_refuses_a_field_that_only_looks_alike(
    cli: Any, typed: str, nearest: str | None
) -> None:
    if nearest is None:
        assert cli("broaden", typed).stdout.startswith("Accounting (matched")
        return
    result = cli("broaden", typed, expect=1)
    assert result.stderr == (
        f"infoview: '{typed}' is not a field infoview knows, so it knows no neighbours for it"
        f" (the nearest fields it knows: {nearest})\n"
    )
    assert cli("prospect", "list", "--near", typed, expect=1).stderr == result.stderr


def test_broaden_blank(cli: Any) -> None:
    result = cli("broaden", " ", expect=1)
    assert "name a career field" in result.stderr


def test_prospect_list_near(cli: Any, people: None) -> None:
    out = cli("prospect", "list", "--near", "psychiatry").stdout
    ids = [line.split()[0] for line in out.strip().splitlines()[1:]]
    assert ids == ["dev-patel", "kim-nguyen", "lee-park", "maria-lopez"]  # list order: priority


def test_prospect_list_near_combines_with_filters(cli: Any, people: None) -> None:
    result = cli("prospect", "list", "--near", "psychiatrist", "--relation", "neighbor", "--json")
    assert [p["id"] for p in json.loads(result.stdout)] == ["kim-nguyen", "maria-lopez"]
    result = cli("prospect", "list", "--near", "software", "--relation", "neighbor")
    assert "nobody matches those filters" in result.stderr


def test_prospect_list_near_unknown_field(cli: Any, people: None) -> None:
    result = cli("prospect", "list", "--near", "xyzzy", expect=1)
    assert (
        result.stderr.strip()
        == "infoview: 'xyzzy' is not a field infoview knows, so it knows no neighbours for it"
    )


def test_help_has_an_example(cli: Any) -> None:
    assert "Example: infoview broaden psychiatry" in cli("broaden", "--help").stdout
    assert "--near" in cli("prospect", "list", "--help").stdout


def test_the_suggested_add_command_puts_someone_in_the_field(cli: Any) -> None:
    import shlex

    result = cli("broaden", "veterinary medicine")
    suggested = result.stderr.split("add someone with: ", 1)[1].strip()
    words = shlex.split(suggested.replace('"Name"', '"Dana Vet"'))
    assert words[0] == "infoview"
    cli(*words[1:])
    found = json.loads(cli("broaden", "veterinary medicine", "--json").stdout)
    assert [p["id"] for p in found["people_in"]] == ["dana-vet"]


# --- the use cases ------------------------------------------------------------------


def test_broaden_field_use_case(home: Path, people: None) -> None:
    result = broaden_field(Workspace(home), "psychiatry")
    assert result.have_prospects and result.warnings == []
    assert [p.id for p in result.broadening.people_in] == ["lee-park"]
    assert result.as_dict() == result.broadening.as_dict()
    ids = [p.id for p in near(load_field_map(), "psychiatry", result.broadening.people_in)]
    assert ids == ["lee-park"]


def test_broaden_field_use_case_warns_about_a_hand_edited_list(cli: Any, home: Path) -> None:
    home.mkdir()
    person = prospect_dict("sam", "Sam Vet", fields=["veterinary medicine"], referred_by="ghost")
    (home / "prospects.json").write_text(
        json.dumps({"schema_version": 1, "prospects": [person]}), encoding="utf-8"
    )
    result = broaden_field(Workspace(home), "vet")
    assert [p.id for p in result.broadening.people_in] == ["sam"]
    assert len(result.warnings) == 1 and "ghost" in result.warnings[0]
    assert "ghost" in cli("broaden", "vet").stderr


def test_near_puts_those_in_it_first_then_the_closest(home: Path, people: None) -> None:
    everyone = Workspace(home).read(PROSPECTS).prospects
    ids = [p.id for p in near(load_field_map(), "psychiatry", everyone)]
    assert ids == ["lee-park", "dev-patel", "maria-lopez", "kim-nguyen"]
