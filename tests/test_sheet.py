"""`infoview questions sheet`: the printable interview sheet, in Markdown and in HTML."""

from __future__ import annotations

import json
import re
import shutil
import stat
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infoview.render.sheet import (
    Sheet,
    SheetQuestion,
    md_escape,
    safe_filename,
    sheet_for,
    to_html,
    to_markdown,
)
from infoview.rules.bank import load_bank
from infoview.store.workspace import Workspace
from infoview.usecases.questions import sheet_facts
from tests.helpers import NOW, read_json

MARIA = (
    "prospect",
    "add",
    "Maria Lopez",
    "--role",
    "Clinical social worker",
    "--org",
    "Mercy Hospital",
    "--field",
    "social work",
    "--relation",
    "neighbor",
)
PROFILE = ("profile", "set", "--name", "Ana Ruiz", "--school", "Lincoln High", "--year", "junior")
OPENER = (
    "Thank you so much for making time to talk with me. I'm Ana Ruiz, a junior at "
    "Lincoln High, and I'm curious about social work."
)
REMINDERS = (
    "Watch the time: you asked for 30 minutes",
    "Ask who else you should talk to",
    "Thank them for their time",
    "Send a thank-you note within 24 hours",
)
MD_NAME = "interview-sheet-maria-lopez.md"
EVIL = "<b>Evil</b> & Co"
# Every tag to_html writes; any other "<" would have come from the data.
TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "h1",
    "h2",
    "p",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "ol",
    "ul",
    "li",
    "strong",
    "span",
    "div",
}
VOID = {"meta"}


def plans(home: Path) -> dict[str, list[str]]:
    return {p["person"]: p["questions"] for p in read_json(home / "plans.json")["plans"]}


def texts_of(cli: Any, ids: list[str]) -> list[str]:
    """The texts of these questions, as `questions show ID --json` gives them."""
    bank = {q["id"]: q for q in json.loads(cli("questions", "list", "--json").stdout)}
    texts = [bank[q]["text"] for q in ids]
    assert texts[-1] == json.loads(cli("questions", "show", ids[-1], "--json").stdout)["text"]
    return texts


@pytest.fixture
def planned(cli: Any, home: Path) -> list[str]:
    """Ana's profile, Maria on the list and a saved plan for her: the plan's question texts."""
    cli(*PROFILE)
    cli(*MARIA)
    cli("questions", "pick", "maria", "--seed", "2")
    texts = texts_of(cli, plans(home)["maria-lopez"])
    assert len(texts) == 10
    return texts


@pytest.fixture
def out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder for the sheet files."""
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def md_questions(text: str) -> list[tuple[int, str]]:
    return [(int(n), q) for n, q in re.findall(r"^(\d+)\. \*\*(.+?)\*\* _\(", text, re.M)]


class Structure(HTMLParser):
    """Checks that tags nest and close, and collects what a reader would see."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.started: list[str] = []
        self.text: dict[str, list[str]] = {}
        self.questions: list[str] = []
        self.meta: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.started.append(tag)
        if tag == "meta":
            self.meta.append(dict(attrs))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.text.setdefault(self.stack[-1], []).append(data)
            if self.stack[-2:] == ["li", "strong"]:
                self.questions.append(data)


def parse(page: str) -> Structure:
    parser = Structure()
    parser.feed(page)
    parser.close()
    assert parser.problems == []
    assert parser.stack == []  # every tag that was opened was closed
    return parser


# --- the Markdown sheet ---------------------------------------------------------


def test_markdown_sheet_on_the_screen(cli: Any, home: Path, planned: list[str]) -> None:
    before = (home / "plans.json").read_bytes()
    result = cli("questions", "sheet", "maria", "-o", "-")
    text = result.stdout
    lines = text.splitlines()
    assert lines[0] == "# Interview sheet: Maria Lopez"
    assert "**Clinical social worker, Mercy Hospital**" in lines
    assert "- Fields: social work" in lines
    assert "- How you know them: a neighbour" in lines
    assert "- Length: 30 minutes" in lines
    assert f"> {OPENER}" in lines
    # Every planned question, in plan order, numbered 1..N.
    assert md_questions(text) == list(enumerate(planned, start=1))
    reminders = [line for line in lines if line.startswith("- [ ] ")]
    assert len(reminders) == len(REMINDERS)
    for line, start in zip(reminders, REMINDERS, strict=True):
        assert line.startswith(f"- [ ] {start}")
    assert "## Before you leave" in lines
    assert text.index("## Questions") < text.index("## Before you leave")
    assert "Wrote" not in text
    assert result.stderr == ""
    assert (home / "plans.json").read_bytes() == before  # reading the plan changes nothing


def test_the_sheet_follows_a_changed_plan(cli: Any, home: Path, planned: list[str]) -> None:
    cli("questions", "pick", "maria", "--seed", "1", "--minutes", "45")
    texts = texts_of(cli, plans(home)["maria-lopez"])
    assert texts != planned
    text = cli("questions", "sheet", "maria", "-o", "-").stdout
    assert md_questions(text) == list(enumerate(texts, start=1))
    assert "- Length: 45 minutes" in text
    assert "you asked for 45 minutes" in text


# --- once the interview is scheduled -------------------------------------------------

AT = "2026-12-03 15:30"  # a Thursday; the clock's own offset, -05:00
PLACE = "Mercy Hospital <b>cafeteria</b> & 2nd floor"
LINK = "https://meet.example.com/abc-defg?x=1&y=<2>"


def facts_lines(text: str) -> list[str]:
    """The '- Label: value' lines under the Markdown sheet's title."""
    return [line for line in text.split("## Opening line")[0].splitlines() if line.startswith("- ")]


def test_a_scheduled_sheet_says_when_where_and_how_long(cli: Any, planned: list[str]) -> None:
    cli("questions", "pick", "maria", "--minutes", "45", "--seed", "2")
    cli(
        "interview", "schedule", "maria", "--at", AT, "--minutes", "20",
        "--mode", "in-person", "--where", PLACE,
    )  # fmt: skip
    text = cli("questions", "sheet", "maria", "-o", "-").stdout
    assert facts_lines(text) == [
        "- Fields: social work",
        "- How you know them: a neighbour",
        "- When: Thu 3 Dec 2026 15:30, in person",
        f"- Where: {md_escape(PLACE)}",
        "- Length: 20 minutes",  # the scheduled length wins over the plan's 45
    ]
    assert "you asked for 20 minutes" in text
    page = cli("questions", "sheet", "maria", "--format", "html", "-o", "-").stdout
    parsed = parse(page)
    assert "b" not in parsed.started
    assert "Mercy Hospital &lt;b&gt;cafeteria&lt;/b&gt; &amp; 2nd floor" in page
    assert "<dt>When</dt><dd>Thu 3 Dec 2026 15:30, in person</dd>" in page
    assert parsed.text["dt"] == ["Fields", "How you know them", "When", "Where", "Length"]
    assert parsed.text["dd"][2:] == ["Thu 3 Dec 2026 15:30, in person", PLACE, "20 minutes"]
    # Cancelled: no time any more, and the plan's minutes again.
    cli("interview", "cancel", "maria")
    text = cli("questions", "sheet", "maria", "-o", "-").stdout
    assert facts_lines(text)[2:] == ["- Length: 45 minutes"]


def test_a_video_call_shows_its_link_on_its_own_line(cli: Any, planned: list[str]) -> None:
    cli("interview", "schedule", "maria", "--at", AT, "--link", LINK)
    text = cli("questions", "sheet", "maria", "-o", "-").stdout
    assert facts_lines(text)[2:] == [
        "- When: Thu 3 Dec 2026 15:30, by video",
        f"- Link: {md_escape(LINK)}",
        "- Length: 30 minutes",
    ]
    page = cli("questions", "sheet", "maria", "--format", "html", "-o", "-").stdout
    assert "<dt>Link</dt><dd>https://meet.example.com/abc-defg?x=1&amp;y=&lt;2&gt;</dd>" in page
    parsed = parse(page)
    assert set(parsed.started) <= TAGS  # the link is text to read, not markup
    assert LINK in parsed.text["dd"]
    cli("interview", "reschedule", "maria", "--mode", "phone", "--at", "2026-12-04 09:05")
    text = cli("questions", "sheet", "maria", "-o", "-").stdout
    assert "- When: Fri 4 Dec 2026 09:05, by phone" in facts_lines(text)


def test_sheet_facts_carry_the_meeting_in_local_time(cli: Any, home: Path) -> None:
    cli(*MARIA)
    at = "2026-12-03T20:30:00+00:00"
    cli("interview", "schedule", "maria", "--at", at, "--mode", "in-person", "--where", "Lab")
    ws, bank = Workspace(home), load_bank(None)
    facts = sheet_facts(ws, bank, "maria", NOW)
    assert facts.meeting is not None
    assert facts.meeting.at.utcoffset() == NOW.utcoffset()
    assert (facts.meeting.at.hour, facts.meeting.where, facts.meeting.link) == (15, "Lab", "")
    assert sheet_for(facts).when == "Thu 3 Dec 2026 15:30, in person"
    assert sheet_for(facts).where == "Lab"


def test_how_you_know_a_referral_and_no_profile(cli: Any) -> None:
    cli(*MARIA)
    cli("prospect", "add", "Sam Lee", "--referred-by", "maria", "--field", "nursing")
    text = cli("questions", "sheet", "sam", "-o", "-").stdout
    assert "- How you know them: referred by Maria Lopez" in text
    # No profile yet: the opener leaves out who you are rather than showing blanks.
    assert "> Thank you so much for making time to talk with me. I'm curious about nursing." in text
    assert "I'm ," not in text
    assert not any(line.startswith("**") for line in text.splitlines())  # no role, no org


def test_default_output_is_a_private_file_in_this_folder(
    cli: Any, out: Path, planned: list[str]
) -> None:
    result = cli("questions", "sheet", "maria")
    path = out / MD_NAME
    assert sorted(p.name for p in out.iterdir()) == [MD_NAME]  # no temp file left behind
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    said = result.stdout.strip()
    assert said.startswith("Wrote ")
    assert Path(said.removeprefix("Wrote ")).resolve() == path.resolve()
    assert path.read_text(encoding="utf-8") == cli("questions", "sheet", "maria", "-o", "-").stdout


def test_writing_again_replaces_the_file(
    cli: Any, home: Path, out: Path, planned: list[str]
) -> None:
    (out / MD_NAME).write_text("old", encoding="utf-8")
    (out / MD_NAME).chmod(0o644)
    cli("questions", "sheet", "maria", "--force")
    assert (out / MD_NAME).read_text(encoding="utf-8").startswith("# Interview sheet: Maria Lopez")
    assert stat.S_IMODE((out / MD_NAME).stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("name", "html"),
    [("sheet.html", True), ("Sheet.HTM", True), ("notes.md", False), ("notes.txt", False)],
)
def test_output_file_format_follows_its_extension(
    cli: Any, out: Path, planned: list[str], name: str, html: bool
) -> None:
    result = cli("questions", "sheet", "maria", "-o", name)
    assert result.stdout.strip() == f"Wrote {name}"
    written = (out / name).read_text(encoding="utf-8")
    assert written.startswith("<!DOCTYPE html>") is html
    assert written.startswith("# Interview sheet: Maria Lopez") is not html
    assert stat.S_IMODE((out / name).stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("args", "name"), [((), MD_NAME), (("--format", "html"), "interview-sheet-maria-lopez.html")]
)
def test_output_folder_gets_the_derived_name(
    cli: Any, out: Path, planned: list[str], args: tuple[str, ...], name: str
) -> None:
    (out / "sheets").mkdir()
    cli("questions", "sheet", "maria", "-o", "sheets", *args)
    assert [p.name for p in (out / "sheets").iterdir()] == [name]
    assert [p.name for p in out.iterdir()] == ["sheets"]


def test_format_html_on_the_screen(cli: Any, out: Path, planned: list[str]) -> None:
    text = cli("questions", "sheet", "maria", "--format", "html", "-o", "-").stdout
    assert text.startswith("<!DOCTYPE html>\n")
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("fmt", ["pdf", "markdown", ""])
def test_unknown_format_is_refused(cli: Any, out: Path, planned: list[str], fmt: str) -> None:
    result = cli("questions", "sheet", "maria", "--format", fmt, expect=1)
    assert f"--format must be md or html, not {fmt!r}" in result.stderr
    assert result.stdout == ""
    assert list(out.iterdir()) == []


def test_a_folder_that_does_not_exist_is_a_clear_error(
    cli: Any, out: Path, planned: list[str]
) -> None:
    result = cli("questions", "sheet", "maria", "-o", "missing/sheet.md", expect=1)
    # Output.write_file names the whole path it could not write.
    assert f"could not write {out / 'missing' / 'sheet.md'}" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(out.iterdir()) == []


# --- the HTML sheet ---------------------------------------------------------------


def test_html_sheet_is_self_contained_and_well_formed(cli: Any, planned: list[str]) -> None:
    page = cli("questions", "sheet", "maria", "--format", "html", "-o", "-").stdout
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert re.search(r"@page\s*\{[^}]*margin", page)  # margins that suit A4 and Letter
    assert re.search(r"@media print\s*\{", page)
    for remote in ("http://", "https://", "<script", "<link", "src=", "@import", "url("):
        assert remote not in page.lower(), remote
    parsed = parse(page)
    assert parsed.started[:3] == ["html", "head", "meta"]
    assert {"charset": "utf-8"} in parsed.meta
    assert set(parsed.started) <= TAGS
    assert parsed.text["title"] == ["Interview sheet: Maria Lopez"]
    assert parsed.text["h1"] == ["Interview sheet: Maria Lopez"]
    assert parsed.text["p"] == ["Clinical social worker, Mercy Hospital"]
    assert parsed.text["blockquote"] == [OPENER]
    assert "a neighbour" in parsed.text["dd"]
    assert parsed.questions == planned  # in plan order (the <ol> numbers them)
    assert parsed.started.count("ol") == 1
    reminders = [t for t in parsed.text["li"] if t.strip()]
    assert [r[: len(s)] for r, s in zip(reminders, REMINDERS, strict=True)] == list(REMINDERS)


def test_html_escapes_what_the_student_typed(cli: Any) -> None:
    cli(*PROFILE)
    cli("prospect", "add", EVIL, "--role", "<i>Chief</i>", "--org", 'A&B "Labs"')
    page = cli("questions", "sheet", "b-evil-b-co", "--format", "html", "-o", "-").stdout
    assert "<b>" not in page
    assert "<i>" not in page
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in page
    assert "&lt;i&gt;Chief&lt;/i&gt;, A&amp;B &quot;Labs&quot;" in page
    parsed = parse(page)
    assert "b" not in parsed.started and "i" not in parsed.started
    assert parsed.text["h1"] == [f"Interview sheet: {EVIL}"]
    assert parsed.text["p"] == ['<i>Chief</i>, A&B "Labs"']


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_html_sheet_prints_to_pdf(cli: Any, out: Path, planned: list[str]) -> None:
    cli("questions", "sheet", "maria", "-o", "sheet.html")
    pdf = out / "sheet.pdf"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--print-to-pdf={pdf}",
            (out / "sheet.html").as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert pdf.stat().st_size > 0
    assert pdf.read_bytes().startswith(b"%PDF")


# --- safe file names ----------------------------------------------------------------

AWKWARD = [
    "../../etc/passwd",
    ".hidden",
    "a/b\\c",
    "王伟",
    "..",
    "",
    "---",
    "a..b",
    "C:\\Windows\\system32",
    "x/../../y",
    " name with spaces ",
    "\x00nul",
]


@pytest.mark.parametrize("stem", AWKWARD)
@pytest.mark.parametrize("extension", ["md", "html"])
def test_safe_filename(stem: str, extension: str) -> None:
    name = safe_filename(stem, extension)
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".")
    assert ".." not in name
    assert name.startswith("interview-sheet-")
    assert name.endswith(f".{extension}")
    assert name.count(".") == 1
    assert Path(name).name == name


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("maria-lopez", "interview-sheet-maria-lopez.md"),
        ("王伟", "interview-sheet-王伟.md"),
        ("../../etc/passwd", "interview-sheet-etc-passwd.md"),
        (".hidden", "interview-sheet-hidden.md"),
        ("a/b\\c", "interview-sheet-a-b-c.md"),
        ("", "interview-sheet-person.md"),
        ("...", "interview-sheet-person.md"),
        ("_private_", "interview-sheet-private.md"),
    ],
)
def test_safe_filename_keeps_what_it_can(stem: str, expected: str) -> None:
    assert safe_filename(stem, "md") == expected


@given(st.text(max_size=80), st.sampled_from(["md", "html"]))
def test_safe_filename_any_text(stem: str, extension: str) -> None:
    name = safe_filename(stem, extension)
    assert Path(name).name == name
    assert not any(c in name for c in "/\\\x00")
    assert name.startswith("interview-sheet-") and name.endswith(f".{extension}")
    assert name.count(".") == 1


@pytest.mark.parametrize(
    ("name", "pid"),
    [("../../etc/passwd", "etc-passwd"), (".hidden", "hidden"), ("王伟", "王伟")],
)
def test_cli_names_the_file_after_the_id(
    cli: Any, tmp_path: Path, out: Path, name: str, pid: str
) -> None:
    added = cli("prospect", "add", name)
    assert f"({pid})" in added.stdout
    cli("questions", "sheet", pid)
    assert [p.name for p in out.iterdir()] == [f"interview-sheet-{pid}.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "out"]  # nothing escaped


# --- the plan behind the sheet ---------------------------------------------------


def test_without_a_plan_one_is_picked_and_saved(cli: Any, home: Path) -> None:
    cli(*MARIA)
    assert not (home / "plans.json").exists()
    result = cli("questions", "sheet", "maria", "-o", "-")
    assert "no saved plan for Maria Lopez: picked 10 questions and saved them" in result.stderr
    assert "infoview questions pick maria-lopez" in result.stderr
    saved = plans(home)["maria-lopez"]
    assert len(saved) == 10
    assert json.loads(cli("questions", "show", saved[-1], "--json").stdout)["category"] == (
        "referrals"
    )
    assert md_questions(result.stdout) == list(enumerate(texts_of(cli, saved), start=1))
    # The second time the saved plan is used as it is.
    again = cli("questions", "sheet", "maria", "-o", "-")
    assert again.stderr == ""
    assert again.stdout == result.stdout
    assert plans(home)["maria-lopez"] == saved


def test_a_planned_question_no_longer_in_the_bank_is_left_out(
    cli: Any, home: Path, planned: list[str]
) -> None:
    data = read_json(home / "plans.json")
    data["plans"][0]["questions"].insert(2, "no-such-question")
    (home / "plans.json").write_text(json.dumps(data), encoding="utf-8")
    result = cli("questions", "sheet", "maria", "-o", "-")
    assert "no-such-question" in result.stderr and "left out" in result.stderr
    assert md_questions(result.stdout) == list(enumerate(planned, start=1))
    html = cli("questions", "sheet", "maria", "--format", "html", "-o", "-").stdout
    assert parse(html).questions == planned
    assert "no-such-question" not in html


def test_sheet_facts_use_case(cli: Any, home: Path) -> None:
    cli(*PROFILE)
    cli(*MARIA)
    cli("prospect", "add", "Sam Lee", "--referred-by", "maria")
    ws, bank = Workspace(home), load_bank(None)
    facts = sheet_facts(ws, bank, "sam", NOW)
    assert facts.person.id == "sam-lee"
    assert facts.referrer is not None and facts.referrer.id == "maria-lopez"
    assert facts.profile is not None and facts.profile.name == "Ana Ruiz"
    assert len(facts.notices) == 1 and "no saved plan for Sam Lee" in facts.notices[0]
    assert [q.id for q in facts.questions] == plans(home)["sam-lee"]
    again = sheet_facts(ws, bank, "sam", NOW)
    assert again.notices == [] and again.questions == facts.questions
    page = sheet_for(again)
    assert page.how_you_know == "referred by Maria Lopez"
    assert page.minutes == 30 and len(page.questions) == 10
    assert page.questions[-1].category == again.category_titles["referrals"]
    assert page.opener.startswith("Thank you so much for making time to talk with me. I'm Ana")


def test_output_folder_given_with_a_slash_is_made(cli: Any, out: Path, planned: list[str]) -> None:
    result = cli("questions", "sheet", "maria", "-o", "new/sheets/")
    assert [p.name for p in (out / "new" / "sheets").iterdir()] == [MD_NAME]
    assert result.stdout.strip() == f"Wrote new/sheets/{MD_NAME}"


def test_removing_the_person_drops_their_plan(cli: Any, home: Path, planned: list[str]) -> None:
    cli("prospect", "add", "Dev Patel", "--field", "nursing")
    cli("questions", "pick", "dev", "--seed", "3")
    dev = plans(home)["dev-patel"]
    cli("prospect", "remove", "maria", "--yes")
    assert plans(home) == {"dev-patel": dev}
    result = cli("questions", "sheet", "maria", "-o", "-", expect=1)
    assert "no prospect matches 'maria'" in result.stderr


# --- any text at all ---------------------------------------------------------------

printable = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30)
START_OF_TAG = re.compile(r"<(?:!DOCTYPE html>|/?(" + "|".join(sorted(TAGS)) + r")[\s>])")


def sheets() -> st.SearchStrategy[Sheet]:
    question = st.builds(
        SheetQuestion, text=printable, category=printable, minutes=st.integers(1, 5)
    )
    return st.builds(
        Sheet,
        person=printable,
        role=printable,
        organization=printable,
        fields=st.lists(printable, max_size=3),
        how_you_know=printable,
        minutes=st.integers(20, 60),
        opener=printable,
        questions=st.lists(question, max_size=6),
        when=printable,
        reminders=st.lists(printable, max_size=4),
        where=printable,
        link=printable,
    )


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheets())
def test_html_never_lets_markup_in_from_the_data(sheet: Sheet) -> None:
    page = to_html(sheet)
    for at in (m.start() for m in re.finditer("<", page)):
        assert START_OF_TAG.match(page, at), page[at : at + 40]
    parsed = parse(page)
    assert set(parsed.started) <= TAGS
    assert parsed.questions == [q.text for q in sheet.questions if q.text]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheets())
def test_markdown_has_every_question(sheet: Sheet) -> None:
    text = to_markdown(sheet)
    for n, q in enumerate(sheet.questions, start=1):
        assert f"{n}. **{md_escape(q.text)}**" in text
    assert text.startswith(f"# Interview sheet: {md_escape(sheet.person)}\n")


# --- regressions found by tests/test_roundtrips.py --------------------------------


def test_an_html_entity_in_a_name_or_question_stays_literal() -> None:
    # "&" was not escaped, so a Markdown reader showed "R&amp;D" as "R&D" and
    # "&copy;" as "©".
    from markdown_it import MarkdownIt

    sheet = Sheet(
        person="Lee of R&amp;D",
        role="",
        organization="",
        fields=[],
        how_you_know="",
        minutes=30,
        opener="Thank you so much for making time to talk with me.",
        questions=[SheetQuestion("What does &copy; mean in your work?", "advice", 3)],
    )
    page = MarkdownIt("commonmark").render(to_markdown(sheet))
    assert "<h1>Interview sheet: Lee of R&amp;amp;D</h1>" in page
    assert "<strong>What does &amp;copy; mean in your work?</strong>" in page


def test_markdown_writing_lines_read_well_raw_and_rendered(cli: Any, planned: list[str]) -> None:
    """A printout of the raw text shows plain lines, not '\\_\\_\\_'; rendered, each is a
    rule inside its question (question 10 and up too)."""
    from markdown_it import MarkdownIt

    text = cli("questions", "sheet", "maria", "-o", "-").stdout
    assert "\\_" not in text
    assert "    " + "_" * 40 in text.splitlines()
    html = MarkdownIt().render(text)
    questions = html.split("<li>")[1:]
    assert questions and all(q.count("<hr") >= 2 for q in questions if "Notes:" in q)
