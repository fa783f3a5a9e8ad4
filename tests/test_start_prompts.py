"""`infoview start` asks as a person expects: a wrong answer is asked again alone, the
profile is said to be saved once, a person's job and field are asked apart (the field
never pre-filled with the student's own interest), and fields read as the field map
writes them. Driven at a real terminal (arrow-key prompts) and through piped answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers import read_json
from tests.terminal import DOWN, ENTER, SPACE, Terminal, answered, needs_pty, see, type_line

NAME = "Your name, as you sign messages"
EMAIL = "Your email address (Enter to skip)"
JOB = "Their job, e.g. nurse or architect (Enter to skip)"


def people(home: Path) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in read_json(home / "prospects.json")["prospects"]}


@needs_pty
def test_at_a_terminal_only_the_wrong_answer_is_asked_again(home: Path, tmp_path: Path) -> None:
    term = Terminal(home, tmp_path, "start")
    type_line(term, NAME, "Ana Ruiz")
    type_line(term, "Your school or college (Enter to skip)", "Lincoln High")
    type_line(term, "Your year, e.g. junior, senior, first-year (Enter to skip)", "junior")
    see(term, EMAIL)
    term.keys("ana@exa mple", ENTER)  # a space slipped in
    see(term, "is not a valid email address")
    asked_again = len(term.seen)
    type_line(term, EMAIL, "ana@example.com")
    see(term, "Saved your profile, Ana Ruiz.")
    type_line(term, "Fields you are curious about, separated by commas", "graphic design")
    see(term, "Would you like to explore any of these too?")
    see(term, "UX and UI Design")  # as the field map writes it, not "ux and ui design"
    term.keys(DOWN, SPACE, ENTER)  # tick the second: UX and UI Design
    # Rosa: her job is asked, then her field, empty (not the student's interest).
    type_line(term, "Their name", "Rosa Delgado")
    see(term, "How do you know Rosa Delgado?")
    term.keys(ENTER)  # family
    type_line(term, JOB, "Web developer")
    prompt = "Their field, e.g. Graphic Design (Enter for Web Development, from the job)"
    see(term, prompt)
    term.keys(ENTER)  # nothing to backspace: Enter leaves the field to the job
    term.expect(answered(prompt, ""))
    see(term, "How will you reach Rosa Delgado?")
    term.keys(DOWN, DOWN, DOWN, ENTER)  # in person
    see(term, "field: Web Development, from the role")
    see(term, "Add another person?")
    term.keys("\x03")
    assert term.finish() == 130

    after = "".join(term.seen[asked_again:])
    assert NAME not in after and "Your school" not in after  # only the email, again
    assert term.transcript().count("Saved your profile") == 1
    assert "ux and ui design" not in term.transcript()
    profile = read_json(home / "profile.json")["profile"]
    assert profile["email"] == "ana@example.com"
    assert profile["interests"] == ["graphic design", "UX and UI Design"]
    rosa = people(home)["rosa-delgado"]
    assert (rosa["role"], rosa["fields"]) == ("Web developer", ["Web Development"])


PROFILE = ["Ana Ruiz", "Lincoln High", "junior"]


def test_piped_a_wrong_answer_is_asked_again_alone(cli: Any, home: Path) -> None:
    rosa = ["Rosa Delgado", "1", "", "", "1", "rosa@", "rosa@example.org"]  # no job, no field
    tom = ["Tom Becker", "3", "UX designer", "", "2", "phone", "555-0147"]  # field from the job
    answers = [*PROFILE, "ana@exa mple", "ana@example.com", "graphic design", "2"]
    answers += [*rosa, "y", *tom, "n"]
    result = cli("start", input="".join(a + "\n" for a in answers), expect=1)  # input ends
    asked = result.stderr
    assert asked.count(NAME) == 1 and asked.count("Your school") == 1
    assert asked.count(EMAIL) == 2  # the email, and only it, asked again
    assert asked.count("Their email address:") == 2 and asked.count("Their name:") == 2
    assert asked.count("Their phone number:") == 2
    # Said to the student plainly, not as a validator's "value is not ...":
    assert (
        "That is not a valid email address: there must be something after the @-sign. "
        "Please type it again."
    ) in asked
    assert "Not quite: 'phone' does not look like a phone number" in asked
    assert "value is not" not in asked
    assert result.stdout.count("Saved your profile") == 1
    assert asked.count(JOB) == 2
    assert "Their field, e.g. Graphic Design (Enter to skip): " in asked
    assert "Their field, e.g. Graphic Design (Enter for UX and UI Design, from the job)" in asked
    assert "   2. UX and UI Design" in asked  # the checkbox, as the map writes it
    assert "ux and ui design" not in asked + result.stdout
    stored = people(home)
    assert stored["rosa-delgado"]["fields"] == []  # never the student's own interest
    assert (stored["tom-becker"]["role"], stored["tom-becker"]["fields"]) == (
        "UX designer",
        ["UX and UI Design"],
    )
    assert "field: UX and UI Design, from the role" in result.stderr
    profile = read_json(home / "profile.json")["profile"]
    assert profile["interests"] == ["graphic design", "UX and UI Design"]


def test_piped_a_name_already_listed_is_asked_again_or_kept_as_another(
    cli: Any, home: Path
) -> None:
    cli("profile", "set", "--name", "Ana Ruiz", "--interest", "psychiatry")
    cli("prospect", "add", "Rosa Delgado", "--relation", "family")
    again = ["n", "rosa delgado", "y", "1", "", "", "4"]  # the same name: another person
    answers = ["", "y", "rosa delgado", *again, "n"]
    result = cli("start", input="".join(a + "\n" for a in answers), expect=1)
    assert result.stderr.count("Rosa Delgado is already on your list (rosa-delgado).") == 2
    assert result.stderr.count("Their name:") == 2
    assert "prospect add --relation family --duplicate" in result.stdout
    assert sorted(people(home)) == ["rosa-delgado", "rosa-delgado-2"]


def test_piped_where_a_stranger_was_found_is_asked_as_the_sentence_uses_it(
    cli: Any, home: Path
) -> None:
    cli("profile", "set", "--name", "Ana Ruiz", "--interest", "psychiatry")
    weiss = ["Dr. Sam Weiss", "8", "", "your talk at the career fair", "", "", "4", "n"]
    result = cli("start", input="".join(a + "\n" for a in ["", *weiss]), expect=1)
    assert "Where did you come across Dr. Sam Weiss? It ends 'I found you through ...'" in (
        result.stderr
    )
    assert people(home)["dr-sam-weiss"]["how_found"] == "your talk at the career fair"
