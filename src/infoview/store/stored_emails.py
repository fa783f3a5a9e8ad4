"""The full check of every stored email address, for `infoview doctor`.

A file's load only checks an address's shape (``model/people.py``); email-validator,
which most addresses never need again once they entered, runs here and where an
address enters. An address it refuses, or would write otherwise (``Bob@Example.ORG`` is
stored as ``Bob@example.org``), is reported with the command that sets it right.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from infoview.model.people import check_email
from infoview.store.registry import PROFILE, PROSPECTS


def stored_email_problems(root: Path, models: dict[str, Any]) -> list[tuple[Path, str, str]]:
    """(file, what is wrong, the fix) for each stored address the full check does not keep."""
    holders: list[tuple[Any, str, str, Path]] = []
    profile = models.get(PROFILE.filename)
    if profile is not None and profile.profile is not None:
        fix = "infoview profile set --email ADDRESS"
        holders.append((profile.profile, "your profile", fix, root / PROFILE.filename))
    people = models.get(PROSPECTS.filename)
    for person in people.prospects if people is not None else []:
        fix = f"infoview prospect edit {person.id} --email ADDRESS"
        holders.append((person, f"{person.name} ({person.id})", fix, root / PROSPECTS.filename))
    found: list[tuple[Path, str, str]] = []
    for holder, who, fix, path in holders:
        if holder.email is None:
            continue
        try:
            normal = check_email(holder.email)
        except ValueError as exc:
            found.append((path, f"{path}: the email of {who}, {holder.email!r}: {exc}", fix))
            continue
        if normal != holder.email:
            why = f"infoview would store it as {normal!r}"
            found.append((path, f"{path}: the email of {who}, {holder.email!r}: {why}", fix))
    return found
