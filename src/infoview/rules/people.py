"""The student's profile and prospect list: adding, finding, editing and removing people."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from infoview.model.base import build
from infoview.model.errors import AmbiguousName, InvalidInput, NotFound
from infoview.model.people import (
    STORED,
    Profile,
    ProfileFile,
    Prospect,
    ProspectsFile,
    add_note,
    dated_note,
)
from infoview.model.text import fold, slugify
from infoview.model.vocab import Relation, Status
from infoview.store.registry import PROFILE, PROSPECTS, forget_person
from infoview.store.workspace import Transaction

# --- finding people ----------------------------------------------------------


def find(prospects: Sequence[Prospect], query: str) -> Prospect:
    """The one person ``query`` names: an id, or any unambiguous part of a name.

    Case, accents and spacing are ignored ("jose" finds "José García"). The rules are
    tried in turn, and the first that fits anybody decides: an exact id or full name,
    then the start of a word of the name or id (words split at spaces and hyphens:
    "ana" finds Ana-Sofía Ruiz, not Leilani Akana), then any part of either.
    """
    wanted = fold(query)
    if not wanted:
        raise InvalidInput("name a person: an id such as maria-lopez, or part of a name")
    for p in prospects:
        if p.id == query or p.id == wanted:
            return p
    joined = _joined(wanted)
    rules: tuple[tuple[str, Callable[[Prospect], bool]], ...] = (
        ("is the full name of", lambda p: fold(p.name) == wanted),
        ("starts a word in the names of", lambda p: _starts_a_word(joined, p)),
        ("is part of the names of", lambda p: joined in _joined(p.name) or joined in _joined(p.id)),
    )
    for rule, fits in rules:
        found = [p for p in prospects if fits(p)]
        if len(found) == 1:
            return found[0]
        if found:
            raise _ambiguous(query, rule, found)
    raise NotFound(
        f"no prospect matches '{query}'",
        hint=_suggest(wanted, prospects) or "see `infoview prospect list`",
    )


def _joined(text: str) -> str:
    """Folded, hyphens as spaces: 'Ana-Sofía  Ruiz', 'ana-sofia-ruiz' -> 'ana sofia ruiz'."""
    return " ".join(fold(text).replace("-", " ").split())


def _starts_a_word(joined: str, p: Prospect) -> bool:
    return f" {joined}" in f" {_joined(p.name)}" or f" {joined}" in f" {_joined(p.id)}"


def _ambiguous(query: str, rule: str, found: Sequence[Prospect]) -> AmbiguousName:
    """Several people fit: which rule they fit, and (in the hint) how to name one."""
    error = AmbiguousName(query, [(p.id, p.name) for p in found])
    listed = ", ".join(f"{p.name} ({p.id})" for p in found[: AmbiguousName.SHOWN])
    more = len(found) - AmbiguousName.SHOWN
    count = f" {len(found)} people" if more > 0 else ""
    error.message = f"'{query}' {rule}{count}: {listed}" + (f" and {more} more" if more > 0 else "")
    error.args = (error.message,)
    error.hint = f"name one by its id, e.g. `{found[0].id}`" + (
        " (infoview prospect list)" if more > 0 else ""
    )
    return error


def _suggest(wanted: str, prospects: Sequence[Prospect]) -> str | None:
    import difflib

    names = {fold(p.name): p for p in prospects}
    close = difflib.get_close_matches(wanted, list(names), n=3, cutoff=0.6)
    if not close:
        return None
    return "did you mean " + " or ".join(f"{names[c].name} ({names[c].id})" for c in close) + "?"


def new_id(name: str, taken: Iterable[str]) -> str:
    """'maria-lopez', or 'maria-lopez-2', '-3'... when the slug is taken."""
    base = slugify(name)
    # A set passed in is used as it is: an import checks thousands of names against it.
    used = taken if isinstance(taken, (set, frozenset)) else set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


# --- the profile -------------------------------------------------------------


def set_profile(tx: Transaction, changes: Mapping[str, Any], now: datetime) -> Profile:
    """Create the profile (a name is needed) or update the given fields of it."""
    file = tx.get(PROFILE)
    if file.profile is None and not changes.get("name"):
        raise InvalidInput(
            "the profile needs a name first", hint='infoview profile set --name "Your Name"'
        )
    current = file.profile.model_dump() if file.profile else {}
    stored = None if "email" in changes else STORED  # an address entering is checked in full
    profile = build(Profile, {**current, **changes, "updated_at": now}, stored)
    tx.put(PROFILE, ProfileFile(profile=profile))
    return profile


# --- prospects ---------------------------------------------------------------


class Change:
    """A person after a change, and notices worth telling the student."""

    __slots__ = ("changed", "notices", "prospect")

    def __init__(
        self, prospect: Prospect, notices: list[str] | None = None, changed: bool = True
    ) -> None:
        self.prospect = prospect
        self.notices = [] if notices is None else notices
        self.changed = changed


def add_prospect(
    tx: Transaction,
    data: Mapping[str, Any],
    now: datetime,
    *,
    duplicate: bool = False,
    infer: bool = True,
) -> Change:
    """Add a person. ``data['referred_by']`` may be any query that finds one person.

    A name already on the list is refused unless ``duplicate`` says this really
    is another person of the same name: adding someone twice is the likelier slip.
    With ``infer``, a role without a field gives the field the role names.
    """
    file = tx.get(PROSPECTS)
    values = with_notes(data, "", now, adding=True)
    notices = []
    same = [p for p in file.prospects if fold(p.name) == fold(str(values.get("name", "")))]
    if same and not duplicate:
        raise InvalidInput(
            f"{same[0].name} is already on your list as {same[0].id}",
            hint=f"change their details with `infoview prospect edit {same[0].id}`, "
            "or add --duplicate if this is another person of the same name",
        )
    role = str(values.get("role") or "")
    if infer and role and not values.get("fields"):
        from infoview.rules.fields import fields_from_role, load_field_map  # the map: only here

        named = fields_from_role(load_field_map(), role)
        if named:
            values["fields"] = named
            notices.append(
                f"field: {', '.join(named)}, from the role (--field to say otherwise, "
                "--no-infer to leave it empty)"
            )
    referrer = values.get("referred_by")
    if referrer:
        values["referred_by"] = find(file.prospects, referrer).id
        values.setdefault("relation", Relation.REFERRAL)
    name = values.get("name", "")
    prospect = build(
        Prospect,
        {
            **values,
            "id": new_id(name, (p.id for p in file.prospects)),
            "status": Status.NEW,
            "created_at": now,
            "updated_at": now,
        },
    )
    if same:
        notices.append(
            f"there was already a {prospect.name} ({', '.join(p.id for p in same)}); "
            f"this one is {prospect.id}"
        )
    if prospect.relation == Relation.REFERRAL and prospect.referred_by is None:
        notices.append(
            f"say who suggested {prospect.name}, so the first line of a message can name "
            f"them: infoview prospect edit {prospect.id} --referred-by NAME (add them first "
            "if they are not on your list)"
        )
    tx.put(PROSPECTS, ProspectsFile(prospects=[*file.prospects, prospect]))
    return Change(prospect, notices)


def edit_prospect(tx: Transaction, query: str, changes: Mapping[str, Any], now: datetime) -> Change:
    """Change the given fields of one person; the id stays the same whatever the new name."""
    file = tx.get(PROSPECTS)
    person = find(file.prospects, query)
    values = with_notes(changes, person.notes, now)
    for fixed in ("id", "created_at", "updated_at"):
        values.pop(fixed, None)
    if values.get("referred_by"):
        referrer = find(file.prospects, values["referred_by"])
        if referrer.id == person.id:
            raise InvalidInput(f"{person.name} cannot be referred by themselves")
        values["referred_by"] = referrer.id
    elif "referred_by" in values:
        values["referred_by"] = None
    stored = None if "email" in values else STORED
    updated = build(Prospect, {**person.model_dump(), **values, "updated_at": now}, stored)
    if updated.model_dump(exclude={"updated_at"}) == person.model_dump(exclude={"updated_at"}):
        return Change(person, changed=False)
    tx.put(
        PROSPECTS,
        ProspectsFile(prospects=[updated if p.id == person.id else p for p in file.prospects]),
    )
    return Change(updated)


def with_notes(
    changes: Mapping[str, Any], notes: str, now: datetime, *, adding: bool = False
) -> dict[str, Any]:
    """``changes`` with their notes worked out: ``note`` adds a line dated today to
    ``notes`` (an empty one is refused, as someone may mean to clear them, unless
    ``adding`` a person); ``replace_note`` puts one dated line in place of them all ("":
    none). ``notes`` itself is the whole text, dates included, as the editor form gives it."""
    values = dict(changes)
    added, replaced = values.pop("note", None), values.pop("replace_note", None)
    if added is not None and replaced is not None:
        raise InvalidInput("use --note to add a note or --replace-note to replace them, not both")
    if added is not None and not str(added).strip():
        if not adding:
            raise InvalidInput("the note is empty", hint="--replace-note '' clears the notes")
    elif added is not None:
        values["notes"] = add_note(notes, now.date(), str(added))
    elif replaced is not None:
        values["notes"] = dated_note(now.date(), str(replaced)) if str(replaced).strip() else ""
    return values


def remove_prospect(tx: Transaction, person_id: str) -> Change:
    """Remove one person by id, and everything of theirs in every file (their plan,
    outreach, interviews, contacts); people they referred stay, unlinked."""
    file = tx.get(PROSPECTS)
    person = next((p for p in file.prospects if p.id == person_id), None)
    if person is None:
        raise NotFound(f"no prospect has the id '{person_id}'")
    tx.put(PROSPECTS, ProspectsFile(prospects=[p for p in file.prospects if p.id != person_id]))
    unlinked = forget_person(tx, person_id).get(PROSPECTS.filename, [])
    notices = [f"{p.name} ({p.id}) stays, no longer linked to {person.name}" for p in unlinked]
    return Change(person, notices)


def set_status(prospect: Prospect, status: Status, now: datetime) -> Prospect:
    """The one place a prospect's status moves (later steps call this as things happen)."""
    if prospect.status == status:
        return prospect
    return prospect.model_copy(update={"status": status, "updated_at": now})


def move_status(tx: Transaction, person_id: str, status: Status, now: datetime) -> None:
    """Move one listed person to ``status`` within a transaction (see set_status)."""
    file = tx.get(PROSPECTS)
    moved = [set_status(p, status, now) if p.id == person_id else p for p in file.prospects]
    tx.put(PROSPECTS, ProspectsFile(prospects=moved))


def filter_prospects(
    prospects: Iterable[Prospect],
    *,
    status: Status | None = None,
    relation: Relation | None = None,
    field_query: str | None = None,
    tag: str | None = None,
) -> list[Prospect]:
    """Filtered and sorted: highest priority first, then by name."""

    def keep(p: Prospect) -> bool:
        if status is not None and p.status != status:
            return False
        if relation is not None and p.relation != relation:
            return False
        if field_query and not any(fold(field_query) in fold(f) for f in p.fields):
            return False
        return not (tag and fold(tag) not in {fold(t) for t in p.tags})

    return sorted(filter(keep, prospects), key=lambda p: (-p.priority, fold(p.name), p.id))
