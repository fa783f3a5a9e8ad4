"""What the draft commands share: facts to ask for, editing, .eml files, the clipboard, output."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeVar

from infoview.cli.editor import edit_text
from infoview.cli.output import Output
from infoview.formats.eml import build_eml
from infoview.model.errors import InvalidInput
from infoview.model.people import Profile, Prospect
from infoview.rules.drafting import Draft, Finding, split_draft
from infoview.store.workspace import Workspace
from infoview.usecases.profile import missing_facts, save_profile


def complete_profile(out: Output, ws: Workspace, needs: Mapping[str, str]) -> None:
    """Make sure the profile has every fact a draft needs, asking at a terminal for what
    is missing (and saving it); elsewhere there is nobody to ask."""
    missing = missing_facts(ws, needs)
    if not missing:
        return
    if not out.env.input_is_terminal():
        options = " ".join(f"--{k} ..." for k in missing)
        raise InvalidInput(
            f"this draft needs your {' and '.join(missing.values())}, which your profile lacks",
            hint=f"infoview profile set {options}",
        )
    answers = {}
    for key, label in missing.items():
        answer = out.ask(f"Your {label}: ").strip()
        if not answer:
            raise InvalidInput("nothing entered; nothing was drafted")
        answers[key] = answer
    save_profile(ws, answers, out.env.now())
    out.notice("saved to your profile")


def require_email(person: Prospect, what: str) -> None:
    if not person.email:
        raise InvalidInput(
            f"{person.name} has no email address for {what}",
            hint=f"infoview prospect edit {person.id} --email ...",
        )


def write_eml(
    out: Output, target: str, subject: str, body: str, profile: Profile, person: Prospect
) -> None:
    data = build_eml(
        subject=subject,
        body=body,
        from_name=profile.name,
        from_email=profile.email or "",
        to_name=person.name,
        to_email=person.email or "",
        now=out.env.now(),
    )
    out.write_file(target, data)
    out.notice(f"wrote {target}: open it in your mail program to send")


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


def copy_and_say(out: Output, text: str) -> None:
    """Put ``text`` on the clipboard and say whether it worked."""
    if copy_to_clipboard(text):
        out.notice("copied to the clipboard")
    else:
        out.notice("no clipboard here (install xclip, xsel or wl-clipboard); copy the text above")


def edit_draft(out: Output, text: str, channel: str) -> tuple[str | None, str]:
    """The draft after the student edited it; an empty result cancels."""
    edited = edit_text(out.env, text)
    if not edited.strip():
        raise InvalidInput("the draft came back empty; cancelled")
    subject, body = split_draft(edited)
    return (subject if channel == "email" else None), body.rstrip("\n") + "\n"


def show_draft(out: Output, subject: str | None, body: str, findings: Sequence[Any]) -> str:
    """Print the draft, then its lint on stderr; return it as one text (for the clipboard)."""
    text = f"Subject: {subject}\n\n{body}" if subject else body
    out.say(text.rstrip("\n"))
    for f in findings:
        out.notice(f"lint: {f.rule}: {f.message}")
    if not findings:
        out.notice("lint: no findings")
    return text


D = TypeVar("D", bound="_Drafted")


class _Drafted(Protocol):
    """What every draft a command shows has: the draft, who it is from and to, its lint."""

    @property
    def draft(self) -> Draft: ...
    @property
    def profile(self) -> Profile: ...
    @property
    def person(self) -> Prospect: ...
    def relint(self, subject: str | None, body: str) -> list[Finding]: ...
    def edited(self: D, subject: str | None, body: str, findings: list[Finding]) -> D: ...


def edit_and_write(out: Output, result: D, *, edit: bool, eml: str | None) -> D:
    """The draft after the student edited it (``edit``), linted again, and written as an
    .eml when asked for (``eml``)."""
    if edit:
        subject, body = edit_draft(out, result.draft.text, result.draft.channel)
        result = result.edited(subject, body, result.relint(subject, body))
    if eml is not None:
        draft = result.draft
        write_eml(out, eml, draft.subject or "", draft.body, result.profile, result.person)
    return result
