"""What a student's `pip install .` gets: the wheel holds the package and its bundled data.

The bank, the field map and the draft templates live in data/ at the top of the
repository; src/infoview/data links to it. The wheel is built here with hatchling,
the project's build backend, and read back as the zip it is.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest

from infoview.store.bundled import bundled_path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 120


def test_bundled_files_are_found_through_the_package() -> None:
    for name in ("questions.yaml", "fields.yaml", "templates/email-student.txt"):
        path = bundled_path(*name.split("/"))
        assert path.is_file(), path
        assert path.read_bytes() == (ROOT / "data" / name).read_bytes()
        assert path == Path(str(files("infoview").joinpath("data", *name.split("/"))))


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    pytest.importorskip("hatchling", reason="hatchling comes with the test extra")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "--target", "wheel", "--directory", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    )
    (built,) = out.glob("infoview-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_ships_the_bundled_data(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    data = ROOT / "data"
    for path in sorted(data.rglob("*")):
        if path.is_file():
            inside = f"infoview/data/{path.relative_to(data).as_posix()}"
            assert inside in names, inside
            assert wheel.read(inside) == path.read_bytes()
    assert "infoview/cli/__init__.py" in names
    assert not [n for n in names if n.startswith("tests/")]
