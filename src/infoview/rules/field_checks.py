"""The checks a career-field map must pass beyond its schema, and how field names compare.

Ids and names are unique, a family is a family (not a field inside one), and
related fields point at fields that exist. Each fault names where in the file
it is, for the :class:`~infoview.model.errors.DataError` the loader raises.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from infoview.model.fields import CareerField
from infoview.model.text import words


@lru_cache(maxsize=8192)  # a map's check and its index ask for every name: once each
def name_key(text: str) -> str:
    """How names are compared: folded (case, accents) and split into words."""
    return " ".join(words(text))


Fault = tuple[str, Sequence[int | str]]


def check_fields(fields: Sequence[CareerField]) -> Fault | None:
    """Unique ids and names, families and relations that point somewhere sensible."""
    by_id: dict[str, CareerField] = {}
    for i, f in enumerate(fields):
        if f.id in by_id:
            return f"the field id '{f.id}' appears twice", ("fields", i, "id")
        by_id[f.id] = f
    for i, f in enumerate(fields):
        fault = _check_links(f, i, by_id)
        if fault:
            return fault
    return _check_names(fields)


def _check_links(f: CareerField, i: int, by_id: dict[str, CareerField]) -> Fault | None:
    if f.family is not None:
        family = by_id.get(f.family)
        if family is None:
            return f"field '{f.id}' has unknown family '{f.family}'", ("fields", i, "family")
        if family.id == f.id:
            return f"field '{f.id}' is its own family", ("fields", i, "family")
        if family.family is not None:
            return (
                f"field '{f.id}' has family '{f.family}', which is not a family "
                f"(it belongs to '{family.family}')",
                ("fields", i, "family"),
            )
    seen: set[str] = set()
    for j, ref in enumerate(f.related):
        where = ("fields", i, "related", j)
        if ref not in by_id:
            return f"field '{f.id}' is related to unknown field '{ref}'", where
        if ref == f.id:
            return f"field '{f.id}' is related to itself", where
        if ref in seen:
            return f"field '{f.id}' lists '{ref}' as related twice", where
        seen.add(ref)
    return None


def _check_names(fields: Sequence[CareerField]) -> Fault | None:
    """Every id, name and alias names one field only (after folding case and accents)."""
    owner: dict[str, str] = {}
    for i, f in enumerate(fields):
        own: set[str] = set()
        named: list[tuple[str, Sequence[int | str]]] = [
            (f.id.replace("-", " "), ("fields", i, "id")),
            (f.name, ("fields", i, "name")),
        ]
        named += [(alias, ("fields", i, "aliases", j)) for j, alias in enumerate(f.aliases)]
        for n, (term, where) in enumerate(named):
            key = name_key(term)
            other = owner.get(key)
            if other is not None and other != f.id:
                return f"'{term}' names both '{other}' and '{f.id}'", where
            if n >= 2 and key in own:
                return f"field '{f.id}' lists the name '{term}' twice", where
            owner[key] = f.id
            own.add(key)
    return None
