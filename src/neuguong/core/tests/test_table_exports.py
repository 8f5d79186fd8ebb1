"""A table declared once gives XLSX and CSV: the same columns, labels and formats in both."""

import csv
import datetime as dt
import io
from types import SimpleNamespace

from django.utils import timezone
from openpyxl import load_workbook

from neuguong.core.exports import Column, TableExport, content_disposition, render, response

ROWS = [
    SimpleNamespace(name="Nguyễn Văn An", born=dt.date(1990, 2, 3), unit=SimpleNamespace(name="Xã Đông"),
                    votes="12", share=0.125, get_kind_display=lambda: "Đảng viên"),
    SimpleNamespace(name='=HYPERLINK("http://x.vn")', born=None, unit=None, votes=None, share=None,
                    get_kind_display=lambda: "-1"),
]
EXPORT = TableExport(name="Danh sách đảng viên", title="Đảng viên", columns=(
    Column("name", "Họ và tên"),
    Column("born", "Ngày sinh", format="date"),
    Column("unit", "Đơn vị", value="unit.name"),
    Column("kind", "Loại", value="get_kind_display"),
    Column("votes", "Số phiếu", format="int"),
    Column("share", "Tỷ lệ", format="percent"),
    Column("shout", "Viết hoa", value=lambda row: row.name.upper()),
))


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_has_a_bom_the_headings_and_dates_written_dd_mm_yyyy():
    content = render(EXPORT, ROWS, "csv")
    assert content.startswith("\ufeff".encode())
    rows = _csv_rows(content)
    assert rows[0] == ["No.", "Họ và tên", "Ngày sinh", "Đơn vị", "Loại", "Số phiếu", "Tỷ lệ", "Viết hoa"]
    assert rows[1] == ["1", "Nguyễn Văn An", "03/02/1990", "Xã Đông", "Đảng viên", "12", "12.5%", "NGUYỄN VĂN AN"]


def test_csv_cells_that_look_like_formulas_are_made_inert_and_missing_values_are_blank():
    row = _csv_rows(render(EXPORT, ROWS, "csv"))[2]
    assert row == ["2", "'=HYPERLINK(\"http://x.vn\")", "", "", "'-1", "", "", "'=HYPERLINK(\"HTTP://X.VN\")"]


def test_xlsx_has_typed_cells_a_date_format_and_a_percent_format():
    sheet = load_workbook(io.BytesIO(render(EXPORT, ROWS, "xlsx"))).active
    assert sheet.title == "Đảng viên"
    first = [cell for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert first[2].value == dt.datetime(1990, 2, 3) and first[2].number_format == "DD/MM/YYYY"
    assert first[5].value == 12 and first[5].data_type == "n"
    assert first[6].value == 0.125 and first[6].number_format == "0.0%"
    second = [cell.value for cell in next(sheet.iter_rows(min_row=3, max_row=3))]
    assert second[1] == "'=HYPERLINK(\"http://x.vn\")" and second[4] == "'-1"


def test_moments_are_written_in_local_time():
    moment = timezone.make_aware(dt.datetime(2026, 12, 1, 23, 30), dt.UTC)
    export = TableExport(name="x", title="x", numbered=False, columns=(Column("at", "Lúc", format="date"),))
    assert _csv_rows(render(export, [{"at": moment}], "csv"))[1] == ["02/12/2026 06:30"]


def test_the_file_name_is_vietnamese_in_rfc_5987_form_with_an_ascii_fallback():
    assert content_disposition("Danh sách đảng viên", "xlsx") == (
        "attachment; filename=\"danh-sach-dang-vien.xlsx\"; "
        "filename*=UTF-8''Danh%20s%C3%A1ch%20%C4%91%E1%BA%A3ng%20vi%C3%AAn.xlsx")
    assert content_disposition('a/b"c', "csv").startswith('attachment; filename="a-bc.csv"')


def test_the_csv_response_streams_row_by_row():
    streamed = response(EXPORT, iter(ROWS), "csv")
    assert streamed.streaming and streamed["Content-Type"] == "text/csv; charset=utf-8"
    chunks = list(streamed.streaming_content)
    assert len(chunks) == 3 and chunks[0].startswith("\ufeff".encode())
