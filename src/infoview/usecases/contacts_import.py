"""Bringing people in from a contacts file without duplicating anyone already listed.

Two steps, so the CLI can decide on a progress bar once it knows how many rows
there are: :func:`read_contacts` reads and parses the file, :func:`import_contacts`
adds or fills in everyone in one transaction (or, for a dry run, works it all
out and writes nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from infoview.formats.contacts import FORMATS, Parsed, parse_contacts
from infoview.model.errors import InvalidInput
from infoview.model.text import fold
from infoview.model.vocab import Relation
from infoview.rules import importer
from infoview.rules.fields import fields_from_role, load_field_map
from infoview.rules.importer import ImportResult
from infoview.rules.relation_guess import guess_relation
from infoview.store.inputs import CONTACTS_LIMIT, NotARegularFile, TooLarge, describe, read_limited
from infoview.store.workspace import Workspace


def read_contacts(path: Path, fmt: str = "auto") -> Parsed:
    """The people in the file at ``path``, read as ``fmt`` (auto: judged from the content)."""
    if fmt != "auto" and fmt not in FORMATS:
        raise InvalidInput(f"--format must be auto, {', '.join(FORMATS)}; not {fmt!r}")
    try:
        data = read_limited(path, CONTACTS_LIMIT)
    except TooLarge:
        raise InvalidInput(
            f"{path} is larger than {describe(CONTACTS_LIMIT)}; that is not a contacts file",
            hint="split it, or export fewer contacts at a time",
        ) from None
    except NotARegularFile as exc:
        raise InvalidInput(f"cannot read {path}: {exc}", hint="name a contacts file") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return parse_contacts(data, fmt)
    except InvalidInput as exc:  # name the file: the reader knows only its lines and cards
        raise InvalidInput(f"{path}: {exc.message}", hint=exc.hint) from None


@dataclass(frozen=True)
class Imported:
    result: ImportResult
    dry_run: bool  # True: worked out, nothing written
    unit: str = "row"  # what the file's lines are: "card", "row" or "item"
    left_out: int = 0  # rows --only-group, --match or --pick did not choose

    def as_dict(self) -> dict[str, Any]:
        return {**self.result.as_dict(), "dry_run": self.dry_run, "left_out": self.left_out}


def import_contacts(
    ws: Workspace,
    parsed: Parsed,
    *,
    relation: Relation | None,
    tags: Sequence[str],
    update: bool,
    dry_run: bool,
    now: datetime,
    progress: Callable[[int], None] | None = None,
    infer: bool = True,
    only_group: str | None = None,
    match: str | None = None,
    picked: Sequence[int] | None = None,
) -> Imported:
    """Add or fill in everyone in ``parsed``; ``progress`` is told how many rows are done.

    A row matches someone listed by email, LinkedIn address, or the same name at
    the same organisation; a match only fills empty details unless ``update``.
    With ``infer``, a row without fields gets those its job title names, and one
    without a relation the one its groups, name or notes say. ``only_group`` and
    ``match`` choose the rows: in that group, or with that text in the name,
    organisation or role (case and accents ignored); ``picked``, the indexes of
    ``offer``'s list the student ticked.
    """
    chosen = choose_rows(parsed, only_group, match)
    if picked is not None:
        chosen = replace(chosen, rows=[chosen.rows[i] for i in sorted(set(picked))])
    left_out = len(parsed.rows) - len(chosen.rows)
    parsed = chosen
    with ws.transaction() as tx:
        result = importer.import_contacts(
            tx, parsed, relation=relation, tags=tags, update=update, now=now, progress=progress,
            infer=infer,
        )  # fmt: skip
        if dry_run:
            tx.discard()
    return Imported(result, dry_run, UNITS.get(parsed.source, "row"), left_out)


UNITS = {"vcard": "card", "json": "item"}  # what a line number counts in each format


@dataclass(frozen=True)
class Offer:
    """One person a file would bring in, as a checklist shows them."""

    label: str  # "Aunt Keiko Tanaka: Child Psychiatrist, St. Mary's (family)"
    ticked: bool  # how the student knows them, or their field, is known


def offer(
    parsed: Parsed,
    *,
    only_group: str | None,
    match: str | None,
    infer: bool,
    relation: Relation | None = None,
) -> list[Offer]:
    """Everyone ``--pick`` offers, in file order, those with a known relation or field
    ticked: ``relation`` (the student's ``--relation``, which overrides all else), else
    the relation the file gives or one worked out; a field given or named by their job
    title."""
    field_map = load_field_map() if infer else None
    offers = []
    for row in choose_rows(parsed, only_group, match).rows:
        guess = guess_relation(row, parsed.source) if infer and relation is None else None
        guessed = guess.relation.value if guess else ""
        how = relation.value if relation else row.relation or guessed
        fields = row.fields
        if not fields and not row.fields_given and field_map is not None:
            fields = fields_from_role(field_map, row.role)
        work = ", ".join(x for x in (row.role, row.organization) if x)
        known = ", ".join(x for x in (how, *fields) if x)
        label = row.name + (f": {work}" if work else "") + (f" ({known})" if known else "")
        offers.append(Offer(label, bool(how or fields)))
    return offers


def choose_rows(parsed: Parsed, only_group: str | None, match: str | None) -> Parsed:
    """The rows in the group ``only_group`` whose name, organisation or role contains
    ``match`` (either may be None: no filter)."""
    rows = parsed.rows
    if only_group is not None:
        group = fold(only_group)
        rows = [r for r in rows if any(fold(g) == group for g in r.groups)]
    if match is not None:
        text = fold(match)
        rows = [r for r in rows if text in fold(f"{r.name} {r.organization} {r.role}")]
    return replace(parsed, rows=rows)
