"""What the draft commands (outreach and thanks) share: facts to ask for, editing, output."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from infoview.cli.common import AppEnv, edit_text, notice, print_json, say
from infoview.model.errors import InvalidInput

if TYPE_CHECKING:
    from infoview.model.people import Profile, Prospect
    from infoview.store.workspace import Workspace


def ask(question: str) -> str:
    """Ask for a missing fact at a terminal; elsewhere there is nobody to ask."""
    typer.echo(f"{question}: ", nl=False, err=True)
    line = sys.stdin.readline()
    if not line.strip():
        raise InvalidInput("nothing entered; nothing was drafted")
    return line.strip()


def complete_profile(env: AppEnv, ws: Workspace, needs: dict[str, str]) -> Profile:
    """The profile with every fact this draft needs, asking for what is missing."""
    from infoview.rules.people import set_profile
    from infoview.store.registry import PROFILE

    profile = ws.read(PROFILE).profile
    missing = {
        key: label for key, label in needs.items() if profile is None or not getattr(profile, key)
    }
    if not missing:
        assert profile is not None
        return profile
    if not sys.stdin.isatty():
        options = " ".join(f"--{k} ..." for k in missing)
        raise InvalidInput(
            f"this draft needs your {' and '.join(missing.values())}, which your profile lacks",
            hint=f"infoview profile set {options}",
        )
    answers = {key: ask(f"Your {label}") for key, label in missing.items()}
    with ws.transaction() as tx:
        saved = set_profile(tx, answers, env.now())
    notice("saved to your profile")
    return saved


def broad_field(env: AppEnv, ws: Workspace, person: Prospect) -> str:
    bank = env.load_bank(ws)
    ids = bank.field_ids_for(person.fields)
    names = [f.name.lower() for f in bank.fields if f.id in ids]
    if names:
        return names[0]
    return person.fields[0] if person.fields else "your field"


def write_eml(
    path: Path, subject: str, body: str, profile: Profile, target: Prospect, env: AppEnv
) -> None:
    from infoview.formats.eml import build_eml
    from infoview.store.files import atomic_write

    data = build_eml(
        subject=subject,
        body=body,
        from_name=profile.name,
        from_email=profile.email or "",
        to_name=target.name,
        to_email=target.email or "",
        now=env.now(),
    )
    try:
        atomic_write(path.expanduser().absolute(), data)
    except OSError as exc:
        raise InvalidInput(f"could not write {path}: {exc.strerror or exc}") from None
    notice(f"wrote {path}: open it in your mail program to send")


def copy_to_clipboard(text: str) -> bool:
    """Put text on the clipboard with whatever program this system has for it."""
    for command in (
        ["pbcopy"],
        ["wl-copy"],
        ["xclip", "-selection", "clipboard"],
        ["xsel", "--clipboard", "--input"],
        ["clip.exe"],
    ):
        if shutil.which(command[0]):
            try:
                done = subprocess.run(command, input=text.encode(), timeout=5, check=False)
            except (OSError, subprocess.TimeoutExpired):
                continue
            if done.returncode == 0:
                return True
    return False


def require_email(target: Prospect, what: str) -> None:
    if not target.email:
        raise InvalidInput(
            f"{target.name} has no email address for {what}",
            hint=f"infoview prospect edit {target.id} --email ...",
        )


def edit_draft(env: AppEnv, text: str, channel: str) -> tuple[str | None, str]:
    """The draft after the student edited it; an empty result cancels."""
    from infoview.rules.drafting import split_draft

    edited = edit_text(text, environ=env.environ)
    if not edited.strip():
        raise InvalidInput("the draft came back empty; cancelled")
    subject, body = split_draft(edited)
    return (subject if channel == "email" else None), body.rstrip("\n") + "\n"


def emit_draft(
    target: Prospect,
    channel: str,
    subject: str | None,
    body: str,
    findings: Sequence[Any],
    *,
    as_json: bool,
    extra: dict[str, Any] | None = None,
) -> str:
    """Print the draft and its lint (or the JSON form); return it as one text."""
    from infoview.rules.drafting import count_words

    text = f"Subject: {subject}\n\n{body}" if subject else body
    if as_json:
        print_json(
            {
                "person": target.id,
                "channel": channel,
                **(extra or {}),
                "subject": subject,
                "body": body,
                "words": count_words(body),
                "lint": [f.as_dict() for f in findings],
            }
        )
        return text
    say(text.rstrip("\n"))
    for f in findings:
        notice(f"lint: {f.rule}: {f.message}")
    if not findings:
        notice("lint: no findings")
    return text
