"""Looking beyond one field: the fields around it, and who on the list works there."""

from __future__ import annotations

from dataclasses import dataclass, field

from infoview.rules.fields import Broadening, broaden, load_field_map
from infoview.store.registry import PROSPECTS, people_warnings
from infoview.store.workspace import Workspace


@dataclass(frozen=True)
class Broadened:
    broadening: Broadening
    have_prospects: bool  # False: nobody is listed yet, so nobody can be in or near it
    warnings: list[str] = field(default_factory=list)  # about the prospect list itself

    def as_dict(self) -> dict[str, object]:
        return self.broadening.as_dict()


def broaden_field(ws: Workspace, text: str) -> Broadened:
    """The field ``text`` names, the fields around it, and the prospects in and near them."""
    field_map = load_field_map()
    file = ws.read(PROSPECTS)
    result = broaden(field_map, text, file.prospects)
    return Broadened(result, bool(file.prospects), people_warnings(file))
