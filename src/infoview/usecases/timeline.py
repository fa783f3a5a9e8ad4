"""Reading the documents a timeline is made of, once, and every person's timeline."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from infoview.rules.status import gather
from infoview.rules.timeline import Documents, Timeline, timelines
from infoview.store.workspace import Transaction, Workspace


def read_documents(ws: Workspace) -> Documents:
    """Every document a timeline needs, each read once."""
    return gather(ws.read)


def documents_in(tx: Transaction) -> Documents:
    """The same, as a transaction has them (with its own changes)."""
    return gather(tx.get)


def every_timeline(
    ws: Workspace, now: datetime, only: Collection[str] | None = None
) -> dict[str, Timeline]:
    """Everyone's timeline at ``now`` (``only``: just those people's)."""
    return timelines(read_documents(ws), now, only)
