"""The README stays true and every command explains itself."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer

from tests.helpers import Clock, all_command_paths

README = Path(__file__).resolve().parent.parent / "README.md"


LATER = re.compile(r"#.*\ba week later\b")  # a comment line that moves the story on


def readme_commands() -> list[tuple[list[str], int]]:
    """Every `infoview ...` line of the README's sh blocks, split as a shell would,
    with the exit code it should give (a trailing comment "exits N" says which).

    A comment line saying "a week later" moves the story on: it is given as the
    pseudo-command ``["@later"]``, and the test moves the clock a week forward.
    """
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    commands: list[tuple[list[str], int]] = []
    for block in blocks:
        for line in block.splitlines():
            if LATER.match(line.strip()):
                commands.append((["@later"], 0))
                continue
            code, _, comment = line.partition("  #")
            expected = re.search(r"exits (\d+)", comment)
            for part in code.split("&&"):
                words = shlex.split(part)
                if words and words[0] == "infoview":
                    commands.append((words[1:], int(expected[1]) if expected else 0))
    return commands


def test_readme_commands_run_as_shown(
    cli: Any, clock: Clock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # sheets are written to the current folder
    # The draft the README's `outreach lint my-note.txt` checks.
    (tmp_path / "my-note.txt").write_text(
        "Subject: Your path into nursing\n\nHi Kim,\n\nMy aunt Rosa suggested I write to you. "
        "Could you spare about 30 minutes to tell me how you became a nurse, whenever suits "
        "your schedule?\n\nThank you,\nAna\n",
        encoding="utf-8",
    )
    commands = readme_commands()
    assert len(commands) >= 15
    assert ["@later"] in [args for args, _ in commands]
    for args, expected in commands:
        if args == ["@later"]:
            clock.advance(days=7)
            continue
        if args == ["start"]:
            # The guide asks questions; with nobody to answer it stops at the
            # first one, having stored nothing (tests/test_start.py walks it).
            result = cli(*args, input="", expect=1)
            assert "Your name, as you sign messages" in result.stderr
            continue
        result = cli(*args, expect=expected)


@pytest.mark.parametrize("path", all_command_paths(), ids=" ".join)
def test_every_command_has_help_with_an_example_and_is_in_the_readme(
    cli: Any, path: list[str]
) -> None:
    result = cli(*path, "--help")
    assert "Example:" in result.stdout
    assert "infoview " + " ".join(path) in README.read_text(encoding="utf-8")


def test_typer_is_the_vendored_click_line() -> None:
    # infoview relies on typer's own Context/Exit (typer >= 0.29 vendors click).
    assert hasattr(typer, "TyperException")


def test_the_drafts_shown_in_the_readme_are_what_infoview_writes(cli: Any) -> None:
    """The README's sample drafts (a teacher, an aunt, a referral): each `$ infoview ...`
    line is run, and what it prints is the text that follows it in the README."""
    text = README.read_text(encoding="utf-8")
    [block] = [b for b in re.findall(r"```text\n(.*?)```", text, re.S) if "outreach draft" in b]
    steps: list[tuple[list[str], list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ infoview "):
            steps.append((shlex.split(line[2:])[1:], []))
        else:
            steps[-1][1].append(line)
    assert len([s for s in steps if s[0][:2] == ["outreach", "draft"]]) == 3
    for argv, shown in steps:
        result = cli(*argv)
        if argv[:2] == ["outreach", "draft"]:
            assert result.stdout.strip() == "\n".join(shown).strip(), argv
