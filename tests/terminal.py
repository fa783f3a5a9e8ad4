"""A student at a terminal, for tests that drive infoview through a pseudo-terminal.

pexpect runs the real command in a pty, so questionary's arrow-key menus behave
as they do for a person; prompt_toolkit's cursor-position requests are answered
on the way, as a terminal would.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

DOWN, UP, ENTER, SPACE = "\x1b[B", "\x1b[A", "\r", " "
CPR_REQUEST = re.escape("\x1b[6n")  # prompt_toolkit asks where the cursor is
CPR_ANSWER = "\x1b[1;1R"  # what a terminal answers: row 1, column 1
# Colour codes, cursor moves and spaces that may sit between two visible words.
GAP = r"(?:\x1b\[[0-9;?]*[A-Za-z]|\s)*"


def answered(message: str, answer: str) -> str:
    """The line questionary leaves once a prompt is answered: the message and the answer."""
    return re.escape(message) + GAP + re.escape(answer)


needs_pty = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


class Terminal:
    """A student at an xterm: reads the screen, answers cursor-position requests, types keys."""

    def __init__(self, home: Path, cwd: Path, *args: str) -> None:
        pexpect = pytest.importorskip("pexpect")
        env = {**os.environ, "INFOVIEW_HOME": str(home), "TERM": "xterm-256color"}
        for name in ("COLUMNS", "LINES", "PROMPT_TOOLKIT_NO_CPR"):
            env.pop(name, None)
        self.pexpect = pexpect
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "infoview", *args],
            env=env,
            cwd=str(cwd),
            encoding="utf-8",
            dimensions=(40, 120),
            timeout=10,
        )
        self.seen: list[str] = []

    def expect(self, pattern: str) -> None:
        """Wait for ``pattern`` on the screen, answering CPR requests on the way."""
        while True:
            index = self.child.expect([CPR_REQUEST, pattern, self.pexpect.EOF])
            self.seen.append(self.child.before + (self.child.after if index < 2 else ""))
            if index == 0:
                self.child.send(CPR_ANSWER)
                continue
            assert index == 1, f"ended before {pattern!r}:\n{self.transcript()[-3000:]}"
            return

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.child.send(key)

    def finish(self) -> int:
        """Wait for the program to end; its exit status."""
        self.child.expect(self.pexpect.EOF, timeout=10)
        self.seen.append(self.child.before or "")
        self.child.close()
        status: int = self.child.exitstatus
        return status

    def transcript(self) -> str:
        return "".join(self.seen)


def see(term: Terminal, text: str) -> None:
    """Wait until ``text`` is on the screen."""
    term.expect(re.escape(text))


def type_line(term: Terminal, prompt: str, text: str) -> None:
    """Answer a text prompt: wait for it, type ``text`` and Enter, see it answered."""
    see(term, prompt)
    term.keys(text, ENTER)
    term.expect(answered(prompt, text))
