"""Excel workbooks written from application data, where text never becomes a formula.

openpyxl writes a string starting with "=" as a formula, and spreadsheet programs also evaluate
text starting with "+", "-" or "@" (and a leading tab or carriage return) when a cell is edited
or the file is re-imported. A citizen's petition subject "=HYPERLINK(...)" would then run on the
officer's machine. Every export goes through this module: each string is stored with the string
type and, when it starts with one of those characters, behind a leading apostrophe (OWASP's advice
against CSV/formula injection), so it reads as the same text and is never evaluated.
"""

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """The text with an apostrophe in front when a spreadsheet could take it for a formula."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def new_workbook() -> Workbook:
    """A streaming workbook: rows are written once, in order, so large lists stay cheap."""
    return Workbook(write_only=True)


def add_sheet(workbook: Workbook, title: str) -> WriteOnlyWorksheet:
    # Sheet titles are limited to 31 characters and may not hold []:*?/\ ; titles come from code.
    return workbook.create_sheet(str(title)[:31])


def cell(sheet: WriteOnlyWorksheet, value: Any, *, bold: bool = False, wrap: bool = False,
         size: int | None = None) -> WriteOnlyCell:
    """One cell: strings typed as text and made inert, dates formatted dd/mm/yyyy, moments in local
    time (Excel keeps no time zone)."""
    if isinstance(value, Promise):
        value = str(value)
    is_moment = isinstance(value, dt.datetime)
    if is_moment and timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    written = WriteOnlyCell(sheet, value=inert(value) if isinstance(value, str) else value)
    if isinstance(value, str):
        written.data_type = "s"
    elif isinstance(value, dt.date):
        written.number_format = DATETIME_FORMAT if is_moment else DATE_FORMAT
    if bold or size:
        written.font = Font(bold=bold, size=size)
    if wrap:
        written.alignment = Alignment(wrap_text=True, vertical="top")
    return written


def append(sheet: WriteOnlyWorksheet, values: Iterable[Any], **style: Any) -> None:
    sheet.append([cell(sheet, value, **style) for value in values])


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
