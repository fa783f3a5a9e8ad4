"""`infoview profile`: who the student is, used to sign drafts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from infoview.cli.common import app_env, print_fields, print_json, say

if TYPE_CHECKING:
    from infoview.model.people import Profile

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
    from infoview.rules.people import set_profile

    changes: dict[str, Any] = {
        k: v
        for k, v in {
            "name": name,
            "school": school,
            "year": year,
            "email": email,
            "phone": phone,
            "interests": interests,
        }.items()
        if v is not None
    }
    env = app_env(ctx)
    with env.workspace().transaction() as tx:
        profile = set_profile(tx, changes, env.now())
    if as_json:
        print_json(profile.model_dump(mode="json"))
    else:
        say(f"Saved your profile, {profile.name}.")


@app.command("show")
def show(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Show your profile.

    Example: infoview profile show --json
    """
    from infoview.model.errors import NotFound
    from infoview.store.registry import PROFILE

    profile = app_env(ctx).workspace().read(PROFILE).profile
    if profile is None:
        raise NotFound(
            "no profile yet", hint='set one with: infoview profile set --name "Your Name"'
        )
    if as_json:
        print_json(profile.model_dump(mode="json"))
    else:
        print_fields(profile.name, _profile_lines(profile))


def _profile_lines(p: Profile) -> list[tuple[str, str]]:
    return [
        ("School", p.school),
        ("Year", p.year),
        ("Email", p.email or ""),
        ("Phone", p.phone or ""),
        ("Interests", ", ".join(p.interests)),
    ]
