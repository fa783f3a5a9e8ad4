"""The printable pages in a real browser: the interview sheet and the report, printed to PDF.

Debian's chromium prints each page on A4 and on US Letter (the page sets only its
margins, so it prints on whatever paper the student's printer has); pypdf reads
the PDF back and poppler's pdftoppm draws it, so the test sees what the paper
shows: every question is there, nothing runs to the page's edge (the outer band
of every page is blank), nothing was shrunk to fit (chromium scales a page that
is too wide down until it fits: the body text stays at its printed size),
and a 20-question sheet of a scheduled interview (with its time and a long video
link) fits on 3 pages.
`.ci/run` installs chromium and poppler-utils where they are missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Cli, Clock, read_json

pytestmark = pytest.mark.skipif(
    shutil.which("chromium") is None or shutil.which("pdftoppm") is None,
    reason="needs chromium and pdftoppm (Debian packages chromium, poppler-utils)",
)
pypdf = pytest.importorskip("pypdf")

PAPERS = {"A4": (595, 842), "letter": (612, 792)}  # points, as chromium rounds them
EDGE_MM = 5  # the sheet and report print with margins of 15 mm or more: this band stays blank
BODY_PT = 9.5  # the print styles set the body text at 10 pt (report) and 10.5 pt (sheet)
DPI = 40
BROWSER_TIMEOUT = 120
LONG_LINK = "https://meet.example.com/j/" + "8" * 40 + "?pwd=" + "Zx9" * 30


def print_to_pdf(html: Path, paper: str, folder: Path) -> Path:
    """``html`` printed by headless chromium on ``paper``, as the student's printer would."""
    page = html.read_text(encoding="utf-8")
    page = page.replace("</head>", f"<style>@page {{ size: {paper}; }}</style></head>", 1)
    source = folder / f"{html.stem}-{paper}.html"
    source.write_text(page, encoding="utf-8")
    pdf = folder / f"{html.stem}-{paper}.pdf"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={folder / 'chromium-profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            source.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=BROWSER_TIMEOUT,
    )
    return pdf


def pdf_text(pdf: Path) -> str:
    reader = pypdf.PdfReader(pdf)
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def body_text_size(pdf: Path) -> float:
    """The size of most of the text, in points as printed (font size x text scale)."""
    letters: Counter[float] = Counter()

    def see(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        letters[round(abs(size * tm[3] * cm[3]), 1)] += len(text.strip())

    for page in pypdf.PdfReader(pdf).pages:
        page.extract_text(visitor_text=see)
    return letters.most_common(1)[0][0]


def inked_edges(pdf: Path, folder: Path) -> list[str]:
    """Pages with ink in the outer EDGE_MM band: content cut at (or running off) the edge."""
    stem = folder / pdf.stem
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(DPI), str(pdf), str(stem)],
        check=True,
        capture_output=True,
        timeout=BROWSER_TIMEOUT,
    )
    band = round(EDGE_MM / 25.4 * DPI)
    found = []
    for image in sorted(folder.glob(f"{pdf.stem}-*.pgm")):
        width, height, pixels = read_pgm(image)
        rows = [pixels[y * width : (y + 1) * width] for y in range(height)]
        edge = [*rows[:band], *rows[-band:], *(r[:band] + r[-band:] for r in rows)]
        if any(min(row) < 200 for row in edge):  # 255 is white paper
            found.append(image.name)
    return found


def read_pgm(path: Path) -> tuple[int, int, bytes]:
    """A binary PGM (P5) image: width, height and one byte per pixel."""
    data = path.read_bytes()
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert match is not None, path
    width, height = int(match[1]), int(match[2])
    return width, height, data[match.end() : match.end() + width * height]


def page_sizes(pdf: Path) -> set[tuple[int, int]]:
    """The paper of every page, in whole points."""
    reader = pypdf.PdfReader(pdf)
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A sheet of 20 questions for a person with long names, and a report of a full search."""
    folder = tmp_path_factory.mktemp("print")
    home = folder / "home"
    clock = Clock()
    cli = Cli(clock)

    def run(*args: str) -> Any:
        return cli("--home", str(home), *args)

    run("profile", "set", "--name", "Ana Ruiz", "--school", "Lincoln High", "--year", "junior")
    run(
        "prospect", "add", "María Fernanda López-Villanueva de la Cruz",
        "--role", "Clinical social worker and director of family services",
        "--org", "Mercy Hospital and Medical Center of the Greater Riverside Area",
        "--field", "social work", "--relation", "neighbor",
    )  # fmt: skip
    run("prospect", "add", "Dev Patel", "--relation", "teacher", "--field", "psychology")
    run("questions", "pick", "maria", "--minutes", "60", "--count", "20", "--seed", "1")
    # Scheduled, so the sheet also has its When and Link lines; a long link must wrap.
    run("interview", "schedule", "maria", "--at", "2026-12-03 15:30", "--link", LONG_LINK)
    run("questions", "sheet", "maria", "-o", str(folder / "sheet.html"))
    run("outreach", "sent", "dev", "--on", "-9d")
    clock.current = datetime(2026, 12, 3, 17, tzinfo=clock.current.tzinfo)  # after the talk
    run("interview", "log", "maria", "--note", "Loves the variety", "--referral", "Sam Lee")
    run("report", "--html", str(folder / "report.html"))
    plan = read_json(home / "plans.json")["plans"]
    questions = read_json(home / "interviews.json")["interviews"][0]["questions"]
    return {"folder": folder, "planned": questions or plan, "home": home}


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_a_twenty_question_sheet_prints_whole_on_three_pages(
    pages: dict[str, Any], paper: str
) -> None:
    from infoview.rules.bank import load_bank

    folder: Path = pages["folder"]
    pdf = print_to_pdf(folder / "sheet.html", paper, folder)
    assert page_sizes(pdf) == {PAPERS[paper]}
    assert len(pypdf.PdfReader(pdf).pages) <= 3
    text = pdf_text(pdf)
    bank = load_bank(None)
    asked = pages["planned"]
    assert len(asked) == 20
    for qid in asked:
        assert " ".join(bank.question(qid).text.split()) in text, qid
    assert "Mercy Hospital and Medical Center of the Greater Riverside Area" in text
    assert "When Thu 3 Dec 2026 15:30, by video" in text
    assert "Link https://meet.example.com/j/" in text
    assert inked_edges(pdf, folder) == []
    assert body_text_size(pdf) >= BODY_PT


def test_a_page_too_wide_would_be_caught(pages: dict[str, Any]) -> None:
    """The checks can fail: a word wider than the paper makes chromium shrink the page."""
    folder: Path = pages["folder"]
    wide = folder / "wide.html"
    page = (folder / "sheet.html").read_text(encoding="utf-8")
    wide.write_text(page.replace("<h1>", "<h1>" + "W" * 120, 1), encoding="utf-8")
    assert body_text_size(print_to_pdf(wide, "A4", folder)) < BODY_PT


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_the_report_prints_with_nothing_cut_at_the_edge(pages: dict[str, Any], paper: str) -> None:
    folder: Path = pages["folder"]
    pdf = print_to_pdf(folder / "report.html", paper, folder)
    assert page_sizes(pdf) == {PAPERS[paper]}
    text = pdf_text(pdf)
    for heading in ("Pipeline", "Fields explored", "who led to whom", "Thank-you notes"):
        assert heading in text, heading
    assert inked_edges(pdf, folder) == []
    assert body_text_size(pdf) >= BODY_PT
