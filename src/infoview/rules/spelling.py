"""Whether a word the student typed is a slip of the keyboard for a known one.

A ratio of shared letters (difflib's) takes "zookeeper" for "bookkeeper": nine
letters of ten agree, yet nobody types a z for a b and drops a k. Typing slips
are a letter missed, doubled, swapped with its neighbour or struck next to the
right one, and the first letter is almost always right. So a slip here is at
most one such edit in a short word (two in a word of ten letters or more),
with the first letter kept (or swapped with the second: "pyschiatry").
"""

from __future__ import annotations

# Shorter known words are never corrected: "law" is not a slip for "lab".
SHORTEST_CORRECTED = 4
# From this length a word may carry two slips ("archetecure"); "astrology" (9) is
# not two slips from "astronomy".
TWO_SLIPS_FROM = 10


def edits_between(a: str, b: str) -> int:
    """Letters inserted, deleted, replaced or swapped with a neighbour to turn a into b
    (the optimal string alignment distance)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        row = [i, *([0] * len(b))]
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


def is_slip(typed: str, known: str) -> bool:
    """True when ``typed`` reads as ``known`` mistyped (never when they are equal)."""
    if typed == known or len(known) < SHORTEST_CORRECTED or not typed:
        return False
    first_kept = typed[0] == known[0] or typed[:2] == known[1::-1]
    allowed = 2 if len(known) >= TWO_SLIPS_FROM else 1
    return first_kept and edits_between(typed, known) <= allowed


def slip_for(typed: str, known: list[str]) -> str | None:
    """The known word ``typed`` is a slip for: the fewest edits away, else the first."""
    best: tuple[int, str] | None = None
    for word in known:
        if abs(len(word) - len(typed)) <= 2 and is_slip(typed, word):
            edits = edits_between(typed, word)
            if best is None or edits < best[0]:
                best = (edits, word)
    return best[1] if best else None
