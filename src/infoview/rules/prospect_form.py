"""The form `prospect edit --editor` opens: one 'key: value' line per detail, then notes.

Lines starting with "#" are guidance and ignored. A form the student broke is
reported with its line number (the use case keeps their text). Only what the
student changed in the form counts, so a change another command made while
the editor was open is not undone.
"""

from __future__ import annotations

import re
from typing import Any

from infoview.model.errors import InvalidInput
from infoview.model.people import Prospect
from infoview.model.vocab import Relation, relation_value

FORM_KEYS = (
    "name",
    "role",
    "organization",
    "fields",
    "relation",
    "referred_by",
    "address_as",
    "how_found",
    "school",
    "email",
    "phone",
    "linkedin",
    "tags",
    "priority",
    "status",
)
LIST_KEYS = frozenset({"fields", "tags"})
_FORM_LINE = re.compile(r"^(?P<key>[a-z_]+)\s*:(?P<value>.*)$")


class FormError(InvalidInput):
    """The edited form cannot be read; ``line`` is 1-based."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line


def format_form(p: Prospect) -> str:
    """A plain 'key: value' form for $EDITOR; everything after 'notes:' is the notes."""
    relations = ", ".join(r.value for r in Relation)
    lines = [
        f"# Editing {p.name} ({p.id}). Lines starting with # are ignored.",
        "# Leave a value empty to clear it; fields and tags are comma-separated.",
        f"# relation: {relations} (or a word such as cousin, neighbour, classmate)",
        "# status by hand, for someone with nothing recorded yet: new, declined, no-response",
        "# priority: 0 (low) to 3 (high)",
        "# referred_by: the id of the person who suggested them",
        "# address_as: how to greet them ('Dr. Stein', 'Aunt Keiko'); empty: from the name",
    ]
    for key in FORM_KEYS:
        value = getattr(p, key)
        if key in LIST_KEYS:
            text = ", ".join(value)
        elif value is None:
            text = ""
        elif hasattr(value, "value"):
            text = value.value
        else:
            text = str(value)
        lines.append(f"{key}: {text}".rstrip())
    lines.append("notes:")
    if p.notes:
        lines.append(p.notes)
    return "\n".join(lines) + "\n"


def parse_form(text: str) -> dict[str, Any]:
    """Read a form written by :func:`format_form` back into changes.

    Keys left out of the form are left unchanged; unknown or repeated keys and
    lines that are not 'key: value' are reported with their line number.
    """
    changes: dict[str, Any] = {}
    lines = text.replace("\r\n", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _FORM_LINE.match(line.strip())
        if match is None:
            raise FormError(number, f"expected 'key: value', found {line.strip()[:40]!r}")
        key, value = match["key"], match["value"].strip()
        if key == "notes":
            rest = [value, *lines[number:]] if value else lines[number:]
            changes["notes"] = "\n".join(rest).strip()
            break
        if key not in FORM_KEYS:
            raise FormError(number, f"unknown key '{key}' (known: {', '.join(FORM_KEYS)}, notes)")
        if key in changes:
            raise FormError(number, f"'{key}' appears twice")
        if key in LIST_KEYS:
            changes[key] = [part.strip() for part in value.split(",") if part.strip()]
        elif key == "relation" and value:
            try:  # the words people use: "Family friends", "cousin", "neighbour"
                changes[key] = relation_value(value).value
            except ValueError as exc:
                raise FormError(number, str(exc)) from None
        elif key == "priority":
            if not re.fullmatch(r"[0-9]", value):  # one ASCII digit: int() cannot fail
                raise FormError(number, f"priority must be a number from 0 to 3, not {value!r}")
            changes[key] = int(value)
        else:
            changes[key] = value
    return changes


def form_changes(original: str, edited: str) -> dict[str, Any]:
    """What the student changed: the keys whose value in ``edited`` differs from ``original``.

    Raises :class:`FormError` when ``edited`` cannot be read.
    """
    before, after = parse_form(original), parse_form(edited)
    return {k: v for k, v in after.items() if before.get(k) != v}
