"""The short cuts of ``rules.timeline.timelines`` for long lists give what the full rules
give: the timeline of someone with nothing recorded, and whom to ask next at their
organisation."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.model.people import Prospect
from infoview.model.text import fold
from infoview.model.vocab import Status
from infoview.rules import timeline
from tests.helpers import NOW, prospect_dict


def person(pid: str, name: str, **changes: Any) -> Prospect:
    return Prospect.model_validate(prospect_dict(pid, name, **changes))


@pytest.mark.parametrize("status", list(Status))
def test_nothing_recorded_gives_the_timeline_the_rules_give(status: Status) -> None:
    someone = person("ana", "Ana", status=status.value, organization="Clinic")
    names = {"ana": "Ana"}
    full = timeline.timeline_of(someone, None, [], [], NOW, follow_ups_allowed=2, names=names)
    quick = timeline.quiet_timeline(someone, names)
    assert quick == full
    assert (quick.stage, quick.action, quick.names) == (full.stage, full.action, full.names)


def first_two_as_sorted(people: list[Prospect]) -> dict[str, list[str]]:
    """The rule as it was first written: everyone new, sorted in full, by organisation."""
    fresh: dict[str, list[Prospect]] = {}
    for p in people:
        if p.status == Status.NEW:
            fresh.setdefault(fold(p.organization), []).append(p)
    return {
        org: [p.id for p in sorted(same, key=lambda p: (-p.priority, fold(p.name)))[:2]]
        for org, same in fresh.items()
    }


PEOPLE = st.lists(
    st.tuples(
        st.sampled_from(["Clinic", "clinic", " CLINIC ", "Café Uno", "Cafe uno", "Mill", ""]),
        st.sampled_from(["Ana", "ana", "Bo", "Émile", "Emile", "Zoë", "Al"]),
        st.integers(0, 3),
        st.sampled_from([Status.NEW, Status.NEW, Status.CONTACTED]),
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(PEOPLE)
def test_the_two_likeliest_to_ask_next_are_the_first_two_of_the_full_order(
    rows: list[tuple[str, str, int, Status]],
) -> None:
    people = [
        person(f"p{n}", name, organization=org, priority=priority, status=status.value)
        for n, (org, name, priority, status) in enumerate(rows)
    ]
    found = timeline._fresh_by_organisation(people, {})
    assert {org: [p.id for p in two] for org, two in found.items()} == first_two_as_sorted(people)
