"""Letting the student edit text in their own editor ($VISUAL, else $EDITOR, else vi)."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile

from infoview.cli.env import AppEnv
from infoview.model.errors import InvalidInput


def edit_text(env: AppEnv, text: str) -> str:
    """``text`` after the student edited it.

    The temp file is private (0600) and removed afterwards: it holds other
    people's details.
    """
    command = env.environ.get("VISUAL") or env.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="infoview-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            status = subprocess.call([*shlex.split(command), name])
        except (OSError, ValueError) as exc:
            raise InvalidInput(
                f"could not start the editor {command!r}: {exc}",
                hint="set $EDITOR to your editor, e.g. EDITOR=nano",
            ) from None
        if status != 0:
            raise InvalidInput(
                f"the editor {command!r} exited with status {status}; nothing changed"
            )
        with open(name, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    finally:
        os.unlink(name)
