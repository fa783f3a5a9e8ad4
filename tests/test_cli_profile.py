"""`infoview profile ...` and the top-level commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from infoview import __version__
from tests.helpers import read_json


def test_version(cli: Any) -> None:
    result = cli("--version")
    assert result.stdout.strip() == f"infoview {__version__}"


def test_path_follows_env_and_option(cli: Any, home: Path, tmp_path: Path) -> None:
    assert cli("path").stdout.strip() == str(home)
    other = tmp_path / "elsewhere"
    assert cli("--home", str(other), "path").stdout.strip() == str(other)
    data = json.loads(cli("path", "--json").stdout)
    assert data == {"home": str(home), "exists": False}
    assert not home.exists()  # looking does not create anything


def test_path_default_is_the_user_data_folder(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("INFOVIEW_HOME")
    expected = platformdirs.user_data_dir("infoview", appauthor=False)
    assert cli("path").stdout.strip() == expected


def test_profile_set_and_show(cli: Any, home: Path) -> None:
    result = cli(
        "profile",
        "set",
        "--name",
        "Ana Ruiz",
        "--school",
        "Lincoln High",
        "--year",
        "junior",
        "--email",
        "ana@example.com",
        "--interest",
        "psychology",
    )
    assert "Ana Ruiz" in result.stdout
    stored = read_json(home / "profile.json")
    assert stored["schema_version"] == 1
    assert stored["profile"] == {
        "name": "Ana Ruiz",
        "school": "Lincoln High",
        "year": "junior",
        "email": "ana@example.com",
        "phone": None,
        "interests": ["psychology"],
        "updated_at": "2026-11-25T09:30:00-05:00",
    }
    shown = json.loads(cli("profile", "show", "--json").stdout)
    assert shown == stored["profile"]
    text = cli("profile", "show").stdout
    assert "Lincoln High" in text
    assert "psychology" in text


def test_profile_set_updates_only_given_fields(cli: Any, home: Path) -> None:
    cli("profile", "set", "--name", "Ana Ruiz", "--school", "Lincoln High")
    cli("profile", "set", "--interest", "psychology", "--interest", "social work")
    profile = read_json(home / "profile.json")["profile"]
    assert profile["school"] == "Lincoln High"
    assert profile["interests"] == ["psychology", "social work"]


def test_profile_needs_a_name_first(cli: Any, home: Path) -> None:
    result = cli("profile", "set", "--school", "Lincoln High", expect=1)
    assert "needs a name" in result.stderr
    assert not (home / "profile.json").exists()


def test_profile_show_without_profile(cli: Any) -> None:
    result = cli("profile", "show", expect=1)
    assert "no profile yet" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", ""], "needs a name"),
        (["--name", "Ana", "--email", "ana@"], "email"),
        (["--name", "Ana\x00"], "control character"),
        (["--name", "Ana", "--year", "y" * 61], "limit is 60"),
    ],
)
def test_profile_bad_input(cli: Any, home: Path, args: list[str], message: str) -> None:
    result = cli("profile", "set", *args, expect=1)
    assert message in result.stderr
    assert not (home / "profile.json").exists()


def test_no_arguments_shows_help(cli: Any) -> None:
    result = cli(expect=2)
    assert "prospect" in result.output
    assert "profile" in result.output
