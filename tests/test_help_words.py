"""`--help` names every value with a word a person reads (NAME, TAG, 0-3), not a type.

Typer labels values `<str>`, `<list[str]>`, `<int range> [0<=x<=3]`, flags `<bool>`,
and writes arguments `{NAME}` / `[[PERSON]]` in the usage line;
`infoview.cli.help_words` says each plainly, for every command (issue 17).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from infoview.cli import build_command
from tests.helpers import Cli, all_command_paths, refused

WIDE = {"COLUMNS": "100"}
PLAIN = re.compile(r"^(?:[A-Z][A-Z-]*|\d+-\d+)$")  # NAME, REFERRED-BY, 0-3


def _help(cli: Cli, path: list[str]) -> str:
    return cli(*path, "--help", env=WIDE).stdout


# Every command, every group, and the root.
PATHS = [
    list(p)
    for p in dict.fromkeys(
        [(), *map(tuple, all_command_paths()), *((p[0],) for p in all_command_paths())]
    )
]
# A piece of a usage line: a word, [OPTIONAL], SEVERAL..., or a subcommand in a usage
# written by hand (`touch PERSON [OPTIONS] | draft PERSON [OPTIONS]`).
USAGE_PIECE = re.compile(r"\[?[A-Z][A-Z-]*\]?(\.\.\.)?|\[ARGS\]\.\.\.|\[OPTIONS\]|[a-z-]+|\|")


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "infoview")
def test_help_shows_plain_words(cli: Cli, path: list[str]) -> None:
    text = _help(cli, path)
    assert not re.search(r"<[a-z][\w\[\], |.-]*>", text), text  # <str>, <bool>, <new|...>
    assert "[0<=x" not in text and "<=x<=" not in text, text
    usage = next(line for line in text.splitlines() if "Usage:" in line)
    assert "{" not in usage and "[[" not in usage, usage
    for piece in usage.split("[OPTIONS]", 1)[-1].split():
        assert USAGE_PIECE.fullmatch(piece), usage


@pytest.mark.parametrize("path", all_command_paths(), ids=" ".join)
def test_every_metavar_is_plain(path: list[str]) -> None:
    """Checked on the built command too, not only on what the table happened to show."""
    command: Any = build_command(path[0])
    for name in path[1:]:
        command = command.commands[name]
    for param in command.params:
        if getattr(param, "is_flag", False):
            assert param.metavar == "", (path, param.name)
        else:
            assert PLAIN.match(param.metavar or ""), (path, param.name, param.metavar)
        assert param.min is None or param.max is None, (path, param.name)


def test_prospect_add_reads_plainly(cli: Cli) -> None:
    text = _help(cli, ["prospect", "add"])
    assert "Usage: infoview prospect add [OPTIONS] NAME " in text
    for option, word in (
        ("--priority", "0-3"),
        ("--tag", "TAG"),
        ("--referred-by", "PERSON"),
        ("--address-as", "GREETING"),
        ("--how-found", "PLACE"),
        ("--email", "EMAIL"),
    ):
        assert re.search(rf"│ {option} +{word}  ", text), (option, text)
    assert re.search(r"│ --priority +0-3 +0 \(someday\)", text), text
    assert re.search(r"│ --tag +TAG +A label", text), text
    assert re.search(r"│ --duplicate +Add them", text), text  # a flag: no word at all
    assert re.search(r"│ --help +Show this", text), text


def test_optional_and_repeated_arguments(cli: Cli) -> None:
    assert "Usage: infoview questions pick [OPTIONS] [PERSON] " in _help(cli, ["questions", "pick"])
    holidays = _help(cli, ["settings", "holidays", "add"])
    assert "Usage: infoview settings holidays add [OPTIONS] DAY... " in holidays
    assert "Usage: infoview outreach lint [OPTIONS] [FILE]... " in _help(cli, ["outreach", "lint"])


def test_flags_with_a_negative_and_the_root(cli: Cli) -> None:
    pick = _help(cli, ["questions", "pick"])
    assert re.search(r"│ --save +--no-save +Keep as the plan", pick), pick
    assert re.search(r"│ --minutes +20-60 +Length", pick), pick
    root = _help(cli, [])
    assert re.search(r"│ --home +FOLDER ", root), root
    assert re.search(r"│ --version +Show the version", root), root


def test_a_choice_names_every_value(cli: Cli) -> None:
    text = " ".join(_help(cli, ["prospect", "list"]).split())
    assert "STATUS" in text
    for status in ("new", "contacted", "replied", "scheduled", "thanked", "no-response"):
        assert status in text


def test_ranges_are_still_enforced(cli: Cli) -> None:
    refused(cli("prospect", "add", "X", "--priority", "9", expect=None), "--priority", code=2)
    refused(cli("questions", "pick", "--minutes", "10", expect=None), "--minutes", code=2)
    cli("prospect", "add", "X", "--priority", "3")
