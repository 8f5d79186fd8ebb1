"""A review as a Word document in the Party layout (``core.docx.PartyDocument``): the individual's
report on form 2A, 2B or 2C, or the collective's on form 01, as its template names it, filled from
the records: the superior's suggestions, the self-assessment (strengths, shortcomings, remedies,
points by criterion, the level proposed), the collective's review with its votes, the superior's
assessment and, once approved, the level decided.

The headings follow what Hướng dẫn 43-HD/BTCTW asks the forms to hold (summarised in
``data/evaluation_rules.yaml``, status "summary"), not a copy of the official form. The 27
manifestations are written only into the copy of a reader allowed to see them, as in the study
module's minutes."""

from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from neuguong.core.docx import LEFT, PartyDocument

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
        if manifestations is None:
            document.paragraph(_("Not shown in this copy: only the person and the readers allowed see them."))
        else:
            present = [check for check in manifestations if check.present]
            document.paragraph(_("%(present)d of %(total)d manifestations found in oneself.") % {
                "present": len(present), "total": len(manifestations)})
            if present:
                document.table([_("No."), _("Manifestation")],
                               [[n, str(check.manifestation)] for n, check in enumerate(present, 1)])
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


def _points(value: Any) -> str:
    """Points as the reader's language writes them (92,5 in Vietnamese), without trailing zeros."""
    return "—" if value is None else floatformat(value, "-2")
