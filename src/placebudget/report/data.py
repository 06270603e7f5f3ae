"""Data formats of a report: tidy CSV, JSON (with its published JSON Schema) and netCDF.

The CSV report holds the figures as tidy rows, one figure of one partner, option, outcome,
period or year a row (:data:`CSV_COLUMNS`); ``projection=True`` writes the raw projection
instead. The JSON report holds every table of the report (:func:`report_document`):
names beside ids, financial years as integers (``2013``) with their label (``"2013/14"``)
beside them, money to the penny, and wide tables (a column per year or partner) also as
tidy rows; it follows :func:`committed_report_schema` (``report.schema.json`` beside this
module, printed by ``placebudget schema --report``).

Examples
--------
>>> import placebudget as pb
>>> from placebudget.testing import example_case
>>> document = report_document(pb.compute_results(pb.project(example_case())))
>>> document["price_base"], document["price_base_label"], document["appraisal_years"][0]
(2012, '2012/13', {'year': 2012, 'year_label': '2012/13'})
>>> row = next(r for r in document["partners"] if r["partner"] == "council")
>>> row["partner_name"], row["pv_cost"]  # names beside ids, money to the penny
('Wigan Council', 218140.1)
"""

from __future__ import annotations

from placebudget.report._data_csv import CSV_COLUMNS, write_csv
from placebudget.report._data_csv import report_rows as report_rows
from placebudget.report._data_json import REPORT_SCHEMA_ID, report_document, write_json
from placebudget.report._data_netcdf import write_netcdf
from placebudget.report._data_schema import (
    committed_report_schema,
    report_schema,
    report_schema_text,
)

__all__ = [
    "CSV_COLUMNS",
    "REPORT_SCHEMA_ID",
    "committed_report_schema",
    "report_document",
    "report_schema",
    "report_schema_text",
    "write_csv",
    "write_json",
    "write_netcdf",
]
