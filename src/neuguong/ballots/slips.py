"""Code slips: a QR code opening the casting page with the code, and the code in typeable groups,
as a Word file or a page to print from the browser.

The code travels in the URL's fragment (``/vote/#CODE``), which browsers never send to the
server, so no web server or proxy log ever holds a code.
"""

import io
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import qrcode
import qrcode.image.svg
from django.template import Context, Engine, Template
from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Pt
from qrcode.image.pure import PyPNGImage

from neuguong.core.docx import PartyDocument

from . import codes

SLIPS_PER_ROW = 2
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html; charset=utf-8"
SLIPS_PAGE = Path(__file__).with_name("documents") / "slips.html"


def slip_url(vote_url: str, code: str) -> str:
    return f"{vote_url}#{codes.grouped(code)}"


def _qr(data: str, image_factory: Any, box_size: int) -> Any:
    # A fixed mask: any of the eight is valid, and choosing the "best" one costs most of the time.
    code = qrcode.QRCode(image_factory=image_factory, box_size=box_size, border=2, mask_pattern=0)
    code.add_data(data)
    return code.make_image()


def qr_svg(data: str) -> str:
    return _qr(data, qrcode.image.svg.SvgPathImage, 8).to_string(encoding="unicode")


def qr_png(data: str) -> bytes:
    buffer = io.BytesIO()
    _qr(data, PyPNGImage, 4).save(buffer)
    return buffer.getvalue()


def help_text(vote_url: str) -> str:
    return _("Scan the QR code, or open %(url)s and type the code. The code casts one ballot; "
             "nobody can tell which ballot is yours.") % {"url": vote_url}


def _fill_slip(document: PartyDocument, cell: Any, title: str, vote_url: str, code: str) -> None:
    cell.paragraphs[0].add_run(title).bold = True
    document.add_picture(cell.add_paragraph().add_run(), qr_png(slip_url(vote_url, code)), width_mm=32)
    code_run = cell.add_paragraph().add_run(codes.grouped(code))
    code_run.font.name, code_run.font.size, code_run.bold = "Courier New", Pt(11), True
    cell.add_paragraph().add_run(help_text(vote_url)).font.size = Pt(9)


def slips_docx(*, title: str, vote_url: str, raw_codes: list[str],
               on_slip: Callable[[], None] = lambda: None) -> bytes:
    """A Word file of slips, two per row, to print and cut."""
    document = PartyDocument()
    rows = (len(raw_codes) + SLIPS_PER_ROW - 1) // SLIPS_PER_ROW
    table = document.document.add_table(rows=rows, cols=SLIPS_PER_ROW)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = (cell for row in table.rows for cell in row.cells)  # table.cell() re-reads the grid each time
    for code, cell in zip(raw_codes, cells, strict=False):
        _fill_slip(document, cell, title, vote_url, code)
        on_slip()
    return document.to_bytes()


def slips_html(*, title: str, heading: str, vote_url: str, raw_codes: list[str],
               on_slip: Callable[[], None] = lambda: None) -> bytes:
    """A page of slips that opens from the disk and prints from the browser, with its own style."""
    slips = []
    for code in raw_codes:
        slips.append({"code": codes.grouped(code), "qr": qr_svg(slip_url(vote_url, code))})
        on_slip()
    context = Context({"title": title, "heading": heading, "slips": slips, "help": help_text(vote_url)})
    return _slips_page().render(context).encode()


@cache
def _slips_page() -> Template:
    # Not under templates/: it is a file opened from the disk, with its own style, never a page of
    # the site (whose Content-Security-Policy refuses inline styles).
    return Engine.get_default().from_string(SLIPS_PAGE.read_text(encoding="utf-8"))
