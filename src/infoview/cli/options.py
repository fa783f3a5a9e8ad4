"""Arguments and options that several commands share, written once.

Each is an ``Annotated`` type for a Typer parameter; a command that needs other
help text declares its own.
"""

from __future__ import annotations

from typing import Annotated

import typer

PersonArg = Annotated[
    str, typer.Argument(metavar="PERSON", help="An id or any unambiguous part of a name.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only, for scripts.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")]
EditOpt = Annotated[
    bool, typer.Option("--edit", help="Edit it in $VISUAL/$EDITOR first; an empty result cancels.")
]
EmlOpt = Annotated[
    str | None,
    typer.Option("--eml", metavar="FILE", help="Also write a .eml draft any mail program opens."),
]
# When something happened: a day or a moment in the past.
OnOpt = Annotated[
    str,
    typer.Option(
        "--on",
        help="A day (2026-12-03, today, yesterday, monday, -2d: no time is made up) "
        "or a time ('2026-12-03 15:30', 'yesterday 4pm', now).",
    ),
]
