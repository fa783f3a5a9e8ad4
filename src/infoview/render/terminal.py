"""Tables and records for the terminal: rich in a terminal, aligned plain text when piped.

Every value shown here comes from the student's data (names, notes, a LinkedIn
export's company...), so it is always drawn as text, never read as rich markup:
``[link=...]`` or ``[/b]`` in a name is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console, JustifyMethod


def console(stream: IO[str]) -> Console:
    """A rich console on ``stream``, for output the caller knows goes to a terminal."""
    from rich.console import Console

    return Console(file=stream, highlight=False, force_terminal=True, emoji=False)


def table(
    stream: IO[str],
    plain: bool,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str = "",
    limit: int | None = None,
    more: str = "",
    styles: Sequence[Sequence[str]] | None = None,
    cut: Sequence[str] = (),
    keep: Sequence[str] = (),
    right: Sequence[str] = (),
) -> None:
    """A rich table in a terminal; aligned plain columns when ``plain``.

    In a terminal only the first ``limit`` rows are drawn (rich takes about a second
    for 1,000 rows), then "…and N more" and ``more``; plain output is never cut.
    ``styles``, shaped like ``rows``, colours cells in a terminal ("bold red", "" for none).

    In a terminal each row is one line that fits the width: the columns named in
    ``cut`` (the least important first), then the widest of the others, give up
    width and end in "…". A column named "ID" or in ``keep`` is never cut, so that
    an id stays whole to copy. When even three letters of each do not fit, the
    least important columns are left out, and a line under the table names them.
    The columns named in ``right`` (numbers) are aligned right.
    """
    if plain:
        widths = [
            max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
            for i, h in enumerate(headers)
        ]
        lines = (
            "  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip()
            for line in (headers, *rows)
        )
        stream.write("\n".join(lines) + "\n")  # one write: a write per line costs 1 s per 100,000
        return
    from rich.table import Table
    from rich.text import Text

    screen = console(stream)
    shown = rows if limit is None else rows[:limit]
    cells = [
        [Text(" ".join(cell.splitlines()), style=s) for cell, s in zip(r, style, strict=True)]
        for r, style in zip(shown, styles or [[""] * len(headers)] * len(shown), strict=False)
    ]
    natural = [max([len(h), *(c[i].cell_len for c in cells)]) for i, h in enumerate(headers)]
    whole = {i for i, h in enumerate(headers) if h in keep or h.upper() == "ID"}
    first = [headers.index(h) for h in cut if h in headers]
    sizes = fit(natural, first, screen.width, whole)
    grid = Table(title=Text(title) if title else None, header_style="bold", title_justify="left")
    for i, h in enumerate(headers):
        if i in whole:  # only an id wider than the screen itself is folded
            grid.add_column(Text(h), width=sizes[i], overflow="fold")
        elif sizes[i] is not None:
            justify: JustifyMethod = "right" if h in right else "left"
            grid.add_column(
                Text(h), width=sizes[i], no_wrap=True, overflow="ellipsis", justify=justify
            )
    for row in cells:
        grid.add_row(*(c for c, w in zip(row, sizes, strict=True) if w is not None))
    screen.print(grid)
    left_out = [h for h, w in zip(headers, sizes, strict=True) if w is None]
    if left_out:
        screen.print(Text(f"(no room for {', '.join(left_out)}: widen the terminal to see them)"))
    if len(shown) < len(rows):
        stream.write(f"…and {len(rows) - len(shown)} more{more}\n")


NARROWEST = 4  # a column cut to fit keeps at least three characters and "…"


def fit(natural: Sequence[int], cut: Sequence[int], room: int, whole: set[int]) -> list[int | None]:
    """Each column's width (None: left out) for a bordered table ``room`` wide.

    Each column also takes 3 (its padding and a border), the table 1 (its left border).
    The columns in ``cut`` give up width first, one after the other, each down to
    :data:`NARROWEST`; then the widest of the others but ``whole`` ones shrink
    together; then columns are left out, those in ``cut`` first, then from the right.
    """
    widths: list[int | None] = list(natural)
    floor = [min(n, NARROWEST) for n in natural]

    def excess() -> int:
        return sum(w + 3 for w in widths if w is not None) + 1 - room

    for i in cut:
        widths[i] = max(floor[i], natural[i] - max(excess(), 0))
    rest = [i for i in range(len(natural)) if i not in whole and i not in cut]
    for level in range(max((natural[i] for i in rest), default=0), NARROWEST - 1, -1):
        if excess() <= 0:
            break
        for i in rest:
            widths[i] = max(floor[i], min(natural[i], level))
    for i in [*cut, *reversed(rest)]:
        if excess() > 0:
            widths[i] = None
    return widths


LABEL_MAX = 20  # a longer label (a long question) goes on a line of its own


def fields(stream: TextIO, plain: bool, title: str, pairs: Sequence[tuple[str, str]]) -> None:
    """A record as 'Label: value' lines, in a panel in a terminal; empty values are left out.

    Labels are padded to the longest one of at most :data:`LABEL_MAX` characters; a
    longer label is on a line of its own, its value under it where the values start.
    """
    shown = [(k, v) for k, v in pairs if v]
    width = max((len(k) for k, _ in shown if len(k) <= LABEL_MAX), default=0)
    if plain:
        lines = [title]
        for key, value in shown:
            first, *rest = value.split("\n")
            if len(key) > LABEL_MAX:
                lines.append(f"  {key}:")
                rest = [first, *rest]
            else:
                lines.append(f"  {key + ':':<{width + 1}} {first}")
            lines += [f"  {'':<{width + 1}} {more}" for more in rest]
        stream.write("\n".join(lines) + "\n")
        return
    _fields_panel(console(stream), title, shown, width)


def _fields_panel(
    screen: Console, title: str, shown: Sequence[tuple[str, str]], width: int
) -> None:
    from rich.console import Group, RenderableType
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = []
    grid: Table | None = None
    for key, value in shown:
        if len(key) > LABEL_MAX:
            parts += [Text(key, style="bold"), Padding(Text(value), (0, 0, 0, width + 2))]
            grid = None
            continue
        if grid is None:
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold", width=width)
            grid.add_column()
            parts.append(grid)
        grid.add_row(Text(key), Text(value))
    heading = Text(title)
    if heading.cell_len + 6 > screen.width:  # a panel's title is cut: the id in it must show
        screen.print(Text(title, style="bold"))
        screen.print(Panel(Group(*parts)))
    else:
        screen.print(Panel(Group(*parts), title=heading, title_align="left"))


@contextmanager
def progress(
    stream: TextIO, what: str, total: int, *, shown: bool
) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on a terminal's ``stream`` (call what it yields with the count done),
    or None when it is not ``shown``."""
    if not shown:
        yield None
        return
    from rich.progress import Progress

    with Progress(console=console(stream), transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda done: bar.update(task, completed=done)
