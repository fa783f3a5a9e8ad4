"""Every document of the workspace, in one place, and the rules that span them.

Each :class:`~infoview.store.document.Document` declares its file, its model
(which carries the schema version), its migrations and the fields that hold
person ids. From those declarations alone:

* :func:`forget_person` removes a person from every file (one generic cascade:
  their plan, outreach, interviews and contacts go; links to them are cleared);
* :func:`dangling` finds every person id that names nobody on the list (what
  ``infoview doctor`` reports, and what the commands that show people warn about).

A new document is added here and nowhere else: backup, restore and doctor read
:data:`ALL_DOCUMENTS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from infoview.store.document import Document, Migration, PersonRef, unique
from infoview.store.workspace import Transaction

if TYPE_CHECKING:  # each model is imported when its file is first read (Document.model)
    from infoview.model.contacts import ContactsFile
    from infoview.model.guide import GuideFile
    from infoview.model.interviews import InterviewsFile
    from infoview.model.outreach import OutreachFile, SettingsFile
    from infoview.model.people import ProfileFile, ProspectsFile
    from infoview.model.plans import PlansFile
    from infoview.model.questions import QuestionsFile

RESTART_GUIDE = "run `infoview start` to choose whom to ask first again"


def same(data: dict[str, Any]) -> dict[str, Any]:
    """A migration that changes nothing: the new version only allows more (the version
    rises so that an older infoview refuses the file instead of misreading it)."""
    return data


def upgrade_interviews_v1(data: dict[str, Any]) -> dict[str, Any]:
    from infoview.model.interviews import upgrade_v1

    return upgrade_v1(data)


PROFILE: Document[ProfileFile] = Document("profile.json", "infoview.model.people:ProfileFile")
PROSPECTS: Document[ProspectsFile] = Document(
    "prospects.json",
    "infoview.model.people:ProspectsFile",
    refs=(
        PersonRef(
            "referred_by",
            "{name} ({id}) is referred_by",
            records="prospects",
            fix='infoview prospect edit {id} --referred-by ""',
        ),
    ),
    check=unique("prospects", "id", "the prospect id"),
)
OWN_QUESTIONS: Document[QuestionsFile] = Document(
    "questions.json",
    "infoview.model.questions:QuestionsFile",
    check=unique("questions", "id", "the question id"),
)
PLANS: Document[PlansFile] = Document(
    "plans.json",
    "infoview.model.plans:PlansFile",
    refs=(PersonRef("person", "a question plan is for", records="plans", on_remove="drop"),),
    check=unique("plans", "person", "the plan for"),
)
OUTREACH: Document[OutreachFile] = Document(
    "outreach.json",
    "infoview.model.outreach:OutreachFile",
    migrations=(Migration(1, "a message, a follow-up or a reply may be a day", same),),
    refs=(PersonRef("person", "an outreach record is for", records="records", on_remove="drop"),),
    check=unique("records", "person", "the outreach record for"),
)
INTERVIEWS: Document[InterviewsFile] = Document(
    "interviews.json",
    "infoview.model.interviews:InterviewsFile",
    migrations=(
        Migration(1, "each interview keeps only the fields of its state", upgrade_interviews_v1),
    ),
    refs=(
        PersonRef("person", "the interview {id} is with", records="interviews", on_remove="drop"),
        PersonRef("referrals", "the interview {id} lists", records="interviews"),
    ),
    check=unique("interviews", "id", "the interview id"),
)
CONTACTS: Document[ContactsFile] = Document(
    "contacts.json",
    "infoview.model.contacts:ContactsFile",
    migrations=(Migration(1, "a contact may be a day", same),),
    refs=(PersonRef("person", "a logged contact is with", records="contacts", on_remove="drop"),),
)
SETTINGS: Document[SettingsFile] = Document(
    "settings.json",
    "infoview.model.outreach:SettingsFile",
    migrations=(Migration(1, "a time zone may be set", same),),
)
GUIDE: Document[GuideFile] = Document(
    "guide.json",
    "infoview.model.guide:GuideFile",
    refs=(
        PersonRef("first_person", "the guide's first person is", fix=RESTART_GUIDE),
        PersonRef("drafted_for", "the guide's draft is for", fix=RESTART_GUIDE),
    ),
)

ALL_DOCUMENTS: tuple[Document[Any], ...] = (
    PROFILE,
    PROSPECTS,
    OWN_QUESTIONS,
    PLANS,
    OUTREACH,
    INTERVIEWS,
    CONTACTS,
    SETTINGS,
    GUIDE,
)
DOCUMENTS_BY_NAME: dict[str, Document[Any]] = {doc.filename: doc for doc in ALL_DOCUMENTS}


# --- removing a person ------------------------------------------------------------


def without_person(doc: Document[Any], envelope: Any, person_id: str) -> tuple[Any, list[Any]]:
    """``envelope`` with ``person_id`` gone from every field of ``doc.refs``.

    Returns the new envelope (the same object when nothing named them) and the
    records that stay but lost their link to the person.
    """
    unlinked: list[Any] = []
    for ref in doc.refs:
        if ref.records is None:
            if person_id in ref.ids(envelope):
                envelope = envelope.model_copy(
                    update={ref.field: _cleared(ref, envelope, person_id)}
                )
            continue
        records = list(getattr(envelope, ref.records))
        kept = []
        for record in records:
            if person_id not in ref.ids(record):
                kept.append(record)
            elif ref.on_remove == "clear":
                record = record.model_copy(update={ref.field: _cleared(ref, record, person_id)})
                kept.append(record)
                unlinked.append(record)
        if kept != records:
            envelope = envelope.model_copy(update={ref.records: kept})
    return envelope, unlinked


def _cleared(ref: PersonRef, holder: Any, person_id: str) -> Any:
    value = getattr(holder, ref.field)
    return [i for i in value if i != person_id] if isinstance(value, list) else None


def forget_person(tx: Transaction, person_id: str) -> dict[str, list[Any]]:
    """Remove ``person_id`` from every document; the records unlinked, by file name."""
    unlinked: dict[str, list[Any]] = {}
    for doc in ALL_DOCUMENTS:
        if not doc.refs:
            continue
        envelope = tx.get(doc)
        changed, lost = without_person(doc, envelope, person_id)
        if changed is not envelope:
            tx.put(doc, changed)
        if lost:
            unlinked[doc.filename] = lost
    return unlinked


# --- links to nobody ------------------------------------------------------------------


class Dangling(NamedTuple):
    """A person id in ``doc`` that names nobody on the list."""

    doc: Document[Any]
    ref: PersonRef
    holder: Any
    target: str

    def describe(self) -> str:
        """'Sam Lee (sam-lee) is referred_by 'gone-person''."""
        return f"{self.ref.describe(self.holder)} '{self.target}'"

    def fix(self, path: str) -> str:
        """How to repair it: the document's own advice, else to edit ``path`` by hand."""
        return self.ref.repair(self.holder) or (
            f"remove that entry from {path} by hand, or add '{self.target}' back"
        )


def dangling(models: Mapping[str, Any], ids: set[str]) -> list[Dangling]:
    """Every person id in the loaded documents (by file name) that is not in ``ids``."""
    found: list[Dangling] = []
    for doc in ALL_DOCUMENTS:
        envelope = models.get(doc.filename)
        if envelope is None:
            continue
        for ref in doc.refs:
            for holder in ref.holders(envelope):
                found += [Dangling(doc, ref, holder, t) for t in ref.ids(holder) if t not in ids]
    return found


def people_warnings(file: ProspectsFile) -> list[str]:
    """What the prospect list says about people who are not on it (a hand-edited file)."""
    ids = {p.id for p in file.prospects}
    found = dangling({PROSPECTS.filename: file}, ids)
    return [f"{d.describe()}, who is not in the list" for d in found]
