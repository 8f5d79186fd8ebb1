"""Every read of inspection and supervision cases, limited to the inspection roles' subtrees."""

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from neuguong.accounts.scoping import NotFound, access, scoped
from neuguong.core.text import search_key
from neuguong.orgs.models import Unit
from neuguong.reception import selectors as reception_selectors
from neuguong.reception.models import DENUNCIATION, Petition

from ..models import Case, CaseDocument, CaseStatus, Explanation, Programme, Recommendation, RecommendationStatus

VIEW = "inspection.view"


def programmes_visible_to(user: Any, *, unit: Unit | None = None, year: int | None = None) -> QuerySet[Programme]:
    """Programmes of the user's subtrees with their progress: cases planned, started and concluded."""
    programmes = scoped(Programme.objects.all(), user, VIEW)
    if unit is not None:
        programmes = programmes.filter(unit__path__startswith=unit.path)
    if year:
        programmes = programmes.filter(year=year)
    return programmes.select_related("unit").annotate(
        case_count=Count("cases"),
        started_count=Count("cases", filter=~Q(cases__status=CaseStatus.PLANNED)),
        concluded_count=Count("cases", filter=Q(cases__status=CaseStatus.CONCLUDED)),
    ).order_by("-year", "unit__path", "pk")


def programme_get(user: Any, programme_id: Any) -> Programme:
    return access(programmes_visible_to(user), user, programme_id, view=VIEW)


def cases_visible_to(user: Any, **filters: Any) -> QuerySet[Case]:
    """Cases conducted in the user's subtrees (or by ``unit`` itself, ``own``), by planned start, with
    what the lists show."""
    return (filtered_cases(user, **filters).select_related("unit", "type", "method", "subject_unit", "subject_person")
            .annotate(open_recommendations=Count("recommendations",
                                                 filter=Q(recommendations__status=RecommendationStatus.OPEN)))
            .order_by("planned_start", "pk"))


def filtered_cases(user: Any, *, unit: Unit | None = None, kind: str = "", type: str = "", status: str = "",
                   subject: str = "", year: int | None = None, q: str = "",
                   programme: Programme | None = None, start_from: dt.date | None = None,
                   start_until: dt.date | None = None, own: bool = False) -> QuerySet[Case]:
    """The cases the filters select in the user's subtrees, nothing joined: what the lists show and
    the statistics count."""
    if unit is not None and not own:
        cases = scoped(Case.objects.all(), user, VIEW, within=unit.path)
    else:
        cases = scoped(Case.objects.all(), user, VIEW)
        if unit is not None:
            cases = cases.filter(unit=unit)
    if programme is not None:
        cases = cases.filter(programme=programme)
    if start_from and start_until:  # a period (the statistics'): one condition
        cases = cases.filter(planned_start__range=(start_from, start_until))
    elif start_from:
        cases = cases.filter(planned_start__gte=start_from)
    elif start_until:
        cases = cases.filter(planned_start__lte=start_until)
    if kind:
        cases = cases.filter(type__kind=kind)
    if type:
        cases = cases.filter(type__code=type)
    if status:
        cases = cases.filter(status=status)
    if subject == "organisation":
        cases = cases.filter(subject_unit__isnull=False)
    elif subject == "member":
        cases = cases.filter(subject_person__isnull=False)
    if year:
        cases = cases.filter(planned_start__year=year)
    if q := (q or "").strip():
        key = search_key(q)
        cases = cases.filter(Q(subject_person__search_name__contains=key) | Q(subject_unit__search_name__contains=key))
    return cases


def case_get(user: Any, case_id: Any) -> Case:
    recommendations = Recommendation.objects.order_by("due_on", "pk")
    queryset = Case.objects.select_related("unit", "programme", "type", "method", "subject_unit", "subject_person") \
        .prefetch_related(Prefetch("recommendations", recommendations),
                          Prefetch("documents", CaseDocument.objects.select_related("uploaded_by")),
                          Prefetch("explanations", Explanation.objects.order_by("given_on", "pk")))
    return access(queryset, user, case_id, view=VIEW)


def document_get(user: Any, document_id: Any) -> CaseDocument:
    """A document of a case the user sees (else the same 404 as a missing one)."""
    return access(CaseDocument.objects.select_related("case__unit"), user, document_id, view=VIEW)


def explanation_get(user: Any, explanation_id: Any) -> Explanation:
    return access(Explanation.objects.select_related("case__unit"), user, explanation_id, view=VIEW)


def recommendation_get(user: Any, recommendation_id: Any) -> Recommendation:
    return access(Recommendation.objects.select_related("case__unit"), user, recommendation_id, view=VIEW)


def cases_due(user: Any, *, until: dt.date, limit: int) -> list[Case]:
    """Cases of the user's subtrees due by ``until``: planned ones to start, cases in progress to conclude."""
    due = Q(status=CaseStatus.PLANNED, planned_start__lte=until) | Q(status=CaseStatus.IN_PROGRESS, ends_on__lte=until)
    return list(scoped(Case.objects.filter(due), user, "inspection.manage")
                .select_related("unit", "subject_unit", "subject_person").order_by("planned_start", "pk")[:limit])


def recommendations_due(user: Any, *, until: dt.date, limit: int) -> list[Recommendation]:
    return list(scoped(Recommendation.objects.filter(status=RecommendationStatus.OPEN, due_on__lte=until), user,
                       "inspection.manage").select_related("case").order_by("due_on", "pk")[:limit])


def denunciations_without_case(user: Any) -> list[Petition]:
    """The open denunciation petitions the user reads in the reception module that have opened no case
    yet, as the reception lists them (never the denouncer)."""
    taken = set(Case.objects.filter(petition__isnull=False).values_list("petition_id", flat=True))
    petitions = reception_selectors.petitions_for(user, kind=DENUNCIATION, flag="open")
    return [petition for petition in petitions[:500] if petition.pk not in taken]


def case_petition(user: Any, case: Case) -> tuple[Petition | None, Any]:
    """The petition that opened the case, as the reception shows it to the user: None when the user
    does not read it there; the denouncer's identity only to whom the reception gives it."""
    if case.petition_id is None:
        return None, None
    try:
        petition = reception_selectors.petition_get(user, case.petition_id)
    except NotFound:
        return None, None
    return petition, reception_selectors.petition_identity(user, petition)
