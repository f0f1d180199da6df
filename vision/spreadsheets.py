"""Cells for CSV and XLSX downloads that a spreadsheet will not run as formulas.

Text typed by users (an organisation's name, an indicator's title) ends up in files that
people open in Excel or LibreOffice, which treat a cell starting with =, +, -, @ (or a
tab or carriage return before one) as a formula: `=HYPERLINK("http://evil", "x")` would
run on the reader's machine. Such text is neutralised; numbers stay numbers.
"""

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_STRING

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """A CSV cell: formula-like text gets a leading apostrophe, which spreadsheets show as
    text and do not evaluate."""
    return "'" + value if is_formula_like(value) else value


def csv_row(values) -> list:
    return [csv_cell(value) for value in values]


def xlsx_row(sheet, values) -> list:
    """A row for a write-only openpyxl sheet: formula-like text is written as a string
    cell marked quote-prefixed, so it keeps its exact text and stays text when edited."""
    row = []
    for value in values:
        if is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            # openpyxl reads a leading = as a formula: set the type back to text.
            cell.data_type = TYPE_STRING
            cell.quotePrefix = True
            row.append(cell)
        else:
            row.append(value)
    return row
