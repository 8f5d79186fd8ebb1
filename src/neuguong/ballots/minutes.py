"""The counting minutes (biên bản kiểm phiếu) as Word and Excel files.

The Word layout follows the Party's document format (Hướng dẫn 36-HD/VPTW, 2018): A4, Times New
Roman, margins 20/20/30/15 mm; top left the superior body (upper case, 14 pt), the issuing body
(upper case, bold, 14 pt) and a star; top right "ĐẢNG CỘNG SẢN VIỆT NAM" (upper case, bold, 15 pt,
ruled under) and "<Place>, ngày dd tháng mm năm yyyy" (italic, 14 pt); the title in upper case
bold 15 pt with its summary in bold 14 pt; body 14 pt; signatures bottom right, recipients bottom
left. Those facts are copied here; nothing is read from outside the application at run time.
"""

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from neuguong.core import exports as xlsx

from . import rules
from .models import Campaign
from .selectors import questions_of, results_of
from .tally import channel_split_shown

FONT = "Times New Roman"
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
SIZE_PARTY_NAME = 15
SIZE_HEADER = 14
SIZE_TITLE = 15
SIZE_SUMMARY = 14
SIZE_BODY = 14
SIZE_TABLE = 12


@dataclass
class MinutesData:
    campaign: Campaign
    totals: dict[str, Any]
    questions: list[Any]
    results: list[Any]
    day: dt.date
    channel_split: bool  # per-candidate counts per channel may be shown (enough ballots in each)


def minutes_data(campaign: Campaign) -> MinutesData:
    totals = campaign.totals or {}
    online, paper = (totals.get(channel, {}).get("returned", 0) for channel in ("online", "paper"))
    return MinutesData(
        campaign=campaign, totals=totals,
        questions=[q for q in questions_of(campaign) if q.options],
        results=list(results_of(campaign)),
        day=campaign.held_on or timezone.localdate(campaign.counted_at or timezone.now()),
        channel_split=channel_split_shown(online, paper, settings.BALLOTS_MIN_CHANNEL_BALLOTS),
    )


def channels_withheld_text() -> str:
    return _("Each candidate's online and paper counts are not shown apart: each channel needs at least "
             "%(n)s ballots, so that no voter's choices can be told from them.") % {
        "n": settings.BALLOTS_MIN_CHANNEL_BALLOTS}


def results_context(data: MinutesData) -> dict[str, Any]:
    """What the staff and public results pages show: combined counts, and the split per channel
    only when ``data.channel_split`` allows it."""
    header, rows = result_rows(data)
    channel_header, channel_table = channel_rows(data) if data.channel_split else ([], [])
    return {"header": header, "rows": rows, "totals": data.totals, "channel_header": channel_header,
            "channel_rows": channel_table, "channels_withheld": "" if data.channel_split else channels_withheld_text()}


def apply_page_layout(document: Any) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(SIZE_BODY)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _line(cell_or_doc: Any, text: str, *, size: int, bold: bool = False, italic: bool = False,
          align: Any = WD_ALIGN_PARAGRAPH.CENTER, underline: bool = False) -> Any:
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic, run.underline = Pt(size), bold, italic, underline
    return paragraph


def _remove_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _dated_place(data: MinutesData) -> str:
    place = data.campaign.place or data.campaign.unit.name
    return _("%(place)s, day %(d)s month %(m)s year %(y)s") % {
        "place": place, "d": f"{data.day.day:02d}", "m": f"{data.day.month:02d}", "y": data.day.year}


def _header(document: Any, data: MinutesData) -> None:
    table = document.add_table(rows=1, cols=2)
    _remove_borders(table)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    parent = data.campaign.unit.parent
    if parent is not None:
        _line(left, parent.name.upper(), size=SIZE_HEADER)
    _line(left, data.campaign.unit.name.upper(), size=SIZE_HEADER, bold=True)
    _line(left, "*", size=SIZE_HEADER)
    _line(right, _("COMMUNIST PARTY OF VIETNAM"), size=SIZE_PARTY_NAME, bold=True, underline=True)
    _line(right, _dated_place(data), size=SIZE_HEADER, italic=True)


def _title(document: Any, data: MinutesData) -> None:
    document.add_paragraph()
    _line(document, _("MINUTES"), size=SIZE_TITLE, bold=True)
    _line(document, _("of the count: %(title)s") % {"title": data.campaign.title}, size=SIZE_SUMMARY, bold=True)
    document.add_paragraph()


def _figures(data: MinutesData) -> list[str]:
    t = data.totals
    total, online, paper = t.get("total", {}), t.get("online", {}), t.get("paper", {})
    lines = [
        _("Number summoned: %(n)s; number present: %(p)s; quorum (%(q)s of those summoned): %(met)s.") % {
            "n": t.get("summoned"), "p": t.get("present"), "q": data.campaign.rules.get("quorum", ""),
            "met": _("reached") if t.get("quorum_met") else _("not reached")},
        _("Ballots issued: %(issued)s (paper %(paper)s, online codes %(online)s).") % {
            "issued": total.get("issued"), "paper": paper.get("issued"), "online": online.get("issued")},
        _("Ballots returned: %(returned)s (paper %(paper)s, online %(online)s).") % {
            "returned": total.get("returned"), "paper": paper.get("returned"), "online": online.get("returned")},
        _("Valid ballots: %(valid)s; invalid ballots: %(invalid)s.") % {
            "valid": total.get("valid"), "invalid": total.get("invalid")},
    ]
    reasons = {r["code"]: rules.label(r) for r in data.campaign.rules.get("invalid_reasons", [])}
    for code, n in (t.get("invalid_reasons") or {}).items():
        lines.append(f"    – {reasons.get(code, code)}: {n}")
    lines.append(_("Shares are taken over the ballots returned."))
    return lines


def _threshold_text(data: MinutesData, code: str) -> str:
    return rules.consequence_of(data.campaign.rules, code) if code else ""


def result_rows(data: MinutesData) -> tuple[list[str], list[list[Any]]]:
    """The results table: a header and one row per candidate (count and percent of each option)."""
    header = [_("No."), _("Full name"), _("Post")]
    for question in data.questions:
        for option in question.options:
            prefix = f"{question.text}: " if len(data.questions) > 1 else ""
            header += [f"{prefix}{rules.label(option)}", "%"]
    header.append(_("Threshold reached"))
    rows = []
    for result in data.results:
        row: list[Any] = [result.candidate.position, result.candidate.full_name, result.candidate.post_title]
        for question in data.questions:
            for option in question.options:
                row.append(result.counts.get(str(question.position), {}).get(option["code"], 0))
                row.append(result.shares.get(str(question.position), {}).get(option["code"], "0.00"))
        row.append(_threshold_text(data, result.threshold))
        rows.append(row)
    return header, rows


def channel_rows(data: MinutesData) -> tuple[list[str], list[list[Any]]]:
    """The same counts, online and on paper separately: "online / paper" per option. Only for
    ``data.channel_split``."""
    header = [_("No."), _("Full name")]
    for question in data.questions:
        for option in question.options:
            prefix = f"{question.text}: " if len(data.questions) > 1 else ""
            header.append(f"{prefix}{rules.label(option)} ({_('online')} / {_('paper')})")
    rows = []
    for result in data.results:
        row: list[Any] = [result.candidate.position, result.candidate.full_name]
        for question in data.questions:
            for option in question.options:
                online = result.channels.get("online", {}).get(str(question.position), {}).get(option["code"], 0)
                paper = result.channels.get("paper", {}).get(str(question.position), {}).get(option["code"], 0)
                row.append(f"{online} / {paper}")
        rows.append(row)
    return header, rows


def _results_table(document: Any, data: MinutesData, rows_of: Any = None) -> None:
    header, rows = (rows_of or result_rows)(data)
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, text in enumerate(header):
        cell = table.rows[0].cells[column]
        cell.paragraphs[0].add_run(str(text)).bold = True
    for index, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            table.rows[index].cells[column].paragraphs[0].add_run(str(value))
    for table_row in table.rows:
        for cell in table_row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(SIZE_TABLE)


def _signatures(document: Any) -> None:
    document.add_paragraph()
    table = document.add_table(rows=1, cols=2)
    _remove_borders(table)
    left, right = table.rows[0].cells
    _line(left, _("Recipients:"), size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(left, _("- As above,"), size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(left, _("- Filed."), size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(right, _("ON BEHALF OF THE VOTE-COUNTING BOARD"), size=SIZE_HEADER, bold=True)
    _line(right, _("HEAD"), size=SIZE_HEADER, bold=True)
    for _blank in range(3):
        _line(right, "", size=SIZE_HEADER)


def minutes_docx(data: MinutesData) -> bytes:
    document = Document()
    apply_page_layout(document)
    _header(document, data)
    _title(document, data)
    for text in _figures(data):
        _line(document, text, size=SIZE_BODY, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    document.add_paragraph()
    _results_table(document, data)
    if data.channel_split:
        _line(document, _("Online and paper ballots separately:"), size=SIZE_BODY, align=WD_ALIGN_PARAGRAPH.LEFT)
        _results_table(document, data, channel_rows)
    else:
        _line(document, channels_withheld_text(), size=SIZE_BODY, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _signatures(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def minutes_xlsx(data: MinutesData) -> bytes:
    workbook = xlsx.new_workbook()
    sheet = xlsx.add_sheet(workbook, _("Minutes"))
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 30
    xlsx.append(sheet, [_("MINUTES")], bold=True, size=14)
    for line in [_("of the count: %(title)s") % {"title": data.campaign.title}, data.campaign.unit.name,
                 _dated_place(data)]:
        xlsx.append(sheet, [line])
    xlsx.append(sheet, [])
    for text in _figures(data):
        xlsx.append(sheet, [text.strip()])
    tables = [result_rows(data), channel_rows(data)] if data.channel_split else [result_rows(data)]
    for header, rows in tables:
        xlsx.append(sheet, [])
        xlsx.append(sheet, header, bold=True, wrap=True)
        for row in rows:
            xlsx.append(sheet, row)
    if not data.channel_split:
        xlsx.append(sheet, [])
        xlsx.append(sheet, [channels_withheld_text()])
    return xlsx.to_bytes(workbook)
