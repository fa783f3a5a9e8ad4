"""The house rules: the layers hold (and their check can fail), modules and commands stay small.

`lint-imports` (import-linter, configured in pyproject.toml) checks the layers, that the
core never imports the interface, that no command module imports another and that no
package has an import cycle. Here it runs on the package as it is, then on a copy with
a deliberate violation, to show that it catches one. The sizes are checked with ast.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "infoview"  # the source, whatever is installed
MODULE_LINES_MAX = 450
COMMAND_LINES_MAX = 40  # a command parses, calls one use case and renders
TIMEOUT = 120


def lint_imports(cwd: Path, source: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports with pyproject.toml in ``cwd`` on the infoview package in ``source``."""
    pytest.importorskip("importlinter", reason="import-linter comes with the dev extra")
    script = "import sys; from importlinter.cli import lint_imports_command; lint_imports_command()"
    return subprocess.run(
        [sys.executable, "-c", script, "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(source), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_the_layers_hold() -> None:
    result = lint_imports(ROOT, PACKAGE.parent)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("store/files.py", "from infoview.rules import people", "Each layer imports only"),
        ("rules/people.py", "import rich", "The core never imports the interface"),
        (
            "cli/commands/workspace.py",
            "from infoview.cli.commands import doctor",
            "No command module",
        ),
        ("model/dates.py", "from infoview.model import base", "No import cycle"),
    ],
)
def test_a_deliberate_violation_fails_the_check(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    copy = tmp_path / "src" / "infoview"
    shutil.copytree(PACKAGE, copy, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    if not target.exists():  # a command module named in the example may have moved
        target = next((copy / "cli" / "commands").glob("*.py"))
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    result = lint_imports(tmp_path, tmp_path / "src")
    assert result.returncode != 0, result.stdout
    assert contract in result.stdout and "BROKEN" in result.stdout, result.stdout


def python_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "data" not in p.relative_to(PACKAGE).parts)


@pytest.mark.parametrize("path", python_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_the_limit(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MODULE_LINES_MAX, f"{path.name} has {lines} lines"


def command_functions() -> list[tuple[str, ast.FunctionDef]]:
    """Every function a command module hands to Typer (decorated, or listed in COMMANDS)."""
    from infoview.cli import COMMANDS

    listed = {tuple(where.split(":")) for where, _ in COMMANDS.values()}
    found = []
    for path in sorted((PACKAGE / "cli" / "commands").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            decorated = any(
                isinstance(d, ast.Call)
                and isinstance(d.func, ast.Attribute)
                and d.func.attr in ("command", "callback")
                for d in node.decorator_list
            )
            if decorated or (path.stem, node.name) in listed:
                found.append((f"{path.stem}.{node.name}", node))
    return found


@pytest.mark.parametrize("name,node", command_functions(), ids=[n for n, _ in command_functions()])
def test_no_command_function_is_over_the_limit(name: str, node: ast.FunctionDef) -> None:
    """Counted from `def` to the last line, without the docstring."""
    assert node.end_lineno is not None
    lines = node.end_lineno - node.lineno + 1
    doc = node.body[0]
    if isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant):
        assert doc.end_lineno is not None
        lines -= doc.end_lineno - doc.lineno + 1
    assert lines <= COMMAND_LINES_MAX, f"{name} has {lines} lines"


def test_no_test_module_imports_another() -> None:
    """Shared strategies and helpers live in tests/helpers.py, tests/strategies.py and the
    like; importing a test module would run its module-level work in another's."""
    tests = Path(__file__).parent
    found = [
        f"{path.name}: {line.strip()}"
        for path in sorted(tests.glob("test_*.py"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith(("from tests.test_", "import tests.test_"))
    ]
    assert found == []
