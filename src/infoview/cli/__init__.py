"""The ``infoview`` command: global options and the command groups.

Each group lives in its own module and is composed here with ``add_typer``.
Errors from the core arrive as :class:`InfoviewError` and leave as one line on
stderr with the error's exit code (see ``errors.ExitCode``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from infoview import __version__
from infoview.cli import (
    backup,
    broaden,
    daily,
    demo,
    doctor,
    interview,
    outreach,
    profile,
    prospect,
    prospect_import,
    questions,
    report,
    start,
    thanks,
    workspace,
)
from infoview.cli.common import app_env, fail, internal_error
from infoview.errors import ExitCode, InfoviewError


class InfoviewGroup(TyperGroup):
    """The root group: turns errors anywhere below it into messages and exit codes."""

    def invoke(self, ctx: Any) -> Any:  # Any: typer's Context base class is private
        try:
            return super().invoke(ctx)
        except InfoviewError as exc:
            fail(exc)
        except KeyboardInterrupt:
            typer.echo("\ninfoview: interrupted; nothing half-done was saved", err=True)
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except BrokenPipeError:
            # The reader went away (`infoview questions list | head`): stop quietly.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(1) from None
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise  # usage errors and exits: Typer reports them itself
        except Exception as exc:
            internal_error(exc)


app = typer.Typer(
    name="infoview",
    cls=InfoviewGroup,
    help=(
        "Plan, run and follow up informational interviews: short (20–60 minute) "
        "conversations with people in a career you are curious about.\n\n"
        "Everything stays in plain JSON files on this computer (see `infoview path`). "
        "New here? `infoview demo` shows the whole path on sample people, and "
        "`infoview start` walks you through your own.\n\n"
        'Example: infoview prospect add "Maria Lopez" --relation neighbor --field "social work"'
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"infoview {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    home: Path | None = typer.Option(
        None,
        "--home",
        envvar="INFOVIEW_HOME",
        help="Folder that holds your data (default: your user data folder; see `infoview path`).",
        show_default=False,
    ),
    bank: Path | None = typer.Option(
        None,
        "--bank",
        envvar="INFOVIEW_BANK",
        help="Use this question bank (YAML) instead of the one that comes with infoview.",
        show_default=False,
    ),
    version: bool = typer.Option(
        False,
        "--version",
        callback=_show_version,
        is_eager=True,
        help="Show the version and exit.",
    ),
) -> None:
    env = app_env(ctx)
    if home is not None:
        env.home = home
    if bank is not None:
        env.bank = bank


app.add_typer(profile.app, name="profile")
prospect.app.command("import")(prospect_import.import_)
app.add_typer(prospect.app, name="prospect")
app.add_typer(questions.app, name="questions")
app.add_typer(outreach.app, name="outreach")
app.add_typer(thanks.app, name="thanks")
app.add_typer(interview.app, name="interview")
app.command("answers")(interview.answers)
app.command("touch")(daily.touch)
app.command("broaden")(broaden.broaden)
app.command("next")(daily.next_)
app.command("report")(report.report)
app.command("start")(start.start)
app.command("demo")(demo.demo)
app.command("path")(workspace.path)
app.command("backup")(backup.backup)
app.command("restore")(backup.restore)
app.command("doctor")(doctor.doctor)


def main() -> None:
    """Entry point of the ``infoview`` script and ``python -m infoview``."""
    app(prog_name="infoview")
