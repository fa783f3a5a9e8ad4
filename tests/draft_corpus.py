"""A corpus of realistic prospects, typed and imported, to draft every message for.

Shapes: honorifics, kinship words, suffixes, accents and non-Latin names; role,
organisation and field each known or missing; every relation; referrals linked to
someone listed; alumni with and without a school; strangers with and without where
they were found. ``corpus()`` gives the same list every time (no randomness).
"""

from __future__ import annotations

import itertools
from typing import Any

from infoview.formats.linkedin import parse_linkedin
from infoview.formats.vcard import parse_vcard
from infoview.model.people import Profile, Prospect
from infoview.model.vocab import Relation

STAMP = "2026-11-20T09:00:00-05:00"

NAMES = [
    "Mr. Robert Hall",
    "Dr. Samuel Weiss",
    "Samuel Weiss, MD",
    "Uncle Ben Kahale",
    "Aunt Keiko Tanaka",
    "Mom",
    "Abuela",
    "Tía Rosa Gómez",
    "Cousin Leilani Akana",
    "Ms. Adaeze Okafor",
    "Adaeze Okafor",
    "Coach Marco Rivera",
    "María José García López",
    "Ana-Sofía de la Cruz",
    "José Ramírez",
    "王小明",
    "Nguyễn Thị Lan",
    "Siobhán O'Connor",
    "Robert Hall Jr.",
    "Prof. Ingrid van der Berg",
    "Dr. Priya Raman, PhD",
    "Weiss, Samuel",
    "Kwame Mensah",
    "Olu Adeyemi-Bakare",
]
WORKS = [
    ("Child Psychiatrist", "St. Mary's Hospital", []),
    ("Software Engineer", "Stripe", []),
    ("", "", ["marine biology"]),
    ("Paralegal", "Hall & Weiss LLP", []),
    ("Welder", "", []),
    ("Registered Nurse", "Mercy Hospital", ["nursing"]),
    ("", "", []),
    ("", "Kahale Plumbing", []),
    ("Marriage and Family Therapist", "", ["psychology"]),
    ("", "", ["scuba diving"]),
    ("UX Designer", "Figma", ["UX and UI Design"]),
]
RELATIONS = [r for r in Relation if r not in (Relation.REFERRAL, Relation.CONNECTION)]


def _person(number: int, name: str, **details: Any) -> Prospect:
    return Prospect(id=f"p{number:03d}", name=name, created_at=STAMP, updated_at=STAMP, **details)


def typed() -> list[Prospect]:
    """Prospects as a student types them: every name with several relations and works."""
    people: list[Prospect] = []
    combos = itertools.product(range(len(NAMES)), range(len(RELATIONS)))
    for n, r in combos:
        role, org, fields = WORKS[(n * 3 + r) % len(WORKS)]
        relation = RELATIONS[r]
        details: dict[str, Any] = {
            "relation": relation,
            "role": role,
            "organization": org,
            "fields": fields,
        }
        if relation == Relation.ALUMNI and n % 3 == 0:
            details["school"] = "Roosevelt College"
        if relation == Relation.OTHER and n % 2 == 0:
            details["how_found"] = "your talk at the career fair"
        people.append(_person(len(people), NAMES[n], **details))
    # Referrals, linked to someone already listed (some of them family or friends).
    for i, name in enumerate(["Jordan Avery", "Dr. Lena Stein", "Ms. Grace Park", "Tomás Ruiz"]):
        referrer = people[i * 7]
        people.append(
            _person(
                len(people),
                name,
                relation=Relation.REFERRAL,
                referred_by=referrer.id,
                role=WORKS[i][0],
                organization=WORKS[i][1],
            )
        )
    # Known some other way, and suggested by someone on the list too.
    people.append(_person(len(people), "Kim Ode", relation=Relation.ALUMNI, referred_by="p000"))
    return people


VCARDS = """BEGIN:VCARD
VERSION:3.0
N:Tanaka;Keiko;;Aunt;
FN:Aunt Keiko Tanaka
TITLE:Child Psychiatrist
ORG:St. Mary's Hospital
CATEGORIES:myContacts,Family
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Weiss;Samuel;;Dr.;
FN:Samuel Weiss
TITLE:Psychiatrist
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Okafor;Adaeze;;Ms.;
FN:Adaeze Okafor
TITLE:Chemistry Teacher
ORG:Lincoln High
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:;Mom;;;
FN:Mom
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Kahale;Ben;;Uncle;
FN:Uncle Ben
ORG:Kahale Plumbing
CATEGORIES:Family
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Rivera;Marco;;Coach;
FN:Marco Rivera
TITLE:Athletic Trainer
END:VCARD
BEGIN:VCARD
VERSION:2.1
N;CHARSET=UTF-8:Gómez;Rosa;;Tía;
FN;CHARSET=UTF-8:Tía Rosa
END:VCARD
BEGIN:VCARD
VERSION:4.0
N:王;小明;;;
FN:王小明
TITLE:Data Scientist
END:VCARD
"""

LINKEDIN = """Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Priya,Raman,https://www.linkedin.com/in/priyaraman,,Genentech,Senior Scientist,12 Nov 2026
Kwame,Mensah,https://www.linkedin.com/in/kwamemensah,kwame@example.com,IBEW Local 3,\
Apprentice Electrician,01 Oct 2026
Siobhán,O'Connor,https://www.linkedin.com/in/siobhan,,,,03 Sep 2026
Lena,Stein,https://www.linkedin.com/in/lenastein,,Legal Aid Society,Paralegal,15 Aug 2026
"""


def imported() -> list[Prospect]:
    """Prospects as an import leaves them: relation 'other' unless changed, each as the
    student might then set it (an imported aunt marked family, and so on)."""
    rows = parse_vcard(VCARDS).rows + parse_linkedin(LINKEDIN).rows
    relations = [
        Relation.FAMILY, Relation.OTHER, Relation.TEACHER, Relation.FAMILY, Relation.FAMILY,
        Relation.TEACHER, Relation.FAMILY, Relation.OTHER, Relation.CONNECTION,
        Relation.CONNECTION, Relation.CONNECTION, Relation.CONNECTION,
    ]  # fmt: skip
    people = []
    for number, (row, relation) in enumerate(zip(rows, relations, strict=True)):
        people.append(
            _person(
                500 + number,
                row.name,
                role=row.role,
                organization=row.organization,
                address_as=row.address_as,
                relation=relation,
                linkedin=row.linkedin,
            )
        )
    # The same people still as imported: relation "other", as the import leaves them.
    for number, row in enumerate(rows[:4]):
        people.append(_person(600 + number, row.name, role=row.role, address_as=row.address_as))
    return people


def corpus() -> list[Prospect]:
    return typed() + imported()


PROFILES = [
    Profile(
        name="Kim Lee", school="Lincoln High", year="junior", phone="555-0142", updated_at=STAMP
    ),
    Profile(name="Diego Álvarez", phone="+1 555 0199", updated_at=STAMP),
]
