"""Which questions fit a person: their paths, worked out from their role and fields.

A bank question may say whom it fits (``requires`` / ``not_for``, over the
vocabulary ``PATHS`` in :mod:`infoview.model.questions`). A person's paths come
from two tables, and only from them:

- ``FIELD_PATHS``, keyed by the ids of the career-field map (``data/fields.yaml``):
  the fields their role and fields name (``FieldMap.classify``). A field without
  an entry takes its family's entry; an entry (even an empty one) replaces it.
- ``WORD_PATHS``, keyed by words or phrases of their role and fields that the
  field map does not tell apart: "attorney" is a lawyer, "apprentice" is on an
  apprenticeship, "technician" and "assistant" are not the doctor or lawyer of
  their field.

Each entry gives paths and rules paths out. A person's paths are everything
given and implied (``PATH_IMPLIES``), less everything ruled out and what implies
it; two paths that conflict (a degree and no degree) cancel out, and what
implies them goes too. When in doubt a path is not known: a question that
``requires`` it is left out, one that is ``not_for`` it is asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from infoview.model.questions import PATH_CONFLICTS, PATH_IMPLIES, Question
from infoview.model.text import words
from infoview.rules.fields import FieldMap, load_field_map


class Paths(NamedTuple):
    """What a field or a word says about a person's path."""

    gives: frozenset[str] = frozenset()
    rules_out: frozenset[str] = frozenset()


def _p(gives: str = "", rules_out: str = "") -> Paths:
    return Paths(frozenset(gives.split()), frozenset(rules_out.split()))


NOTHING = _p()
DEGREE, NO_DEGREE = _p("degree"), _p("no-degree")
GRADUATE = _p("graduate-degree license")  # a licensed profession entered with a graduate degree

# Field id (a family or a field of the map) -> what it says. A field without an entry
# takes its family's; NOTHING stops that where the family's path does not hold for all.
FIELD_PATHS: Mapping[str, Paths] = {
    # healthcare: fields that mix doctors with technicians say nothing
    "medicine": _p("medical-school"),
    "surgery": _p("medical-school"),
    "psychiatry": _p("medical-school"),
    "nursing": _p("license"),
    "psychiatric-nursing": _p("license"),
    "physician-assistant": GRADUATE,
    "speech-language-pathology": GRADUATE,
    "emergency-medical-services": _p("no-degree license"),
    # psychology and counseling
    "school-psychology": GRADUATE,
    "school-counseling": GRADUATE,
    "marriage-family-therapy": GRADUATE,
    "creative-arts-therapy": _p("graduate-degree"),
    "social-work": DEGREE,
    "counseling": DEGREE,
    # engineering: every field in the family needs an engineering degree
    "engineering": DEGREE,
    # software and technology: self-taught developers are common
    "computer-science": DEGREE,
    # education and teaching: classroom teachers hold a teaching licence
    "elementary-education": _p("degree license"),
    "secondary-education": _p("degree license"),
    "special-education": _p("degree license"),
    "school-administration": GRADUATE,
    # law: lawyers' fields; paralegals are in law but are not lawyers
    "corporate-law": _p("bar"),
    "criminal-law": _p("bar"),
    "litigation": _p("bar"),
    "family-law": _p("bar"),
    "environmental-law": _p("bar"),
    "paralegal": _p(rules_out="bar"),
    # business and finance
    "actuarial-science": DEGREE,
    "economics": DEGREE,
    "investment-banking": DEGREE,
    # arts and design
    "architecture": DEGREE,
    # skilled trades: learned in a trade, not at college
    "skilled-trades": NO_DEGREE,
    "electrician": _p("apprenticeship license"),
    "plumbing": _p("apprenticeship license"),
    "carpentry": _p("apprenticeship"),
    "masonry": _p("apprenticeship"),
    "cosmetology": _p("no-degree license"),
    "construction": NOTHING,  # construction managers usually have a degree
    "aviation": NOTHING,  # pilots, controllers and mechanics train differently
    # science and research: a research field needs a degree; farming does not
    "science-research": DEGREE,
    "agriculture": NOTHING,
    # public service
    "firefighting": NO_DEGREE,
    "urban-planning": DEGREE,
    "diplomacy": DEGREE,
}

# Words and phrases of a role or a field (matched as whole words, ignoring case)
# -> what they say, beyond the field they name.
WORD_PATHS: Mapping[str, Paths] = {
    "lawyer": _p("bar"),
    "attorney": _p("bar"),
    "esq": _p("bar"),
    "jd": _p("bar"),
    "barrister": _p("bar"),
    "solicitor": _p("bar"),
    "md": _p("medical-school"),
    "physician": _p("medical-school"),
    "psychologist": GRADUATE,
    "pharmacist": GRADUATE,
    "pharmd": GRADUATE,
    "dentist": GRADUATE,
    "orthodontist": GRADUATE,
    "veterinarian": GRADUATE,
    "optometrist": GRADUATE,
    "audiologist": GRADUATE,
    "physical therapist": GRADUATE,
    "occupational therapist": GRADUATE,
    "nurse practitioner": GRADUATE,
    "professor": _p("graduate-degree"),
    "phd": _p("graduate-degree"),
    "librarian": _p("graduate-degree"),
    "professional engineer": _p("degree license"),
    "licensed": _p("license"),
    "apprentice": _p("apprenticeship"),
    "journeyman": _p("apprenticeship"),
    "journeyworker": _p("apprenticeship"),
    "cpa": _p("degree license"),
    # Those who work beside a doctor or lawyer, and those still training, are neither.
    "assistant": _p(rules_out="medical-school bar"),
    "aide": _p(rules_out="medical-school bar"),
    "tech": _p(rules_out="medical-school bar"),
    "technician": _p(rules_out="medical-school bar"),
    "technologist": _p(rules_out="medical-school bar"),
    "student": _p(rules_out="medical-school bar"),
    "secretary": _p(rules_out="bar"),
}


def implied(paths: Iterable[str]) -> set[str]:
    """``paths`` with everything they imply."""
    out = set(paths)
    for p in list(out):
        out |= PATH_IMPLIES.get(p, frozenset())
    return out


def _implying(paths: set[str]) -> set[str]:
    """``paths`` with every path that implies one of them."""
    return paths | {p for p, imp in PATH_IMPLIES.items() if imp & paths}


def combine(entries: Iterable[Paths]) -> frozenset[str]:
    """The paths known to hold, from what each entry gives and rules out (module rules).

    What is ruled out goes before anything is implied: a paralegal in litigation
    is no lawyer, so neither the bar nor the graduate degree it implies is known.
    """
    given: set[str] = set()
    ruled_out: set[str] = set()
    for entry in entries:
        given |= entry.gives
        ruled_out |= entry.rules_out
    for a, b in PATH_CONFLICTS:
        both = implied(given - _implying(ruled_out))
        if a in both and b in both:
            ruled_out |= {a, b}
    gone = _implying(ruled_out)
    return frozenset(implied(given - gone) - gone)


def _has(have: tuple[str, ...], want: tuple[str, ...]) -> bool:
    n = len(want)
    return any(have[i : i + n] == want for i in range(len(have) - n + 1))


def entries_for(field_map: FieldMap, role: str, fields: Iterable[str]) -> list[Paths]:
    """The table entries a person's role and fields name."""
    texts = [t for t in (role, *fields) if t]
    found: list[Paths] = []
    for field_id in sorted(field_map.classify(texts)):
        f = field_map.get(field_id)
        entry = FIELD_PATHS.get(f.id)
        if entry is None and f.family is not None:
            entry = FIELD_PATHS.get(f.family)
        if entry is not None:
            found.append(entry)
    said = [words(t) for t in texts]
    for phrase, entry in WORD_PATHS.items():
        want = words(phrase)
        if any(_has(have, want) for have in said):
            found.append(entry)
    return found


def person_paths(
    role: str, fields: Iterable[str], field_map: FieldMap | None = None
) -> frozenset[str]:
    """The paths known to hold for a person with this role and these fields (bundled map)."""
    fmap = field_map if field_map is not None else load_field_map()
    return combine(entries_for(fmap, role, fields))


def fits(question: Question, paths: frozenset[str]) -> bool:
    """Whether ``question`` may be asked of a person whose known paths are ``paths``."""
    return set(question.requires) <= paths and not set(question.not_for) & paths
