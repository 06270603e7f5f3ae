"""Rebuild the bundled reference tables from the public files in ``../shared/data``.

Run from the repository root::

    python scripts/build_reference_data.py [--data ../shared/data]

It writes ``src/placebudget/reference/data/{unit_costs_ucd_v1_4,unit_costs_ucd_v1_2,
ucd_transfer_payments,ucd_edition_changes,gdp_deflators,discount_schedules}.csv``. Only
figures, units, agencies, price years, RAG ratings, short source citations and the transfer
payments the fiscal value comments state are copied; the workbook's free-text comments are
not.

``ucd_edition_changes.csv`` compares every code the two editions share (description, unit
and agency, after folding case and punctuation) and takes whether a differing line's meaning
changed from the hand review in ``scripts/ucd_edition_review.csv``: a differing pair with no
review, or a review of a pair that no longer differs, stops the build.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from placebudget.io.ucd import read_ucd_workbook  # noqa: E402

OUT = ROOT / "src" / "placebudget" / "reference" / "data"
EDITIONS = {"ucd-v1.4": "UnitCostDatabase-v1.4.xlsx", "ucd-v1.2": "UnitCostDatabase-v1.2.xls"}
FIELDS = [
    "code",
    "category",
    "detail",
    "description",
    "agency",
    "agency_detail",
    "unit_text",
    "unit",
    "fiscal",
    "fiscal_year",
    "economic",
    "economic_year",
    "social",
    "social_year",
    "transfer",
    "level",
    "parent",
    "rag",
    "source",
    "sheet",
    "row",
]


def fy_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def build_unit_costs(data: Path, name: str) -> list[dict[str, object]]:
    workbook = read_ucd_workbook(data / "unit-cost-database" / EDITIONS[name])
    database = workbook.database(name)
    out = OUT / f"unit_costs_{name.replace('-', '_').replace('.', '_')}.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for read, cost in zip(workbook.rows, database.values(), strict=True):
            unit = str(cost.value.units)
            row: dict[str, object] = {
                "code": cost.code,
                "category": cost.category,
                "detail": cost.detail,
                "description": cost.description,
                "agency": cost.agency,
                "agency_detail": cost.agency_detail,
                "unit_text": cost.unit_text,
                "unit": unit.split("/", 1)[1].strip() if "/" in unit else unit,
                "transfer": repr(cost.transfer) if cost.transfer else "",
                "level": cost.level,
                "parent": cost.parent or "",
                "rag": cost.rag or "",
                "source": cost.source[:300],
                "sheet": read.sheet,
                "row": read.row,
            }
            for kind in ("fiscal", "economic", "social"):
                priced = getattr(cost, kind)
                row[kind] = repr(float(priced.amount.magnitude)) if priced else ""
                row[f"{kind}_year"] = priced.price_year if priced else ""
            writer.writerow(row)
    print(f"{name}: {len(workbook.rows)} rows, {len(workbook.problems)} rows not read")
    if name == "ucd-v1.4":
        with (OUT / "ucd_transfer_payments.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(
                handle,
                fieldnames=["code", "amount", "price_year", "agency", "source"],
                lineterminator="\n",
            )
            writer.writeheader()
            for statement in workbook.transfers:
                line = database[statement.code]
                assert line.fiscal is not None
                writer.writerow(
                    {
                        "code": statement.code,
                        "amount": "" if statement.amount is None else f"{statement.amount:g}",
                        "price_year": line.fiscal.price_year,
                        "agency": line.agency,
                        "source": statement.source.replace(
                            "Unit Cost Database v1.4", "Unit Cost Database v1.4 (GMCA, March 2015)"
                        ),
                    }
                )
    assert workbook.deflators is not None
    return [
        {
            "series": name,
            "year": y,
            "label": fy_label(y),
            "value": repr(v),
            "forecast": "yes" if y in workbook.deflators.forecast else "no",
        }
        for y, v in sorted(workbook.deflators.values.items())
    ]


def build_deflators(data: Path, ucd_rows: list[dict[str, object]]) -> None:
    calendar: dict[int, float] = {}
    with (data / "green-book" / "gdp_deflator_calendar_2024eq100.csv").open() as handle:
        for row in csv.DictReader(handle):
            calendar[int(row["year"])] = float(row["value"])
    rows = []
    for year in sorted(calendar):
        if year + 1 in calendar:
            # Financial year April–March: three quarters in `year`, one in `year + 1`.
            value = 0.75 * calendar[year] + 0.25 * calendar[year + 1]
            rows.append(
                {
                    "series": "hmt-2025-12",
                    "year": year,
                    "label": fy_label(year),
                    "value": repr(round(value, 6)),
                    "forecast": "no",
                }
            )
    # The calendar-year series itself, for values priced in calendar years (the Green
    # Book's appraisal values): its label is the calendar year.
    rows += [
        {
            "series": "hmt-2025-12-calendar",
            "year": year,
            "label": str(year),
            "value": repr(calendar[year]),
            "forecast": "no",
        }
        for year in sorted(calendar)
    ]
    with (OUT / "gdp_deflators.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["series", "year", "label", "value", "forecast"], lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows + ucd_rows)
    print(
        f"deflators: {len(rows) - len(calendar)} derived financial years, {len(calendar)} "
        f"calendar years, {len(ucd_rows)} workbook years"
    )


def build_discounting(data: Path) -> None:
    with (data / "green-book" / "stpr_schedule.csv").open() as handle:
        source = list(csv.DictReader(handle))
    with (OUT / "discount_schedules.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle,
            fieldnames=["year_from", "year_to", "standard", "health", "reduced"],
            lineterminator="\n",
        )
        writer.writeheader()
        for row in source:
            writer.writerow(
                {
                    "year_from": row["year_from"],
                    "year_to": row["year_to"],
                    "standard": row["standard"],
                    "health": row["health"],
                    "reduced": row["catastrophic"],
                }
            )


REVIEW = ROOT / "scripts" / "ucd_edition_review.csv"
CHANGE_FIELDS = [
    "code",
    "changed",
    "v1_2_description",
    "v1_2_unit",
    "v1_2_agency",
    "v1_4_description",
    "v1_4_unit",
    "v1_4_agency",
    "reviewed",
]


def _folded(text: str) -> str:
    """Text compared between editions: lower case, runs of anything but letters and digits
    made one space."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def build_edition_changes(data: Path) -> None:
    """Write ``ucd_edition_changes.csv``: for each code in both editions, whether the line's
    meaning changed (the hand review of the pairs whose text differs)."""
    old = read_ucd_workbook(data / "unit-cost-database" / EDITIONS["ucd-v1.2"]).database("ucd-v1.2")
    new = read_ucd_workbook(data / "unit-cost-database" / EDITIONS["ucd-v1.4"]).database("ucd-v1.4")
    with REVIEW.open(encoding="utf-8", newline="") as handle:
        review = {row["code"]: row for row in csv.DictReader(handle)}
    rows = []
    differing = set()
    for code, before in old.costs.items():
        after = new.costs.get(code)
        if after is None:
            continue
        text_before = [before.description, before.unit_text, before.agency]
        text_after = [after.description, after.unit_text, after.agency]
        differs = [_folded(t) for t in text_before] != [_folded(t) for t in text_after]
        if differs:
            differing.add(code)
            if code not in review:
                raise SystemExit(f"{code}: the editions' text differs and it has no review")
            changed, note = review[code]["changed"], review[code]["note"]
        else:
            changed, note = "no", "same description, unit and agency"
        rows.append(
            dict(
                zip(
                    CHANGE_FIELDS,
                    [code, changed, *text_before, *text_after, note],
                    strict=True,
                )
            )
        )
    stale = sorted(set(review) - differing)
    if stale:
        raise SystemExit(f"reviewed codes whose text no longer differs: {', '.join(stale)}")
    with (OUT / "ucd_edition_changes.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CHANGE_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    changed = sum(r["changed"] == "yes" for r in rows)
    print(
        f"edition changes: {len(rows)} shared codes, {len(differing)} with differing text, "
        f"{changed} changed in meaning"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    ucd_deflators = [row for name in EDITIONS for row in build_unit_costs(args.data, name)]
    build_deflators(args.data, ucd_deflators)
    build_edition_changes(args.data)
    build_discounting(args.data)


if __name__ == "__main__":
    main()
