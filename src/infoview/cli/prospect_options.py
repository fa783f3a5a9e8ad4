"""The options `prospect add` and `prospect edit` share: what a student can say about a person."""

from __future__ import annotations

from typing import Annotated

import typer

from infoview.model.errors import InvalidInput
from infoview.model.vocab import Relation, Status, relation_value, relation_words

RoleOpt = Annotated[str | None, typer.Option("--role", help="Their job title.")]
OrgOpt = Annotated[str | None, typer.Option("--org", "--organization", help="Where they work.")]
FieldOpt = Annotated[
    list[str] | None,
    typer.Option("--field", help="Their field, e.g. 'social work'; repeat for more."),
]


def parse_relation(text: str) -> Relation:
    """A --relation word ("family friend", "neighbour", "cousin") as the relation it names."""
    try:
        return relation_value(text)
    except ValueError as exc:
        raise InvalidInput(
            str(exc), hint="or a word such as cousin or classmate: see --help"
        ) from None


RELATION_HELP = (
    "Case, spaces and plurals do not matter; these words are understood: " + relation_words() + "."
)
RelationOpt = Annotated[
    Relation | None,
    typer.Option(
        "--relation",
        metavar="RELATION",
        parser=parse_relation,
        help="How you know them. " + RELATION_HELP,
    ),
]
ReferredByOpt = Annotated[
    str | None,
    typer.Option(
        "--referred-by", help="Who suggested them: an id or part of a name (relation: referral)."
    ),
]
AddressAsOpt = Annotated[
    str | None,
    typer.Option(
        "--address-as",
        help="How to greet them, e.g. 'Dr. Stein', 'Ms. Okafor', 'Aunt Keiko' "
        "(default: from their name and how you know them).",
    ),
]
HowFoundOpt = Annotated[
    str | None,
    typer.Option(
        "--how-found", help="Where you came across them, e.g. 'your talk at the career fair'."
    ),
]
SchoolOpt = Annotated[
    str | None, typer.Option("--school", help="The school you both went to (alumni).")
]
EmailOpt = Annotated[str | None, typer.Option("--email", help="Their email address.")]
PhoneOpt = Annotated[str | None, typer.Option("--phone", help="Their phone number.")]
LinkedInOpt = Annotated[str | None, typer.Option("--linkedin", help="Their LinkedIn profile URL.")]
TagOpt = Annotated[
    list[str] | None, typer.Option("--tag", help="A label of your own; repeat for more.")
]
PriorityOpt = Annotated[
    int | None,
    typer.Option("--priority", min=0, max=3, help="0 (someday) to 3 (ask first); default 1."),
]
NoteOpt = Annotated[
    str | None,
    typer.Option(
        "--note",
        metavar="TEXT",
        help="Anything worth remembering, kept as a note dated today; on edit, added to "
        "the notes already there.",
    ),
]
NoInferOpt = Annotated[
    bool,
    typer.Option(
        "--no-infer", help="Leave the field empty rather than take it from the job title."
    ),
]
NameArg = Annotated[
    str, typer.Argument(metavar="NAME", help="Their full name, e.g. 'Maria Lopez'.")
]
DuplicateOpt = Annotated[
    bool,
    typer.Option("--duplicate", help="Add them even though someone of that name is listed."),
]
OnlyGroupOpt = Annotated[
    str | None,
    typer.Option("--only-group", metavar="NAME", help="Only the contacts in this group or label."),
]
MatchOpt = Annotated[
    str | None,
    typer.Option(
        "--match", metavar="TEXT", help="Only those with this in their name, organization or role."
    ),
]
# Options of `edit` alone.
ReplaceNoteOpt = Annotated[
    str | None,
    typer.Option(
        "--replace-note",
        metavar="TEXT",
        help="Replace every note with this one, dated today; '' deletes them all.",
    ),
]
NameOpt = Annotated[str | None, typer.Option("--name", help="Correct their name.")]
StatusOpt = Annotated[
    Status | None,
    typer.Option(
        "--status",
        help="Where they stand, by hand: new, declined or no-response for someone with "
        "nothing recorded yet (the rest follow what you record).",
    ),
]
CadenceOpt = Annotated[
    str | None,
    typer.Option(
        "--cadence",
        help="How often to stay in touch once thanked: 14d, 30d, 60d, 90d, 180d or none.",
    ),
]
EditorOpt = Annotated[
    bool, typer.Option("--editor", help="Edit every field in $VISUAL or $EDITOR.")
]
PickOpt = Annotated[
    bool,
    typer.Option(
        "--pick", help="Tick whom to import from a list (known relation or field: ticked)."
    ),
]
