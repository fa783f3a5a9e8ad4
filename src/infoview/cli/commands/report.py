"""`infoview report`: the pipeline, fields, referrals, thank-yous and stay-in-touch, in one view."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from infoview.cli.common import (
    app_env,
    notice,
    plain_output,
    print_json,
    print_table,
    say,
    warn_all,
)
from infoview.model.errors import InvalidInput

if TYPE_CHECKING:
    from rich.console import Console
    from rich.tree import Tree

    from infoview.model.vocab import Status
    from infoview.rules.report import Punctuality, ReferralNode, Report

DEFAULT_HTML_NAME = "infoview-report.html"  # when --html names a folder
BAR_MAX = 30  # the longest bar of the terminal pipeline chart, in characters


def report(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON only, for scripts.")] = False,
    html_file: Annotated[
        str | None,
        typer.Option(
            "--html",
            metavar="FILE",
            help="Write the report instead as one self-contained web page to print or show "
            "(an existing file is replaced; - for the screen; a folder gets "
            "infoview-report.html).",
        ),
    ] = None,
) -> None:
    """Your progress so far: the pipeline, fields, referrals, thank-yous, staying in touch.

    Shows how many people stand at each step, the fields you explored and how
    interested you were after each conversation, who led you to whom, how many
    thank-you notes went out within 24 hours, and who is due a stay-in-touch
    note. `--html FILE` writes the same as a page with charts that works offline
    and prints well, to show a counsellor.

    Example: infoview report --html my-report.html
    """
    from infoview.rules.report import build_report

    env = app_env(ctx)
    report_ = build_report(env.workspace(), env.now())
    warn_all(report_.warnings)
    if as_json and html_file is None:
        print_json(report_.as_dict())
        return
    if report_.empty:
        if as_json:  # with --html: JSON only on stdout, and no page of nothing
            print_json(report_.as_dict())
            notice("nothing to report yet, so no page was written")
            return
        say("Nothing to report yet: nobody is on your list.")
        say('Start with someone you know: infoview prospect add "Name" --relation family')
        return
    if html_file is not None:
        _write_html(report_, html_file, quiet=as_json)
        if as_json:
            print_json(report_.as_dict())
        return
    if plain_output():
        _print_plain(report_)
    else:
        _print_rich(report_)


def _write_html(report_: Report, target: str, *, quiet: bool) -> None:
    """Write the page atomically, as `questions sheet -o` does (an existing file is replaced)."""
    from infoview.render.report_html import to_html
    from infoview.store.files import atomic_write

    text = to_html(report_)
    if target == "-":
        typer.echo(text, nl=False)
        return
    path = Path(target).expanduser()
    if target.endswith(("/", "\\")) or path.is_dir():
        path = path / DEFAULT_HTML_NAME
    path = path.absolute()
    if not path.parent.is_dir():
        raise InvalidInput(f"cannot write {path}: the folder {path.parent} does not exist")
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise InvalidInput(f"could not write {path}: {exc.strerror or exc}") from None
    if quiet:
        notice(f"wrote {path}")
    else:
        say(f"Wrote {path}")


# --- the terminal ----------------------------------------------------------------------------


def _can_draw() -> bool:
    """Whether stdout can show box-drawing characters (└─ ├─ │ █)."""
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "└├│─█·".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _heading(report_: Report) -> str:
    from infoview.model.dates import format_day

    when = report_.generated_at
    who = ", ".join(x for x in (report_.student, report_.school) if x)
    stamp = f"{format_day(when.date())} {when.hour:02d}:{when.minute:02d}"
    return f"Report{' for ' + who if who else ''}, {stamp}"


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _avg(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _field_rows(report_: Report) -> list[list[str]]:
    return [
        [
            r.name,
            str(len(r.people)),
            str(r.held),
            ", ".join(str(x) for x in r.ratings) or "-",
            _avg(r.average),
        ]
        for r in report_.fields.rows
    ]


FIELD_HEADERS = ["Field", "People", "Held", "Interest (1-5)", "Average"]
TOUCH_HEADERS = ["Person", "Last contact", "Due", "Days overdue", "Run"]


def _touch_rows(report_: Report) -> list[list[str]]:
    from infoview.model.dates import format_day

    return [
        [
            f"{t.name} ({t.id})",
            format_day(t.last.date()),
            format_day(t.due.date()),
            str(t.days_overdue),
            t.command,
        ]
        for t in report_.touch
    ]


def _unexplored(report_: Report) -> str:
    items = [f"{u.interest} ({u.describe()})" for u in report_.fields.unexplored]
    return "Your interests not explored yet: " + "; ".join(items) if items else ""


def tree_lines(nodes: tuple[ReferralNode, ...], *, unicode: bool = True) -> list[str]:
    """The referral forest as indented lines with └─ ├─ │ (or ASCII when those cannot show)."""
    from infoview.rules.report import walk

    tee, elbow, pipe = ("├─ ", "└─ ", "│  ") if unicode else ("|- ", "`- ", "|  ")
    lines = []
    for node, flags in walk(nodes):
        prefix = "".join("   " if last else pipe for last in flags[1:-1])
        if len(flags) > 1:
            prefix += elbow if flags[-1] else tee
        lines.append(f"{prefix}{node.name} ({node.id}, {node.status.value})")
    return lines


def _thanks_line(p: Punctuality) -> str:
    if not p.held:
        return "Thank-you notes: no interviews held yet."
    if p.percent_on_time is None:
        return "Thank-you notes: none due yet."
    return (
        f"Thank-you notes: {p.percent_on_time}% sent within {p.due_hours} hours "
        f"({p.on_time} of {p.decided})"
    )


def _thanks_parts(p: Punctuality) -> list[tuple[str, int]]:
    parts = [
        (f"sent within {p.due_hours} hours", p.on_time),
        ("sent later", p.late),
        (f"not sent, past {p.due_hours} hours", p.overdue),
        ("not sent yet, still in time", p.pending),
    ]
    if p.superseded:
        parts.append(("earlier interviews without their own", p.superseded))
    return parts


def _print_plain(report_: Report) -> None:
    draw = _can_draw()
    block, dot = ("█", " · ") if draw else ("#", "; ")
    say(_heading(report_))
    say("")
    counts = report_.pipeline.counts
    say(f"Pipeline ({_people(report_.pipeline.total)})")
    top = max(n for _, n in counts) or 1
    width = max(len(s.value) for s, _ in counts)
    digits = len(str(top))
    for status, n in counts:
        bar = block * (round(BAR_MAX * n / top) if n else 0)
        say(f"  {status.value:<{width}}  {n:>{digits}}  {bar}".rstrip())
    say("")
    say("Fields explored")
    if report_.fields.rows:
        print_table(FIELD_HEADERS, _field_rows(report_))
    else:
        say("  No fields yet: add them with infoview prospect edit ID --field ...")
    if _unexplored(report_):
        say(_unexplored(report_))
    say("")
    say("Referrals")
    if report_.referrals:
        for line in tree_lines(report_.referrals, unicode=draw):
            say(f"  {line}")
    else:
        say("  None yet: end every interview by asking who else you should talk to.")
    say("")
    p = report_.thanks
    say(_thanks_line(p))
    if p.held:
        say("  " + dot.join(f"{label} {n}" for label, n in _thanks_parts(p)))
    say("")
    if report_.touch:
        say(f"Staying in touch ({len(report_.touch)} due)")
        print_table(TOUCH_HEADERS, _touch_rows(report_))
    else:
        say("Staying in touch: nobody is due a note today.")


def _print_rich(report_: Report) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

    from infoview.model.vocab import Status

    styles: dict[Status, str] = {
        Status.NEW: "white",
        Status.CONTACTED: "blue",
        Status.REPLIED: "cyan",
        Status.SCHEDULED: "yellow",
        Status.INTERVIEWED: "green",
        Status.THANKED: "bold green",
        Status.DECLINED: "red",
        Status.NO_RESPONSE: "magenta",
    }
    console = Console(highlight=False, force_terminal=True)  # plain_output() said so
    console.print(Text(_heading(report_), style="bold"))

    counts = report_.pipeline.counts
    top = max(n for _, n in counts) or 1
    pipeline = Table(
        title=f"Pipeline ({_people(report_.pipeline.total)})",
        title_justify="left",
        show_header=False,
        box=None,
        padding=(0, 1),
    )
    pipeline.add_column(no_wrap=True)
    pipeline.add_column(justify="right")
    pipeline.add_column(no_wrap=True)
    for status, n in counts:
        bar = "█" * (round(BAR_MAX * n / top) if n else 0)
        pipeline.add_row(status.value, str(n), Text(bar, style=styles[status]))
    console.print()
    console.print(pipeline)

    console.print()
    if report_.fields.rows:
        fields = Table(title="Fields explored", title_justify="left", header_style="bold")
        for i, h in enumerate(FIELD_HEADERS):
            fields.add_column(h, justify="left" if i in (0, 3) else "right", overflow="fold")
        for row in _field_rows(report_):
            fields.add_row(*(Text(c) for c in row))
        console.print(fields)
    else:
        console.print(Text("Fields explored", style="italic"))
        console.print("  No fields yet: add them with infoview prospect edit ID --field ...")
    if _unexplored(report_):
        console.print(Text(_unexplored(report_)))

    console.print()
    if report_.referrals:
        tree = Tree(Text("Referrals", style="italic"), guide_style="dim")
        _add_nodes(tree, report_.referrals, styles)
        console.print(tree)
    else:
        console.print(Text("Referrals", style="italic"))
        console.print("  None yet: end every interview by asking who else you should talk to.")

    console.print()
    p = report_.thanks
    percent = p.percent_on_time
    tone = "green" if percent is not None and percent >= 80 else "yellow"
    console.print(Text(_thanks_line(p), style="" if percent is None else tone))
    if p.held:
        line = Text("  ")
        colours = ["green", "yellow", "red", "dim", "dim"]
        for n, ((label, count), colour) in enumerate(zip(_thanks_parts(p), colours, strict=False)):
            if n:
                line.append(" · ")
            line.append(f"{label} {count}", style=colour if count else "dim")
        console.print(line)

    console.print()
    _print_touch(console, report_)


def _add_nodes(parent: Tree, nodes: tuple[ReferralNode, ...], styles: dict[Status, str]) -> None:
    from rich.text import Text

    for node in nodes:
        label = Text(node.name)
        label.append(f" ({node.id}, ", style="dim")
        label.append(node.status.value, style=styles.get(node.status, ""))
        label.append(")", style="dim")
        branch = parent.add(label)
        _add_nodes(branch, node.children, styles)


def _print_touch(console: Console, report_: Report) -> None:
    from rich.table import Table
    from rich.text import Text

    if not report_.touch:
        console.print("Staying in touch: nobody is due a note today.")
        return
    table = Table(
        title=f"Staying in touch ({len(report_.touch)} due)",
        title_justify="left",
        header_style="bold",
    )
    for i, h in enumerate(TOUCH_HEADERS):
        table.add_column(h, justify="right" if i == 3 else "left", overflow="fold", no_wrap=i == 4)
    for t, row in zip(report_.touch, _touch_rows(report_), strict=True):
        style = "red" if t.days_overdue > 7 else "yellow"
        table.add_row(
            Text(row[0]),
            Text(row[1]),
            Text(row[2]),
            Text(row[3], style=style),
            Text(row[4], style="cyan"),
        )
    console.print(table)
