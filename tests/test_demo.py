"""`infoview demo`: the whole path on sample data, never in the student's workspace."""

from __future__ import annotations

import io
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from infoview.cli import app
from infoview.cli.commands.demo import STORY
from infoview.cli.env import AppEnv
from infoview.cli.walkthrough import quote, show_command
from tests.helpers import Clock, read_json, refused, snapshot

TIMEOUT = 60


def installed_script() -> str:
    """The `infoview` script pip installed next to this Python (or on PATH)."""
    beside = Path(sys.executable).with_name("infoview")
    if beside.exists():
        return str(beside)
    found = shutil.which("infoview")
    assert found, "the infoview entry point is not installed: pip install -e '.[test]'"
    return found


def test_the_installed_demo_walks_the_path_and_leaves_the_workspace_alone(
    cli: Any, home: Path, tmp_path: Path
) -> None:
    cli("prospect", "add", "Real Person", "--relation", "family")
    before = snapshot(home)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    broken_bank = tmp_path / "broken.yaml"
    broken_bank.write_text("categories: [\n", encoding="utf-8")
    env = {
        **os.environ,
        "INFOVIEW_HOME": str(home),
        "INFOVIEW_BANK": str(broken_bank),  # the demo uses the bundled bank whatever this says
        "TMPDIR": str(scratch),
        "NO_COLOR": "1",
    }
    result = subprocess.run(
        [installed_script(), "demo"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # Every command of the story is shown, in order, exactly as it ran.
    shown = [line[2:] for line in out.splitlines() if line.startswith("$ infoview ")]
    assert shown == [show_command(argv) for scene in STORY for argv in scene.commands]
    for step in (
        "Added Rosa Delgado",
        "Psychiatric Nursing",  # the broadened field
        "Recorded your message to Rosa Delgado",
        "Rosa Delgado replied",
        "Who else do you think I should talk to?",
        "Scheduled Rosa Delgado: Tue 10 Mar 2026 16:00",
        "Added Sam Okafor (sam-okafor), referred by Rosa Delgado",
        "Subject: Thank you for your time, Rosa",
        "Recorded your thank-you to Rosa Delgado",
        "infoview outreach draft tom-becker",  # `next` the morning after
    ):
        assert step in out, step
    assert "Traceback" not in result.stderr
    assert "warning" not in result.stderr
    # The student's own workspace is untouched and the throwaway one is gone.
    assert snapshot(home) == before
    assert list(scratch.iterdir()) == []


def test_keep_leaves_a_sample_workspace_to_explore(cli: Any, home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "sample"
    result = cli("demo", "--keep", str(folder))
    assert f"infoview --home {folder} prospect show rosa" in result.stdout
    people = {p["id"]: p for p in read_json(folder / "prospects.json")["prospects"]}
    assert people["rosa-delgado"]["status"] == "thanked"
    assert people["sam-okafor"]["referred_by"] == "rosa-delgado"
    assert people["tom-becker"]["status"] == "new"
    [held] = read_json(folder / "interviews.json")["interviews"]
    assert held["state"] == "held" and held["interest"] == 4
    assert held["thanked_at"].startswith("2026-03-10T19:30")
    assert not home.exists()  # the student's workspace was never created
    # The kept workspace is an ordinary one.
    cli("--home", str(folder), "prospect", "show", "rosa", "--json")


def test_keep_refuses_a_folder_with_files_in_it(cli: Any, tmp_path: Path) -> None:
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me\n", encoding="utf-8")
    result = cli("demo", "--keep", str(folder), expect=1)
    assert result.stderr.startswith("infoview: --keep needs a new or empty folder")
    assert len(result.stderr.strip().splitlines()) == 1
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]


def test_keep_refuses_the_real_workspace(cli: Any, home: Path) -> None:
    cli("prospect", "add", "Real Person")
    before = snapshot(home)
    cli("demo", "--keep", str(home), expect=1)
    assert snapshot(home) == before


def test_keep_under_an_unknown_user_is_one_error_line(cli: Any) -> None:
    refused(cli("demo", "--keep", "~nosuchuser/demo", expect=1), "no user 'nosuchuser'")


def test_the_demo_writes_its_story_to_the_injected_stdout(tmp_path: Path) -> None:
    shown = io.StringIO()
    env = AppEnv(clock=Clock(), stdout=shown, stderr=io.StringIO(), stdout_isatty=False)
    folder = tmp_path / "sample"
    result = CliRunner().invoke(app, ["demo", "--keep", str(folder)], obj=env)
    assert result.exit_code == 0, result.output
    story = shown.getvalue()
    assert story.startswith("infoview demo: a sample student walks the whole path")
    assert f"# {STORY[0].caption}" in story and f"$ {show_command(STORY[0].commands[0])}" in story
    assert story.rstrip().endswith(f"infoview --home {folder} prospect show rosa")
    assert "infoview demo" not in result.stdout


def test_the_demo_clock_only_moves_forward() -> None:
    moments = [scene.at for scene in STORY]
    assert moments == sorted(moments)
    assert len(set(moments)) == len(moments)


@given(st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00")))
def test_a_shown_argument_reads_back_as_itself(arg: str) -> None:
    assert shlex.split(quote(arg)) == [arg]


def test_shown_commands_read_back_as_the_commands_run() -> None:
    for scene in STORY:
        for argv in scene.commands:
            assert shlex.split(show_command(argv)) == ["infoview", *argv]


def test_the_demo_reads_like_the_readme(cli: Any) -> None:
    result = cli("demo")
    assert '$ infoview prospect add "Rosa Delgado"' in result.stdout
    assert '--org "St. Mary\'s Hospital"' in result.stdout


def test_a_usage_error_inside_a_walkthrough_is_reported_not_raised(capsys: Any, home: Path) -> None:
    import typer

    from infoview.cli import app
    from infoview.cli.env import AppEnv
    from infoview.cli.walkthrough import Runner

    runner = Runner(typer.main.get_command(app), AppEnv(home=home))
    assert runner.run("prospect", "list", "--no-such-option") == 2
    captured = capsys.readouterr()
    assert "$ infoview prospect list --no-such-option" in captured.out
    assert "No such option" in captured.err


def test_ctrl_c_inside_a_step_stops_the_whole_walk(
    monkeypatch: pytest.MonkeyPatch, home: Path
) -> None:
    import typer

    import infoview.rules.people
    from infoview.cli import app
    from infoview.cli.env import AppEnv
    from infoview.cli.walkthrough import Runner

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(infoview.rules.people, "find", interrupted)
    runner = Runner(typer.main.get_command(app), AppEnv(home=home))
    with pytest.raises(KeyboardInterrupt):
        runner.run("prospect", "show", "anyone")
