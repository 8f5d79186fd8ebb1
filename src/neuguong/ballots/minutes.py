"""The counting minutes (biên bản kiểm phiếu) as Word (in the Party layout of ``core.docx``) and
Excel files."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.core import exports as xlsx
from neuguong.core.docx import LEFT, PartyDocument, dated_place

from . import rules
from .models import Campaign
from .selectors import questions_of, results_of
from .tally import channel_split_shown


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


def _dated_place(data: MinutesData) -> str:
    return dated_place(data.campaign.place or data.campaign.unit.name, data.day)


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


def minutes_docx(data: MinutesData) -> bytes:
    document = PartyDocument()
    parent = data.campaign.unit.parent
    document.header(issuer=data.campaign.unit.name, superior=parent.name if parent else "",
                    place=data.campaign.place or data.campaign.unit.name, day=data.day)
    document.title(_("MINUTES"), _("of the count: %(title)s") % {"title": data.campaign.title})
    for text in _figures(data):
        document.paragraph(text)
    document.document.add_paragraph()
    document.table(*result_rows(data))
    if data.channel_split:
        document.paragraph(_("Online and paper ballots separately:"), align=LEFT)
        document.table(*channel_rows(data))
    else:
        document.paragraph(channels_withheld_text())
    document.signature(authority=_("ON BEHALF OF THE VOTE-COUNTING BOARD"), post=_("HEAD"),
                       recipients=[_("As above,"), _("Filed.")])
    return document.to_bytes()


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
