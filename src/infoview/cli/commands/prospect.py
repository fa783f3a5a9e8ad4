"""`infoview prospect`: the people you might interview, and bringing them in from other files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from infoview.cli.options import ForceOpt, JsonOpt, PersonArg, YesOpt
from infoview.cli.output import Output
from infoview.cli.prospect_options import (
    RELATION_HELP,
    AddressAsOpt,
    CadenceOpt,
    DuplicateOpt,
    EditorOpt,
    EmailOpt,
    FieldOpt,
    HowFoundOpt,
    LinkedInOpt,
    MatchOpt,
    NameArg,
    NameOpt,
    NoInferOpt,
    NoteOpt,
    OnlyGroupOpt,
    OrgOpt,
    PhoneOpt,
    PickOpt,
    PriorityOpt,
    ReferredByOpt,
    RelationOpt,
    ReplaceNoteOpt,
    RoleOpt,
    SchoolOpt,
    StatusOpt,
    TagOpt,
    parse_relation,
)
from infoview.model.errors import InfoviewError, InvalidInput
from infoview.model.people import Prospect, parse_cadence
from infoview.model.vocab import Relation, Status
from infoview.render.terminal import progress
from infoview.usecases import prospects

if TYPE_CHECKING:
    from infoview.store.workspace import Workspace

app = typer.Typer(
    help=(
        "The people you might interview. Start with family, family friends, neighbours "
        "and teachers; add the people they suggest with --referred-by."
    ),
    no_args_is_help=True,
)

LIST_LIMIT = 50  # table rows `prospect list` draws in a terminal before "…and N more"
NO_PROSPECTS = 'no prospects yet; add one with: infoview prospect add "Name" --relation family'
PROGRESS_ROWS = 2_000  # below this an import is instant; above it, show a progress bar

# Filters shared by `list` and `export`.
StatusFilter = Annotated[Status | None, typer.Option("--status", help="Only people at this step.")]
TagFilter = Annotated[str | None, typer.Option("--tag", help="Only people with this tag.")]


# What `add` and `edit` pass to _details, in this order, by their stored names.
DETAILS: tuple[str, ...] = ("name", "role", "organization", "fields", "relation", "referred_by")
DETAILS += ("email", "phone", "linkedin", "tags", "priority", "note")  # a note dated today
DETAILS += ("address_as", "how_found", "school")


def _details(*values: Any) -> dict[str, Any]:
    """The details given on the command line (in the order of DETAILS); None is 'not given'."""
    return {key: v for key, v in zip(DETAILS, values, strict=True) if v is not None}


@app.command("add")
def add(
    ctx: typer.Context,
    name: NameArg,
    role: RoleOpt = None,
    org: OrgOpt = None,
    field: FieldOpt = None,
    relation: RelationOpt = None,
    referred_by: ReferredByOpt = None,
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    linkedin: LinkedInOpt = None,
    tag: TagOpt = None,
    priority: PriorityOpt = None,
    note: NoteOpt = None,
    address_as: AddressAsOpt = None,
    how_found: HowFoundOpt = None,
    school: SchoolOpt = None,
    no_infer: NoInferOpt = False,
    duplicate: DuplicateOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Add someone you might interview.

    Example: infoview prospect add "Maria Lopez" --role "Clinical social worker"
    --org "Mercy Hospital" --field "social work" --relation neighbor --email maria@example.org
    """
    out = Output.of(ctx)
    details = _details(
        *(name, role, org, field, relation, referred_by, email, phone, linkedin, tag, priority),
        *(note, address_as, how_found, school),
    )
    result = prospects.add_prospect(
        out.env.workspace(), details, out.env.now(), duplicate=duplicate, infer=not no_infer
    )
    out.warn(result.warnings)
    for text in result.notices:
        out.notice(text)
    if as_json:
        out.json(result.as_dict())
    else:
        out.say(f"Added {result.prospect.name} ({result.prospect.id}).")


@app.command("list")
def list_(
    ctx: typer.Context,
    status: StatusFilter = None,
    field: Annotated[
        str | None, typer.Option("--field", help="Only people whose field contains this.")
    ] = None,
    tag: TagFilter = None,
    relation: RelationOpt = None,
    near: Annotated[
        str | None,
        typer.Option(
            "--near",
            metavar="FIELD",
            help="Only people in this career field or one near it (see `infoview broaden`).",
        ),
    ] = None,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all", help=f"In a terminal, show everyone, not only the first {LIST_LIMIT}."
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """List your prospects, highest priority first.

    In a terminal the table stops after the first 50 with how many more there
    are (--all shows everyone); piped, every line is printed.

    Example: infoview prospect list --field "social work" --status new
    """
    out = Output.of(ctx)
    ws = out.env.workspace()
    result = prospects.list_prospects(
        ws, status=status, relation=relation, field_query=field, tag=tag, near_field=near
    )
    out.warn(result.warnings)
    if as_json:
        out.json(result.as_dict())
    else:
        _list_table(out, result, show_all)


def _list_table(out: Output, result: prospects.ProspectList, show_all: bool) -> None:
    if not result.people:
        out.notice("nobody matches those filters" if result.listed else NO_PROSPECTS)
        return
    out.table(
        ["ID", "Name", "Role", "Organization", "Relation", "Status", "Priority"],
        [_list_row(p) for p in result.people],
        limit=None if show_all else LIST_LIMIT,
        more=" (use --all to see everyone)",
        cut=["Organization", "Role", "Relation"],
    )


def _list_row(p: Prospect) -> list[str]:
    return [p.id, p.name, p.role, p.organization, p.relation.value, p.status.value, str(p.priority)]


@app.command("show")
def show(ctx: typer.Context, person: PersonArg, as_json: JsonOpt = False) -> None:
    """Show a person's whole story: their details, who referred them and whom they
    referred, every message, follow-up and reply, every conversation, the thank-you,
    the contacts since, and the one thing to do next (`--json`: the same, for scripts).

    Example: infoview prospect show maria
    """
    from infoview.render.story import story_lines  # a person's story: only `show` draws it
    from infoview.usecases.story import person_story

    out = Output.of(ctx)
    result = person_story(out.env.workspace(), person, out.env.now())
    out.warn(result.warnings)
    if as_json:
        out.json(result.as_dict())
    else:
        out.fields(f"{result.person.name} ({result.person.id})", story_lines(result))


@app.command("edit")
def edit(
    ctx: typer.Context,
    person: PersonArg,
    name: NameOpt = None,
    role: RoleOpt = None,
    org: OrgOpt = None,
    field: FieldOpt = None,
    relation: RelationOpt = None,
    referred_by: ReferredByOpt = None,
    email: EmailOpt = None,
    phone: PhoneOpt = None,
    linkedin: LinkedInOpt = None,
    tag: TagOpt = None,
    priority: PriorityOpt = None,
    note: NoteOpt = None,
    replace_note: ReplaceNoteOpt = None,
    address_as: AddressAsOpt = None,
    how_found: HowFoundOpt = None,
    school: SchoolOpt = None,
    status: StatusOpt = None,
    cadence: CadenceOpt = None,
    editor: EditorOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Change what you know about someone; only the options you give change.

    An empty value clears it (--email ""). --field and --tag replace the list.
    --note adds a note dated today; --replace-note replaces them all ('' deletes them).
    The id stays the same even if the name changes.

    Example: infoview prospect edit maria --role "Director of social work" --cadence 60d
    """
    out = Output.of(ctx)
    changes = _details(
        *(name, role, org, field, relation, referred_by, email, phone, linkedin, tag, priority),
        *(note, address_as, how_found, school),
    )
    changes.update(_status_and_cadence(status, cadence))
    if replace_note is not None:
        changes["replace_note"] = replace_note
    ws = out.env.workspace()
    if editor:
        result = _edit_in_editor(out, ws, person, changes)
    else:
        result = prospects.edit_prospect(ws, person, changes, out.env.now())
    _say_edited(out, result, as_json)


def _say_edited(out: Output, result: prospects.Edited | None, as_json: bool) -> None:
    if result is not None and as_json:
        out.json(result.as_dict())
    elif result is None or not result.changed:
        out.say("Nothing changed.")
    else:
        out.say(f"Updated {result.prospect.name} ({result.prospect.id}).")


def _status_and_cadence(status: Status | None, cadence: str | None) -> dict[str, Any]:
    given: dict[str, Any] = {} if status is None else {"status": status}
    if cadence is not None:
        try:
            given["cadence_days"] = parse_cadence(cadence)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None
    return given


def _edit_in_editor(
    out: Output, ws: Workspace, person: str, options: dict[str, Any]
) -> prospects.Edited | None:
    """Every detail in the student's editor; None when they changed nothing."""
    if options:
        raise InvalidInput("use either --editor or options, not both")
    from infoview.cli.editor import edit_text

    form = prospects.prospect_form(ws, person)
    edited = edit_text(out.env, form.text)
    return prospects.save_prospect_form(ws, form, edited, out.env.now())


@app.command("remove")
def remove(ctx: typer.Context, person: PersonArg, yes: YesOpt = False) -> None:
    """Remove someone from your list (asks first unless --yes).

    People they referred stay on the list; only the link to them is cleared.

    Example: infoview prospect remove "sam lee" --yes
    """
    out = Output.of(ctx)
    ws = out.env.workspace()
    target = prospects.find_prospect(ws, person)
    if not yes and not out.confirm(f"Remove {target.name} ({target.id})?"):
        raise InfoviewError(f"{target.name} was not removed")
    result = prospects.remove_prospect(ws, target.id)
    for text in result.notices:
        out.notice(text)
    out.say(f"Removed {result.prospect.name} ({result.prospect.id}).")


@app.command("export")
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="csv (default), json or vcard; taken from -o's extension (.csv, .json, .vcf) "
            "if unset.",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("-o", "--output", help="File to write (mode 0600); - or unset: the screen."),
    ] = None,
    status: StatusFilter = None,
    tag: TagFilter = None,
    bom: Annotated[
        bool, typer.Option("--bom", help="Start a CSV with a UTF-8 byte order mark (for Excel).")
    ] = False,
    force: ForceOpt = False,
) -> None:
    """Export your prospects as CSV (spreadsheets), JSON (scripts) or vCard (address books).

    In CSV, a cell starting with = + - @ gets a leading ' so no spreadsheet runs it
    as a formula (a phone "+1 555..." is written '+1 555...).

    Example: infoview prospect export --format vcard -o contacts.vcf --status scheduled
    """
    from infoview.cli.files import may_replace

    out = Output.of(ctx)
    target = None if output is None or output == "-" else output  # None: the screen
    out.check_files(target)
    may_replace(out.env, target, force)
    fmt = prospects.export_format(fmt, target, bom=bom)
    result = prospects.export_prospects(out.env.workspace(), fmt, bom=bom, status=status, tag=tag)
    out.warn(result.warnings)
    if not result.count:
        out.notice("nobody to export" if not result.listed else "nobody matches those filters")
    if target is None:
        # Bytes as they are (a BOM included), whatever the screen's encoding.
        out.write_bytes(result.data)
        return
    path = out.write_file(target, result.data)
    count = f"{result.count} {'person' if result.count == 1 else 'people'}"
    out.notice(f"wrote {count} as {fmt} to {path}")


# Options of `import` alone.
FileArg = Annotated[
    Path, typer.Argument(metavar="FILE", help="A .vcf, Connections.csv, .csv or .json file.")
]
SourceFormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        help="auto (from the content), vcard, linkedin, google (Google Contacts CSV), "
        "outlook (Outlook CSV), csv or json.",
    ),
]
RowsRelationOpt = Annotated[
    Relation | None,
    typer.Option(
        "--relation",
        metavar="RELATION",
        parser=parse_relation,
        help="How you know them all, over what the file says or the card suggests. "
        + RELATION_HELP,
    ),
]
EveryoneTagOpt = Annotated[
    list[str] | None, typer.Option("--tag", help="A label to add to everyone; repeatable.")
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Say what would change and write nothing.")
]
UpdateOpt = Annotated[
    bool, typer.Option("--update", help="Let the file overwrite details you already have.")
]


@app.command("import")
def import_(
    ctx: typer.Context,
    file: FileArg,
    fmt: SourceFormatOpt = "auto",
    relation: RowsRelationOpt = None,
    tag: EveryoneTagOpt = None,
    dry_run: DryRunOpt = False,
    update: UpdateOpt = False,
    no_infer: NoInferOpt = False,
    only_group: OnlyGroupOpt = None,
    match: MatchOpt = None,
    pick: PickOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Import people without duplicating anyone already on your list.

    A row matches someone listed by email, LinkedIn address, or the same name at
    the same organisation; a match only fills empty details unless --update. Unless
    --no-infer, a person with no field gets the one their job title names ("Child
    Psychiatrist": psychiatry) and one with no relation the one their groups, name
    or notes say (family for "Aunt Keiko", a LinkedIn connection). --dry-run lists
    each person and what would happen, with the reasons; --pick lets you tick whom.

    Example: infoview prospect import contacts.vcf --relation family --dry-run
    """
    from infoview.cli.import_report import import_report, pick_people
    from infoview.usecases import contacts_import  # the readers of five formats: only here

    out = Output.of(ctx)
    parsed = contacts_import.read_contacts(file, fmt)
    ws, now = out.env.workspace(), out.env.now()
    infer = not no_infer
    picked = None
    if pick:
        picked = pick_people(out, contacts_import.offer(parsed, only_group=only_group, match=match,
                                                  infer=infer, relation=relation))  # fmt: skip
    shown = not as_json and not out.plain and len(parsed.rows) > PROGRESS_ROWS
    with progress(out.env.output, "Importing", len(parsed.rows), shown=shown) as advance:
        result = contacts_import.import_contacts(
            ws, parsed, relation=relation, tags=tag or [], update=update, dry_run=dry_run,
            now=now, progress=advance, infer=infer, only_group=only_group, match=match,
            picked=picked,
        )  # fmt: skip
    if as_json:
        out.json(result.as_dict())
    else:
        import_report(out, file.name, result)
