"""Bringing people in from other programs' files without ever duplicating anyone.

A row matches someone already listed by email, by LinkedIn address, or by the
same name (ignoring case, accents and spacing) at the same organisation. A match
fills the fields that are empty and never overwrites one that is not, unless
``update`` says so; importing the same file twice changes nothing the second
time. Matching uses dictionaries, so 10,000 rows take seconds, not minutes.
Emails are compared in one normalised form (``email_key``: the address as it is
stored, case folded), so ``Bob <bob@x.org>``, an IDN domain in punycode or in
Unicode, and NFC or NFD spellings match whichever came first.

infoview's own JSON export carries what only infoview stores; for someone the
import adds, it is kept: the id (unless taken), the cadence, when they were added
and changed (never later than now), the referral (the id of the referrer in the
file, mapped to who that row became; a referrer not in the file is dropped with a
notice) and the status if it is one a student sets by hand for someone with
nothing recorded (new, declined, no-response). Any other status follows what is
recorded, and nothing is recorded yet, so the person arrives as new, with the
notice "status X not imported: it follows what you record". Someone matched keeps
their own status, cadence and dates; their referral is filled in if they had none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter, ValidationError

from infoview.formats.contacts import Incoming, Parsed
from infoview.model.base import PersonId
from infoview.model.errors import describe_validation_error
from infoview.model.people import STORED, Prospect, ProspectsFile, email_key
from infoview.model.text import fold
from infoview.model.vocab import Relation, Status
from infoview.rules.fields import FieldMap, fields_from_role, load_field_map
from infoview.rules.people import new_id
from infoview.rules.relation_guess import Guess, guess_relation
from infoview.store.registry import PROSPECTS
from infoview.store.workspace import Transaction

# What an incoming row can fill in; name and relation identify, they are not "filled".
FILLABLE = (
    *("email", "phone", "organization", "role", "linkedin", "notes", "priority"),
    *("address_as", "how_found", "school"),
)
LISTS = ("fields", "tags")


@dataclass(frozen=True)
class RowOutcome:
    """What one row did, for `--dry-run` to list: created, updated, unchanged or skipped."""

    line: int  # card, row or item number in the file
    name: str
    action: str  # "create", "update", "unchanged" or "skip"
    detail: str  # "family ('Aunt' in the name)", "fills email, phone", "already listed as x"

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "name": self.name, "action": self.action, "detail": self.detail}


@dataclass
class ImportResult:
    created: list[Prospect] = field(default_factory=list)
    updated: list[Prospect] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what the file said and was not kept
    rows: list[RowOutcome] = field(default_factory=list)  # each row, in file order

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
            "skips": [{"line": line, "reason": why} for line, why in self.skipped],
            "unknown_columns": list(self.unknown_columns),
            "notices": list(self.notices),
            "people": [r.as_dict() for r in self.rows],
        }


def linkedin_key(url: str | None) -> str | None:
    """linkedin.com/in/x, https://www.linkedin.com/in/x/ and http://LinkedIn.com/in/X match."""
    if not url:
        return None
    text = url.strip().lower().split("?")[0].rstrip("/")
    for prefix in ("https://", "http://"):
        text = text.removeprefix(prefix)
    return text.removeprefix("www.")


class _Index:
    """Who is listed, looked up by each way a row can match."""

    def __init__(self, people: Iterable[Prospect]) -> None:
        self.by_email: dict[str, int] = {}
        self.by_linkedin: dict[str, int] = {}
        self.by_name_org: dict[tuple[str, str], int] = {}
        self.people: list[Prospect] = []
        self.ids: set[str] = set()
        for p in people:
            self.add(p)

    def add(self, p: Prospect) -> None:
        self.people.append(p)
        self.ids.add(p.id)
        self._key(len(self.people) - 1, p)

    def replace(self, at: int, p: Prospect) -> None:
        self.people[at] = p
        self._key(at, p)

    def _key(self, at: int, p: Prospect) -> None:
        if p.email:
            self.by_email.setdefault(email_key(p.email), at)
        key = linkedin_key(p.linkedin)
        if key:
            self.by_linkedin.setdefault(key, at)
        self.by_name_org.setdefault((fold(p.name), fold(p.organization)), at)

    def match(self, row: Incoming) -> int | None:
        if row.email and email_key(row.email) in self.by_email:
            return self.by_email[email_key(row.email)]
        key = linkedin_key(row.linkedin)
        if key and key in self.by_linkedin:
            return self.by_linkedin[key]
        return self.by_name_org.get((fold(row.name), fold(row.organization)))


def _values(
    row: Incoming,
    relation: Relation | None,
    tags: Sequence[str],
    field_map: FieldMap | None,
    guess: Guess | None = None,
) -> dict[str, Any]:
    """What a row says about the person; without fields, those its job title names
    (unless ``field_map`` is None: inference turned off). The relation: ``relation``
    (--relation) over everything, then the file's own, then ``guess``."""
    fields = list(row.fields)
    if not fields and not row.fields_given and row.role and field_map is not None:
        fields = fields_from_role(field_map, row.role)
    data: dict[str, Any] = {
        "name": row.name,
        "email": row.email,
        "phone": row.phone,
        "organization": row.organization,
        "role": row.role,
        "fields": fields,
        "notes": row.notes,
        "tags": [*row.tags, *tags],
        "linkedin": row.linkedin,
        "priority": row.priority,
        "address_as": row.address_as,
        "how_found": row.how_found,
        "school": row.school,
        "relation": (
            relation.value
            if relation
            else row.relation or (guess.relation.value if guess else Relation.OTHER.value)
        ),
    }
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def _about(person: Prospect, guess: Guess | None) -> str:
    """'family ('Aunt' in the name); field Psychiatry; greeted as Aunt Keiko' for a
    person an import adds."""
    relation = person.relation.value
    if guess is not None and guess.relation == person.relation:
        relation += f" ({guess.reason})"
    fields = f"; field {', '.join(person.fields)}" if person.fields else ""
    greeted = f"; greeted as {person.address_as}" if person.address_as else ""
    return relation + fields + greeted


def _merge(current: Prospect, incoming: dict[str, Any], update: bool) -> dict[str, Any]:
    """The changes a row makes: empty fields filled, others only with ``update``."""
    changes: dict[str, Any] = {}
    for key in FILLABLE:
        new = incoming.get(key)
        if new is None:
            continue
        old = getattr(current, key)
        # The default priority is a value, not a blank: only --update changes it.
        empty = key != "priority" and old in (None, "")
        if (empty or update) and new != old:
            changes[key] = new
    for key in LISTS:  # labels are added, never replaced, so adding loses nothing
        have = list(getattr(current, key))
        seen = {fold(h) for h in have}
        more = [v for v in incoming.get(key, []) if fold(v) not in seen]
        if more:
            changes[key] = [*have, *more]
    return changes


# A status a student may set by hand for someone with nothing recorded: an import keeps it.
BY_HAND = frozenset({Status.NEW.value, Status.DECLINED.value, Status.NO_RESPONSE.value})
_PERSON_ID: TypeAdapter[str] = TypeAdapter(PersonId)


def _free_id(row: Incoming, taken: set[str]) -> str:
    """The id the file gives the row, if it is a valid id nobody has; else a new one."""
    wanted = row.stored.get("id")
    if isinstance(wanted, str) and wanted not in taken:
        try:
            return _PERSON_ID.validate_python(wanted)
        except ValidationError:
            pass
    return new_id(row.name, taken)


def _kept(row: Incoming, notices: list[str]) -> dict[str, Any]:
    """What infoview's JSON stored about the row that a new person keeps."""
    stored = row.stored
    kept: dict[str, Any] = {}
    if "cadence_days" in stored:
        kept["cadence_days"] = stored["cadence_days"]
    status = stored.get("status")
    if status in BY_HAND:
        kept["status"] = status
    elif isinstance(status, str) and status:
        notices.append(f"{row.name}: status {status[:40]} not imported: it follows what you record")
    for key in ("created_at", "updated_at"):
        if stored.get(key) is not None:
            kept[key] = stored[key]
    return kept


def _not_later_than(person: Prospect, now: datetime) -> Prospect:
    """Dates from a file are kept, but never after now (a moment not come cannot be)."""
    late = {k: now for k in ("created_at", "updated_at") if getattr(person, k) > now}
    return person.model_copy(update=late) if late else person


def _link_referrals(
    index: _Index,
    referrals: list[tuple[str, Incoming]],
    became: dict[str, str],
    created: set[str],
    now: datetime,
) -> tuple[list[str], set[str]]:
    """Set each referral the file gives (its ids mapped to who those rows became) on
    whoever has none yet: the notices, and the ids of people changed that were there."""
    notices: list[str] = []
    changed: set[str] = set()
    position = {p.id: i for i, p in enumerate(index.people)}
    for pid, row in referrals:
        referrer = str(row.stored["referred_by"])
        at = position[pid]
        person = index.people[at]
        if person.referred_by is not None:
            continue
        target = became.get(referrer)
        if target is None or target == pid:
            why = "themselves" if target == pid else f"{referrer[:80]!r}, who is not in the file"
            notices.append(f"{row.name}: referred by {why}: not kept")
            continue
        update: dict[str, Any] = {"referred_by": target}
        if pid not in created:
            update["updated_at"] = now
            changed.add(pid)
        index.replace(at, person.model_copy(update=update))
    return notices, changed


def _note_source(
    row: Incoming, pid: str, became: dict[str, str], referrals: list[tuple[str, Incoming]]
) -> None:
    """Remember who the row's id in the file became, and a referral to link later."""
    source = row.stored.get("id")
    if isinstance(source, str):
        became.setdefault(source, pid)
    if isinstance(row.stored.get("referred_by"), str) and row.stored["referred_by"]:
        referrals.append((pid, row))


def import_contacts(
    tx: Transaction,
    parsed: Parsed,
    *,
    relation: Relation | None,
    tags: Sequence[str],
    update: bool,
    now: datetime,
    progress: Callable[[int], None] | None = None,
    infer: bool = True,
) -> ImportResult:
    """Add or fill in everyone in ``parsed`` as one change (nothing is written on an error).

    With ``infer``, a row without fields gets those its job title names, and one
    without a relation the one its groups, name or notes say (``relation_guess``).
    """
    field_map = load_field_map() if infer else None
    result = ImportResult(skipped=list(parsed.skipped), unknown_columns=parsed.unknown_columns)
    result.rows += [RowOutcome(line, "", "skip", why) for line, why in parsed.skipped]
    index = _Index(tx.get(PROSPECTS).prospects)
    created_ids: set[str] = set()
    updated_ids: set[str] = set()
    became: dict[str, str] = {}  # id in the file -> id of who the row became
    referrals: list[tuple[str, Incoming]] = []  # (who the row became, the row)
    unchanged: list[str] = []  # who each row that changed nothing matched
    for n, row in enumerate(parsed.rows, start=1):
        if progress is not None and n % 500 == 0:
            progress(n)
        guessing = infer and relation is None and not row.relation  # the file's own wins
        guess = guess_relation(row, parsed.source) if guessing else None
        values = _values(row, relation, tags, field_map, guess)
        at = index.match(row)
        try:
            if at is None:
                pid = _free_id(row, index.ids)
                notices: list[str] = []
                kept = _kept(row, notices)
                person = Prospect.model_validate(
                    {"created_at": now, "updated_at": now, **values, **kept, "id": pid}
                )
                index.add(_not_later_than(person, now))
                created_ids.add(pid)
                result.notices += notices
                result.rows.append(RowOutcome(row.line, row.name, "create", _about(person, guess)))
                _note_source(row, pid, became, referrals)
                continue
            current = index.people[at]
            _note_source(row, current.id, became, referrals)
            changes = _merge(current, values, update)
            if not changes:
                if current.id not in created_ids and current.id not in updated_ids:
                    unchanged.append(current.id)
                listed = f"already listed as {current.id}"
                result.rows.append(RowOutcome(row.line, row.name, "unchanged", listed))
                continue
            merged = Prospect.model_validate(
                {**current.model_dump(), **changes, "updated_at": now},
                context=None if "email" in changes else STORED,  # an address entering: in full
            )
            fills = f"{current.id}: fills {', '.join(sorted(changes))}"
            result.rows.append(RowOutcome(row.line, row.name, "update", fills))
        except ValidationError as exc:
            why = describe_validation_error(exc)
            result.skipped.append((row.line, why))
            result.rows.append(RowOutcome(row.line, row.name, "skip", why))
            continue
        index.replace(at, merged)
        if merged.id not in created_ids:
            updated_ids.add(merged.id)
    if progress is not None:
        progress(len(parsed.rows))
    notices, changed = _link_referrals(index, referrals, became, created_ids, now)
    result.notices += notices
    updated_ids |= changed
    result.unchanged = sum(1 for pid in unchanged if pid not in updated_ids)
    result.rows.sort(key=lambda r: r.line)
    result.created = [p for p in index.people if p.id in created_ids]
    result.updated = [p for p in index.people if p.id in updated_ids]
    if created_ids or updated_ids:
        tx.put(PROSPECTS, ProspectsFile(prospects=index.people))
    return result
