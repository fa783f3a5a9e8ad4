"""A person's story (``usecases/story.py``) as the labelled lines `prospect show` prints."""

from __future__ import annotations

from infoview.model.dates import show
from infoview.model.interviews import Cancelled, Held, Scheduled
from infoview.model.people import Prospect, split_notes
from infoview.model.vocab import Mode
from infoview.rules.wording import address_for
from infoview.usecases.story import Story

MODE_WORDS = {Mode.IN_PERSON: "in person", Mode.VIDEO: "by video", Mode.PHONE: "by phone"}


def story_lines(story: Story) -> list[tuple[str, str]]:
    """Label and value pairs, the person's details first; empty values are left out."""
    p, line = story.person, story.line
    action = line.action
    return [
        ("Role", p.role),
        ("Organization", p.organization),
        ("Fields", ", ".join(p.fields)),
        ("Relation", p.relation.value),
        ("Greeted as", address_for(p)),
        ("School", p.school),
        ("Found through", p.how_found),
        ("Email", p.email or ""),
        ("Phone", p.phone or ""),
        ("LinkedIn", p.linkedin or ""),
        ("Tags", ", ".join(p.tags)),
        ("Priority", str(p.priority)),
        ("Status", line.stage),
        ("Next", f"{action.message}\n{action.command}" if action else ""),
        ("Referred by", _referred_by(story)),
        ("Referred", "\n".join(_someone(r) for r in story.referred)),
        ("Outreach", _outreach(story)),
        ("Interviews", "\n".join(_interview(story, i) for i in line.interviews)),
        ("Thank-you", _thank_you(story)),
        ("Stay in touch", _touch(story)),
        ("Added", show(p.created_at)),
        ("Updated", show(p.updated_at)),
        ("Notes", _notes(p)),
    ]


UNDATED = "undated"


def _notes(p: Prospect) -> str:
    """One note a line, newest last, each after its day ("undated" for one written before
    notes were dated); a note's further lines, and a long one's wrapping, go under its day."""
    return "\n".join(
        f"{UNDATED if n.day is None else show(n.day)}: {n.text}" for n in split_notes(p.notes)
    )


def _someone(p: Prospect) -> str:
    return f"{p.name} ({p.id}, {p.status.value})"


def _referred_by(story: Story) -> str:
    if story.referrer is not None:
        return _someone(story.referrer)
    return story.person.referred_by or ""  # someone no longer on the list


def _outreach(story: Story) -> str:
    record = story.line.outreach
    if record is None:
        return ""
    lines = [f"{record.channel}, sent {show(record.sent_at)}"]
    lines += [f"follow-up {n}: {show(f)}" for n, f in enumerate(record.follow_ups, start=1)]
    if record.replied_at is not None:
        said = "declined" if record.declined else "replied"
        lines.append(f"{said} {show(record.replied_at)}")
    return "\n".join(lines)


def _interview(story: Story, i: Scheduled | Cancelled | Held) -> str:
    when = show(i.held_at) if isinstance(i, Held) else show(i.scheduled_at)
    where = i.link or i.where
    text = f"{story.state(i)} {when}, {i.minutes} minutes {MODE_WORDS[i.mode]}"
    if where:
        text += f" ({where})"
    if isinstance(i, Held) and i.interest is not None:
        text += f", interest {i.interest}/5"
    return text


def _thank_you(story: Story) -> str:
    owed = story.line.thanks
    if owed is not None:
        return owed.describe()
    sent = next((h for h in reversed(story.line.held) if h.thanked_at is not None), None)
    if sent is None or sent.thanked_at is None:
        return ""
    timing = "within 24 hours" if story.in_time(sent) else "later than 24 hours"
    return f"sent {show(sent.thanked_at)} ({sent.thanks_channel or 'email'}), {timing}"


def _touch(story: Story) -> str:
    cadence = story.person.cadence_days
    lines = [f"every {cadence} days" if cadence else "no reminders"]
    lines += [
        f"{show(c.at)} ({c.channel})" + (f": {c.note}" if c.note else "")
        for c in story.line.contacts
    ]
    return "\n".join(lines)
