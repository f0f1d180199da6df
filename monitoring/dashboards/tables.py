"""The tables every dashboard shows and offers as CSV, XLSX and JSON downloads."""

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404, HttpResponse

from monitoring.reporting.values import plain_number
from vision.l10n import format_number
from vision.spreadsheets import csv_row, xlsx_row


def percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)}"


def shown(value) -> str:
    """A table cell as the page shows it (downloads keep the value itself)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, Decimal | float):
        return format_number(value, 0 if value == int(value) else 2)
    if isinstance(value, int):
        return format_number(value, 0)
    return str(value)


@dataclass
class Table:
    """A dashboard table: shown under its chart and downloadable as CSV, XLSX and JSON.

    `shown` holds the rows as the page shows them (values rounded, with their units), where
    they differ from the plain cells; downloads always carry `rows`, at full precision."""

    name: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    shown: list[list] | None = None

    @property
    def display_rows(self) -> list[list[str]]:
        return self.shown if self.shown is not None else [list(map(shown, r)) for r in self.rows]


def download(table: Table, fmt: str) -> HttpResponse:
    def cell(value):
        if isinstance(value, Decimal):
            return float(plain_number(value))
        return value

    if fmt == "json":
        records = [dict(zip(table.columns, map(cell, row), strict=True)) for row in table.rows]
        response = HttpResponse(
            json.dumps({"title": table.title, "rows": records}, ensure_ascii=False, indent=1),
            content_type="application/json",
        )
        extension = "json"
    elif fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(table.name[:31])
        sheet.append(xlsx_row(sheet, table.columns))
        for row in table.rows:
            sheet.append(xlsx_row(sheet, [cell(v) for v in row]))
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        extension = "xlsx"
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(csv_row(table.columns))
        writer.writerows([csv_row(cell(v) for v in row) for row in table.rows])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        extension = "csv"
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{table.name}.{extension}"'
    return response
