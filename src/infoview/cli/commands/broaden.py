"""`infoview broaden FIELD`: the fields around a narrow interest, and who you know there."""

from __future__ import annotations

from typing import Annotated

import typer

from infoview.cli.options import JsonOpt
from infoview.cli.output import Output
from infoview.cli.walkthrough import quote
from infoview.model.people import Prospect
from infoview.rules.fields import Broadening
from infoview.usecases.broaden import broaden_field

FieldArg = Annotated[
    str,
    typer.Argument(
        metavar="FIELD", help="A career field in your own words, e.g. psychiatry or 'vet'."
    ),
]


def broaden(ctx: typer.Context, field: FieldArg, as_json: JsonOpt = False) -> None:
    """Suggest the fields around FIELD, and which of your prospects work in it or near it.

    Psychiatry leads to psychology, social work, counseling and psychiatric
    nursing: people there know the work too, and often know a psychiatrist.
    Case, plurals and small spelling slips do not matter.

    Example: infoview broaden psychiatry
    """
    out = Output.of(ctx)
    result = broaden_field(out.env.workspace(), field)
    out.warn(result.warnings)
    if as_json:
        out.json(result.as_dict())
        return
    _show_fields(out, result.broadening)
    _show_people(out, result.broadening, have_prospects=result.have_prospects)


def _show_fields(out: Output, result: Broadening) -> None:
    f = result.match.field
    title = f.name
    if not result.match.exact:
        title += f" (matched '{result.asked.strip()}' as {f.name})"
    by_kind: dict[str, list[str]] = {}
    for other in result.related:
        by_kind.setdefault(result.closeness(other), []).append(other.name)
    pairs = [
        ("Family", result.family.name if result.family else "a family of fields itself"),
        ("Related", _names(by_kind.get("related", []))),
    ]
    if result.family:
        pairs.append((f"Also in {result.family.name}", _names(by_kind.get("same-family", []))))
    else:
        pairs.append(("Fields in it", _names(by_kind.get("member", []))))
    out.fields(title, pairs)


def _show_people(out: Output, result: Broadening, *, have_prospects: bool) -> None:
    f = result.match.field
    if result.people_in:
        out.say()
        out.say(f"Your prospects in {f.name}:")
        out.table(
            ["ID", "Name", "Role", "Their field"],
            [[p.id, p.name, p.role, _their_field(p)] for p in result.people_in],
            cut=["Role"],
        )
    if result.people_near:
        out.say()
        out.say(f"Your prospects near {f.name}:")
        out.table(
            ["ID", "Name", "Role", "Their field", "Near through"],
            [[p.id, p.name, p.role, _their_field(p), c.name] for p, c in result.people_near],
            cut=["Role", "Their field"],
        )
    if result.people_in or result.people_near:
        out.notice(f"list them with: infoview prospect list --near {f.id}")
    else:
        who = "none of your prospects work in or near" if have_prospects else "no prospects yet in"
        label = quote(f.name.lower())
        out.notice(
            f'{who} {f.name}; add someone with: infoview prospect add "Name" --field {label}'
        )


def _names(fields: list[str]) -> str:
    return ", ".join(fields)


def _their_field(p: Prospect) -> str:
    return ", ".join(p.fields)
