"""Asking the student to choose: arrow keys in a terminal, numbered prompts otherwise.

Both prompters raise KeyboardInterrupt on Ctrl-C (the CLI exits 130) and
:class:`InputEnded` when input runs out, so a caller never stores a half-made choice.
Both use the streams of the :class:`~infoview.cli.env.AppEnv` they are given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import typer

from infoview.cli.env import AppEnv
from infoview.model.errors import InvalidInput


class InputEnded(InvalidInput):
    """Standard input ended before the student finished choosing."""


class Prompter(Protocol):
    def select(self, message: str, choices: Sequence[str]) -> int:
        """The index of one choice."""
        ...

    def checkbox(
        self, message: str, choices: Sequence[str], ticked: Sequence[int] = ()
    ) -> list[int]:
        """The indexes of any number of choices (``ticked`` ticked at first)."""
        ...

    def text(self, message: str, default: str = "") -> str:
        """A line of text, stripped; Enter alone gives ``default``."""
        ...

    def confirm(self, message: str, default: bool = False) -> bool:
        """Yes or no; Enter alone gives ``default``."""
        ...


class PlainPrompter:
    """Numbered choices read line by line: works in pipes, scripts and dumb terminals.

    The questions go to the environment's stderr, so stdout keeps only results.
    """

    def __init__(self, env: AppEnv | None = None) -> None:
        self.env = env or AppEnv()

    def _say(self, message: str, nl: bool = True) -> None:
        typer.echo(message, nl=nl, file=self.env.errors)

    def _read(self, message: str) -> str:
        self._say(message, nl=False)
        line = self.env.input.readline()
        if not line:
            self._say("")
            raise InputEnded("input ended before you finished; nothing was saved")
        return line.strip()

    def _list(self, message: str, choices: Sequence[str]) -> None:
        self._say(message)
        for n, choice in enumerate(choices, start=1):
            self._say(f"  {n:>2}. {choice}")

    def select(self, message: str, choices: Sequence[str]) -> int:
        self._list(message, choices)
        while True:
            answer = self._read(f"Choose 1-{len(choices)}: ")
            if answer.isdigit() and 1 <= int(answer) <= len(choices):
                return int(answer) - 1
            self._say(f"Please type a number from 1 to {len(choices)}.")

    def checkbox(
        self, message: str, choices: Sequence[str], ticked: Sequence[int] = ()
    ) -> list[int]:
        marked = set(ticked)
        if marked:
            choices = [f"[{'x' if i in marked else ' '}] {c}" for i, c in enumerate(choices)]
        self._list(message, choices)
        keep = "Enter keeps the [x] ones, 'none' for none" if marked else "Enter for none"
        while True:
            answer = self._read(f"Numbers, separated by spaces ({keep}): ")
            if marked and not answer:
                return sorted(marked)
            if answer.lower() == "none":
                return []
            parts = answer.replace(",", " ").split()
            if all(p.isdigit() and 1 <= int(p) <= len(choices) for p in parts):
                return sorted({int(p) - 1 for p in parts})
            self._say(f"Please type numbers from 1 to {len(choices)}.")

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
            self._say("Please answer y or n.")


class ArrowPrompter:
    """questionary's arrow-key menus, for a person at a terminal (the environment's)."""

    def __init__(self, env: AppEnv | None = None) -> None:
        self.env = env or AppEnv()
        self._streams: dict[str, Any] = {}

    def _terminal(self) -> dict[str, Any]:
        """The environment's streams as prompt_toolkit's input and output (made once)."""
        if not self._streams:
            from prompt_toolkit.input import create_input
            from prompt_toolkit.output import create_output

            self._streams = {
                "input": create_input(self.env.input),
                "output": create_output(self.env.output),
            }
        return self._streams

    def select(self, message: str, choices: Sequence[str]) -> int:
        import questionary

        options = [questionary.Choice(title=c, value=i) for i, c in enumerate(choices)]
        answer: int = questionary.select(message, choices=options, **self._terminal()).unsafe_ask()
        return answer

    def checkbox(
        self, message: str, choices: Sequence[str], ticked: Sequence[int] = ()
    ) -> list[int]:
        import questionary

        options = [
            questionary.Choice(title=c, value=i, checked=i in ticked) for i, c in enumerate(choices)
        ]
        question = questionary.checkbox(message, choices=options, **self._terminal())
        answer: list[int] = question.unsafe_ask()
        return sorted(answer)

    def text(self, message: str, default: str = "") -> str:
        import questionary

        answer: str = questionary.text(message, default=default, **self._terminal()).unsafe_ask()
        return answer.strip()

    def confirm(self, message: str, default: bool = False) -> bool:
        import questionary

        question = questionary.confirm(message, default=default, **self._terminal())
        answer: bool = question.unsafe_ask()
        return answer


def make_prompter(env: AppEnv | None = None) -> Prompter:
    """Arrow keys when both ends of ``env`` are a terminal; numbered prompts otherwise.

    Without ``env``, the process's own streams.
    """
    env = env or AppEnv()
    return ArrowPrompter(env) if env.interactive() else PlainPrompter(env)
