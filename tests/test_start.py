"""`infoview start`: the guide, scripted through piped stdin and driven at a real terminal.

Piped answers go to the numbered prompts (CliRunner's stdin is not a terminal);
the pseudo-terminal tests run the real program, where questionary's arrow-key
menus answer, and press Ctrl-C part-way through.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from infoview.cli import app
from infoview.cli.env import AppEnv
from infoview.cli.prompts import ArrowPrompter, PlainPrompter, make_prompter
from infoview.cli.walkthrough import show_command
from infoview.model.errors import InvalidInput
from infoview.rules.fields import load_field_map
from infoview.rules.guide import STEPS
from infoview.store.workspace import Workspace
from infoview.usecases.guide import (
    ask_first_order,
    channels_for,
    choose_first_person,
    drafted_for,
    first_person,
    listed_people,
    mark_done,
    nearby_fields,
    where_now,
)
from tests.helpers import NOW, Clock, read_json
from tests.terminal import DOWN, ENTER, SPACE, Terminal, answered, needs_pty, see, type_line

PROFILE = ["Ana Ruiz", "Lincoln High", "junior", "ana@example.com"]
INTERESTS = ["psychiatry"]
NO_MORE_FIELDS = [""]
ROSA = ["Rosa Delgado", "1", "", "psychiatry", "1", "rosa@example.org"]  # family, by email
TOM = ["Tom Becker", "3", "", "social work", "2", "555-0147"]  # neighbour, no job, by phone
PEOPLE = [*ROSA, "y", *TOM, "n"]
FIRST = ["1"]  # the suggested person: Rosa (family)
OUTREACH = ["1", "y"]  # by email (she has an address), and it was sent
QUESTIONS = ["1"]  # 30 minutes
EVERYTHING = [*PROFILE, *INTERESTS, *NO_MORE_FIELDS, *PEOPLE, *FIRST, *OUTREACH, *QUESTIONS]


def lines(answers: list[str]) -> str:
    return "".join(a + "\n" for a in answers)


def start(cli: Any, answers: list[str], expect: int | None = None) -> Any:
    """Run `start` on piped answers; the tests look at the exit code themselves."""
    return cli("start", input=lines(answers), expect=expect)


def shown_commands(stdout: str) -> list[str]:
    return [line[2:] for line in stdout.splitlines() if line.startswith("$ infoview ")]


def people(home: Path) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in read_json(home / "prospects.json")["prospects"]}


def test_a_whole_walk_from_piped_answers(cli: Any, home: Path) -> None:
    result = start(cli, EVERYTHING)
    assert result.exit_code == 0, result.stderr
    assert shown_commands(result.stdout) == [
        'infoview profile set --name "Ana Ruiz" --school "Lincoln High" --year junior '
        "--email ana@example.com",
        "infoview profile set --interest psychiatry",
        "infoview broaden psychiatry",
        "infoview prospect add --relation family --field psychiatry --email rosa@example.org "
        '"Rosa Delgado"',
        'infoview prospect add --relation neighbor --field "social work" --phone 555-0147 '
        '"Tom Becker"',
        "infoview prospect edit rosa-delgado --priority 3",
        "infoview outreach draft rosa-delgado --channel email",
        "infoview outreach sent rosa-delgado --channel email",
        "infoview questions pick rosa-delgado --minutes 30",
        "infoview next",
    ]
    for n in range(1, len(STEPS) + 1):
        assert f"[{n}/{len(STEPS)}]" in result.stdout
    profile = read_json(home / "profile.json")["profile"]
    assert (profile["name"], profile["email"], profile["interests"]) == (
        "Ana Ruiz",
        "ana@example.com",
        ["psychiatry"],
    )
    listed = people(home)
    assert listed["rosa-delgado"]["relation"] == "family"
    assert listed["rosa-delgado"]["priority"] == 3
    assert listed["rosa-delgado"]["status"] == "contacted"
    assert listed["tom-becker"]["phone"] == "555-0147"
    [plan] = read_json(home / "plans.json")["plans"]
    assert plan["person"] == "rosa-delgado" and plan["minutes"] == 30
    guide = read_json(home / "guide.json")
    assert guide["first_person"] == "rosa-delgado"
    assert set(guide["done"]) == {"broaden", "prospects", "finished"}
    # The draft itself and the plan were shown, not just run.
    assert "Subject:" in result.stdout
    assert "Who else" in result.stdout
    assert "That is the whole path" in result.stdout


def test_ticking_a_nearby_field_adds_it_to_the_interests(cli: Any, home: Path) -> None:
    psychiatry = load_field_map().resolve("psychiatry")
    assert psychiatry is not None
    nearest = load_field_map().neighbours(psychiatry.field.id)[0].name  # as the map writes it
    result = start(cli, [*PROFILE, *INTERESTS, "1"])
    assert result.exit_code == 1  # input ended at the first person
    assert read_json(home / "profile.json")["profile"]["interests"] == ["psychiatry", nearest]
    shown = show_command(["profile", "set", "--interest", "psychiatry", "--interest", nearest])
    assert shown in shown_commands(result.stdout)


def test_running_again_resumes_and_never_asks_again(cli: Any, home: Path) -> None:
    first = start(cli, [*PROFILE, *INTERESTS, *NO_MORE_FIELDS, *ROSA])
    # Input ran out at "Add another person?": one line, exit 1, Rosa kept.
    assert first.exit_code == 1
    assert first.stderr.strip().splitlines()[-1].startswith("infoview: input ended")
    assert "run `infoview start` to go on" in first.stderr
    assert list(people(home)) == ["rosa-delgado"]

    second = start(cli, ["y", *TOM, "n", *FIRST, *OUTREACH, *QUESTIONS])
    assert second.exit_code == 0, second.stderr
    assert "Welcome back. Going on from step 4: People you could ask." in second.stdout
    assert "You have 1 on your list so far: Rosa Delgado." in second.stdout
    for asked_before in ("Your name", "Fields you are curious about", "explore any of these"):
        assert asked_before not in second.stderr
    assert sorted(people(home)) == ["rosa-delgado", "tom-becker"]

    third = start(cli, [])
    assert third.exit_code == 0, third.stderr
    assert "You have walked the whole path" in third.stdout
    assert shown_commands(third.stdout) == ["infoview next"]
    assert third.stderr == ""  # nothing asked


def test_a_profile_set_elsewhere_is_not_asked_for(cli: Any, home: Path) -> None:
    cli("profile", "set", "--name", "Ana Ruiz", "--interest", "nursing")
    result = start(cli, [*NO_MORE_FIELDS])
    assert "Going on from step 3: Fields next to yours." in result.stdout
    assert "Your name" not in result.stderr
    assert "infoview broaden nursing" in shown_commands(result.stdout)


def test_a_half_entered_person_is_not_stored(cli: Any, home: Path) -> None:
    result = start(cli, [*PROFILE, *INTERESTS, *NO_MORE_FIELDS, "Rosa Delgado", "1"])
    assert result.exit_code == 1
    assert not (home / "prospects.json").exists()
    assert "broaden" in read_json(home / "guide.json")["done"]
    again = start(cli, [])
    assert "Going on from step 4" in again.stdout


def test_a_rejected_answer_is_asked_again(cli: Any, home: Path) -> None:
    answers = [*PROFILE[:3], "not-an-email", "ana@example.com", *INTERESTS]
    result = start(cli, answers)
    assert "is not a valid email address" in result.stderr
    assert result.stderr.count("Your name") == 1  # only the email is asked again
    assert read_json(home / "profile.json")["profile"]["email"] == "ana@example.com"


def test_a_name_starting_with_a_dash_stays_a_name(cli: Any, home: Path) -> None:
    # some other way, greeted as "-Zed", found nowhere in particular, no job or field,
    # not sure how: name, relation, greeting, found, job, field, reach
    odd = ["-Zed", "8", "", "", "", "", "4"]
    result = start(cli, [*PROFILE, *INTERESTS, *NO_MORE_FIELDS, *odd, "n"])
    assert "infoview prospect add --relation other -- -Zed" in result.stdout
    assert [p["name"] for p in people(home).values()] == ["-Zed"]


def test_a_teacher_and_a_stranger_are_asked_how_to_greet_them(cli: Any, home: Path) -> None:
    okafor = ["Adaeze Okafor", "4", "Ms. Okafor", "", "chemistry", "4"]  # a teacher
    weiss = ["Dr. Samuel Weiss", "8", "", "your talk at the career fair", "", "", "4"]
    result = start(cli, [*PROFILE, *INTERESTS, *NO_MORE_FIELDS, *okafor, "y", *weiss, "n"])
    assert "How do you greet Adaeze Okafor" in result.stderr + result.stdout
    stored = people(home)
    assert stored["adaeze-okafor"]["address_as"] == "Ms. Okafor"
    assert stored["dr-samuel-weiss"]["address_as"] == ""  # "Dr. Weiss" was the suggestion
    assert stored["dr-samuel-weiss"]["how_found"] == "your talk at the career fair"
    assert '--address-as "Ms. Okafor"' in result.stdout


def test_removing_the_first_person_asks_for_a_new_one(cli: Any, home: Path) -> None:
    assert start(cli, EVERYTHING).exit_code == 0
    cli("prospect", "remove", "rosa", "--yes")
    assert read_json(home / "guide.json")["first_person"] is None
    result = start(cli, ["1", "1", "n", "1"])  # Tom, by text; not sent yet; 30 minutes
    assert result.exit_code == 0, result.stderr
    assert "Going on from step 5: Whom to ask first." in result.stdout
    assert "infoview outreach draft tom-becker --channel text" in result.stdout
    assert "When you have sent it: infoview outreach sent tom-becker" in result.stdout


def test_a_phone_script_asks_for_the_students_number_until_it_is_one(cli: Any, home: Path) -> None:
    # Tom has only a phone; the script needs the student's own number for the voicemail.
    answers = [*PROFILE, *INTERESTS, *NO_MORE_FIELDS, *TOM, "n", *FIRST, "2", "not a number"]
    result = start(cli, [*answers, "555-0100", "n", *QUESTIONS])
    assert result.exit_code == 0, result.stderr
    assert "does not look like a phone number" in result.stderr
    assert read_json(home / "profile.json")["profile"]["phone"] == "555-0100"
    assert "infoview outreach draft tom-becker --channel phone" in result.stdout


def test_help_has_an_example(cli: Any) -> None:
    result = cli("start", "--help")
    assert "Example: infoview start" in result.stdout


def test_the_guide_reads_and_writes_only_the_injected_streams(home: Path) -> None:
    stdout, stderr = io.StringIO(), io.StringIO()
    env = AppEnv(
        clock=Clock(),
        stdin=io.StringIO(lines(PROFILE)),
        stdout=stdout,
        stderr=stderr,
        stdin_isatty=False,
        stdout_isatty=False,
    )
    result = CliRunner().invoke(app, ["start"], input="not this\n", obj=env)
    assert result.exit_code == 1  # input ended at the interests
    shown, asked = stdout.getvalue(), stderr.getvalue()
    assert "This guide walks you" in shown and f"[1/{len(STEPS)}] Who you are" in shown
    assert '$ infoview profile set --name "Ana Ruiz"' in shown
    assert "Your name, as you sign messages" in asked and "Fields you are curious" in asked
    assert "This guide" not in result.stdout and "Your name" not in result.stderr
    assert read_json(home / "profile.json")["profile"]["name"] == "Ana Ruiz"


# --- the prompts ----------------------------------------------------------------


def test_numbered_prompts_read_and_ask_on_the_environments_streams() -> None:
    errors = io.StringIO()
    env = AppEnv(stdin=io.StringIO("7\n2\n"), stderr=errors, stdin_isatty=False)
    prompter = make_prompter(env)
    assert isinstance(prompter, PlainPrompter)
    assert prompter.select("Which one?", ["first", "second"]) == 1
    assert errors.getvalue().startswith("Which one?\n   1. first\n   2. second\nChoose 1-2: ")
    assert "Please type a number from 1 to 2." in errors.getvalue()


def test_arrow_keys_only_when_both_ends_are_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(make_prompter(AppEnv(stdin_isatty=True, stdout_isatty=True)), ArrowPrompter)
    assert isinstance(make_prompter(AppEnv(stdin_isatty=True, stdout_isatty=False)), PlainPrompter)
    monkeypatch.setattr("sys.stdin", io.StringIO("piped\n"))
    assert isinstance(make_prompter(), PlainPrompter)  # without an env: the process's streams


# --- what the guide decides and keeps (usecases/guide.py) -------------------------


def test_nearby_fields_leave_out_what_the_student_has_and_what_is_unknown(
    cli: Any, home: Path
) -> None:
    cli("profile", "set", "--name", "Ana Ruiz", "--interest", "psychiatry", "--interest", "zzyzx")
    nearby = nearby_fields(Workspace(home), load_field_map(), 3)
    assert nearby.interests == ("psychiatry", "zzyzx")
    assert (nearby.known, nearby.unknown) == (("psychiatry",), ("zzyzx",))
    assert len(nearby.suggested) == 3 and "Psychiatry" not in nearby.suggested
    names = {f.name for f in load_field_map().fields}
    assert set(nearby.suggested) <= names  # as the map writes them, not lower-cased


def test_whom_to_ask_first_and_how(cli: Any, home: Path) -> None:
    cli("prospect", "add", "Tom Becker", "--relation", "neighbor", "--phone", "555-0147")
    cli("prospect", "add", "Rosa Delgado", "--relation", "family")
    cli("prospect", "add", "Lena Park", "--relation", "alumni", "--priority", "3")
    ws = Workspace(home)
    assert [p.id for p in ask_first_order(ws, NOW)] == ["lena-park", "rosa-delgado", "tom-becker"]
    tom = next(p for p in listed_people(ws) if p.id == "tom-becker")
    assert channels_for(tom) == ["text", "phone", "email", "linkedin"]

    with pytest.raises(InvalidInput, match="no first person"):
        first_person(ws)
    assert choose_first_person(ws, "tom", NOW).id == "tom-becker"
    assert first_person(ws).id == "tom-becker"
    assert "first" in where_now(ws).done
    drafted_for(ws, "tom", NOW)
    assert "outreach" in where_now(ws).done
    mark_done(ws, "broaden", NOW)
    mark_done(ws, "broaden", NOW)  # once is enough
    guide = read_json(home / "guide.json")
    assert (guide["done"], guide["drafted_for"]) == (["broaden"], "tom-becker")


def test_nobody_to_ask_when_everyone_said_no(cli: Any, home: Path) -> None:
    cli("prospect", "add", "Rosa Delgado", "--relation", "family")
    cli("outreach", "sent", "rosa")
    cli("outreach", "replied", "rosa", "--declined")
    with pytest.raises(InvalidInput, match="said no"):
        ask_first_order(Workspace(home), NOW)


# --- at a real terminal -------------------------------------------------------


@needs_pty
def test_arrow_keys_walk_and_ctrl_c_keeps_finished_steps(home: Path, tmp_path: Path) -> None:
    term = Terminal(home, tmp_path, "start")
    type_line(term, "Your name, as you sign messages", "Ana Ruiz")
    type_line(term, "Your school or college (Enter to skip)", "Lincoln High")
    type_line(term, "Your year, e.g. junior, senior, first-year (Enter to skip)", "junior")
    type_line(term, "Your email address (Enter to skip)", "ana@example.com")
    type_line(term, "Fields you are curious about, separated by commas", "psychiatry")
    see(term, "Would you like to explore any of these too?")
    term.keys(SPACE, ENTER)  # tick the first nearby field
    type_line(term, "Their name", "Rosa Delgado")
    see(term, "How do you know Rosa Delgado?")
    term.keys(ENTER)  # family, the first choice
    term.expect(answered("How do you know Rosa Delgado?", "family"))
    see(term, "Their job")
    term.keys("\x03")  # Ctrl-C half-way through a person
    assert term.finish() == 130
    assert "the steps you finished are saved" in term.transcript()
    profile = read_json(home / "profile.json")["profile"]
    assert profile["name"] == "Ana Ruiz" and len(profile["interests"]) == 2
    assert not (home / "prospects.json").exists()

    term = Terminal(home, tmp_path, "start")
    see(term, "Welcome back. Going on from step 4")
    type_line(term, "Their name", "Rosa Delgado")
    see(term, "How do you know Rosa Delgado?")
    term.keys(ENTER)
    type_line(term, "Their job, e.g. nurse or architect (Enter to skip)", "")
    type_line(term, "Their field, e.g. Psychiatry (Enter to skip)", "psychiatry")
    see(term, "How will you reach Rosa Delgado?")
    term.keys(ENTER)  # by email
    type_line(term, "Their email address", "rosa@example.org")
    see(term, "Add another person?")
    term.keys("n")
    see(term, "Whom will you ask first?")
    term.keys(ENTER)
    see(term, "How will you ask Rosa Delgado?")
    term.keys(ENTER)  # an email
    see(term, "Have you sent it already?")
    term.keys("n")
    see(term, "How long will you ask for?")
    term.keys(DOWN, ENTER)  # 20 minutes
    see(term, "That is the whole path")
    assert term.finish() == 0
    [plan] = read_json(home / "plans.json")["plans"]
    assert plan["minutes"] == 20
    assert people(home)["rosa-delgado"]["priority"] == 3
    assert "WARNING" not in term.transcript()


@pytest.mark.parametrize("answers", [[], ["Ana Ruiz"]])
def test_no_input_at_all_exits_cleanly(cli: Any, home: Path, answers: list[str]) -> None:
    result = start(cli, answers)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert not (home / "profile.json").exists()
