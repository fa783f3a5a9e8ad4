"""The career-field map: the fields near a student's interest, and who on their list is there.

The bundled map is ``data/fields.yaml``, shipped inside the package. Each entry
is a career field (psychiatry, nursing, architecture...) with the broad family it
belongs to, other ways of naming it, and the fields a career counsellor would
suggest next. The twelve families use the same ids as the question bank's field
packs. The map is loaded safely and checked like the question bank (the checks
are in :mod:`infoview.rules.field_checks`): anything wrong is a
:class:`DataError` naming the file, the line and the problem.

``broaden`` answers "what else is like psychiatry, and whom do I already know
there?"; ``near`` is the same question as a filter for ``prospect list --near``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from infoview import __version__
from infoview.model.errors import InvalidInput, NotFound
from infoview.model.fields import CareerField, FieldsFile
from infoview.model.text import fold
from infoview.rules.field_checks import check_fields, name_key
from infoview.rules.spelling import slip_for
from infoview.store.bundled import bundled_path
from infoview.store.model_cache import cache_folder, cached_model
from infoview.store.yaml_model import load_yaml_model

if TYPE_CHECKING:
    from infoview.model.people import Prospect

# How alike a name must be to be offered as "did you mean" (difflib ratio). Taking a
# word FOR a known one needs more: a typing slip (rules/spelling.py).
SUGGESTION_CUTOFF = 0.6
# A name sharing this many first letters with a word is near it ("zoo" -> zoology).
SHARED_START = 3

# Lists in free text: "psychology / law", "law, economics", "Law & Policy".
_SEPARATORS = re.compile(r"[,;/|&+]")


class FieldMatch(NamedTuple):
    field: CareerField
    exact: bool  # False when matched loosely (plural, spelling slip, a longer phrase)


def _shares_start(typed: str, name: str) -> bool:
    """Whether a word of ``name`` begins as ``typed`` does, by its first few letters."""
    head = typed[:SHARED_START]
    return len(head) == SHARED_START and any(w.startswith(head) for w in name.split(" "))


def _terms(f: CareerField) -> list[str]:
    """Every way of naming a field: its id, its name and its aliases."""
    return [f.id.replace("-", " "), f.name, *f.aliases]


def _plurals(word: str) -> list[str]:
    forms = [word + "s", word + "es"]
    if word.endswith("y") and len(word) > 1:
        forms.append(word[:-1] + "ies")
    return forms


def _singulars(word: str) -> list[str]:
    forms = []
    if word.endswith("ies") and len(word) > 3:
        forms.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 2:
        forms.append(word[:-2])
    if word.endswith("s") and len(word) > 1:
        forms.append(word[:-1])
    return forms


@dataclass(frozen=True)
class FieldMap:
    """A loaded, checked map of career fields."""

    fields: tuple[CareerField, ...]

    def get(self, field_id: str) -> CareerField:
        found = self._by_id.get(field_id)
        if found is None:
            close = difflib.get_close_matches(field_id, list(self._by_id), n=3)
            hint = ("did you mean " + " or ".join(close) + "?") if close else None
            raise NotFound(f"no career field has the id '{field_id}'", hint=hint)
        return found

    def family_of(self, f: CareerField) -> CareerField | None:
        return self._by_id.get(f.family) if f.family else None

    def members(self, family_id: str) -> list[CareerField]:
        """The fields whose family is ``family_id``, in map order."""
        return [f for f in self.fields if f.family == family_id]

    # --- naming a field ------------------------------------------------------

    def resolve(self, text: str) -> FieldMatch | None:
        """The field ``text`` names, or None.

        Exact: its id, name or an alias, ignoring case, accents and spacing.
        Loose (``exact=False``): a plural ("nurses"), a longer phrase that names
        one field ("child and adolescent psychiatry"), or a spelling slip
        ("pyschiatry").
        """
        key = name_key(text)
        if not key:
            return None
        exact = self._exact.get(key)
        if exact is not None:
            return FieldMatch(self._by_id[exact], True)
        loose = self._loose_id(key)
        return FieldMatch(self._by_id[loose], False) if loose is not None else None

    def _loose_id(self, key: str) -> str | None:
        *head, last = key.split(" ")
        for singular in _singulars(last):
            found = self._exact.get(" ".join([*head, singular]))
            if found is not None:
                return found
        named = self._classify_key(key)
        if named is not None:
            return named
        corrected = " ".join(self._correct(word) for word in key.split(" "))
        if corrected != key:
            found = self._exact.get(corrected) or self._classify_key(corrected)
            if found is not None:
                return found
        close = slip_for(key, list(self._exact))  # "socialwork", "child psychiatyr"
        return self._exact[close] if close else None

    def _correct(self, word: str) -> str:
        """A word as the map spells it, when it is a typing slip for one of its words."""
        if word in self._vocabulary:
            return word
        return slip_for(word, self._vocabulary) or word

    def suggestions(self, text: str, n: int = 3) -> list[str]:
        """The nearest few fields to ``text``, by name, for a "did you mean" (empty when
        nothing is near). A field found through another of its names says which:
        "Biology ('zoology')". Names that start as the word does come first."""
        key = name_key(text)
        starts = sorted(
            (k for k in self._exact if _shares_start(key, k)),
            key=lambda k: -difflib.SequenceMatcher(None, key, k).ratio(),
        )
        alike = difflib.get_close_matches(key, list(self._exact), n=8, cutoff=SUGGESTION_CUTOFF)
        shown: dict[str, str] = {}
        for name in [*starts, *alike]:
            f = self._by_id[self._exact[name]]
            if f.id not in shown:
                said = f.name if name == name_key(f.name) else f"{f.name} ('{name}')"
                shown[f.id] = said
        return list(shown.values())[:n]

    # --- free text -----------------------------------------------------------

    def classify(self, texts: Iterable[str]) -> set[str]:
        """The field ids that free-text labels name ("Clinical social worker" -> social-work).

        Names match as whole words, a plural of the last word too. Within one
        text the longest match wins, so "school psychologist" is school
        psychology and not psychology; between equally long ones the later wins,
        as the last word of a job title says what the job is ("principal
        engineer"). A text that lists several ("law, economics") is split first.
        """
        found: set[str] = set()
        for text in texts:
            for part in _SEPARATORS.split(text):
                named = self._classify_key(name_key(part))
                if named is not None:
                    found.add(named)
        return found

    def _classify_key(self, key: str) -> str | None:
        have = key.split(" ") if key else []
        best: tuple[int, int] | None = None
        best_id: str | None = None
        for start in range(len(have)):
            for size in range(1, min(self._longest, len(have) - start) + 1):
                field_id = self._phrases.get(tuple(have[start : start + size]))
                rank = (size, start + size)
                if field_id is not None and (best is None or rank > best):
                    best, best_id = rank, field_id
        return best_id

    # --- neighbours ----------------------------------------------------------

    def neighbours(self, field_id: str) -> list[CareerField]:
        """The fields to suggest next, closest first, never ``field_id`` itself.

        Its own related fields, then those that list it as related, then its
        family, then the other fields in that family. For a family: its related
        families, those that list it, then the fields in it.
        """
        f = self.get(field_id)
        order: list[str] = []

        def add(ids: Iterable[str]) -> None:
            for i in ids:
                if i != f.id and i not in order:
                    order.append(i)

        add(f.related)
        add(other.id for other in self.fields if f.id in other.related)
        if f.family is not None:
            add([f.family])
            add(m.id for m in self.members(f.family))
        else:
            add(m.id for m in self.members(f.id))
        return [self._by_id[i] for i in order]

    # --- worked out once per map ----------------------------------------------

    @cached_property
    def _by_id(self) -> dict[str, CareerField]:
        return {f.id: f for f in self.fields}

    @cached_property
    def _exact(self) -> dict[str, str]:
        """Every name (as words joined by single spaces) -> its field id."""
        index: dict[str, str] = {}
        for f in self.fields:
            for term in _terms(f):
                if key := name_key(term):
                    index.setdefault(key, f.id)
        return index

    @cached_property
    def _phrases(self) -> dict[tuple[str, ...], str]:
        """Names as word tuples, with the plural of their last word, for free text."""
        phrases = {tuple(key.split(" ")): field_id for key, field_id in self._exact.items()}
        for key, field_id in self._exact.items():
            *head, last = key.split(" ")
            for plural in _plurals(last):
                phrases.setdefault((*head, plural), field_id)
        return phrases

    @cached_property
    def _longest(self) -> int:
        return max((len(p) for p in self._phrases), default=0)

    @cached_property
    def _vocabulary(self) -> list[str]:
        return sorted({w for key in self._exact for w in key.split(" ")})


# --- loading -----------------------------------------------------------------


def bundled_fields_path() -> Path:
    """The career-field map shipped with infoview (data/fields.yaml)."""
    return bundled_path("fields.yaml")


def load_fields_file(path: Path) -> FieldsFile:
    """Read and check one field map; every problem is a DataError with the file and line."""
    return load_yaml_model(
        path,
        FieldsFile,
        "the career-field map",
        "schema_version and fields",
        lambda file: check_fields(file.fields),
    )


@cache
def _bundled_map() -> FieldMap:
    return FieldMap(tuple(bundled_fields_file(cache_folder()).fields))


def bundled_fields_file(cache: Path | None) -> FieldsFile:
    """The bundled field map, read from its checked JSON copy in ``cache`` when there is
    one (``store.model_cache``: validated again on every read, rebuilt when the YAML
    changes); the YAML parse was most of the time of `questions pick` and `broaden`.
    The folder comes from the environment ($INFOVIEW_CACHE), as the CLI's does for the
    bank: the map is loaded deep in the core, where no CLI setting reaches."""
    return cached_model(
        bundled_fields_path(),
        FieldsFile,
        load_fields_file,
        lambda file: check_fields(file.fields) is None,
        cache,
        __version__,
    )


def load_field_map(path: Path | None = None) -> FieldMap:
    """The map at ``path``, or the bundled one (read once per process) when None."""
    if path is None:
        return _bundled_map()
    return FieldMap(tuple(load_fields_file(path).fields))


# --- broadening --------------------------------------------------------------


def _prospect_texts(p: Prospect) -> list[str]:
    return [*p.fields, p.role]


class Broadening(NamedTuple):
    """What ``infoview broaden FIELD`` shows: the field, its neighbours, and who is there."""

    asked: str
    match: FieldMatch
    family: CareerField | None
    related: list[CareerField]  # neighbours(...), closest first
    people_in: list[Prospect]  # whose fields or role name this field (or, for a family, one in it)
    people_near: list[tuple[Prospect, CareerField]]  # in a neighbouring field, with that field

    def closeness(self, other: CareerField) -> str:
        """Why ``other`` is suggested: related, family, same-family (a sibling) or member."""
        f = self.match.field
        if other.id in f.related or f.id in other.related:
            return "related"
        if other.id == f.family:
            return "family"
        if f.family is None and other.family == f.id:
            return "member"
        return "same-family"

    def as_dict(self) -> dict[str, object]:
        f = self.match.field

        def brief(c: CareerField) -> dict[str, object]:
            return {"id": c.id, "name": c.name, "family": c.family}

        return {
            "asked": self.asked,
            "exact": self.match.exact,
            "field": f.model_dump(mode="json"),
            "family": brief(self.family) if self.family else None,
            "related": [{**brief(c), "closeness": self.closeness(c)} for c in self.related],
            "people_in": [p.model_dump(mode="json") for p in self.people_in],
            "people_near": [
                {"prospect": p.model_dump(mode="json"), "field": brief(c)}
                for p, c in self.people_near
            ],
        }


def _must_resolve(field_map: FieldMap, text: str) -> FieldMatch:
    if not text.strip():
        raise InvalidInput("name a career field, e.g. psychiatry or 'social work'")
    match = field_map.resolve(text)
    if match is None:
        close = field_map.suggestions(text)
        listed = ", ".join(close[:-1]) + " or " + close[-1] if len(close) > 1 else "".join(close)
        hint = f"the nearest fields it knows: {listed}" if close else None
        raise NotFound(
            f"'{text.strip()}' is not a field infoview knows, so it knows no neighbours for it",
            hint=hint,
        )
    return match


def broaden(field_map: FieldMap, text: str, prospects: Sequence[Prospect]) -> Broadening:
    """The field ``text`` names, its neighbours, and the student's prospects in and near it.

    A prospect is placed by their fields and their role. They are near when one
    of those is a neighbouring field, or belongs to a neighbouring family; each
    appears once, beside the closest neighbour that placed them.
    """
    match = _must_resolve(field_map, text)
    f = match.field
    related = field_map.neighbours(f.id)
    rank = {c.id: i for i, c in enumerate(related)}
    own = {f.id} | ({m.id for m in field_map.members(f.id)} if f.is_family else set())
    ordered = sorted(prospects, key=lambda p: (-p.priority, fold(p.name), p.id))
    people_in: list[Prospect] = []
    placed: list[tuple[tuple[int, int], Prospect, CareerField]] = []
    for p in ordered:
        ids = field_map.classify(_prospect_texts(p))
        if ids & own:
            people_in.append(p)
            continue
        best = _closest(field_map, ids, rank)
        if best is not None:
            placed.append((best, p, related[best[1]]))
    placed.sort(key=lambda item: item[0])  # stable: priority order within one neighbour
    return Broadening(
        asked=text,
        match=match,
        family=field_map.family_of(f),
        related=related,
        people_in=people_in,
        people_near=[(p, c) for _, p, c in placed],
    )


def _closest(field_map: FieldMap, ids: set[str], rank: dict[str, int]) -> tuple[int, int] | None:
    """(0 for their own field, 1 for its family; the neighbour's rank), the closest first."""
    options: list[tuple[int, int]] = []
    for i in ids:
        if i in rank:
            options.append((0, rank[i]))
        family = field_map.get(i).family
        if family is not None and family in rank:
            options.append((1, rank[family]))
    return min(options) if options else None


def near(field_map: FieldMap, text: str, prospects: Sequence[Prospect]) -> list[Prospect]:
    """The prospects in the field ``text`` names or near it: those in it first, then the closest."""
    result = broaden(field_map, text, prospects)
    return [*result.people_in, *(p for p, _ in result.people_near)]


def fields_from_role(field_map: FieldMap, role: str) -> list[str]:
    """The fields a job title names word for word, as the map writes them ("Child
    Psychiatrist" -> ["Psychiatry"], "RN" -> ["Nursing"]); none for a title the map
    does not know ("Owner"), never a guess at a spelling slip."""
    return [field_map.get(i).name for i in sorted(field_map.classify([role]))]
