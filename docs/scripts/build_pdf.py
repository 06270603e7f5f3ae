"""Print the documentation to one PDF, for circulating on paper or by e-mail.

The site is built with Sphinx's ``singlehtml`` builder (every page in one HTML file), then
printed by headless Chromium (through Playwright) once the formulas are typeset: no LaTeX is
needed. Run after ``sphinx-build -b singlehtml docs docs/_build/singlehtml`` (tox's
``docs-pdf`` environment does)::

    python docs/scripts/build_pdf.py [SINGLEHTML_FOLDER] [PDF]

It prints the number of pages written, and fails when Chromium is missing or the PDF is
implausibly short.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent
#: Fewer pages than this means the print lost most of the site.
LEAST_PAGES = 50

HEADER = '<div style="font-size:8px;width:100%;text-align:center;color:#666">placebudget</div>'
FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#666">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)
#: For print: no navigation, no buttons, tables and code that wrap rather than overflow.
PRINT_CSS = """
.sidebar-drawer, .toc-drawer, .mobile-header, .theme-toggle-container, .back-to-top,
.related-pages, .view-this-page, .edit-this-page, .ucd-filter, .headerlink,
.skip-to-content, .content-icon-container {
  display: none !important;
}
.table-wrapper { overflow: visible !important; }
table.ucd-explorer { font-size: 0.6rem !important; }
table.ucd-explorer td:nth-child(2) { min-width: 8rem !important; }
.main, .content { width: 100% !important; max-width: none !important; }
pre { white-space: pre-wrap !important; word-break: break-word; }
table { page-break-inside: auto; }
tr, img, figure { page-break-inside: avoid; }
h1, h2, h3 { page-break-after: avoid; }
"""


def page_count(pdf: Path) -> int:
    """Pages of a PDF, counted from its page objects."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS / "_build" / "singlehtml"
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else DOCS / "_build" / "placebudget.pdf"
    index = source / "index.html"
    if not index.is_file():
        print(f"build_pdf: {index} not found: build the singlehtml site first", file=sys.stderr)
        return 1
    # Debian's chromium, or else the one `playwright install chromium` downloads (Read the
    # Docs)
    browser = os.environ.get("PLACEBUDGET_CHROMIUM") or shutil.which("chromium")
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=browser,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
        except Error as error:
            message = f"build_pdf: Chromium is needed to print the PDF: {error.message}"
            print(message, file=sys.stderr)
            return 1
        page = chromium.new_page()
        page.goto(index.resolve().as_uri(), wait_until="load", timeout=120_000)
        page.add_style_tag(content=PRINT_CSS)
        if page.evaluate("typeof window.MathJax !== 'undefined'"):
            page.wait_for_function(
                "window.MathJax.startup && window.MathJax.startup.promise", timeout=60_000
            )
            page.evaluate("MathJax.startup.promise")
        page.emulate_media(media="print")
        target.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(
            path=str(target),
            format="A4",
            print_background=True,
            display_header_footer=True,
            header_template=HEADER,
            footer_template=FOOTER,
            margin={"top": "18mm", "bottom": "18mm", "left": "14mm", "right": "14mm"},
        )
        chromium.close()
    pages = page_count(target)
    print(f"build_pdf: {target} written: {pages} pages, {target.stat().st_size:,} bytes")
    if pages < LEAST_PAGES:
        print(f"build_pdf: only {pages} pages (expected at least {LEAST_PAGES})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
