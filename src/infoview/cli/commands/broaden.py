"""`infoview broaden FIELD`: the fields around a narrow interest, and who you know there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from infoview.cli.common import (
    app_env,
    notice,
    print_fields,
    print_json,
    print_table,
    say,
    warn_all,
)
from infoview.cli.walkthrough import quote

if TYPE_CHECKING:
    from infoview.model.people import Prospect
    from infoview.rules.fields import Broadening


def broaden(
    ctx: typer.Context,
    field: Annotated[
        str,
        typer.Argument(
            metavar="FIELD", help="A career field in your own words, e.g. psychiatry or 'vet'."
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only, for scripts.")] = False,
) -> None:
    """Suggest the fields around FIELD, and which of your prospects work in it or near it.

    Psychiatry leads to psychology, social work, counseling and psychiatric
    nursing: people there know the work too, and often know a psychiatrist.
    Case, plurals and small spelling slips do not matter.

    Example: infoview broaden psychiatry
    """
    from infoview.rules.fields import broaden as broaden_field
    from infoview.rules.fields import load_field_map
    from infoview.store.registry import PROSPECTS, people_warnings

    field_map = load_field_map()
    file = app_env(ctx).workspace().read(PROSPECTS)
    warn_all(people_warnings(file))
    result = broaden_field(field_map, field, file.prospects)
    if as_json:
        print_json(result.as_dict())
        return
    _show(result, have_prospects=bool(file.prospects))


def _names(fields: list[str]) -> str:
    return ", ".join(fields)


def _show(result: Broadening, *, have_prospects: bool) -> None:
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
    print_fields(title, pairs)

    if result.people_in:
        say("")
        say(f"Your prospects in {f.name}:")
        print_table(
            ["ID", "Name", "Role", "Their field"],
            [[p.id, p.name, p.role, _their_field(p)] for p in result.people_in],
        )
    if result.people_near:
        say("")
        say(f"Your prospects near {f.name}:")
        print_table(
            ["ID", "Name", "Role", "Their field", "Near through"],
            [[p.id, p.name, p.role, _their_field(p), c.name] for p, c in result.people_near],
        )
    if result.people_in or result.people_near:
        notice(f"list them with: infoview prospect list --near {f.id}")
    else:
        who = "none of your prospects work in or near" if have_prospects else "no prospects yet in"
        label = quote(f.name.lower())
        notice(f'{who} {f.name}; add someone with: infoview prospect add "Name" --field {label}')


def _their_field(p: Prospect) -> str:
    return ", ".join(p.fields)
