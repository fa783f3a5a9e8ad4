"""How the student knows someone, from what an address book says of them.

An import would otherwise leave everyone as ``other``, and a cousin, an aunt or a
family friend would get the cold note for a stranger. The clues, strongest first:

1. a kinship word in the name or nickname ("Aunt Keiko Tanaka", "Tía Rosa");
2. the groups or labels the contact is in ("Family", "Family friends", "Vecinos",
   "Coworkers"), in English and in Spanish, matched as whole group names;
3. a clear phrase in the notes ("family friend", "my teacher", "next door");
4. a LinkedIn export: every row is a connection.

Each guess comes with its reason, which `prospect import --dry-run` shows; the
file's own relation column and ``--relation`` are never second-guessed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from infoview.formats.incoming import Incoming
from infoview.model.names import KINSHIP, parse_name
from infoview.model.text import fold
from infoview.model.vocab import Relation

# Group names as people's phones write them, folded (case, accents), by relation.
GROUPS: dict[str, Relation] = {
    **dict.fromkeys(
        ("family", "familia", "relatives", "parientes", "my family", "mi familia", "familie"),
        Relation.FAMILY,
    ),
    **dict.fromkeys(
        (
            "family friends", "family friend", "friends of the family", "amigos de la familia",
            "amigos de familia", "parents' friends", "parents friends",
        ),
        Relation.FAMILY_FRIEND,
    ),
    **dict.fromkeys(
        ("neighbors", "neighbours", "neighbor", "neighbour", "vecinos", "vecinas", "vecino"),
        Relation.NEIGHBOR,
    ),
    **dict.fromkeys(
        ("friends", "friend", "amigos", "amigas", "amigo", "amiga", "classmates", "companeros"),
        Relation.FRIEND,
    ),
    **dict.fromkeys(
        (
            "coworkers", "co-workers", "coworker", "colleagues", "work", "colegas", "trabajo",
            "companeros de trabajo", "job",
        ),
        Relation.COWORKER,
    ),
    **dict.fromkeys(
        ("teachers", "teacher", "coaches", "profesores", "maestros", "maestras", "school staff"),
        Relation.TEACHER,
    ),
    **dict.fromkeys(("alumni", "exalumnos", "ex-alumnos", "alumnae"), Relation.ALUMNI),
}  # fmt: skip

# Phrases in a note that say how the student knows them; the first that matches wins.
NOTE_PHRASES: tuple[tuple[re.Pattern[str], Relation], ...] = (
    (re.compile(r"\bfamily friend|\bfriend of (?:the|my|our) family|\bamig[oa] de la familia|"
                r"\b(?:mom|dad|mum|mother|father|parents)'?s? (?:college |old |best )?"
                r"(?:friend|roommate)", re.I), Relation.FAMILY_FRIEND),
    (re.compile(r"\bmy (?:aunt|uncle|cousin|grandma|grandpa|grandmother|grandfather|"
                r"t[ií]a|t[ií]o|prim[oa]|abuel[oa])\b|"
                r"\b(?:mom|dad|mum|mother|father)'?s (?:cousin|sister|brother|aunt|uncle)\b|"
                r"\b(?:prim[oa]|t[ií][oa]|abuel[oa]|sobrin[oa]) de\b", re.I), Relation.FAMILY),
    (re.compile(r"\b(?:my|our) (?:teacher|coach|professor|tutor)\b|\b(?:mi )?profesor[a]?\b",
                re.I), Relation.TEACHER),
    (re.compile(r"\bneighbou?r\b|\bnext door\b|\bvecin[oa]\b", re.I), Relation.NEIGHBOR),
    (re.compile(r"\bco-?worker\b|\bcolleague\b|\bworked (?:with|together)\b", re.I),
     Relation.COWORKER),
    (re.compile(r"\bclassmate\b", re.I), Relation.FRIEND),
    (re.compile(r"\balum(?:na|nus|ni)?\b", re.I), Relation.ALUMNI),
)  # fmt: skip


class Guess(NamedTuple):
    relation: Relation
    reason: str  # "'Aunt' in the name", "in the group 'Family friends'"


def guess_relation(row: Incoming, source: str = "") -> Guess | None:
    """How the student knows the person of ``row``, and why; None when nothing says."""
    kin = parse_name(row.name).kinship or _kin_word(row.nickname)
    if kin:
        where = "name" if parse_name(row.name).kinship else "nickname"
        return Guess(Relation.FAMILY, f"'{kin}' in the {where}")
    for group in row.groups:
        relation = GROUPS.get(_group_key(group))
        if relation is not None:
            return Guess(relation, f"in the group '{group.strip()}'")
    for pattern, relation in NOTE_PHRASES:
        found = pattern.search(row.notes)
        if found:
            return Guess(relation, f"the note says '{found.group(0)}'")
    if source == "linkedin":
        return Guess(Relation.CONNECTION, "a LinkedIn connection")
    return None


def _group_key(group: str) -> str:
    return fold(group).strip(" *").replace("’", "'")


def _kin_word(nickname: str) -> str:
    words = nickname.split()
    return words[0] if words and fold(words[0]).strip(".,") in KINSHIP else ""
