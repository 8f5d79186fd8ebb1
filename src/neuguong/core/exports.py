"""The one export layer: a table declared once (columns, labels, formats) gives XLSX and CSV.

An app declares its exports in ``<app>/exports.py``::

    PEOPLE = TableExport(name=_("People"), title=_("People"), columns=(
        Column("full_name", _("Full name")),
        Column("birth_date", _("Birth date"), format="date"),
        Column("unit", _("Managing unit"), value="unit.name"),
    ))

and a view answers ``response(PEOPLE, rows, fmt="csv")``. ``value`` is a dotted attribute path
(a callable at the end of it, such as ``get_gender_display``, is called) or a function of the row;
without it the column reads the attribute named by ``key``.

Text never becomes a formula. openpyxl writes a string starting with "=" as a formula, and
spreadsheet programs also evaluate text starting with "+", "-" or "@" (and a leading tab or
carriage return) when a cell is edited or a CSV opened. A citizen's petition subject
"=HYPERLINK(...)" would then run on the officer's machine. Every string is therefore stored as
text and, when it starts with one of those characters, behind a leading apostrophe (OWASP's advice
against CSV/formula injection), so it reads as the same text and is never evaluated.

Dates read dd/mm/yyyy in both formats (a real date cell in XLSX). CSV starts with a UTF-8 byte
order mark so that Excel reads Vietnamese correctly, and is streamed row by row. Both formats read
querysets with ``iterator()`` so that a long list never sits in memory as model objects.
"""

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
PERCENT_FORMAT = "0.0%"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CHUNK = 2000

Format = Literal["text", "date", "int", "percent"]
Fmt = Literal["xlsx", "csv"]


def inert(text: str) -> str:
    """The text with an apostrophe in front when a spreadsheet could take it for a formula."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


# --- Declarations ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    value: str | Callable[[Any], Any] | None = None
    format: Format = "text"

    def read(self, row: Any) -> Any:
        """The raw value of this column in ``row``."""
        if callable(self.value):
            return self.value(row)
        value = row
        for part in (self.value or self.key).split("."):
            value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
            if callable(value):
                value = value()
            if value is None:
                return None
        return value


@dataclass(frozen=True)
class TableExport:
    """A list as a spreadsheet: ``name`` makes the file name, ``title`` the sheet's; a "No." column
    comes first unless ``numbered`` is off."""

    name: str | Promise
    title: str | Promise
    columns: Sequence[Column]
    numbered: bool = True

    def headings(self) -> list[str]:
        return ([_("No.")] if self.numbered else []) + [str(column.label) for column in self.columns]


@dataclass
class Sheet:
    """One sheet of a workbook: an optional preamble (lines above the table, the first in bold)
    and the table."""

    export: TableExport
    rows: Iterable[Any]
    preamble: Sequence[str | Promise] = field(default_factory=tuple)


def _rows(rows: Iterable[Any]) -> Iterable[Any]:
    return rows.iterator(chunk_size=CHUNK) if isinstance(rows, QuerySet) else rows


def _typed(column: Column, value: Any) -> Any:
    """The value as its format has it: text as ``str``, numbers as numbers, dates as dates."""
    if value is None or value == "":
        return None
    if isinstance(value, Promise):
        value = str(value)
    if column.format == "date":
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)  # Excel keeps no time zone
        return value
    if column.format == "int":
        return int(value)
    if column.format == "percent":
        return float(value)
    return value if isinstance(value, dt.date | int | float | Decimal) else str(value)


def _table(export: TableExport, rows: Iterable[Any]) -> Iterator[list[tuple[Column | None, Any]]]:
    """Every row as (column, typed value) pairs; the number column has no ``Column``."""
    for number, row in enumerate(_rows(rows), start=1):
        cells: list[tuple[Column | None, Any]] = [(column, _typed(column, column.read(row)))
                                                  for column in export.columns]
        yield [(None, number), *cells] if export.numbered else cells


# --- CSV -------------------------------------------------------------------------------------


def _csv_text(value: Any, column: Column | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if column is not None and column.format == "percent":
        return f"{value * 100:.1f}%"
    return inert(value) if isinstance(value, str) else str(value)


class _Line:
    """A file-like object that hands back what ``csv.writer`` writes, so each row can be yielded."""

    def write(self, text: str) -> str:
        return text


def csv_lines(export: TableExport, rows: Iterable[Any]) -> Iterator[str]:
    """The CSV text, a row at a time, the byte order mark first."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow([inert(heading) for heading in export.headings()])
    for cells in _table(export, rows):
        yield writer.writerow([_csv_text(value, column) for column, value in cells])


# --- XLSX ------------------------------------------------------------------------------------


def new_workbook() -> Workbook:
    """A streaming workbook: rows are written once, in order, so large lists stay cheap."""
    return Workbook(write_only=True)


def add_sheet(workbook: Workbook, title: str | Promise) -> WriteOnlyWorksheet:
    # Sheet titles are limited to 31 characters and may not hold []:*?/\ ; titles come from code.
    return workbook.create_sheet(str(title)[:31])


def cell(sheet: WriteOnlyWorksheet, value: Any, *, bold: bool = False, wrap: bool = False,
         size: int | None = None, number_format: str | None = None) -> WriteOnlyCell:
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
    elif number_format:
        written.number_format = number_format
    if bold or size:
        written.font = Font(bold=bold, size=size)
    if wrap:
        written.alignment = Alignment(wrap_text=True, vertical="top")
    return written


def append(sheet: WriteOnlyWorksheet, values: Iterable[Any], **style: Any) -> None:
    """A row of free cells (a heading, a line of a document-like sheet)."""
    sheet.append([cell(sheet, value, **style) for value in values])


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(workbook: Workbook, part: Sheet) -> None:
    sheet = add_sheet(workbook, part.export.title)
    for index, line in enumerate(part.preamble):
        append(sheet, [line], bold=index == 0)
    if part.preamble:
        append(sheet, [])
    append(sheet, part.export.headings(), bold=True)
    for cells in _table(part.export, part.rows):
        sheet.append([cell(sheet, value, number_format=PERCENT_FORMAT if column and column.format == "percent"
                           else None) for column, value in cells])


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """An XLSX workbook of one or more declared tables."""
    workbook = new_workbook()
    for part in sheets:
        _write_sheet(workbook, part)
    return to_bytes(workbook)


# --- Rendering and responses -----------------------------------------------------------------


def render(export: TableExport, rows: Iterable[Any], fmt: Fmt = "xlsx") -> bytes:
    """The whole file at once (for tests, jobs and small lists); ``response`` streams CSV."""
    if fmt == "csv":
        return "".join(csv_lines(export, rows)).encode()
    return workbook_bytes([Sheet(export, rows)])


def ascii_name(name: str) -> str:
    """The name without accents, for clients that cannot read ``filename*`` ("đ" has no
    decomposition, so it is mapped by hand)."""
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    return slugify(plain.encode("ascii", "ignore").decode()) or "export"


def content_disposition(name: str | Promise, extension: str) -> str:
    """``attachment`` with an ASCII file name and the Vietnamese one in RFC 5987 form."""
    readable = str(name).replace("/", "-").replace("\\", "-").strip() or "export"
    return (f'attachment; filename="{ascii_name(readable)}.{extension}"; '
            f"filename*=UTF-8''{quote(f'{readable}.{extension}')}")


def attachment(content: bytes, content_type: str, file_name: str) -> HttpResponse:
    """A finished file of any kind (``name.ext``) as a download with its Vietnamese name kept."""
    stem, _dot, extension = file_name.rpartition(".")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(stem or file_name, extension)
    return response


def file_response(content: bytes, name: str | Promise) -> HttpResponse:
    """A finished workbook (several sheets, a document-like sheet) as a download."""
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(name, "xlsx")
    return response


def response(export: TableExport, rows: Iterable[Any], fmt: Fmt = "xlsx",
             name: str | Promise | None = None) -> HttpResponse | StreamingHttpResponse:
    """The list as a download: XLSX whole, CSV streamed a row at a time."""
    if fmt == "csv":
        streamed = StreamingHttpResponse((line.encode() for line in csv_lines(export, rows)), content_type=CSV_TYPE)
        streamed["Content-Disposition"] = content_disposition(name or export.name, "csv")
        return streamed
    return file_response(render(export, rows, "xlsx"), name or export.name)
