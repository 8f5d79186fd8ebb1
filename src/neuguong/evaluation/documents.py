"""A review as a Word document in the Party layout (``core.docx.PartyDocument``): the individual's
report on form 2A, 2B or 2C, or the collective's on form 01, as its template names it, filled from
the records: the superior's suggestions, the self-assessment (strengths, shortcomings, remedies,
points by criterion, the level proposed), the collective's review with its votes, the superior's
assessment and, once approved, the level decided.

The headings follow what Hướng dẫn 43-HD/BTCTW asks the forms to hold (summarised in
``data/evaluation_rules.yaml``, status "summary"), not a copy of the official form. The 27
manifestations are written only into the copy of a reader allowed to see them, as in the study
module's minutes.

``minutes_docx`` writes the minutes of a collective review meeting (``selectors.review_meeting``) in the
same layout, and ``summary_docx`` and ``profile_docx`` the unit summary and the cadre profile, each from
the selector of its page."""

from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from neuguong.core.docx import LEFT, PartyDocument
from neuguong.honours import rules as honours

from . import rules, selectors
from .exports import SUMMARY
from .models import DECIDED, Review


def _heading(document: PartyDocument, text: str) -> None:
    document.paragraph(text, bold=True, align=LEFT)


def _text(document: PartyDocument, text: str) -> None:
    document.paragraph(text.strip() or "—")


def review_docx(review: Review, *, day: Any, levels: dict[str, str], manifestations: list[Any] | None) -> bytes:
    """``manifestations`` None: the reader may not see them, and the copy says so."""
    document = PartyDocument()
    parent = review.unit.parent
    document.header(issuer=review.unit.name, superior=parent.name if parent else "", place=review.unit.name, day=day)
    form = review.template.form
    if form:
        document.paragraph(_("Form %(form)s") % {"form": form}, bold=True, align=LEFT)
    collective = review.person_id is None
    kind = _("REVIEW REPORT OF THE COLLECTIVE") if collective else _("INDIVIDUAL REVIEW REPORT")
    document.title(kind, _("%(period)s: %(subject)s") % {"period": review.period.title,
                                                         "subject": review.subject_name})
    suggestions = list(review.suggestions.all())
    if suggestions:
        _heading(document, _("Points suggested by the committee above"))
        for suggestion in suggestions:
            _text(document, suggestion.text)
    _heading(document, _("I. Strengths"))
    _text(document, review.strengths)
    _heading(document, _("II. Shortcomings"))
    _text(document, review.shortcomings)
    _heading(document, _("III. Remedies of the shortcomings pointed out last period"))
    _text(document, "\n".join(part for part in (review.earlier_shortcomings, review.remedies) if part))
    if not collective:
        _heading(document, _("IV. The 27 manifestations of degradation"))
        _manifestations(document, manifestations)
    _heading(document, _("Points by criterion"))
    document.table([_("Criterion"), _("Maximum"), _("Own points"), _("Points")],
                   [[score.criterion.label, _points(score.criterion.max_points), _points(score.self_points),
                     _points(score.points)] for score in review.scores.all()])
    _heading(document, _("Level proposed by oneself"))
    _text(document, levels.get(review.self_level, ""))
    if review.collective_level:
        _heading(document, _("Review by the collective"))
        _text(document, review.collective_comments)
        votes = "; ".join(f"{levels.get(code, code)}: {count}" for code, count in sorted(review.votes.items()))
        document.paragraph(_("Members present: %(present)s. Votes by level: %(votes)s.") % {
            "present": review.members_present if review.members_present is not None else "—", "votes": votes or "—"})
    if review.superior_level:
        _heading(document, _("Assessment by the superior"))
        _text(document, review.superior_comments)
        document.paragraph(_("Level proposed: %(level)s.") % {"level": levels.get(review.superior_level, "")})
    if review.status in DECIDED:
        _heading(document, _("Level decided"))
        document.paragraph(_("%(level)s, %(points)s points, approved on %(day)s.") % {
            "level": levels.get(review.level, review.level), "points": _points(review.total_points),
            "day": review.approved_on.strftime("%d/%m/%Y") if review.approved_on else "—"})
    else:
        document.paragraph(_("Draft: the level is not decided yet."), bold=True, align=LEFT)
    name = "" if collective else review.subject_name
    document.signature(authority=_("ON BEHALF OF THE COLLECTIVE") if collective else _("THE PERSON REVIEWED"),
                       post=_("SECRETARY") if collective else "", name=name,
                       recipients=[_("The committee above,"), _("Filed.")])
    return document.to_bytes()


def _manifestations(document: PartyDocument, manifestations: list[Any] | None) -> None:
    """The 27 manifestations of one person: how many found and which, or that the copy leaves them out."""
    if manifestations is None:
        document.paragraph(_("Not shown in this copy: only the person and the readers allowed see them."))
        return
    present = [check for check in manifestations if check.present]
    document.paragraph(_("%(present)d of %(total)d manifestations found in oneself.") % {
        "present": len(present), "total": len(manifestations)})
    if present:
        document.table([_("No."), _("Manifestation")],
                       [[n, str(check.manifestation)] for n, check in enumerate(present, 1)])


def _votes(review: Review, levels: dict[str, str]) -> str:
    return "; ".join(f"{levels.get(code, code)}: {count}" for code, count in
                     sorted(review.votes.items(), key=lambda item: rules.rank(item[0]), reverse=True)) or "—"


def minutes_docx(meeting: Any, *, levels: dict[str, str]) -> bytes:
    """The minutes of a collective review meeting: the unit, the day, and for each review held there
    (those the reader may read) the points and level one proposed, the collective's comments, the
    votes by level with the members present and the level proposed by the vote. An item's
    manifestations are ``None`` when the reader may not see them, and the copy says so."""
    document = PartyDocument()
    unit = meeting.unit
    parent = unit.parent
    document.header(issuer=unit.name, superior=parent.name if parent else "", place=unit.name, day=meeting.held_on)
    document.title(_("MINUTES"), _("of the meeting reviewing and rating the quality of %(period)s") % {
        "period": meeting.period.title})
    document.paragraph(_("Held on %(day)s by %(unit)s; recorded by %(name)s.") % {
        "day": meeting.held_on.strftime("%d/%m/%Y"), "unit": unit.name, "name": meeting.recorded_by})
    document.paragraph(_("Reviews held at the meeting: %(count)d.") % {"count": len(meeting.items)})
    for number, item in enumerate(meeting.items, 1):
        review = item.review
        _heading(document, f"{number}. {review.subject_name}")
        document.paragraph(_("Points given by oneself: %(points)s. Level proposed by oneself: %(level)s.") % {
            "points": _points(item.self_points), "level": levels.get(review.self_level, "") or "—"})
        if review.person_id is not None:
            _manifestations(document, item.manifestations)
        document.paragraph(_("Comments of the collective:"), bold=True, align=LEFT)
        _text(document, review.collective_comments)
        document.paragraph(_("Members present: %(present)s. Votes by level: %(votes)s.") % {
            "present": review.members_present if review.members_present is not None else "—",
            "votes": _votes(review, levels)})
        document.paragraph(_("Level proposed by the collective: %(level)s, %(votes)s of %(present)s votes.") % {
            "level": levels.get(review.collective_level, review.collective_level),
            "votes": (review.votes or {}).get(review.collective_level, 0),
            "present": review.members_present if review.members_present is not None else "—"})
    if meeting.items:
        _heading(document, _("Results of the vote"))
        document.table([_("No."), _("Reviewed"), _("Members present"), _("Votes by level"), _("Level proposed")],
                       [[n, item.review.subject_name, item.review.members_present or "—",
                         _votes(item.review, levels),
                         levels.get(item.review.collective_level, item.review.collective_level)]
                        for n, item in enumerate(meeting.items, 1)])
    document.signature(authority=_("ON BEHALF OF THE COLLECTIVE"), post=_("SECRETARY"), name=meeting.recorded_by,
                       recipients=[_("The committee above,"), _("Filed.")])
    return document.to_bytes()


def summary_docx(summary: Any, *, day: Any) -> bytes:
    """The unit summary (``selectors.level_summary``) on a landscape page: one row per unit directly
    below the chosen one, the columns of its Excel download (``exports.SUMMARY``), then the total."""
    document = PartyDocument(landscape=True)
    unit = summary.unit
    parent = unit.parent
    document.header(issuer=unit.name, superior=parent.name if parent else "", place=unit.name, day=day)
    document.title(_("SUMMARY OF THE LEVELS"), _("%(period)s: %(unit)s") % {"period": summary.period.title,
                                                                          "unit": unit.name})
    total = summary.total
    document.paragraph(_("Reviews: %(total)d; classified: %(classified)d; not yet classified: %(waiting)d.") % {
        "total": total.total, "classified": total.classified, "waiting": total.waiting})
    rows = [[n, *(_cell(column.read(row)) for column in SUMMARY.columns)] for n, row in enumerate(summary.rows, 1)]
    rows.append(["", _("Total"), *(_cell(column.read(total)) for column in SUMMARY.columns[1:])])
    document.table(SUMMARY.headings(), rows)
    document.signature(authority=_("ON BEHALF OF THE PARTY COMMITTEE"), post="",
                       recipients=[_("The committee above,"), _("Filed.")])
    return document.to_bytes()


def profile_docx(profile: Any, *, day: Any) -> bytes:
    """The cadre profile (``selectors.cadre_profile``) as the viewer reads it on its page: year by year
    the reviews (the level and points once approved, the status before), for reviewers what sits
    beside the scores, and the honours."""
    document = PartyDocument()
    units = [row.review.unit for year in profile.years for row in year.reviews]
    unit = units[0] if units else profile.person.unit
    parent = unit.parent if unit is not None else None
    name = unit.name if unit is not None else ""
    document.header(issuer=name, superior=parent.name if parent else "", place=name, day=day)
    document.title(_("CADRE PROFILE"), _("Profile of %(name)s") % {"name": profile.person.full_name})
    note = _("Classifications, scores and what sits beside them, year by year.")
    if not profile.reviewer:
        note += " " + _("Levels show once approved.")
    document.paragraph(note)
    for year in profile.years:
        _heading(document, str(year.year))
        if year.reviews:
            document.table([_("Period"), _("Reviewed in"), pgettext("evaluation", "Level"), _("Points"),
                            _("Lowest level set automatically")],
                           [_profile_row(row) for row in year.reviews])
        if profile.reviewer:
            follow = _("rank %(rank)s of 3") % {"rank": year.follow.rank} if year.follow else "—"
            _fact(document, _("Following Directive 05"), follow)
            _fact(document, _("Discipline effective this year"), "; ".join(
                f"{d.number} ({_date(d.effective_on)})" for d in year.discipline))
            _fact(document, _("Ballots on the person"), "; ".join(
                f"{b.campaign.title} ({b.returned})" for b in year.ballots))
            _fact(document, _("Residents' comments"), "; ".join(
                f"{c.source} ({_date(c.received_on)}): {c.text}" for c in year.residents))
        _fact(document, _("Honours"), "; ".join(
            f"{honours.label_of(honours.awards(), a.award)} ({_date(a.decided_on)})" for a in year.awards))
    document.signature(authority=name, post="", recipients=[_("Filed.")])
    return document.to_bytes()


def _profile_row(row: Any) -> list[str]:
    review = row.review
    if not row.level:
        return [review.period.title, review.unit.name, review.get_status_display(), "—", "—"]
    points = _points(review.total_points)
    return [review.period.title, review.unit.name, row.level, points, _("Yes") if review.triggers else "—"]


def _fact(document: PartyDocument, label: str, value: str) -> None:
    document.paragraph(f"{label}: {value or '—'}")


def _date(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _points(value: Any) -> str:
    """Points as the reader's language writes them (92,5 in Vietnamese), without trailing zeros."""
    return "—" if value is None else floatformat(value, "-2")


# --- The documents as the pages and the API give them to one user -------------------------------

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class WordFile:
    content: bytes
    name: str  # with its extension


def review_file(user: Any, review_id: Any) -> WordFile:
    """The review's report for ``user`` (``NotFound`` when they may not read it): the manifestations only
    in the copy of those who may read them."""
    review = selectors.review_get(user, review_id)
    manifestations = list(selectors.manifestations_visible(user, review)) \
        if selectors.sees_sensitive(user, review) else None
    content = review_docx(review, day=review.approved_on or timezone.localdate(), levels=selectors.level_names(),
                          manifestations=manifestations)
    return WordFile(content, f"{_('Review')} {review.subject_name} {review.period.year}.docx")


def minutes_file(user: Any, review_id: Any) -> WordFile:
    """The minutes of the collective review meeting that held the review, as ``user`` reads them
    (``NotFound`` before it is held or out of scope)."""
    meeting = selectors.review_meeting(user, review_id)
    content = minutes_docx(meeting, levels=selectors.level_names())
    return WordFile(content, f"{_('Minutes')} {meeting.unit.name} {meeting.held_on:%d-%m-%Y}.docx")


def profile_file(user: Any, person_id: Any) -> WordFile:
    """The cadre profile as ``user`` reads it on its page (``NotFound`` otherwise)."""
    profile = selectors.cadre_profile(user, person_id)
    return WordFile(profile_docx(profile, day=timezone.localdate()), f"{_('Profile')} {profile.person.full_name}.docx")


def summary_file(user: Any, period_id: Any, *, unit_id: Any = None) -> WordFile:
    """The unit summary of the period for the chosen unit (``NotFound`` out of scope)."""
    summary = selectors.level_summary(user, period_id, unit_id=unit_id)
    return WordFile(summary_docx(summary, day=timezone.localdate()), f"{SUMMARY.name} {summary.unit.name}.docx")
