"""The ``infoview`` command: global options and the command groups.

Each group lives in its own module and is listed here in ``COMMANDS``; it is
imported and built (as ``add_typer`` would) only when it runs. Errors from the
core arrive as :class:`InfoviewError` and leave as one line on stderr with the
error's exit code (see ``errors.ExitCode``).
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo, TyperInfo

from infoview import __version__
from infoview.cli.env import app_env
from infoview.cli.help_words import plain_words
from infoview.cli.output import fail, internal_error
from infoview.model.errors import ExitCode, InfoviewError, StorageError

# Every command and group, in the order `infoview --help` lists them: the module in
# infoview.cli and the attribute that holds it (a Typer app is a group), and the first
# paragraph of its help, which `--help` lists without importing any of them. Building
# every command took longer than running most (bench/run.py), so a command is imported
# and built only when it runs. tests/test_startup.py checks each text against its command.
COMMANDS: dict[str, tuple[str, str]] = {
    "answers": (
        "answers:answers",
        "Every logged answer, grouped by question; or those to one question, side by side.",
    ),
    "touch": (
        "daily:touch_app",
        "Log a stay-in-touch contact; it resets that person's reminder. Or draft the note.",
    ),
    "broaden": (
        "broaden:broaden",
        "Suggest the fields around FIELD, and which of your prospects work in it or near it.",
    ),
    "next": (
        "daily:next_",
        "What to do today: thank-yous, interviews soon, follow-ups, replies, stay-in-touch notes.",
    ),
    "report": (
        "report:report",
        "Your progress so far: the pipeline, fields, referrals, thank-yous, staying in touch.",
    ),
    "start": (
        "start:start",
        "Walk through it all: you, your interests, people to ask, the first message, questions.",
    ),
    "demo": (
        "demo:demo",
        "See the whole path on sample people, in a throwaway workspace: yours is not touched.",
    ),
    "settings": (
        "settings:app",
        "Settings for this workspace: the holidays the follow-up clock skips.",
    ),
    "path": ("workspace:path", "Print the folder where infoview keeps your data."),
    "backup": ("backup:backup", "Save the whole workspace to one zip archive."),
    "restore": (
        "backup:restore",
        "Replace the workspace with a backup archive (asks first unless --yes).",
    ),
    "doctor": (
        "doctor:doctor",
        "Check every data file, the links between them, the permissions and the backups.",
    ),
    "undo": (
        "undo:undo",
        "Undo the last change to your data, after showing what it was (asks first unless --yes).",
    ),
    "profile": (
        "profile:app",
        "Who you are: your name, school and interests, used to sign your messages.",
    ),
    "prospect": (
        "prospect:app",
        "The people you might interview. Start with family, family friends, neighbours and "
        "teachers; add the people they suggest with --referred-by.",
    ),
    "questions": (
        "questions:app",
        "Questions to ask: 10–20 open-ended ones, picked for the person and the minutes, "
        "always ending with 'who else should I talk to?'.",
    ),
    "outreach": (
        "outreach:app",
        "Ask for a conversation: drafts for email, text, LinkedIn or phone that get replies, "
        "and a follow-up clock (3 business days, then 7) so nobody goes cold.",
    ),
    "thanks": (
        "thanks:app",
        "Thank them within 24 hours: who is owed a note, a draft, and recording it.",
    ),
    "interview": (
        "interview:app",
        "The conversation itself: put it in your calendar, then log answers, notes and referrals.",
    ),
}


@functools.cache
def build_command(name: str) -> Any:
    """The click command for ``COMMANDS[name]``, built as the root would build it.

    Only Typer's public API: the command is added to a scratch root with the
    root's settings (Typer hands its help settings down to what is added), and
    the built command is taken from the scratch group's commands. A command is a
    description, the same for every run, so it is built once per process (`start`,
    `demo` and the tests run many commands in one). A group's own commands are
    built the same way, each only when it is looked up (see :func:`_lazy_group`).
    """
    import importlib

    where, _ = COMMANDS[name]
    module, attribute = where.split(":")
    target = getattr(importlib.import_module(f"infoview.cli.commands.{module}"), attribute)
    scratch = _scratch()
    if isinstance(target, typer.Typer):
        scratch.add_typer(target, name=name)
        return _lazy_group(scratch)
    scratch.command(name)(target)
    return _built(scratch, name)  # `--tag TAG`, not `--tag <list[str]>`


def _scratch() -> typer.Typer:
    """A root with the real root's settings: what is added to it is built as in the root."""
    scratch = typer.Typer(
        add_completion=False,
        rich_markup_mode=app.rich_markup_mode,
        pretty_exceptions_enable=False,
    )
    scratch.callback()(_no_options)  # a root with a callback is always built as a group
    return scratch


def _no_options() -> None:
    """The scratch root's callback (never run: only its commands are used)."""


def _built(scratch: typer.Typer, name: str) -> Any:
    """The command ``name`` of ``scratch``, built, with plain words in its help."""
    root = typer.main.get_command(scratch)
    assert isinstance(root, TyperGroup)  # it has a callback
    return plain_words(root.commands[name])


def _lazy_group(scratch: typer.Typer) -> Any:
    """The group last added to ``scratch``, built without its commands: each of them
    (a command, or a group built the same way) is built when it is first looked up.

    Typer builds a group's commands with the group; here the group is built from a
    copy of its Typer app that holds none (its callback, help and settings are the
    app's own), and each command from a scratch root that holds that one command's
    registration as the app holds it. Their order is Typer's: commands, then groups.
    """
    import copy

    info = scratch.registered_groups[-1]
    target = info.typer_instance
    assert target is not None
    shell = copy.copy(target)
    shell.registered_commands, shell.registered_groups = [], []
    info.typer_instance = shell
    name = info.name
    assert name is not None  # every group in COMMANDS and below is added with its name
    group = _built(scratch, name)
    builders: dict[str, Callable[[], Any]] = {}
    for command in target.registered_commands:
        builders[_name(command)] = functools.partial(_one_command, command)
    for sub in target.registered_groups:
        assert sub.name is not None
        builders[sub.name] = functools.partial(_one_group, sub)
    group.commands = LazyCommands({}, lambda n: builders[n](), names=list(builders))
    return group


def _one_command(command: CommandInfo) -> Any:
    scratch = _scratch()
    scratch.registered_commands.append(command)
    return _built(scratch, _name(command))


def _name(command: CommandInfo) -> str:
    """The name Typer gives the command: its own, or its function's (`next_` is `next-`)."""
    if command.name:
        return command.name
    assert command.callback is not None
    return typer.main.get_command_name(command.callback.__name__)


def _one_group(sub: TyperInfo) -> Any:
    import copy

    scratch = _scratch()
    scratch.registered_groups.append(copy.copy(sub))  # _lazy_group swaps its app for a copy
    return _lazy_group(scratch)


class LazyCommands(MutableMapping[str, Any]):
    """A group's commands by name; each is built the first time it is looked up.

    ``names`` are the commands ``build`` can build, in the order help lists them
    (the root's: ``COMMANDS``).
    """

    def __init__(
        self,
        built: MutableMapping[str, Any],
        build: Callable[[str], Any],
        names: list[str] | None = None,
    ) -> None:
        self._built = dict(built)
        self._build = build
        self._buildable = list(COMMANDS) if names is None else names
        self._names = [*self._buildable, *(n for n in built if n not in self._buildable)]

    def is_built(self, name: str) -> bool:
        return name in self._built

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._buildable:
                raise KeyError(name)
            self._built[name] = self._build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self._names:
            self._names.append(name)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._built.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)


class InfoviewGroup(TyperGroup):
    """The root group: builds commands as they are used, and turns errors anywhere
    below it into messages and exit codes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands: MutableMapping[str, Any] = LazyCommands(self.commands, build_command)
        self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names only: TyperGroup's would build every command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        # Typer adds --install-completion after building the root: only now are all its
        # options here (its commands get their words in build_command).
        plain_words(self, subcommands=False)
        self._listing = True  # list COMMANDS' texts instead of building every command
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        commands = self.commands
        if (
            self._listing
            and isinstance(commands, LazyCommands)
            and cmd_name in COMMANDS
            and not commands.is_built(cmd_name)
        ):
            return TyperCommand(
                name=cmd_name, help=COMMANDS[cmd_name][1], rich_markup_mode=self.rich_markup_mode
            )
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: Any) -> Any:  # Any: typer's Context base class is private
        env = app_env(ctx)
        try:
            return super().invoke(ctx)
        except InfoviewError as exc:
            fail(env, exc)
        except KeyboardInterrupt:
            typer.echo("\ninfoview: interrupted; nothing half-done was saved", file=env.errors)
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except BrokenPipeError:
            # The reader went away (`infoview questions list | head`): stop quietly.
            with contextlib.suppress(OSError, ValueError, AttributeError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, env.output.fileno())
            raise typer.Exit(1) from None
        except (typer.TyperException, typer.Exit, typer.Abort):
            raise  # usage errors and exits: Typer reports them itself
        except OSError as exc:
            # The file system refused a path the student gave (a name too long for it,
            # a file where a folder should be...) before a command could say so itself.
            name = "" if exc.filename is None else os.fsdecode(exc.filename)
            shown = name if len(name) <= 80 else name[:79] + "…"
            fail(env, StorageError(f"cannot use {shown!r}: {exc.strerror or exc}"))
        except Exception as exc:
            if isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt):
                # Ctrl-C inside a library callback (pydantic serialising --json) arrives
                # wrapped in that library's error: it is still Ctrl-C.
                typer.echo("\ninfoview: interrupted", file=env.errors)
                raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
            internal_error(env, exc)


app = typer.Typer(
    name="infoview",
    cls=InfoviewGroup,
    help=(
        "Plan, run and follow up informational interviews: short (20–60 minute) "
        "conversations with people in a career you are curious about.\n\n"
        "Everything stays in plain JSON files on this computer (see `infoview path`). "
        "New here? `infoview demo` shows the whole path on sample people, and "
        "`infoview start` walks you through your own.\n\n"
        'Example: infoview prospect add "Maria Lopez" --relation neighbor --field "social work"'
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"infoview {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    home: Path | None = typer.Option(
        None,
        "--home",
        envvar="INFOVIEW_HOME",
        help="Folder that holds your data (default: your user data folder; see `infoview path`).",
        show_default=False,
    ),
    bank: Path | None = typer.Option(
        None,
        "--bank",
        envvar="INFOVIEW_BANK",
        help="Use this question bank (YAML) instead of the one that comes with infoview.",
        show_default=False,
    ),
    version: bool = typer.Option(
        False,
        "--version",
        callback=_show_version,
        is_eager=True,
        help="Show the version and exit.",
    ),
) -> None:
    # A command-line byte that is not UTF-8 arrives as a lone surrogate ('caf\udce9');
    # echoed back (a file name, a name not found) it must not stop the command where
    # stdout is strict UTF-8: the byte is written back as it came.
    env = app_env(ctx)
    from infoview.store.schema_cache import use_cache_folder

    use_cache_folder(env.environ)  # the models' schemas, read instead of generated
    reconfigure = getattr(env.output, "reconfigure", None)
    if callable(reconfigure):
        reconfigure(errors="surrogateescape")
    if home is not None:
        env.home = home
    if bank is not None:
        env.bank = bank


def main() -> None:
    """Entry point of the ``infoview`` script and ``python -m infoview``."""
    # pydantic looks for plugins in every installed package's entry points the first time
    # it builds a model (a few ms at each start); infoview uses none. This is pydantic's
    # documented switch, read when it first builds a model (after this line). A value the
    # user set (to run a plugin on purpose) is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    app(prog_name="infoview")
