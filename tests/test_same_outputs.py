"""The common commands print exactly what they printed, and a write leaves exactly the files
it left, byte for byte, on a bench-like workspace (issue 18: speed, not different output).

The workspace is bench/run.py's own generator (seeded: every stage, referrals, interviews
held and thanked, plans, stay-in-touch contacts, holidays), smaller so the test is quick,
on the same fixed clock as the generator's ``now``. Each command's exit code, stdout and
stderr are compared with a file in tests/golden/same-outputs/; after a deliberate change
of output, rewrite the files with INFOVIEW_UPDATE_GOLDEN=1 and review the diff before
committing it (a change of a data file's layout also needs a CHANGELOG line).

Beside the clean workspace: one whose prospects.json holds values the validators tidy
on load (spaces, repeated labels, a LinkedIn address without https://), one with a value
no validator accepts, one written by a newer infoview, and one with no schema_version:
a faster load must tidy, refuse and upgrade as the step-by-step one does.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import os
import re
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.helpers import NOW, Cli, Clock, snapshot
from tests.worlds import copy_world

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "same-outputs"
PEOPLE = 250  # every status and interview state, referrals; generated in under a second
SMALL = 40  # for the files a write leaves, kept in the repository whole
SEED = 2026
UPDATE = os.environ.get("INFOVIEW_UPDATE_GOLDEN") == "1"


def bench() -> ModuleType:
    """bench/run.py, imported as a module (it is a script, not part of a package)."""
    name = "infoview_bench_run"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "run.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # its dataclasses look their module up while defined
        spec.loader.exec_module(module)
    return sys.modules[name]


def _records(home: Path, name: str, key: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads((home / name).read_bytes())[key]
    return records


def pick_people(home: Path) -> dict[str, str]:
    """The people the commands are about, chosen by what the workspace holds (the most
    filled-in prospect whose interview named referrals, one thanked with a saved plan...)."""
    people = _records(home, "prospects.json", "prospects")
    interviews = _records(home, "interviews.json", "interviews")
    plans = {p["person"] for p in _records(home, "plans.json", "plans")}
    by_state: dict[str, list[str]] = {}
    referring: set[str] = set()
    for i in interviews:
        by_state.setdefault(i["state"], []).append(i["person"])
        if i.get("referrals"):
            referring.add(i["person"])

    def fullness(p: dict[str, Any]) -> int:
        keys = ("email", "phone", "linkedin", "tags", "notes", "referred_by")
        return sum(bool(p.get(k)) for k in keys)

    ranked = sorted(people, key=lambda p: (-fullness(p), p["id"]))
    return {
        "rich": next(p["id"] for p in ranked if p["id"] in referring),
        "thanked": next(p["id"] for p in ranked if p["status"] == "thanked" and p["id"] in plans),
        "scheduled": next(p["id"] for p in ranked if p["id"] in by_state.get("scheduled", [])),
        "cancelled": by_state["cancelled"][0],
        "new": next(p["id"] for p in ranked if p["status"] == "new"),
    }


@pytest.fixture(scope="module")
def bench_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("bench") / "home"
    bench().generate(home, PEOPLE, NOW, SEED)
    return home


@pytest.fixture(scope="module")
def small_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("small") / "home"
    bench().generate(home, SMALL, NOW, SEED)
    return home


def transcript(args: tuple[str, ...], code: int, out: bytes, err: bytes) -> bytes:
    """What a golden file holds: the command, its exit code, stdout and stderr (their
    lengths in bytes, so that the end of one is never mistaken for the other)."""
    return (
        f"$ infoview {' '.join(args)}\nexit {code}\n--- stdout ({len(out)} bytes)\n".encode()
        + out
        + f"\n--- stderr ({len(err)} bytes)\n".encode()
        + err
    )


def same_as_golden(name: str, made: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(made)
    assert path.is_file(), f"no golden file {path}: run with INFOVIEW_UPDATE_GOLDEN=1"
    before = path.read_bytes()
    if made != before:  # the first line that differs, not two long blobs
        old, new = before.splitlines(), made.splitlines()
        pairs = enumerate(zip(old, new, strict=False))
        line = next((n for n, (a, b) in pairs if a != b), min(len(old), len(new)))
        raise AssertionError(
            f"{name} differs from line {line + 1}:\n"
            f"golden: {old[line] if line < len(old) else '(end)'!r}\n"
            f"now:    {new[line] if line < len(new) else '(end)'!r}"
        )


def _unpacked(match: re.Match[bytes]) -> bytes:
    data = zlib.decompress(base64.b64decode(match[2], validate=True))
    return match[1] + f'"{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}"'.encode()


def settled(name: str, data: bytes) -> bytes:
    """A file as compared. In the undo journal: its time is the computer's clock, not the
    command's (the store does not see the injected clock), so it is left out; a file's
    bytes are compared unpacked (another zlib build may pack them otherwise), and so
    the CRC of the packed text is left out too."""
    if not name.startswith("journal/"):
        return data
    data = re.sub(rb'"time": "[^"]*"', b'"time": "(when it ran)"', data)
    data = re.sub(rb'"crc32": [0-9]+', b'"crc32": "(of the packed bytes)"', data)
    return re.sub(rb'("(?:before|after)": )"([A-Za-z0-9+/=]*)"', _unpacked, data)


def writes(before: dict[str, bytes], after: dict[str, bytes]) -> bytes:
    """One line per file a command wrote or removed: its name, length and digest."""
    lines = b""
    for name in sorted(before.keys() | after.keys()):
        if name not in after:
            lines += f"--- removed {name}\n".encode()
        elif before.get(name) != after[name]:
            data = settled(name, after[name])
            digest = hashlib.sha256(data).hexdigest()
            lines += f"--- wrote {name} ({len(data)} bytes, sha256 {digest})\n".encode()
    return lines


def run(cli: Cli, *args: str, expect: int | None = 0) -> bytes:
    """The transcript of one command, and of what it wrote, the workspace's own folder
    named $INFOVIEW_HOME (as in an error message that names a file)."""
    home = Path(os.environ["INFOVIEW_HOME"])
    before = snapshot(home)
    result = cli(*args, expect=expect)
    out, err = (
        s.replace(str(home).encode(), b"$INFOVIEW_HOME")
        for s in (result.stdout_bytes, result.stderr_bytes)
    )
    return transcript(args, result.exit_code, out, err) + b"\n" + writes(before, snapshot(home))


# name of the golden file -> the command line; {rich} etc. are pick_people's choices.
READS: dict[str, tuple[str, ...]] = {
    "next": ("next",),
    "next-json": ("next", "--json"),
    "prospect-list": ("prospect", "list"),
    "prospect-list-json": ("prospect", "list", "--json"),
    "prospect-list-status": ("prospect", "list", "--status", "scheduled"),
    "prospect-show-rich": ("prospect", "show", "{rich}"),
    "prospect-show-scheduled": ("prospect", "show", "{scheduled}"),
    "prospect-show-new": ("prospect", "show", "{new}"),
    "prospect-show-json": ("prospect", "show", "{rich}", "--json"),
    "prospect-show-missing": ("prospect", "show", "nobody-by-this-name"),
    "thanks": ("thanks",),
    "questions-pick": ("questions", "pick", "{thanked}", "--seed", "1", "--no-save"),
    "questions-pick-json": ("questions", "pick", "{rich}", "--seed", "1", "--no-save", "--json"),
    "questions-pick-new": ("questions", "pick", "{new}", "--seed", "1", "--no-save"),
    "outreach-list": ("outreach", "list"),
    "report": ("report",),
    "report-json": ("report", "--json"),
    "interview-show": ("interview", "show", "{rich}"),
    "interview-show-cancelled": ("interview", "show", "{cancelled}"),
    "interview-show-json": ("interview", "show", "{rich}", "--json"),
}


def test_the_workspace_has_every_stage(bench_home: Path) -> None:
    """The goldens below are worth something only if the workspace holds every case."""
    people = _records(bench_home, "prospects.json", "prospects")
    interviews = _records(bench_home, "interviews.json", "interviews")
    assert {p["status"] for p in people} == {
        "new", "contacted", "replied", "scheduled", "interviewed", "thanked", "declined",
        "no-response",
    }  # fmt: skip
    assert {i["state"] for i in interviews} == {"scheduled", "held", "cancelled"}
    assert any(p.get("referred_by") for p in people)
    assert any(i.get("referrals") for i in interviews)
    assert _records(bench_home, "plans.json", "plans")
    assert _records(bench_home, "contacts.json", "contacts")
    assert json.loads((bench_home / "settings.json").read_bytes())["holidays"]
    assert len(set(pick_people(bench_home).values())) == 5


@pytest.mark.parametrize("name", sorted(READS))
def test_a_read_prints_what_it_printed(name: str, bench_home: Path, home: Path) -> None:
    copy_world(bench_home, home)
    who = pick_people(home)
    args = tuple(a.format(**who) for a in READS[name])
    same_as_golden(f"{name}.txt", run(Cli(Clock(NOW)), *args, expect=None))


def test_at_a_terminal_too(bench_home: Path, home: Path) -> None:
    copy_world(bench_home, home)
    cli = Cli(Clock(NOW))
    for name, args in {"next": ("next",), "prospect-list": ("prospect", "list")}.items():
        before = snapshot(home)
        result = cli(*args, env={"COLUMNS": "120"}, terminal=True)
        made = transcript(args, result.exit_code, result.stdout_bytes, result.stderr_bytes)
        same_as_golden(f"terminal-{name}.txt", made + b"\n" + writes(before, snapshot(home)))


# --- what a write leaves ---------------------------------------------------------------

WRITES: list[tuple[str, ...]] = [
    (
        "prospect", "add", "Maria X", "--relation", "neighbor", "--field", "Social Work",
        "--field", "nursing", "--email", "Maria.X@Example.ORG", "--phone", " (555) 010-2030 ",
        "--linkedin", "linkedin.com/in/maria-x", "--tag", "church", "--note", "Met at the fair",
    ),
    ("questions", "pick", "maria-x", "--seed", "1"),
    ("outreach", "sent", "maria-x", "--channel", "email"),
]  # fmt: skip


def test_a_write_leaves_the_same_files(small_home: Path, home: Path) -> None:
    copy_world(small_home, home)
    clock = Clock(NOW)
    cli = Cli(clock)
    before = snapshot(home)
    printed = b""
    for args in WRITES:
        printed += run(cli, *args)
        clock.advance(minutes=5)
    same_as_golden("write-commands.txt", printed)
    after = snapshot(home)
    changed = sorted(n for n in after if before.get(n) != after[n])
    assert {"prospects.json", "plans.json", "outreach.json"} <= set(changed)
    for name in changed:
        same_as_golden(f"written/{name.replace('/', '--')}", settled(name, after[name]))


# --- files the validators tidy, refuse, or upgrade -------------------------------------


def _tidied(data: dict[str, Any]) -> None:
    """Values every validator changes on load (what a hand edit leaves)."""
    people = data["prospects"]
    people[0].update(
        name="  Maria\u00a0 Tidy  ",
        role=" Nurse\u2003practitioner ",
        fields=["Social Work, nursing", "social work", " "],
        tags=["School", "school", "summer-job,church"],
        phone=" 555-0100 ",
        linkedin="linkedin.com/in/maria-tidy",
        notes="  a note\r\nover two lines  ",
    )
    people[1].update(organization="\u00a0Mercy Hospital\u00a0", email=None, phone="")


def _bad_phone(data: dict[str, Any]) -> None:
    data["prospects"][len(data["prospects"]) // 2]["phone"] = "call me maybe"


def _newer(data: dict[str, Any]) -> None:
    data["schema_version"] = 99


def _no_version(data: dict[str, Any]) -> None:
    data.pop("schema_version", None)


EDITS: dict[str, Callable[[dict[str, Any]], None]] = {
    "tidied": _tidied,
    "bad-phone": _bad_phone,
    "newer": _newer,
    "no-version": _no_version,
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_hand_edited_file_reads_as_before(edit: str, small_home: Path, home: Path) -> None:
    copy_world(small_home, home)
    path = home / "prospects.json"
    data = json.loads(path.read_bytes())
    EDITS[edit](data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    cli = Cli(Clock(NOW))
    first = data["prospects"][0]["id"]
    printed = b"".join(
        run(cli, *args, expect=None)
        for args in [
            ("prospect", "list", "--json"),
            ("prospect", "show", first),
            ("next", "--json"),
            ("prospect", "list"),
        ]
    )
    same_as_golden(f"edited-{edit}.txt", printed)
