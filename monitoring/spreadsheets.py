"""Reading a spreadsheet a person uploads (CSV in UTF-8, or XLSX) as rows of text, within
limits checked as the file is read: the shared first step of every bulk import (values,
ratifications, recommendations), which each then checks row by row in its own module."""

import csv
import io
import zipfile
from collections.abc import Iterator
from contextlib import closing

from django.utils.translation import gettext as _

# Each limit is checked as the file is read, row by row: a file is refused at the first
# row past one, before the rest of it is read (a worker is not held for the whole file
# only to refuse it).
MAX_ROWS = 20_000
MAX_COLUMNS = 100
# A note is kept to 2,000 characters and every other cell is short: a longer cell is a
# mistake, or a way to fill the worker's memory.
MAX_CELL_CHARS = 10_000
# Blank rows are skipped, not counted against MAX_ROWS, but reading them still costs: a
# sheet can declare a million of them in a few bytes.
MAX_BLANK_ROWS = MAX_ROWS
# openpyxl reads an XLSX's shared strings whole even in read-only mode, reads a cell's text
# whole before it can be measured, and reads a sheet without a <dimension> through to its
# end when the workbook is opened: the workbook's unpacked size (its zip directory says
# it, and the zip reader stops there) is bounded before opening it. 20,000 rows of a
# dozen columns unpack to about 6 MB.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024


class ImportFileError(Exception):
    """The file cannot be read as a table at all."""


def read_table(upload, *, max_columns: int = MAX_COLUMNS) -> list[dict[str, str]]:
    """The file's non-blank rows as {header: cell}, read one row at a time and refused at
    the first row past a limit (rows, columns, a cell's length), without reading on. A
    publisher's download may be wider than the platform's own files (`max_columns`)."""
    rows: list[list[str]] = []
    blank = 0
    with closing(_file_rows(upload, max_columns)) as numbered_rows:
        for number, cells in numbered_rows:
            if len(cells) > max_columns and any(cell.strip() for cell in cells[max_columns:]):
                raise ImportFileError(
                    _("At most %(max)d columns: row %(row)d has more.")
                    % {"max": max_columns, "row": number}
                )
            if any(len(cell) > MAX_CELL_CHARS for cell in cells):
                raise ImportFileError(
                    _("A cell in row %(row)d is longer than %(max)d characters.")
                    % {"row": number, "max": MAX_CELL_CHARS}
                )
            if not any(cell.strip() for cell in cells):
                blank += 1
                if blank > MAX_BLANK_ROWS:
                    raise ImportFileError(
                        _("The file has more than %(max)d empty rows; delete them.")
                        % {"max": MAX_BLANK_ROWS}
                    )
                continue
            # The header and MAX_ROWS rows of values.
            if len(rows) == MAX_ROWS + 1:
                raise ImportFileError(_("At most %(max)d rows at a time.") % {"max": MAX_ROWS})
            rows.append(cells[:max_columns])
    if not rows:
        raise ImportFileError(_("The file is empty."))
    header = [h.strip().lower() for h in rows[0]]
    return [dict(zip(header, (c.strip() for c in row), strict=False)) for row in rows[1:]]


def _file_rows(upload, max_columns: int) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) of every row of the file, blank ones included, one at a
    time. Whatever makes a file unreadable, the person gets the same answer."""
    try:
        if upload.name.lower().endswith(".xlsx"):
            yield from _xlsx_rows(upload, max_columns)
        else:
            yield from _csv_rows(upload)
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError(_("This file cannot be read as CSV (UTF-8) or XLSX.")) from error


def _xlsx_rows(upload, max_columns: int) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            _("This workbook unpacks to more than %(max)d MB; import it in parts.")
            % {"max": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    workbook = load_workbook(upload, read_only=True, data_only=True)
    try:
        # One column more than allowed, so that a wider row can be told apart.
        for number, row in enumerate(
            workbook.active.iter_rows(max_col=max_columns + 1, values_only=True), start=1
        ):
            yield number, ["" if cell is None else str(cell) for cell in row]
    finally:
        workbook.close()


def _csv_rows(upload) -> Iterator[tuple[int, list[str]]]:
    upload.seek(0)
    text = io.TextIOWrapper(upload, encoding="utf-8-sig", newline="")
    try:
        dialect = csv.Sniffer().sniff(text.read(4096), delimiters=",;\t")
        text.seek(0)
        reader = csv.reader(text, dialect)
        try:
            for cells in reader:
                yield reader.line_num, cells
        except csv.Error as error:
            # The csv module's own bound on a cell (131,072 characters), past ours.
            if "field limit" in str(error):
                raise ImportFileError(
                    _("A cell in row %(row)d is longer than %(max)d characters.")
                    % {"row": reader.line_num, "max": MAX_CELL_CHARS}
                ) from error
            raise
    finally:
        # Closing the text wrapper would close the upload too.
        text.detach()
