"""What starting infoview costs: the modules a command imports and the commands it builds.

`infoview --help` and `infoview next` run many times a day; bench/run.py times them
against a minimal Typer app. These tests keep them from quietly importing what they do
not use, and keep the lazy command table (``infoview.cli.COMMANDS``) true to the commands.
"""

from __future__ import annotations

import inspect
import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

from infoview.cli import COMMANDS, InfoviewGroup, LazyCommands, app, build_command
from infoview.cli.help_words import plain_words
from tests.helpers import prospect_dict

TIMEOUT = 120  # seconds: only a hang would take this long

# Runs the CLI in-process with the given arguments, then reports (as the last stdout
# line) which top-level packages and which infoview modules got imported.
IMPORTS_AFTER = """
import json, sys
from infoview.cli import main
sys.argv = ["infoview", *json.loads(sys.argv[1])]
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code
plugins = sys.modules.get("pydantic.plugin._loader")
print(json.dumps({
    "code": code,
    "plugins_scanned": plugins is not None and plugins._plugins is not None,
    "packages": sorted({m.split(".")[0] for m in sys.modules}),
    "infoview": sorted(m for m in sys.modules if m.startswith("infoview")),
}))
"""

# Needed by no command that lists or shows: yaml (the question bank and field map),
# vobject, icalendar (calendar files), questionary and prompt_toolkit (arrow-key menus).
NEVER_AT_START = {"yaml", "vobject", "icalendar", "questionary", "prompt_toolkit"}


def imports_of(home: Path, *args: str) -> dict[str, Any]:
    env = dict(os.environ, INFOVIEW_HOME=str(home))
    for name in ("NO_COLOR", "INFOVIEW_DEBUG", "PYDANTIC_DISABLE_PLUGINS"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-c", IMPORTS_AFTER, json.dumps(list(args))],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,  # and stdout is a pipe: plain output, as in a script
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout.splitlines()[-1])
    assert report["code"] in (0, None), result.stderr
    return report


def test_help_imports_no_command_and_no_data_library(home: Path) -> None:
    report = imports_of(home, "--help")
    packages = set(report["packages"])
    assert not packages & (NEVER_AT_START | {"pydantic", "email_validator"})
    # Only the root: the command list comes from COMMANDS, not from the commands, and
    # nothing below the CLI (use cases, rules, the store, file formats) is needed for help.
    loaded = set(report["infoview"])
    assert not {m for m in loaded if m.startswith("infoview.cli.commands.")}
    below = ("infoview.usecases", "infoview.rules", "infoview.store", "infoview.formats")
    assert not {m for m in loaded if m.startswith(below)}
    # rich is unavoidable here: Typer draws its help with rich when rich is installed.
    assert "rich" in packages


def test_next_imports_only_what_it_uses(home: Path) -> None:
    home.mkdir(mode=0o700)
    person = prospect_dict("maria-lopez", "Maria Lopez", email="maria@example.org")
    (home / "prospects.json").write_text(
        json.dumps({"schema_version": 1, "prospects": [person]}), encoding="utf-8"
    )
    report = imports_of(home, "next")
    packages = set(report["packages"])
    # Piped, `next` prints plain lines: no rich. pydantic checks the files it reads;
    # a stored address has only its shape checked, so email_validator is not loaded.
    assert not packages & (NEVER_AT_START | {"rich"})
    assert "pydantic" in packages and "email_validator" not in packages
    commands = {m for m in report["infoview"] if m.startswith("infoview.cli.commands.")}
    assert commands == {"infoview.cli.commands.daily"}
    # Nothing of the question bank, drafts' files or calendar formats.
    assert "infoview.formats.ics" not in report["infoview"]
    assert "infoview.rules.fields" not in report["infoview"]
    assert "infoview.rules.bank" not in report["infoview"]  # options' limits come from model/
    assert "infoview.rules.picking" not in report["infoview"]
    assert "infoview.store.doctor" not in report["infoview"]  # a private folder: no warning


# What no command that lists, shows or adds people needs: the file formats (vCard, CSV,
# export), drafting and the question bank, the field map, a person's whole story.
NOT_FOR_PEOPLE = {
    "infoview.formats.export",
    "infoview.formats.vcard",
    "infoview.formats.csv",
    "infoview.rules.drafting",
    "infoview.rules.bank",
    "infoview.rules.fields",
    "infoview.cli.editor",
    "infoview.cli.import_report",
}


def people_home(home: Path) -> Path:
    home.mkdir(mode=0o700)
    people = [
        prospect_dict("maria-lopez", "Maria Lopez", email="maria@example.org"),
        prospect_dict("sam-lee", "Sam Lee"),
    ]
    (home / "prospects.json").write_text(
        json.dumps({"schema_version": 1, "prospects": people}), encoding="utf-8"
    )
    return home


@pytest.mark.parametrize(
    ("args", "also_not"),
    [
        (("prospect", "list"), {"infoview.render.story", "infoview.rules.wording"}),
        (("prospect", "list", "--json"), {"infoview.usecases.story", "infoview.rules.wording"}),
        (("prospect", "add", "Ana Ruiz", "--relation", "friend"), {"infoview.render.story"}),
        (("prospect", "show", "maria"), set()),  # its story is worded: rules.wording
        (("next", "--json"), {"infoview.usecases.prospects", "infoview.render.story"}),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else "",
)
def test_hot_commands_import_only_what_they_use(
    home: Path, args: tuple[str, ...], also_not: set[str]
) -> None:
    report = imports_of(people_home(home), *args)
    packages = set(report["packages"])
    assert not packages & (NEVER_AT_START | {"rich"})  # piped: plain text, no rich
    if "add" not in args:
        assert "filelock" not in packages  # only a change takes the lock
    loaded = set(report["infoview"])
    assert not loaded & (NOT_FOR_PEOPLE | also_not)
    # pydantic's documented switch is set by main(), so its plugin scan never runs.
    assert report["plugins_scanned"] is False


# What listing who is owed a thank-you needs none of: drafting, the bank, the field map,
# the review of a draft, the .eml format, the editor.
NOT_FOR_THANKS_LIST = {
    "infoview.rules.thanks",
    "infoview.rules.draft_review",
    "infoview.rules.recall",
    "infoview.formats.eml",
    "infoview.cli.drafts",
    "infoview.usecases.thanks",
    "infoview.usecases.profile",
}


@pytest.mark.parametrize("args", [("thanks",), ("thanks", "--json")], ids=" ".join)
def test_listing_who_is_owed_thanks_imports_no_drafting(home: Path, args: tuple[str, ...]) -> None:
    people_home(home)
    logged = subprocess.run(
        [sys.executable, "-m", "infoview", "interview", "log", "maria", "--on", "yesterday"],
        env=dict(os.environ, INFOVIEW_HOME=str(home)), capture_output=True, text=True,
        stdin=subprocess.DEVNULL, timeout=TIMEOUT, check=False,
    )  # fmt: skip
    assert logged.returncode == 0, logged.stderr
    report = imports_of(home, *args)
    assert not set(report["packages"]) & (NEVER_AT_START | {"rich", "filelock"})
    assert not set(report["infoview"]) & (NOT_FOR_PEOPLE | NOT_FOR_THANKS_LIST)
    assert "infoview.usecases.owed_thanks" in report["infoview"]


def test_a_plugin_setting_the_user_made_is_kept(home: Path, tmp_path: Path) -> None:
    script = "import os, sys; from infoview.cli import main; sys.argv = ['infoview', 'path']\n"
    script += "try:\n    main()\nexcept SystemExit:\n    pass\n"
    script += "print(os.environ['PYDANTIC_DISABLE_PLUGINS'])"
    env = dict(os.environ, INFOVIEW_HOME=str(home), PYDANTIC_DISABLE_PLUGINS="someplugin")
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True,
        timeout=TIMEOUT, check=True,
    )  # fmt: skip
    assert done.stdout.splitlines()[-1] == "someplugin"


def test_a_workspace_without_email_addresses_never_loads_email_validator(home: Path) -> None:
    home.mkdir(mode=0o700)
    person = prospect_dict("sam-lee", "Sam Lee")
    (home / "prospects.json").write_text(
        json.dumps({"schema_version": 1, "prospects": [person]}), encoding="utf-8"
    )
    assert "email_validator" not in imports_of(home, "prospect", "list")["packages"]


# --- the lazy command table ----------------------------------------------------------


def root_group() -> InfoviewGroup:
    root = get_command(app)
    assert isinstance(root, InfoviewGroup)
    return root


def first_paragraph(help_text: str) -> str:
    """What Typer lists for a command in a group's help (rich_utils._make_command_help)."""
    return inspect.cleandoc(help_text).split("\n\n")[0].replace("\n", " ").strip()


def test_commands_table_matches_the_commands() -> None:
    root = root_group()
    assert isinstance(root.commands, LazyCommands)
    built = dict(root.commands.items())
    assert list(built) == list(COMMANDS)
    for name, command in built.items():
        assert command.name == name
        assert not command.hidden and not command.deprecated
        real = first_paragraph(command.short_help or command.help or "")
        assert first_paragraph(COMMANDS[name][1]) == real, name


def render_help(build_all: bool) -> str:
    root = root_group()
    if build_all:
        list(root.commands.values())
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as done:
        root.main(["--help"], prog_name="infoview")
    assert done.value.code == 0
    return out.getvalue()


def test_help_from_the_table_is_the_help_from_the_commands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    lazy = render_help(build_all=False)
    assert render_help(build_all=True) == lazy
    for name in COMMANDS:
        assert f" {name} " in lazy


def test_a_command_runs_without_building_the_others() -> None:
    root = root_group()
    commands = root.commands
    assert isinstance(commands, LazyCommands)
    assert root.get_command(None, "path") is not None
    assert [n for n in COMMANDS if commands.is_built(n)] == ["path"]
    assert "next" in commands and "nothing" not in commands
    assert root.get_command(None, "nothing") is None


def test_unknown_command_still_suggests_the_nearest(cli: Any) -> None:
    result = cli("prospct", "list", expect=2)
    assert "Did you mean 'prospect'?" in result.output


# --- each group's commands, built one by one ---------------------------------------

GROUPS = [
    "prospect", "questions", "outreach", "thanks", "interview", "touch", "profile", "settings",
]  # fmt: skip


def eager_group(name: str) -> Any:
    """The group as Typer builds it, every command at once, with plain words (the old way)."""
    import importlib

    import typer

    module, attribute = COMMANDS[name][0].split(":")
    target = getattr(importlib.import_module(f"infoview.cli.commands.{module}"), attribute)
    scratch = typer.Typer(add_completion=False, rich_markup_mode=app.rich_markup_mode)
    scratch.callback()(lambda: None)
    scratch.add_typer(target, name=name)
    group = get_command(scratch).commands[name]  # type: ignore[attr-defined]
    return plain_words(group)


def group_help(args: list[str], eager: bool) -> str:
    root = root_group()
    if eager:
        root.commands[args[0]] = eager_group(args[0])
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as done:
        root.main([*args, "--help"], prog_name="infoview")
    assert done.value.code == 0
    return out.getvalue()


@pytest.mark.parametrize("args", [[g] for g in GROUPS] + [["settings", "holidays"]], ids=str)
def test_a_groups_help_is_the_help_of_its_commands_built_at_once(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    lazy = group_help(args, eager=False)
    assert lazy == group_help(args, eager=True)
    assert "Commands" in lazy


def test_a_groups_command_is_built_only_when_it_runs(home: Path) -> None:
    people_home(home)
    root = root_group()
    for name in ("prospect", "settings"):  # fresh: this process may have built them before
        root.commands[name] = build_command.__wrapped__(name)
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit) as done:
        root.main(["--home", str(home), "prospect", "list"], prog_name="infoview")
    assert done.value.code == 0 and "Maria Lopez" in out.getvalue()
    group = root.commands["prospect"]
    assert isinstance(group.commands, LazyCommands)
    built = [n for n in group.commands if group.commands.is_built(n)]
    assert built == ["list"]
    assert list(group.commands) == list(eager_group("prospect").commands)
    # `settings holidays list` builds `holidays` and, inside it, `list` only.
    settings = root.commands["settings"]
    holidays = settings.commands["holidays"]
    assert holidays.commands["list"].name == "list"
    assert [n for n in holidays.commands if holidays.commands.is_built(n)] == ["list"]


def test_a_pick_without_interactive_imports_no_prompts_and_no_sheet(home: Path) -> None:
    """`questions pick PERSON` only picks: the plan editor (and with it questionary and
    prompt_toolkit) and the printable sheet are loaded by --interactive and `sheet`."""
    report = imports_of(people_home(home), "questions", "pick", "maria", "--no-save", "--json")
    assert not set(report["packages"]) & {"questionary", "prompt_toolkit", "rich"}
    loaded = set(report["infoview"])
    assert not loaded & {"infoview.cli.plan_editor", "infoview.render.sheet"}
