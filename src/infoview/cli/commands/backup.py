"""Backing up the whole workspace to one file, and restoring it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infoview.cli.common import app_env, confirm, notice, say


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
    from infoview.store.backup import default_archive_name, write_backup

    env = app_env(ctx)
    ws = env.workspace()
    now = env.now()
    dest = (file.expanduser() if file is not None else Path(default_archive_name(now))).absolute()
    count = write_backup(ws, dest, now)
    say(f"Backed up {count} file{'' if count == 1 else 's'} to {dest}.")


def restore(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="An archive written by `infoview backup`.")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
) -> None:
    """Replace the workspace with a backup archive (asks first unless --yes).

    The archive is checked completely first: a damaged or changed one is refused
    (exit 3) and nothing is touched. The current workspace is saved to
    backups/before-restore-YYYYMMDD-HHMMSS.zip before it is replaced.

    Example: infoview restore my-infoview.zip --yes
    """
    from infoview.model.errors import InfoviewError
    from infoview.store.archive import read_archive
    from infoview.store.backup import restore as restore_archive

    env = app_env(ctx)
    ws = env.workspace()
    source = file.expanduser().absolute()
    archive = read_archive(source)
    count = len(archive.entries)
    question = (
        f"Replace the workspace {ws.root} with the {count} file{'' if count == 1 else 's'} "
        f"of {source} (made {archive.created_at})? The current files are backed up first."
    )
    if not yes and not confirm(question):
        raise InfoviewError("nothing was restored")
    result = restore_archive(ws, archive, env.now())
    for path in result.removed:
        notice(f"removed {path}: the backup does not have it")
    notice(f"the workspace as it was is saved in {result.before}")
    say(f"Restored {result.written} file{'' if result.written == 1 else 's'} from {source}.")
