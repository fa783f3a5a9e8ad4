"""The storage rules where only a real process can show them.

A failed write, exit codes and stderr as a shell sees them, the installed entry
point, and what start-up imports. Crashes (SIGKILL at any moment) are in
test_crash.py, several processes at once and the lock in test_concurrency.py,
full disks and read-only folders in test_disk_errors.py; they share the helpers
of tests/helpers.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import infoview
from tests.helpers import (
    TIMEOUT,
    assert_one_error_line,
    environ,
    infoview_cli,
    run_python,
    seed_one_person,
    temp_files,
)

# --- a failed write ----------------------------------------------------------

FAILING_REPLACE = """
import errno, os, sys
import infoview.store.workspace

def refuse(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")

os.replace = refuse
from infoview.cli import main
sys.argv = ["infoview", "prospect", "add", "New Person"]
main()
"""


def test_a_failed_write_in_a_real_process_reports_one_line_and_keeps_the_file(
    home: Path,
) -> None:
    raw = seed_one_person(home)

    result = run_python(["-c", FAILING_REPLACE], home)

    assert result.returncode == 1, result.stderr
    assert_one_error_line(result.stderr, "could not write", "No space left on device")
    assert result.stdout == ""
    assert (home / "prospects.json").read_bytes() == raw
    assert temp_files(home) == []
    assert infoview_cli(home, "prospect", "add", "Later Person").returncode == 0


# --- damaged and newer files, as the shell sees them -------------------------


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        pytest.param(b'{"schema_version": 1, "prospects": [{"id": "a"', "damaged", id="truncated"),
        pytest.param(b'{"schema_version": 2, "prospects": []}\n', "newer", id="newer"),
    ],
)
def test_a_bad_file_stops_a_command_with_exit_3(home: Path, content: bytes, fragment: str) -> None:
    home.mkdir(mode=0o700)
    path = home / "prospects.json"
    path.write_bytes(content)

    result = infoview_cli(home, "prospect", "add", "New Person")

    assert result.returncode == 3
    assert_one_error_line(result.stderr, str(path), fragment)
    assert path.read_bytes() == content
    assert not (home / "backups" / "prospects.json").exists()


# --- version and entry point -------------------------------------------------


def test_python_dash_m_prints_the_version(home: Path) -> None:
    result = run_python(["-m", "infoview", "--version"], home)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"infoview {infoview.__version__}\n"


def test_the_installed_entry_point_prints_the_version(home: Path) -> None:
    exe = shutil.which("infoview")
    if exe is None:
        pytest.skip("the infoview script is not on PATH")
    result = subprocess.run(
        [exe, "--version"],
        env=environ(home),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"infoview {infoview.__version__}\n"
    assert not home.exists()  # --version touches nothing


# --- start-up imports --------------------------------------------------------

# Runs the CLI in-process for the given arguments, then reports (as the last
# stdout line) which of the heavy packages got imported.
IMPORTS_AFTER = """
import json, sys
from infoview.cli import main
sys.argv = ["infoview", *json.loads(sys.argv[1])]
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code
heavy = {"pydantic", "rich", "yaml", "email_validator"}
imported = sorted(heavy & {m.split(".")[0] for m in sys.modules})
print(json.dumps({"code": code, "imported": imported}))
"""


@pytest.mark.parametrize(
    ("args", "module"),
    [
        pytest.param(["path"], "rich", id="path-rich"),
        pytest.param(["path"], "yaml", id="path-yaml"),
        pytest.param(["--version"], "pydantic", id="version-pydantic"),
        pytest.param(["--version"], "rich", id="version-rich"),
        pytest.param(["--version"], "yaml", id="version-yaml"),
        pytest.param(["--help"], "pydantic", id="help-pydantic"),
        pytest.param(["--help"], "yaml", id="help-yaml"),
    ],
)
# Not checked: pydantic for `path`. typer >= 0.29 coerces every non-bool option
# (here the root --home) through pydantic, so any command with options loads it.
def test_light_commands_do_not_import_heavy_packages(
    home: Path, args: list[str], module: str
) -> None:
    result = run_python(["-c", IMPORTS_AFTER, json.dumps(args)], home)
    assert result.returncode == 0, result.stderr
    *output, report_line = result.stdout.splitlines()
    report = json.loads(report_line)
    assert report["code"] in (0, None), result.stderr
    if args == ["path"]:
        assert output == [str(home)]
    assert module not in report["imported"]
