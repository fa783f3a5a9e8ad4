"""Arguments and options that several commands share, written once.

Each is an ``Annotated`` type for a Typer parameter; a command that needs other
help text declares its own.
"""

from __future__ import annotations

from typing import Annotated

import typer

from infoview.model.limits import (
    COUNT_LIMIT_MAX,
    COUNT_LIMIT_MIN,
    FORCED_MINUTES_MAX,
    FORCED_MINUTES_MIN,
    INTERVIEW_MINUTES_MAX,
    INTERVIEW_MINUTES_MIN,
    QUESTION_MINUTES_MAX,
    QUESTION_MINUTES_MIN,
)

PersonArg = Annotated[
    str, typer.Argument(metavar="PERSON", help="An id or any unambiguous part of a name.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON only, for scripts.")]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask to confirm.")]
EditOpt = Annotated[
    bool, typer.Option("--edit", help="Edit it in $VISUAL/$EDITOR first; an empty result cancels.")
]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace the file it writes if there is one (else it asks at a terminal, "
        "and refuses elsewhere).",
    ),
]
EmlOpt = Annotated[
    str | None,
    typer.Option("--eml", metavar="FILE", help="Also write a .eml draft any mail program opens."),
]
# When something happened: a day or a moment in the past.
OnOpt = Annotated[
    str,
    typer.Option(
        "--on",
        help="A day (2026-12-03, today, yesterday, monday, -2d: no time is made up) "
        "or a time ('2026-12-03 15:30', 'yesterday 4pm', now).",
    ),
]

# --- numbers with a fixed range: one outside it is a usage error (exit 2), said by Click ---

# 5-240: what --force can allow (a number outside is a usage error, exit 2); 20-60
# without --force is the method's rule (exit 1, with the advice).
InterviewMinutesOpt = Annotated[
    int | None,
    typer.Option(
        "--minutes",
        min=FORCED_MINUTES_MIN,
        max=FORCED_MINUTES_MAX,
        help="How long: 20-60 (default 30).",
    ),
]
ScheduleMinutesOpt = Annotated[
    int | None,
    typer.Option(
        "--minutes",
        min=FORCED_MINUTES_MIN,
        max=FORCED_MINUTES_MAX,
        help="How long: 20-60 (default: the minutes of the plan, else 30).",
    ),
]
AnswerMinutesOpt = Annotated[
    int,
    typer.Option(
        "--minutes",
        min=QUESTION_MINUTES_MIN,
        max=QUESTION_MINUTES_MAX,
        help="About how long the answer takes (1-5).",
    ),
]
PickMinutesOpt = Annotated[
    int,
    typer.Option(
        "--minutes",
        min=INTERVIEW_MINUTES_MIN,
        max=INTERVIEW_MINUTES_MAX,
        help="Length of the conversation, 20-60.",
    ),
]
CountOpt = Annotated[
    int | None,
    typer.Option(
        "--count",
        min=COUNT_LIMIT_MIN,
        max=COUNT_LIMIT_MAX,
        help="How many questions (default: about 3 minutes each, 10-20).",
    ),
]
