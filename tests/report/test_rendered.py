"""Each example's board paper, page and terminal output looked at as a reader would: the
Word paper rendered to PDF pages by LibreOffice, the HTML page in headless Chromium, the
command line on an 80-column terminal."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import placebudget as pb
from placebudget.examples import example_path

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")
PDFTOTEXT = shutil.which("pdftotext")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
EXAMPLES = ("troubled_families", "west_cheshire", "northtown")

needs_office = pytest.mark.skipif(
    (OFFICE is None or PDFTOPPM is None or PDFTOTEXT is None)
    and not os.environ.get("PLACEBUDGET_REQUIRE_OFFICE"),
    reason="LibreOffice and poppler are not installed (CI installs Debian's "
    "libreoffice-writer-nogui and poppler-utils)",
)
needs_browser = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("PLACEBUDGET_REQUIRE_BROWSER"),
    reason="Chromium is not installed (CI installs Debian's chromium)",
)


@pytest.fixture(scope="module", params=EXAMPLES)
def results(request: pytest.FixtureRequest) -> pb.Results:
    case = pb.load_case(example_path(request.param))
    return pb.compute_results(
        pb.project(case), uncertainty=pb.simulate_summary(case, draws=300, seed=2)
    )


@needs_office
def test_the_word_paper_renders_within_its_margins(results: pb.Results, tmp_path: Path) -> None:
    import docx
    from matplotlib.image import imread

    assert OFFICE is not None
    assert PDFTOPPM is not None
    assert PDFTOTEXT is not None
    paper = tmp_path / "paper.docx"
    pb.write_report(results, paper)
    document = docx.Document(str(paper))
    for table in document.tables:  # no row splits across a page
        assert all(row._tr.xpath("./w:trPr/w:cantSplit") for row in table.rows)
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(
        [OFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(paper)],
        check=True,
        capture_output=True,
        timeout=240,
        env=env,
    )
    pdf = tmp_path / "paper.pdf"
    text = subprocess.run(
        [PDFTOTEXT, str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    assert not re.search(r"placebudget (run|simulate|evaluate|compare)|--draws", text)
    case = results.case
    assert case is not None
    for partner in case.place.partners:  # partners by name, never their ids in a table
        assert partner.name.split()[0] in text
    subprocess.run(
        [PDFTOPPM, "-r", "40", "-png", str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 8 <= len(pages) <= 30
    for page in pages:
        pixels = imread(page)[..., :3]
        ink = (pixels < 0.85).any(axis=-1)
        height, width = ink.shape
        edge = round(0.9 / 2.54 * 40)  # nothing within 0.9 cm of an edge
        assert not ink[:, :edge].any(), page.name
        assert not ink[:, width - edge :].any(), page.name
        assert not ink[:edge].any(), page.name
        assert not ink[height - edge :].any(), page.name
        assert ink.mean() > 0.005, f"{page.name} is blank"


@needs_browser
def test_the_html_page_fits_1280_pixels_and_every_picture_is_described(
    results: pb.Results, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM is not None
    page_path = tmp_path / "case.html"
    pb.write_report(results, page_path)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(page_path.as_uri())
            page_width = page.evaluate("document.documentElement.scrollWidth")
            overflowing = page.eval_on_selector_all(
                "section[data-section=summary] table, section[data-section=as_is] table, "
                "section[data-section=partners] table",
                "els => els.filter(e => e.parentElement.scrollWidth > "
                "e.parentElement.clientWidth).map(e => e.dataset.table)",
            )
            described = page.eval_on_selector_all(
                "svg.chart", "els => els.map(e => e.getAttribute('aria-label') || '')"
            )
        finally:
            browser.close()
    assert page_width <= 1280
    assert overflowing == []
    assert described
    assert all(len(text) > 30 for text in described)


def _terminal(arguments: list[str], cwd: Path) -> str:
    """What a command prints on an 80-column terminal."""
    leader, follower = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "placebudget.cli", *arguments],
        stdin=follower,
        stdout=follower,
        stderr=subprocess.DEVNULL,
        cwd=cwd,
        close_fds=True,
        env={**os.environ, "COLUMNS": "80", "TERM": "xterm"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    process.wait(timeout=120)
    text = b"".join(chunks).decode(errors="replace")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text).replace("\r", "")


@pytest.mark.parametrize(
    "arguments",
    [
        ["run", "{west_cheshire}"],
        ["simulate", "{west_cheshire}", "--draws", "500", "--seed", "1"],
        ["tornado", "{west_cheshire}"],
        ["run", "{troubled_families}"],
        ["aggregate", "{troubled_families}", "{places}", "--draws", "50", "--seed", "1"],
    ],
)
def test_on_80_columns_no_number_is_cut(arguments: list[str], tmp_path: Path) -> None:
    from placebudget.examples import places_path

    paths = {name: str(example_path(name)) for name in ("west_cheshire", "troubled_families")}
    paths["places"] = str(places_path())
    text = _terminal([a.format(**paths) for a in arguments], tmp_path)
    lines = text.splitlines()
    assert len(lines) > 10
    assert max(len(line) for line in lines) <= 80
    assert not re.search(r"[£\d]…|…[£\d]", text)  # no figure cut short


def test_no_empty_picture_region_in_the_charts(results: pb.Results) -> None:
    from placebudget.report import charts
    from placebudget.report.outline import Chart

    for section in pb.report.report_contents(results).sections:
        for block in section.blocks:
            if isinstance(block, Chart):
                png = charts.png(block.name, results, dpi=40)
                assert png[:8] == b"\x89PNG\r\n\x1a\n"
                assert len(png) > 2_000, block.name
    assert np.isfinite(results.appraisal.npbi)
