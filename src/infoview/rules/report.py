"""`infoview report`: the figures of the whole search, for the student or a counsellor.

Five parts, each computed from the workspace documents at an injected ``now``:

* the pipeline: how many people stand at each step (every :class:`Status`, zeros too);
* the fields explored: people grouped by their field labels (someone without one
  under the field the field map finds in their role, else under "field not set"),
  the interviews held and the interest ratings (1–5) given in them, and the
  profile's interests not explored yet;
* the referral tree: who led to whom (worked out in :mod:`infoview.rules.referrals`);
* thank-you punctuality: how many notes went out within
  :data:`~infoview.rules.thank_clock.THANKS_DUE_HOURS` of the conversation's end;
* staying in touch: who is due a note now (each person's timeline,
  as ``infoview next`` applies it).

Only people still on the list count: an interview or referral naming an id
that is not listed (a hand-edited file) is left out, and a referral loop is cut
where it is first met, with a warning. Nothing here prints or exits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from infoview.model.dates import start_of, to_iso
from infoview.model.interviews import InterviewsFile
from infoview.model.people import Profile, Prospect
from infoview.model.text import fold
from infoview.model.vocab import Status
from infoview.rules.fields import FieldMap, broaden
from infoview.rules.interviews import held
from infoview.rules.referrals import ReferralNode, referral_tree
from infoview.rules.thank_clock import THANKS_DUE_HOURS, thanked_in_time
from infoview.rules.timeline import Documents, Timeline, timelines

# --- the pipeline ------------------------------------------------------------------


@dataclass(frozen=True)
class Pipeline:
    """How many people stand at each step, in the order of :class:`Status`."""

    counts: tuple[tuple[Status, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.counts)

    def as_dict(self) -> dict[str, Any]:
        # A list, not an object: JSON output sorts keys, and the order of the path matters.
        return {
            "total": self.total,
            "counts": [{"status": s.value, "count": n} for s, n in self.counts],
        }


def pipeline(lines: Iterable[Timeline]) -> Pipeline:
    """How many people stand at each step, as their timelines say."""
    stages = Counter(line.status for line in lines)
    return Pipeline(tuple((s, stages[s]) for s in Status))


# --- the fields explored -------------------------------------------------------------


@dataclass(frozen=True)
class FieldRow:
    """One field: who is in it, the interviews held with them, the interest given."""

    name: str  # the first spelling met
    people: tuple[str, ...]  # ids, in list order
    held: int
    ratings: tuple[int, ...]  # Interview.interest of the held interviews that have one

    @property
    def average(self) -> float | None:
        return round(sum(self.ratings) / len(self.ratings), 2) if self.ratings else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.name,
            "people": len(self.people),
            "person_ids": list(self.people),
            "interviews_held": self.held,
            "interest": list(self.ratings),
            "average_interest": self.average,
        }


@dataclass(frozen=True)
class Unexplored:
    """An interest of the student's with no interview held in it yet."""

    interest: str
    people: int  # how many listed people work in it (0: nobody to ask yet)
    near: int = 0  # how many work in a field next to it (the field map's neighbours)

    def describe(self) -> str:
        """'2 people to ask', or who is near it and how to see them."""
        if self.people:
            return f"{_count(self.people)} to ask"
        if self.near:
            named = f'"{self.interest}"' if " " in self.interest else self.interest
            return f"nobody listed yet; {_count(self.near)} near it: infoview broaden {named}"
        return "nobody listed yet"

    def as_dict(self) -> dict[str, Any]:
        return {"interest": self.interest, "people": self.people, "near": self.near}


def _count(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


@dataclass(frozen=True)
class Fields:
    rows: tuple[FieldRow, ...]
    unexplored: tuple[Unexplored, ...]
    without_field: int  # listed people with no field at all

    def without_field_note(self) -> str:
        """Where the people without a field were counted ("" when everyone has one)."""
        if not self.without_field:
            return ""
        return (
            f"{_count(self.without_field)} without a field: counted under the field their role "
            f'names, else under "{FIELD_NOT_SET}" (set one: infoview prospect edit ID --field ...)'
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "fields": [r.as_dict() for r in self.rows],
            "unexplored_interests": [u.as_dict() for u in self.unexplored],
            "people_without_field": self.without_field,
        }


# The row of the people who have no field and whose role names none either.
FIELD_NOT_SET = "field not set"


def _field_key(label: str) -> str:
    return " ".join(label.casefold().split())


@dataclass
class _Grouping:
    """People by field key, each key with the first spelling met, and who has no field."""

    names: dict[str, str] = field(default_factory=dict)
    people: dict[str, list[str]] = field(default_factory=dict)
    not_set: list[str] = field(default_factory=list)

    def add(self, key: str, name: str, person_id: str) -> None:
        self.names.setdefault(key, name)
        if person_id not in self.people.setdefault(key, []):
            self.people[key].append(person_id)


def _group_by_field(prospects: Sequence[Prospect], field_map: FieldMap | None) -> _Grouping:
    """People by their own field labels, then those without one by their role.

    A role the map places ("Clinical social worker") joins the row of a label
    that names the same field ("social work"), else a row under the map's name;
    a role that names several fields counts in each, as several labels do.
    """
    grouping = _Grouping()
    for p in prospects:
        for label in p.fields:
            grouping.add(_field_key(label), label, p.id)
    row_of: dict[str, str] = {}  # field id -> the key of the row the map puts it in
    if field_map is not None:
        for key, name in grouping.names.items():
            match = field_map.resolve(name)
            if match is not None:
                row_of.setdefault(match.field.id, key)
    for p in prospects:
        if p.fields:
            continue
        found = _role_fields(field_map, p.role)
        if not found:
            grouping.not_set.append(p.id)
        for field_id, name in found:
            grouping.add(row_of.setdefault(field_id, _field_key(name)), name, p.id)
    return grouping


def _role_fields(field_map: FieldMap | None, role: str) -> list[tuple[str, str]]:
    """(id, name) of each field the map finds in a role, in id order."""
    if field_map is None or not role:
        return []
    return [(i, field_map.get(i).name) for i in sorted(field_map.classify([role]))]


def _row(name: str, ids: Sequence[str], held_by: dict[str, list[int | None]]) -> FieldRow:
    given = [r for pid in ids for r in held_by.get(pid, [])]
    return FieldRow(name, tuple(ids), len(given), tuple(r for r in given if r is not None))


def fields_explored(
    prospects: Sequence[Prospect],
    interviews: InterviewsFile,
    interests: Sequence[str],
    field_map: FieldMap | None = None,
) -> Fields:
    """People grouped by field (case-insensitively, the first spelling kept), most held first.

    Nobody is left out: someone without a field counts under the field the map
    finds in their role, else in a last row, "field not set". With the field
    map, an interest also counts the people whose field or role it places there
    ("psychiatrist" for psychiatry), and those in a field next to it.
    """
    listed = {p.id for p in prospects}
    held_by: dict[str, list[int | None]] = {}
    for i in held(interviews):
        if i.person in listed:
            held_by.setdefault(i.person, []).append(i.interest)
    grouping = _group_by_field(prospects, field_map)
    people = grouping.people
    rows = [_row(grouping.names[key], ids, held_by) for key, ids in people.items()]
    rows.sort(key=lambda r: (-r.held, -len(r.people), -(r.average or 0), fold(r.name)))
    if grouping.not_set:
        rows.append(_row(FIELD_NOT_SET, grouping.not_set, held_by))
    unexplored = []
    for interest in interests:
        in_it = list(people.get(_field_key(interest), []))
        near: list[str] = []
        if field_map is not None and field_map.resolve(interest) is not None:
            found = broaden(field_map, interest, prospects)
            in_it += [p.id for p in found.people_in if p.id not in in_it]
            near = [p.id for p, _ in found.people_near if p.id not in in_it]
        if not any(pid in held_by for pid in in_it):
            unexplored.append(Unexplored(interest, len(in_it), len(near)))
    without = sum(not p.fields for p in prospects)
    return Fields(tuple(rows), tuple(unexplored), without)


# --- thank-you punctuality -----------------------------------------------------------------


@dataclass(frozen=True)
class Punctuality:
    """Thank-yous for held interviews, measured against the 24-hour rule.

    ``pending``: not sent yet and still within 24 hours; ``overdue``: not sent and
    past 24 hours; ``superseded``: an earlier interview left unthanked whose
    person has had a later one (the thank-you for that one covers both).
    """

    held: int
    on_time: int
    late: int
    pending: int
    overdue: int
    superseded: int = 0
    due_hours: int = THANKS_DUE_HOURS

    @property
    def decided(self) -> int:
        """Interviews whose thank-you can no longer change from late to on time or back."""
        return self.on_time + self.late + self.overdue

    @property
    def percent_on_time(self) -> int | None:
        """On time out of the decided ones (a pending note may still make it)."""
        return round(100 * self.on_time / self.decided) if self.decided else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "due_hours": self.due_hours,
            "interviews_held": self.held,
            "on_time": self.on_time,
            "late": self.late,
            "not_sent_still_in_time": self.pending,
            "not_sent_past_due": self.overdue,
            "superseded": self.superseded,
            "percent_on_time": self.percent_on_time,
        }


def punctuality(lines: Iterable[Timeline], zone: tzinfo | None) -> Punctuality:
    """Each held conversation's thank-you against the 24-hour rule, from the timelines."""
    held_count = on_time = late = pending = overdue = superseded = 0
    for line in lines:
        owed = line.thanks
        if owed is not None:
            pending += owed.state == "due" and not owed.late
            overdue += owed.state == "overdue" or owed.late
        for h in line.held:
            held_count += 1
            if h.thanked_at is None:
                superseded += owed is None or owed.conversation is not h
            elif thanked_in_time(h, zone):
                on_time += 1
            else:
                late += 1
    return Punctuality(held_count, on_time, late, pending, overdue, superseded)


# --- staying in touch ---------------------------------------------------------------------


@dataclass(frozen=True)
class TouchRow:
    id: str
    name: str
    last: datetime
    due: datetime
    days_overdue: int

    @property
    def command(self) -> str:
        return f"infoview touch {self.id}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.id,
            "name": self.name,
            "last_contact": to_iso(self.last),
            "due": to_iso(self.due),
            "days_overdue": self.days_overdue,
            "command": self.command,
        }


def touch_now(lines: Iterable[Timeline], now: datetime) -> tuple[TouchRow, ...]:
    """Who is due a stay-in-touch note at ``now`` (as in `infoview next`), longest overdue first."""
    rows = [
        TouchRow(
            line.person.id,
            line.person.name,
            start_of(line.last_contact, now.tzinfo),
            line.touch_due,
            (now - line.touch_due).days,
        )
        for line in lines
        if line.touch_due is not None and line.touch_due <= now and line.last_contact is not None
    ]
    return tuple(sorted(rows, key=lambda r: (r.due, r.id)))


# --- the whole report -----------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    generated_at: datetime
    student: str  # the profile's name, or ""
    school: str
    pipeline: Pipeline
    fields: Fields
    referrals: tuple[ReferralNode, ...]
    thanks: Punctuality
    touch: tuple[TouchRow, ...]
    interviews_held: int
    warnings: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nobody listed yet: nothing to report."""
        return self.pipeline.total == 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "generated_at": to_iso(self.generated_at),
            "student": self.student or None,
            "school": self.school or None,
            "pipeline": self.pipeline.as_dict(),
            "interviews_held": self.interviews_held,
            **self.fields.as_dict(),
            "referral_tree": [n.as_dict() for n in self.referrals],
            "thanks": self.thanks.as_dict(),
            "touch_due": [t.as_dict() for t in self.touch],
            "warnings": list(self.warnings),
        }


def compute(
    *,
    profile: Profile | None,
    docs: Documents,
    now: datetime,
    field_map: FieldMap | None = None,
) -> Report:
    """The report from the documents themselves (``usecases.report`` reads them), with
    each person's timeline saying where they stand and what is due."""
    people = list(docs.prospects)
    lines = timelines(docs, now).values()
    interviews = docs.interviews
    tree, warnings = referral_tree(people, interviews)
    listed = {p.id for p in people}
    return Report(
        generated_at=now,
        student=profile.name if profile else "",
        school=profile.school if profile else "",
        pipeline=pipeline(lines),
        fields=fields_explored(people, interviews, profile.interests if profile else [], field_map),
        referrals=tree,
        thanks=punctuality(lines, now.tzinfo),
        touch=touch_now(lines, now),
        interviews_held=sum(i.person in listed for i in held(interviews)),
        warnings=warnings,
    )
