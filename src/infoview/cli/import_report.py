"""What `prospect import` shows: the checklist of whom to import (--pick) and the report
of what it did or would do (--dry-run lists every row with the reason)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from infoview.cli.output import Output

if TYPE_CHECKING:
    from infoview.usecases.contacts_import import Imported, Offer

# How --dry-run words what each row would do.
IMPORT_VERBS = {"create": "new, ", "update": "update ", "unchanged": "", "skip": "skipped: "}


def pick_people(out: Output, offers: list[Offer]) -> list[int]:
    """The people the student ticks in a checklist (arrow keys and space at a terminal,
    numbers when piped); those with a known relation or field come ticked."""
    from infoview.cli.prompts import make_prompter

    if not offers:
        return []
    ticked = [i for i, o in enumerate(offers) if o.ticked]
    return make_prompter(out.env).checkbox(
        "Whom to import? (space ticks, Enter imports the ticked)",
        [o.label for o in offers],
        ticked,
    )


def import_report(out: Output, name: str, imported: Imported) -> None:
    result, dry_run, unit = imported.result, imported.dry_run, imported.unit
    out.say(
        f"{'Would import' if dry_run else 'Imported'} {name}: {len(result.created)} created, "
        f"{len(result.updated)} updated, {result.unchanged} unchanged, "
        f"{len(result.skipped)} skipped."
    )
    if dry_run:
        for row in result.rows:
            who = f"{row.name}: " if row.name else ""
            out.say(f"  {unit} {row.line}: {who}{IMPORT_VERBS[row.action]}{row.detail}")
    else:
        for line, why in result.skipped:
            out.notice(f"skipped {unit} {line}: {why}")
    if imported.left_out:
        out.notice(f"{imported.left_out} not chosen (--only-group, --match or --pick)")
    if result.unknown_columns:
        out.notice(f"columns not imported: {', '.join(result.unknown_columns)}")
    for text in result.notices:
        out.notice(text)
    if dry_run:
        out.notice("dry run: nothing was written")
