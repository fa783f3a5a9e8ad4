"""The career-field map: its content, how text names a field, neighbours, and broken maps."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import infoview
from infoview.model.errors import DataError, ExitCode, InvalidInput, NotFound
from infoview.model.fields import CareerField
from infoview.model.people import Prospect
from infoview.rules.bank import load_bank
from infoview.rules.fields import (
    Broadening,
    FieldMap,
    FieldMatch,
    broaden,
    bundled_fields_path,
    load_field_map,
    load_fields_file,
    near,
)
from tests.helpers import prospect_dict

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "fields.yaml"
MAP = load_field_map()
SPECIFIC = [f for f in MAP.fields if f.family is not None]
FAMILIES = [f for f in MAP.fields if f.family is None]


def terms(f: CareerField) -> list[str]:
    return [f.id, f.id.replace("-", " "), f.name, *f.aliases]


def person(pid: str, name: str, **changes: Any) -> Prospect:
    return Prospect.model_validate(prospect_dict(pid, name, **changes))


# --- content -----------------------------------------------------------------


def test_the_map_is_big_and_every_field_has_neighbours() -> None:
    assert len(SPECIFIC) >= 60
    for f in MAP.fields:
        assert len(f.related) >= 3, f.id
        assert len(MAP.neighbours(f.id)) >= 3, f.id
    for family in FAMILIES:
        assert len(MAP.members(family.id)) >= 5, family.id


def test_families_are_the_question_banks_field_packs() -> None:
    bank = load_bank(None)
    assert len(bank.fields) == 12
    assert {f.id for f in FAMILIES} == {f.id for f in bank.fields}
    for area in bank.fields:
        assert MAP.get(area.id).name == area.name


def test_every_name_the_bank_knows_lands_in_the_same_family() -> None:
    """A prospect's field the bank reads as "healthcare" is in healthcare on the map too."""
    bank = load_bank(None)
    for area in bank.fields:
        for alias in (area.name, *area.aliases):
            found = MAP.classify([alias])
            assert found, alias
            for field_id in found:
                f = MAP.get(field_id)
                assert area.id in (f.id, f.family), (alias, field_id)


def test_the_issues_example() -> None:
    first = [f.id for f in MAP.neighbours("psychiatry")[:6]]
    assert {"psychology", "social-work", "counseling", "psychiatric-nursing"} <= set(first)


@pytest.mark.parametrize(
    ("text", "field_id"),
    [
        ("psychiatry", "psychiatry"),
        ("Nursing", "nursing"),
        ("veterinary medicine", "veterinary-medicine"),
        ("vet", "veterinary-medicine"),
        ("software engineering", "software-engineering"),
        ("architecture", "architecture"),
        ("law", "law"),
        ("teaching", "education-teaching"),
        ("journalism", "journalism"),
        ("counselling", "counseling"),
        ("Counseling", "counseling"),
        ("social-work", "social-work"),
        ("CPA", "accounting"),
        ("Psychologie", None),
    ],
)
def test_resolve_exact(text: str, field_id: str | None) -> None:
    match = MAP.resolve(text)
    if field_id is None:
        assert match is None or not match.exact
    else:
        assert match == FieldMatch(MAP.get(field_id), True)


def test_resolve_ignores_accents_and_spacing() -> None:
    # An accented spelling of an alias is the same name.
    match = MAP.resolve("  Théatre ")
    assert match is not None and match.field.id == "theater" and match.exact


@pytest.mark.parametrize(
    ("text", "field_id"),
    [
        ("psychiatrys", "psychiatry"),
        ("Nurses", "nursing"),
        ("lawyers", "law"),
        ("therapies", "counseling"),
        ("pyschiatry", "psychiatry"),
        ("psychatrist", "psychiatry"),
        ("enginering", "engineering"),
        ("socialwork", "social-work"),
        ("child and adolescent psychiatry", "psychiatry"),
        ("pediatric nursng", "nursing"),
    ],
)
def test_resolve_loose(text: str, field_id: str) -> None:
    match = MAP.resolve(text)
    assert match is not None, text
    assert (match.field.id, match.exact) == (field_id, False)


@pytest.mark.parametrize("text", ["", "   ", "!!!", "qqq", "astrology", "xyzzy plugh"])
def test_resolve_nothing(text: str) -> None:
    assert MAP.resolve(text) is None


def test_every_name_resolves_to_its_field_exactly_and_as_a_plural() -> None:
    for f in MAP.fields:
        for term in terms(f):
            assert MAP.resolve(term) == FieldMatch(f, True), term
            plural = MAP.resolve(term.upper() + "s")
            assert plural is not None and plural.field == f, term


@given(data=st.data())
def test_any_name_in_any_case_resolves(data: st.DataObject) -> None:
    f = data.draw(st.sampled_from(MAP.fields))
    term = data.draw(st.sampled_from(terms(f)))
    flips = data.draw(st.lists(st.booleans(), min_size=len(term), max_size=len(term)))
    text = "".join(c.upper() if up else c.lower() for c, up in zip(term, flips, strict=True))
    plural = data.draw(st.booleans())
    spaces = data.draw(st.sampled_from(["", " ", "  "]))
    match = MAP.resolve(spaces + text + ("s" if plural else "") + spaces)
    assert match is not None
    assert match.field == f
    if not plural:
        assert match.exact


# --- free text ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["Clinical social worker"], {"social-work"}),
        (["School psychologist"], {"school-psychology"}),
        (["psychology"], {"psychology"}),
        (["physical therapist"], {"physical-therapy"}),
        (["therapist"], {"counseling"}),
        (["Registered Nurses"], {"nursing"}),
        (["Principal engineer"], {"engineering"}),
        (["Real estate developer"], {"real-estate"}),
        (["Middle school counselor"], {"school-counseling"}),
        (["law, economics"], {"law", "economics"}),
        (["Law & Policy"], {"law", "public-policy"}),
        (["UI/UX designer"], {"ux-design"}),
        (["Head of IT"], {"information-technology"}),
        (["psychology", "Mercy Hospital nurse"], {"psychology", "nursing"}),
        (["Vet tech"], {"veterinary-medicine"}),
        (["Pharmacy tech"], {"pharmacy"}),
        (["Marriage & Family Therapist"], {"marriage-family-therapy"}),
        (["knits on weekends", ""], set()),
    ],
)
def test_classify(texts: list[str], expected: set[str]) -> None:
    assert MAP.classify(texts) == expected


# --- neighbours --------------------------------------------------------------


@pytest.mark.parametrize("f", MAP.fields, ids=lambda f: f.id)
def test_neighbours_are_ordered_closest_first(f: CareerField) -> None:
    got = MAP.neighbours(f.id)
    ids = [n.id for n in got]
    assert f.id not in ids
    assert len(ids) == len(set(ids))
    assert ids[: len(f.related)] == f.related
    reverse = [o.id for o in MAP.fields if f.id in o.related and o.id not in f.related]
    assert ids[len(f.related) : len(f.related) + len(reverse)] == reverse
    rest = ids[len(f.related) + len(reverse) :]
    if f.family is not None:
        siblings = {m.id for m in MAP.members(f.family)} - {f.id}
        if f.family not in ids[: len(f.related) + len(reverse)]:
            assert rest[0] == f.family
        assert set(rest) - {f.family} <= siblings
        assert siblings <= set(ids)
    else:
        assert set(rest) <= {m.id for m in MAP.members(f.id)}
        assert {m.id for m in MAP.members(f.id)} <= set(ids)


def test_get_unknown_is_not_found_with_a_suggestion() -> None:
    with pytest.raises(NotFound) as err:
        MAP.get("psychiatri")
    assert err.value.hint is not None
    assert err.value.hint.startswith("did you mean psychiatry or ")


# --- broaden and near --------------------------------------------------------

PEOPLE = [
    person("maria-lopez", "Maria Lopez", role="Clinical social worker", fields=["social work"]),
    person("dev-patel", "Dev Patel", role="School psychologist", fields=["psychology"], priority=3),
    person("lee-park", "Lee Park", role="Child psychiatrist"),
    person("kim-nguyen", "Kim Nguyen", role="Psychiatric nurse"),
    person("ana-ortiz", "Ana Ortiz", fields=["family therapy"]),
    person("ravi-rao", "Ravi Rao", role="Software engineer"),
    person("jo-kay", "Jo Kay"),
]


def test_broaden_places_people_in_and_near() -> None:
    result = broaden(MAP, "Psychiatry", PEOPLE)
    assert isinstance(result, Broadening)
    assert result.match == FieldMatch(MAP.get("psychiatry"), True)
    assert result.family == MAP.get("psychology-counseling")
    assert result.related == MAP.neighbours("psychiatry")
    assert [p.id for p in result.people_in] == ["lee-park"]
    near_ids = [(p.id, f.id) for p, f in result.people_near]
    # closest neighbour first; the same neighbour by priority, then name
    assert near_ids == [
        ("dev-patel", "psychology"),
        ("maria-lopez", "social-work"),
        ("kim-nguyen", "psychiatric-nursing"),
        ("ana-ortiz", "marriage-family-therapy"),
    ]
    assert [p.id for p in near(MAP, "psychiatry", PEOPLE)] == [
        "lee-park",
        "dev-patel",
        "maria-lopez",
        "kim-nguyen",
        "ana-ortiz",
    ]


def test_broaden_a_family_counts_everyone_in_it() -> None:
    result = broaden(MAP, "healthcare", PEOPLE)
    assert [p.id for p in result.people_in] == ["kim-nguyen"]
    # near through the related family Psychology and Counseling
    assert {f.id for _, f in result.people_near} == {"psychology-counseling"}
    assert "ravi-rao" not in {p.id for p, _ in result.people_near}


def test_broaden_reaches_a_neighbouring_family() -> None:
    # Higher education lists the science family: a biologist is near it.
    biologist = person("bo-li", "Bo Li", role="Marine biologist")
    result = broaden(MAP, "higher education", [biologist])
    assert [(p.id, f.id) for p, f in result.people_near] == [("bo-li", "science-research")]


def test_broaden_loose_and_json() -> None:
    result = broaden(MAP, "psychiatrys", PEOPLE)
    assert not result.match.exact
    data = json.loads(json.dumps(result.as_dict()))
    assert data["asked"] == "psychiatrys"
    assert data["exact"] is False
    assert data["field"]["id"] == "psychiatry"
    assert data["family"]["id"] == "psychology-counseling"
    kinds = {r["id"]: r["closeness"] for r in data["related"]}
    assert kinds["psychology"] == "related"
    assert kinds["addiction-counseling"] == "related"  # it lists psychiatry
    assert kinds["psychology-counseling"] == "family"
    assert kinds["school-psychology"] == "same-family"
    assert [p["id"] for p in data["people_in"]] == ["lee-park"]
    assert data["people_near"][0]["prospect"]["id"] == "dev-patel"
    assert data["people_near"][0]["field"]["id"] == "psychology"


def test_unknown_field_is_not_found_with_suggestions() -> None:
    with pytest.raises(NotFound) as err:
        broaden(MAP, "astrolgy", PEOPLE)
    assert (
        err.value.message
        == "'astrolgy' is not a field infoview knows, so it knows no neighbours for it"
    )
    assert err.value.hint is not None and "'astronomy'" in err.value.hint
    with pytest.raises(NotFound) as err:
        near(MAP, "qqq", PEOPLE)
    assert err.value.hint is None
    with pytest.raises(InvalidInput):
        broaden(MAP, "  ", PEOPLE)


# --- loading -----------------------------------------------------------------


def test_bundled_map_is_found_and_read_once() -> None:
    path = bundled_fields_path()
    package = Path(infoview.__file__).resolve().parent
    if (package / "data" / "fields.yaml").is_file():
        assert path == package / "data" / "fields.yaml"
    else:
        assert path == REFERENCE
    assert load_field_map() is load_field_map()
    assert load_field_map(REFERENCE) == MAP


@pytest.mark.skipif(sys.version_info < (3, 11), reason="tomllib")
def test_importing_the_module_does_not_import_yaml() -> None:
    code = "import sys, infoview.rules.fields; print('yaml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


GOOD = """\
schema_version: 1
fields:
  - id: healthcare
    name: Healthcare
    related: [law]
  - id: law
    name: Law
    aliases: [lawyer]
    related: [healthcare]
  - id: nursing
    name: Nursing
    family: healthcare
    aliases: [nurse]
    related: [medicine]
  - id: medicine
    name: Medicine
    family: healthcare
    aliases: [doctor]
    related: [nursing]
"""


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "fields.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_a_small_good_map(tmp_path: Path) -> None:
    field_map = load_field_map(write(tmp_path, GOOD))
    assert isinstance(field_map, FieldMap)
    assert [f.id for f in field_map.neighbours("nursing")] == ["medicine", "healthcare"]
    assert [f.id for f in field_map.neighbours("healthcare")] == ["law", "nursing", "medicine"]


@pytest.mark.parametrize(
    ("old", "new", "line", "problem"),
    [
        ("  - id: law\n", "  - id: healthcare\n", 6, "the field id 'healthcare' appears twice"),
        (
            "family: healthcare\n    aliases: [nurse]",
            "family: dentistry\n    aliases: [nurse]",
            12,
            "field 'nursing' has unknown family 'dentistry'",
        ),
        (
            "family: healthcare\n    aliases: [nurse]",
            "family: medicine\n    aliases: [nurse]",
            12,
            "which is not a family",
        ),
        (
            "related: [medicine]",
            "related: [dentistry]",
            14,
            "field 'nursing' is related to unknown field 'dentistry'",
        ),
        ("related: [medicine]", "related: [nursing]", 14, "field 'nursing' is related to itself"),
        ("related: [medicine]", "related: [medicine, medicine]", 14, "as related twice"),
        ("aliases: [doctor]", "aliases: [doctor, NURSE]", 18, "'NURSE' names both"),
        ("aliases: [doctor]", "aliases: [doctor, Nursing]", 18, "names both"),
        ("aliases: [doctor]", "aliases: [doctor, Doctor]", 18, "lists the name 'Doctor' twice"),
        ("aliases: [doctor]", "aliases: ['!!']", 18, "no letters or digits"),
        ("    name: Medicine\n", "    name: Law\n", 16, "'Law' names both 'law' and 'medicine'"),
        ("  - id: law\n", "  - id: Law Office\n", 6, "id"),
        ("    aliases: [lawyer]\n", "    alias: [lawyer]\n", 8, "alias"),
        ("schema_version: 1", "schema_version: 2", 1, "schema_version"),
        (
            "    name: Law\n",
            "    name: Law\n    name: Lawyering\n",
            8,
            "the key 'name' appears twice",
        ),
        ("related: [law]", "related: [law", 6, "(it started on line 5)"),
        ("name: Healthcare", "name: !!python/object:os.system Healthcare", 4, "only plain YAML"),
    ],
)
def test_broken_maps_say_where(tmp_path: Path, old: str, new: str, line: int, problem: str) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(DataError) as err:
        load_fields_file(path)
    message = err.value.message
    assert message.startswith(f"the career-field map {path}, line {line}: "), message
    assert problem in message
    assert err.value.exit_code == ExitCode.DATA


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "expected a mapping"),
        ("- a list\n", "expected a mapping"),
        ("schema_version: 1\nfields: []\n", "fields"),
        (b"schema_version: 1\nfields:\n  - id: caf\xe9\n", "not UTF-8"),
    ],
)
def test_broken_maps_whole_file(tmp_path: Path, text: str | bytes, problem: str) -> None:
    with pytest.raises(DataError, match=problem):
        load_fields_file(write(tmp_path, text))


def test_a_missing_map(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        load_field_map(tmp_path / "nowhere.yaml")
