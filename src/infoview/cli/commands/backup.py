"""Backing up the whole workspace to one file, and restoring it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infoview.cli.env import expand_user
from infoview.cli.options import YesOpt
from infoview.cli.output import Output
from infoview.model.errors import InfoviewError
from infoview.store.archive import Archive
from infoview.usecases.backup import (
    backup_workspace,
    default_archive_name,
    open_archive,
    refuse_existing,
    restore_archive,
)


def backup(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            help="The archive to write (default: infoview-backup-YYYYMMDD-HHMMSS.zip here).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Save the whole workspace to one zip archive.

    It holds every data file, your own templates and a manifest with a checksum
    of each. The archive is private (mode 0600); an existing file is never
    overwritten.

    Example: infoview backup my-infoview.zip
    """
    out = Output.of(ctx)
    now = out.env.now()
    dest = out.output_path(file or Path(default_archive_name(now)))
    result = backup_workspace(out.env.workspace(), dest, now)
    refuse_existing(dest)  # it may have appeared while the archive was made
    written = out.write_file(dest, result.data)
    out.say(f"Backed up {_files(result.count)} to {written}.")


def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="An archive written by `infoview backup`.")],
    yes: YesOpt = False,
) -> None:
    """Replace the workspace with a backup archive (asks first unless --yes).

    The archive is checked completely first: a damaged or changed one is refused
    (exit 3) and nothing is touched. The current workspace is saved to
    backups/before-restore-YYYYMMDD-HHMMSS.zip before it is replaced, and the
    undo history is cleared: there is nothing to undo after a restore.

    Example: infoview restore my-infoview.zip --yes
    """
    out = Output.of(ctx)
    ws = out.env.workspace()
    archive = open_archive(expand_user(file).absolute())
    if not yes and not out.confirm(_question(ws.root, archive)):
        raise InfoviewError("nothing was restored")
    result = restore_archive(ws, archive, out.env.now())
    for path in result.removed:
        out.notice(f"removed {path}: the backup does not have it")
    out.notice(
        f"the workspace as it was is saved in {result.before}; "
        "the undo history is cleared (there is nothing to undo after a restore)"
    )
    out.say(f"Restored {_files(result.written)} from {archive.source}.")


def _question(root: Path, archive: Archive) -> str:
    return (
        f"Replace the workspace {root} with the {_files(len(archive.entries))} "
        f"of {archive.source} (made {archive.created_at})? The current files are backed up first."
    )


def _files(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'}"
