"""Every Word document in the Party layout: ``PartyDocument``.

The rules come from Hướng dẫn 36-HD/VPTW (2018), copied into ``core/data/document_format.yaml``:
A4, Times New Roman, margins 20/20/30/15 mm; top left the superior body (upper case), the
issuing body (upper case, bold), a star and the number; top right "ĐẢNG CỘNG SẢN VIỆT NAM"
(upper case, bold, ruled under) and "<Place>, ngày dd tháng mm năm yyyy" (italic); the title in
upper case bold with its summary in bold; the body; the signature block bottom right and the
recipients ("Nơi nhận") bottom left. ``docs/documents.md`` describes them.
"""

import datetime as dt
import io
from functools import cache
from itertools import count
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Mm, Pt

FORMAT_FILE = Path(__file__).with_name("data") / "document_format.yaml"
CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY


@cache
def layout() -> dict[str, Any]:
    return yaml.safe_load(FORMAT_FILE.read_text(encoding="utf-8"))


def size(name: str) -> int:
    return int(layout()["sizes"][name])


def dated_place(place: str, day: dt.date) -> str:
    """"Hà Tĩnh, ngày 20 tháng 02 năm 2026": day and month on two digits."""
    return _("%(place)s, day %(d)s month %(m)s year %(y)s") % {
        "place": place, "d": f"{day.day:02d}", "m": f"{day.month:02d}", "y": day.year}


def _remove_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


class PartyDocument:
    """A Word document in the Party layout. Call ``header`` and ``title`` first, then the body
    (``paragraph``, ``table``), then ``signature``; ``to_bytes`` gives the .docx file."""

    def __init__(self, *, landscape: bool = False) -> None:
        """``landscape`` for wide tables (registers): the A4 page turned, the margins unchanged."""
        rules = layout()
        self.document = Document()
        section = self.document.sections[0]
        width, height = Mm(rules["page_mm"]["width"]), Mm(rules["page_mm"]["height"])
        if landscape:
            section.orientation, width, height = WD_ORIENT.LANDSCAPE, height, width
        section.page_width, section.page_height = width, height
        margins = rules["margins_mm"]
        section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
        section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
        style = self.document.styles["Normal"]
        style.font.name = rules["font"]
        style.font.size = Pt(size("body"))
        style.element.rPr.rFonts.set(qn("w:eastAsia"), rules["font"])
        self._image_numbers = count(1)

    @staticmethod
    def line(container: Any, text: str, *, points: int, bold: bool = False, italic: bool = False,
             align: Any = CENTER, underline: bool = False) -> Any:
        """One paragraph of one run, in ``container`` (the document or a table cell)."""
        paragraph = container.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.font.size, run.bold, run.italic, run.underline = Pt(points), bold, italic, underline
        return paragraph

    def _two_columns(self) -> tuple[Any, Any]:
        table = self.document.add_table(rows=1, cols=2)
        _remove_borders(table)
        left, right = table.rows[0].cells
        return left, right

    def header(self, *, issuer: str, place: str, day: dt.date, superior: str = "", number: str = "") -> None:
        """Top left the superior and issuing bodies, a star and the number; top right the
        party's name and the place and date line."""
        left, right = self._two_columns()
        if superior:
            self.line(left, superior.upper(), points=size("superior"))
        self.line(left, issuer.upper(), points=size("issuer"), bold=True)
        self.line(left, "*", points=size("issuer"))
        if number:
            self.line(left, _("No. %(number)s") % {"number": number}, points=size("number"))
        self.line(right, _("COMMUNIST PARTY OF VIETNAM"), points=size("party_name"), bold=True, underline=True)
        self.line(right, dated_place(place, day), points=size("date_line"), italic=True)

    def title(self, kind: str, summary: str = "") -> None:
        self.document.add_paragraph()
        self.line(self.document, kind.upper(), points=size("title"), bold=True)
        if summary:
            self.line(self.document, summary, points=size("summary"), bold=True)
        self.document.add_paragraph()

    def paragraph(self, text: str, *, bold: bool = False, align: Any = JUSTIFY) -> Any:
        return self.line(self.document, text, points=size("body"), bold=bold, align=align)

    def table(self, header: list[Any], rows: list[list[Any]], *, style: str = "Table Grid") -> Any:
        table = self.document.add_table(rows=1 + len(rows), cols=len(header))
        table.style = style
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        points = Pt(size("table"))
        for row, values in zip(table.rows, [header, *rows], strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                run = cell.paragraphs[0].add_run(str(value))
                run.font.size, run.bold = points, values is header
        return table

    def signature(self, *, authority: str, post: str, name: str = "", recipients: list[str]) -> None:
        """Bottom left "Nơi nhận" and its lines; bottom right the authority, the post, room to
        sign and the signer's name."""
        self.document.add_paragraph()
        left, right = self._two_columns()
        self.line(left, _("Recipients:"), points=size("recipients"), bold=True, italic=True, align=LEFT)
        for recipient in recipients:
            self.line(left, f"- {recipient}", points=size("recipients"), align=LEFT)
        self.line(right, authority.upper(), points=size("signature"), bold=True)
        self.line(right, post.upper(), points=size("signature"), bold=True)
        for _blank in range(3):
            self.line(right, "", points=size("signature"))
        if name:
            self.line(right, name, points=size("signature"), bold=True)

    def add_picture(self, run: Any, png: bytes, *, width_mm: float) -> None:
        """A PNG in ``run``. Unlike ``run.add_picture`` its cost does not grow with the number of
        pictures already in the document (python-docx searches them all for each new one)."""
        number = next(self._image_numbers)
        image = Image.from_blob(png)
        part = ImagePart.from_image(image, PackURI(f"/word/media/picture{number}.{image.ext}"))
        document_part = self.document.part
        document_part.package.image_parts.append(part)
        rid = f"rIdPicture{number}"
        document_part.rels.add_relationship(RELATIONSHIP_TYPE.IMAGE, part, rid)
        cx, cy = image.scaled_dimensions(Mm(width_mm), None)
        run._r.add_drawing(CT_Inline.new_pic_inline(100_000 + number, rid, image.filename, cx, cy))

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
