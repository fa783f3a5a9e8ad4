"""No file and no argument, however hostile, reaches exit 70 ("internal error").

Exit 70 means a bug in infoview. A damaged workspace document is exit 3 with a line that
points to `infoview doctor`, and doctor itself reports it and restores from a backup;
a hostile file the student names (contacts, a question bank, a draft, an archive) is
exit 1. Every command here runs in-process against each case of a corpus, and none
may exit 70 or print a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from infoview.store.registry import ALL_DOCUMENTS
from tests.helpers import Cli

DEEP = 100_000


def _deep(doc: str) -> bytes:
    return ('{"schema_version": 2, "x": ' + "[" * DEEP + "]" * DEEP + "}").encode()


# What a workspace document may hold when something (a sync tool, an editor, an attacker)
# wrote it: each is damage, never a crash.
DOCUMENT_CORPUS: dict[str, Callable[[str], bytes]] = {
    "nested 100,000 deep": _deep,
    "a 5000-digit integer": lambda doc: b'{"schema_version": ' + b"9" * 5000 + b"}",
    "a 5000-digit integer inside": lambda doc: (
        b'{"schema_version": 2, "x": [' + b"7" * 5000 + b"]}"
    ),
    "duplicate keys": lambda doc: b'{"schema_version": 2, "schema_version": 2}',
    "NaN and Infinity": lambda doc: b'{"schema_version": NaN, "x": Infinity}',
    "a float too large": lambda doc: b'{"schema_version": 1e999}',
    "invalid UTF-8": lambda doc: b'{"schema_version": 2, "x": "\xff\xfe"}',
    "a lone surrogate": lambda doc: b'{"schema_version": 2, "x": "\\ud800"}',
    "NUL bytes": lambda doc: b"\x00" * 64,
    "not an object": lambda doc: b'["schema_version", 2]',
    "null": lambda doc: b"null",
    "empty": lambda doc: b"",
}

COMMANDS = [
    ("next",),
    ("prospect", "list"),
    ("prospect", "add", "New Person"),
    ("report",),
    ("doctor",),
    ("doctor", "--restore", "--yes"),
]


@pytest.mark.parametrize("case", DOCUMENT_CORPUS, ids=list(DOCUMENT_CORPUS))
def test_no_damaged_document_crashes_a_command(cli: Cli, home: Path, case: str) -> None:
    cli("prospect", "add", "Maria Lopez")  # a workspace with backups to restore from
    cli("prospect", "add", "Dev Patel")
    for doc in ALL_DOCUMENTS:
        target = home / doc.filename
        kept = target.read_bytes() if target.exists() else None
        target.write_bytes(DOCUMENT_CORPUS[case](doc.filename))
        for args in COMMANDS:
            result = cli(*args, expect=None)
            said = f"{doc.filename} ({case}): infoview {' '.join(args)}"
            assert result.exit_code != 70, f"{said}: {result.stderr}"
            assert "Traceback" not in result.stdout + result.stderr, said
        if kept is None:
            target.unlink(missing_ok=True)
        else:
            target.write_bytes(kept)


def _alias_bomb() -> bytes:
    """A few hundred bytes of YAML anchors that expand to 9**5 strings."""
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for name, inner in zip("bcde", "abcd", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{inner}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def _files(tmp: Path) -> dict[str, Path]:
    """Hostile files a student may name."""
    made = {
        "empty": b"",
        "binary": bytes(range(256)) * 64,
        "nested JSON": _deep("x"),
        "a 5000-digit integer": b'{"people": [{"name": "A", "priority": ' + b"9" * 5000 + b"}]}",
        "invalid UTF-8": b"name,email\n\xff\xfe\xfa,bob@example.org\n",
        "UTF-16 CSV": "\ufeffname,email\nBob,bob@example.org\n".encode("utf-16"),
        "a line of a megabyte": b"x" * (1024 * 1024),
        "YAML aliases": _alias_bomb(),
        "YAML bad date": b"questions:\n  - id: a\n    text: What do you do?\n    when: 2026-13-45",
        "control characters": b"Hi \x1b[31mthere\x1b[0m\x07\n",
        "vCard odd parameters": (
            b"BEGIN:VCARD\nVERSION:3.0\nFN:Bob\nEMAIL;PREF=\xc2\xb9:bob@example.org\n"
            b"NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=rot13:=41=42\n"
            b"NOTE;ENCODING=b:!!!notbase64\nEND:VCARD\n"
        ),
        "a zip that is not": b"PK\x03\x04" + b"\x00" * 100,
    }
    paths = {}
    for name, data in made.items():
        path = tmp / name.replace(" ", "-")
        path.write_bytes(data)
        paths[name] = path
    folder = tmp / "a-folder"
    folder.mkdir()
    paths["a folder"] = folder
    paths["/dev/null"] = Path("/dev/null")
    return paths


INPUTS = [
    ("prospect", "import", "{}"),
    ("prospect", "import", "{}", "--dry-run"),
    ("--bank", "{}", "questions", "list"),
    ("outreach", "lint", "{}"),
    ("restore", "{}", "--yes"),
]


@pytest.mark.parametrize("args", INPUTS, ids=[" ".join(a) for a in INPUTS])
def test_no_hostile_file_a_student_names_crashes_a_command(
    cli: Cli, home: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    cli("prospect", "add", "Maria Lopez")
    for name, path in _files(tmp_path).items():
        argv = [a.replace("{}", str(path)) for a in args]
        result = cli(*argv, expect=None)
        said = f"{name}: infoview {' '.join(argv)}"
        assert result.exit_code != 70, f"{said}: {result.stderr}"
        assert "Traceback" not in result.stdout + result.stderr, said
        if args[0] != "restore":
            assert json.loads((home / "prospects.json").read_bytes())["prospects"], said
