"""The rules of people.py, prospect_form.py and text.py; property-based tests for the parsers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infoview.model.base import build
from infoview.model.errors import AmbiguousName, InvalidInput, NotFound
from infoview.model.people import Prospect, ProspectsFile
from infoview.model.text import fold, slugify
from infoview.model.vocab import Relation, Status
from infoview.rules.people import filter_prospects, find, new_id, set_status
from infoview.rules.prospect_form import FormError, format_form, parse_form
from infoview.store.document import encode
from infoview.store.registry import PROSPECTS, people_warnings

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=timezone(timedelta(hours=1)))


def person(name: str, pid: str | None = None, **extra: Any) -> Prospect:
    return build(
        Prospect,
        {"id": pid or slugify(name), "name": name, "created_at": NOW, "updated_at": NOW, **extra},
    )


def test_slugify_and_fold() -> None:
    assert slugify("María López") == "maria-lopez"
    assert slugify("O'Brien, Jr.") == "o-brien-jr"
    assert slugify("王伟") == "王伟"
    assert slugify("!!!") == "person"
    assert fold("  José\u00a0GARCÍA ") == "jose garcia"


def test_new_id_counts_up() -> None:
    assert new_id("Maria Lopez", []) == "maria-lopez"
    assert new_id("Maria Lopez", ["maria-lopez"]) == "maria-lopez-2"
    assert new_id("Maria Lopez", ["maria-lopez", "maria-lopez-2"]) == "maria-lopez-3"


def test_find_rules() -> None:
    people = [person("José García"), person("Ana Lima"), person("Anabel Cruz")]
    assert find(people, "jose-garcia").name == "José García"
    assert find(people, "JOSE").name == "José García"
    assert find(people, "ana lima").id == "ana-lima"
    with pytest.raises(AmbiguousName) as ambiguous:
        find(people, "ana")
    assert {pid for pid, _ in ambiguous.value.candidates} == {"ana-lima", "anabel-cruz"}
    with pytest.raises(NotFound):
        find(people, "zed")
    with pytest.raises(InvalidInput):
        find(people, "   ")


def test_a_query_that_matches_hundreds_names_a_few_and_counts_the_rest() -> None:
    people = [person(f"Priya Name{n:03d}", f"priya-{n:03d}") for n in range(300)]
    with pytest.raises(AmbiguousName) as ambiguous:
        find(people, "priya")
    message = ambiguous.value.message
    assert message.startswith(
        "'priya' starts a word in the names of 300 people: Priya Name000 (priya-000), "
    )
    assert message.endswith(" and 295 more")
    assert len(message) < 200 and len(ambiguous.value.candidates) == 300


def test_the_prospect_list_check() -> None:
    a, b = person("A B", "a"), person("C D", "a")
    assert PROSPECTS.check is not None
    with pytest.raises(ValueError, match=r"the prospect id .a. appears twice"):
        PROSPECTS.check(ProspectsFile(prospects=[a, b]))
    dangling = person("E F", "e", referred_by="nobody")
    assert "nobody" in people_warnings(ProspectsFile(prospects=[dangling]))[0]


def test_set_status_is_the_one_place() -> None:
    p = person("A B")
    later = NOW + timedelta(hours=1)
    moved = set_status(p, Status.CONTACTED, later)
    assert (moved.status, moved.updated_at) == (Status.CONTACTED, later)
    assert set_status(moved, Status.CONTACTED, later + timedelta(hours=1)) is moved


def test_filter_sorts_by_priority_then_name() -> None:
    people = [person("Zoe Z", priority=1), person("Al A", priority=3), person("Bo B", priority=1)]
    assert [p.name for p in filter_prospects(people)] == ["Al A", "Bo B", "Zoe Z"]
    assert filter_prospects(people, relation=Relation.FAMILY) == []


@pytest.mark.parametrize(
    ("form", "line", "problem"),
    [
        ("name: A\nnonsense line\n", 2, "expected 'key: value'"),
        ("name: A\nbogus: 1\n", 2, "unknown key 'bogus'"),
        ("name: A\nname: B\n", 2, "appears twice"),
        ("# c\n\npriority: high\n", 3, "priority must be a number"),
    ],
)
def test_parse_form_errors_name_the_line(form: str, line: int, problem: str) -> None:
    with pytest.raises(FormError) as err:
        parse_form(form)
    assert err.value.line == line
    assert problem in err.value.message


def test_parse_form_notes_take_the_rest() -> None:
    changes = parse_form("role: Nurse\nnotes:\n# not a comment here\nname: not a key\n")
    assert changes == {"role": "Nurse", "notes": "# not a comment here\nname: not a key"}


line_text = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters=","),
    max_size=40,
).map(lambda s: " ".join(s.split()))
names = line_text.filter(lambda s: s.strip() != "")
labels = st.lists(line_text.filter(bool), max_size=4)


@given(
    name=names,
    role=line_text,
    org=line_text,
    fields=labels,
    tags=labels,
    relation=st.sampled_from(list(Relation)),
    status=st.sampled_from(list(Status)),
    priority=st.integers(0, 3),
    notes=st.text(
        alphabet=st.characters(categories=("L", "N", "P", "Zs"), include_characters="\n"),
        max_size=200,
    ),
)
def test_form_round_trip(
    name: str,
    role: str,
    org: str,
    fields: list[str],
    tags: list[str],
    relation: Relation,
    status: Status,
    priority: int,
    notes: str,
) -> None:
    """What the editor shows is read back to exactly the same record."""
    original = person(
        name,
        "someone",
        role=role,
        organization=org,
        fields=fields,
        tags=tags,
        relation=relation,
        status=status,
        priority=priority,
        notes=notes,
    )
    changes = parse_form(format_form(original))
    again = build(Prospect, {**original.model_dump(), **changes})
    assert again == original


@given(
    name=names,
    email=st.sampled_from([None, "a@example.org", "Zoë.Ng+iv@school.edu"]),
    priority=st.integers(0, 3),
    fields=labels,
)
def test_prospect_json_round_trip(
    name: str, email: str | None, priority: int, fields: list[str]
) -> None:
    file = ProspectsFile(
        prospects=[person(name, "x", email=email, priority=priority, fields=fields)]
    )
    assert ProspectsFile.model_validate_json(encode(file)) == file


@given(st.text(max_size=300))
def test_parse_form_never_crashes(text: str) -> None:
    """Any text either parses or raises FormError with a line number."""
    try:
        parse_form(text)
    except FormError as exc:
        assert exc.line >= 1


@given(st.text(max_size=80))
def test_slug_is_always_a_valid_id(name: str) -> None:
    slug = slugify(name)
    assert slug
    assert len(slug) <= 60
    Prospect.model_validate({"id": slug, "name": "N", "created_at": NOW, "updated_at": NOW})
