"""`infoview report`: the figures, and the terminal, JSON and HTML that show them.

The injected clock starts on Wednesday 25 November 2026, 09:30 (-05:00); the
report is read two hours later.
"""

from __future__ import annotations

import io
import json
import re
import stat
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infoview.model.contacts import ContactsFile
from infoview.model.interviews import Held, InterviewsFile
from infoview.model.outreach import OutreachFile, SettingsFile
from infoview.model.people import Profile, Prospect
from infoview.model.vocab import Status
from infoview.render.report_html import to_html
from infoview.render.report_text import draw, tree_lines
from infoview.rules.fields import load_field_map
from infoview.rules.referrals import referral_tree
from infoview.rules.report import Report, compute, punctuality
from infoview.rules.timeline import Documents, timelines
from infoview.store.registry import PROSPECTS
from infoview.store.workspace import Workspace
from infoview.usecases.report import build_report
from tests.helpers import NOW, STAMP, Clock, prospect_dict
from tests.worlds import build_world, copy_world

ODD_NAME = "Zoë <b>&"


WORLD: list[tuple[str, ...]] = [
    (
        "profile", "set", "--name", "Ana Ruiz", "--school", "Lincoln High",
        "--interest", "Social Work", "--interest", "psychology", "--interest", "Nursing",
        "--interest", "law", "--interest", "marine biology",
    ),
    ("prospect", "add", "Maria Lopez", "--relation", "neighbor", "--field", "social work"),
    ("prospect", "add", ODD_NAME, "--field", "Social Work", "--field", "psychology"),
    ("prospect", "add", "Paz Pending", "--field", "law", "--referred-by", "zoe"),
    ("prospect", "add", "Dee Decline", "--field", "law"),
    ("prospect", "add", "Rita Reply", "--field", "nursing"),
    ("prospect", "add", "Cal Contact"),
    ("prospect", "add", "Nemo Silent"),
    ("prospect", "add", "Nina New", "--field", "[bold]markup[/bold]"),
    # Maria: interviewed and thanked the same day, 120 days ago; her 90 days have run out.
    ("interview", "log", "maria", "--on", "-120d", "--interest", "4",
     "--referral", "Sam Lee, counselor @ Lincoln High"),
    ("thanks", "sent", "maria", "--on", "-120d"),
    # Sam, whom Maria suggested: thanked three days after the interview (late).
    ("interview", "log", "sam", "--on", "-30d", "--interest", "5", "--referral", "Kim Ode"),
    ("thanks", "sent", "sam", "--on", "-27d"),
    # Kim, whom Sam suggested: scheduled.
    ("interview", "schedule", "kim", "--at", "tomorrow 10:00"),
    # Zoë: interviewed three days ago, no thank-you (overdue); Paz: two hours ago (in time).
    ("interview", "log", "zoe", "--on", "-3d", "--interest", "2"),
    ("interview", "log", "paz", "--on", "now"),
    ("outreach", "sent", "cal", "--on", "-2d"),
    ("outreach", "sent", "rita", "--on", "-5d"),
    ("outreach", "replied", "rita", "--on", "-3d"),
    ("outreach", "sent", "dee", "--on", "-5d"),
    ("outreach", "replied", "dee", "--on", "-2d", "--declined"),
    ("prospect", "edit", "nemo", "--status", "no-response"),
]  # fmt: skip


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report's world, built once per session by running WORLD at NOW."""
    root = tmp_path_factory.mktemp("report-world") / "home"
    build_world(root, WORLD, Clock())
    return root


@pytest.fixture
def world(world_template: Path, home: Path, cli: Any, clock: Clock) -> Any:
    """People at every status, referrals Maria → Sam → Kim and Zoë → Paz, each kind of thanks;
    two hours after it was built."""
    copy_world(world_template, home)
    clock.advance(hours=2)
    return cli


def report_of(home: Path, clock: Clock) -> Report:
    return build_report(Workspace(home), clock())


# --- the figures ---------------------------------------------------------------------------


@pytest.mark.usefixtures("world")
def test_pipeline_counts_every_status_in_order(home: Path, clock: Clock) -> None:
    r = report_of(home, clock)
    assert [s for s, _ in r.pipeline.counts] == list(Status)
    assert dict(r.pipeline.counts) == {
        Status.NEW: 1,
        Status.CONTACTED: 1,
        Status.REPLIED: 1,
        Status.SCHEDULED: 1,
        Status.INTERVIEWED: 2,
        Status.THANKED: 2,
        Status.DECLINED: 1,
        Status.NO_RESPONSE: 1,
    }
    assert r.pipeline.total == 10
    assert r.interviews_held == 4
    assert r.student == "Ana Ruiz" and not r.empty


@pytest.mark.usefixtures("world")
def test_fields_merge_spellings_and_sort_by_interviews_held(home: Path, clock: Clock) -> None:
    f = report_of(home, clock).fields
    rows = {r.name: r for r in f.rows}
    # "social work" and "Social Work" are one field, under the first spelling met.
    assert [r.name for r in f.rows] == [
        "social work",
        "law",
        "Counseling",  # Sam's field, from his role ("counselor") when he was added
        "psychology",
        "[bold]markup[/bold]",
        "nursing",
        "field not set",  # last: Cal, Nemo and Kim have neither a field nor a role
    ]
    assert (rows["Counseling"].people, rows["Counseling"].held) == (("sam-lee",), 1)
    assert rows["Counseling"].ratings == (5,)
    not_set = rows["field not set"]
    assert not_set.people == ("cal-contact", "nemo-silent", "kim-ode")
    assert (not_set.held, not_set.ratings) == (0, ())
    assert rows["social work"].people == ("maria-lopez", "zoe-b")
    assert rows["social work"].held == 2
    assert rows["social work"].ratings == (4, 2)
    assert rows["social work"].average == 3.0
    assert (rows["law"].held, rows["law"].ratings, rows["law"].average) == (1, (), None)
    assert rows["nursing"].held == 0
    assert [(u.interest, u.people) for u in f.unexplored] == [("Nursing", 1), ("marine biology", 0)]
    assert f.without_field == 3  # Cal, Nemo, Kim
    # Nobody and no held interview is left out of the fields.
    r = report_of(home, clock)
    assert {pid for row in f.rows for pid in row.people} == {
        p.id for p in Workspace(home).read(PROSPECTS).prospects
    }
    assert sum(row.held for row in f.rows) >= r.interviews_held


@pytest.mark.usefixtures("world")
def test_referral_tree_follows_the_chain(home: Path, clock: Clock) -> None:
    root, zoe = report_of(home, clock).referrals
    assert (zoe.name, [c.id for c in zoe.children]) == (ODD_NAME, ["paz-pending"])
    assert (root.id, root.status) == ("maria-lopez", Status.THANKED)
    (sam,) = root.children
    assert (sam.name, sam.status) == ("Sam Lee", Status.THANKED)
    (kim,) = sam.children
    assert (kim.name, kim.status, kim.children) == ("Kim Ode", Status.SCHEDULED, ())


@pytest.mark.usefixtures("world")
def test_thanks_punctuality(home: Path, clock: Clock) -> None:
    p = report_of(home, clock).thanks
    assert (p.held, p.on_time, p.late, p.overdue, p.pending, p.superseded) == (4, 1, 1, 1, 1, 0)
    assert p.percent_on_time == 33  # 1 of the 3 decided; Paz may still make it


@pytest.mark.usefixtures("world")
def test_touch_due_with_days_overdue(home: Path, clock: Clock) -> None:
    (row,) = report_of(home, clock).touch  # Sam was thanked 27 days ago: not due
    assert row.id == "maria-lopez"
    assert row.days_overdue == 30
    assert row.command == "infoview touch maria-lopez"


# --- the core, on hand-made documents ---------------------------------------------------------


def _p(pid: str, name: str, **changes: Any) -> Prospect:
    return Prospect.model_validate(prospect_dict(pid, name, **changes))


def _i(person: str, held: datetime, n: int = 1, **changes: Any) -> Held:
    """A 30-minute conversation held at ``held``."""
    data: dict[str, Any] = {
        "id": f"{person}-{n}",
        "person": person,
        "uid": f"u-{person}-{n}@infoview",
        "held_at": held,
        "logged_at": held,
        **changes,
    }
    return Held.model_validate(data)


def _docs(people: list[Prospect], interviews: list[Held]) -> Documents:
    return Documents(
        prospects=people,
        outreach=OutreachFile(),
        interviews=InterviewsFile(interviews=interviews),
        contacts=ContactsFile(),
        settings=SettingsFile(),
    )


def test_referrals_logged_with_an_interview_count_and_bad_links_do_not() -> None:
    people = [
        _p("ann", "Ann"),
        _p("bob", "Bob"),  # named in Ann's interview only
        _p("cat", "Cat", referred_by="ghost"),  # someone no longer listed
        _p("dan", "Dan", referred_by="dan"),  # referred by themselves (hand-edited)
        _p("eve", "Eve", referred_by="ann"),
        _p("fay", "Fay"),  # no links at all
    ]
    interviews = InterviewsFile(
        interviews=[_i("ann", NOW, referrals=["bob", "ghost"]), _i("ghost", NOW)]
    )
    forest, warnings = referral_tree(people, interviews)
    assert warnings == []
    assert [n.id for n in forest] == ["ann"]
    assert [c.id for c in forest[0].children] == ["bob", "eve"]


def test_a_referral_loop_is_cut_and_reported() -> None:
    people = [
        _p("ann", "Ann", referred_by="cy"),
        _p("bo", "Bo", referred_by="ann"),
        _p("cy", "Cy", referred_by="bo"),
        _p("di", "Di", referred_by="bo"),
    ]
    forest, warnings = referral_tree(people, InterviewsFile())
    (root,) = forest
    assert root.id == "ann"
    assert [c.id for c in root.children] == ["bo"]
    assert sorted(c.id for c in root.children[0].children) == ["cy", "di"]
    assert len(warnings) == 1 and "loop" in warnings[0] and "Ann" in warnings[0]


def test_punctuality_at_the_24_hour_boundary_and_earlier_interviews() -> None:
    people = [_p("a", "A"), _p("b", "B"), _p("c", "C")]
    day, end = timedelta(hours=24), timedelta(minutes=30)  # each lasted 30 minutes
    interviews = [
        _i("a", NOW - 10 * day, thanked_at=NOW - 9 * day + end),  # 24 h after the end: on time
        _i("b", NOW - 10 * day, thanked_at=NOW - 9 * day + end + timedelta(minutes=1)),
        _i("c", NOW - 20 * day, 1),  # never thanked, then met again ...
        _i("c", NOW - 5 * day, 2, thanked_at=NOW - 5 * day + end),  # ... and thanked for both
        _i("gone", NOW - 3 * day),  # no longer listed: left out
    ]
    p = punctuality(timelines(_docs(people, interviews), NOW).values(), NOW.tzinfo)
    assert (p.held, p.on_time, p.late, p.overdue, p.pending, p.superseded) == (4, 2, 1, 0, 0, 1)
    assert p.percent_on_time == 67


def test_nothing_held_has_no_percentage() -> None:
    p = punctuality(timelines(_docs([_p("a", "A")], []), NOW).values(), NOW.tzinfo)
    assert p.percent_on_time is None
    assert p.as_dict()["percent_on_time"] is None


def test_tree_lines_draw_branches_and_fall_back_to_ascii() -> None:
    people = [
        _p("root", "Root"),
        _p("kid-a", "Kid A", referred_by="root"),
        _p("kid-b", "Kid B", referred_by="root"),
        _p("grand", "Grand", referred_by="kid-a"),
    ]
    forest, _ = referral_tree(people, InterviewsFile())
    assert tree_lines(forest) == [
        "Root (root, new)",
        "├─ Kid A (kid-a, new)",
        "│  └─ Grand (grand, new)",
        "└─ Kid B (kid-b, new)",
    ]
    assert tree_lines(forest, unicode=False)[1:3] == [
        "|- Kid A (kid-a, new)",
        "|  `- Grand (grand, new)",
    ]


# --- the terminal ---------------------------------------------------------------------------------


def test_plain_terminal_report(world: Any) -> None:
    out = world("report").stdout
    assert "\x1b[" not in out
    assert out.startswith("Report for Ana Ruiz, Lincoln High, Wed 25 Nov 2026 11:30")
    assert "Pipeline (10 people)" in out
    for status in Status:
        assert re.search(rf"^  {re.escape(status.value)} +\d", out, re.M), status
    assert re.search(r"^  interviewed +2 ", out, re.M)
    assert re.search(r"^social work +2 +2 +4, 2 +3\.0$", out, re.M)
    assert "Your interests not explored yet: Nursing (1 person to ask); marine biology" in out
    assert re.search(r"^Counseling +1 +1 +5 +5\.0$", out, re.M)
    assert re.search(r"^field not set +3 +0 +- +-$", out, re.M)
    assert (
        '3 people without a field: counted under the field their role names, else under "field '
        'not set" (set one: infoview prospect edit ID --field ...)'
    ) in out
    assert "  Maria Lopez (maria-lopez, thanked)\n  └─ Sam Lee (sam-lee, thanked)\n" in out
    assert "     └─ Kim Ode (kim-ode, scheduled)" in out
    assert "Thank-you notes: 33% sent within 24 hours (1 of 3)" in out
    assert "Staying in touch (1 due)" in out
    assert re.search(r"Maria Lopez \(maria-lopez\) .* 30 +infoview touch maria-lopez", out)
    assert f"  {ODD_NAME} (zoe-b, interviewed)\n  └─ Paz Pending (paz-pending, " in out
    assert "[bold]markup[/bold]" in out


@pytest.mark.usefixtures("world")
def test_plain_report_falls_back_to_ascii_where_boxes_cannot_show(home: Path, clock: Clock) -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="replace", newline="\n")
    draw(stream, True, report_of(home, clock))
    stream.flush()
    out = raw.getvalue().decode("ascii")
    assert re.search(r"^  interviewed +2  #+$", out, re.M)
    assert "  Maria Lopez (maria-lopez, thanked)\n  `- Sam Lee (sam-lee, thanked)\n" in out
    assert "sent within 24 hours 1; sent later 1" in out


def test_no_color_is_plain(world: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    assert "\x1b[" not in world("report").stdout


def test_rich_terminal_report(world: Any) -> None:
    out = world("report", env={"TERM": "xterm-256color", "COLUMNS": "120"}, terminal=True).stdout
    text = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert re.search(r"\x1b\[[0-9;]*32m█+", out)  # the interviewed bar is green
    assert "Pipeline (10 people)" in text
    assert "├── Maria Lopez (maria-lopez, thanked)" in text
    assert f"└── {ODD_NAME} (zoe-b, interviewed)" in text
    assert "└── Kim Ode (kim-ode, scheduled)" in text
    assert "[bold]markup[/bold]" in text  # names and labels are never read as rich markup
    assert "infoview touch maria-lopez" in text
    assert "33% sent within 24 hours" in text
    assert re.search(r"│ field not set +│ +3 │ +0 │ -", text)
    assert "3 people without a field: counted under the field their role names" in text


def test_empty_workspace_says_how_to_start(cli: Any, tmp_path: Path) -> None:
    out = cli("report").stdout
    assert "Nothing to report yet" in out
    assert "infoview prospect add" in out
    page = tmp_path / "r.html"
    assert "Nothing to report yet" in cli("report", "--html", str(page)).stdout
    assert not page.exists()
    data = json.loads(cli("report", "--json").stdout)
    assert data["pipeline"] == {
        "total": 0,
        "counts": [{"status": s.value, "count": 0} for s in Status],
    }
    assert data["referral_tree"] == [] and data["touch_due"] == []
    assert data["thanks"]["percent_on_time"] is None
    both = cli("report", "--json", "--html", str(page))
    assert json.loads(both.stdout)["pipeline"]["total"] == 0
    assert not page.exists()


# --- JSON -----------------------------------------------------------------------------------------


def test_json_has_the_same_figures(world: Any) -> None:
    data = json.loads(world("report", "--json").stdout)
    assert set(data) == {
        "generated_at",
        "student",
        "school",
        "pipeline",
        "interviews_held",
        "fields",
        "unexplored_interests",
        "people_without_field",
        "referral_tree",
        "thanks",
        "touch_due",
        "warnings",
    }
    assert data["generated_at"] == "2026-11-25T11:30:00-05:00"
    counts = data["pipeline"]["counts"]
    assert [c["status"] for c in counts] == [s.value for s in Status]
    assert all(c["count"] >= 1 for c in counts)
    assert data["pipeline"]["total"] == 10
    assert data["fields"][0] == {
        "field": "social work",
        "people": 2,
        "person_ids": ["maria-lopez", "zoe-b"],
        "interviews_held": 2,
        "interest": [4, 2],
        "average_interest": 3.0,
    }
    assert data["fields"][-1] == {
        "field": "field not set",
        "people": 3,
        "person_ids": ["cal-contact", "nemo-silent", "kim-ode"],
        "interviews_held": 0,
        "interest": [],
        "average_interest": None,
    }
    assert data["people_without_field"] == 3
    assert data["unexplored_interests"] == [
        {"interest": "Nursing", "people": 1, "near": 0},
        {"interest": "marine biology", "people": 0, "near": 0},
    ]
    root, zoe = data["referral_tree"]
    assert root["id"] == "maria-lopez" and zoe["name"] == ODD_NAME
    assert root["children"][0]["children"][0] == {
        "id": "kim-ode",
        "name": "Kim Ode",
        "status": "scheduled",
        "children": [],
    }
    assert data["thanks"] == {
        "due_hours": 24,
        "interviews_held": 4,
        "on_time": 1,
        "late": 1,
        "not_sent_past_due": 1,
        "not_sent_still_in_time": 1,
        "superseded": 0,
        "percent_on_time": 33,
    }
    (touch,) = data["touch_due"]
    assert touch["person"] == "maria-lopez" and touch["days_overdue"] == 30
    assert touch["command"] == "infoview touch maria-lopez"


# --- HTML -----------------------------------------------------------------------------------------

VOID = {"meta", "link", "br", "hr", "img", "input", "col", "wbr"}


class PageParser(HTMLParser):
    """Checks that every element closes in order, and collects tags, attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.text: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [f"{k}={v}" for k, v in attrs]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [f"{k}={v}" for k, v in attrs]

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_page(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    assert parser.problems == [] and parser.stack == [], (parser.problems, parser.stack)
    return parser


def check_self_contained(page: str, parser: PageParser) -> None:
    assert "script" not in parser.tags
    assert "svg" in parser.tags
    assert not re.search(r"https?://", page, re.I)
    assert "@import" not in page and "url(" not in page
    assert not any(a.startswith(("src=", "href=")) for a in parser.attrs)


def test_html_page(world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = world("report", "--html", "my-report.html")
    path = tmp_path / "my-report.html"
    assert result.stdout.strip() == f"Wrote {path}"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    page = path.read_text(encoding="utf-8")
    parser = parse_page(page)
    check_self_contained(page, parser)
    text = "".join(parser.text)
    assert page.startswith("<!DOCTYPE html>")
    assert "@media print" in page and "page-break-inside: avoid" in page
    assert "Ana Ruiz, Lincoln High · generated Wed 25 Nov 2026 11:30" in text
    # Every step is drawn in the pipeline chart, with its count.
    for status in Status:
        assert f"{status.value}:" in text
    assert "interviewed: 2" in text
    # The odd name is shown as itself and never becomes markup.
    assert "Zoë &lt;b&gt;&amp;" in page and ODD_NAME in text and "b" not in parser.tags
    assert "[bold]markup[/bold]" in text
    assert "Maria Lopez" in text and "Kim Ode" in text
    assert "33%" in text and "infoview touch maria-lopez" in text
    assert "Nursing" in text and "marine biology" in text
    assert "<tr><td>field not set</td><td class='n'>3</td><td class='n'>0</td>" in page
    assert "<tr><td>Counseling</td><td class='n'>1</td><td class='n'>1</td><td>5</td>" in page
    assert "3 people without a field: counted under the field their role names" in text


def test_html_escapes_names(home: Path, tmp_path: Path) -> None:
    people = [
        _p("zoe", ODD_NAME, fields=["<i>x</i>"]),
        _p("kid", "Kid \"quoted\" 'one'", referred_by="zoe"),
    ]
    interviews = [_i("zoe", NOW - timedelta(days=1), interest=3)]
    profile = Profile.model_validate({"name": "<script>alert(1)</script>", "updated_at": STAMP})
    r = compute(profile=profile, docs=_docs(people, interviews), now=NOW)
    page = to_html(r)
    parser = parse_page(page)
    check_self_contained(page, parser)
    assert "Zoë &lt;b&gt;&amp;" in page
    assert set(parser.tags) & {"b", "i", "script"} == set()
    text = "".join(parser.text)
    assert ODD_NAME in text and "<i>x</i>" in text and "<script>alert(1)</script>" in text
    assert "Kid \"quoted\" 'one'" in text


def _report(people: list[Prospect], interviews: list[Held], **kw: Any) -> Report:
    return compute(profile=None, docs=_docs(people, interviews), now=NOW, **kw)


def test_people_without_a_field_count_by_their_role_else_under_field_not_set() -> None:
    people = [
        _p("rn", "Rae", fields=["Nursing"]),
        _p("nia", "Nia", role="Registered nurse"),  # joins the row of "Nursing"
        _p("ola", "Ola", role="Staff Architect"),  # no one labelled: a row under the map's name
        _p("cy", "Cy", role="Chief of <b>vibes</b>"),  # a role the map does not know
        _p("dee", "Dee"),  # no role either
    ]
    held = [
        _i("nia", NOW - timedelta(days=3), interest=4),
        _i("ola", NOW - timedelta(days=2), interest=5),
        _i("cy", NOW - timedelta(days=1), interest=2),
        _i("dee", NOW - timedelta(days=1), interest=1),
        _i("cy", NOW, n=2),  # held, no rating
    ]
    r = _report(people, held, field_map=load_field_map())
    rows = {row.name: row for row in r.fields.rows}
    # Sorted as ever ("field not set" last, though it holds the most interviews).
    assert list(rows) == ["Nursing", "Architecture", "field not set"]
    assert (rows["Nursing"].people, rows["Nursing"].held, rows["Nursing"].ratings) == (
        ("rn", "nia"),
        1,
        (4,),
    )
    assert (rows["Architecture"].people, rows["Architecture"].ratings) == (("ola",), (5,))
    not_set = rows["field not set"]
    assert (not_set.people, not_set.held, not_set.ratings) == (("cy", "dee"), 3, (2, 1))
    assert sum(row.held for row in r.fields.rows) == r.interviews_held == 5
    assert r.fields.without_field == 4
    assert r.as_dict()["fields"][-1] == {
        "field": "field not set",
        "people": 2,
        "person_ids": ["cy", "dee"],
        "interviews_held": 3,
        "interest": [2, 1],
        "average_interest": 1.5,
    }
    out = io.StringIO()
    draw(out, True, r)
    assert re.search(r"^field not set +2 +3 +2, 1 +1\.5$", out.getvalue(), re.M)
    page = to_html(r)
    parser = parse_page(page)
    assert "b" not in parser.tags
    assert "<tr><td>field not set</td><td class='n'>2</td><td class='n'>3</td><td>2, 1</td>" in page
    assert "<title>field not set: 2, 1</title>" in page  # in the interest chart like any field


def test_without_the_field_map_everyone_without_a_field_is_not_set() -> None:
    people = [_p("nia", "Nia", role="Registered nurse"), _p("rn", "Rae", fields=["nursing"])]
    r = _report(people, [_i("nia", NOW, interest=3)])
    assert [(row.name, row.people, row.held) for row in r.fields.rows] == [
        ("nursing", ("rn",), 0),
        ("field not set", ("nia",), 1),
    ]
    everyone = _report([_p("rn", "Rae", fields=["nursing"])], [], field_map=load_field_map())
    assert [row.name for row in everyone.fields.rows] == ["nursing"]
    assert everyone.fields.without_field_note() == ""


def test_html_replaces_an_existing_file_and_takes_a_folder(world: Any, tmp_path: Path) -> None:
    # Like `questions sheet -o` and `prospect export -o`: the file is replaced atomically.
    page = tmp_path / "r.html"
    page.write_text("old", encoding="utf-8")
    world("report", "--html", str(page), "--force")
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    folder = tmp_path / "out"
    folder.mkdir()
    world("report", "--html", str(folder))
    assert (folder / "infoview-report.html").is_file()
    missing = world("report", "--html", str(tmp_path / "nowhere" / "r.html"), expect=1)
    assert "does not exist" in missing.stderr


def test_html_to_the_screen_and_with_json(world: Any, tmp_path: Path) -> None:
    out = world("report", "--html", "-").stdout
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    page = tmp_path / "r.html"
    both = world("report", "--html", str(page), "--json")
    assert json.loads(both.stdout)["pipeline"]["total"] == 10
    assert page.is_file() and f"wrote {page}" in both.stderr


def test_loop_warning_reaches_stderr_and_json(cli: Any, home: Path) -> None:
    home.mkdir()
    people = [
        prospect_dict("ann", "Ann", referred_by="bo"),
        prospect_dict("bo", "Bo", referred_by="ann"),
    ]
    (home / "prospects.json").write_text(
        json.dumps({"schema_version": 1, "prospects": people}), encoding="utf-8"
    )
    result = cli("report")
    assert "warning: the referrals form a loop (Ann → Bo → Ann)" in result.stderr
    assert "Ann (ann, new)\n  └─ Bo (bo, new)" in result.stdout
    assert "loop" in json.loads(cli("report", "--json").stdout)["warnings"][0]


names = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(a=names, b=names, field=names)
def test_any_name_survives_the_page(a: str, b: str, field: str) -> None:
    try:
        people = [
            _p("a", a, fields=[field.replace(",", " ")]),
            _p("b", b, referred_by="a"),
        ]
    except ValueError:
        return  # not a name the model accepts
    r = compute(profile=None, docs=_docs(people, [_i("a", NOW, interest=4)]), now=NOW)
    page = to_html(r)
    parser = parse_page(page)
    assert "script" not in parser.tags and "svg" in parser.tags
    text = "".join(parser.text)
    assert people[0].name in text and people[1].name in text


def test_an_interest_counts_people_the_field_map_places_in_it_or_near_it(
    cli: Any, home: Path, clock: Clock
) -> None:
    cli("profile", "set", "--name", "Ana", "--interest", "psychiatry")
    # A psychiatrist by role (no field given), and a psychiatric nurse next to it.
    cli("prospect", "add", "Sam Okafor", "--role", "Psychiatrist")
    cli("prospect", "add", "Rosa D", "--field", "psychiatric nursing")
    [interest] = report_of(home, clock).fields.unexplored
    assert (interest.people, interest.near) == (1, 1)
    assert interest.describe() == "1 person to ask"
    cli("prospect", "remove", "sam", "--yes")
    [interest] = report_of(home, clock).fields.unexplored
    assert interest.describe() == "nobody listed yet; 1 person near it: infoview broaden psychiatry"
    result = cli("report")
    assert "psychiatry (nobody listed yet; 1 person near it: infoview broaden psychiatry)" in (
        result.stdout
    )
