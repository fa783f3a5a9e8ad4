"""Questions: the bank's (from YAML) and the student's own (stored in ``questions.json``).

A bank is trusted data shipped with infoview or named with ``--bank``; the
student's own questions take part in everything a bank question does.

Fit tags. A bank question that assumes something about the person's path says
so with ``requires`` and ``not_for``, over the small vocabulary ``PATHS`` (what
the person's path to their current job went through):

    degree           it needed a college degree (a bachelor's or more)
    no-degree        it needed no college degree (a trade, a certificate, the job itself)
    graduate-degree  it needed a graduate or professional degree (implies degree)
    medical-school   medical school and residency, an MD or DO (implies graduate-degree, license)
    bar              law school and the bar exam, a lawyer (implies graduate-degree, license)
    license          a licence or certification to practise (a nurse, a classroom teacher,
                     a professional engineer, a licensed electrician)
    apprenticeship   an apprenticeship, the usual way into the trade (implies no-degree)

``requires: [bar]`` asks the question only of a person known to have that path
(a lawyer, not a paralegal nor someone whose path is unknown); ``not_for:
[no-degree]`` leaves it out for a person known to have that path and asks it of
everyone else, the unknown included. Which person has which path is worked out
in :mod:`infoview.rules.question_fit`. The student's own questions carry no fit
tags: they fit everyone.
"""

import enum
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, ConfigDict, Field

from infoview.model.base import StoredModel, Timestamp, empty_list
from infoview.model.limits import QUESTION_MINUTES_MAX, QUESTION_MINUTES_MIN
from infoview.model.prebuilt import Prebuilt
from infoview.model.text import clean_line

QUESTION_TEXT_MAX = 400

Slug = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


# The paths a question may require or not be for (see the module docstring).
PathTrait = Literal[
    "degree",
    "no-degree",
    "graduate-degree",
    "medical-school",
    "bar",
    "license",
    "apprenticeship",
]
PATHS: tuple[PathTrait, ...] = get_args(PathTrait)
# A path that holds makes these hold too (closed: each lists everything it implies).
PATH_IMPLIES: dict[str, frozenset[str]] = {
    "graduate-degree": frozenset({"degree"}),
    "medical-school": frozenset({"graduate-degree", "degree", "license"}),
    "bar": frozenset({"graduate-degree", "degree", "license"}),
    "apprenticeship": frozenset({"no-degree"}),
}
# Paths that cannot both hold for one person.
PATH_CONFLICTS: tuple[tuple[str, str], ...] = (("degree", "no-degree"),)


class Phase(str, enum.Enum):
    """Where a question sits in the conversation; questions are asked in this order."""

    OPENING = "opening"
    CORE = "core"
    CLOSING = "closing"


PHASE_ORDER = {Phase.OPENING: 0, Phase.CORE: 1, Phase.CLOSING: 2}


def _question_text(value: str) -> str:
    return clean_line(value, what="text", max_length=QUESTION_TEXT_MAX, allow_empty=False)


QuestionText = Annotated[str, AfterValidator(_question_text)]


class BankModel(Prebuilt):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Category(BankModel):
    id: Slug
    title: Annotated[str, Field(min_length=1)]
    description: str = ""


class FieldArea(BankModel):
    """A career area: aliases match a prospect's free-text fields; related ones broaden."""

    id: Slug
    name: Annotated[str, Field(min_length=1)]
    aliases: list[str] = Field(default_factory=empty_list)
    related: list[Slug] = Field(default_factory=empty_list)


class Question(BankModel):
    id: Slug
    text: QuestionText
    category: Slug
    phase: Phase
    minutes: int = Field(ge=QUESTION_MINUTES_MIN, le=QUESTION_MINUTES_MAX)
    tags: list[str] = Field(default_factory=empty_list)
    fields: list[str] = Field(default_factory=empty_list)
    # Whom it fits: asked only when every `requires` path is known to hold, and
    # never when a `not_for` path is known to hold (PATHS, in the module docstring).
    requires: list[PathTrait] = Field(default_factory=empty_list)
    not_for: list[PathTrait] = Field(default_factory=empty_list)
    # Kept word for word from the user's own text: the lint reports it as accepted.
    verbatim: bool = False


class BankFile(BankModel):
    schema_version: Literal[1]
    categories: list[Category]
    fields: list[FieldArea] = Field(default_factory=empty_list)
    questions: list[Question]


# --- the student's own questions, stored in the workspace --------------------


class OwnQuestion(StoredModel):
    id: Slug
    text: QuestionText
    category: Slug
    phase: Phase = Phase.CORE
    minutes: int = Field(default=3, ge=QUESTION_MINUTES_MIN, le=QUESTION_MINUTES_MAX)
    tags: list[str] = Field(default_factory=empty_list)
    fields: list[str] = Field(default_factory=empty_list)
    created_at: Timestamp

    def as_question(self) -> Question:
        return Question(
            id=self.id,
            text=self.text,
            category=self.category,
            phase=self.phase,
            minutes=self.minutes,
            tags=[*self.tags, "mine"],
            fields=self.fields,
        )


class QuestionsFile(StoredModel):
    schema_version: Literal[1] = 1
    questions: list[OwnQuestion] = Field(default_factory=empty_list)
