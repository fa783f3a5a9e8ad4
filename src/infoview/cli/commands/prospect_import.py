"""`infoview prospect import`: people from phone contacts, LinkedIn, a spreadsheet or infoview."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infoview.cli.common import app_env, notice, plain_output, print_json, say
from infoview.model.errors import InvalidInput
from infoview.model.vocab import Relation

PROGRESS_ROWS = 2_000  # below this an import is instant; above it, show a progress bar


def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A .vcf, Connections.csv, .csv or .json file.")
    ],
    fmt: Annotated[
        str,
        typer.Option("--format", help="auto (from the content), vcard, linkedin, csv or json."),
    ] = "auto",
    relation: Annotated[
        Relation | None,
        typer.Option(
            "--relation", help="How you know them, for rows that do not say.", case_sensitive=False
        ),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="A label to add to everyone; repeatable.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change and write nothing.")
    ] = False,
    update: Annotated[
        bool, typer.Option("--update", help="Let the file overwrite details you already have.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Import people without duplicating anyone already on your list.

    A row matches someone listed by email, LinkedIn address, or the same name at
    the same organisation; a match only fills empty details unless --update.

    Example: infoview prospect import contacts.vcf --relation family --dry-run
    """
    from infoview.formats.contacts import FORMATS, parse_contacts
    from infoview.rules.importer import import_contacts

    if fmt != "auto" and fmt not in FORMATS:
        raise InvalidInput(f"--format must be auto, {', '.join(FORMATS)}; not {fmt!r}")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {file}: {exc.strerror or exc}") from None
    parsed = parse_contacts(data, fmt)
    env = app_env(ctx)
    ws = env.workspace()
    now = env.now()
    show_progress = len(parsed.rows) > PROGRESS_ROWS and not as_json and not plain_output()
    with ws.transaction() as tx:
        if show_progress:
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("Importing", total=len(parsed.rows))
                result = import_contacts(
                    tx,
                    parsed,
                    relation=relation,
                    tags=tag or [],
                    update=update,
                    now=now,
                    progress=lambda n: bar.update(task, completed=n),
                )
        else:
            result = import_contacts(
                tx, parsed, relation=relation, tags=tag or [], update=update, now=now
            )
        if dry_run:
            tx.discard()
    if as_json:
        print_json({**result.as_dict(), "dry_run": dry_run})
        return
    verb = "Would import" if dry_run else "Imported"
    say(
        f"{verb} {file.name}: {len(result.created)} created, {len(result.updated)} updated, "
        f"{result.unchanged} unchanged, {len(result.skipped)} skipped."
    )
    for line, why in result.skipped:
        notice(f"skipped {line}: {why}")
    if result.unknown_columns:
        notice(f"columns not imported: {', '.join(result.unknown_columns)}")
    if dry_run:
        notice("dry run: nothing was written")
