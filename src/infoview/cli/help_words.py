"""Plain words in ``--help`` instead of Typer's type names.

Typer labels each value with its Python type (``<str>``, ``<list[str]>``,
``<int range> [0<=x<=3]``, ``<new|contacted|...>``), shows ``<bool>`` beside a flag,
and writes an argument as ``{NAME}`` or ``[[PERSON]]`` in the usage line. A student
reads none of that. :func:`plain_words` gives each parameter of a built command that
has no metavar of its own a word instead: ``NAME``, ``TAG``, ``PERSON``, ``DAY``,
``FILE``; a number range as ``1-3``; a flag nothing at all. It only changes what help
shows: the values are still checked as declared (a range, a choice).
"""

from __future__ import annotations

import enum
import re
from typing import Any

from typer.core import TyperArgument

# A word for an option named with several words, or one whose name says too little.
# Any other option is shown as its own name, upper-cased (--tag TAG, --field FIELD).
WORDS: dict[str, str] = {
    "address-as": "GREETING",
    "answer": "ANSWER",
    "at": "WHEN",
    "bank": "FILE",
    "exclude": "ID",
    "home": "FOLDER",
    "how-found": "PLACE",
    "ics": "FILE",
    "include": "ID",
    "interest": "FIELD",
    "keep": "FOLDER",
    "link": "URL",
    "linkedin": "URL",
    "on": "DAY",
    "output": "FILE",
    "referral": "PERSON",
    "referred-by": "PERSON",
    "seed": "NUMBER",
    "update": "TEXT",
    "where": "PLACE",
}


class PlainArgument(TyperArgument):
    """An argument whose usage reads ``NAME``, ``[PERSON]`` or ``DAY...``.

    Typer 0.29 writes a required argument as ``{NAME}`` in the usage line
    (``TyperArgument._usage_display_name``) and puts its type (``<str>``) beside it
    in the Arguments panel (``display_type_rich``), metavar or not. These two
    methods are the narrowest place to say it plainly; parsing is untouched.
    """

    def _usage_display_name(self) -> str:
        word = self.display_name_raw
        return (word if self.required else f"[{word}]") + ("..." if self.nargs != 1 else "")

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


def plain_words(command: Any, *, subcommands: bool = True) -> Any:
    """Give every parameter of ``command`` (and of its subcommands) a plain word.

    ``command`` is a built click command or group; it is changed in place and
    returned. ``subcommands=False`` leaves the commands of a group alone (the root's
    are built lazily, each with this applied when it is built).
    """
    for param in [*command.params, _help_option(command)]:
        if param is not None:
            _plain(param)
    if subcommands:
        for sub in getattr(command, "commands", {}).values():
            plain_words(sub)
    return command


def _help_option(command: Any) -> Any:
    """The command's ``--help``: click makes it on first use, then keeps it."""
    ctx = command.context_class(command, **command.context_settings)
    return command.get_help_option(ctx)


def _plain(param: Any) -> None:
    desc = param.type_descriptor
    if desc.is_choice and desc.choices:
        _name_choices(param, [_choice(c) for c in desc.choices])
    if isinstance(param, TyperArgument):
        word = param.metavar or param.name or "VALUE"
        # An argument's word is bare: its brackets and dots are the usage line's to add.
        param.metavar = re.sub(r"[^A-Za-z0-9_-]", "", word).upper().replace("_", "-")
        param.__class__ = PlainArgument
        return
    if param.metavar is not None:
        return  # a word chosen by hand (RELATION, FIELD, FILE)
    if param.is_flag:
        param.metavar = ""  # a flag takes no value: nothing to show beside it
    elif param.min is not None and param.max is not None:
        # The range is checked by the type (Typer's runtime coercion reads it from
        # the option's declaration), not by these two: they only print "[0<=x<=3]".
        param.metavar = f"{param.min}-{param.max}"
        param.min = param.max = None
    else:
        param.metavar = _word(param)


def _word(param: Any) -> str:
    names = [opt.lstrip("-") for opt in param.opts if opt.startswith("--")]
    name = names[0] if names else str(param.name)
    if name in WORDS:
        return WORDS[name]
    if param.type_descriptor.annotation in (int, float):
        return "NUMBER"
    return name.upper().replace("_", "-")


def _choice(choice: Any) -> str:
    return str(choice.value) if isinstance(choice, enum.Enum) else str(choice)


def _name_choices(param: Any, choices: list[str]) -> None:
    """End the help with the choices, unless it already names some of them.

    A help that names some choices names the ones that may be given there (``prospect
    edit --status``: new, declined or no-response; the rest follow what is recorded).
    """
    text = param.help or ""
    if any(re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text) for c in choices):
        return
    listed = "One of: " + ", ".join(choices) + "."
    param.help = f"{text} {listed}" if text else listed
