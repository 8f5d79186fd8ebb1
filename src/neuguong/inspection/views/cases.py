"""Pages of inspection and supervision cases: the list with its filters and download, a case's file
with its steps and recommendations (reading it is audited), and the forms of each step."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.accounts.scoping import ensure_permission_on, has_permission, scoped
from neuguong.core import exports as core_exports
from neuguong.core.lifecycle import allowed_transitions
from neuguong.orgs import selectors as org_selectors
from neuguong.orgs.models import PARTY_KINDS, Unit, UnitStatus
from neuguong.web.lists import ListPage
from neuguong.web.pages import form_page
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit
from neuguong.web.widgets import quicken

from .. import exports, forms, selectors, services
from ..lists import CASES, PROGRAMMES
from ..models import CaseStatus

MANAGE = "inspection.manage"


def case_url(pk: int) -> str:
    return reverse("inspection:case_detail", args=[pk])


@require_permission("inspection.view")
def cases(request: HttpRequest) -> HttpResponseBase:
    form, rows = CASES.build(request.user, request.GET, current_unit(request))
    listing = ListPage(request, rows, name="inspection_case", form=form, sorts=CASES.sorts, export=exports.CASES,
                       source=CASES, empty=_("No case matches these filters."))
    return listing.response("inspection/cases.html", "inspection/_case_table.html",
                            {"can_manage": has_permission(request.user, MANAGE),
                             "can_open_from_petition": has_permission(request.user, MANAGE)
                             and has_permission(request.user, "reception.view")})


@require_permission(MANAGE)
def case_create(request: HttpRequest) -> HttpResponse:
    user, working = request.user, current_unit(request)
    bodies = scoped(Unit.objects.filter(status=UnitStatus.ACTIVE), user, MANAGE)
    programme = request.GET.get("programme")
    form = forms.CaseForm(request.POST or None, units=bodies, near=working, people=org_selectors.people_for(user),
                          party_units=org_selectors.units_for(user).filter(kind__in=PARTY_KINDS),
                          programmes=selectors.programmes_visible_to(user),
                          initial={"unit": working.pk if working else None,
                                   "programme": programme if programme and programme.isdigit() else None})

    def save() -> tuple[str, str]:
        case = services.case_plan(acting_user=user, **form.service_kwargs())
        return _("The case was planned."), case_url(case.pk)

    context = {"title": _("Plan an inspection or supervision"), "back_url": reverse("inspection:cases"),
               "submit_label": _("Plan")}
    return form_page(request, form, "web/form_page.html", context, save=save,
                     aliases={"unit_id": "unit", "subject_unit_id": "subject_unit",
                              "subject_person_id": "subject_person", "programme_id": "programme"})


@require_permission(MANAGE)
def case_from_petition(request: HttpRequest) -> HttpResponse:
    """A case of settling denunciations opened from an open denunciation petition of the reception."""
    user, working = request.user, current_unit(request)
    bodies = scoped(Unit.objects.filter(status=UnitStatus.ACTIVE), user, MANAGE)
    chosen = request.GET.get("petition")
    form = forms.PetitionCaseForm(request.POST or None, units=bodies, near=working,
                                  people=org_selectors.people_for(user),
                                  party_units=org_selectors.units_for(user).filter(kind__in=PARTY_KINDS),
                                  programmes=selectors.programmes_visible_to(user),
                                  petitions=selectors.denunciations_without_case(user),
                                  initial={"unit": working.pk if working else None,
                                           "petition": chosen if chosen and chosen.isdigit() else None})

    def save() -> tuple[str, str]:
        case = services.case_from_petition(acting_user=user, **form.service_kwargs())
        return _("The case was opened from the petition."), case_url(case.pk)

    context = {"title": _("Open a case from a denunciation"), "back_url": reverse("inspection:cases"),
               "submit_label": _("Open the case")}
    return form_page(request, form, "web/form_page.html", context, save=save,
                     aliases={"unit_id": "unit", "subject_unit_id": "subject_unit", "petition_id": "petition",
                              "subject_person_id": "subject_person", "programme_id": "programme"})


@require_permission("inspection.view")
def programmes(request: HttpRequest) -> HttpResponseBase:
    form, rows = PROGRAMMES.build(request.user, request.GET, current_unit(request))
    listing = ListPage(request, rows, name="inspection_programme", form=form, sorts=PROGRAMMES.sorts,
                       export=exports.PROGRAMMES, source=PROGRAMMES, empty=_("No programme matches these filters."))
    return listing.response("inspection/programmes.html", "inspection/_programme_table.html",
                            {"can_manage": has_permission(request.user, MANAGE)})


@require_permission(MANAGE)
def programme_create(request: HttpRequest) -> HttpResponse:
    user, working = request.user, current_unit(request)
    bodies = scoped(Unit.objects.filter(status=UnitStatus.ACTIVE), user, MANAGE)
    form = forms.ProgrammeForm(request.POST or None, units=bodies, near=working,
                               initial={"unit": working.pk if working else None, "year": timezone.localdate().year})

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        programme = services.programme_create(unit_id=data["unit"].pk, year=data["year"], title=data["title"],
                                              acting_user=user)
        return _("The programme was created."), reverse("inspection:programme_detail", args=[programme.pk])

    context = {"title": _("New inspection and supervision programme"), "back_url": reverse("inspection:programmes"),
               "submit_label": _("Create")}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases={"unit_id": "unit"})


@require_permission("inspection.view")
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A programme, its progress against the plan and its cases."""
    programme: Any = selectors.programme_get(request.user, pk)  # annotated with its counts
    cases = list(selectors.cases_visible_to(request.user, programme=programme))
    percent = round(100 * programme.concluded_count / programme.case_count) if programme.case_count else 0
    return render(request, "inspection/programme_detail.html", {
        "programme": programme, "cases": cases, "percent": percent,
        "can_plan": has_permission(request.user, MANAGE, programme.unit.path)})


@require_permission("inspection.view")
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A case's file: its plan, decision, findings and recommendations, with the steps the user can take now."""
    user = request.user
    case = services.case_open(case_id=pk, acting_user=user)
    can_manage = has_permission(user, MANAGE, case.unit.path)
    steps = [{"name": step.name, "label": step.label, "url": reverse(f"inspection:case_{step.name}", args=[pk])}
             for step in allowed_transitions(case, user)]
    recommendations = [{"item": item, "steps": [
        {"name": step.name, "label": step.label, "url": reverse("inspection:recommendation_complete", args=[item.pk])}
        for step in allowed_transitions(item, user)]} for item in case.recommendations.all()]
    petition, identity = selectors.case_petition(user, case)
    return render(request, "inspection/case_detail.html", {
        "case": case, "steps": steps, "recommendations": recommendations,
        "petition": petition, "identity": identity,
        "can_recommend": can_manage and case.status == CaseStatus.CONCLUDED,
        "can_add_document": can_manage and case.status != CaseStatus.PLANNED,
        "can_explain": can_manage and case.status == CaseStatus.IN_PROGRESS})


CASE_STEPS: dict[str, dict[str, Any]] = {
    "start": {"form": forms.StartForm, "title": gettext_lazy("Decision to inspect or supervise"),
              "done": gettext_lazy("The case is in progress.")},
    "conclude": {"form": forms.ConcludeForm, "title": gettext_lazy("Findings and conclusion"),
                 "done": gettext_lazy("The case was concluded.")},
}
CASE_SERVICES: dict[str, Callable[..., Any]] = {"start": services.case_start, "conclude": services.case_conclude}


@require_permission(MANAGE)
def case_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    ensure_permission_on(request.user, MANAGE, case)
    refusal = services.CASE.refusal(case, services.CASE[step], request.user, {})
    if request.method != "POST" and refusal:
        messages.info(request, refusal)
        return redirect(case_url(pk))
    page = CASE_STEPS[step]
    # The decision to inspect confirms the team planned with the case.
    initial = {"team": case.team} if step == "start" else None
    form = page["form"](request.POST if request.method == "POST" else None, initial=initial)

    def save() -> tuple[str, str]:
        CASE_SERVICES[step](case_id=pk, acting_user=request.user, **form.cleaned_data)
        return str(page["done"]), case_url(pk)

    context = {"title": page["title"], "subject": case.subject_name, "back_url": case_url(pk),
               "submit_label": services.CASE[step].label}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission(MANAGE)
def recommendation_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    ensure_permission_on(request.user, MANAGE, case)
    form = forms.RecommendationForm(request.POST or None)

    def save() -> tuple[str, str]:
        services.recommendation_add(case_id=pk, acting_user=request.user, **form.cleaned_data)
        return _("The recommendation was added."), case_url(pk)

    context = {"title": _("Add a recommendation"), "subject": case.subject_name, "back_url": case_url(pk),
               "submit_label": _("Add")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission(MANAGE)
def recommendation_complete(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.recommendation_get(request.user, pk)
    ensure_permission_on(request.user, MANAGE, item)
    back = case_url(item.case_id)
    refusal = services.RECOMMENDATION.refusal(item, services.RECOMMENDATION["complete"], request.user, {})
    if request.method != "POST" and refusal:
        messages.info(request, refusal)
        return redirect(back)
    form = forms.FollowUpForm(request.POST if request.method == "POST" else None)

    def save() -> tuple[str, str]:
        services.recommendation_complete(recommendation_id=pk, acting_user=request.user, **form.cleaned_data)
        return _("The recommendation was marked as done."), back

    context = {"title": _("Follow-up of the recommendation"), "subject": item, "back_url": back,
               "submit_label": services.RECOMMENDATION["complete"].label}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("inspection.view")
def statistics(request: HttpRequest) -> HttpResponseBase:
    """Inspection, supervision and discipline in lượt for a period over a subtree, and per child unit;
    every figure opens the list behind it; each table downloads."""
    user = request.user
    today = timezone.localdate()
    form = forms.StatisticsForm(request.GET or None, units=org_selectors.units_for(user),
                                initial={"year": today.year, "period": "year"})
    quicken(form)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    period = selectors.period_of(data.get("period") or "year", data.get("year") or today.year,
                                 data.get("number") or 1, data.get("from_date"), data.get("to_date"))
    unit = data.get("unit") or current_unit(request)
    figures = selectors.statistics(user, period=period, unit=unit, by_child=unit is not None)
    asked = request.GET.get("export")
    if asked in STATISTICS_EXPORTS:
        table, rows = STATISTICS_EXPORTS[asked], getattr(figures, asked)
        return core_exports.response(table, rows, "xlsx", name=f"{table.name} {period.label}")
    scope = period.query + (f"&unit={unit.pk}" if unit is not None else "")
    query = request.GET.copy()
    query.pop("export", None)
    return render(request, "inspection/statistics.html", {
        "form": form, "period": period, "unit": unit, "figures": figures, "scope": scope,
        "period_query": period.query, "export_query": query.urlencode(),
        # Reversed once: the tables link every figure to its list.
        "cases_url": reverse("inspection:cases"), "discipline_url": reverse("inspection:discipline"),
        "totals": {kind: figures.total(kind) for kind in ("inspection", "supervision")}})


STATISTICS_EXPORTS = {"cases": exports.CASE_STATISTICS, "forms": exports.FORM_STATISTICS,
                      "units": exports.UNIT_STATISTICS}
