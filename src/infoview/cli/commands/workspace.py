"""Commands about the workspace itself."""

from __future__ import annotations

import typer

from infoview.cli.common import app_env, print_json


def path(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Print the folder where infoview keeps your data.

    It is `--home`, else `$INFOVIEW_HOME`, else your user data folder. Back it up
    like any folder; every file in it is plain JSON.

    Example: infoview path
    """
    ws = app_env(ctx).workspace()
    if as_json:
        print_json({"home": str(ws.root), "exists": ws.root.is_dir()})
    else:
        typer.echo(str(ws.root))
