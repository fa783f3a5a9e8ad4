"""Text from data is drawn as text in a terminal, never read as rich markup.

A LinkedIn connection controls their Company and Position, and an imported card its
name and note: ``[link=...]`` would become a clickable link with a hidden address (OSC 8),
``[/b]`` would crash the table (rich's MarkupError), ``[blink]`` would restyle the screen.
Every text field of every document holds such markup here, and every command that
draws it in a terminal must show it as typed.
"""

from __future__ import annotations

import pytest

from tests.helpers import Cli

LINK = "[link=https://evil.example/login]LinkedIn Corp[/link]"
CLOSE = "Recruiter [/b]"
STYLE = "[red on white blink]Boo"
MARKUP = (LINK, CLOSE, STYLE)


@pytest.fixture
def hostile(cli: Cli) -> Cli:
    """A workspace whose texts are all markup: a person, a message, a conversation with
    notes, answers and a referral, a question of the student's own, a stay-in-touch note."""
    cli(
        "prospect", "add", "Eve Mallory [/b]",
        "--role", CLOSE, "--org", LINK, "--field", STYLE, "--tag", "[/i]",
        "--note", f"Met at {LINK}", "--relation", "friend",
    )  # fmt: skip
    cli("prospect", "add", "Dan [bold]Bold[/bold]", "--org", LINK, "--role", STYLE)
    cli(
        "questions",
        "add",
        f"What does a day at {LINK} look like for you?",
        "--category",
        "typical-day",
    )
    cli("outreach", "sent", "eve", "--on", "-6d")
    cli("outreach", "replied", "eve", "--on", "-5d")
    cli(
        "interview", "log", "eve", "--on", "-1d",
        "--note", f"{CLOSE} and {STYLE}", "--answer", f"day-typical-morning=*She said {LINK}",
        "--referral", f"Ray [/b] Ref, {CLOSE} @ {LINK}", "--interest", "4",
    )  # fmt: skip
    return cli


COMMANDS = [
    ("prospect", "list"),
    ("prospect", "show", "eve"),
    ("prospect", "show", "dan"),
    ("outreach", "list"),
    ("interview", "list"),
    ("interview", "show", "eve"),
    ("questions", "list"),
    ("next",),
    ("thanks",),
    ("report",),
    ("answers", "morning"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_markup_in_the_data_is_shown_as_typed_in_a_terminal(
    hostile: Cli, args: tuple[str, ...]
) -> None:
    result = hostile(*args, terminal=True, env={"COLUMNS": "400"})
    shown = result.stdout
    assert "\x1b]8;" not in shown, "a hyperlink escape (OSC 8) reached the terminal"
    assert "\x1b[5m" not in shown, "blink reached the terminal"
    # Each kind of markup that the command shows is there as typed.
    plain = _without_styles(shown)
    assert any(m in plain for m in (*MARKUP, "[/b]", "[bold]")), plain


def _without_styles(text: str) -> str:
    """The text a person reads: SGR colour codes removed."""
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)
