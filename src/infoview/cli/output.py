"""Everything a command writes: results on stdout, notes on stderr, JSON, tables and files.

Every command renders through :class:`Output`, which writes to the injected
streams of :class:`~infoview.cli.env.AppEnv`. Every option that names a file to
write (``-o``, ``--ics``, ``--eml``, ``--html``, a backup archive) goes through
:meth:`Output.write_file`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import typer

from infoview.cli.env import AppEnv, app_env, expand_user
from infoview.model.errors import ExitCode, InfoviewError, InvalidInput
from infoview.render import terminal


def command_line(ctx: typer.Context) -> str:
    """The command and its arguments, "thanks sent maria" (options left out)."""
    words = ctx.command_path.split()[1:]  # without the program's own name
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        if param.param_type_name == "argument" and isinstance(value, str):
            words.append(value)
    return " ".join(words)


class Output:
    """The screen and files of one command run."""

    def __init__(self, env: AppEnv) -> None:
        self.env = env

    @classmethod
    def of(cls, ctx: typer.Context) -> Output:
        """The output of the command ``ctx`` runs (which also names the change it makes)."""
        env = app_env(ctx)
        env.command_line = command_line(ctx)
        return cls(env)

    @property
    def plain(self) -> bool:
        return self.env.plain()

    def say(self, message: str = "") -> None:
        """A result line on stdout."""
        typer.echo(message, file=self.env.output)

    def write(self, text: str) -> None:
        """Text on stdout exactly as given (a sheet or an export to the screen)."""
        typer.echo(text, file=self.env.output, nl=False)

    def write_bytes(self, data: bytes) -> None:
        """Bytes on stdout exactly as given (an export to the screen, with any byte order mark)."""
        typer.echo(data, file=self.env.output, nl=False)

    def tell(self, message: str) -> None:
        """A line of an interactive session, on stderr beside its questions (no "note:")."""
        typer.echo(message, file=self.env.errors)

    def notice(self, message: str) -> None:
        """Something worth knowing that is not the result: on stderr, so pipes stay clean."""
        typer.echo(f"note: {message}", file=self.env.errors)

    def warn(self, messages: Iterable[str]) -> None:
        for message in messages:
            typer.echo(f"warning: {message}", file=self.env.errors)

    def ask(self, prompt: str) -> str:
        """A prompt on stderr and the line typed, '' at the end of input."""
        typer.echo(prompt, nl=False, file=self.env.errors)
        return self.env.input.readline()

    def json(self, data: Any) -> None:
        """JSON only, on stdout: for scripts."""
        from infoview.store.files import json_text

        self.say(json_text(data))  # json.dumps(indent=2, sort_keys=True), by pydantic-core

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], **options: Any) -> None:
        terminal.table(self.env.output, self.plain, headers, rows, **options)

    def fields(self, title: str, pairs: Sequence[tuple[str, str]]) -> None:
        terminal.fields(self.env.output, self.plain, title, pairs)

    def confirm(self, question: str) -> bool:
        """Ask yes/no on stderr; no answer (end of input) counts as no.

        Not typer.confirm: it turns Ctrl-C into an ordinary abort, and Ctrl-C must
        exit 130.
        """
        line = self.ask(f"{question} [y/N]: ")
        if not line:
            typer.echo("", file=self.env.errors)
            return False
        return line.strip().lower() in ("y", "yes")

    def check_files(self, *targets: Path | str | None) -> None:
        """Refuse, before anything is done, the files a command was asked to write.

        A command calls it first, with each output option given (None: not given),
        so that a refused path leaves everything as it was; :meth:`write_file` checks
        again at the moment of writing.
        """
        for target in targets:
            if target is not None:
                self.output_path(target)

    def output_path(self, target: Path | str) -> Path:
        """The absolute path of a file the student named to write, if it may be written.

        ``~`` is expanded (an unknown ``~user`` is a clear error). A path inside the
        workspace (its symlinks and the target's resolved) or one that exists and is
        not a regular file (a symbolic link, a folder, a FIFO, a device) is
        :class:`InvalidInput` (see :mod:`infoview.store.outputs`).
        """
        from infoview.store.outputs import check_output

        path = expand_user(Path(target)).absolute()
        check_output(path, self._workspace_root())
        return path

    def output_folder(self, target: Path | str) -> Path:
        """The absolute path of a folder the student named to write files in, if it is
        outside the workspace (``questions sheet -o FOLDER``, ``demo --keep``)."""
        from infoview.store.outputs import check_outside

        path = expand_user(Path(target)).absolute()
        check_outside(path, self._workspace_root())
        return path

    def _workspace_root(self) -> Path:
        """``env.workspace().root`` without its checks: a workspace that cannot be used
        (or a bad $INFOVIEW_LOCK_TIMEOUT) is the command's to report, not the path's."""
        return self.env.home_path()

    def write_file(self, target: Path | str, data: bytes, *, hint: str | None = None) -> Path:
        """Write ``data`` to the file a student named (0600, atomically); the path written.

        The path is checked by :meth:`output_path`. A file that cannot be written
        (or is refused) is :class:`InvalidInput` naming the path and the reason,
        with ``hint`` (what was saved all the same).
        """
        from infoview.store.files import atomic_write

        try:
            path = self.output_path(target)
        except InvalidInput as exc:
            exc.hint = exc.hint or hint
            raise
        try:
            atomic_write(path, data)
        except OSError as exc:
            raise InvalidInput(
                f"could not write {path}: {exc.strerror or exc}", hint=hint
            ) from None
        return path


def fail(env: AppEnv, error: InfoviewError) -> NoReturn:
    """Report ``error`` as one line on stderr and exit with its code."""
    message = error.message
    if error.hint:
        message += f" ({error.hint})"
    typer.echo(f"infoview: {_one_line(message)}", file=env.errors)
    raise typer.Exit(int(error.exit_code))


def internal_error(env: AppEnv, exc: BaseException) -> NoReturn:
    """A bug: one line and exit 70, or the traceback with INFOVIEW_DEBUG=1."""
    if env.debug():
        raise exc
    typer.echo(
        f"infoview: internal error: {type(exc).__name__}: {_one_line(str(exc))[:300]} "
        "(this is a bug in infoview; set INFOVIEW_DEBUG=1 to see where)",
        file=env.errors,
    )
    raise typer.Exit(int(ExitCode.INTERNAL))


def _one_line(text: str) -> str:
    return " ".join(text.split())
