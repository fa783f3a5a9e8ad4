"""Reading the documents a timeline is made of, once, and every person's timeline."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

from infoview.rules.timeline import Documents, Timeline, timelines
from infoview.store.document import Document
from infoview.store.registry import CONTACTS, INTERVIEWS, OUTREACH, PLANS, PROSPECTS, SETTINGS
from infoview.store.workspace import Transaction, Workspace


def read_documents(ws: Workspace) -> Documents:
    """Every document a timeline needs, each read once."""
    return _documents(ws.read)


def documents_in(tx: Transaction) -> Documents:
    """The same, as a transaction has them (with its own changes)."""
    return _documents(tx.get)


def _documents(get: Callable[[Document[Any]], Any]) -> Documents:
    return Documents(
        prospects=get(PROSPECTS).prospects,
        outreach=get(OUTREACH),
        interviews=get(INTERVIEWS),
        contacts=get(CONTACTS),
        settings=get(SETTINGS),
        plans=get(PLANS),
    )


def every_timeline(
    ws: Workspace, now: datetime, only: Collection[str] | None = None
) -> dict[str, Timeline]:
    """Everyone's timeline at ``now`` (``only``: just those people's)."""
    return timelines(read_documents(ws), now, only)
