"""The report of the whole search: pipeline, fields, referrals, thank-yous, staying in touch."""

from __future__ import annotations

from datetime import datetime

from infoview.rules.fields import load_field_map
from infoview.rules.report import Report, compute
from infoview.store.registry import PROFILE
from infoview.store.workspace import Workspace
from infoview.usecases.timeline import read_documents


def build_report(ws: Workspace, now: datetime) -> Report:
    """The report of a workspace as of ``now``; reads only, takes no lock.

    Its ``warnings`` (a referral loop in a hand-edited file) are for the student.
    """
    return compute(
        profile=ws.read(PROFILE).profile,
        docs=read_documents(ws),
        now=now,
        field_map=load_field_map(),
    )
