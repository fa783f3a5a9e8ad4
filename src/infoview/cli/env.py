"""What a command needs from the outside world, injected so tests need no patching.

Modelled on httpie's ``context.Environment``: the clock, the environment
variables, the three streams and the paths a command uses all come from one
:class:`AppEnv`. A test passes its own as ``CliRunner.invoke(cmd, args, obj=env)``;
the root callback fills ``home`` and ``bank`` from ``--home`` / ``--bank`` (or
``$INFOVIEW_HOME`` / ``$INFOVIEW_BANK``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Mapping
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import typer

from infoview.model.errors import InfoviewError, InvalidInput

if TYPE_CHECKING:
    from infoview.rules.bank import Bank
    from infoview.store.workspace import Workspace


def expand_user(path: Path) -> Path:
    """``~/x`` -> the home folder's x; ``~nosuchuser/x`` is a clear error, not a crash."""
    try:
        return path.expanduser()
    except RuntimeError:  # Path.expanduser() raises for a user the system does not know
        raise InvalidInput(
            f"cannot use {str(path)!r}: there is no user {str(path).split('/')[0][1:]!r} "
            "on this computer"
        ) from None


class AppEnv:
    """The environment of one run of infoview (see the module docstring).

    A stream left as None is the process's own, looked up when it is used
    (Click's test runner swaps ``sys.stdout`` while a command runs). ``bank``: another
    question bank instead of the bundled one; ``clock``: None is the computer's clock,
    in zone(); ``command_line`` ("thanks sent maria") is how `infoview undo` names this
    run's change; ``stdin_isatty``/``stdout_isatty``: whether a stream is a terminal,
    None asks the stream (tests set these, as httpie's do). (A plain class: a dataclass
    costs every command a millisecond at import.)
    """

    def __init__(
        self,
        *,
        home: Path | None = None,
        bank: Path | None = None,
        clock: Callable[[], datetime] | None = None,
        lock_timeout: float | None = None,
        command_line: str = "",
        environ: Mapping[str, str] | None = None,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        stdin_isatty: bool | None = None,
        stdout_isatty: bool | None = None,
    ) -> None:
        self.home, self.bank, self.clock = home, bank, clock
        self.lock_timeout, self.command_line = lock_timeout, command_line
        self.environ: Mapping[str, str] = dict(os.environ) if environ is None else environ
        self.stdin, self.stdout, self.stderr = stdin, stdout, stderr
        self.stdin_isatty, self.stdout_isatty = stdin_isatty, stdout_isatty
        self._zone: tzinfo | None = None
        self._warned = False  # about the folder's mode: once a run

    def replace(self, **changes: Any) -> AppEnv:
        """A new environment with the same settings but ``changes`` (no zone or warning
        worked out yet, as for a new run)."""
        names = "home bank clock lock_timeout command_line environ stdin stdout stderr"
        names += " stdin_isatty stdout_isatty"
        return AppEnv(**{name: changes.get(name, getattr(self, name)) for name in names.split()})

    # --- time ------------------------------------------------------------------

    def now(self) -> datetime:
        """The moment (a test's clock when it gave one), on the student's wall clock."""
        moment = self.clock() if self.clock is not None else datetime.now(timezone.utc)
        return moment.astimezone(self.zone())

    def zone(self) -> tzinfo:
        """The student's IANA time zone: ``settings.json``'s ``timezone``, else the
        computer's (``$TZ`` or the system's setting), else UTC."""
        if self._zone is not None:
            return self._zone
        from infoview.store.registry import SETTINGS

        try:
            name = self.workspace().read(SETTINGS).timezone
        except (InfoviewError, OSError):
            name = None  # a damaged settings.json is reported by the commands that read it
        if name:
            from zoneinfo import ZoneInfo

            self._zone = ZoneInfo(name)
        else:
            self._zone = system_zone(self.environ)
        return self._zone

    # --- streams ---------------------------------------------------------------

    @property
    def input(self) -> TextIO:
        return self.stdin or sys.stdin

    @property
    def output(self) -> TextIO:
        return self.stdout or sys.stdout

    @property
    def errors(self) -> TextIO:
        return self.stderr or sys.stderr

    def input_is_terminal(self) -> bool:
        """Someone types the input: a missing fact can be asked for."""
        return self.stdin_isatty if self.stdin_isatty is not None else _isatty(self.input)

    def output_is_terminal(self) -> bool:
        return self.stdout_isatty if self.stdout_isatty is not None else _isatty(self.output)

    def interactive(self) -> bool:
        """A person at a terminal on both ends: arrow-key menus are possible."""
        return self.input_is_terminal() and self.output_is_terminal()

    def plain(self) -> bool:
        """Plain text, no colour or tables: piped, or NO_COLOR / TERM=dumb asks for it."""
        if self.environ.get("NO_COLOR") or self.environ.get("TERM") == "dumb":
            return True
        return not self.output_is_terminal()

    def debug(self) -> bool:
        return bool(self.environ.get("INFOVIEW_DEBUG"))

    # --- paths -----------------------------------------------------------------

    def home_path(self) -> Path:
        if self.home is not None:
            return expand_user(self.home).absolute()
        from infoview.store.workspace import default_home

        return default_home()

    def workspace(self) -> Workspace:
        from infoview.store.workspace import DEFAULT_LOCK_TIMEOUT, Workspace

        timeout = self.lock_timeout
        if timeout is None:
            raw = self.environ.get("INFOVIEW_LOCK_TIMEOUT", "")
            try:
                timeout = float(raw) if raw else DEFAULT_LOCK_TIMEOUT
                if not 0 <= timeout < float("inf"):  # a wait without end is not a timeout
                    raise ValueError(raw)
            except ValueError:
                raise InvalidInput(
                    f"INFOVIEW_LOCK_TIMEOUT must be a number of seconds (0 or more), not {raw!r}"
                ) from None
        ws = Workspace(self.home_path(), lock_timeout=timeout)
        if self.command_line:
            ws.describe = self.command_line
        ws.check_folder()
        if not self._warned:
            self._warned = True
            self._warn_about_modes(ws)
        return ws

    def _warn_about_modes(self, ws: Workspace) -> None:
        """One line when others can open the workspace folder: not for `doctor` (its report
        says it), nor for a folder that is not a workspace (nothing of infoview's to fix)."""
        if self.command_line.split(" ", 1)[0] == "doctor":
            return
        warning = ws.permission_warning()  # a stat: the doctor is imported only when needed
        if warning is None:
            return
        from infoview.store.doctor import is_workspace

        if is_workspace(ws):
            self.errors.write(f"warning: {warning}\n")

    def bank_path(self) -> Path | None:
        return expand_user(self.bank).absolute() if self.bank is not None else None

    def load_bank(self, ws: Workspace) -> Bank:
        """The question bank in use, with the student's own questions merged in."""
        from infoview.rules.bank import workspace_bank

        return workspace_bank(ws, self.bank_path(), self.cache_path())

    def cache_path(self) -> Path | None:
        """Where the bundled bank's checked JSON copy is kept: $INFOVIEW_CACHE (empty: no
        copy), else the platform's per-user cache folder for infoview."""
        from infoview.store.model_cache import cache_folder

        return cache_folder(self.environ)


LOCALTIME = Path("/etc/localtime")


def system_zone(environ: Mapping[str, str], localtime: Path = LOCALTIME) -> tzinfo:
    """The computer's time zone by its IANA name ($TZ, else the system's), else UTC.

    ``$TZ`` is read from ``environ`` each time (tzlocal caches the first answer it
    gives a process). The system's setting is where the C library reads it: the zone
    file ``/etc/localtime`` links to (Linux, macOS), named by its path under a
    ``zoneinfo`` folder; tzlocal finds any other (Windows, a copied file), but its
    import and search cost a short command a tenth of its time.
    """
    from zoneinfo import ZoneInfo

    names = [environ.get("TZ", "").removeprefix(":")]
    with contextlib.suppress(OSError):
        target = os.readlink(localtime)
        if "/zoneinfo/" in target:
            names.append(target.rsplit("/zoneinfo/", 1)[1])
    for name in names:
        if name:
            try:
                return ZoneInfo(name)
            except (ValueError, OSError, LookupError):  # a POSIX rule, not an IANA name
                pass
    import tzlocal

    try:
        return tzlocal.get_localzone()
    except (ValueError, OSError, LookupError):  # no zone set, or one it cannot name
        return timezone.utc


def _isatty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty()) if callable(isatty) else False


def app_env(ctx: typer.Context) -> AppEnv:
    """The environment of the running command (a test may have passed its own as ``obj``)."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppEnv):
        root.obj = AppEnv()
    return root.obj
