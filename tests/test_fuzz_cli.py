"""Fuzz every command: hostile arguments never give a traceback or a broken workspace.

Every command path and each of its options and arguments is read from the
Typer/click command tree (as tests/test_docs.py does), so a new command or
option is fuzzed without touching this file. For each, Hypothesis builds an
argument list that mixes values a student would type (known ids and names,
dates such as ``2026-12-03 15:30``, ``today``, ``+3d``, question ids, numbers
at and past their limits) with hostile ones: random Unicode, control
characters, bidi marks, 10,000-character strings, huge and negative numbers,
values that start with ``-``, and paths that do not exist, name a folder, go
through a file or are too long. Each run starts from a copy of one seeded
workspace (people, outreach, a plan, a scheduled and a held interview, a
thank-you, a contact, settings, a guide and an own template).

After every invocation:

* the exit code is 0, 1, 2 or 3 (70 is infoview's "internal error", a bug);
* there is no traceback and no "internal error" in the output, and no exception
  escaped the command;
* the workspace lock was never found busy (a command that locks twice);
* every workspace document still loads and validates, no temp file is left
  behind and every file stays private (0600).

The editor is a small script that does one of: nothing, fail, replace the text,
append to it or change one line of it, so the prospect and interview forms are
fuzzed too. Standard input is empty, a "y" or a few numbered answers. No NUL
character is ever put in an argument: a real command line cannot carry one
(execve ends every argument at the first NUL). Text is free of lone surrogates
except in arguments, where Python puts one for each byte that is not UTF-8
(``caf\\udce9``). Nothing is written outside the test's temp folder: commands run
with the current folder inside it, and every generated text that would lead
outside it as a path is kept inside.

The quick run (4 derandomized examples per command) runs with the suite; the
long one (10 random examples per command, or ``$INFOVIEW_FUZZ_EXAMPLES``) is
marked slow: ``pytest -m slow tests/test_fuzz_cli.py``. Failures print the
falsifying argument list, editor and input; ``--hypothesis-seed=N`` repeats a
random run.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import stat
import sys
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
import typer.testing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

from infoview.cli import app
from infoview.cli.env import AppEnv
from infoview.model.errors import ExitCode
from infoview.rules.bank import bundled_bank_path, load_bank_file
from infoview.rules.drafting import BUNDLED
from infoview.rules.prospect_form import FORM_KEYS
from infoview.store.document import BACKUP_FOLDER, decode
from infoview.store.registry import ALL_DOCUMENTS
from infoview.store.workspace import LOCK_FILE, TEMPLATE_FOLDER
from tests.helpers import NOW, Clock

DATA = Path(__file__).resolve().parent / "data" / "contacts"
ALLOWED_EXIT_CODES = {ExitCode.OK, ExitCode.BAD_INPUT, ExitCode.USAGE, ExitCode.DATA}
# Root options that must never be fuzzed: they write to the user's shell set-up.
NEVER = frozenset({"--install-completion", "--show-completion"})
LOCK_TIMEOUT = "3"  # seconds: a command that waits on its own lock shows up quickly

# --- the command tree ---------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One option or argument of a command, as the fuzzer needs to know it."""

    name: str  # the Python parameter name
    opts: tuple[str, ...]  # option strings; () for an argument
    secondary: tuple[str, ...]  # --no-save and the like
    flag: bool
    multiple: bool
    required: bool
    kind: type[Any]  # str, int, bool, Path, an Enum
    low: int | None
    high: int | None

    @property
    def argument(self) -> bool:
        return not self.opts


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]
    params: tuple[Param, ...]

    def __str__(self) -> str:
        return " ".join(self.path) or "(root)"


def _param(p: Any) -> Param:
    annotation = p.type_descriptor.annotation
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation)
    argument = p.param_type_name == "argument"
    return Param(
        name=p.name,
        opts=() if argument else tuple(p.opts),
        secondary=tuple(p.secondary_opts or ()),
        flag=bool(getattr(p, "is_flag", False)),
        multiple=bool(p.multiple),
        required=bool(p.required),
        kind=annotation if isinstance(annotation, type) else str,
        low=getattr(p, "min", None),
        high=getattr(p, "max", None),
    )


def discover() -> tuple[tuple[Param, ...], list[Command]]:
    """The root's own options, and every command that runs something, with its params.

    A group whose callback runs without a subcommand (``infoview thanks``) is a
    command too.
    """
    root = get_command(app)
    commands: list[Command] = []

    def walk(cmd: Any, path: tuple[str, ...]) -> None:
        subs = getattr(cmd, "commands", None) or {}
        if path and (not subs or getattr(cmd, "invoke_without_command", False)):
            commands.append(Command(path, tuple(_param(p) for p in cmd.params)))
        for name, sub in subs.items():
            walk(sub, (*path, name))

    walk(root, ())
    root_params = tuple(
        _param(p) for p in root.params if not set(p.opts) & NEVER and p.name != "version"
    )
    return root_params, commands


ROOT_PARAMS, COMMANDS = discover()
COMMAND_IDS = [str(c) for c in COMMANDS]

# --- what a student might type ------------------------------------------------

_BANK = load_bank_file(bundled_bank_path())
QUESTION_IDS = [*sorted(q.id for q in _BANK.questions)[:40], "favorite-love-most", "mine-x"]
CATEGORIES = sorted(c.id for c in _BANK.categories)

PEOPLE = [
    "maria-lopez",
    "maria",
    "MARÍA",
    "lopez",  # two Lopezes: ambiguous
    "dev",
    "Dev Patel",
    "sam-lee",
    "jose",
    "José García",
    "王伟",
    "wang",
    "kim",
    "nobody-here",
    "a",
]
DATES = [
    "2026-12-03 15:30",
    "2026-12-03",
    "2026-12-03T15:30:00.123456-05:00",
    "2026-11-25 09:30z",
    "today",
    "now",
    "yesterday",
    "tomorrow",
    "friday",
    "Mon",
    "+3d",
    "-2d",
    "+1w",
    "+0d",
    "-9999999d",
    "+9999999d",
    "+99999999d",
    "0001-01-01",
    "0001-01-01 00:00",
    "0001-01-01 00:00+14:00",
    "9999-12-31",
    "9999-12-31 23:59",
    "9999-12-31 23:59-23:59",
    "1970-01-01 00:00",
    "2026-02-30",
    "2026-12-03 25:00",
    "2026-12-03 15:30+24:00",
    "2026-13-01",
    "next week",
]
NUMBERS = [
    "0",
    "1",
    "3",
    "4",
    "5",
    "6",
    "19",
    "20",
    "30",
    "45",
    "60",
    "61",
    "240",
    "241",
    "600",
    "601",
    "-1",
    "-99999",
    str(2**31),
    str(2**63),
    str(10**30),
    "-" + str(10**30),
    "٣",  # an Arabic-Indic digit: int() reads it
    "3.5",
    "1e3",
    "0x10",
    " 5 ",
    "",
    "five",
]
# Known values for options whose name says what they take (anything else gets text).
BY_NAME: dict[str, list[str]] = {
    "person": PEOPLE,
    "referred_by": PEOPLE,
    "at": DATES,
    "on": DATES,
    "channel": ["email", "text", "linkedin", "phone", "in-person", "card", "other", "EMAIL", "fax"],
    "style": ["student", "brief", "Brief", "long"],
    "fmt": ["csv", "json", "vcard", "md", "html", "auto", "linkedin", " CSV ", "pdf", ""],
    "category": [*CATEGORIES[:6], "referrals", "Story", "nope"],
    "phase": ["opening", "core", "closing", "middle"],
    "cadence": ["14d", "30d", "60d", "90d", "180d", "none", "off", "45d", "0", "-1d", "9" * 30],
    "email": ["a@example.org", "zoë@exämple.org", "not-an-email", "a@b", "@", "a" * 300 + "@x.org"],
    "phone": ["555-0142", "+1 (555) 010-0100 x12", "12", "٥٥٥-٠١٤٢", "call me", "1" * 50],
    "linkedin": [
        "https://www.linkedin.com/in/someone",
        "linkedin.com/in/someone",
        "http://evil.example.com",
        "https://[::1",
        "https://linkedin.com:99999/in/x",
        "javascript:alert(1)",
    ],
    "link": ["https://meet.example.com/abc", "http://", "ftp://x.example", "https://a b", "x"],
    "where": ["Mercy Hospital cafeteria", "Café 中 😀", "x" * 301],
    "answer": [
        "favorite-love-most=*No two days are the same",
        "favorite-love-most=",
        "=text",
        "no-such-question=text",
        "favorite-love-most=" + "y" * 10_001,
        "favorite-love-most=line one\nline two",
    ],
    "referral": [
        "Sam Okafor, psychiatrist @ St. Mary's",
        "Maria Lopez",
        "Dev Patel, teacher",
        "@ nowhere",
        ", role only",
        "Kim Ng",
    ],
    "include": QUESTION_IDS,
    "exclude": QUESTION_IDS,
    "question_id": QUESTION_IDS,
    "query": ["love most", "favorite-love-most", "", "zzz"],
    "field": ["psychiatry", "social work", "psychology", "nursing", "vet", "law", "zzz"],
    "near": ["psychiatry", "social work", "nothing-like-it"],
    "interests": ["psychology", "a, b, c", "x" * 61],
    "tag": ["school", "a;b", "mine", "x" * 61],
    "relation": ["family", "neighbor", "NEIGHBOR", "enemy"],
    "status": ["new", "contacted", "no-response", "gone"],
    "mode": ["in-person", "video", "phone", "carrier pigeon"],
    "text": [
        "What surprised you most about your first year?",
        "Do you like your job?",
        "What do you do and why and how?",
        "?",
    ],
    "note": ["Loves the variety", "line one\nline two", "*quoted", "n" * 20_001],
    "name": ["Maria Lopez", "Ana Ruiz", "Nobody New", "王伟", "José  García"],
}
# Parameters that name a file or folder to read or write.
PATH_NAMES = frozenset(
    {"output", "html_file", "eml", "ics", "keep", "file", "source", "bank", "home"}
)
# Files and folders each run finds in its current folder (see make_sandbox).
SANDBOX_FILES = [
    "backup.zip",
    "tampered.zip",
    "not-a-zip.zip",
    "export.vcf",
    "export.csv",
    "export.json",
    "Connections.csv",
    "iphone.vcf",
    "android21.vcf",
    "garbage.bin",
    "latin1.txt",
    "empty.txt",
    "note.txt",
    "bank.yaml",
    "broken-bank.yaml",
    "folder",
    "folder/",
    "file.txt",
    "empty-folder",
]
NEW_PATHS = [
    "out.csv",
    "out.json",
    "out.vcf",
    "out.ics",
    "out.eml",
    "out.html",
    "out.md",
    "new-folder/",
    "new-home",
    "missing/dir/out.csv",
    "file.txt/inside.ics",  # a path through a file
    "x" * 300,  # a name longer than any file system allows
    "a/" * 40 + "deep.ics",
    "é 中 😀 \u202e.ics",
    "tab\there.ics",
    "line\nbreak.ics",
    " ",
    ".",
    "-",
    "--",
    "-o",
]


def hostile_text(max_size: int = 30, *, argv: bool = True) -> st.SearchStrategy[str]:
    """Hostile text; with ``argv``, also what Python makes of a command-line byte that
    is not UTF-8 (a lone surrogate such as '\\udcff'), which no file or input holds."""
    pieces = st.sampled_from(
        [
            *(["\udcff", "caf\udce9"] if argv else []),
            "\x1b[31m",
            "\x07",
            "\x7f",
            "\t",
            "\n",
            "\r\n",
            "\r",
            "\x0b",
            "\x85",
            "\u2028",
            "\u2029",
            "\u202e",
            "\u200f",
            "\u200b",
            "\u200d",
            "\ufeff",
            "\u00a0",
            "\u3000",
            "\u0301",
            "İ",
            "ß",
            "ǅ",
            "中文",
            "😀",
            "\U0001f3f3\ufe0f\u200d\U0001f308",
            "'",
            '"',
            "\\",
            "\\N",
            "$(id)",
            "`",
            "; ",
            ",",
            "=",
            "@",
            "*",
            "%s",
            "{}",
            "{name}",
            "<b>",
            "&amp;",
            "..",
            "/",
            "#",
            "## ",
            "- ",
            "--",
            ":",
        ]
    )
    return st.one_of(
        st.text(
            st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=max_size
        ),
        st.lists(st.one_of(pieces, st.text(max_size=4)), max_size=8).map("".join),
        st.builds(
            lambda piece, n: piece * n,
            st.sampled_from(["a", "é", "中", "😀", "ab ", "\n", "-"]),
            st.sampled_from([61, 201, 301, 1_001, 10_001, 20_001]),
        ),
        st.sampled_from(["", " ", "-", "--", "-x", "--json", "--help", "-h", "--yes"]),
    ).map(lambda s: s.replace("\x00", ""))


@dataclass(frozen=True)
class Sandbox:
    """The folder each run works in (its current folder), and the workspace in it."""

    root: Path  # the current folder of every run
    home: Path  # the seeded workspace ($INFOVIEW_HOME)

    def contain(self, value: str) -> str:
        """``value`` unless, taken as a path, it would lead outside the temp folder."""
        candidates = [value, "x" + value, "x"]
        for text in candidates:
            expanded = os.path.expanduser(text)
            target = os.path.normpath(os.path.join(self.root, expanded))
            if target == str(self.root.parent) or target.startswith(str(self.root.parent) + os.sep):
                return text
        return "x"


def path_values(box: Sandbox) -> st.SearchStrategy[str]:
    known = st.sampled_from(SANDBOX_FILES + NEW_PATHS)
    return st.one_of(
        known,
        known.map(lambda p: str(box.root / p)),
        st.just(str(box.home)),
        hostile_text(),
    )


def value_for(param: Param, box: Sandbox) -> st.SearchStrategy[str]:
    """Text for one value of ``param``: mostly plausible, often hostile."""
    if param.name in PATH_NAMES or param.kind is Path:
        typed = path_values(box)
    elif isinstance(param.kind, type) and issubclass(param.kind, Enum):
        values = [str(m.value) for m in param.kind]
        typed = st.sampled_from([*values, values[0].upper(), "nope"])
    elif param.kind is int:
        bounds = [str(v + d) for v in (param.low, param.high) if v is not None for d in (-1, 0, 1)]
        typed = st.one_of(
            st.sampled_from(NUMBERS + bounds),
            st.integers(-(10**6), 10**6).map(str),
        )
    elif param.name in BY_NAME:
        typed = st.sampled_from(BY_NAME[param.name])
    else:
        typed = st.sampled_from(["Some words", "x", "12"])
    return st.one_of(typed, typed, hostile_text()).map(box.contain)


@st.composite
def arguments(draw: st.DrawFn, command: Command, box: Sandbox) -> list[str]:
    """An argument list for ``command``: root options, the path, options, then arguments."""
    argv: list[str] = []
    for param in ROOT_PARAMS:
        if draw(st.integers(0, 9)) == 0:
            argv += [param.opts[0], draw(value_for(param, box))]
    argv += list(command.path)
    options: list[list[str]] = []
    positionals: list[str] = []
    for param in command.params:
        if param.argument:
            if param.required and draw(st.integers(0, 19)) == 0:
                continue  # a missing argument: a usage error
            if param.required or draw(st.booleans()):
                positionals.append(draw(value_for(param, box)))
            continue
        if param.flag:
            choice = draw(st.sampled_from([None, *param.opts, *param.secondary]))
            if choice is not None:
                options.append([choice])
            continue
        repeats = draw(st.integers(0, 3 if param.multiple else 1))
        if param.required:
            repeats = max(repeats, 0 if draw(st.integers(0, 19)) == 0 else 1)
        for _ in range(repeats):
            opt = draw(st.sampled_from(param.opts))
            value = draw(value_for(param, box))
            if opt.startswith("--") and draw(st.integers(0, 4)) == 0:
                options.append([f"{opt}={value}"])
            else:
                options.append([opt, value])
    if draw(st.integers(0, 14)) == 0:
        options.append([draw(st.sampled_from(["--bogus", "-Z", "--json=maybe"]))])
    if draw(st.integers(0, 14)) == 0:
        positionals.append(draw(hostile_text().map(box.contain)))
    for option in draw(st.permutations(options)):
        argv += option
    if positionals and draw(st.integers(0, 3)) == 0:
        argv.append("--")
    return argv + positionals


# --- the editor and standard input --------------------------------------------

EDITOR_SCRIPT = """\
import json, sys
spec = json.load(open(sys.argv[1], encoding="utf-8"))
path = sys.argv[2]
with open(path, encoding="utf-8") as handle:
    text = handle.read()
mode, payload = spec["mode"], spec["text"]
if mode == "replace":
    text = payload
elif mode == "append":
    text = text + payload
elif mode == "line":
    lines = text.split("\\n")
    lines[spec["line"] % len(lines)] = payload
    text = "\\n".join(lines)
if mode == "bytes":
    with open(path, "wb") as handle:
        handle.write(bytes.fromhex(payload))
else:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
"""

FORM_LINES = [
    *(f"{key}:" for key in FORM_KEYS),
    "notes:",
    "on:",
    "minutes:",
    "mode:",
    "interest:",
    "## notes",
    "## referrals",
    "## answer favorite-love-most",
    "## answer no-such-question",
    "## something",
    "# a comment",
]


@dataclass(frozen=True)
class Editor:
    """What the fake editor does to the file it is given."""

    mode: str  # keep, fail, missing, replace, append, line, bytes
    text: str = ""
    line: int = 0

    def command(self, box: Sandbox) -> str:
        if self.mode == "keep":
            return "true"
        if self.mode == "fail":
            return "false"
        if self.mode == "missing":
            return str(box.root / "no-such-editor")
        spec = box.root / "editor.json"
        spec.write_text(json.dumps({"mode": self.mode, "text": self.text, "line": self.line}))
        script = box.root / "editor.py"
        return shlex.join([sys.executable, str(script), str(spec)])


def editors() -> st.SearchStrategy[Editor]:
    form_line = st.builds(
        lambda key, value: f"{key} {value}",
        st.sampled_from(FORM_LINES),
        hostile_text(argv=False),
    )
    payload = st.one_of(hostile_text(60, argv=False), form_line)
    return st.one_of(
        st.sampled_from([Editor("keep"), Editor("fail"), Editor("missing")]),
        st.builds(Editor, st.just("replace"), payload),
        st.builds(Editor, st.just("append"), payload.map(lambda s: "\n" + s)),
        st.builds(Editor, st.just("line"), payload, st.integers(0, 40)),
        st.builds(
            Editor,
            st.just("bytes"),
            st.sampled_from([b"name: \xff\xfe", b"\xc3", b"interest: 9\n"]).map(bytes.hex),
        ),
    )


stdin_texts = st.one_of(
    st.just(""),
    st.just("y\n"),
    st.lists(
        st.one_of(
            st.integers(0, 12).map(str),
            st.sampled_from(["y", "n", ""]),
            hostile_text(12, argv=False),
        ),
        max_size=12,
    ).map(lambda lines: "".join(line.replace("\n", " ") + "\n" for line in lines)),
)

# --- the seeded workspace -------------------------------------------------------

SEED_COMMANDS: list[list[str]] = [
    ["profile", "set", "--name", "Ana Ruiz", "--school", "Lincoln High", "--year", "junior",
     "--email", "ana@example.com", "--phone", "555-0100", "--interest", "psychology"],
    ["prospect", "add", "Maria Lopez", "--relation", "neighbor", "--field", "social work",
     "--email", "maria@example.org", "--phone", "555-0142", "--org", "Mercy Hospital"],
    ["prospect", "add", "Dev Patel", "--role", "School psychologist", "--org", "Lincoln High",
     "--field", "psychology", "--relation", "teacher", "--email", "dev.patel@example.org",
     "--linkedin", "https://www.linkedin.com/in/devpatel", "--tag", "school", "--priority", "3"],
    ["prospect", "add", "Sam Lee", "--relation", "referral", "--referred-by", "maria"],
    ["prospect", "add", "José García", "--relation", "family", "--email", "jose@example.org",
     "--field", "nursing"],
    ["prospect", "add", "王伟", "--field", "nursing", "--note", "Met at the fair\nSecond line"],
    ["prospect", "add", "Ana Lopez", "--relation", "friend"],
    ["questions", "add", "What surprised you most about your first year?", "--category", "story"],
    ["outreach", "sent", "dev", "--on", "2026-11-02"],
    ["outreach", "sent", "maria", "--on", "2026-11-20"],
    ["outreach", "replied", "maria", "--on", "2026-11-23"],
    ["outreach", "sent", "ana-lopez", "--on", "2026-11-16"],
    ["questions", "pick", "maria", "--minutes", "45", "--seed", "7"],
    ["interview", "schedule", "maria", "--at", "2026-12-03 15:30", "--mode", "in-person",
     "--where", "Mercy Hospital cafeteria"],
    ["interview", "log", "jose", "--on", "yesterday", "--note", "Nights are long",
     "--answer", "favorite-love-most=*No two days are the same",
     "--referral", "Kim Ng, nurse @ Mercy", "--interest", "4"],
    ["interview", "log", "dev", "--on", "2026-11-05 16:00", "--interest", "3"],
    ["thanks", "sent", "dev", "--on", "2026-11-06"],
    ["touch", "dev", "--on", "2026-11-20", "--note", "Sent the article"],
]  # fmt: skip


@contextmanager
def one_command_tree() -> Iterator[None]:
    """Let CliRunner reuse one click command tree instead of building it on every
    invoke (about 0.1 s each time); the fuzzer runs hundreds of commands."""
    command = get_command(app)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", lambda _app: command, raising=False)
        yield


def _invoke(argv: list[str], home: Path) -> Any:
    environ = {**os.environ, "INFOVIEW_HOME": str(home)}
    obj = AppEnv(clock=Clock(), environ=environ)
    result = CliRunner().invoke(app, argv, env={"INFOVIEW_HOME": str(home)}, obj=obj)
    assert result.exit_code == 0, (argv, result.stdout, result.stderr, result.exception)
    return result


def make_seed(base: Path) -> Sandbox:
    """A workspace with something in every file, and the files a run may be pointed at."""
    box = Sandbox(base / "work", base / "work" / "home")
    box.root.mkdir(parents=True)
    with working_in(box.root), one_command_tree():
        for argv in SEED_COMMANDS:
            _invoke(argv, box.home)
        (box.home / "settings.json").write_text(
            '{"holidays": ["2026-12-25"], "schema_version": 1}\n', encoding="utf-8"
        )
        guide = {
            "done": ["broaden"],
            "first_person": "maria-lopez",
            "drafted_for": None,
            "schema_version": 1,
            "updated_at": NOW.isoformat(),
        }
        (box.home / "guide.json").write_text(json.dumps(guide) + "\n", encoding="utf-8")
        templates = box.home / TEMPLATE_FOLDER
        templates.mkdir(mode=0o700)
        own = templates / "email-student.txt"
        own.write_bytes((BUNDLED / "email-student.txt").read_bytes())
        for path in (box.home / "settings.json", box.home / "guide.json", own):
            path.chmod(0o600)
        _invoke(["backup", "backup.zip"], box.home)
        _invoke(["prospect", "export", "--format", "vcard", "-o", "export.vcf"], box.home)
        _invoke(["prospect", "export", "--format", "csv", "-o", "export.csv"], box.home)
        _invoke(["prospect", "export", "--format", "json", "-o", "export.json"], box.home)
    for name in ("Connections.csv", "iphone.vcf", "android21.vcf"):
        shutil.copy(DATA / name, box.root / name)
    with (
        zipfile.ZipFile(box.root / "backup.zip") as good,
        zipfile.ZipFile(box.root / "tampered.zip", "w") as bad,
    ):
        for info in good.infolist():
            data = good.read(info)
            bad.writestr(info, data.replace(b"Maria", b"Mario"))
    (box.root / "not-a-zip.zip").write_bytes(b"PK\x03\x04 but not really")
    (box.root / "garbage.bin").write_bytes(bytes(range(256)) * 4)
    (box.root / "latin1.txt").write_bytes("Subject: caf\xe9\n\nHi".encode("latin-1"))
    (box.root / "empty.txt").write_bytes(b"")
    (box.root / "note.txt").write_text(
        "Subject: Your path into nursing\n\nHi Kim,\n\nMy aunt Rosa suggested I write to you. "
        "Could you spare about 30 minutes to tell me how you became a nurse?\n\nThank you,\nAna\n",
        encoding="utf-8",
    )
    shutil.copy(bundled_bank_path(), box.root / "bank.yaml")
    (box.root / "broken-bank.yaml").write_text("schema_version: 1\nquestions: [\n")
    (box.root / "folder").mkdir()
    (box.root / "folder" / "inside.txt").write_text("x")
    (box.root / "empty-folder").mkdir()
    (box.root / "file.txt").write_text("a file, not a folder")
    (box.root / "editor.py").write_text(EDITOR_SCRIPT, encoding="utf-8")
    check_workspace(box.home)
    return box


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    return make_seed(tmp_path_factory.mktemp("fuzz-seed"))


@contextmanager
def working_in(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


# --- the checks -----------------------------------------------------------------


def check_workspace(home: Path, *, ours: bool = True) -> None:
    """Every document loads and validates, no temp file is left, and the data is private.

    ``ours``: the folder is the seeded workspace (a --home may point at any folder,
    whose other files are not infoview's to check).
    """
    if not _is_dir(home):
        return
    private = [home / doc.filename for doc in ALL_DOCUMENTS]
    for doc in ALL_DOCUMENTS:
        path = home / doc.filename
        if path.is_file():
            decode(doc, path.read_bytes(), path)  # raises DataError if it is not valid
    backups = home / BACKUP_FOLDER
    if backups.is_dir():
        private += [backups, *backups.iterdir()]
    if ours:
        private += [home, *home.iterdir()]
        if (home / TEMPLATE_FOLDER).is_dir():
            private += list((home / TEMPLATE_FOLDER).iterdir())
    for path in home.rglob("*.tmp"):
        raise AssertionError(f"a temp file was left behind: {path}")
    for path in private:
        if path.exists() and not path.is_symlink() and path.name != LOCK_FILE:
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode & 0o077 == 0, f"{path} is not private: {oct(mode)}"


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a name too long for the file system (Python 3.11 raises)
        return False


def check_result(argv: list[str], result: Any) -> None:
    output = (result.stdout or "") + (result.stderr or "")
    where = f"infoview {shlex.join(argv)}\n--- output ---\n{output[-3000:]}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"an exception escaped: {result.exception!r}\n{where}")
    assert result.exit_code in ALLOWED_EXIT_CODES, f"exit {result.exit_code}\n{where}"
    assert "Traceback" not in output, where
    assert "internal error" not in output, where
    assert "is busy" not in output, f"the workspace lock was held twice\n{where}"


# --- running one example ----------------------------------------------------------


class Fuzzer:
    """Runs argument lists in a fresh copy of the seeded sandbox, one after another."""

    def __init__(self, seed: Sandbox, base: Path, clock: Clock) -> None:
        self.seed = seed
        self.box = Sandbox(base / "work", base / "work" / "home")
        self.clock = clock
        self.runner = CliRunner()

    def reset(self) -> None:
        if self.box.root.exists():
            for path in self.box.root.rglob("*"):  # a run may have made something read-only
                if path.is_dir() and not path.is_symlink():
                    path.chmod(0o700)
            shutil.rmtree(self.box.root)
        shutil.copytree(self.seed.root, self.box.root, symlinks=True)

    def run(self, argv: list[str], editor: Editor, stdin: str) -> Any:
        self.reset()
        visual = editor.command(self.box)
        env = {
            "INFOVIEW_HOME": str(self.box.home),
            "VISUAL": visual,
            "EDITOR": visual,
            "INFOVIEW_LOCK_TIMEOUT": LOCK_TIMEOUT,
            "NO_COLOR": "1",
        }
        obj = AppEnv(clock=self.clock, environ={**os.environ, **env})
        with working_in(self.box.root):
            result = self.runner.invoke(app, argv, input=stdin, env=env, obj=obj)
        check_result(argv, result)
        check_workspace(self.box.home)
        for home in self.other_homes(argv):
            check_workspace(home, ours=False)
        return result

    def other_homes(self, argv: list[str]) -> list[Path]:
        """Workspaces a --home in the argument list pointed at."""
        homes = []
        for i, word in enumerate(argv[:-1]):
            if word == "--home":
                homes.append(self.box.root / os.path.expanduser(argv[i + 1]))
            elif word.startswith("--home="):
                homes.append(self.box.root / word.removeprefix("--home="))
        return [h for h in homes if _is_dir(h)]


@pytest.fixture
def fuzzer(seed: Sandbox, tmp_path: Path, clock: Clock) -> Iterator[Fuzzer]:
    with one_command_tree():
        yield Fuzzer(seed, tmp_path, clock)


def fuzz_once(fuzzer: Fuzzer, command: Command, data: st.DataObject) -> None:
    argv = data.draw(arguments(command, fuzzer.box), label="argv")
    editor = data.draw(editors(), label="editor")
    stdin = data.draw(stdin_texts, label="stdin")
    fuzzer.run(argv, editor, stdin)


FUZZ = settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    print_blob=True,
    database=None,
)


def test_every_command_is_found() -> None:
    paths = {c.path for c in COMMANDS}
    assert ("prospect", "add") in paths
    assert ("thanks",) in paths  # a group that runs on its own
    assert ("restore",) in paths
    assert len(paths) >= 30
    names = {p.name for p in ROOT_PARAMS}
    assert names == {"home", "bank"}


def test_the_seed_has_every_document(seed: Sandbox) -> None:
    for doc in ALL_DOCUMENTS:
        assert (seed.home / doc.filename).is_file(), doc.filename


@pytest.mark.parametrize("command", COMMANDS, ids=COMMAND_IDS)
@settings(FUZZ, max_examples=4, derandomize=True)
@given(data=st.data())
def test_fuzz_quick(fuzzer: Fuzzer, command: Command, data: st.DataObject) -> None:
    """A few derandomized examples of every command, with the suite."""
    fuzz_once(fuzzer, command, data)


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS, ids=COMMAND_IDS)
@settings(FUZZ, max_examples=int(os.environ.get("INFOVIEW_FUZZ_EXAMPLES", "10")))
@given(data=st.data())
def test_fuzz_long(fuzzer: Fuzzer, command: Command, data: st.DataObject) -> None:
    """Many random examples of every command (10 each; more with $INFOVIEW_FUZZ_EXAMPLES)."""
    fuzz_once(fuzzer, command, data)
