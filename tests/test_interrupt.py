"""Ctrl-C at a prompt, as a person at a real terminal would press it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.helpers import snapshot

pexpect = pytest.importorskip("pexpect")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


def test_ctrl_c_at_the_confirmation_exits_130_and_keeps_everything(home: Path) -> None:
    env = {**os.environ, "INFOVIEW_HOME": str(home)}
    infoview = [sys.executable, "-m", "infoview"]
    pexpect.run(" ".join([*infoview, "prospect", "add", "'Maria Lopez'"]), env=env)
    before = (home / "prospects.json").read_bytes()

    child = pexpect.spawn(
        infoview[0], [*infoview[1:], "prospect", "remove", "maria"], env=env, encoding="utf-8"
    )
    child.expect(r"Remove Maria Lopez \(maria-lopez\)\? \[y/N\]")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "interrupted" in (child.before or "")
    assert "Traceback" not in (child.before or "")
    assert (home / "prospects.json").read_bytes() == before


def test_ctrl_c_at_a_restore_question_exits_130_and_changes_nothing(
    home: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "INFOVIEW_HOME": str(home)}
    infoview = [sys.executable, "-m", "infoview"]
    archive = tmp_path / "saved.zip"
    pexpect.run(" ".join([*infoview, "prospect", "add", "'Maria Lopez'"]), env=env)
    pexpect.run(" ".join([*infoview, "prospect", "add", "'Dev Patel'"]), env=env)
    pexpect.run(" ".join([*infoview, "backup", str(archive)]), env=env)
    (home / "prospects.json").write_bytes(b"{")  # damaged: doctor --restore offers the backup
    before = snapshot(home)

    for args, question in (
        (["restore", str(archive)], r"Replace the workspace .* \[y/N\]"),
        (["doctor", "--restore"], r"Replace it with the backup .* \[y/N\]"),
    ):
        child = pexpect.spawn(infoview[0], [*infoview[1:], *args], env=env, encoding="utf-8")
        child.expect(question)
        child.sendintr()
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 130, args
        assert "Traceback" not in (child.before or "")
        assert snapshot(home) == before, args
