#!/usr/bin/env python3
"""How fast infoview's common commands are, as whole processes, on workspaces of every size.

    python bench/run.py                          # 100, 1,000, 10,000 and 100,000 people
    python bench/run.py --sizes 100,1000 --runs 3
    python bench/run.py --sizes 100000 --only next,"prospect list --json",thanks

For each size it writes a workspace of that many people into a temp folder (seeded, so
every run sees the same people): prospects with contact details, fields, tags and notes,
referrals between them, outreach with follow-ups and replies, interviews scheduled, held
(answers, notes, referrals, interest) and thanked, question plans, stay-in-touch contacts
and a few holidays, written through infoview's own models so they are valid, and a
10,000-row CSV to import. Then it runs each command several times as a separate process
(``prospect list (terminal)`` with a pseudo-terminal as its output, the others piped),
interleaved in the same rounds (in a new seeded order each round) with the baselines:
``python -c pass``, a minimal Typer app with one command, and a "bare script" that only
reads and validates the same files with infoview's models. A command that changes the
workspace has its files put back after each run. At 100,000 people only ``next`` and
``prospect list --json`` run, three times (``--every`` runs everything), so that the
default run stays under ten minutes.

It prints, per size, the median wall time of each command, its ratio to the minimal
Typer app (and to the bare script, or to the app's own --help, where that is the
yardstick), the median CPU time, and the peak memory (max RSS) of the process, also as a
multiple of the workspace's size on disk; then the targets of issue 18 (at 1,000 and
100,000 people), each with its measured ratio and "met" or "not met", and whether the
commands ran on cached bytecode (exit 1 if not, or if a command failed). Times depend
on the machine and on whatever else it is doing: compare ratios measured in the same
run, not absolute times across machines. Only the standard library and infoview are needed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

SIZES = (100, 1_000, 10_000, 100_000)
# From this size on each command takes seconds: at most BIG_RUNS runs, and only the
# commands with a target there (BIG_COMMANDS) unless --every or --only says otherwise.
BIG = 100_000
BIG_RUNS = 3
BIG_COMMANDS = ("next", "prospect list --json")
IMPORT_ROWS = 10_000
SEED = 2026

# The minimal Typer app every command is compared with: one command, one option.
MINIMAL_TYPER_APP = '''\
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    typer.echo(f"hello {name}")


if __name__ == "__main__":
    app()
'''

# The least work a command that reads the workspace can do: read each file and validate
# it with infoview's models (pydantic parses the JSON itself, the fastest way it has).
BARE_SCRIPT = """\
import sys
from pathlib import Path

MODELS = {
    "prospects.json": ("infoview.model.people", "ProspectsFile"),
    "interviews.json": ("infoview.model.interviews", "InterviewsFile"),
    "outreach.json": ("infoview.model.outreach", "OutreachFile"),
    "settings.json": ("infoview.model.outreach", "SettingsFile"),
    "plans.json": ("infoview.model.plans", "PlansFile"),
    "contacts.json": ("infoview.model.contacts", "ContactsFile"),
}
home = Path(sys.argv[1])
for name in sys.argv[2:]:
    module, model = MODELS[name]
    cls = getattr(__import__(module, fromlist=[model]), model)
    cls.model_validate_json((home / name).read_bytes(), context={"stored": True})
"""

# What `infoview next` reads.
NEXT_FILES = (
    "prospects.json",
    "interviews.json",
    "outreach.json",
    "settings.json",
    "plans.json",
    "contacts.json",
)


def _words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


FIRST = _words(
    "Maria Ana José Dev Sam Kim Lee Priya Omar Chloé Noah Aisha Lucas Mei Diego Fatima Ethan "
    "Sofia Liam Zoë Mateo Hana Yusuf Grace Ravi Elena Tomás Nia Jonas Leila Björn Amara"
)
LAST = _words(
    "Lopez Patel Lee García Nguyen Smith Okafor Müller Kim Rossi Haddad Cohen Silva Tanaka "
    "Johnson Novak Mensah Dubois Singh O'Brien Kowalski Andersen Fernández Ito Brown Ali"
)
ORG_WORDS = _words(
    "Mercy Lincoln Riverside Oak Summit Harbor Valley Cedar Northside Unity Maple Bridge"
)
ORG_KINDS = _words(
    "Hospital|High School|Clinic|Community College|Law Group|Design Studio|Engineering|"
    "Public Library|Credit Union|Family Services|Elementary|Animal Hospital|Fire Department|"
    "Architects|Labs|Newsroom",
    "|",
)
ROLES = _words(
    "Clinical social worker|School psychologist|Nurse practitioner|Civil engineer|"
    "Graphic designer|Paralegal|Librarian|Software developer|Physical therapist|Electrician|"
    "Veterinary technician|Reporter|Teacher|Counselor|Architect|Lab technician|Firefighter",
    "|",
)
FIELDS = _words(
    "social work|psychology|nursing|engineering|design|law|education|software|"
    "physical therapy|skilled trades|veterinary medicine|journalism|counseling|architecture|"
    "biology|public service",
    "|",
)
TAGS = _words("school church soccer summer-job robotics volunteer mom's-work")
WORDS = _words(
    "the first year was hard but the people made it worth it and every day brings a new "
    "case to solve with patience curiosity and a lot of coffee ask questions early find a "
    "mentor write things down take the internship even if it pays little the training "
    "never really stops and that is the part I love most about this work"
)
RELATIONS = (
    ["family"] * 3
    + ["family-friend"] * 3
    + ["neighbor"] * 2
    + ["teacher"] * 2
    + ["friend"] * 2
    + ["alumni", "coworker", "other"]
)
# Where people stand in a workspace that has been used for a while.
STATUSES = (
    ["new"] * 50
    + ["contacted"] * 18
    + ["replied"] * 4
    + ["scheduled"] * 5
    + ["interviewed"] * 4
    + ["thanked"] * 12
    + ["declined"] * 2
    + ["no-response"] * 5
)


# --- generating a workspace ------------------------------------------------------------


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _write(home: Path, name: str, model: Any) -> int:
    from infoview.store.document import encode

    data = encode(model)
    path = home / name
    path.write_bytes(data)
    os.chmod(path, 0o600)
    return len(data)


def generate(home: Path, people: int, now: datetime, seed: int = SEED) -> int:
    """Write a workspace of ``people`` prospects into ``home``; return its size in bytes."""
    from infoview.model.contacts import ContactsFile
    from infoview.model.interviews import InterviewsFile
    from infoview.model.outreach import OutreachFile, SettingsFile
    from infoview.model.people import ProfileFile, ProspectsFile
    from infoview.model.plans import PlansFile
    from infoview.rules.bank import load_bank
    from infoview.rules.people import new_id

    rng = random.Random(seed)
    home.mkdir(parents=True, mode=0o700)
    (home / "backups").mkdir(mode=0o700)
    question_ids = [q.id for q in load_bank(None).questions]
    orgs = [f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_KINDS)}" for _ in range(max(10, people // 4))]
    taken: set[str] = set()
    prospects: list[dict[str, Any]] = []
    outreach: list[dict[str, Any]] = []
    interviews: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    contacts: list[dict[str, Any]] = []
    referred: dict[str, list[str]] = {}
    day = timedelta(days=1)
    for n in range(people):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        pid = new_id(name, taken)
        taken.add(pid)
        created = now - timedelta(days=rng.uniform(30, 700))
        status = rng.choice(STATUSES)
        relation = rng.choice(RELATIONS)
        p: dict[str, Any] = {
            "id": pid,
            "name": name,
            "role": rng.choice(ROLES),
            "organization": rng.choice(orgs),
            "fields": rng.sample(FIELDS, rng.randint(1, 2)),
            "relation": relation,
            "priority": rng.choice([0, 1, 1, 1, 2, 2, 3]),
            "status": status,
            "cadence_days": rng.choice([90, 90, 90, 60, 180, None]),
            "created_at": _stamp(created),
            "updated_at": _stamp(created + day * rng.uniform(0, 20)),
        }
        if rng.random() < 0.7:
            p["email"] = f"{pid}@example.org"
        if rng.random() < 0.4:
            p["phone"] = f"555-{rng.randint(0, 9999):04d}"
        if rng.random() < 0.3:
            p["linkedin"] = f"https://www.linkedin.com/in/{pid}"
        if rng.random() < 0.4:
            p["tags"] = rng.sample(TAGS, rng.randint(1, 2))
        if rng.random() < 0.3:
            p["notes"] = "\n".join(_sentence(rng, 6, 25) for _ in range(rng.randint(1, 3)))
        if n > 10 and rng.random() < 0.12:
            referrer = prospects[rng.randrange(n)]["id"]
            p["relation"] = "referral"
            p["referred_by"] = referrer
            referred.setdefault(referrer, []).append(pid)
        prospects.append(p)
        if status == "new":
            continue

        # Outreach: recent for people still waiting, further back for the rest.
        waiting = status in ("contacted", "no-response")
        sent = now - day * (rng.uniform(0, 25) if waiting else rng.uniform(20, 400))
        record: dict[str, Any] = {
            "person": pid,
            "channel": rng.choice(["email", "email", "text", "linkedin", "phone"]),
            "sent_at": _stamp(sent),
        }
        follow_ups = rng.randint(0, 2) if waiting else rng.choice([0, 0, 1])
        if status == "no-response":
            follow_ups = 2
        record["follow_ups"] = [_stamp(sent + day * 8 * (k + 1)) for k in range(follow_ups)]
        record["follow_ups"] = [f for f in record["follow_ups"] if f <= _stamp(now)]
        if not waiting:
            record["replied_at"] = _stamp(sent + day * rng.uniform(0.2, 6))
            record["declined"] = status == "declined"
        outreach.append(record)
        if status in ("contacted", "replied", "declined", "no-response"):
            continue

        # Interviews: scheduled ahead, or held (and maybe thanked) before.
        if status == "scheduled":
            at = now + day * rng.uniform(0.1, 14)
            interviews.append(_interview(rng, f"{pid}-1", pid, "scheduled", at, question_ids))
        else:
            held = (
                now - day * rng.uniform(0.2, 4)
                if status == "interviewed"
                else now - day * rng.uniform(5, 300)
            )
            number = 1
            if rng.random() < 0.1:  # an earlier date that fell through
                early = held - day * 7
                interviews.append(
                    _interview(rng, f"{pid}-1", pid, "cancelled", early, question_ids)
                )
                number = 2
            interview = _interview(rng, f"{pid}-{number}", pid, "held", held, question_ids)
            if status == "thanked":
                thanked = held + day * rng.uniform(0.3, 2)
                interview["thanked_at"] = _stamp(thanked)
                interview["thanks_channel"] = rng.choice(["email", "card", "text"])
                for k in range(rng.randint(0, 3)):
                    contacts.append(
                        {
                            "person": pid,
                            "at": _stamp(min(now, thanked + day * 60 * (k + 1))),
                            "channel": rng.choice(["email", "text", "in-person", "card"]),
                            "note": _sentence(rng, 5, 15),
                        }
                    )
            interviews.append(interview)
        if status in ("scheduled", "interviewed") or rng.random() < 0.3:
            plans.append(
                {
                    "person": pid,
                    "minutes": rng.choice([20, 30, 30, 45, 60]),
                    "questions": rng.sample(question_ids, rng.randint(10, 16)),
                    "seed": rng.choice([None, rng.randint(1, 999)]),
                    "created_at": _stamp(created + day),
                }
            )

    # The people someone referred come after them, so their names go into the interview
    # once everyone is written.
    for interview in interviews:
        if interview["state"] == "held":
            interview["referrals"] = referred.get(interview["person"], [])[:3]

    files = {
        "profile.json": ProfileFile.model_validate(
            {
                "profile": {
                    "name": "Ana Ruiz",
                    "school": "Lincoln High",
                    "year": "junior",
                    "email": "ana@example.com",
                    "interests": ["psychology", "social work"],
                    "updated_at": _stamp(now - day * 400),
                }
            }
        ),
        "prospects.json": ProspectsFile.model_validate({"prospects": prospects}),
        "outreach.json": OutreachFile.model_validate({"records": outreach}),
        "interviews.json": InterviewsFile.model_validate({"interviews": interviews}),
        "plans.json": PlansFile.model_validate({"plans": plans}),
        "contacts.json": ContactsFile.model_validate({"contacts": contacts}),
        "settings.json": SettingsFile.model_validate(
            {"holidays": [f"{now.year}-12-25", f"{now.year}-12-26", f"{now.year + 1}-01-01"]}
        ),
    }
    return sum(_write(home, name, model) for name, model in files.items())


def _interview(
    rng: random.Random, iid: str, pid: str, state: str, at: datetime, question_ids: list[str]
) -> dict[str, Any]:
    asked = rng.sample(question_ids, rng.randint(10, 15))
    interview: dict[str, Any] = {
        "id": iid,
        "person": pid,
        "state": state,
        "scheduled_at": _stamp(at),
        "minutes": rng.choice([20, 30, 30, 45, 60]),
        "mode": rng.choice(["in-person", "video", "phone"]),
        "where": rng.choice(["", "the hospital cafeteria", "Zoom", "the public library"]),
        "uid": f"interview-{pid}-{rng.getrandbits(48):012x}@infoview",
        "questions": asked,
    }
    if state == "held":
        interview["held_at"] = _stamp(at)
        interview["logged_at"] = _stamp(at + timedelta(hours=2))
        interview["answers"] = [
            {"question": q, "text": _sentence(rng, 15, 70), "starred": rng.random() < 0.15}
            for q in asked[: rng.randint(5, len(asked))]
        ]
        interview["notes"] = [_sentence(rng, 8, 30) for _ in range(rng.randint(1, 3))]
        interview["interest"] = rng.randint(1, 5)
    return interview


def import_csv(path: Path, rows: int, existing: Path, seed: int = SEED + 1) -> None:
    """A spreadsheet of ``rows`` people: mostly new, some already listed, a few unusable."""
    import csv
    import io

    from infoview.model.people import ProspectsFile

    rng = random.Random(seed)
    listed = ProspectsFile.model_validate_json(existing.read_bytes()).prospects
    with_email = [p for p in listed if p.email]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Name", "Email", "Phone", "Company", "Title", "Relation", "Tags", "Notes"])
    for n in range(rows):
        roll = rng.random()
        if roll < 0.1 and with_email:  # already listed: matched by email
            p = rng.choice(with_email)
            writer.writerow([p.name, p.email, "", p.organization, "", "", "imported", ""])
            continue
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}"
        email = f"contact{n}@example.net" if roll > 0.12 else "not an email"  # 2% skipped
        writer.writerow(
            [
                name,
                email,
                f"555-{rng.randint(0, 9999):04d}" if rng.random() < 0.5 else "",
                f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_KINDS)}",
                rng.choice(ROLES),
                rng.choice(["", "", "friend", "family-friend", "alumni"]),
                rng.choice(["", "contacts", "contacts,school"]),
                _sentence(rng, 0, 12) if rng.random() < 0.2 else "",
            ]
        )
    path.write_text(out.getvalue(), encoding="utf-8")


# --- running commands -------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One thing to time: its label, its command line, and what it changes."""

    label: str
    argv: tuple[str, ...]
    group: str = "infoview"  # infoview, baseline or bare
    restores: tuple[str, ...] = ()  # workspace files to put back after each run
    terminal: bool = False  # stdout is a terminal (rich output) instead of a pipe


@dataclass
class Sample:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def _drain(fd: int) -> None:
    with contextlib.suppress(OSError):
        while os.read(fd, 65536):
            pass


def run_once(
    argv: Sequence[str], env: dict[str, str], *, terminal: bool
) -> tuple[float, Any, int, str]:
    """Run a command to the end; (wall seconds, its rusage, exit code, the end of stderr)."""
    with tempfile.TemporaryFile() as err:
        reader = None
        if terminal:
            import fcntl
            import pty
            import struct
            import termios

            master, slave = pty.openpty()
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 120, 0, 0))
            out: Any = slave
            reader = threading.Thread(target=_drain, args=(master,), daemon=True)
            reader.start()
        else:
            out = subprocess.DEVNULL
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if terminal:
            os.close(slave)
            assert reader is not None
            reader.join(timeout=10)
            os.close(master)
        err.seek(0)
        tail = err.read()[-400:].decode("utf-8", "replace").strip()
    return wall, usage, proc.returncode, tail


def child_env(home: Path, pycache: Path) -> dict[str, str]:
    """The commands' environment: this workspace, a terminal type, and compiled modules.

    An installed infoview has its modules compiled (pip does it); a source checkout
    run with PYTHONDONTWRITEBYTECODE compiles them on every start, which would be
    timed too. So the commands keep their bytecode in a temp folder of their own.
    """
    env = dict(os.environ, INFOVIEW_HOME=str(home), TERM="xterm-256color", COLUMNS="120")
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    for name in ("NO_COLOR", "INFOVIEW_DEBUG", "INFOVIEW_BANK", "FORCE_COLOR"):
        env.pop(name, None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def infoview_command() -> list[str]:
    """The installed ``infoview`` script next to this Python, else ``python -m infoview``."""
    script = Path(sys.executable).parent / "infoview"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "infoview"]


def cases_for(tools: Path, home: Path, csv_path: Path, person: str) -> list[Case]:
    py = sys.executable
    iv = tuple(infoview_command())
    return [
        Case("python -c pass", (py, "-c", "pass"), group="baseline"),
        Case("minimal Typer app", (py, str(tools / "typer_app.py"), "--name", "x"), "baseline"),
        Case("minimal Typer app --help", (py, str(tools / "typer_app.py"), "--help"), "baseline"),
        Case(
            "bare: read+validate next's files",
            (py, str(tools / "bare.py"), str(home), *NEXT_FILES),
            group="bare",
        ),
        Case(
            "bare: read+validate prospects.json",
            (py, str(tools / "bare.py"), str(home), "prospects.json"),
            group="bare",
        ),
        Case("--help", (*iv, "--help")),
        Case("next", (*iv, "next")),
        Case("prospect list", (*iv, "prospect", "list")),
        Case("prospect list (terminal)", (*iv, "prospect", "list"), terminal=True),
        Case("prospect list --json", (*iv, "prospect", "list", "--json")),
        Case("prospect show", (*iv, "prospect", "show", person)),
        Case(
            "prospect add",
            (*iv, "prospect", "add", "Bench Person", "--relation", "friend", "--field", "law"),
            restores=("prospects.json",),
        ),
        Case(
            "questions pick",
            (*iv, "questions", "pick", person, "--seed", "7"),
            restores=("plans.json",),
        ),
        Case("thanks", (*iv, "thanks")),
        Case(
            f"prospect import ({IMPORT_ROWS:,} rows)",
            (*iv, "prospect", "import", str(csv_path)),
            restores=("prospects.json",),
        ),
    ]


@contextlib.contextmanager
def saved(home: Path, names: Sequence[str], keep: Path) -> Iterator[None]:
    """Put ``names`` back as they were once the block ends (the backups folder too)."""
    for name in names:
        shutil.copy2(home / name, keep / name)
    try:
        yield
    finally:
        for name in names:
            shutil.copy2(keep / name, home / name)
            (home / "backups" / name).unlink(missing_ok=True)


def measure(
    cases: Sequence[Case], home: Path, runs: int, keep: Path, pycache: Path, warmed: set[str]
) -> dict[str, Sample]:
    """Time each case ``runs`` times, interleaved in a shuffled order each round; a case
    not in ``warmed`` runs once first, not counted, so that no timed run compiles
    bytecode (then it is added)."""
    env = child_env(home, pycache)
    samples = {c.label: Sample() for c in cases}
    for case in cases:
        if case.label not in warmed:
            with saved(home, case.restores, keep):
                run_once(case.argv, env, terminal=case.terminal)
            warmed.add(case.label)
    order = list(cases)
    shuffler = random.Random(SEED)
    for _ in range(runs):
        # Interleaved, in a new order each round (seeded): load on the machine, even load
        # that comes and goes at a steady pace, falls on every command alike.
        shuffler.shuffle(order)
        for case in order:
            with saved(home, case.restores, keep):
                wall, usage, code, tail = run_once(case.argv, env, terminal=case.terminal)
            s = samples[case.label]
            if code != 0:
                s.failures.append(f"exit {code}: {tail}")
                continue
            s.wall.append(wall)
            s.cpu.append(usage.ru_utime + usage.ru_stime)
            s.rss_kib.append(usage.ru_maxrss)  # KiB on Linux
    return samples


# --- reporting ----------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def _mib(kib: float) -> str:
    return f"{kib / 1024:,.0f} MiB"


def table(
    size: int, disk: int, cases: Sequence[Case], samples: dict[str, Sample]
) -> list[dict[str, Any]]:
    """Print one size's table; return its rows for --json."""
    typer_median = statistics.median(samples["minimal Typer app"].wall)
    help_median = statistics.median(samples["minimal Typer app --help"].wall)
    bare = {
        "next": "bare: read+validate next's files",
        "prospect list --json": "bare: read+validate prospects.json",
    }
    print(f"\n{size:,} people — workspace {disk / 1e6:,.1f} MB on disk")
    head = (
        f"{'command':<36} {'median':>10} {'× Typer':>8} {'× other':>16} {'cpu':>10} "
        f"{'peak RSS':>9} {'× disk':>7}"
    )
    print(head)
    print("-" * len(head))
    rows = []
    for case in cases:
        s = samples[case.label]
        if not s.wall:
            print(f"{case.label:<36} failed: {s.failures[0] if s.failures else '?'}")
            rows.append({"size": size, "command": case.label, "failed": s.failures})
            continue
        median = statistics.median(s.wall)
        other = ""
        if case.label == "--help":
            other = f"{median / help_median:.2f}× its --help"
        elif case.label in bare:
            other = f"{median / statistics.median(samples[bare[case.label]].wall):.2f}× bare"
        peak = max(s.rss_kib)
        print(
            f"{case.label:<36} {_ms(median):>10} {median / typer_median:>7.2f}× {other:>16} "
            f"{_ms(statistics.median(s.cpu)):>10} {_mib(peak):>9} {peak * 1024 / disk:>6.1f}×"
        )
        rows.append(
            {
                "size": size,
                "command": case.label,
                "median_s": median,
                "ratio_typer": median / typer_median,
                "other": other,
                "cpu_s": statistics.median(s.cpu),
                "peak_rss_kib": peak,
                "disk_bytes": disk,
                "runs": len(s.wall),
                "failures": s.failures,
            }
        )
    return rows


# --- the targets of issue 18 ------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A ratio a command should stay under: its median over a yardstick's, or its peak
    memory over the workspace's size on disk ("memory")."""

    size: int
    command: str
    limit: float
    against: str  # the yardstick's label, or "memory"


TYPER = "minimal Typer app"
TARGETS = (
    Target(1_000, "prospect list", 1.15, TYPER),
    Target(1_000, "prospect list (terminal)", 1.15, TYPER),  # the same, drawn for a person
    Target(1_000, "prospect show", 1.15, TYPER),
    Target(1_000, "thanks", 1.15, TYPER),
    Target(1_000, "prospect list --json", 1.25, TYPER),
    Target(1_000, "next", 1.3, TYPER),
    Target(1_000, "prospect add", 1.35, TYPER),
    Target(1_000, "questions pick", 1.35, TYPER),
    Target(1_000, "--help", 1.1, "minimal Typer app --help"),
    Target(100_000, "next", 1.2, "bare: read+validate next's files"),
    Target(100_000, "prospect list --json", 2.0, "bare: read+validate prospects.json"),
    Target(100_000, "next", 4.5, "memory"),
    Target(100_000, "prospect list --json", 4.5, "memory"),
)


def _yardstick(target: Target) -> str:
    if target.against == "memory":
        return "peak RSS ÷ workspace on disk"
    return "÷ " + target.against.replace("bare: ", "bare script ")


def check_targets(measured: dict[int, tuple[int, dict[str, Sample]]]) -> list[dict[str, Any]]:
    """Print each target with the ratio measured (medians in the same interleaved run;
    peak memory is the highest of the runs), and whether it is met; return the rows."""
    print("\ntargets (issue 18)")
    head = f"{'size':>8}  {'command':<26} {'measured':>9} {'target':>8}  {'yardstick':<44} verdict"
    print(head)
    print("-" * len(head))
    rows = []
    for t in TARGETS:
        ratio: float | None = None
        why = ""
        if t.size not in measured:
            why = f"not measured ({t.size:,} people not run: --sizes)"
        else:
            disk, samples = measured[t.size]
            s = samples.get(t.command)
            base = samples.get(t.against)
            if s is None or not s.wall:
                why = "not measured (" + ("failed" if s else "not run: --only") + ")"
            elif t.against == "memory":
                ratio = max(s.rss_kib) * 1024 / disk
            elif base is None or not base.wall:
                why = f"not measured ({t.against} failed)"
            else:
                ratio = statistics.median(s.wall) / statistics.median(base.wall)
        met = ratio is not None and ratio <= t.limit
        verdict = why or ("met" if met else "not met")
        shown = f"{ratio:.2f}×" if ratio is not None else "—"
        print(
            f"{t.size:>8,}  {t.command:<26} {shown:>9} {'≤ ' + f'{t.limit:g}×':>8}  "
            f"{_yardstick(t):<44} {verdict}"
        )
        rows.append(
            {
                "target": f"{t.command} at {t.size:,} people",
                "size": t.size,
                "command": t.command,
                "against": t.against,
                "limit": t.limit,
                "ratio": ratio,
                "met": met if ratio is not None else None,
                "verdict": verdict,
            }
        )
    return rows


def bytecode_state(pycache: Path, parent_env: dict[str, str]) -> tuple[str, int]:
    """Whether the timed commands ran on cached bytecode: how many of infoview's modules
    the warm-up compiled into the commands' own pycache folder."""
    compiled = sum(1 for p in pycache.rglob("*.pyc") if "infoview" in p.parts)
    said = ""
    if parent_env.get("PYTHONDONTWRITEBYTECODE"):
        said = "; PYTHONDONTWRITEBYTECODE is set here and was unset for the commands timed"
    if compiled:
        return f"cached ({compiled} infoview modules, compiled by the untimed runs{said})", compiled
    return f"NOT cached: no infoview module was compiled into {pycache}{said}", 0


def machine() -> str:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    cores = os.cpu_count() or 0
    return (
        f"{model or platform.processor() or platform.machine()}, {cores} cores{memory}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def generate_main(size: int, home: Path, csv_path: Path) -> None:
    """Run in a child process, so the benchmark itself stays small (see ``run_once``)."""
    disk = generate(home, size, datetime.now().astimezone())
    import_csv(csv_path, IMPORT_ROWS, home / "prospects.json")
    person = json.loads((home / "prospects.json").read_bytes())["prospects"][size // 2]["id"]
    print(json.dumps({"disk": disk, "person": person}))


def prepare(size: int, home: Path, csv_path: Path) -> tuple[int, str]:
    """Generate a workspace in a child process; (its size on disk, the id to show)."""
    if home.exists():
        shutil.rmtree(home)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--generate", str(size), str(home), str(csv_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    info = json.loads(done.stdout.splitlines()[-1])
    took = time.perf_counter() - started
    print(f"\ngenerated {size:,} people in {took:.1f} s ({home})", flush=True)
    return int(info["disk"]), str(info["person"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in SIZES),
        help="comma-separated numbers of people (default: %(default)s)",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=5,
        help=f"runs per command (default: 5; at most {BIG_RUNS} from {BIG:,} people on)",
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated command labels to run (the baselines always run), e.g. next",
    )
    parser.add_argument(
        "--every",
        action="store_true",
        help=f"run every command at every size (by default {BIG:,} people run only "
        + " and ".join(BIG_COMMANDS)
        + ")",
    )
    parser.add_argument("--keep", type=Path, help="keep the generated workspaces in this folder")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--generate", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate:
        size, home, csv_path = args.generate
        generate_main(int(size), Path(home), Path(csv_path))
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    only = {s.strip() for s in args.only.split(",") if s.strip()}

    print(f"infoview benchmark, {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine: {machine()}")
    print(f"infoview: {' '.join(infoview_command())}")
    print(
        "bytecode: every command runs once untimed first, compiling into a pycache folder "
        "of the bench's own (PYTHONDONTWRITEBYTECODE unset for them); checked at the end"
    )
    work = Path(tempfile.mkdtemp(prefix="infoview-bench-"))
    results: list[dict[str, Any]] = []
    measured: dict[int, tuple[int, dict[str, Sample]]] = {}
    warmed: set[str] = set()
    bytecode = ("not measured", 0)
    try:
        tools = work / "tools"
        tools.mkdir()
        (tools / "typer_app.py").write_text(MINIMAL_TYPER_APP, encoding="utf-8")
        (tools / "bare.py").write_text(BARE_SCRIPT, encoding="utf-8")
        for size in sizes:
            home = (args.keep or work) / f"workspace-{size}"
            csv_path = (args.keep or work) / f"import-{size}.csv"
            disk, person = prepare(size, home, csv_path)
            wanted = only or (set(BIG_COMMANDS) if size >= BIG and not args.every else set())
            cases = [
                c
                for c in cases_for(tools, home, csv_path, person)
                if c.group != "infoview" or not wanted or c.label in wanted
            ]
            keep = work / f"saved-{size}"
            keep.mkdir()
            runs = args.runs if size < BIG else max(1, min(args.runs, BIG_RUNS))
            samples = measure(cases, home, runs, keep, work / "pycache", warmed)
            results += table(size, disk, cases, samples)
            measured[size] = (disk, samples)
            sys.stdout.flush()
        bytecode = bytecode_state(work / "pycache", dict(os.environ))
        results += check_targets(measured)
        print(f"bytecode: {bytecode[0]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    # A child's peak memory counts the parent's pages it started from (fork), so the
    # figures are only right while this process is smaller than the smallest child.
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"\n(this benchmark process: {_mib(own)}; peak RSS below that would be overstated)")
    if args.json:
        results.append({"bytecode": bytecode[0], "bytecode_modules": bytecode[1]})
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if any(r.get("failed") for r in results) or not bytecode[1] else 0


if __name__ == "__main__":
    sys.exit(main())
