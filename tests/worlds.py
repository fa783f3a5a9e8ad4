"""Workspaces the tests share, built once per session and copied into each test's home.

Building a workspace through the commands takes a second or more; copying the
folder takes milliseconds. ``full_workspace`` holds every file of
``ALL_DOCUMENTS``, each with a previous good copy in ``backups/``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path

from infoview.store.registry import ALL_DOCUMENTS
from infoview.store.workspace import Workspace
from tests.helpers import NOW, Cli, Clock

# A step is a command, or a moment the clock moves to before the next command.
Step = Sequence[str] | datetime

SETUP: list[Step] = [
    ["profile", "set", "--name", "Ana Ruiz", "--interest", "psychology"],
    ["prospect", "add", "Maria Lopez", "--relation", "neighbor", "--field", "social work"],
    ["prospect", "add", "Sam Lee", "--relation", "referral", "--referred-by", "maria"],
    ["questions", "add", "What surprised you most about your first year?", "--category", "story"],
    ["questions", "pick", "sam", "--minutes", "30", "--seed", "1"],
    ["outreach", "sent", "maria", "--on", "2026-11-20"],
    ["interview", "schedule", "maria", "--at", "2026-11-24 10:00"],
    NOW,  # the clock moves on to after the conversation
    ["interview", "log", "maria", "--note", "Loves the variety", "--referral", "Kim Park, nurse"],
    ["thanks", "sent", "maria"],
    ["touch", "maria", "--note", "Sent the article"],
]
HAND_WRITTEN = {  # no command writes these two: the student (settings) and `start` (guide) do
    "settings.json": {"schema_version": 1, "holidays": ["2026-12-25"]},
    "guide.json": {"schema_version": 1, "done": ["broaden"], "first_person": "maria-lopez"},
}


def build_world(root: Path, steps: Iterable[Step], clock: Clock) -> None:
    """Run ``steps`` on the workspace ``root``, in order, each command expected to
    succeed; a moment among them sets the clock."""
    cli = Cli(clock)
    for step in steps:
        if isinstance(step, datetime):
            clock.current = step
        else:
            cli("--home", str(root), *step)


def copy_world(template: Path, home: Path) -> None:
    """A test's home made a copy of a world built once (modes kept)."""
    shutil.copytree(template, home)


def build_full_workspace(root: Path) -> None:
    build_world(root, SETUP, Clock(NOW - timedelta(days=2)))
    for name, data in HAND_WRITTEN.items():
        (root / name).write_text(json.dumps(data), encoding="utf-8")
    # A second write of every file through the store: each gets a good previous
    # copy in backups/ (the compact form written here, holding the same data).
    ws = Workspace(root)
    for doc in ALL_DOCUMENTS:
        path = ws.path_of(doc)
        path.write_text(json.dumps(json.loads(path.read_bytes())), encoding="utf-8")
        with ws.transaction() as tx:
            tx.put(doc, tx.get(doc))
        assert (root / "backups" / doc.filename).is_file()


# --- the damage ----------------------------------------------------------------------

# For each file: where to put a value of the wrong type, and the value.
WRONG_TYPE: dict[str, tuple[tuple[str | int, ...], object]] = {
    "profile.json": (("profile", "name"), 42),
    "prospects.json": (("prospects", 0, "priority"), "high"),
    "questions.json": (("questions", 0, "minutes"), "three"),
    "plans.json": (("plans", 0, "minutes"), "thirty"),
    "outreach.json": (("records", 0, "declined"), "sometimes"),
    "interviews.json": (("interviews", 0, "minutes"), "long"),
    "contacts.json": (("contacts", 0, "note"), 42),
    "settings.json": (("holidays",), "2026-12-25"),
    "guide.json": (("first_person",), 42),
}
CASES = ("empty", "truncated", "not-json", "wrong-shape", "wrong-type", "newer")


def damage(filename: str, raw: bytes, case: str) -> bytes:
    data = json.loads(raw)
    if case == "empty":
        return b""
    if case == "truncated":
        return raw[: len(raw) // 2]
    if case == "not-json":
        return b"this is not JSON\n"
    if case == "wrong-shape":
        return (json.dumps([data], indent=2) + "\n").encode()
    if case == "wrong-type":
        where, value = WRONG_TYPE[filename]
        target = data
        for key in where[:-1]:
            target = target[key]
        target[where[-1]] = value
        return (json.dumps(data, indent=2) + "\n").encode()
    assert case == "newer"
    return (json.dumps({**data, "schema_version": 99}, indent=2) + "\n").encode()


def damage_file(home: Path, filename: str, case: str) -> bytes:
    path = home / filename
    bad = damage(filename, path.read_bytes(), case)
    path.write_bytes(bad)
    return bad
