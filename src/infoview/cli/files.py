"""Whether a file the student named may replace one that is already there.

Every command that writes a file the student names (``questions sheet``, ``report
--html``, ``--ics``, ``--eml``, ``prospect export -o``) asks :func:`may_replace`
before it does anything, so that a refusal leaves everything as it was:

- a new file is written without a word;
- ``--force`` replaces an existing one;
- at a terminal (someone types the input, as :meth:`AppEnv.input_is_terminal`
  says) the student is asked "Replace FILE? [y/N]"; no writes nothing (exit 1, as a
  declined ``restore`` / ``undo`` / ``prospect remove`` does);
- elsewhere (a pipe, a script) there is nobody to ask: refused, with the hint
  ``--force to replace it``.

The screen (``-``) is never a file: the commands pass None for it. ``backup`` has its
own rule (an existing archive is never overwritten) and ``demo --keep`` needs an
empty folder: neither asks.
"""

from __future__ import annotations

from pathlib import Path

from infoview.cli.env import AppEnv, expand_user
from infoview.cli.prompts import make_prompter
from infoview.model.errors import InfoviewError, InvalidInput

FORCE_HINT = "--force to replace it"


def may_replace(env: AppEnv, target: Path | str | None, force: bool) -> None:
    """Return if ``target`` may be written (None: the screen); else raise.

    Raises :class:`InvalidInput` when it exists and nobody is at a terminal to say
    yes, :class:`InfoviewError` when the student says no. Either way nothing has been
    written: call it before the command changes anything.
    """
    if target is None or force:
        return
    path = expand_user(Path(target))
    if not path.exists():
        return
    if not env.input_is_terminal():
        raise InvalidInput(f"{target} already exists", hint=FORCE_HINT)
    if not make_prompter(env).confirm(f"Replace {target}?", default=False):
        raise InfoviewError(f"{target} was not replaced; nothing was written")
