"""Check the built site in a real headless browser: the formulas are typeset (by the
MathJax copy the site carries, so no network is needed) without errors, and the
tutorials show the charts the reports draw.

Run after the build (tox's ``docs`` environment does): ``python docs/scripts/check_site.py``.
It needs Chromium (``/usr/bin/chromium``, or ``$PLACEBUDGET_CHROMIUM``); without one it says
so and exits 0, unless ``PLACEBUDGET_REQUIRE_BROWSER`` is set, as ``.ci/run`` does.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

SITE = Path(__file__).resolve().parent.parent / "_build" / "html"

#: Page → charts (their ``data-chart`` labels) it must show.
CHARTS = {
    "tutorials/troubled-families.html": 3,
    "tutorials/agreements.html": 1,
    "tutorials/first-slide.html": 1,
}
#: Pages whose formulas must be typeset, with the least number of formulas expected.
MATH = {"method.html": 50, "reference/dataset.html": 3}


def main() -> int:
    browser = os.environ.get("PLACEBUDGET_CHROMIUM") or shutil.which("chromium")
    if browser is None:
        message = "check_site: no Chromium found; the site was not checked in a browser"
        print(message, file=sys.stderr)
        return 1 if os.environ.get("PLACEBUDGET_REQUIRE_BROWSER") else 0
    from playwright.sync_api import sync_playwright

    failures: list[str] = []
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
        chromium.close()
    for failure in failures:
        print(f"check_site: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
