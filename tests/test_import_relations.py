"""An import works out how the student knows each person, and shows its work: the
relation from the card (issue 16, item 1), `--dry-run` that lists everyone with what would
happen and why (item 4), `--only-group` and `--match`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from infoview.formats.incoming import Incoming
from infoview.model.vocab import Relation
from infoview.rules.agenda import RELATION_ORDER
from infoview.rules.relation_guess import guess_relation
from tests.helpers import read_json
from tests.terminal import DOWN, ENTER, SPACE, Terminal, needs_pty

SAMPLES = Path(__file__).parent / "data" / "contacts"


def row(name: str = "Sam Lee", **details: Any) -> Incoming:
    return Incoming(line=1, name=name, **details)


@pytest.mark.parametrize(
    ("incoming", "relation", "reason"),
    [
        (row("Aunt Keiko Tanaka"), Relation.FAMILY, "'Aunt' in the name"),
        (row("Rosa Gómez", nickname="Tía Rosa"), Relation.FAMILY, "'Tía' in the nickname"),
        (row(groups=["myContacts", "Family friends"]), Relation.FAMILY_FRIEND, "Family friends"),
        (row(groups=["Familia"]), Relation.FAMILY, "'Familia'"),
        (row(groups=["Vecinos"]), Relation.NEIGHBOR, "'Vecinos'"),
        (row(groups=["Coworkers"]), Relation.COWORKER, "'Coworkers'"),
        (row(groups=["Teachers"]), Relation.TEACHER, "'Teachers'"),
        (row(groups=["Classmates"]), Relation.FRIEND, "'Classmates'"),
        (row(notes="Family friend (Dad's college roommate)"), Relation.FAMILY_FRIEND, "note"),
        (row(notes="Dad's college roommate"), Relation.FAMILY_FRIEND, "roommate"),
        (row(notes="my chemistry teacher? no: my teacher in 9th grade"), Relation.TEACHER, "note"),
        (row(notes="lives next door"), Relation.NEIGHBOR, "next door"),
    ],
)
def test_the_relation_comes_from_what_the_card_says(
    incoming: Incoming, relation: Relation, reason: str
) -> None:
    guess = guess_relation(incoming)
    assert guess is not None
    assert guess.relation == relation
    assert reason in guess.reason


@pytest.mark.parametrize(
    "incoming",
    [
        row("Dr. Samuel Weiss"),
        row(groups=["myContacts", "Engineering"]),  # a group that says nothing of how
        row(notes="Met at the career fair, booth 12."),
        row("Grandview Hospital front desk", groups=["Work stuff"]),
    ],
)
def test_nothing_is_guessed_without_a_clear_clue(incoming: Incoming) -> None:
    assert guess_relation(incoming) is None


def test_a_linkedin_row_is_a_connection() -> None:
    guess = guess_relation(row(), source="linkedin")
    assert guess is not None and guess.relation == Relation.CONNECTION


def people(home: Path) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in read_json(home / "prospects.json")["prospects"]}


CARDS = """BEGIN:VCARD
VERSION:3.0
FN:Aunt Keiko Tanaka
N:Tanaka;Keiko;;Aunt;
TITLE:Child Psychiatrist
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Jordan Avery
NOTE:Family friend (Dad's college roommate)
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Lee Park
TITLE:Welder
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:;;;;
END:VCARD
"""


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    path = tmp_path / "phone.vcf"
    path.write_text(CARDS, encoding="utf-8")
    return path


def test_dry_run_lists_each_person_with_what_would_happen_and_why(
    cli: Any, home: Path, cards: Path
) -> None:
    cli("prospect", "add", "Lee Park", "--email", "lee@example.org")
    result = cli("prospect", "import", str(cards), "--dry-run")
    out = result.stdout
    assert "card 1: Aunt Keiko Tanaka: new, family ('Aunt' in the name); field Psychiatry" in out
    assert "card 2: Jordan Avery: new, family-friend (the note says 'Family friend')" in out
    assert "card 3: Lee Park: update lee-park: fills fields, role" in out
    assert "card 4: skipped: no name" in out
    assert "dry run: nothing was written" in result.stderr
    assert list(people(home)) == ["Lee Park"]  # nothing written
    data = json.loads(cli("prospect", "import", str(cards), "--dry-run", "--json").stdout)
    assert {"created", "updated", "unchanged", "skipped", "skips"} <= set(data)  # keys kept
    assert [p["action"] for p in data["people"]] == ["create", "create", "update", "skip"]


def test_the_import_stores_the_guessed_relation_and_relation_overrides_it(
    cli: Any, home: Path, cards: Path
) -> None:
    cli("prospect", "import", str(cards))
    stored = people(home)
    assert stored["Aunt Keiko Tanaka"]["relation"] == "family"
    assert stored["Aunt Keiko Tanaka"]["address_as"] == "Aunt Keiko"
    assert stored["Jordan Avery"]["relation"] == "family-friend"
    assert stored["Lee Park"]["relation"] == "other"
    cli("profile", "set", "--name", "Kim Lee")
    draft = json.loads(cli("outreach", "draft", "keiko", "--channel", "text", "--json").stdout)
    assert draft["body"].startswith("Hi Aunt Keiko, it's Kim.")
    friend = json.loads(cli("outreach", "draft", "jordan", "--json").stdout)
    assert friend["body"].startswith("Hi Jordan,")


def test_relation_and_no_infer_override_the_guess(cli: Any, home: Path, cards: Path) -> None:
    cli("prospect", "import", str(cards), "--relation", "neighbor", "--match", "keiko")
    cli("prospect", "import", str(cards), "--no-infer", "--match", "jordan")
    stored = people(home)
    assert stored["Aunt Keiko Tanaka"]["relation"] == "neighbor"
    assert stored["Jordan Avery"]["relation"] == "other"
    assert stored["Jordan Avery"]["fields"] == []


def test_match_chooses_whom_to_import(cli: Any, home: Path, cards: Path) -> None:
    result = cli("prospect", "import", str(cards), "--match", "TANAKA")
    assert list(people(home)) == ["Aunt Keiko Tanaka"]
    assert "2 not chosen (--only-group, --match or --pick)" in result.stderr
    result = cli("prospect", "import", str(cards), "--match", "welder")  # the role
    assert list(people(home)) == ["Aunt Keiko Tanaka", "Lee Park"]


def test_linkedin_connections_arrive_as_connections(cli: Any, home: Path) -> None:
    cli("prospect", "import", str(SAMPLES / "Connections.csv"))
    assert {p["relation"] for p in people(home).values()} == {"connection"}
    cli("profile", "set", "--name", "Kim Lee")
    name = next(iter(people(home)))
    pid = people(home)[name]["id"]
    draft = json.loads(cli("outreach", "draft", pid, "--json").stdout)
    assert "LinkedIn" in draft["body"].split("\n\n")[1]
    assert [f["rule"] for f in draft["lint"]] == []


def test_every_relation_has_its_place_in_whom_to_ask_first() -> None:
    """A new relation (connection) must not crash `next`'s ordering."""
    assert sorted(RELATION_ORDER) == sorted(Relation)


def test_next_works_with_linkedin_connections_listed(cli: Any) -> None:
    cli("prospect", "import", str(SAMPLES / "Connections.csv"))
    assert "infoview outreach draft" in cli("next").stdout


def test_phone_groups_give_the_relation(cli: Any, home: Path) -> None:
    """Google's CATEGORIES:myContacts,Teachers and a v4 card's Health,Family friends."""
    cli("prospect", "import", str(SAMPLES / "google.vcf"))
    cli("prospect", "import", str(SAMPLES / "v4.vcf"))
    stored = people(home)
    assert stored["Łukasz Nowak"]["relation"] == "teacher"
    assert stored["Zoë Ng"]["relation"] == "family-friend"
    assert stored["王伟"]["relation"] == "other"  # only the system group myContacts
    shown = cli("prospect", "import", str(SAMPLES / "google.vcf"), "--dry-run").stdout
    assert "Łukasz Nowak: already listed as" in shown


def test_pick_when_piped_keeps_the_ticked_or_takes_the_numbers(
    cli: Any, home: Path, cards: Path
) -> None:
    result = cli("prospect", "import", str(cards), "--pick", input="\n")
    # Keiko (family, a field) and Jordan (family friend) come ticked; Lee (a welder: a field).
    assert "[x] Aunt Keiko Tanaka: Child Psychiatrist (family, Psychiatry)" in result.stderr
    assert sorted(people(home)) == ["Aunt Keiko Tanaka", "Jordan Avery", "Lee Park"]


def test_pick_offers_everyone_as_the_relation_given_on_the_command_line(
    cli: Any, home: Path, cards: Path
) -> None:
    """--relation overrides the file and the guess in the checklist too: everyone is
    shown as it and comes ticked (the unnamed card stays out, as an import skips it)."""
    result = cli("prospect", "import", str(cards), "--pick", "--relation", "teacher", input="\n")
    listed = re.findall(r"^ *\d+\. (\[.\] .*)$", result.stderr, re.M)
    assert len(listed) == 3 and all(line.startswith("[x]") for line in listed)
    assert "[x] Aunt Keiko Tanaka: Child Psychiatrist (teacher, Psychiatry)" in result.stderr
    assert "family" not in "".join(listed)
    assert {p["relation"] for p in people(home).values()} == {"teacher"}


def test_pick_when_piped_takes_the_numbers_typed(cli: Any, home: Path, cards: Path) -> None:
    cli("prospect", "import", str(cards), "--pick", input="2\n")
    assert list(people(home)) == ["Jordan Avery"]
    cli("prospect", "import", str(cards), "--pick", "--dry-run", input="none\n")
    assert list(people(home)) == ["Jordan Avery"]


@needs_pty
def test_pick_at_a_terminal_with_arrow_keys_and_space(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "phone.vcf"
    path.write_text(CARDS.replace("TITLE:Welder\n", ""), encoding="utf-8")
    term = Terminal(home, tmp_path, "prospect", "import", str(path), "--pick")
    term.expect("Whom to import")
    term.keys(SPACE, DOWN, DOWN, SPACE, ENTER)  # untick Keiko, tick Lee (not known)
    assert term.finish() == 0
    assert sorted(people(home)) == ["Jordan Avery", "Lee Park"]


EXPORTS = {
    "iphone.vcf": [
        'card 1: José García: new, other; field Engineering',
        'card 2: Zoë Ng: new, other; field Nursing',
        'card 3: skipped: no name',
    ],
    "google.vcf": [
        "card 1: Łukasz Nowak: new, teacher (in the group 'Teachers'); field Physics",
        'card 2: 王伟: new, other',
    ],
    "android21.vcf": [
        "card 1: José García: new, family (the note says 'Primo de')",
        'card 2: Zoë Ng: new, other',
        'card 3: skipped: no name',
    ],
    "v4.vcf": [
        "card 1: Zoë Ng: new, family-friend (in the group 'Family friends'); field Nursing",
    ],
    "google.csv": [
        "row 2: Keiko Tanaka: new, family (in the group 'Family'); greeted as Aunt Keiko",
        (
            "row 3: Robert Hall: new, family-friend (in the group 'Family friends'); field"
            ' Architecture'
        ),
        'row 4: Samuel Weiss: new, other; field Psychiatry; greeted as Dr. Weiss',
        "row 5: José Luis Ramírez Núñez: new, coworker (in the group 'Coworkers')",
        'row 6: skipped: no name',
        "row 7: Zoë Ng: new, neighbor (in the group 'Neighbors'); field Nursing",
    ],
    "google-old.csv": [
        "row 2: Rosa Martínez: new, family ('Tía' in the nickname); greeted as Aunt Rosa",
        "row 3: Linda Park: new, family-friend (in the group 'Family friends'); field Dentistry",
        'row 4: Amara Okafor: new, other; field Medicine; greeted as Dr. Okafor',
        "row 5: François Dubois: new, coworker (in the group 'Coworkers')",
        'row 6: skipped: no name',
        'row 7: Coach Smith: new, other',
    ],
    "outlook.csv": [
        "row 2: Keiko Tanaka: new, family (in the group 'Family'); greeted as Aunt Keiko",
        (
            "row 3: Robert Hall: new, family-friend (in the group 'Family friends'); field"
            ' Architecture'
        ),
        'row 4: Samuel Weiss: new, other; field Psychiatry; greeted as Dr. Weiss',
        "row 5: Inés Müller-Ortega: new, coworker (in the group 'Coworkers')",
        'row 6: skipped: no name',
    ],
    "Connections.csv": [
        'row 5: José García: new, connection (a LinkedIn connection); field Engineering',
        'row 6: Zoë Ng: new, connection (a LinkedIn connection); field Medicine, Nursing',
        'row 7: skipped: no name',
        'row 8: Łukasz Nowak: new, connection (a LinkedIn connection); field Higher Education',
    ],
}  # fmt: skip


@pytest.mark.parametrize("export", sorted(EXPORTS))
def test_each_kind_of_export_shows_relation_field_and_greeting_with_the_reason(
    cli: Any, export: str
) -> None:
    """iPhone, Google, Android 2.1 and v4 vCards, Google CSV (new and old), Outlook CSV and
    LinkedIn: what --dry-run says of each person, word for word."""
    result = cli("prospect", "import", str(SAMPLES / export), "--dry-run")
    assert [line[2:] for line in result.stdout.splitlines()[1:]] == EXPORTS[export]


def test_an_outlook_export_saved_in_the_windows_code_page_is_read(
    cli: Any, home: Path, tmp_path: Path
) -> None:
    text = (SAMPLES / "outlook.csv").read_text(encoding="utf-8")
    path = tmp_path / "outlook-ansi.csv"
    path.write_bytes(text.encode("cp1252"))
    cli("prospect", "import", str(path))
    assert "Inés Müller-Ortega" in people(home)
