"""A finding of the question lint, as the student reads it (the lint, the picker's own
question, `questions add`): one line, the same everywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from infoview.rules.question_lint import Finding


def finding_line(f: Finding) -> str:
    """One finding of the question lint, as the student reads it."""
    line = f"{f.question_id + ': ' if f.question_id else ''}{f.rule}: {f.message}"
    if f.suggestion:
        line += f'; try: "{f.suggestion}"'
    if f.accepted:
        line += " (accepted: kept word for word)"
    return line
