"""Issue 17, "Finding people and words": the relation words a student uses, and a name
search that prefers the start of a word to any part of it. Through the CLI."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from infoview.model.vocab import RELATION_WORDS, Relation
from tests.helpers import Cli, refused

# Each relation with the everyday forms a student types for it.
FORMS: list[tuple[str, str]] = [
    ("family", "family"),
    ("Family", "family"),
    ("cousin", "family"),
    ("Aunt", "family"),
    ("uncle", "family"),
    ("mom", "family"),
    ("cousins", "family"),
    ("family friend", "family-friend"),
    ("Family Friends", "family-friend"),
    ("family_friend", "family-friend"),
    ("FAMILY-FRIEND", "family-friend"),
    ("neighbor", "neighbor"),
    ("neighbour", "neighbor"),
    ("neighbours", "neighbor"),
    ("friend", "friend"),
    ("classmate", "friend"),
    ("Classmates", "friend"),
    ("teacher", "teacher"),
    ("teacher's", "teacher"),
    ("Teachers", "teacher"),
    ("alumni", "alumni"),
    ("alum", "alumni"),
    ("alumnus", "alumni"),
    ("coworker", "coworker"),
    ("co-worker", "coworker"),
    ("colleague", "coworker"),
    ("Colleagues", "coworker"),
    ("referral", "referral"),
    ("connection", "connection"),
    ("LinkedIn", "connection"),
    ("other", "other"),
]


def listed(cli: Cli, *args: str) -> list[dict[str, object]]:
    people: list[dict[str, object]] = json.loads(cli("prospect", "list", "--json", *args).stdout)
    return people


@pytest.mark.parametrize(("word", "relation"), FORMS)
def test_each_form_of_a_relation_is_understood(cli: Cli, word: str, relation: str) -> None:
    cli("prospect", "add", "Bo Li", "--relation", word)
    [bo] = listed(cli, "--relation", word)
    assert bo["relation"] == relation
    cli("prospect", "edit", "bo-li", "--relation", "other")
    cli("prospect", "edit", "bo-li", "--relation", word)
    assert listed(cli)[0]["relation"] == relation


@pytest.mark.parametrize("command", [("add", "Bo Li"), ("list",), ("import", "people.csv")])
def test_an_unknown_word_is_refused_in_one_line_naming_the_relations(
    cli: Cli, command: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "people.csv").write_text("name\nBo Li\n", encoding="utf-8")
    result = cli("prospect", *command, "--relation", "zookeeper", expect=None)
    refused(result, "'zookeeper' is not a relation infoview knows: family, family-friend, ")
    assert ", other (or a word such as cousin" in result.stderr
    assert not (tmp_path / "home").exists() or listed(cli) == []


@pytest.mark.parametrize("command", [("add",), ("edit",), ("list",), ("import",)])
def test_help_lists_every_accepted_word(cli: Cli, command: tuple[str, ...]) -> None:
    shown = cli("prospect", *command, "--help", env={"COLUMNS": "200"}).stdout
    text = " ".join(re.sub(r"[│╭╮╰╯─]", " ", shown).split())
    assert "--relation RELATION" in text
    for relation in Relation:
        assert relation.value in text
        for word in RELATION_WORDS[relation]:
            assert word in text, word


def test_a_csv_relation_column_says_family_friends(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "people.csv").write_text(
        "name,relation\nBo Li,Family friends\nCy Dee,Neighbours\nDi Eve,cousin\n",
        encoding="utf-8",
    )
    cli("prospect", "import", "people.csv")
    assert {p["name"]: p["relation"] for p in listed(cli)} == {
        "Bo Li": "family-friend",
        "Cy Dee": "neighbor",
        "Di Eve": "family",
    }


# --- finding a person by part of a name --------------------------------------


@pytest.fixture
def three(cli: Cli) -> Cli:
    for name in ("Ana-Sofía Ruiz", "Leilani Akana", "Keiko Tanaka"):
        cli("prospect", "add", name)
    return cli


def shown_name(cli: Cli, query: str) -> object:
    return json.loads(cli("prospect", "show", query, "--json").stdout)["name"]


def test_the_start_of_a_word_wins_over_any_part_of_one(three: Cli) -> None:
    assert shown_name(three, "ana") == "Ana-Sofía Ruiz"
    assert shown_name(three, "ANA") == "Ana-Sofía Ruiz"
    assert shown_name(three, "sofia") == "Ana-Sofía Ruiz"  # after the hyphen
    assert shown_name(three, "ana sofia") == "Ana-Sofía Ruiz"
    assert shown_name(three, "aka") == "Leilani Akana"
    assert shown_name(three, "tan") == "Keiko Tanaka"


def test_a_part_of_a_word_counts_when_no_word_starts_with_it(three: Cli) -> None:
    assert shown_name(three, "kan") == "Leilani Akana"  # no word starts "kan"; Akana has it
    assert shown_name(three, "naka") == "Keiko Tanaka"


def test_several_people_starting_a_word_are_named_with_the_rule(three: Cli) -> None:
    three("prospect", "add", "Ana Lee")
    result = three("prospect", "show", "ana", expect=None)
    refused(
        result,
        "'ana' starts a word in the names of: Ana-Sofía Ruiz (ana-sofia-ruiz), Ana Lee (ana-lee)",
    )
    assert "name one by its id, e.g. `ana-sofia-ruiz`" in result.stderr
    assert "Akana" not in result.stderr and "Tanaka" not in result.stderr
    assert shown_name(three, "ana-lee") == "Ana Lee"


def test_several_people_with_it_inside_a_word_are_named_with_that_rule(three: Cli) -> None:
    refused(
        three("prospect", "show", "ka", expect=None),
        "'ka' is part of the names of: Leilani Akana (leilani-akana), Keiko Tanaka (keiko-tanaka)",
    )


def test_the_editor_form_takes_the_same_relation_words(
    cli: Cli, home: Path, tmp_path: Path
) -> None:
    cli("prospect", "add", "Jordan Avery")
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('relation: other', 'relation: Family friends'))\n"
    )
    cli("prospect", "edit", "jordan", "--editor", env={"EDITOR": f"{sys.executable} {script}"})
    stored = json.loads((home / "prospects.json").read_text(encoding="utf-8"))
    assert stored["prospects"][0]["relation"] == "family-friend"
