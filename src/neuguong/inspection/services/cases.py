"""Inspection and supervision cases on a party organisation or member, and their recommendations.

A case and each recommendation run on the shared lifecycle engine (``core.lifecycle``)::

    case:            planned --start (decision to inspect: number, date, team, timeline)--> in_progress
                     in_progress --conclude (findings: violation or not, rules breached; conclusion)--> concluded
    recommendation:  open --complete (the follow-up and the date done)--> done

Closing a case without a conclusion is refused; recommendations are added to a concluded case.
"""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.accounts.scoping import NotFound
from neuguong.audit import services as audit
from neuguong.catalogues.models import OversightKind, OversightType
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import Lifecycle, Transition
from neuguong.reception import selectors as reception_selectors
from neuguong.reception.models import DENUNCIATION, OPEN_STATUSES, Petition

from .. import selectors
from ..models import Case, CaseStatus, Programme, Recommendation, RecommendationStatus
from .common import MANAGE, VIEW, active_unit, actor_of, clean_long_text, clean_text, invalid, locked, refused
from .discipline import _day, subject_under

# The catalogue's type of a case opened from a denunciation petition.
DENUNCIATION_TYPE = "inspection.denunciation"


def _type(code: Any) -> OversightType:
    found = OversightType.objects.filter(code=str(code or ""),
                                         kind__in=(OversightKind.INSPECTION, OversightKind.SUPERVISION)).first()
    if found is None:
        raise invalid("type", _("Choose a type of inspection or supervision from the catalogue."))
    return found


def _method(kind: OversightType, code: Any) -> OversightType | None:
    if kind.kind != OversightKind.SUPERVISION:
        if code:
            raise invalid("method", _("Only a supervision has a method (direct or indirect)."))
        return None
    found = OversightType.objects.filter(code=str(code or ""), kind=OversightKind.SUPERVISION_METHOD).first()
    if found is None:
        raise invalid("method", _("Choose how the supervision is carried out: direct or indirect."))
    return found


@transaction.atomic
def programme_create(*, unit_id: int, year: int, title: str, acting_user: Any) -> Programme:
    """The yearly programme of a committee or its inspection commission."""
    body = active_unit(acting_user, unit_id)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise invalid("year", _("Enter a year from %(first)d to %(last)d.") % {"first": 2000, "last": 2100})
    title = clean_text(title, 300)
    if not title:
        raise invalid("title", _("Give the programme a title."))
    taken = invalid("title", _("This committee already has a programme with this title for %(year)d.")
                    % {"year": year})
    try:
        # The table's unique constraint decides between two requests creating the same programme at once.
        with transaction.atomic():
            programme = Programme.objects.create(unit=body, year=year, title=title, created_by=actor_of(acting_user))
    except IntegrityError:
        raise taken from None
    audit.record(acting_user, "inspection_programme.created", programme, after={"year": year, "title": title})
    return programme


def _programme(user: Any, programme_id: Any, body: Any, planned_start: Any) -> Programme | None:
    if programme_id in (None, ""):
        return None
    programme = selectors.programmes_visible_to(user).filter(pk=programme_id).first()
    if programme is None or not body.path.startswith(programme.unit.path):
        raise invalid("programme_id", _("Choose a programme of the conducting body or of a committee above it."))
    if isinstance(planned_start, dt.date) and planned_start.year != programme.year:
        raise invalid("planned_start", _("A case of the %(year)d programme starts in %(year)d.")
                      % {"year": programme.year})
    return programme


def _new_case(user: Any, *, unit_id: Any, type: Any, title: Any, planned_start: Any, planned_end: Any,
              subject_unit_id: Any, subject_person_id: Any, method: Any, programme_id: Any, team: Any = "",
              petition: Petition | None = None) -> Case:
    body = active_unit(user, unit_id)
    programme = _programme(user, programme_id, body, planned_start)
    subject_unit, subject_person = subject_under(user, body, subject_unit_id, subject_person_id,
                                                 conducting=True)
    kind = _type(type)
    chosen_method = _method(kind, method)
    title = clean_text(title, 300)
    if not title:
        raise invalid("title", _("Write what the case examines."))
    if not isinstance(planned_start, dt.date) or not isinstance(planned_end, dt.date):
        raise invalid("planned_start", _("Enter the planned period."))
    if planned_end < planned_start:
        raise invalid("planned_end", _("The planned period ends on or after its first day."))
    return Case.objects.create(unit=body, programme=programme, type=kind, method=chosen_method,
                               subject_unit=subject_unit, subject_person=subject_person, title=title,
                               planned_start=planned_start, planned_end=planned_end, petition=petition,
                               team=clean_long_text(team), created_by=actor_of(user))


@transaction.atomic
def case_plan(*, unit_id: int, type: str, title: str, planned_start: dt.date, planned_end: dt.date,
              acting_user: Any, subject_unit_id: int | None = None, subject_person_id: int | None = None,
              method: str = "", programme_id: int | None = None, team: str = "") -> Case:
    """A planned inspection or supervision of one subject under the conducting body ``unit_id``, in a
    yearly programme or not, with its planned team if known (the decision to inspect confirms it)."""
    case = _new_case(acting_user, unit_id=unit_id, type=type, title=title, planned_start=planned_start,
                     planned_end=planned_end, subject_unit_id=subject_unit_id, subject_person_id=subject_person_id,
                     method=method, programme_id=programme_id, team=team)
    audit.record(acting_user, "inspection_case.planned", case,
                 after={"type": case.type.code, "programme": case.programme, "subject_unit": case.subject_unit,
                        "subject_person": case.subject_person, "team": case.team,
                        "planned_start": planned_start, "planned_end": planned_end})
    return case


def _denunciation(user: Any, petition_id: Any) -> Petition:
    """An open denunciation petition the user reads in the reception module, locked."""
    try:
        petition = reception_selectors.petition_get(user, petition_id)
    except NotFound:
        raise invalid("petition_id", _("Choose a denunciation petition of your units.")) from None
    if petition.kind.code != DENUNCIATION:
        raise invalid("petition_id", _("Only a denunciation petition opens a case of settling denunciations."))
    if petition.status not in OPEN_STATUSES:
        raise invalid("petition_id", _("The petition is no longer being handled: it opens no case."))
    return petition


@transaction.atomic
def case_from_petition(*, petition_id: int, unit_id: int, title: str, planned_start: dt.date,
                       planned_end: dt.date, acting_user: Any, subject_unit_id: int | None = None,
                       subject_person_id: int | None = None, programme_id: int | None = None,
                       team: str = "") -> Case:
    """A case of settling denunciations against the organisation or member a denunciation petition
    of the reception names, with the petition linked; a petition opens at most one case (table
    constraint). The user reads the petition in the reception module and manages the conducting body."""
    petition = _denunciation(acting_user, petition_id)
    if Case.objects.filter(petition=petition).exists():
        raise refused("petition_has_case", "petition_id", _("This petition has already opened a case."))
    try:
        with transaction.atomic():
            case = _new_case(acting_user, unit_id=unit_id, type=DENUNCIATION_TYPE, title=title,
                             planned_start=planned_start, planned_end=planned_end, subject_unit_id=subject_unit_id,
                             subject_person_id=subject_person_id, method="", programme_id=programme_id,
                             team=team, petition=petition)
    except IntegrityError:
        raise refused("petition_has_case", "petition_id", _("This petition has already opened a case.")) from None
    # The petition by its number only: the audit trail never carries the denouncer.
    audit.record(acting_user, "inspection_case.opened_from_petition", case,
                 after={"type": DENUNCIATION_TYPE, "petition": petition.pk, "subject_unit": case.subject_unit,
                        "subject_person": case.subject_person,
                        "planned_start": planned_start, "planned_end": planned_end})
    return case


@transaction.atomic
def case_open(*, case_id: int, acting_user: Any) -> Case:
    """A case's file for an inspection role; every read is in the audit trail."""
    case = selectors.case_get(acting_user, case_id)
    audit.record(acting_user, "inspection_case.viewed", case)
    return case


def _start(case: Case, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    today = timezone.localdate()
    decision_date, starts_on, ends_on = data.get("decision_date"), data.get("starts_on"), data.get("ends_on")
    errors: dict[str, list[str]] = {}
    if not isinstance(decision_date, dt.date) or decision_date > today:
        errors["decision_date"] = [_("Enter the date of the decision, not in the future.")]
    if not isinstance(starts_on, dt.date):
        errors["starts_on"] = [_("Enter the first day of the case.")]
    elif isinstance(decision_date, dt.date) and starts_on < decision_date:
        errors["starts_on"] = [_("The case starts on or after the decision of %(day)s.") % {"day": _day(decision_date)}]
    if not isinstance(ends_on, dt.date) or (isinstance(starts_on, dt.date) and ends_on < starts_on):
        errors["ends_on"] = [_("The case ends on or after its first day.")]
    team = clean_long_text(data.get("team"))
    if not team:
        errors["team"] = [_("Name the team.")]
    if errors:
        raise ServiceError("invalid", next(iter(errors.values()))[0], field_errors=errors)
    case.decision_number, case.decision_date, case.team = data["decision_number"], decision_date, team
    case.starts_on, case.ends_on = starts_on, ends_on
    return {"decision_date": decision_date, "starts_on": starts_on, "ends_on": ends_on}


def _conclude(case: Case, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    found = data.get("violation_found")
    if not isinstance(found, bool):
        raise invalid("violation_found", _("Say whether a violation was found."))
    rules = clean_long_text(data.get("rules_breached"))
    if found and not rules:
        raise invalid("rules_breached", _("Name the rules breached."))
    concluded_on = data.get("concluded_on") or timezone.localdate()
    if not isinstance(concluded_on, dt.date) or concluded_on > timezone.localdate() or (
            case.starts_on and concluded_on < case.starts_on):
        raise invalid("concluded_on", _("The conclusion is dated between the case's first day and today."))
    conclusion = clean_long_text(data.get("conclusion"))
    if not conclusion:
        raise invalid("conclusion", _("Write the conclusion: a case is not closed without one."))
    case.violation_found, case.rules_breached = found, rules if found else ""
    case.conclusion, case.concluded_on = conclusion, concluded_on
    return {"violation_found": found, "concluded_on": concluded_on}


S = CaseStatus
CASE = Lifecycle(Case, "status", view=VIEW, related=("unit",), transitions=[
    Transition("start", gettext_lazy("Start the case"), frozenset({S.PLANNED}), S.IN_PROGRESS, MANAGE,
               "inspection_case.started", apply=_start, required=("decision_number",),
               messages={"decision_number": gettext_lazy("Enter the number of the decision to inspect or supervise.")}),
    Transition("conclude", gettext_lazy("Conclude"), frozenset({S.IN_PROGRESS}), S.CONCLUDED, MANAGE,
               "inspection_case.concluded", apply=_conclude),
])


def case_start(*, case_id: int, decision_number: str, decision_date: dt.date, team: str, starts_on: dt.date,
               ends_on: dt.date, acting_user: Any) -> Case:
    return CASE.transition(case_id, "start", acting_user=acting_user, decision_number=decision_number,
                           decision_date=decision_date, team=team, starts_on=starts_on, ends_on=ends_on)


def case_conclude(*, case_id: int, violation_found: bool | None, conclusion: str, acting_user: Any,
                  rules_breached: str = "", concluded_on: dt.date | None = None) -> Case:
    return CASE.transition(case_id, "conclude", acting_user=acting_user, violation_found=violation_found,
                           conclusion=conclusion, rules_breached=rules_breached, concluded_on=concluded_on)


@transaction.atomic
def recommendation_add(*, case_id: int, text: str, due_on: dt.date, acting_user: Any) -> Recommendation:
    """A recommendation of a concluded case, to be followed up by its deadline."""
    case = locked(Case.objects.select_related("unit"), acting_user, case_id)
    if case.status != CaseStatus.CONCLUDED:
        raise ServiceError("transition_not_allowed", _("Recommendations follow the conclusion of the case."))
    text = clean_long_text(text)
    if not text:
        raise invalid("text", _("Write the recommendation."))
    if not isinstance(due_on, dt.date):
        raise invalid("due_on", _("Enter the deadline."))
    if case.concluded_on and due_on < case.concluded_on:
        raise invalid("due_on", _("The deadline is on or after the conclusion of %(day)s.")
                      % {"day": _day(case.concluded_on)})
    recommendation = Recommendation.objects.create(case=case, text=text, due_on=due_on)
    audit.record(acting_user, "inspection_recommendation.added", recommendation,
                 after={"case": case.pk, "due_on": due_on})
    return recommendation


def _done(recommendation: Recommendation, user: Any, data: dict[str, Any]) -> dict[str, Any]:
    done_on = data.get("done_on") or timezone.localdate()
    if not isinstance(done_on, dt.date) or done_on > timezone.localdate():
        raise invalid("done_on", _("The date cannot be in the future."))
    concluded_on = recommendation.case.concluded_on
    if concluded_on and done_on < concluded_on:
        raise invalid("done_on", _("A recommendation is carried out on or after the conclusion of %(day)s.")
                      % {"day": _day(concluded_on)})
    recommendation.follow_up, recommendation.done_on = data["follow_up"], done_on
    return {"done_on": done_on}


RECOMMENDATION = Lifecycle(Recommendation, "status", view=VIEW, related=("case__unit",), transitions=[
    Transition("complete", gettext_lazy("Mark as done"), frozenset({RecommendationStatus.OPEN}),
               RecommendationStatus.DONE, MANAGE, "inspection_recommendation.done", apply=_done,
               required=("follow_up",), messages={"follow_up": gettext_lazy("Say how it was carried out.")}),
])


def recommendation_complete(*, recommendation_id: int, follow_up: str, acting_user: Any,
                            done_on: dt.date | None = None) -> Recommendation:
    return RECOMMENDATION.transition(recommendation_id, "complete", acting_user=acting_user, follow_up=follow_up,
                                     done_on=done_on)
