"""The answers `infoview start` checks as they are typed, so that a wrong one is asked
again alone, with the reason, and never sends the student back over the answers before it.

Each check is the stored model's own rule for that field (the one `profile set` and
`prospect add` apply), so what passes here is what the command will accept.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from infoview.cli.output import Output
from infoview.cli.prompts import Prompter
from infoview.model.errors import describe_validation_error
from infoview.model.people import Profile

Check = Callable[[str], str | None]  # the reason an answer cannot be taken, or None


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    kind: Any = info.annotation
    if info.metadata:  # the field's validators (email, phone, length...) as pydantic keeps them
        parts = (kind, *info.metadata)
        kind = Annotated[parts]
    return TypeAdapter(kind)


def problem(model: type[BaseModel], name: str, value: object) -> str | None:
    """Why ``value`` cannot be the field ``name`` of ``model``, in one line; None if it can."""
    try:
        _adapter(model, name).validate_python(value)
    except ValidationError as exc:
        return describe_validation_error(exc)
    return None


def field_check(model: type[BaseModel], name: str, *, listed: bool = False) -> Check:
    """The check of one answer for a field of ``model`` (``listed``: a field holding a list)."""
    return lambda answer: problem(model, name, [answer] if listed else answer)


class Answers:
    """Asks through a prompter; an answer that fails its check is asked again, alone."""

    def __init__(self, ask: Prompter, out: Output) -> None:
        self.ask = ask
        self.out = out

    def text(
        self, message: str, check: Check | None = None, *, needed: bool = False, default: str = ""
    ) -> str:
        """One line: '' for Enter when not ``needed``; asked again until ``check`` passes."""
        while True:
            answer = self.ask.text(message, default)
            if not answer:
                if not needed:
                    return ""
                self.out.tell("This one is needed.")
                continue
            reason = check(answer) if check is not None else None
            if reason is None:
                return answer
            self.out.tell(f"{as_said(reason)} Please type it again.")


def as_said(reason: str) -> str:
    """A check's reason as one says it to the student: "value is not a valid email
    address: There must be..." becomes "That is not a valid email address: there must
    be..."."""
    reason = reason.rstrip(".")
    if reason.startswith("value "):
        reason = "That " + reason[len("value ") :]
    else:
        reason = "Not quite: " + reason
    head, sep, tail = reason.partition(": ")
    if sep and tail[:1].isupper() and tail[1:2].islower():
        tail = tail[0].lower() + tail[1:]
    return f"{head}{sep}{tail}."


def interests_check(text: str) -> str | None:
    """Fields the student is curious about, separated by commas: at least one, each short."""
    interests = [part.strip() for part in text.split(",") if part.strip()]
    if not interests:
        return "name at least one field, e.g. psychiatry"
    return problem(Profile, "interests", interests)
