"""Reading the documents a timeline is made of, once, and every person's timeline."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from infoview.rules.timeline import Documents, Timeline, timelines
from infoview.store.registry import CONTACTS, INTERVIEWS, OUTREACH, PLANS, PROSPECTS, SETTINGS
from infoview.store.workspace import Transaction, Workspace


def read_documents(ws: Workspace) -> Documents:
    """Every document a timeline needs, each read once."""
    return Documents(
        prospects=ws.read(PROSPECTS).prospects,
        outreach=ws.read(OUTREACH),
        interviews=ws.read(INTERVIEWS),
        contacts=ws.read(CONTACTS),
        settings=ws.read(SETTINGS),
        plans=ws.read(PLANS),
    )


def documents_in(tx: Transaction) -> Documents:
    """The same, as a transaction has them (with its own changes)."""
    return Documents(
        prospects=tx.get(PROSPECTS).prospects,
        outreach=tx.get(OUTREACH),
        interviews=tx.get(INTERVIEWS),
        contacts=tx.get(CONTACTS),
        settings=tx.get(SETTINGS),
        plans=tx.get(PLANS),
    )


def every_timeline(
    ws: Workspace, now: datetime, only: Collection[str] | None = None
) -> dict[str, Timeline]:
    """Everyone's timeline at ``now`` (``only``: just those people's)."""
    return timelines(read_documents(ws), now, only)
