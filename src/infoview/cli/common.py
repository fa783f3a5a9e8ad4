"""What every command group shares: the environment, output, prompts and error reporting.

Only the standard library, click and typer are imported here, so that
``infoview --help`` and ``infoview path`` start fast; pydantic and rich are
imported by the commands that need them.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from infoview.cli.env import AppEnv, app_env, local_now
from infoview.model.errors import ExitCode, InfoviewError, InvalidInput

__all__ = ["AppEnv", "app_env", "local_now"]

if TYPE_CHECKING:
    pass


# --- output ------------------------------------------------------------------


def plain_output(environ: dict[str, str] | None = None) -> bool:
    """Plain text when stdout is not a terminal, or NO_COLOR / TERM=dumb ask for it."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR") or env.get("TERM") == "dumb":
        return True
    return not sys.stdout.isatty()


def print_json(data: Any) -> None:
    """JSON only, on stdout: for scripts."""
    typer.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))


def say(message: str) -> None:
    """A result line on stdout."""
    typer.echo(message)


def notice(message: str) -> None:
    """Something worth knowing that is not the result: on stderr, so pipes stay clean."""
    typer.echo(f"note: {message}", err=True)


def warn_all(messages: Sequence[str]) -> None:
    for message in messages:
        typer.echo(f"warning: {message}", err=True)


def print_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str = "",
    limit: int | None = None,
    more: str = "",
) -> None:
    """A rich table in a terminal; aligned plain columns when piped.

    In a terminal only the first ``limit`` rows are drawn (rich takes about a second
    for 1,000 rows), then "…and N more" and ``more``; piped output is never cut.
    """
    if plain_output():
        widths = [
            max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
            for i, h in enumerate(headers)
        ]
        lines = (
            "  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip()
            for line in (headers, *rows)
        )
        typer.echo("\n".join(lines))  # one write: an echo per line costs 1 s per 100,000
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title or None, header_style="bold", title_justify="left")
    for i, h in enumerate(headers):
        table.add_column(h, overflow="fold", no_wrap=i == 0)  # ids must stay copyable
    shown = rows if limit is None else rows[:limit]
    for r in shown:
        table.add_row(*r)
    Console(highlight=False).print(table)
    if len(shown) < len(rows):
        typer.echo(f"…and {len(rows) - len(shown)} more{more}")


def print_fields(title: str, pairs: Sequence[tuple[str, str]]) -> None:
    """A record as 'Label: value' lines, in a panel in a terminal."""
    shown = [(k, v) for k, v in pairs if v]
    if plain_output():
        typer.echo(title)
        width = max((len(k) for k, _ in shown), default=0)
        for key, value in shown:
            first, *rest = value.split("\n")
            typer.echo(f"  {key + ':':<{width + 1}} {first}")
            for more in rest:
                typer.echo(f"  {'':<{width + 1}} {more}")
        return
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for key, value in shown:
        grid.add_row(key, Text(value))
    Console(highlight=False).print(Panel(grid, title=Text(title), title_align="left"))


# --- prompts -----------------------------------------------------------------


def confirm(question: str) -> bool:
    """Ask yes/no on stderr; no answer (end of input) counts as no.

    Not typer.confirm: it turns Ctrl-C into an ordinary abort, and Ctrl-C must
    exit 130.
    """
    typer.echo(f"{question} [y/N]: ", nl=False, err=True)
    line = sys.stdin.readline()
    if not line:
        typer.echo("", err=True)
        return False
    return line.strip().lower() in ("y", "yes")


def edit_text(text: str, *, environ: Mapping[str, str]) -> str:
    """Let the student edit ``text`` in $VISUAL or $EDITOR and return the result.

    The temp file is private (0600) and removed afterwards: it holds other
    people's details.
    """
    command = environ.get("VISUAL") or environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="infoview-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            status = subprocess.call([*shlex.split(command), name])
        except (OSError, ValueError) as exc:
            raise InvalidInput(
                f"could not start the editor {command!r}: {exc}",
                hint="set $EDITOR to your editor, e.g. EDITOR=nano",
            ) from None
        if status != 0:
            raise InvalidInput(
                f"the editor {command!r} exited with status {status}; nothing changed"
            )
        with open(name, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    finally:
        os.unlink(name)


# --- errors ------------------------------------------------------------------


def fail(error: InfoviewError) -> NoReturn:
    """Report ``error`` as one line on stderr and exit with its code."""
    message = error.message
    if error.hint:
        message += f" ({error.hint})"
    typer.echo(f"infoview: {_one_line(message)}", err=True)
    raise typer.Exit(int(error.exit_code))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def internal_error(exc: BaseException) -> NoReturn:
    if os.environ.get("INFOVIEW_DEBUG"):
        raise exc
    typer.echo(
        f"infoview: internal error: {type(exc).__name__}: {_one_line(str(exc))[:300]} "
        "(this is a bug in infoview; set INFOVIEW_DEBUG=1 to see where)",
        err=True,
    )
    raise typer.Exit(int(ExitCode.INTERNAL))
