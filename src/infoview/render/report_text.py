"""`infoview report` on the terminal: coloured charts, tables and a tree, or plain lines when piped.

Names, fields and labels are the student's own data: the rich drawing shows them
as Text, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from infoview.model.dates import format_day, format_moment
from infoview.model.vocab import Status
from infoview.render import terminal
from infoview.rules.referrals import ReferralNode, walk
from infoview.rules.report import Punctuality, Report

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

BAR_MAX = 30  # the longest bar of the pipeline chart, in characters
FIELD_HEADERS = ["Field", "People", "Held", "Interest (1-5)", "Average"]
TOUCH_HEADERS = ["Person", "Last contact", "Due", "Days overdue", "Run"]
NO_FIELDS = "  No fields yet: add them with infoview prospect edit ID --field ..."
NO_REFERRALS = "  None yet: end every interview by asking who else you should talk to."
NOBODY_DUE = "Staying in touch: nobody is due a note today."
STATUS_STYLES = {
    Status.NEW: "white",
    Status.CONTACTED: "blue",
    Status.REPLIED: "cyan",
    Status.SCHEDULED: "yellow",
    Status.INTERVIEWED: "green",
    Status.THANKED: "bold green",
    Status.DECLINED: "red",
    Status.NO_RESPONSE: "magenta",
}


def draw(stream: TextIO, plain: bool, report: Report) -> None:
    """The report on ``stream``: plain lines when ``plain``, else rich for a terminal."""
    if plain:
        draw_plain(stream, report)
    else:
        draw_rich(stream, report)


# --- shared by both -------------------------------------------------------------------------


def heading(report: Report) -> str:
    who = ", ".join(x for x in (report.student, report.school) if x)
    return f"Report{' for ' + who if who else ''}, {format_moment(report.generated_at)}"


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _avg(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _bar(n: int, top: int) -> int:
    return round(BAR_MAX * n / top) if n else 0


def field_rows(report: Report) -> list[list[str]]:
    return [
        [
            r.name,
            str(len(r.people)),
            str(r.held),
            ", ".join(str(x) for x in r.ratings) or "-",
            _avg(r.average),
        ]
        for r in report.fields.rows
    ]


def touch_rows(report: Report) -> list[list[str]]:
    return [
        [
            f"{t.name} ({t.id})",
            format_day(t.last.date()),
            format_day(t.due.date()),
            str(t.days_overdue),
            t.command,
        ]
        for t in report.touch
    ]


def unexplored(report: Report) -> str:
    items = [f"{u.interest} ({u.describe()})" for u in report.fields.unexplored]
    return "Your interests not explored yet: " + "; ".join(items) if items else ""


def tree_lines(nodes: tuple[ReferralNode, ...], *, unicode: bool = True) -> list[str]:
    """The referral forest as indented lines with └─ ├─ │ (or ASCII when those cannot show)."""
    tee, elbow, pipe = ("├─ ", "└─ ", "│  ") if unicode else ("|- ", "`- ", "|  ")
    lines = []
    for node, flags in walk(nodes):
        prefix = "".join("   " if last else pipe for last in flags[1:-1])
        if len(flags) > 1:
            prefix += elbow if flags[-1] else tee
        lines.append(f"{prefix}{node.name} ({node.id}, {node.status.value})")
    return lines


def thanks_line(p: Punctuality) -> str:
    if not p.held:
        return "Thank-you notes: no interviews held yet."
    if p.percent_on_time is None:
        return "Thank-you notes: none due yet."
    return (
        f"Thank-you notes: {p.percent_on_time}% sent within {p.due_hours} hours "
        f"({p.on_time} of {p.decided})"
    )


def thanks_parts(p: Punctuality) -> list[tuple[str, int]]:
    parts = [
        (f"sent within {p.due_hours} hours", p.on_time),
        ("sent later", p.late),
        (f"not sent, past {p.due_hours} hours", p.overdue),
        ("not sent yet, still in time", p.pending),
    ]
    if p.superseded:
        parts.append(("earlier interviews without their own", p.superseded))
    return parts


# --- plain text -------------------------------------------------------------------------------


def can_draw(stream: TextIO) -> bool:
    """Whether ``stream`` can show box-drawing characters (└─ ├─ │ █)."""
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        "└├│─█·".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def draw_plain(stream: TextIO, report: Report) -> None:
    unicode = can_draw(stream)
    block, dot = ("█", " · ") if unicode else ("#", "; ")

    def say(line: str = "") -> None:
        stream.write(line + "\n")

    say(heading(report))
    say()
    counts = report.pipeline.counts
    say(f"Pipeline ({_people(report.pipeline.total)})")
    top = max(n for _, n in counts) or 1
    width = max(len(s.value) for s, _ in counts)
    digits = len(str(top))
    for status, n in counts:
        say(f"  {status.value:<{width}}  {n:>{digits}}  {block * _bar(n, top)}".rstrip())
    say()
    say("Fields explored")
    if report.fields.rows:
        terminal.table(stream, True, FIELD_HEADERS, field_rows(report))
    else:
        say(NO_FIELDS)
    if report.fields.without_field:
        say(report.fields.without_field_note())
    if unexplored(report):
        say(unexplored(report))
    say()
    say("Referrals")
    if report.referrals:
        for line in tree_lines(report.referrals, unicode=unicode):
            say(f"  {line}")
    else:
        say(NO_REFERRALS)
    say()
    p = report.thanks
    say(thanks_line(p))
    if p.held:
        say("  " + dot.join(f"{label} {n}" for label, n in thanks_parts(p)))
    say()
    if report.touch:
        say(f"Staying in touch ({len(report.touch)} due)")
        terminal.table(stream, True, TOUCH_HEADERS, touch_rows(report))
    else:
        say(NOBODY_DUE)


# --- rich, for a terminal --------------------------------------------------------------------


def draw_rich(stream: TextIO, report: Report) -> None:
    from rich.text import Text

    screen = terminal.console(stream)
    screen.print(Text(heading(report), style="bold"))
    screen.print()
    screen.print(_pipeline_chart(report))
    screen.print()
    _print_fields(screen, report)
    screen.print()
    _print_referrals(screen, report)
    screen.print()
    _print_thanks(screen, report.thanks)
    screen.print()
    _print_touch(screen, report)


def _pipeline_chart(report: Report) -> Table:
    from rich.table import Table
    from rich.text import Text

    counts = report.pipeline.counts
    top = max(n for _, n in counts) or 1
    chart = Table(
        title=f"Pipeline ({_people(report.pipeline.total)})",
        title_justify="left",
        show_header=False,
        box=None,
        padding=(0, 1),
    )
    chart.add_column(no_wrap=True)
    chart.add_column(justify="right")
    chart.add_column(no_wrap=True)
    for status, n in counts:
        chart.add_row(status.value, str(n), Text("█" * _bar(n, top), style=STATUS_STYLES[status]))
    return chart


def _print_fields(screen: Console, report: Report) -> None:
    from rich.text import Text

    if report.fields.rows:
        numbers = [FIELD_HEADERS[i] for i in (1, 2, 4)]
        rows = field_rows(report)
        terminal.table(
            screen.file, False, FIELD_HEADERS, rows, title="Fields explored", right=numbers
        )
    else:
        screen.print(Text("Fields explored", style="italic"))
        screen.print(Text(NO_FIELDS))
    if report.fields.without_field:
        screen.print(Text(report.fields.without_field_note()))
    if unexplored(report):
        screen.print(Text(unexplored(report)))


def _print_referrals(screen: Console, report: Report) -> None:
    from rich.text import Text
    from rich.tree import Tree

    if report.referrals:
        tree = Tree(Text("Referrals", style="italic"), guide_style="dim")
        _add_nodes(tree, report.referrals)
        screen.print(tree)
    else:
        screen.print(Text("Referrals", style="italic"))
        screen.print(Text(NO_REFERRALS))


def _add_nodes(parent: Tree, nodes: tuple[ReferralNode, ...]) -> None:
    for node in nodes:
        branch = parent.add(_node_label(node))
        _add_nodes(branch, node.children)


def _node_label(node: ReferralNode) -> Text:
    from rich.text import Text

    label = Text(node.name)
    label.append(f" ({node.id}, ", style="dim")
    label.append(node.status.value, style=STATUS_STYLES.get(node.status, ""))
    label.append(")", style="dim")
    return label


def _print_thanks(screen: Console, p: Punctuality) -> None:
    from rich.text import Text

    percent = p.percent_on_time
    tone = "green" if percent is not None and percent >= 80 else "yellow"
    screen.print(Text(thanks_line(p), style="" if percent is None else tone))
    if p.held:
        line = Text("  ")
        colours = ["green", "yellow", "red", "dim", "dim"]
        for n, ((label, count), colour) in enumerate(zip(thanks_parts(p), colours, strict=False)):
            if n:
                line.append(" · ")
            line.append(f"{label} {count}", style=colour if count else "dim")
        screen.print(line)


def _print_touch(screen: Console, report: Report) -> None:
    from rich.text import Text

    if not report.touch:
        screen.print(Text(NOBODY_DUE))
        return
    styles = [["", "", "", "red" if t.days_overdue > 7 else "yellow", "cyan"] for t in report.touch]
    terminal.table(
        screen.file,
        False,
        TOUCH_HEADERS,
        touch_rows(report),
        title=f"Staying in touch ({len(report.touch)} due)",
        styles=styles,
        keep=["Run"],  # the command to copy
        cut=["Last contact"],
        right=["Days overdue"],
    )
