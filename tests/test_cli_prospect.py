"""`infoview prospect ...` end to end through the CLI."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import read_json

MARIA = [
    "prospect",
    "add",
    "Maria Lopez",
    "--role",
    "Clinical social worker",
    "--org",
    "Mercy Hospital",
    "--field",
    "social work",
    "--relation",
    "neighbor",
    "--email",
    "maria@example.org",
    "--phone",
    "555-0100",
    "--linkedin",
    "https://www.linkedin.com/in/marialopez",
    "--tag",
    "hospital",
    "--priority",
    "3",
    "--note",
    "Mom's friend",
    "--address-as",
    "Ms. Lopez",
    "--how-found",
    "your talk at the career fair",
    "--school",
    "Lincoln High",
]


def prospects(home: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = read_json(home / "prospects.json")["prospects"]
    return data


def test_add_stores_every_field(cli: Any, home: Path) -> None:
    result = cli(*MARIA)
    assert result.stdout.strip() == "Added Maria Lopez (maria-lopez)."
    [maria] = prospects(home)
    assert maria == {
        "id": "maria-lopez",
        "name": "Maria Lopez",
        "role": "Clinical social worker",
        "organization": "Mercy Hospital",
        "fields": ["social work"],
        "relation": "neighbor",
        "referred_by": None,
        "address_as": "Ms. Lopez",
        "how_found": "your talk at the career fair",
        "school": "Lincoln High",
        "email": "maria@example.org",
        "phone": "555-0100",
        "linkedin": "https://www.linkedin.com/in/marialopez",
        "tags": ["hospital"],
        "notes": "2026-11-25: Mom's friend",  # a note dated today
        "priority": 3,
        "status": "new",
        "cadence_days": 90,
        "created_at": "2026-11-25T09:30:00-05:00",
        "updated_at": "2026-11-25T09:30:00-05:00",
    }


def test_workspace_modes(cli: Any, home: Path) -> None:
    cli(*MARIA)
    cli("prospect", "edit", "maria", "--role", "Director")
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    for path in [home / "prospects.json", home / "backups" / "prospects.json"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_referral_links_and_defaults_relation(cli: Any, home: Path) -> None:
    cli(*MARIA)
    cli("prospect", "add", "Sam Lee", "--referred-by", "maria")
    sam = prospects(home)[1]
    assert sam["referred_by"] == "maria-lopez"
    assert sam["relation"] == "referral"
    shown = cli("prospect", "show", "sam")
    assert "Maria Lopez (maria-lopez, new)" in shown.stdout


def test_referred_by_unknown_person_is_refused(cli: Any, home: Path) -> None:
    result = cli("prospect", "add", "Sam Lee", "--referred-by", "nobody", expect=1)
    assert "no prospect matches 'nobody'" in result.stderr
    assert not (home / "prospects.json").exists()


def test_same_name_is_refused_unless_duplicate(cli: Any, home: Path) -> None:
    cli("prospect", "add", "Maria Lopez")
    before = (home / "prospects.json").read_bytes()
    refused = cli("prospect", "add", "maria  LÓPEZ", expect=1)
    assert "already on your list as maria-lopez" in refused.stderr
    assert (home / "prospects.json").read_bytes() == before
    result = cli("prospect", "add", "maria  LÓPEZ", "--duplicate")
    assert "maria-lopez-2" in result.stdout
    assert "already a" in result.stderr
    assert [p["id"] for p in prospects(home)] == ["maria-lopez", "maria-lopez-2"]


def test_list_filters_and_json(cli: Any) -> None:
    cli(*MARIA)
    cli("prospect", "add", "Tom Park", "--relation", "teacher", "--field", "biology")
    cli("prospect", "add", "Ada Wu", "--relation", "family", "--tag", "Hospital")

    def ids(*args: str) -> list[str]:
        result = cli("prospect", "list", "--json", *args)
        return [p["id"] for p in json.loads(result.stdout)]

    assert ids() == ["maria-lopez", "ada-wu", "tom-park"]  # priority first, then name
    assert ids("--field", "social") == ["maria-lopez"]
    assert ids("--tag", "hospital") == ["maria-lopez", "ada-wu"]
    assert ids("--relation", "teacher") == ["tom-park"]
    assert ids("--status", "new", "--relation", "family") == ["ada-wu"]
    assert ids("--status", "interviewed") == []


def test_list_json_has_the_documented_keys(cli: Any) -> None:
    cli(*MARIA)
    [item] = json.loads(cli("prospect", "list", "--json").stdout)
    assert set(item) == {
        "id",
        "name",
        "role",
        "organization",
        "fields",
        "relation",
        "referred_by",
        "address_as",
        "how_found",
        "school",
        "email",
        "phone",
        "linkedin",
        "tags",
        "notes",
        "priority",
        "status",
        "cadence_days",
        "created_at",
        "updated_at",
    }


def test_list_plain_text_when_piped(cli: Any) -> None:
    cli(*MARIA)
    result = cli("prospect", "list")
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "ID",
        "Name",
        "Role",
        "Organization",
        "Relation",
        "Status",
        "Priority",
    ]
    assert lines[1].startswith("maria-lopez  Maria Lopez")
    assert "\x1b[" not in result.stdout  # no colour codes in a pipe


def test_empty_list_says_how_to_start(cli: Any) -> None:
    result = cli("prospect", "list")
    assert result.stdout == ""
    assert "prospect add" in result.stderr
    assert json.loads(cli("prospect", "list", "--json").stdout) == []


def test_show_json_and_lookup_rules(cli: Any) -> None:
    cli("prospect", "add", "José García")
    cli("prospect", "add", "Ana Lima")
    cli("prospect", "add", "Anabel Cruz")
    assert json.loads(cli("prospect", "show", "jose", "--json").stdout)["name"] == "José García"
    assert json.loads(cli("prospect", "show", "GARCIA", "--json").stdout)["id"] == "jose-garcia"
    # An exact full name wins over a longer name that contains it.
    assert json.loads(cli("prospect", "show", "ana lima", "--json").stdout)["id"] == "ana-lima"
    ambiguous = cli("prospect", "show", "ana", expect=1)
    assert "Ana Lima (ana-lima)" in ambiguous.stderr
    assert "Anabel Cruz (anabel-cruz)" in ambiguous.stderr
    missing = cli("prospect", "show", "jse garcia", expect=1)
    assert "did you mean José García" in missing.stderr


def test_edit_changes_only_given_fields(cli: Any, home: Path, clock: Any) -> None:
    cli(*MARIA)
    clock.advance(days=1)
    result = cli("prospect", "edit", "maria", "--role", "Director of social work")
    assert "Updated Maria Lopez" in result.stdout
    [maria] = prospects(home)
    assert maria["role"] == "Director of social work"
    assert maria["organization"] == "Mercy Hospital"
    assert maria["created_at"] == "2026-11-25T09:30:00-05:00"
    assert maria["updated_at"] == "2026-11-26T09:30:00-05:00"


def test_edit_clears_with_empty_value_and_keeps_id_on_rename(cli: Any, home: Path) -> None:
    cli(*MARIA)
    cli("prospect", "edit", "maria", "--email", "", "--name", "María López-Ortiz")
    [maria] = prospects(home)
    assert maria["email"] is None
    assert maria["name"] == "María López-Ortiz"
    assert maria["id"] == "maria-lopez"


def test_edit_without_changes_is_an_error(cli: Any) -> None:
    cli(*MARIA)
    result = cli("prospect", "edit", "maria", expect=1)
    assert "say what to change" in result.stderr


def test_edit_cannot_refer_to_self(cli: Any) -> None:
    cli(*MARIA)
    result = cli("prospect", "edit", "maria", "--referred-by", "maria", expect=1)
    assert "themselves" in result.stderr


def _editor_script(tmp_path: Path, body: str) -> str:
    """An $EDITOR that rewrites the file it is given with a small Python program."""
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import sys, pathlib\npath = pathlib.Path(sys.argv[1])\ntext = path.read_text()\n" + body
    )
    return f"{sys.executable} {script}"


def test_edit_in_editor(cli: Any, home: Path, tmp_path: Path) -> None:
    cli(*MARIA)
    editor = _editor_script(
        tmp_path,
        "text = text.replace('role: Clinical social worker', 'role: Therapist')\n"
        "text = text.replace('tags: hospital', 'tags: hospital, mentor')\n"
        "text += 'Met at the block party.\\n'\n"
        "path.write_text(text)\n",
    )
    result = cli("prospect", "edit", "maria", "--editor", env={"EDITOR": editor})
    assert "Updated" in result.stdout
    [maria] = prospects(home)
    assert maria["role"] == "Therapist"
    assert maria["tags"] == ["hospital", "mentor"]
    assert maria["notes"] == "2026-11-25: Mom's friend\nMet at the block party."
    assert maria["email"] == "maria@example.org"


def test_edit_in_editor_untouched_changes_nothing(cli: Any, home: Path, tmp_path: Path) -> None:
    cli(*MARIA)
    before = (home / "prospects.json").read_bytes()
    result = cli("prospect", "edit", "maria", "--editor", env={"EDITOR": "true"})
    assert "Nothing changed" in result.stdout
    assert (home / "prospects.json").read_bytes() == before


def test_edit_in_editor_broken_form_keeps_the_text(cli: Any, home: Path, tmp_path: Path) -> None:
    cli(*MARIA)
    before = (home / "prospects.json").read_bytes()
    editor = _editor_script(
        tmp_path, "path.write_text(text.replace('role:', 'rolle:').replace('phone:', 'phone'))\n"
    )
    result = cli("prospect", "edit", "maria", "--editor", env={"EDITOR": editor}, expect=1)
    assert "line 9: unknown key 'rolle'" in result.stderr
    kept = home / "edit-maria-lopez.txt"
    assert "rolle: Clinical social worker" in kept.read_text()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert (home / "prospects.json").read_bytes() == before


def test_edit_in_editor_invalid_value(cli: Any, home: Path, tmp_path: Path) -> None:
    cli(*MARIA)
    editor = _editor_script(
        tmp_path, "path.write_text(text.replace('maria@example.org', 'not-an-email'))\n"
    )
    result = cli("prospect", "edit", "maria", "--editor", env={"EDITOR": editor}, expect=1)
    assert "email" in result.stderr
    assert prospects(home)[0]["email"] == "maria@example.org"
    # The form was read, the value refused: what was typed is kept all the same.
    kept = home / "edit-maria-lopez.txt"
    assert f"your text is kept in {kept}" in result.stderr
    assert "not-an-email" in kept.read_text()


def test_edit_missing_editor_is_a_clear_error(cli: Any) -> None:
    cli(*MARIA)
    result = cli(
        "prospect", "edit", "maria", "--editor", env={"EDITOR": "no-such-editor-xyz"}, expect=1
    )
    assert "could not start the editor" in result.stderr


def test_remove_confirms_and_declining_changes_nothing(cli: Any, home: Path) -> None:
    cli(*MARIA)
    before = (home / "prospects.json").read_bytes()
    for answer in ["n\n", "\n", ""]:
        result = cli("prospect", "remove", "maria", input=answer, expect=1)
        assert "not removed" in result.stderr
        assert (home / "prospects.json").read_bytes() == before
    result = cli("prospect", "remove", "maria", input="y\n")
    assert "Removed Maria Lopez" in result.stdout
    assert prospects(home) == []


def test_remove_referrer_keeps_referred_people(cli: Any, home: Path) -> None:
    cli(*MARIA)
    cli("prospect", "add", "Sam Lee", "--referred-by", "maria")
    result = cli("prospect", "remove", "maria lopez", "--yes")
    assert "Sam Lee (sam-lee) stays" in result.stderr
    [sam] = prospects(home)
    assert sam["id"] == "sam-lee"
    assert sam["referred_by"] is None
    assert sam["relation"] == "referral"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["prospect", "add", ""], "name must not be empty"),
        (["prospect", "add", "   "], "name must not be empty"),
        (["prospect", "add", "x" * 10_000], "limit is 200"),
        (["prospect", "add", "Bad\x1bName"], "control character"),
        (["prospect", "add", "Bad\nName"], "control character"),
        (["prospect", "add", "Joe", "--email", "nope"], "not a valid email"),
        (["prospect", "add", "Joe", "--phone", "call me"], "phone number"),
        (["prospect", "add", "Joe", "--linkedin", "https://example.com/joe"], "LinkedIn"),
        (["prospect", "add", "Joe", "--tag", "x" * 61], "limit is 60"),
        (["prospect", "show", ""], "name a person"),
        (["prospect", "show", "nobody"], "no prospect matches"),
        (["prospect", "edit", "nobody", "--role", "x"], "no prospect matches"),
        (["prospect", "remove", "nobody", "--yes"], "no prospect matches"),
    ],
)
def test_bad_input_is_one_line_exit_1(cli: Any, home: Path, args: list[str], message: str) -> None:
    result = cli(*args, expect=1)
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("infoview: ")
    assert "Traceback" not in result.stderr
    assert not (home / "prospects.json").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["prospect", "add", "Joe", "--priority", "9"],
        ["prospect", "add", "Joe", "--priority", "-1"],
        ["prospect", "list", "--status", "maybe"],
        ["prospect", "add"],
        ["prospect", "frobnicate"],
    ],
)
def test_usage_errors_exit_2(cli: Any, home: Path, args: list[str]) -> None:
    result = cli(*args, expect=2)
    assert "Traceback" not in result.output
    assert not (home / "prospects.json").exists()


def test_home_that_is_a_file(cli: Any, tmp_path: Path) -> None:
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("hello")
    for args in (["path"], ["prospect", "list"], [*MARIA]):
        result = cli("--home", str(a_file), *args, expect=1)
        assert "is a file, not a folder" in result.stderr
    assert a_file.read_text() == "hello"


def test_damaged_file_exits_3_and_is_not_overwritten(cli: Any, home: Path) -> None:
    cli(*MARIA)
    cli("prospect", "edit", "maria", "--priority", "2")  # so a backup exists
    path = home / "prospects.json"
    damaged = path.read_bytes()[:-40]
    path.write_bytes(damaged)
    for args in (
        ["prospect", "list"],
        ["prospect", "add", "New Person"],
        ["prospect", "show", "x"],
    ):
        result = cli(*args, expect=3)
        assert str(path) in result.stderr
        assert "not valid JSON" in result.stderr
        assert "backups" in result.stderr  # says where the last good copy is
    assert path.read_bytes() == damaged


def test_newer_file_is_refused_untouched(cli: Any, home: Path) -> None:
    cli(*MARIA)
    path = home / "prospects.json"
    data = read_json(path)
    data["schema_version"] = 99
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    result = cli("prospect", "add", "Sam Lee", expect=3)
    assert "newer infoview" in result.stderr
    assert path.read_bytes() == before


def test_dangling_referral_warns_but_works(cli: Any, home: Path) -> None:
    cli(*MARIA)
    path = home / "prospects.json"
    data = read_json(path)
    data["prospects"][0]["referred_by"] = "ghost"
    path.write_text(json.dumps(data))
    result = cli("prospect", "list")
    assert "warning:" in result.stderr
    assert "ghost" in result.stderr


def test_lock_timeout_env_must_be_a_number(cli: Any) -> None:
    result = cli("prospect", "add", "Joe", env={"INFOVIEW_LOCK_TIMEOUT": "soon"}, expect=1)
    assert "INFOVIEW_LOCK_TIMEOUT" in result.stderr


def test_rich_table_in_a_terminal(cli: Any) -> None:
    """In a terminal the list is a table; NO_COLOR still falls back to plain text."""
    cli(*MARIA)
    framed = cli("prospect", "list", terminal=True)
    assert "┃" in framed.stdout or "│" in framed.stdout
    plain = cli("prospect", "list", terminal=True, env={"NO_COLOR": "1"})
    assert "┃" not in plain.stdout and "│" not in plain.stdout
    assert plain.stdout.splitlines()[1].startswith("maria-lopez  Maria Lopez")


def test_a_long_list_stops_after_a_screenful_in_a_terminal_only(cli: Any, home: Path) -> None:
    """Rich takes about half a second per 1,000 rows: a terminal gets the first 50 and a
    count of the rest (--all for everyone); a pipe and --json always get everyone."""
    from tests.helpers import prospect_dict

    people = [prospect_dict(f"person-{n:02d}", f"Person {n:02d}") for n in range(60)]
    home.mkdir(mode=0o700)
    (home / "prospects.json").write_text(
        json.dumps({"schema_version": 1, "prospects": people}), encoding="utf-8"
    )
    piped = cli("prospect", "list").stdout
    assert all(f"person-{n:02d}" in piped for n in range(60))
    assert "more" not in piped
    assert len(json.loads(cli("prospect", "list", "--json").stdout)) == 60

    screen = cli("prospect", "list", terminal=True).stdout
    assert [n for n in range(60) if f"person-{n:02d}" in screen] == list(range(50))
    assert "…and 10 more (use --all to see everyone)" in screen
    everyone = cli("prospect", "list", "--all", terminal=True).stdout
    assert all(f"person-{n:02d}" in everyone for n in range(60))
    assert "more" not in everyone
