"""`infoview profile`: who the student is, used to sign drafts."""

from __future__ import annotations

from typing import Any

import typer

from infoview.cli.output import Output
from infoview.model.people import Profile
from infoview.usecases.profile import save_profile, show_profile

app = typer.Typer(
    help="Who you are: your name, school and interests, used to sign your messages.",
    no_args_is_help=True,
)


@app.command("set")
def set_(
    ctx: typer.Context,
    name: str | None = typer.Option(None, "--name", help="Your name as you sign messages."),
    school: str | None = typer.Option(None, "--school", help="Your school or college."),
    year: str | None = typer.Option(
        None, "--year", help="Your year, e.g. junior, senior, 'first-year'."
    ),
    email: str | None = typer.Option(None, "--email", help="Your email address."),
    phone: str | None = typer.Option(None, "--phone", help="Your phone number."),
    interests: list[str] | None = typer.Option(
        None,
        "--interest",
        help="A field you are curious about; repeat for more (replaces the list).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the saved profile as JSON."),
) -> None:
    """Create or update your profile; only the options you give change.

    Example: infoview profile set --name "Ana Ruiz" --school "Lincoln High" --year junior
    --email ana@example.com --interest psychology
    """
    out = Output.of(ctx)
    given = {"name": name, "school": school, "year": year, "email": email, "phone": phone}
    changes: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if interests is not None:
        changes["interests"] = interests
    profile = save_profile(out.env.workspace(), changes, out.env.now())
    if as_json:
        out.json(profile.model_dump(mode="json"))
    else:
        out.say(f"Saved your profile, {profile.name}.")


@app.command("show")
def show(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Show your profile.

    Example: infoview profile show --json
    """
    out = Output.of(ctx)
    profile = show_profile(out.env.workspace())
    if as_json:
        out.json(profile.model_dump(mode="json"))
    else:
        out.fields(profile.name, _profile_lines(profile))


def _profile_lines(p: Profile) -> list[tuple[str, str]]:
    return [
        ("School", p.school),
        ("Year", p.year),
        ("Email", p.email or ""),
        ("Phone", p.phone or ""),
        ("Interests", ", ".join(p.interests)),
    ]
