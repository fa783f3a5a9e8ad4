"""`infoview report`: the pipeline, fields, referrals, thank-yous and stay-in-touch, in one view."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from infoview.cli.env import expand_user
from infoview.cli.files import may_replace
from infoview.cli.options import ForceOpt, JsonOpt
from infoview.cli.output import Output
from infoview.model.errors import InvalidInput
from infoview.render.report_html import to_html
from infoview.render.report_text import draw
from infoview.rules.report import Report
from infoview.usecases.report import build_report

DEFAULT_HTML_NAME = "infoview-report.html"  # when --html names a folder

HtmlOpt = Annotated[
    str | None,
    typer.Option(
        "--html",
        metavar="FILE",
        help="Write the report instead as one self-contained web page to print or show "
        "(- for the screen; a folder gets infoview-report.html).",
    ),
]


def report(
    ctx: typer.Context, as_json: JsonOpt = False, html_file: HtmlOpt = None, force: ForceOpt = False
) -> None:
    """Your progress so far: the pipeline, fields, referrals, thank-yous, staying in touch.

    Shows how many people stand at each step, the fields you explored and how
    interested you were after each conversation, who led you to whom, how many
    thank-you notes went out within 24 hours, and who is due a stay-in-touch
    note. `--html FILE` writes the same as a page with charts that works offline
    and prints well, to show a counsellor.

    Example: infoview report --html my-report.html
    """
    out = Output.of(ctx)
    result = build_report(out.env.workspace(), out.env.now())
    out.warn(result.warnings)
    if result.empty and (html_file is not None or not as_json):
        _nothing_yet(out, result, as_json=as_json)
        return
    if html_file is not None:
        _write_html(out, result, html_file, quiet=as_json, force=force)
    if as_json:
        out.json(result.as_dict())
    elif html_file is None:
        draw(out.env.output, out.plain, result)


def _nothing_yet(out: Output, report_: Report, *, as_json: bool) -> None:
    if as_json:  # with --html: JSON only on stdout, and no page of nothing
        out.json(report_.as_dict())
        out.notice("nothing to report yet, so no page was written")
        return
    out.say("Nothing to report yet: nobody is on your list.")
    out.say('Start with someone you know: infoview prospect add "Name" --relation family')


def _write_html(out: Output, report_: Report, target: str, *, quiet: bool, force: bool) -> None:
    """The page to the screen (-) or to a file, replaced only as `may_replace` allows."""
    text = to_html(report_)
    if target == "-":
        out.write(text)
        return
    path = expand_user(Path(target))
    if target.endswith(("/", "\\")) or path.is_dir():
        path = path / DEFAULT_HTML_NAME
    path = out.output_folder(path)  # a path inside the workspace is refused as such first
    if not path.parent.is_dir():
        raise InvalidInput(f"cannot write {path}: the folder {path.parent} does not exist")
    out.output_path(path)  # a folder or a link in its place is refused before asking
    may_replace(out.env, path, force)
    written = out.write_file(path, text.encode("utf-8"))
    if quiet:
        out.notice(f"wrote {written}")
    else:
        out.say(f"Wrote {written}")
