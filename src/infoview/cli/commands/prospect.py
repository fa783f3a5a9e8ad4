"""`infoview prospect`: the people you might interview."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from infoview.cli.common import (
    AppEnv,
    app_env,
    confirm,
    edit_text,
    notice,
    print_fields,
    print_json,
    print_table,
    say,
    warn_all,
)
from infoview.model.errors import InvalidInput
from infoview.model.vocab import Relation, Status

if TYPE_CHECKING:
    from infoview.model.people import Prospect

app = typer.Typer(
    help=(
        "The people you might interview. Start with family, family friends, neighbours "
        "and teachers; add the people they suggest with --referred-by."
    ),
    no_args_is_help=True,
)

# Options shared by `add` and `edit`.
RoleOpt = Annotated[str | None, typer.Option("--role", help="Their job title.")]
OrgOpt = Annotated[str | None, typer.Option("--org", "--organization", help="Where they work.")]
FieldOpt = Annotated[
    list[str] | None,
    typer.Option("--field", help="Their field, e.g. 'social work'; repeat for more."),
]
RelationOpt = Annotated[
    Relation | None,
    typer.Option("--relation", help="How you know them.", case_sensitive=False),
]
ReferredByOpt = Annotated[
    str | None,
    typer.Option(
        "--referred-by", help="Who suggested them: an id or part of a name (relation: referral)."
    ),
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
NoteOpt = Annotated[str | None, typer.Option("--note", help="Anything worth remembering.")]
PersonArg = Annotated[
    str, typer.Argument(metavar="PERSON", help="An id or any unambiguous part of a name.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only, for scripts.")]
LIST_LIMIT = 50  # table rows `prospect list` draws in a terminal before "…and N more"


def _given(**values: Any) -> dict[str, Any]:
    """Only the options the user actually gave (None means 'not given')."""
    renamed = {"org": "organization", "field": "fields", "tag": "tags", "note": "notes"}
    return {renamed.get(k, k): v for k, v in values.items() if v is not None}


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="Their full name, e.g. 'Maria Lopez'.")
    ],
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
    duplicate: Annotated[
        bool,
        typer.Option("--duplicate", help="Add them even though someone of that name is listed."),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Add someone you might interview.

    Example: infoview prospect add "Maria Lopez" --role "Clinical social worker"
    --org "Mercy Hospital" --field "social work" --relation neighbor --email maria@example.org
    """
    from infoview.rules.people import add_prospect
    from infoview.store.registry import PROSPECTS, people_warnings

    data = _given(
        name=name,
        role=role,
        org=org,
        field=field,
        relation=relation,
        referred_by=referred_by,
        email=email,
        phone=phone,
        linkedin=linkedin,
        tag=tag,
        priority=priority,
        note=note,
    )
    env = app_env(ctx)
    with env.workspace().transaction() as tx:
        change = add_prospect(tx, data, env.now(), duplicate=duplicate)
        warn_all(people_warnings(tx.get(PROSPECTS)))
    for text in change.notices:
        notice(text)
    p = change.prospect
    if as_json:
        print_json(p.model_dump(mode="json"))
    else:
        say(f"Added {p.name} ({p.id}).")


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        Status | None, typer.Option("--status", help="Only people at this step.")
    ] = None,
    field: Annotated[
        str | None, typer.Option("--field", help="Only people whose field contains this.")
    ] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only people with this tag.")] = None,
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
    from infoview.rules.people import filter_prospects
    from infoview.store.registry import PROSPECTS, people_warnings

    file = app_env(ctx).workspace().read(PROSPECTS)
    warn_all(people_warnings(file))
    people = filter_prospects(
        file.prospects, status=status, relation=relation, field_query=field, tag=tag
    )
    if near is not None:
        from infoview.rules.fields import load_field_map
        from infoview.rules.fields import near as in_or_near

        nearby = {p.id for p in in_or_near(load_field_map(), near, file.prospects)}
        people = [p for p in people if p.id in nearby]
    if as_json:
        print_json([p.model_dump(mode="json") for p in people])
        return
    if not people:
        if file.prospects:
            notice("nobody matches those filters")
        else:
            notice('no prospects yet; add one with: infoview prospect add "Name" --relation family')
        return
    print_table(
        ["ID", "Name", "Role", "Organization", "Relation", "Status", "Priority"],
        [
            [
                p.id,
                p.name,
                p.role,
                p.organization,
                p.relation.value,
                p.status.value,
                str(p.priority),
            ]
            for p in people
        ],
        limit=None if show_all else LIST_LIMIT,
        more=" (use --all to see everyone)",
    )


@app.command("show")
def show(
    ctx: typer.Context,
    person: PersonArg,
    as_json: JsonOpt = False,
) -> None:
    """Show everything about one person.

    Example: infoview prospect show maria
    """
    from infoview.rules.people import find
    from infoview.store.registry import PROSPECTS, people_warnings

    file = app_env(ctx).workspace().read(PROSPECTS)
    warn_all(people_warnings(file))
    p = find(file.prospects, person)
    if as_json:
        print_json(p.model_dump(mode="json"))
        return
    by_id = {q.id: q for q in file.prospects}
    referrer = by_id.get(p.referred_by) if p.referred_by else None
    print_fields(f"{p.name} ({p.id})", _prospect_lines(p, referrer))


def _prospect_lines(p: Prospect, referrer: Prospect | None) -> list[tuple[str, str]]:
    referred = f"{referrer.name} ({referrer.id})" if referrer else (p.referred_by or "")
    return [
        ("Role", p.role),
        ("Organization", p.organization),
        ("Fields", ", ".join(p.fields)),
        ("Relation", p.relation.value),
        ("Referred by", referred),
        ("Email", p.email or ""),
        ("Phone", p.phone or ""),
        ("LinkedIn", p.linkedin or ""),
        ("Tags", ", ".join(p.tags)),
        ("Priority", str(p.priority)),
        ("Status", p.status.value),
        ("Stay in touch", f"every {p.cadence_days} days" if p.cadence_days else "no reminders"),
        ("Added", p.created_at.strftime("%Y-%m-%d %H:%M")),
        ("Updated", p.updated_at.strftime("%Y-%m-%d %H:%M")),
        ("Notes", p.notes),
    ]


@app.command("edit")
def edit(
    ctx: typer.Context,
    person: PersonArg,
    name: Annotated[str | None, typer.Option("--name", help="Correct their name.")] = None,
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
    status: Annotated[
        Status | None, typer.Option("--status", help="Set where they stand by hand.")
    ] = None,
    cadence: Annotated[
        str | None,
        typer.Option(
            "--cadence",
            help="How often to stay in touch once thanked: 14d, 30d, 60d, 90d, 180d or none.",
        ),
    ] = None,
    editor: Annotated[
        bool, typer.Option("--editor", help="Edit every field in $VISUAL or $EDITOR.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Change what you know about someone; only the options you give change.

    An empty value clears it (--email ""). --field and --tag replace the list.
    The id stays the same even if the name changes.

    Example: infoview prospect edit maria --role "Director of social work" --cadence 60d
    """
    from infoview.rules.people import edit_prospect

    changes = _given(
        name=name,
        role=role,
        org=org,
        field=field,
        relation=relation,
        referred_by=referred_by,
        email=email,
        phone=phone,
        linkedin=linkedin,
        tag=tag,
        priority=priority,
        note=note,
        status=status,
    )
    if cadence is not None:
        from infoview.model.people import parse_cadence

        try:
            changes["cadence_days"] = parse_cadence(cadence)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from None
    env = app_env(ctx)
    ws = env.workspace()
    if editor:
        if changes:
            raise InvalidInput("use either --editor or options, not both")
        person, edited = _edit_in_editor(env, person)
        if edited is None:
            say("Nothing changed.")
            return
        changes = edited
    elif not changes:
        raise InvalidInput(
            "say what to change, e.g. --role 'Nurse', or use --editor",
        )
    with ws.transaction() as tx:
        change = edit_prospect(tx, person, changes, env.now())
    if as_json:
        print_json(change.prospect.model_dump(mode="json"))
    elif not change.changed:
        say("Nothing changed.")
    else:
        say(f"Updated {change.prospect.name} ({change.prospect.id}).")


def _edit_in_editor(env: AppEnv, person: str) -> tuple[str, dict[str, Any] | None]:
    """Open the form in the editor; return the person's id and what the student changed.

    Only keys whose value differs from the form as shown count as changes, so a
    change made by another command while the editor was open is not undone. A
    form that cannot be read is kept in the workspace so no typing is lost.
    """
    from infoview.rules.people import FormError, find, format_form, parse_form
    from infoview.store.files import atomic_write
    from infoview.store.registry import PROSPECTS

    ws = env.workspace()
    p = find(ws.read(PROSPECTS).prospects, person)
    original = format_form(p)
    edited = edit_text(original, environ=env.environ)
    if edited == original:
        return p.id, None
    try:
        before, after = parse_form(original), parse_form(edited)
    except FormError as exc:
        ws.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        kept = ws.root / f"edit-{p.id}.txt"
        atomic_write(kept, edited.encode())
        raise InvalidInput(
            f"could not read the edited form, {exc.message}",
            hint=f"your text is kept in {kept}",
        ) from None
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    return p.id, changed or None


@app.command("remove")
def remove(
    ctx: typer.Context,
    person: PersonArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")] = False,
) -> None:
    """Remove someone from your list (asks first unless --yes).

    People they referred stay on the list; only the link to them is cleared.

    Example: infoview prospect remove "sam lee" --yes
    """
    from infoview.model.errors import InfoviewError
    from infoview.rules.people import find, remove_prospect
    from infoview.store.registry import PROSPECTS

    env = app_env(ctx)
    ws = env.workspace()
    target = find(ws.read(PROSPECTS).prospects, person)
    if not yes and not confirm(f"Remove {target.name} ({target.id})?"):
        raise InfoviewError(f"{target.name} was not removed")
    with ws.transaction() as tx:
        change = remove_prospect(tx, target.id)
    for text in change.notices:
        notice(text)
    say(f"Removed {change.prospect.name} ({change.prospect.id}).")


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
    status: Annotated[
        Status | None, typer.Option("--status", help="Only people at this step.")
    ] = None,
    tag: Annotated[str | None, typer.Option("--tag", help="Only people with this tag.")] = None,
    bom: Annotated[
        bool, typer.Option("--bom", help="Start a CSV with a UTF-8 byte order mark (for Excel).")
    ] = False,
) -> None:
    """Export your prospects as CSV (spreadsheets), JSON (scripts) or vCard (address books).

    In CSV, a cell starting with = + - @ gets a leading ' so no spreadsheet runs it
    as a formula (a phone "+1 555..." is written '+1 555...).

    Example: infoview prospect export --format vcard -o contacts.vcf --status scheduled
    """
    from pathlib import Path

    from infoview.formats.export import FORMATS, export_prospects
    from infoview.rules.people import filter_prospects
    from infoview.store.files import atomic_write
    from infoview.store.registry import PROSPECTS, people_warnings

    to_screen = output in (None, "-")
    if fmt is None:
        suffixes = {".csv": "csv", ".json": "json", ".vcf": "vcard", ".vcard": "vcard"}
        fmt = "csv" if to_screen else suffixes.get(Path(str(output)).suffix.lower(), "csv")
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise InvalidInput(
            f"unknown export format '{fmt}'", hint=f"use --format {', '.join(FORMATS)}"
        )
    if bom and fmt != "csv":
        raise InvalidInput("--bom only applies to --format csv")
    file = app_env(ctx).workspace().read(PROSPECTS)
    warn_all(people_warnings(file))
    people = filter_prospects(file.prospects, status=status, tag=tag)
    data = export_prospects(people, fmt, bom=bom)
    if not people:
        notice("nobody to export" if not file.prospects else "nobody matches those filters")
    if to_screen:
        typer.echo(data, nl=False)
        return
    path = Path(str(output)).expanduser().absolute()
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise InvalidInput(f"could not write {path}: {exc.strerror or exc}") from None
    count = f"{len(people)} {'person' if len(people) == 1 else 'people'}"
    notice(f"wrote {count} as {fmt} to {path}")


# `prospect import` lives in its own module (its readers are large); it is one of this group's
# commands all the same, listed after the others.
from infoview.cli.commands.prospect_import import import_  # noqa: E402

app.command("import")(import_)
