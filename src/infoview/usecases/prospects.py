"""The people you might interview: adding, listing, showing, editing, removing, exporting.

Views that read the prospect list also return what it says about people who
are not on it (a hand-edited file), as ``warnings`` for the student.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import PurePath
from typing import Any, NamedTuple

from infoview.model.errors import InvalidInput, NotFound
from infoview.model.people import Prospect
from infoview.model.vocab import Relation, Status
from infoview.rules import people
from infoview.store.registry import PROSPECTS, people_warnings
from infoview.store.workspace import Workspace


def _record(p: Prospect) -> dict[str, Any]:
    return p.model_dump(mode="json")


class Added(NamedTuple):
    prospect: Prospect
    notices: list[str]  # e.g. another person of the same name
    warnings: list[str]

    def as_dict(self) -> dict[str, Any]:
        return _record(self.prospect)


def add_prospect(
    ws: Workspace,
    details: Mapping[str, Any],
    now: datetime,
    *,
    duplicate: bool = False,
    infer: bool = True,
) -> Added:
    """Add a person; ``details['referred_by']`` may be any query that finds one person.

    A name already on the list is refused unless ``duplicate`` says this is
    another person of the same name. With ``infer``, a role without a field gives
    the field the role names.
    """
    with ws.transaction() as tx:
        change = people.add_prospect(tx, details, now, duplicate=duplicate, infer=infer)
        warnings = people_warnings(tx.get(PROSPECTS))
    return Added(change.prospect, change.notices, warnings)


class ProspectList(NamedTuple):
    people: list[Prospect]  # the ones that match, highest priority first
    listed: int  # everyone on the list, matching or not
    warnings: list[str]

    def as_dict(self) -> list[dict[str, Any]]:
        return [_record(p) for p in self.people]


def list_prospects(
    ws: Workspace,
    *,
    status: Status | None = None,
    relation: Relation | None = None,
    field_query: str | None = None,
    tag: str | None = None,
    near_field: str | None = None,
) -> ProspectList:
    """Everyone who matches every filter given; ``near_field`` keeps people in that career
    field or one near it on the field map (see `infoview broaden`)."""
    file = ws.read(PROSPECTS)
    matching = people.filter_prospects(
        file.prospects, status=status, relation=relation, field_query=field_query, tag=tag
    )
    if near_field is not None:
        from infoview.rules.fields import load_field_map, near  # the field map: only here

        nearby = {p.id for p in near(load_field_map(), near_field, file.prospects)}
        matching = [p for p in matching if p.id in nearby]
    return ProspectList(matching, len(file.prospects), people_warnings(file))


def find_prospect(ws: Workspace, query: str) -> Prospect:
    """The person ``query`` names, as the list stands now (e.g. to confirm a removal)."""
    return people.find(ws.read(PROSPECTS).prospects, query)


class Edited(NamedTuple):
    prospect: Prospect
    changed: bool  # False: every value given was already so; nothing was written

    def as_dict(self) -> dict[str, Any]:
        return _record(self.prospect)


def edit_prospect(ws: Workspace, query: str, changes: Mapping[str, Any], now: datetime) -> Edited:
    """Change the given details of one person; the id stays the same whatever the new name."""
    if not changes:
        raise InvalidInput("say what to change, e.g. --role 'Nurse', or use --editor")
    with ws.transaction() as tx:
        change = people.edit_prospect(tx, query, changes, now)
        if "status" in changes:
            from infoview.rules.status import check_status_by_hand, gather
            from infoview.rules.timeline import timelines

            pid = change.prospect.id
            check_status_by_hand(timelines(gather(tx.get), now, {pid})[pid], changes["status"])
    return Edited(change.prospect, change.changed)


class ProspectForm(NamedTuple):
    """The editor form for one person, as it was shown."""

    person_id: str
    text: str


def prospect_form(ws: Workspace, query: str) -> ProspectForm:
    """The form to edit the person ``query`` names in an editor."""
    from infoview.rules.prospect_form import format_form

    person = find_prospect(ws, query)
    return ProspectForm(person.id, format_form(person))


def save_prospect_form(
    ws: Workspace, form: ProspectForm, edited: str, now: datetime
) -> Edited | None:
    """Apply what the student changed in ``form`` (now ``edited``); None if they changed nothing.

    Only keys whose value differs from the form as shown count as changes, so a
    change made by another command while the editor was open is not undone. A
    form that cannot be read is kept in the workspace, so no typing is lost.
    """
    from infoview.rules.prospect_form import FormError, form_changes

    if edited == form.text:
        return None
    try:
        changes = form_changes(form.text, edited)
    except FormError as exc:
        kept = _keep_text(ws, f"edit-{form.person_id}.txt", edited)
        raise InvalidInput(
            f"could not read the edited form, {exc.message}", hint=f"your text is kept in {kept}"
        ) from None
    if not changes:
        return None
    try:
        return edit_prospect(ws, form.person_id, changes, now)
    except (InvalidInput, NotFound) as exc:  # a value refused: the typing is kept all the same
        kept = _keep_text(ws, f"edit-{form.person_id}.txt", edited)
        raise InvalidInput(exc.message, hint=f"your text is kept in {kept}") from None


def _keep_text(ws: Workspace, name: str, text: str) -> str:
    from infoview.store.files import atomic_write

    ws.root.mkdir(parents=True, exist_ok=True, mode=0o700)
    kept = ws.root / name
    atomic_write(kept, text.encode())
    return str(kept)


class Removed(NamedTuple):
    prospect: Prospect
    notices: list[str]  # the people they referred, unlinked


def remove_prospect(ws: Workspace, person_id: str) -> Removed:
    """Remove one person by id, and everything of theirs in every file; people they
    referred stay, unlinked."""
    with ws.transaction() as tx:
        change = people.remove_prospect(tx, person_id)
    return Removed(change.prospect, change.notices)


class Exported:
    """A file of people made for export: ``count`` people in it, of ``listed`` on the list."""

    __slots__ = ("count", "data", "fmt", "listed", "warnings")

    def __init__(self, fmt: str, data: bytes, count: int, listed: int, warnings: list[str]) -> None:
        self.fmt, self.data, self.count, self.listed = fmt, data, count, listed
        self.warnings = warnings


def export_prospects(
    ws: Workspace,
    fmt: str,
    *,
    bom: bool = False,
    status: Status | None = None,
    tag: str | None = None,
) -> Exported:
    """The people who match, as ``fmt`` (csv, json or vcard), highest priority first."""
    from infoview.formats import export  # the file formats: only for an export

    fmt = export_format(fmt, bom=bom)
    file = ws.read(PROSPECTS)
    chosen = people.filter_prospects(file.prospects, status=status, tag=tag)
    data = export.export_prospects(chosen, fmt, bom=bom)
    return Exported(fmt, data, len(chosen), len(file.prospects), people_warnings(file))


_SUFFIXES = {".csv": "csv", ".json": "json", ".vcf": "vcard", ".vcard": "vcard"}


def export_format(fmt: str | None, target: str | None = None, *, bom: bool = False) -> str:
    """The export format asked for (" CSV" -> "csv"), else the one the extension of the file
    ``target`` names, else csv; refused if unknown, or if a byte order mark is asked of
    anything but CSV."""
    from infoview.formats import export

    if fmt is None:
        fmt = _SUFFIXES.get(PurePath(target).suffix.lower(), "csv") if target else "csv"
    fmt = fmt.strip().lower()
    if fmt not in export.FORMATS:
        raise InvalidInput(
            f"unknown export format '{fmt}'", hint=f"use --format {', '.join(export.FORMATS)}"
        )
    if bom and fmt != "csv":
        raise InvalidInput("--bom only applies to --format csv")
    return fmt
