"""The files infoview ships with: the question bank, the career-field map, the draft templates.

They live in ``data/`` at the top of the repository; ``src/infoview/data`` links to
it, so they are found one way, through the package, in a source checkout, an
editable install and an installed wheel alike.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def bundled_path(*parts: str) -> Path:
    """The path of a bundled file or folder, e.g. ``bundled_path("templates")``."""
    return Path(str(files("infoview").joinpath("data", *parts)))
