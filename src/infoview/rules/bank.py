"""The question bank: the bundled YAML file, another one the student names, and their own questions.

The bundled bank is ``data/questions.yaml``, shipped inside the package. A bank
is loaded safely (plain YAML only: a Python object tag is refused) into pydantic
models that forbid unknown keys; anything wrong is a :class:`DataError` naming
the file, the line and the problem. The student's own questions live in the
workspace (``questions.json``) and take part in everything a bank question does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from infoview import __version__
from infoview.model.errors import InvalidInput, NotFound, describe_validation_error
from infoview.model.questions import (
    PATH_CONFLICTS,
    PATH_IMPLIES,
    QUESTION_TEXT_MAX,
    BankFile,
    Category,
    FieldArea,
    OwnQuestion,
    Question,
    QuestionsFile,
)
from infoview.model.text import clean_line, fold, slugify, words
from infoview.store.bundled import bundled_path
from infoview.store.model_cache import cached_model
from infoview.store.registry import OWN_QUESTIONS
from infoview.store.workspace import Transaction, Workspace
from infoview.store.yaml_model import load_yaml_model

REFERRAL_CATEGORY = "referrals"

Y = TypeVar("Y", bound=BaseModel)


# --- loading -----------------------------------------------------------------


def bundled_bank_path() -> Path:
    """The bank shipped with infoview (data/questions.yaml)."""
    return bundled_path("questions.yaml")


def load_bank_file(path: Path) -> BankFile:
    """Read and check one bank file; every problem is a DataError with the file and line."""
    return load_yaml_model(
        path,
        BankFile,
        "the question bank",
        "schema_version, categories and questions",
        _cross_check,
    )


def _cross_check(bank: BankFile) -> tuple[str, Sequence[int | str]] | None:
    """Unique ids and references that point somewhere, with where the fault is."""
    categories = {c.id for c in bank.categories}
    fields = {f.id for f in bank.fields}
    groups: tuple[tuple[str, str, Sequence[Category | FieldArea]], ...] = (
        ("category", "categories", bank.categories),
        ("field", "fields", bank.fields),
    )
    for kind, key, items in groups:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                return f"the {kind} id '{item.id}' appears twice", (key, i, "id")
            seen.add(item.id)
    for i, area in enumerate(bank.fields):
        for ref in area.related:
            if ref not in fields:
                return f"field '{area.id}' is related to unknown field '{ref}'", ("fields", i)
    seen_q: set[str] = set()
    for i, q in enumerate(bank.questions):
        if q.id in seen_q:
            return f"the question id '{q.id}' appears twice", ("questions", i, "id")
        seen_q.add(q.id)
        if q.category not in categories:
            return (
                f"question '{q.id}' has unknown category '{q.category}'",
                ("questions", i, "category"),
            )
        for ref in q.fields:
            if ref not in fields:
                return f"question '{q.id}' has unknown field '{ref}'", ("questions", i, "fields")
        if (never := _never_fits(q)) is not None:
            return f"question '{q.id}' {never}", ("questions", i, "requires")
    if not any(q.category == REFERRAL_CATEGORY for q in bank.questions):
        return f"the bank needs at least one question in '{REFERRAL_CATEGORY}'", ("questions",)
    return None


def _never_fits(q: Question) -> str | None:
    """Why fit tags leave nobody to ask ``q`` (a path required and ruled out), or None."""
    needed: set[str] = set(q.requires)
    for p in q.requires:
        needed |= PATH_IMPLIES.get(p, frozenset())
    clash = sorted(needed & set(q.not_for))
    if clash:
        return f"requires a path it is not for ('{clash[0]}'), so nobody fits it"
    for a, b in PATH_CONFLICTS:
        if a in needed and b in needed:
            return f"requires both '{a}' and '{b}', which no path has, so nobody fits it"
    return None


@dataclass(frozen=True)
class Bank:
    """A loaded bank merged with the student's own questions."""

    path: Path
    categories: tuple[Category, ...]
    fields: tuple[FieldArea, ...]
    questions: tuple[Question, ...]
    own_ids: frozenset[str] = frozenset()

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        import difflib

        close = difflib.get_close_matches(question_id, [q.id for q in self.questions], n=3)
        hint = ("did you mean " + " or ".join(close) + "?") if close else None
        raise NotFound(f"no question has the id '{question_id}'", hint=hint)

    def category(self, category_id: str) -> Category:
        for c in self.categories:
            if c.id == category_id:
                return c
        known = ", ".join(c.id for c in self.categories)
        raise InvalidInput(f"unknown category '{category_id}' (known: {known})")

    def field_ids_for(self, texts: Iterable[str]) -> set[str]:
        """The field ids that free-text fields name ("clinical social work" -> psychology-...).

        Aliases match as whole words; where several match one text, the longest
        wins, so "physical therapy" is healthcare and not therapy in general.
        """
        found: set[str] = set()
        for text in texts:
            have = words(text)
            if not have:
                continue
            best: dict[str, int] = {}
            for field_id, want in self._alias_words:
                if _contains(have, want):
                    best[field_id] = max(best.get(field_id, 0), len(want))
            if best:
                top = max(best.values())
                found.update(fid for fid, n in best.items() if n == top)
        return found

    @cached_property
    def _alias_words(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Every way of naming each field, as words, worked out once per bank."""
        pairs = []
        for area in self.fields:
            for alias in (area.id.replace("-", " "), area.name, *area.aliases):
                if want := words(alias):
                    pairs.append((area.id, want))
        return tuple(pairs)

    def fits(self, q: Question, field_ids: set[str], texts: Iterable[str]) -> bool:
        """Whether a field-specific question fits someone in these fields.

        Bank questions name field ids; the student's own may name a field in
        their own words ("nursing"), matched through the aliases.
        """
        if any(f in field_ids for f in q.fields):
            return True
        known = {area.id for area in self.fields}
        free = [f for f in q.fields if f not in known]
        if not free:
            return False
        folded = {fold(t) for t in texts}
        return any(fold(f) in folded for f in free) or bool(self.field_ids_for(free) & field_ids)


def _contains(have: tuple[str, ...], want: tuple[str, ...]) -> bool:
    n = len(want)
    return any(have[i : i + n] == want for i in range(len(have) - n + 1))


def parsed_bank_file(path: Path, cache: Path | None = None) -> BankFile:
    """The bank file at ``path``, parsed once per process while the file stays the same.

    Parsing the bundled bank's YAML is most of the time of a short command, and
    every command that picks or drafts needs it. The cache is keyed on the file's
    identity, size and modification time, so a bank edited in between is read again.
    With a ``cache`` folder the file is read from its checked JSON copy there
    (``store.model_cache``: validated again on every read, rebuilt when the file changes).
    """
    try:
        st = path.stat()
    except OSError:
        return load_bank_file(path)  # the loader says what is wrong with it
    return _cached_bank_file(path.absolute(), st.st_ino, st.st_size, st.st_mtime_ns, cache)


@lru_cache(maxsize=8)
def _cached_bank_file(
    path: Path, _inode: int, _size: int, _mtime_ns: int, cache: Path | None
) -> BankFile:
    return cached_model(
        path, BankFile, load_bank_file, lambda bank: _cross_check(bank) is None, cache, __version__
    )


def load_bank(
    path: Path | None, own: Sequence[OwnQuestion] = (), cache: Path | None = None
) -> Bank:
    """The bank at ``path`` (the bundled one when None) with the student's questions added.

    The bank file is parsed once per process (:func:`parsed_bank_file`); the
    student's own questions are merged afresh on every call. Only the bundled bank is
    read through its JSON copy in the ``cache`` folder; a bank the student names is
    always read as the YAML it is.
    """
    bank_path = path if path is not None else bundled_bank_path()
    file = parsed_bank_file(bank_path, cache if path is None else None)
    known = {q.id for q in file.questions}
    mine = [q.as_question() for q in own if q.id not in known]
    return Bank(
        path=bank_path,
        categories=tuple(file.categories),
        fields=tuple(file.fields),
        questions=(*file.questions, *mine),
        own_ids=frozenset(q.id for q in mine),
    )


def workspace_bank(ws: Workspace, path: Path | None, cache: Path | None = None) -> Bank:
    return load_bank(path, ws.read(OWN_QUESTIONS).questions, cache)


def add_own_question(
    tx: Transaction, bank: Bank, data: dict[str, Any], now: datetime
) -> OwnQuestion:
    """Store a question of the student's own; its category must exist in the bank."""
    file = tx.get(OWN_QUESTIONS)
    bank.category(str(data.get("category", "")))
    text = str(data.get("text", ""))
    folded = fold(text)  # once, not once per bank question
    same = [q for q in bank.questions if fold(q.text) == folded]
    if same:
        raise InvalidInput(f"that question is already in the bank as {same[0].id}")
    taken = {q.id for q in bank.questions} | {q.id for q in file.questions}
    # Bank ids are ASCII slugs; a question in another script gets a plain numbered id.
    ascii_slug = re.sub(r"-+", "-", slugify(text, max_length=40).encode("ascii", "ignore").decode())
    base = "my-" + (ascii_slug.strip("-") or "question")
    qid, n = base, 2
    while qid in taken:
        qid, n = f"{base}-{n}", n + 1
    try:
        # Tags and fields are free labels in the model (the bank's are trusted), so the
        # student's are checked here: no control characters, and no undecodable
        # command-line bytes, which could not be written as UTF-8.
        for key, what in (("tags", "tag"), ("fields", "field")):
            for label in data.get(key) or []:
                clean_line(str(label), what=what, max_length=QUESTION_TEXT_MAX)
        question = OwnQuestion.model_validate({**data, "id": qid, "created_at": now})
    except ValidationError as exc:
        raise InvalidInput(describe_validation_error(exc)) from None
    except ValueError as exc:  # from clean_line
        raise InvalidInput(str(exc)) from None
    tx.put(OWN_QUESTIONS, QuestionsFile(questions=[*file.questions, question]))
    return question
