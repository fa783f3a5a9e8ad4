"""One timeline: random sequences of a student's actions, and every view agreeing after each.

A Hypothesis state machine drives the use cases (``infoview.usecases``) on a workspace
in a temp folder, with a clock that only moves forward. After every step it checks
that `next`, `thanks`, `outreach list`, `prospect show` and `report` say what each
person's timeline (``rules/timeline.py``) says; that nobody with a conversation
scheduled or held is told to follow up; that the thank-you owed, and by when, is what
the stored interviews say (worked out here, not read back from the timeline); that
nobody has two next actions; that a refused action writes nothing; and that `undo`
puts the files back as they were before each change, byte for byte.
``StoredStatus`` holds the status stored in prospects.json to the timeline.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from infoview.model.dates import When
from infoview.model.errors import InvalidInput, NotFound
from infoview.model.interviews import Cancelled, Held, Scheduled
from infoview.model.vocab import Status
from infoview.rules.agenda import SOON_HOURS, Item
from infoview.rules.bank import load_bank
from infoview.rules.interviews import Meeting, Record
from infoview.rules.timeline import Action, Timeline
from infoview.store.journal import KEEP
from infoview.store.registry import INTERVIEWS
from infoview.store.workspace import LOCK_FILE, Workspace
from infoview.usecases.agenda import agenda_as_of
from infoview.usecases.interviews import (
    cancel_interview,
    log_interview,
    reschedule_interview,
    schedule_interview,
)
from infoview.usecases.outreach import list_outreach, record_reply, record_sent
from infoview.usecases.prospects import add_prospect, edit_prospect
from infoview.usecases.report import build_report
from infoview.usecases.story import person_story
from infoview.usecases.thanks import owed_thanks, record_thanks
from infoview.usecases.timeline import every_timeline
from infoview.usecases.touch import log_contact
from infoview.usecases.undo import last_change, undo_change

ZONE = ZoneInfo("America/New_York")
START = datetime(2026, 11, 25, 9, 30, tzinfo=ZONE)  # a Wednesday
BANK = load_bank(None)  # parsed once: scheduling picks the questions to take along

# Two colleagues (the follow-up clock suggests asking the other), and someone who joins
# the list as a referral from a logged conversation, or by hand.
ORGANIZATION = "Mercy Hospital"
PEOPLE = ("Maria Lopez", "Dev Patel", "Kim Ode")
REFERRAL = "Kim Ode, nurse @ Mercy Hospital"
REFUSED = (InvalidInput, NotFound)  # a student's slip; any other exception is a bug

Files = dict[str, bytes]


# --- what the student types, relative to the clock ------------------------------------


def shifted(moment: datetime, minutes: int) -> datetime:
    """``moment`` moved by real minutes, read on the student's wall clock."""
    return (moment.astimezone(timezone.utc) + timedelta(minutes=minutes)).astimezone(ZONE)


@dataclass(frozen=True)
class Ago:
    """A day or a moment this long before the clock (negative: after it, to be refused)."""

    kind: Literal["day", "moment"]
    back: int  # days for a day, minutes for a moment

    def at(self, now: datetime) -> When:
        if self.kind == "day":
            return now.date() - timedelta(days=self.back)
        return shifted(now, -self.back)


people = st.sampled_from(PEOPLE)
# Mostly the last few days, now and then a little ahead (refused); moments on a quarter-hour
# grid, like the clock and the schedule, so conversations often end together or at `now`.
past = st.one_of(
    st.builds(Ago, st.just("day"), st.integers(-1, 2)),
    st.builds(Ago, st.just("moment"), st.integers(-4, 24 * 4).map(lambda n: n * 15)),
)
ahead = st.integers(-2 * 60, 5 * 24 * 60).map(lambda minutes: minutes // 15 * 15)
lengths = st.sampled_from([None, 20, 30, 45, 60])  # None: the plan's length
waits = st.sampled_from([1, 10, 30, 45, 90, 6 * 60, 23 * 60, 24 * 60, 2 * 24 * 60, 5 * 24 * 60])


# --- what is on disk, and what it says -------------------------------------------------


def files_in(root: Path) -> Files:
    """Every file of the workspace by relative path, but the lock (taken by any change)."""
    found = {}
    for folder, _, names in os.walk(root):  # os.walk, not rglob: this runs thousands of times
        for name in names:
            if name != LOCK_FILE:
                path = os.path.join(folder, name)
                with open(path, "rb") as file:
                    found[os.path.relpath(path, root)] = file.read()
    return found


def documents_in(root: Path) -> Files:
    """The student's documents: the files of the workspace folder itself, not the journal
    and backups each change also writes, in folders of their own."""
    if not root.exists():
        return {}
    with os.scandir(root) as entries:
        return {
            entry.name: Path(entry.path).read_bytes()
            for entry in entries
            if entry.is_file() and entry.name != LOCK_FILE
        }


def documents(files: Files) -> Files:
    """The documents among the files :func:`files_in` found."""
    return {name: data for name, data in files.items() if os.sep not in name}


def ended(talk: Held | Scheduled) -> datetime:
    """When a conversation ended, from the stored record: its moment and minutes, or
    (known by its day only) the midnight after that day in the student's zone."""
    if isinstance(talk, Scheduled):
        return talk.scheduled_at + timedelta(minutes=talk.minutes)
    if isinstance(talk.held_at, datetime):
        return talk.held_at + timedelta(minutes=talk.minutes)
    return datetime.combine(talk.held_at + timedelta(days=1), time.min, tzinfo=ZONE)


@dataclass(frozen=True)
class Owed:
    """A thank-you as the method says it is owed: due a day after the latest conversation."""

    due: datetime
    overdue: bool


def expected_thanks(
    interviews: list[Scheduled | Cancelled | Held], now: datetime
) -> dict[str, Owed]:
    """Who is owed a thank-you: whoever's latest conversation (held, or scheduled and over
    without a log) has none recorded. The latest is the one that ended last; of those that
    ended together, the one logged last, and one not logged yet after them all. A
    thank-you sent after it covers any earlier one."""
    owed = {}
    for pid in {i.person for i in interviews}:
        talks: list[Held | Scheduled] = [
            i
            for i in interviews
            if i.person == pid
            and (isinstance(i, Held) or (isinstance(i, Scheduled) and ended(i) <= now))
        ]
        if not talks:
            continue
        order = {
            id(i): (ended(i), i.logged_at if isinstance(i, Held) else now, interviews.index(i))
            for i in talks
        }
        latest = max(talks, key=lambda i: order[id(i)])
        if not (isinstance(latest, Held) and latest.thanked_at is not None):
            last = ended(latest)
            owed[pid] = Owed(last + timedelta(hours=24), now >= last + timedelta(hours=48))
    return owed


def expected_stage(
    pid: str, interviews: list[Scheduled | Cancelled | Held], owed: dict[str, Owed], now: datetime
) -> str | None:
    """Where someone who talked (or will) stands; None for who has not: their stage
    is the outreach clock's."""
    mine = [i for i in interviews if i.person == pid]
    scheduled = [i for i in mine if isinstance(i, Scheduled)]
    if any(ended(i) <= now for i in scheduled):
        return "unlogged"
    if scheduled:
        return "scheduled"
    if any(isinstance(i, Held) for i in mine):
        return "interviewed" if pid in owed else "thanked"
    return None


def on_the_agenda(action: Action, now: datetime) -> bool:
    """Whether `next` lists an action now: a thank-you and a reply to schedule at once,
    an interview once it is 48 hours away, a follow-up or a stay-in-touch note once due."""
    if action.kind in ("thanks", "schedule"):
        return True
    assert action.due is not None, action
    if action.kind == "interview":
        return now <= action.due <= now + timedelta(hours=SOON_HOURS)
    return action.due <= now


@dataclass(frozen=True)
class Views:
    """What the documents say at one step: read once, checked by every invariant."""

    lines: dict[str, Timeline]
    agenda: list[Item]
    interviews: list[Scheduled | Cancelled | Held]


# --- the machine ----------------------------------------------------------------------


class Student(RuleBasedStateMachine):
    """A student's actions, each as its use case does it, on a workspace of their own."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="timeline-machine-"))
        self.ws = Workspace(self.root / "home")
        self.sheets = self.root / "sheets"  # no interview sheet is printed here
        self.now = START
        self.before_changes: list[Files] = []  # the documents each change undo can revert replaced
        self._views: Views | None = None  # those of the documents and the clock last checked

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def unchecked_views(self) -> Views | None:
        """What the documents say now; None when neither they nor the clock changed since
        the last check (a refused action, or one that changed nothing): it still holds."""
        if self._views is not None:
            return None
        self._views = Views(
            every_timeline(self.ws, self.now),
            agenda_as_of(self.ws, self.now, self.sheets).items,
            list(self.ws.read(INTERVIEWS).interviews),
        )
        return self._views

    def attempt(self, command: str, do: Callable[[], object]) -> None:
        """Run one command: refused, it must leave every file as it was (journal and
        backups too); done, what it replaced is kept for `undo` (as many as it keeps)."""
        before = files_in(self.ws.root)
        try:
            do()
        except REFUSED:
            assert files_in(self.ws.root) == before, f"{command} was refused, yet it wrote"
            event(f"{command}: refused")
            return
        event(f"{command}: done")
        if documents_in(self.ws.root) != documents(before):
            self.before_changes = [*self.before_changes, documents(before)][-KEEP:]
            self._views = None

    # --- what the student does ------------------------------------------------------------

    def add(self, name: str) -> None:
        details = {"name": name, "organization": ORGANIZATION, "cadence_days": 30}
        add_prospect(self.ws, details, self.now)

    @initialize()
    def two_colleagues(self) -> None:
        for name in PEOPLE[:2]:
            self.attempt("prospect add", partial(self.add, name))

    @rule(name=people)
    def prospect_add(self, name: str) -> None:
        self.attempt("prospect add", lambda: self.add(name))

    @rule(name=people, when=past, channel=st.sampled_from(["email", "linkedin"]))
    def outreach_sent(self, name: str, when: Ago, channel: str) -> None:
        """The first message, or a follow-up once one went."""
        at = when.at(self.now)
        self.attempt("outreach sent", lambda: record_sent(self.ws, name, channel, at, self.now))

    @rule(name=people, when=past, declined=st.booleans())
    def outreach_replied(self, name: str, when: Ago, declined: bool) -> None:
        at = when.at(self.now)
        self.attempt(
            "outreach replied",
            lambda: record_reply(self.ws, name, at, declined=declined, now=self.now),
        )

    @rule(name=people, minutes_ahead=ahead, minutes=lengths)
    def interview_schedule(self, name: str, minutes_ahead: int, minutes: int | None) -> None:
        meeting = Meeting(at=shifted(self.now, minutes_ahead), minutes=minutes)
        self.attempt(
            "interview schedule", lambda: schedule_interview(self.ws, BANK, name, meeting, self.now)
        )

    @rule(name=people, minutes_ahead=st.none() | ahead, minutes=lengths)
    def interview_reschedule(
        self, name: str, minutes_ahead: int | None, minutes: int | None
    ) -> None:
        at = None if minutes_ahead is None else shifted(self.now, minutes_ahead)
        meeting = Meeting(at=at, minutes=minutes)
        self.attempt(
            "interview reschedule", lambda: reschedule_interview(self.ws, name, meeting, self.now)
        )

    @rule(name=people)
    def interview_cancel(self, name: str) -> None:
        self.attempt("interview cancel", lambda: cancel_interview(self.ws, name, self.now))

    @rule(name=people, when=st.none() | past, new=st.booleans(), refers=st.booleans())
    def interview_log(self, name: str, when: Ago | None, new: bool, refers: bool) -> None:
        """The scheduled conversation, held; else (unless new) more about the latest one
        logged; else one never scheduled (today, without a date). It may name a referral."""
        record = Record(
            held_at=None if when is None else when.at(self.now),
            notes=("Start in a hospital",),
            referrals=(REFERRAL,) if refers and name != PEOPLE[2] else (),
        )
        self.attempt(
            "interview log", lambda: log_interview(self.ws, name, record, self.now, new=new)
        )

    @rule(name=people, when=past, channel=st.sampled_from(["email", "card"]))
    def thanks_sent(self, name: str, when: Ago, channel: str) -> None:
        at = when.at(self.now)
        self.attempt("thanks sent", lambda: record_thanks(self.ws, name, at, channel, self.now))

    @rule(name=people, when=past)
    def touch(self, name: str, when: Ago) -> None:
        at = when.at(self.now)
        self.attempt(
            "touch", lambda: log_contact(self.ws, name, at, "email", "Saw your talk", self.now)
        )

    @rule(name=people, status=st.sampled_from(Status))
    def prospect_edit_status(self, name: str, status: Status) -> None:
        """A status by hand: kept for someone with nothing recorded, else refused."""
        self.attempt(
            "prospect edit --status",
            lambda: edit_prospect(self.ws, name, {"status": status}, self.now),
        )

    @rule()
    def outreach_list(self) -> None:
        """The one view that writes: whoever's clock ran out is moved to no-response."""
        self.attempt("outreach list", lambda: list_outreach(self.ws, self.now, due_only=False))

    @rule(minutes=waits)
    def time_passes(self, minutes: int) -> None:
        self.now = shifted(self.now, minutes)
        self._views = None

    @rule()
    def undo(self) -> None:
        """The last change stepped back: the documents are as they were before it, byte
        for byte; with none left (the journal keeps 20), refused, writing nothing."""
        if not self.before_changes:
            before = files_in(self.ws.root)
            try:
                last_change(self.ws)
            except InvalidInput:
                assert files_in(self.ws.root) == before
                event("undo: nothing to undo")
                return
            raise AssertionError("undo found a change beyond the last 20 made")
        undo_change(self.ws, last_change(self.ws), self.now)
        *self.before_changes, before = self.before_changes
        assert documents_in(self.ws.root) == before
        event("undo: done")
        self._views = None


class StudentTimeline(Student):
    """After every step: one timeline per person, and every view saying what it says."""

    @invariant()
    def one_timeline(self) -> None:
        views = self.unchecked_views()
        if views is None:
            return
        self.every_view_says_what_the_timeline_says(views)
        self.nobody_in_a_conversation_is_told_to_follow_up(views)
        self.the_thank_you_and_the_stage_follow_the_conversations(views)
        self.nobody_has_two_next_actions(views)

    def every_view_says_what_the_timeline_says(self, views: Views) -> None:
        lines = views.lines
        # `next`: the action of everyone whose action is due, and only theirs.
        listed = {item.person.id: item for item in views.agenda if item.kind != "ask"}
        due = {
            pid
            for pid, line in lines.items()
            if line.action is not None and on_the_agenda(line.action, self.now)
        }
        assert set(listed) == due
        for pid, item in listed.items():
            action = lines[pid].action
            assert action is not None
            said = (item.kind, item.command, item.message, item.due, item.overdue)
            assert said == (action.kind, action.command, action.message, action.due, action.overdue)
        # `thanks`: exactly whom the timeline says is owed one, that very thank-you.
        owed = {o.line.person.id: o.thanks for o in owed_thanks(self.ws, self.now)}
        assert owed == {pid: line.thanks for pid, line in lines.items() if line.thanks}
        # `outreach list` writes only to move whoever's clock ran out to no-response: on
        # a copy then, as a check must not change what it checks.
        ran_out = any(
            line.stage == "no-response" and line.person.status == Status.CONTACTED
            for line in lines.values()
        )
        before = documents_in(self.ws.root)
        rows = list_outreach(self.copy() if ran_out else self.ws, self.now, due_only=False).rows
        assert documents_in(self.ws.root) == before, "outreach list wrote, yet no clock ran out"
        assert {row.person.id: row.action for row in rows} == {
            pid: line.action for pid, line in lines.items() if line.outreach is not None
        }
        # `prospect show`
        for pid, line in lines.items():
            story = person_story(self.ws, pid, self.now).line
            assert (story.stage, story.action) == (line.stage, line.action), pid
        # `report`: the pipeline, and who is due a stay-in-touch note.
        report = build_report(self.ws, self.now)
        stages = Counter(line.status for line in lines.values())
        assert dict(report.pipeline.counts) == {status: stages[status] for status in Status}
        touch = {pid for pid, item in listed.items() if item.kind == "touch"}
        assert {row.id for row in report.touch} == touch

    def copy(self) -> Workspace:
        """A copy of the student's documents, in a workspace of its own."""
        copy = Workspace(Path(tempfile.mkdtemp(dir=self.root)))
        for name, data in documents_in(self.ws.root).items():
            (copy.root / name).write_bytes(data)
        return copy

    def nobody_in_a_conversation_is_told_to_follow_up(self, views: Views) -> None:
        talking = {i.person for i in views.interviews if isinstance(i, (Scheduled, Held))}
        for pid in talking & set(views.lines):
            action = views.lines[pid].action
            assert action is None or action.kind not in ("outreach", "schedule"), (pid, action)
        for item in views.agenda:
            assert item.person.id not in talking or item.kind not in ("outreach", "schedule"), item

    def the_thank_you_and_the_stage_follow_the_conversations(self, views: Views) -> None:
        owed = expected_thanks(views.interviews, self.now)
        thanks = [item for item in views.agenda if item.kind == "thanks"]
        shown = {item.person.id: (item.due, item.overdue) for item in thanks}
        assert len(shown) == len(thanks)
        assert shown == {pid: (o.due, o.overdue) for pid, o in owed.items()}
        for pid, line in views.lines.items():
            stage = expected_stage(pid, views.interviews, owed, self.now)
            assert stage is None or line.stage == stage, (pid, line.stage, stage)

    def nobody_has_two_next_actions(self, views: Views) -> None:
        per_person = Counter(item.person.id for item in views.agenda)
        assert max(per_person.values(), default=1) == 1, per_person
        for pid, line in views.lines.items():
            # The thank-you owed is the one next action, due when the thank-you is.
            action, thanks = line.action, line.thanks
            assert (action is not None and action.kind == "thanks") == (thanks is not None), pid
            if thanks is not None:
                assert action is not None and action.due == thanks.due_by


class StoredStatus(Student):
    """The same student, and the status in prospects.json (what `prospect list` shows and
    filters by) held to the timeline's: every command that moves a person sets it
    (``rules/people.py move_status``); only the follow-up clock running out moves the
    stage without a command, and `outreach list` stores that."""

    @invariant()
    def the_stored_status_is_the_timelines(self) -> None:
        views = self.unchecked_views()
        if views is None:
            return
        for pid, line in views.lines.items():
            stored = line.person.status
            ran_out = stored == Status.CONTACTED and line.status == Status.NO_RESPONSE
            assert stored == line.status or ran_out, (pid, stored.value, line.stage)


# Each example is a new workspace and 40 steps; the gate's profile draws the same ones.
TestStudentTimeline = StudentTimeline.TestCase
TestStudentTimeline.settings = settings(max_examples=20, stateful_step_count=40, deadline=None)
TestStoredStatus = StoredStatus.TestCase
TestStoredStatus.settings = settings(max_examples=10, stateful_step_count=40, deadline=None)
