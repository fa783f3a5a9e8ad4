"""Commands about the workspace itself."""

from __future__ import annotations

import typer

from infoview.cli.output import Output


def path(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Print the folder where infoview keeps your data.

    It is `--home`, else `$INFOVIEW_HOME`, else your user data folder. Back it up
    like any folder; every file in it is plain JSON.

    Example: infoview path
    """
    out = Output.of(ctx)
    ws = out.env.workspace()
    if as_json:
        out.json({"home": str(ws.root), "exists": ws.root.is_dir()})
    else:
        out.say(str(ws.root))
