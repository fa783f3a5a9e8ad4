"""The report as one self-contained HTML page to print or show a counsellor.

Inline CSS and inline SVG only: no script, no font or image from the network,
so the file opens the same anywhere, offline. Every name and label is the
student's own data and goes through ``html.escape``. Print styles keep each
section on one page where it fits, and keep the chart colours on paper.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from infoview.model.dates import format_day, format_moment
from infoview.model.vocab import Status
from infoview.rules.referrals import ReferralNode
from infoview.rules.report import FieldRow, Punctuality, Report, TouchRow

# One colour per step; readable on white and distinct in greyscale print as well.
STATUS_COLOURS = {
    Status.NEW: "#9e9e9e",
    Status.CONTACTED: "#4e79a7",
    Status.REPLIED: "#76b7b2",
    Status.SCHEDULED: "#f28e2b",
    Status.INTERVIEWED: "#59a14f",
    Status.THANKED: "#2f6b2a",
    Status.DECLINED: "#e15759",
    Status.NO_RESPONSE: "#b07aa1",
}
INTEREST_MAX = 5  # the interest scale of a logged interview, 1–5
LABEL_CHARS = 24  # longer labels are cut in the charts (the tables show them whole)

# The chart geometry, in SVG user units (the charts scale with the page).
_LABEL_W = 180
_BAR_W = 380
_ROW_H = 26
_CHART_W = _LABEL_W + _BAR_W + 110  # room for '5.0 (12 ratings)' after a full bar

PUNCTUALITY_PARTS = (
    ("on_time", "sent within {hours} hours", "#59a14f"),
    ("late", "sent later", "#f2b447"),
    ("overdue", "not sent, past {hours} hours", "#e15759"),
    ("pending", "not sent yet, still in time", "#bdbdbd"),
)

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial,
       sans-serif; color: #1a1a1a; margin: 2rem auto; max-width: 52rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.15rem; margin: 0 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid #999; }
section { margin: 1.6rem 0; }
/* Short sections stay whole on paper; long ones may break, but never inside a chart, a row
   or one person's branch of the tree. */
section.keep, svg, tr, ul.tree > li, .summary { break-inside: avoid; page-break-inside: avoid; }
.meta { color: #555; margin: 0 0 1rem; }
.muted { color: #666; }
.summary { display: grid; grid-template-columns: repeat(4, 1fr); gap: .6rem; margin: 1rem 0; }
.summary div { border: 1px solid #ccc; border-radius: 6px; padding: .5rem .7rem; }
.summary strong { display: block; font-size: 1.5rem; line-height: 1.2; }
.summary span { color: #555; font-size: .85rem; }
svg { display: block; width: 100%; max-width: 40rem; height: auto; margin: .3rem 0 .8rem; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial,
           sans-serif; fill: #1a1a1a; }
svg .axis { stroke: #bbb; stroke-width: 1; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0; font-size: .95rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #ddd;
         vertical-align: top; }
th { border-bottom: 2px solid #999; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.nw, td code { white-space: nowrap; }
code { font: .9em ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
       background: #f3f3f3; padding: 0 .25em; border-radius: 3px; }
.badge { display: inline-block; font-size: .8rem; padding: 0 .45em; border-radius: 1em;
         color: #fff; vertical-align: 1px; }
ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 1.3rem; }
ul.tree { padding-left: 0; }
ul.tree ul li { position: relative; }
ul.tree ul li::before { content: ""; position: absolute; left: -.9rem; top: 0; height: .8em;
                        width: .7rem; border-left: 1px solid #888; border-bottom: 1px solid #888; }
ul.tree ul li:not(:last-child)::after { content: ""; position: absolute; left: -.9rem;
                        top: .8em; bottom: 0; border-left: 1px solid #888; }
ul.tree li { padding: .1rem 0; }
ul.tree > li { margin-bottom: .4rem; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; padding: 0; margin: 0;
          list-style: none; font-size: .9rem; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .35em;
          border-radius: 2px; vertical-align: -1px; }
.warning { border-left: 4px solid #e15759; padding: .3rem .7rem; background: #fdf0f0; }
@page { margin: 15mm 14mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section { margin: 1rem 0; }
  svg { max-width: 36rem; }
}
@media (max-width: 40rem) { .summary { grid-template-columns: repeat(2, 1fr); } }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _cut(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fmt_avg(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


# --- charts -------------------------------------------------------------------------------


def _svg_open(height: int, label: str) -> str:
    return (
        f'<svg viewBox="0 0 {_CHART_W} {height}" '
        f'role="img" aria-label="{_e(label)}"><title>{_e(label)}</title>'
    )


def pipeline_chart(counts: Sequence[tuple[Status, int]]) -> str:
    """Horizontal bars: one per step, in the order of the path."""
    top = max((n for _, n in counts), default=0) or 1
    height = _ROW_H * len(counts) + 8
    parts = [_svg_open(height, "People at each step")]
    for row, (status, n) in enumerate(counts):
        y = 4 + row * _ROW_H
        width = round(_BAR_W * n / top)
        mid = y + _ROW_H / 2
        parts.append(
            f'<text x="{_LABEL_W - 8}" y="{mid:.0f}" text-anchor="end" '
            f'dominant-baseline="middle">{_e(status.value)}</text>'
        )
        if n:
            parts.append(
                f'<rect x="{_LABEL_W}" y="{y + 4}" width="{width}" height="{_ROW_H - 8}" '
                f'rx="2" fill="{STATUS_COLOURS[status]}"><title>{_e(status.value)}: {n}</title>'
                "</rect>"
            )
        parts.append(
            f'<text x="{_LABEL_W + width + 6}" y="{mid:.0f}" dominant-baseline="middle">{n}</text>'
        )
    parts.append(
        f'<line class="axis" x1="{_LABEL_W}" y1="2" x2="{_LABEL_W}" y2="{height - 2}"/></svg>'
    )
    return "".join(parts)


def interest_chart(rows: Sequence[FieldRow]) -> str:
    """Bars of the average interest (out of 5) per field that has ratings."""
    rated = [r for r in rows if r.ratings]
    if not rated:
        return ""
    unit = _BAR_W / INTEREST_MAX
    height = _ROW_H * len(rated) + 26
    parts = [_svg_open(height, "Average interest per field, 1 to 5")]
    for tick in range(INTEREST_MAX + 1):
        x = _LABEL_W + tick * unit
        parts.append(
            f'<line class="axis" x1="{x:.0f}" y1="2" x2="{x:.0f}" y2="{height - 20}"/>'
            f'<text x="{x:.0f}" y="{height - 6}" text-anchor="middle">{tick}</text>'
        )
    for row, r in enumerate(rated):
        y = 4 + row * _ROW_H
        mid = y + _ROW_H / 2
        avg = r.average or 0.0
        width = round(unit * avg)
        ratings = ", ".join(str(x) for x in r.ratings)
        parts.append(
            f'<text x="{_LABEL_W - 8}" y="{mid:.0f}" text-anchor="end" '
            f'dominant-baseline="middle"><title>{_e(r.name)}</title>{_e(_cut(r.name))}</text>'
            f'<rect x="{_LABEL_W}" y="{y + 4}" width="{width}" height="{_ROW_H - 8}" rx="2" '
            f'fill="#4e79a7"><title>{_e(r.name)}: {ratings}</title></rect>'
            f'<text x="{_LABEL_W + width + 6}" y="{mid:.0f}" dominant-baseline="middle">'
            f"{_fmt_avg(r.average)} ({_plural(len(r.ratings), 'rating')})</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def punctuality_chart(p: Punctuality) -> str:
    """One stacked bar: on time, late, overdue, still in time."""
    total = p.on_time + p.late + p.overdue + p.pending
    if not total:
        return ""
    width = _LABEL_W + _BAR_W - 10
    parts = [_svg_open(34, "Thank-you notes against the 24-hour rule")]
    x = 0.0
    for key, label, colour in PUNCTUALITY_PARTS:
        n = getattr(p, key)
        if not n:
            continue
        w = width * n / total
        text = label.format(hours=p.due_hours)
        parts.append(
            f'<rect x="{x:.1f}" y="4" width="{w:.1f}" height="24" fill="{colour}">'
            f"<title>{_e(text)}: {n}</title></rect>"
        )
        if w >= 18:
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="16" text-anchor="middle" '
                f'dominant-baseline="middle">{n}</text>'
            )
        x += w
    parts.append("</svg>")
    return "".join(parts)


# --- sections -------------------------------------------------------------------------------


def _badge(status: Status) -> str:
    return (
        f'<span class="badge" style="background:{STATUS_COLOURS[status]}">{_e(status.value)}</span>'
    )


def _tree(nodes: Sequence[ReferralNode], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    items = []
    for node in nodes:
        inner = _tree(node.children) if node.children else ""
        items.append(f"<li>{_e(node.name)} {_badge(node.status)}{inner}</li>")
    return f"<ul{attr}>{''.join(items)}</ul>"


def _fields_section(report: Report) -> list[str]:
    f = report.fields
    parts = ["<section>", "<h2>Fields explored</h2>"]
    if not f.rows:
        parts.append(
            '<p class="muted">No fields yet: add them with '
            "<code>infoview prospect edit ID --field ...</code>.</p>"
        )
    else:
        parts.append(interest_chart(f.rows))
        parts += [
            "<table><thead><tr><th>Field</th><th class='n'>People</th>"
            "<th class='n'>Interviews held</th><th>Interest given (1–5)</th>"
            "<th class='n'>Average</th></tr></thead><tbody>"
        ]
        for r in f.rows:
            ratings = ", ".join(str(x) for x in r.ratings) or "–"
            parts.append(
                f"<tr><td>{_e(r.name)}</td><td class='n'>{len(r.people)}</td>"
                f"<td class='n'>{r.held}</td><td>{ratings}</td>"
                f"<td class='n'>{_fmt_avg(r.average)}</td></tr>"
            )
        parts.append("</tbody></table>")
    if f.unexplored:
        items = "".join(
            f"<li>{_e(u.interest)} <span class='muted'>({_e(u.describe())})</span></li>"
            for u in f.unexplored
        )
        parts.append(f"<p>Your interests not explored yet:</p><ul>{items}</ul>")
    if f.without_field:
        parts.append(f"<p class='muted'>{_e(f.without_field_note())}.</p>")
    parts.append("</section>")
    return parts


def _thanks_section(p: Punctuality) -> list[str]:
    parts = ['<section class="keep">', "<h2>Thank-you notes</h2>"]
    if not p.held:
        parts.append('<p class="muted">No interviews held yet.</p></section>')
        return parts
    if p.percent_on_time is None:
        headline = "No thank-you is due yet."
    else:
        headline = (
            f"<strong>{p.percent_on_time}%</strong> sent within {p.due_hours} hours "
            f"({p.on_time} of {p.decided})."
        )
    parts.append(f"<p>{headline}</p>")
    parts.append(punctuality_chart(p))
    legend = []
    for key, label, colour in PUNCTUALITY_PARTS:
        legend.append(
            f'<li><span class="swatch" style="background:{colour}"></span>'
            f"{_e(label.format(hours=p.due_hours))}: {getattr(p, key)}</li>"
        )
    parts.append(f'<ul class="legend">{"".join(legend)}</ul>')
    if p.superseded:
        parts.append(
            f"<p class='muted'>{_plural(p.superseded, 'earlier interview')} without a "
            "thank-you of its own, followed by a later one with the same person.</p>"
        )
    parts.append("</section>")
    return parts


def _touch_section(rows: Sequence[TouchRow]) -> list[str]:
    parts = ['<section class="keep">', "<h2>Staying in touch</h2>"]
    if not rows:
        parts.append('<p class="muted">Nobody is due a stay-in-touch note today.</p></section>')
        return parts
    parts.append(
        "<table><thead><tr><th>Person</th><th>Last contact</th><th>Due</th>"
        "<th class='n'>Days overdue</th><th>Run</th></tr></thead><tbody>"
    )
    for t in rows:
        parts.append(
            f"<tr><td>{_e(t.name)}</td><td class='nw'>{_e(format_day(t.last.date()))}</td>"
            f"<td class='nw'>{_e(format_day(t.due.date()))}</td>"
            f"<td class='n'>{t.days_overdue}</td>"
            f"<td><code>{_e(t.command)}</code></td></tr>"
        )
    parts.append("</tbody></table></section>")
    return parts


def to_html(report: Report) -> str:
    """The whole page."""
    e = _e
    stamp = format_moment(report.generated_at)
    title = "Informational interviews: progress report"
    who = ", ".join(x for x in (report.student, report.school) if x)
    p = report.thanks
    summary = [
        (str(report.pipeline.total), "people on the list"),
        (str(report.interviews_held), "interviews held"),
        (
            "–" if p.percent_on_time is None else f"{p.percent_on_time}%",
            f"thank-yous within {p.due_hours} h",
        ),
        (str(len(report.touch)), "due a stay-in-touch note"),
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title + (' — ' + who if who else ''))}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">{e(who + " · " if who else "")}generated {e(stamp)}</p>',
    ]
    parts += [f'<p class="warning">{e(w)}</p>' for w in report.warnings]
    parts.append(
        '<div class="summary">'
        + "".join(f"<div><strong>{e(n)}</strong><span>{e(t)}</span></div>" for n, t in summary)
        + "</div>"
    )
    parts += [
        '<section class="keep">',
        f"<h2>Pipeline ({_plural(report.pipeline.total, 'person', 'people')})</h2>",
        pipeline_chart(report.pipeline.counts),
        "</section>",
    ]
    parts += _fields_section(report)
    parts += ["<section>", "<h2>Referrals: who led to whom</h2>"]
    if report.referrals:
        parts.append(_tree(report.referrals, "tree"))
    else:
        parts.append(
            '<p class="muted">No referrals yet. End every interview by asking who else '
            "you should talk to.</p>"
        )
    parts.append("</section>")
    parts += _thanks_section(p)
    parts += _touch_section(report.touch)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"
