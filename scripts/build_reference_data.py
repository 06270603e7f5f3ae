"""Rebuild the bundled reference tables from the public files in ``../shared/data``.

Run from the repository root::

    python scripts/build_reference_data.py [--data ../shared/data]

It writes ``src/placebudget/reference/data/{unit_costs_ucd_v1_2,gdp_deflators,
discount_schedules}.csv``. Only figures, units, agencies, price years, RAG ratings and short
source citations are copied; the workbook's free-text comments are not.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from placebudget.io.ucd import read_ucd_xls  # noqa: E402

OUT = ROOT / "src" / "placebudget" / "reference" / "data"


def fy_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def build_unit_costs(data: Path) -> None:
    workbook = read_ucd_xls(data / "unit-cost-database" / "UnitCostDatabase-v1.2.xls")
    database = workbook.database("ucd-v1.2")
    fields = ["code", "category", "detail", "description", "agency", "agency_detail",
              "unit_text", "unit", "value", "price_year", "value_type", "rag", "source",
              "sheet", "row"]
    with (OUT / "unit_costs_ucd_v1_2.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for read, cost in zip(workbook.rows, database.values(), strict=True):
            unit = str(cost.value.units)
            writer.writerow({
                "code": cost.code, "category": cost.category, "detail": cost.detail,
                "description": cost.description, "agency": cost.agency,
                "agency_detail": cost.agency_detail, "unit_text": cost.unit_text,
                "unit": unit.split("/", 1)[1].strip() if "/" in unit else unit,
                "value": repr(float(cost.value.magnitude)), "price_year": cost.price_year,
                "value_type": cost.value_type, "rag": cost.rag or "",
                "source": cost.source[:300], "sheet": read.sheet, "row": read.row,
            })
    print(f"unit costs: {len(workbook.rows)} rows, {len(workbook.problems)} rows not read")
    deflator_rows = [
        {"series": "ucd-v1.2", "year": y, "label": fy_label(y), "value": repr(v),
         "forecast": "yes" if y >= 2013 else "no"}
        for y, v in sorted(workbook.deflators.values.items())
    ]
    return deflator_rows  # type: ignore[return-value]


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
            rows.append({"series": "hmt-2025-12", "year": year, "label": fy_label(year),
                         "value": repr(round(value, 6)), "forecast": "no"})
    with (OUT / "gdp_deflators.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["series", "year", "label", "value",
                                                    "forecast"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows + ucd_rows)
    print(f"deflators: {len(rows)} derived financial years, {len(ucd_rows)} workbook years")


def build_discounting(data: Path) -> None:
    with (data / "green-book" / "stpr_schedule.csv").open() as handle:
        source = list(csv.DictReader(handle))
    with (OUT / "discount_schedules.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["year_from", "year_to", "standard",
                                                    "health", "reduced"], lineterminator="\n")
        writer.writeheader()
        for row in source:
            writer.writerow({"year_from": row["year_from"], "year_to": row["year_to"],
                             "standard": row["standard"], "health": row["health"],
                             "reduced": row["catastrophic"]})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    ucd_deflators = build_unit_costs(args.data)
    build_deflators(args.data, ucd_deflators)  # type: ignore[arg-type]
    build_discounting(args.data)


if __name__ == "__main__":
    main()
