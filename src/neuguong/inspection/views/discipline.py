"""Pages of party discipline: the register with its filters and download, a violation's file with
its decision and appeals and the steps the user can take now, the forms of each step, and a member's
own decisions."""

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
from neuguong.core.errors import ServiceError
from neuguong.core.lifecycle import allowed_transitions
from neuguong.orgs import selectors as org_selectors
from neuguong.orgs.models import PARTY_KINDS, Unit, UnitStatus
from neuguong.web.lists import ListPage
from neuguong.web.pages import form_page
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit

from .. import exports, forms, rules, selectors, services
from ..lists import DISCIPLINE
from ..models import DecisionStatus

MANAGE = "inspection.manage"


def violation_url(pk: int) -> str:
    return reverse("inspection:violation_detail", args=[pk])


@require_permission("inspection.view")
def discipline(request: HttpRequest) -> HttpResponseBase:
    """The violations and decisions of the user's subtrees, filtered, with their download."""
    form, rows = DISCIPLINE.build(request.user, request.GET, current_unit(request))
    listing = ListPage(request, rows, name="inspection_discipline", form=form, sorts=DISCIPLINE.sorts,
                       export=exports.DISCIPLINE, source=DISCIPLINE,
                       empty=_("No discipline record matches these filters."))
    return listing.response("inspection/discipline.html", "inspection/_discipline_table.html",
                            {"can_manage": has_permission(request.user, MANAGE)})


@require_permission(MANAGE)
def violation_create(request: HttpRequest) -> HttpResponse:
    user, working = request.user, current_unit(request)
    bodies = scoped(Unit.objects.filter(status=UnitStatus.ACTIVE), user, MANAGE)
    form = forms.ViolationForm(request.POST or None, units=bodies, near=working, people=org_selectors.people_for(user),
                               party_units=org_selectors.units_for(user).filter(kind__in=PARTY_KINDS),
                               initial={"unit": working.pk if working else None})

    def save() -> tuple[str, str]:
        violation = services.violation_record(acting_user=user, **form.service_kwargs())
        return _("The violation was recorded."), violation_url(violation.pk)

    context = {"title": _("Record a violation"), "back_url": reverse("inspection:discipline"),
               "submit_label": _("Record")}
    return form_page(request, form, "web/form_page.html", context, save=save,
                     aliases={"unit_id": "unit", "subject_unit_id": "subject_unit",
                              "subject_person_id": "subject_person"})


def _steps(appeal: Any, user: Any) -> list[dict[str, Any]]:
    return [{"name": step.name, "label": step.label, "url": reverse(f"inspection:appeal_{step.name}", args=[appeal.pk])}
            for step in allowed_transitions(appeal, user)]


@require_permission("inspection.view")
def violation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A violation's file: the violation, its decision and the appeals; reading it is audited."""
    user = request.user
    violation = services.violation_open(violation_id=pk, acting_user=user)
    decision = selectors.decision_of(violation)
    can_manage = has_permission(user, MANAGE, violation.unit.path)
    appeals = ([{"appeal": appeal, "steps": _steps(appeal, user)} for appeal in decision.appeals.all()]
               if decision else [])
    shown = ([decision.form] if decision is not None
             else rules.forms_for(_standing(violation)[0], held_post=True)) if not violation.exemption else []
    limits = [{"form": form, "last_day": rules.limitation_last_day(violation.occurred_on, form.limitation_years)}
              for form in shown if form.limitation_years]
    return render(request, "inspection/violation_detail.html", {
        "violation": violation, "decision": decision, "appeals": appeals, "limits": limits,
        "exemption": rules.exemption_label(violation.exemption) if violation.exemption else "",
        "can_decide": can_manage and decision is None,
        "can_appeal": can_manage and decision is not None
        and decision.status in (DecisionStatus.IN_FORCE, DecisionStatus.CHANGED),
        "appeal_deadline": rules.appeal_last_day(decision.notified_on) if decision else None,
        "profile_url": _profile_url(user, violation),
    })


def _profile_url(user: Any, violation: Any) -> str:
    """The member's cadre profile (the people register's page) when the user reads it there."""
    person = violation.subject_person
    if person is None or not has_permission(user, "people.view", person.unit.path):
        return ""
    return reverse("orgs:person_detail", args=[person.pk])


def _standing(violation: Any) -> tuple[str, bool]:
    """The subject's kind and post today, for the forms offered (the service checks on the decision date)."""
    try:
        return services.subject_standing(violation, timezone.localdate())
    except ServiceError:
        return "full_member", True


def _managed_violation(request: HttpRequest, pk: int) -> Any:
    violation = selectors.violation_get(request.user, pk)
    ensure_permission_on(request.user, MANAGE, violation)
    return violation


@require_permission(MANAGE)
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    violation = _managed_violation(request, pk)
    if selectors.decision_of(violation) is not None:
        messages.info(request, _("This violation already has its decision: a violation is disciplined once, "
                                 "with one form."))
        return redirect(violation_url(pk))
    kind, held_post = _standing(violation)
    form = forms.DecisionForm(request.POST or None, forms_=rules.forms_for(kind, held_post=held_post))

    def save() -> tuple[str, str]:
        services.decision_make(violation_id=pk, acting_user=request.user, **form.cleaned_data)
        return _("The discipline decision was recorded."), violation_url(pk)

    context = {"title": _("Discipline decision"), "subject": violation.subject_name, "back_url": violation_url(pk),
               "submit_label": _("Record the decision")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission(MANAGE)
def appeal_create(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get(request.user, pk)
    ensure_permission_on(request.user, MANAGE, decision)
    form = forms.AppealForm(request.POST or None)
    form.fields["filed_on"].help_text = _(
        "By %(day)s at the latest: %(months)d month(s) after the decision was received on %(received)s.") % {
        "day": f"{rules.appeal_last_day(decision.notified_on):%d/%m/%Y}", "months": rules.appeal_months(),
        "received": f"{decision.notified_on:%d/%m/%Y}"}

    def save() -> tuple[str, str]:
        services.appeal_file(decision_id=pk, acting_user=request.user, **form.cleaned_data)
        return _("The appeal was recorded; the decision is under appeal."), violation_url(decision.violation_id)

    context = {"title": _("Record an appeal"), "subject": decision, "back_url": violation_url(decision.violation_id),
               "submit_label": _("Record the appeal")}
    return form_page(request, form, "web/form_page.html", context, save=save)


APPEAL_STEPS: dict[str, dict[str, Any]] = {
    "uphold": {"title": gettext_lazy("Uphold the decision"), "done": gettext_lazy("The decision was upheld.")},
    "change": {"title": gettext_lazy("Change the form of discipline"),
               "done": gettext_lazy("The form of discipline was changed.")},
    "annul": {"title": gettext_lazy("Annul the decision"), "done": gettext_lazy("The decision was annulled."),
              "danger": True},
}
APPEAL_SERVICES: dict[str, Callable[..., Any]] = {
    "uphold": services.appeal_uphold, "change": services.appeal_change, "annul": services.appeal_annul,
}


@require_permission(MANAGE)
def appeal_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One outcome of an appeal: the form it needs, then the step through its lifecycle."""
    appeal = selectors.appeal_get(request.user, pk)
    ensure_permission_on(request.user, MANAGE, appeal)
    back = violation_url(appeal.decision.violation_id)
    refusal = services.APPEAL.refusal(appeal, services.APPEAL[step], request.user, {})
    if request.method != "POST" and refusal:
        messages.info(request, refusal)
        return redirect(back)
    data = request.POST if request.method == "POST" else None
    decision = appeal.decision
    form = (forms.ChangeForm(data, forms_=rules.forms_for(decision.subject_kind, held_post=decision.held_post)
                             .exclude(pk=decision.current_form.pk))
            if step == "change" else forms.ResolutionForm(data))
    page = APPEAL_STEPS[step]

    def save() -> tuple[str, str]:
        APPEAL_SERVICES[step](appeal_id=pk, acting_user=request.user, **form.cleaned_data)
        return str(page["done"]), back

    context = {"title": page["title"], "subject": decision, "back_url": back,
               "submit_label": services.APPEAL[step].label, "danger": page.get("danger", False)}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("self.view")
def mine(request: HttpRequest) -> HttpResponse:
    """The decisions about the member themselves."""
    return render(request, "inspection/mine.html", {"decisions": list(selectors.own_decisions(request.user))})


@require_permission("self.view")
def mine_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = services.own_decision_open(decision_id=pk, acting_user=request.user)
    return render(request, "inspection/mine_detail.html", {
        "decision": decision, "appeal_deadline": rules.appeal_last_day(decision.notified_on)})
