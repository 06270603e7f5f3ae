"""Sphinx extension for the placebudget site: what the site builds from the package itself.

- Before any page is read, the bundled example cases are run through the command line
  (``placebudget run CASE -o FILE``) into ``docs/_build/site-assets/``: each case's live
  Excel model, Word board paper and HTML report, offered for download on the "What you get"
  page; with LibreOffice and Poppler's ``pdftoppm`` the paper's first pages are rendered to
  PNG, and with Chromium the report's first screen. A missing tool leaves a note on the page
  in place of the picture (set ``PLACEBUDGET_REQUIRE_SCREENSHOTS`` to make it an error, as
  the ``docs`` tox environment does, as do ``PLACEBUDGET_REQUIRE_OFFICE`` for the paper's
  and ``PLACEBUDGET_REQUIRE_BROWSER`` for the report's). With
  ``-D placebudget_reuse_outputs=1`` the files a previous build wrote are used again (the
  PDF's build, right after the site's).
- ``{example-outputs} CASE`` lays out one case's downloads and pictures.
- ``{ucd-explorer} NAME`` is the bundled unit cost table as a filterable table (the filter
  is ``_static/ucd-explorer.js``); its text is in the page, so the site search finds it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

__all__ = ["EXAMPLES", "FORMATS", "assets_dir", "setup"]

logger = logging.getLogger(__name__)

#: The bundled example cases shown on the "What you get" page, with their titles.
EXAMPLES = {
    "northtown": "Northtown: family support and warm homes",
    "west_cheshire": "West Cheshire: domestic abuse and integrated joint teams",
    "troubled_families": "Troubled families: a key worker programme",
}
#: The files written for each case: suffix → what it is.
FORMATS = {
    "xlsx": "Live Excel model",
    "docx": "Word board paper",
    "html": "HTML report",
}
#: Pages of the Word paper shown as pictures.
PAPER_PAGES = 2


def assets_dir(srcdir: Path) -> Path:
    """Where the generated files go: inside the build folder, which git ignores."""
    return srcdir / "_build" / "site-assets"


def _tool(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(command: list[str], *, what: str, timeout: float = 300) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        msg = f"{what} failed (exit {done.returncode}): {' '.join(command)}\n{done.stderr}"
        raise ExtensionError(msg)


def _write_outputs(out: Path) -> None:
    """Each example case through the command line, in every format the page offers."""
    from placebudget.examples import example_path

    jobs = [
        [
            sys.executable,
            "-m",
            "placebudget.cli",
            "run",
            str(example_path(case)),
            "-o",
            str(out / f"{case}.{suffix}"),
        ]
        for case in EXAMPLES
        for suffix in FORMATS
    ]
    for stale in (out / f"{case}.{suffix}" for case in EXAMPLES for suffix in FORMATS):
        stale.unlink(missing_ok=True)
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        for future in [pool.submit(_run, job, what="placebudget run") for job in jobs]:
            future.result()


def _paper_pictures(out: Path) -> str | None:
    """PNG pictures of each paper's first pages; the reason when they cannot be made."""
    office = _tool("soffice", "libreoffice")
    pdftoppm = _tool("pdftoppm")
    if office is None or pdftoppm is None:
        return "LibreOffice (soffice) and Poppler (pdftoppm) are needed to draw the paper"
    with tempfile.TemporaryDirectory(prefix="placebudget-docs-") as work:
        profile = Path(work, "profile").as_uri()
        papers = [str(out / f"{case}.docx") for case in EXAMPLES]
        _run(
            [
                office,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                work,
                *papers,
            ],
            what="LibreOffice",
        )
        for case in EXAMPLES:
            _run(
                [
                    pdftoppm,
                    "-png",
                    "-r",
                    "70",
                    "-f",
                    "1",
                    "-l",
                    str(PAPER_PAGES),
                    str(Path(work, f"{case}.pdf")),
                    str(out / f"{case}-paper"),
                ],
                what="pdftoppm",
            )
    for case in EXAMPLES:
        for page in range(1, PAPER_PAGES + 1):
            made = sorted(out.glob(f"{case}-paper-*{page}.png"))
            if not made:
                return f"pdftoppm drew no page {page} of the {case} paper"
            made[-1].rename(out / f"{case}-paper-{page}.png")
    return None


def _report_pictures(out: Path) -> str | None:
    """A PNG of each HTML report's first screen; the reason when it cannot be made."""
    chromium = os.environ.get("PLACEBUDGET_CHROMIUM") or _tool("chromium", "chromium-browser")
    if chromium is None:
        return "Chromium is needed to draw the report"
    for case in EXAMPLES:
        _run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1100,1400",
                f"--screenshot={out / f'{case}-report.png'}",
                (out / f"{case}.html").as_uri(),
            ],
            what="Chromium",
            timeout=120,
        )
    return None


def _generate(app: Sphinx) -> None:
    out = assets_dir(Path(app.srcdir))
    out.mkdir(parents=True, exist_ok=True)
    wanted = [out / f"{case}.{suffix}" for case in EXAMPLES for suffix in FORMATS]
    if app.config.placebudget_reuse_outputs and all(f.is_file() for f in wanted):
        # a second build of the same sources (the PDF's, after the HTML site's)
        logger.info("placebudget: reusing the example outputs in %s", out)
        first = next(iter(EXAMPLES))
        pictures = {"paper": f"{first}-paper-1.png", "report": f"{first}-report.png"}
        app.env.placebudget_missing_pictures = {  # type: ignore[attr-defined]
            kind: "the picture was not drawn"
            for kind, name in pictures.items()
            if not (out / name).is_file()
        }
        return
    for old in out.glob("*.png"):
        old.unlink()
    logger.info("placebudget: running the example cases into %s", out)
    _write_outputs(out)
    missing = {"paper": _paper_pictures(out), "report": _report_pictures(out)}
    app.env.placebudget_missing_pictures = {k: v for k, v in missing.items() if v}  # type: ignore[attr-defined]
    reasons = [reason for reason in missing.values() if reason]
    required = {
        "paper": bool(os.environ.get("PLACEBUDGET_REQUIRE_OFFICE")),
        "report": bool(os.environ.get("PLACEBUDGET_REQUIRE_BROWSER")),
    }
    wanted_now = [
        reason
        for kind, reason in missing.items()
        if reason and (required[kind] or os.environ.get("PLACEBUDGET_REQUIRE_SCREENSHOTS"))
    ]
    if wanted_now:
        raise ExtensionError("no screenshots of the example outputs: " + "; ".join(wanted_now))
    for reason in reasons:
        logger.info("placebudget: no screenshots: %s", reason)


class ExampleOutputs(SphinxDirective):
    """The downloads and pictures of one bundled example case."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        case = self.arguments[0]
        if case not in EXAMPLES:
            msg = f"unknown example {case!r}: expected one of {', '.join(EXAMPLES)}"
            raise self.error(msg)
        folder = assets_dir(Path(self.env.srcdir))
        rel = os.path.relpath(folder, Path(self.env.doc2path(self.env.docname)).parent)
        result: list[nodes.Node] = []
        items = nodes.bullet_list()
        for suffix, what in FORMATS.items():
            name = f"{case}.{suffix}"
            ref = addnodes.download_reference(
                "",
                "",
                reftarget=f"{rel}/{name}",
                refdoc=self.env.docname,
                refexplicit=True,
                reftype="download",
                refdomain="",
            )
            ref += nodes.literal(name, name)
            para = nodes.paragraph()
            para += nodes.Text(f"{what}: ")
            para += ref
            items += nodes.list_item("", para)
        result.append(items)
        missing: dict[str, str] = getattr(self.env, "placebudget_missing_pictures", {})
        pictures = [
            (
                "paper",
                [f"{case}-paper-{page}.png" for page in range(1, PAPER_PAGES + 1)],
                f"The first {PAPER_PAGES} pages of the Word paper (drawn by LibreOffice)",
            ),
            (
                "report",
                [f"{case}-report.png"],
                "The first screen of the HTML report (drawn by Chromium)",
            ),
        ]
        for kind, files, caption in pictures:
            if kind in missing or not all((folder / f).is_file() for f in files):
                reason = missing.get(kind, "the picture was not drawn")
                note = nodes.note()
                note += nodes.paragraph(
                    text=f"No picture of the {FORMATS['docx' if kind == 'paper' else 'html']} "
                    f"here: {reason}, and this copy of the site was built without it. "
                    "The downloads above are complete."
                )
                result.append(note)
                continue
            figure = nodes.figure(classes=["placebudget-shots"])
            for name in files:
                figure += nodes.image(
                    uri=f"{rel}/{name}",
                    alt=f"{caption}: {name}",
                    classes=["placebudget-shot"],
                    candidates={"*": f"{rel}/{name}"},
                )
            figure += nodes.caption(text=caption)
            result.append(figure)
        return result


class UcdExplorer(SphinxDirective):
    """The lines of a bundled unit cost table as one filterable table."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        from placebudget.reference import unit_costs

        name = self.arguments[0]
        database = unit_costs(name)
        header = [
            "Code",
            "Description",
            "Value",
            "Unit",
            "Agency",
            "RAG",
            "Transfer share",
            "Price year",
            "Edition",
        ]
        edition = name.removeprefix("ucd-")
        rows: list[list[str]] = []
        for line in database.values():
            for kind in line.value_types:
                priced = line.amount_of(kind)
                amount = float(priced.amount.magnitude)
                shown = f"{amount:,.0f}" if amount >= 100 else f"{amount:,.2f}"
                rows.append(
                    [
                        line.code,
                        line.description,
                        f"£{shown} {kind}",
                        line.unit_text,
                        line.agency + (f" ({line.agency_detail})" if line.agency_detail else ""),
                        line.rag or "–",
                        f"{line.transfer:.0%}" if kind == "fiscal" and line.transfer else "–",
                        f"{priced.price_year}/{(priced.price_year + 1) % 100:02d}",
                        edition,
                    ]
                )
        table = nodes.table(classes=["ucd-explorer", "ucd-explorer-table"])
        group = nodes.tgroup(cols=len(header))
        table += group
        for width in (8, 36, 12, 10, 14, 4, 7, 7, 5):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        head += self._row(header)
        body = nodes.tbody()
        group += body
        for row in rows:
            body += self._row(row)
        filter_box = nodes.raw(
            "",
            '<div class="ucd-filter"><label for="ucd-filter-input">Filter the table</label> '
            '<input id="ucd-filter-input" type="search" autocomplete="off" '
            'placeholder="every word must match: e.g. police domestic"> '
            f'<span class="ucd-count" aria-live="polite">{len(rows)} values</span></div>',
            format="html",
        )
        summary = nodes.paragraph(
            text=f"{len(database)} lines and {len(rows)} values of {name}; source: "
            f"{database.source}"
        )
        return [summary, filter_box, table]

    @staticmethod
    def _row(cells: list[str]) -> nodes.row:
        row = nodes.row()
        for cell in cells:
            entry = nodes.entry()
            entry += nodes.paragraph(text=cell)
            row += entry
        return row


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives, the filter script and the build-time generation."""
    app.add_directive("example-outputs", ExampleOutputs)
    app.add_directive("ucd-explorer", UcdExplorer)
    app.connect("builder-inited", _generate)
    # not part of the environment: changing it re-reads no page
    app.add_config_value("placebudget_reuse_outputs", False, "", types=frozenset({bool, str}))
    app.add_js_file("ucd-explorer.js")
    app.add_css_file("placebudget-site.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
