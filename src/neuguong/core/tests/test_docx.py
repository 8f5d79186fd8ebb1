"""The Party layout of Word documents (Hướng dẫn 36-HD/VPTW), read back with python-docx."""

import datetime as dt
import io

from django.utils import translation
from docx import Document
from docx.shared import Pt

from neuguong.core.docx import PartyDocument


def _built(**header) -> Document:
    with translation.override("vi"):
        document = PartyDocument()
        document.header(**header)
        document.title("Báo cáo", "sơ kết 5 năm thực hiện Chỉ thị 05-CT/TW")
        document.paragraph("Nội dung báo cáo.")
        document.signature(authority="T/M Ban Thường vụ", post="Bí thư", name="Nguyễn Văn An",
                           recipients=["Ban Tuyên giáo Tỉnh ủy,", "Lưu Văn phòng."])
        return Document(io.BytesIO(document.to_bytes()))


def _runs(cell):
    return [run for paragraph in cell.paragraphs for run in paragraph.runs if run.text]


def test_the_header_has_the_party_name_right_and_the_issuing_body_left_in_times_new_roman():
    document = _built(issuer="Ban Thường vụ Tỉnh ủy", superior="Đảng bộ tỉnh Hà Tĩnh", number="127-BC/TU",
                      place="Hà Tĩnh", day=dt.date(2026, 2, 20))
    left, right = document.tables[0].rows[0].cells
    assert [run.text for run in _runs(left)] == ["ĐẢNG BỘ TỈNH HÀ TĨNH", "BAN THƯỜNG VỤ TỈNH ỦY", "*", "Số 127-BC/TU"]
    party, date_line = _runs(right)
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and party.bold and party.underline and party.font.size == Pt(15)
    assert date_line.text == "Hà Tĩnh, ngày 20 tháng 02 năm 2026" and date_line.italic
    assert date_line.font.size == Pt(14) and _runs(left)[1].bold and not _runs(left)[0].bold
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size == Pt(14)


def test_the_page_is_a4_with_the_guides_margins_and_the_title_is_upper_case_bold():
    document = _built(issuer="Đảng ủy xã Thạch Hà", place="Thạch Hà", day=dt.date(2026, 1, 5))
    section = document.sections[0]
    lengths = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
               section.left_margin, section.right_margin)
    assert [round(length.mm) for length in lengths] == [210, 297, 20, 20, 30, 15]  # Word keeps twentieths of a point
    title = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
    assert title.runs[0].bold and title.runs[0].font.size == Pt(15)
    assert "Thạch Hà, ngày 05 tháng 01 năm 2026" in document.tables[0].rows[0].cells[1].text


def test_the_signature_block_is_right_and_the_recipients_left():
    document = _built(issuer="Đảng ủy xã Thạch Hà", place="Thạch Hà", day=dt.date(2026, 1, 5))
    recipients, signature = document.tables[-1].rows[0].cells
    assert [run.text for run in _runs(recipients)] == ["Nơi nhận:", "- Ban Tuyên giáo Tỉnh ủy,", "- Lưu Văn phòng."]
    assert _runs(recipients)[0].bold and _runs(recipients)[0].italic
    assert [run.text for run in _runs(signature)] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn An"]
