"""Run ordinary infoview commands from inside `start` and `demo`, showing each one.

The guide and the demo do nothing a student could not do themselves: every
step is a real command line, printed as ``$ infoview ...`` and then run by the
same command tree in this process, so what is shown is exactly what ran.
"""

from __future__ import annotations

import io
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import typer

from infoview.cli.env import AppEnv
from infoview.model.errors import ExitCode


def quote(arg: str) -> str:
    """An argument as a person would type it: bare, else in double quotes where that is safe."""
    plain = shlex.quote(arg)
    if plain == arg:
        return arg
    if not any(ch in arg for ch in '"$`\\!'):
        return f'"{arg}"'
    return plain


def show_command(argv: Sequence[str]) -> str:
    """The line a student would type to run ``argv``."""
    return " ".join(["infoview", *(quote(a) for a in argv)])


def safe_args(options: Sequence[str], arguments: Sequence[str]) -> list[str]:
    """Options first, then arguments, with ``--`` before any argument that starts with '-'."""
    if any(a.startswith("-") for a in arguments):
        return [*options, "--", *arguments]
    return [*options, *arguments]


@dataclass
class Runner:
    """Runs commands on the root command with a given environment (workspace, clock)."""

    root: Any  # the root click command (typer's Command type is private)
    env: AppEnv

    def title(self, text: str) -> None:
        """A line in bold on the environment's stdout (plain when piped or NO_COLOR)."""
        typer.secho(
            text, bold=True, file=self.env.output, color=False if self.env.plain() else None
        )

    def run(self, *argv: str, show: bool = True, quiet: bool = False) -> int:
        """Show and run one command; its exit code (errors were already reported on stderr).

        ``quiet`` keeps the command's result lines (stdout) off the screen, for a caller
        that says in its own words what was done; its notes and errors still show.
        """
        if show:
            self.title(f"$ {show_command(argv)}")
        env = self.env.replace(stdout=io.StringIO(), stdout_isatty=False) if quiet else self.env
        # The workspace and bank are passed explicitly so an $INFOVIEW_HOME or
        # $INFOVIEW_BANK in the environment cannot redirect a nested command.
        fixed = ["--home", str(self.env.home_path())]
        if self.env.bank is not None:
            fixed += ["--bank", str(self.env.bank)]
        try:
            code = self.root.main(
                [*fixed, *argv], prog_name="infoview", standalone_mode=False, obj=env
            )
        except typer.TyperException as exc:  # a usage error: reported as Typer would
            report = getattr(exc, "show", None)
            if callable(report):
                report(file=self.env.errors)
            else:
                typer.echo(f"infoview: {exc}", file=self.env.errors)
            return int(getattr(exc, "exit_code", ExitCode.USAGE))
        code = code if isinstance(code, int) else 0
        if code == ExitCode.INTERRUPTED:
            raise KeyboardInterrupt  # Ctrl-C inside a step stops the whole walk
        return code
