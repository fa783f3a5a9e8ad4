"""Asking the student to choose: arrow keys in a terminal, numbered prompts otherwise.

Both prompters raise KeyboardInterrupt on Ctrl-C (the CLI exits 130) and
:class:`InputEnded` when input runs out, so a caller never stores a half-made choice.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, TextIO

import typer

from infoview.model.errors import InvalidInput

if TYPE_CHECKING:
    from infoview.cli.env import AppEnv


class InputEnded(InvalidInput):
    """Standard input ended before the student finished choosing."""


class Prompter(Protocol):
    def select(self, message: str, choices: Sequence[str]) -> int:
        """The index of one choice."""
        ...

    def checkbox(self, message: str, choices: Sequence[str]) -> list[int]:
        """The indexes of any number of choices (none ticked at first)."""
        ...

    def text(self, message: str, default: str = "") -> str:
        """A line of text, stripped; Enter alone gives ``default``."""
        ...

    def confirm(self, message: str, default: bool = False) -> bool:
        """Yes or no; Enter alone gives ``default``."""
        ...


class PlainPrompter:
    """Numbered choices read line by line: works in pipes, scripts and dumb terminals.

    It reads ``input`` and writes to ``errors`` (a command's injected streams);
    without them, the process's own standard input and error.
    """

    def __init__(self, input: TextIO | None = None, errors: TextIO | None = None) -> None:
        self._input = input
        self._errors = errors

    def _echo(self, message: str, nl: bool = True) -> None:
        typer.echo(message, nl=nl, file=self._errors, err=True)  # file, when given, wins

    def _read(self, message: str) -> str:
        self._echo(message, nl=False)
        line = (self._input or sys.stdin).readline()
        if not line:
            self._echo("")
            raise InputEnded("input ended before you finished; nothing was saved")
        return line.strip()

    def _list(self, message: str, choices: Sequence[str]) -> None:
        self._echo(message)
        for n, choice in enumerate(choices, start=1):
            self._echo(f"  {n:>2}. {choice}")

    def select(self, message: str, choices: Sequence[str]) -> int:
        self._list(message, choices)
        while True:
            answer = self._read(f"Choose 1-{len(choices)}: ")
            if answer.isdigit() and 1 <= int(answer) <= len(choices):
                return int(answer) - 1
            self._echo(f"Please type a number from 1 to {len(choices)}.")

    def checkbox(self, message: str, choices: Sequence[str]) -> list[int]:
        self._list(message, choices)
        while True:
            answer = self._read("Numbers, separated by spaces (Enter for none): ")
            parts = answer.replace(",", " ").split()
            if all(p.isdigit() and 1 <= int(p) <= len(choices) for p in parts):
                return sorted({int(p) - 1 for p in parts})
            self._echo(f"Please type numbers from 1 to {len(choices)}.")

    def text(self, message: str, default: str = "") -> str:
        shown = f" [{default}]" if default else ""
        return self._read(f"{message}{shown}: ") or default

    def confirm(self, message: str, default: bool = False) -> bool:
        while True:
            answer = self._read(f"{message} [{'Y/n' if default else 'y/N'}]: ").lower()
            if not answer:
                return default
            if answer in ("y", "yes", "n", "no"):
                return answer.startswith("y")
            self._echo("Please answer y or n.")


class ArrowPrompter:
    """questionary's arrow-key menus, for a person at a terminal."""

    def select(self, message: str, choices: Sequence[str]) -> int:
        import questionary

        options = [questionary.Choice(title=c, value=i) for i, c in enumerate(choices)]
        answer: int = questionary.select(message, choices=options).unsafe_ask()
        return answer

    def checkbox(self, message: str, choices: Sequence[str]) -> list[int]:
        import questionary

        options = [questionary.Choice(title=c, value=i) for i, c in enumerate(choices)]
        answer: list[int] = questionary.checkbox(message, choices=options).unsafe_ask()
        return sorted(answer)

    def text(self, message: str, default: str = "") -> str:
        import questionary

        answer: str = questionary.text(message, default=default).unsafe_ask()
        return answer.strip()

    def confirm(self, message: str, default: bool = False) -> bool:
        import questionary

        answer: bool = questionary.confirm(message, default=default).unsafe_ask()
        return answer


def make_prompter(env: AppEnv | None = None) -> Prompter:
    """Arrow keys when both ends are a terminal; numbered prompts otherwise.

    With ``env``, its streams are used and asked whether they are terminals;
    without it, the process's own.
    """
    if env is not None:
        if env.interactive():
            return ArrowPrompter()
        return PlainPrompter(env.input, env.errors)
    if sys.stdin.isatty() and sys.stdout.isatty():
        return ArrowPrompter()
    return PlainPrompter()
