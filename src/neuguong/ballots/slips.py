"""Code slips: a QR code opening the casting page with the code, and the code in typeable groups.

The code travels in the URL's fragment (``/vote/#CODE``), which browsers never send to the
server, so no web server or proxy log ever holds a code.
"""

import io

import qrcode
import qrcode.image.svg
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Mm, Pt
from qrcode.image.pure import PyPNGImage

from . import codes
from .minutes import FONT, apply_page_layout

SLIPS_PER_ROW = 2


def slip_url(vote_url: str, code: str) -> str:
    return f"{vote_url}#{codes.grouped(code)}"


def qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


def qr_png(data: str) -> bytes:
    buffer = io.BytesIO()
    qrcode.make(data, image_factory=PyPNGImage, box_size=6, border=2).save(buffer)
    return buffer.getvalue()


def _fill_slip(cell, title: str, vote_url: str, code: str) -> None:
    cell.paragraphs[0].add_run(title).bold = True
    cell.add_paragraph().add_run().add_picture(io.BytesIO(qr_png(slip_url(vote_url, code))), width=Mm(32))
    code_run = cell.add_paragraph().add_run(codes.grouped(code))
    code_run.font.name, code_run.font.size, code_run.bold = "Courier New", Pt(11), True
    help_text = _("Scan the QR code, or open %(url)s and type the code. The code casts one ballot; "
                  "nobody can tell which ballot is yours.") % {"url": vote_url}
    cell.add_paragraph().add_run(help_text).font.size = Pt(9)


def slips_docx(*, title: str, vote_url: str, raw_codes: list[str]) -> bytes:
    """A Word file of slips, two per row, to print and cut."""
    document = Document()
    apply_page_layout(document)
    document.styles["Normal"].font.name = FONT
    rows = (len(raw_codes) + SLIPS_PER_ROW - 1) // SLIPS_PER_ROW
    table = document.add_table(rows=rows, cols=SLIPS_PER_ROW)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, code in enumerate(raw_codes):
        _fill_slip(table.cell(index // SLIPS_PER_ROW, index % SLIPS_PER_ROW), title, vote_url, code)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
