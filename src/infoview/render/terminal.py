"""Tables and records for the terminal: rich in a terminal, aligned plain text when piped.

Every value shown here comes from the student's data (names, notes, a LinkedIn
export's company...), so it is always drawn as text, never read as rich markup:
``[link=...]`` or ``[/b]`` in a name is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console


def console(stream: TextIO) -> Console:
    """A rich console on ``stream``, for output the caller knows goes to a terminal."""
    from rich.console import Console

    return Console(file=stream, highlight=False, force_terminal=True, emoji=False)


def table(
    stream: TextIO,
    plain: bool,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str = "",
    limit: int | None = None,
    more: str = "",
    styles: Sequence[Sequence[str]] | None = None,
) -> None:
    """A rich table in a terminal; aligned plain columns when ``plain``.

    In a terminal only the first ``limit`` rows are drawn (rich takes about a second
    for 1,000 rows), then "…and N more" and ``more``; plain output is never cut.
    ``styles``, shaped like ``rows``, colours cells in a terminal ("bold red", "" for none).
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

    grid = Table(title=Text(title) if title else None, header_style="bold", title_justify="left")
    for i, h in enumerate(headers):
        grid.add_column(Text(h), overflow="fold", no_wrap=i == 0)  # ids must stay copyable
    shown = rows if limit is None else rows[:limit]
    for n, r in enumerate(shown):
        style = styles[n] if styles is not None else [""] * len(r)
        grid.add_row(*(Text(cell, style=s) for cell, s in zip(r, style, strict=True)))
    console(stream).print(grid)
    if len(shown) < len(rows):
        stream.write(f"…and {len(rows) - len(shown)} more{more}\n")


def fields(stream: TextIO, plain: bool, title: str, pairs: Sequence[tuple[str, str]]) -> None:
    """A record as 'Label: value' lines, in a panel in a terminal; empty values are left out."""
    shown = [(k, v) for k, v in pairs if v]
    if plain:
        width = max((len(k) for k, _ in shown), default=0)
        lines = [title]
        for key, value in shown:
            first, *rest = value.split("\n")
            lines.append(f"  {key + ':':<{width + 1}} {first}")
            lines += [f"  {'':<{width + 1}} {more}" for more in rest]
        stream.write("\n".join(lines) + "\n")
        return
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for key, value in shown:
        grid.add_row(Text(key), Text(value))
    console(stream).print(Panel(grid, title=Text(title), title_align="left"))


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
