"""The student's profile: saving it, and the facts a draft needs from it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from infoview.model.errors import NotFound
from infoview.model.people import Profile
from infoview.rules.people import set_profile
from infoview.store.registry import PROFILE
from infoview.store.workspace import Workspace


def save_profile(ws: Workspace, changes: Mapping[str, Any], now: datetime) -> Profile:
    """Create the profile (a name is needed) or change the given fields of it."""
    with ws.transaction() as tx:
        return set_profile(tx, changes, now)


def show_profile(ws: Workspace) -> Profile:
    profile = ws.read(PROFILE).profile
    if profile is None:
        raise NotFound(
            "no profile yet", hint='set one with: infoview profile set --name "Your Name"'
        )
    return profile


def missing_facts(ws: Workspace, needs: Mapping[str, str]) -> dict[str, str]:
    """Which of ``needs`` (profile field -> how to ask for it) the profile lacks."""
    profile = ws.read(PROFILE).profile
    return {
        key: label for key, label in needs.items() if profile is None or not getattr(profile, key)
    }
