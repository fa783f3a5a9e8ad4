"""Who led to whom: the referral tree of ``infoview report``.

A link comes from ``Prospect.referred_by`` or from the referrals logged with a
held interview. Only people still on the list count: a link naming an id that
is not listed (a hand-edited file) is left out, and a referral loop is cut
where it is first met, with a warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from infoview.model.dates import sort_key
from infoview.model.interviews import InterviewsFile
from infoview.model.people import Prospect
from infoview.model.text import fold
from infoview.model.vocab import Status
from infoview.rules.interviews import held


@dataclass(frozen=True)
class ReferralNode:
    id: str
    name: str
    status: Status
    children: tuple[ReferralNode, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "status": self.status.value,
            "children": [c.as_dict() for c in self.children],
        }


def referral_parents(prospects: Sequence[Prospect], interviews: InterviewsFile) -> dict[str, str]:
    """Who led to whom, as child id -> referrer id, between listed people only.

    ``referred_by`` wins; otherwise the earliest held interview that named the
    person as a referral. Links to ids not on the list and to oneself are ignored.
    """
    listed = {p.id for p in prospects}
    parent: dict[str, str] = {}
    for p in prospects:
        if p.referred_by and p.referred_by in listed and p.referred_by != p.id:
            parent[p.id] = p.referred_by
    logged = [i for i in held(interviews) if i.person in listed]
    for i in sorted(logged, key=lambda i: (sort_key(i.held_at), i.id)):
        for child in i.referrals:
            if child in listed and child != i.person:
                parent.setdefault(child, i.person)
    return parent


def referral_tree(
    prospects: Sequence[Prospect], interviews: InterviewsFile
) -> tuple[tuple[ReferralNode, ...], list[str]]:
    """The referral forest (people with no link are left out) and warnings about loops.

    Roots are people nobody referred who referred someone, by name. A loop (only
    possible in a hand-edited file) is cut at its first member in list order,
    which then becomes a root.
    """
    by_id = {p.id: p for p in prospects}
    order = {p.id: n for n, p in enumerate(prospects)}
    parent = referral_parents(prospects, interviews)
    children: dict[str, list[str]] = {}
    for child, ref in parent.items():
        children.setdefault(ref, []).append(child)
    for kids in children.values():
        kids.sort(key=lambda pid: (fold(by_id[pid].name), pid))

    placed: set[str] = set()

    def build(pid: str) -> ReferralNode:
        placed.add(pid)
        kids = tuple(build(c) for c in children.get(pid, []) if c not in placed)
        p = by_id[pid]
        return ReferralNode(p.id, p.name, p.status, kids)

    roots = [pid for pid in children if pid not in parent]
    roots.sort(key=lambda pid: (fold(by_id[pid].name), pid))
    forest = [build(pid) for pid in roots]
    warnings = []
    # Whatever is linked but not yet placed hangs from a loop.
    linked = sorted(set(parent) | set(children), key=order.__getitem__)
    for pid in linked:
        if pid in placed:
            continue
        seen: list[str] = []
        cur = pid
        while cur not in seen:
            seen.append(cur)
            cur = parent[cur]
        loop = seen[seen.index(cur) :]
        start = min(loop, key=order.__getitem__)
        names = " → ".join(by_id[x].name for x in [*loop, loop[0]])
        warnings.append(
            f"the referrals form a loop ({names}); shown starting from {by_id[start].name}"
        )
        forest.append(build(start))
    return tuple(forest), warnings


def walk(nodes: Iterable[ReferralNode]) -> Iterable[tuple[ReferralNode, tuple[bool, ...]]]:
    """Every node depth first, with, for each level down to it, whether it is the last sibling.

    Renderers draw ``├─`` / ``└─`` and ``│`` from these flags, without recursion.
    """
    stack: list[tuple[ReferralNode, tuple[bool, ...]]] = []
    items = list(nodes)
    for n, node in reversed(list(enumerate(items))):
        stack.append((node, (n == len(items) - 1,)))
    while stack:
        node, flags = stack.pop()
        yield node, flags
        kids = node.children
        for n in range(len(kids) - 1, -1, -1):
            stack.append((kids[n], (*flags, n == len(kids) - 1)))
