"""Check the built site: every internal link and picture resolves (to a file and, with a
``#fragment``, to an element of it); the example outputs offered for download are the files
the command line writes for the same case; and, in a real headless browser, the formulas are
typeset (by the MathJax copy the site carries, so no network is needed) without errors, the
tutorials show the charts the reports draw, the pictures of the example outputs are drawn,
and the Unit Cost Database explorer's filter works.

Run after the build (tox's ``docs`` environment does): ``python docs/scripts/check_site.py``.
It needs Chromium (``/usr/bin/chromium``, or ``$PLACEBUDGET_CHROMIUM``); without one it says
so and exits 0, unless ``PLACEBUDGET_REQUIRE_BROWSER`` is set, as ``.ci/run`` does.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

#: The built site: ``docs/_build/html``, or the folder given as the first argument.
SITE = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent / "_build" / "html")
SITE = SITE.resolve()

#: Page → charts (their ``data-chart`` labels) it must show.
CHARTS = {
    "tutorials/troubled-families.html": 3,
    "tutorials/agreements.html": 1,
    "tutorials/first-slide.html": 1,
}
#: Pages whose formulas must be typeset, with the least number of formulas expected.
MATH = {"method.html": 50}
#: The example cases and formats the "What you get" page offers for download.
EXAMPLES = ("northtown", "west_cheshire", "troubled_families")
FORMATS = ("xlsx", "docx", "html")
#: Zip members that carry the time of writing (the document's properties), not content.
TIMESTAMPED = {"docProps/core.xml"}
#: A date as the Word paper's footer writes it ("06 December 2026").
DATE = re.compile(
    rb"\d{1,2} (January|February|March|April|May|June|July|August|September|"
    rb"October|November|December) \d{4}"
)


class _Links(HTMLParser):
    """The ids of a page, and the links and sources it refers to."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if found.get(name):
                self.ids.add(str(found[name]))
        attribute = {"a": "href", "link": "href", "img": "src", "script": "src"}.get(tag)
        if attribute and found.get(attribute):
            self.refs.append(str(found[attribute]))


def check_links(site: Path) -> list[str]:
    """Every internal link, stylesheet, script and picture of every page resolves."""
    pages: dict[Path, _Links] = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        pages[page.resolve()] = parser
    failures: list[str] = []
    checked = 0
    for page, parser in pages.items():
        for ref in parser.refs:
            parts = urlsplit(ref)
            if parts.scheme or parts.netloc or ref.startswith(("mailto:", "javascript:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            checked += 1
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                failures.append(f"{page.relative_to(site.resolve())}: {ref}: no such file")
                continue
            fragment = unquote(parts.fragment)
            # the source listings' "[docs]" links (sphinx.ext.viewcode) name objects by the
            # module that defines them, the API pages by the package that exports them
            in_sources = page.relative_to(site.resolve()).parts[0] == "_modules"
            if fragment and target in pages and fragment not in pages[target].ids:
                if in_sources:
                    continue
                where = page.relative_to(site.resolve())
                failures.append(f"{where}: {ref}: no element with id {fragment!r}")
    print(f"links: {checked} internal links of {len(pages)} pages checked, {len(failures)} broken")
    return failures


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: DATE.sub(b"<date>", archive.read(name))
            for name in archive.namelist()
            if name not in TIMESTAMPED
        }


def check_downloads(site: Path) -> list[str]:
    """The example outputs offered for download are what ``placebudget run`` writes."""
    from placebudget.examples import example_path

    page = site / "what-you-get.html"
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    offered = {
        Path(unquote(urlsplit(ref).path)).name: (page.parent / unquote(urlsplit(ref).path))
        for ref in parser.refs
        if "_downloads/" in ref
    }
    failures: list[str] = []
    names = [f"{case}.{suffix}" for case in EXAMPLES for suffix in FORMATS]
    for name in names:
        if name not in offered or not offered[name].is_file():
            failures.append(f"what-you-get.html: {name} is not offered for download")
    if failures:
        return failures
    with tempfile.TemporaryDirectory(prefix="placebudget-check-") as work:

        def write(name: str) -> subprocess.CompletedProcess[str]:
            case = name.split(".")[0]
            command = [sys.executable, "-m", "placebudget.cli", "run", str(example_path(case))]
            return subprocess.run(
                [*command, "-o", str(Path(work, name))],
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )

        with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
            runs = dict(zip(names, pool.map(write, names), strict=True))
        for name, done in runs.items():
            if done.returncode != 0:
                failures.append(f"placebudget run -o {name} failed: {done.stderr}")
                continue
            site_copy, fresh = offered[name], Path(work, name)
            if name.endswith(".html"):
                same = site_copy.read_bytes() == fresh.read_bytes()
            else:
                same = _members(site_copy) == _members(fresh)
            print(
                f"download {name}: {site_copy.stat().st_size:,} bytes, "
                f"{'the same as' if same else 'DIFFERENT from'} the command line's"
            )
            if not same:
                failures.append(f"{name}: the download differs from what the CLI writes")
    return failures


def main() -> int:
    failures = check_links(SITE) + check_downloads(SITE)
    browser = os.environ.get("PLACEBUDGET_CHROMIUM") or shutil.which("chromium")
    if browser is None:
        message = "check_site: no Chromium found; the site was not checked in a browser"
        print(message, file=sys.stderr)
        for failure in failures:
            print(f"check_site: {failure}", file=sys.stderr)
        return 1 if failures or os.environ.get("PLACEBUDGET_REQUIRE_BROWSER") else 0
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=browser,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = chromium.new_page(viewport={"width": 1200, "height": 900})
        for name, least in MATH.items():
            page.goto((SITE / name).as_uri())
            page.wait_for_function(
                "window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30_000
            )
            page.evaluate("MathJax.startup.promise")
            typeset = page.locator("mjx-container").count()
            errors = page.locator("mjx-merror").count()
            print(f"{name}: {typeset} formulas typeset, {errors} errors")
            if typeset < least or errors:
                failures.append(
                    f"{name}: {typeset} formulas typeset (expected at least "
                    f"{least}), {errors} with errors"
                )
        for name, least in CHARTS.items():
            page.goto((SITE / name).as_uri())
            charts = page.locator("svg.chart")
            drawn = [charts.nth(i).bounding_box() for i in range(charts.count())]
            sized = [box for box in drawn if box and box["width"] > 200 and box["height"] > 100]
            labels = [charts.nth(i).get_attribute("data-chart") for i in range(charts.count())]
            print(f"{name}: {len(sized)} charts drawn ({', '.join(map(str, labels))})")
            if len(sized) < least:
                failures.append(f"{name}: {len(sized)} charts drawn, expected {least}")
        failures += check_in_browser(page)
        chromium.close()
    for failure in failures:
        print(f"check_site: {failure}", file=sys.stderr)
    return 1 if failures else 0


def check_in_browser(page: Any) -> list[str]:
    """The example outputs' pictures are drawn, and the explorer's filter filters."""
    failures: list[str] = []
    page.goto((SITE / "what-you-get.html").as_uri())
    pictures = page.locator("img.placebudget-shot")
    drawn = page.evaluate(
        "Array.from(document.querySelectorAll('img.placebudget-shot'))"
        ".filter(img => img.complete && img.naturalWidth > 300).length"
    )
    print(f"what-you-get.html: {drawn} of {pictures.count()} pictures drawn")
    if pictures.count() == 0 and os.environ.get("PLACEBUDGET_REQUIRE_SCREENSHOTS"):
        failures.append("what-you-get.html: no pictures of the example outputs")
    if drawn != pictures.count():
        failures.append(f"what-you-get.html: {drawn} of {pictures.count()} pictures drawn")
    page.goto((SITE / "reference" / "unit-cost-database.html").as_uri())
    rows = page.locator("table.ucd-explorer tbody tr")
    total = rows.count()
    page.fill("#ucd-filter-input", "domestic violence police")
    shown = page.locator("table.ucd-explorer tbody tr:not([hidden])")
    codes = [shown.nth(i).locator("td").first.inner_text() for i in range(shown.count())]
    print(f"unit-cost-database.html: {total} rows; 'domestic violence police' keeps {codes}")
    if total < 600 or "CR2.0.3" not in codes or len(codes) > 10:
        failures.append(
            f"unit-cost-database.html: {total} rows, the filter kept {codes} "
            "(expected CR2.0.3 among a few)"
        )
    return failures


if __name__ == "__main__":
    raise SystemExit(main())
