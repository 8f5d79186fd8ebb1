"""Staff pages of emulation and commendation: the rounds with their filters and download, a round's
nominations, a nomination's file (evidence, the council's vote, the competent body's decision) with
the steps the user can take now, the members due for a party membership badge, and the counts of
honoured collectives and individuals by year and unit."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neuguong.accounts.scoping import ensure_permission_on, has_permission, scoped
from neuguong.core import exports as core_exports
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.lifecycle import allowed_transitions
from neuguong.orgs import selectors as org_selectors
from neuguong.orgs.models import Unit, UnitStatus
from neuguong.study.views.themes import file_download
from neuguong.web.lists import ListPage
from neuguong.web.pages import form_page
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit

from .. import exports, forms, rules, selectors, services
from ..lists import ROUNDS
from ..models import NominationStatus, RoundStatus

VIEW, MANAGE, APPROVE = "honours.view", "honours.manage", "honours.approve"


def round_url(pk: int) -> str:
    return reverse("honours:round_detail", args=[pk])


def nomination_url(pk: int) -> str:
    return reverse("honours:nomination_detail", args=[pk])


@require_permission(VIEW)
def rounds(request: HttpRequest) -> HttpResponseBase:
    form, rows = ROUNDS.build(request.user, request.GET, current_unit(request))
    listing = ListPage(request, rows, name="honours_round", form=form, sorts=ROUNDS.sorts, export=exports.ROUNDS,
                       source=ROUNDS, empty=_("No round matches these filters."))
    return listing.response("honours/rounds.html", "honours/_round_table.html",
                            {"can_manage": has_permission(request.user, MANAGE)})


@require_permission(MANAGE)
def round_create(request: HttpRequest) -> HttpResponse:
    user, working = request.user, current_unit(request)
    units = scoped(Unit.objects.filter(status=UnitStatus.ACTIVE), user, MANAGE)
    today = timezone.localdate()
    form = forms.RoundForm(request.POST or None, units=units, near=working,
                           initial={"unit": working.pk if working else None, "year": today.year,
                                    "closes_on": rules.next_award_day(today)})

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        round_ = services.round_open(unit_id=data["unit"].pk, kind=data["kind"], year=data["year"],
                                     title=data["title"], closes_on=data["closes_on"], acting_user=user)
        return _("The round was opened."), round_url(round_.pk)

    context = {"title": _("Open a nomination round"), "back_url": reverse("honours:rounds"),
               "submit_label": _("Open the round")}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases={"unit_id": "unit"})


@require_permission(VIEW)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(request.user, pk)
    nominations = list(selectors.nominations_of(request.user, round_))
    can_manage = has_permission(request.user, MANAGE, round_.unit.path)
    return render(request, "honours/round_detail.html", {
        "round": round_, "nominations": nominations, "kind": rules.label_of(rules.round_kinds(), round_.kind),
        "awards": rules.awards(), "fields": rules.fields(),
        "can_nominate": can_manage and round_.status == RoundStatus.OPEN,
        "is_badge_round": round_.kind == rules.PARTY_BADGE,
        "can_close": can_manage and round_.status == RoundStatus.OPEN})


@require_POST
@require_permission(MANAGE)
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.round_close(round_id=pk, acting_user=request.user)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The round was closed."))
    return redirect(round_url(pk))


@require_permission(MANAGE)
def nomination_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    round_ = selectors.round_get(user, pk)
    ensure_permission_on(user, MANAGE, round_)
    # The round's subtree is offered; the service refuses, with its reason, a nominee outside it.
    form = forms.NominationForm(request.POST or None, request.FILES or None,
                                units=org_selectors.units_for(user), near=round_.unit,
                                people=org_selectors.people_for(user))

    def save() -> tuple[str, str]:
        nomination = services.nomination_propose(round_id=pk, acting_user=user, **form.service_kwargs())
        return _("The nomination was proposed."), nomination_url(nomination.pk)

    context = {"title": _("Propose a nomination"), "subject": round_.title, "back_url": round_url(pk),
               "submit_label": _("Propose"), "multipart": True}
    return form_page(request, form, "web/form_page.html", context, save=save,
                     aliases={"subject_unit_id": "subject_unit", "subject_person_id": "subject_person",
                              "subject": "subject_person"})


@require_permission(VIEW)
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    nomination = selectors.nomination_get(user, pk)
    steps = [{"name": step.name, "label": step.label, "url": reverse(f"honours:nomination_{step.name}", args=[pk])}
             for step in allowed_transitions(nomination, user) if step.name in ("approve", "refuse")]
    can_manage = has_permission(user, MANAGE, nomination.round.unit.path)
    proposed = nomination.status == NominationStatus.PROPOSED
    decision = getattr(nomination, "decision", None)
    return render(request, "honours/nomination_detail.html", {
        "nomination": nomination, "round": nomination.round, "steps": steps,
        "award_label": rules.label_of(rules.awards(), nomination.award),
        "field_label": rules.label_of(rules.fields(), nomination.field) if nomination.field else "",
        "evidence": list(nomination.evidence.all()), "decision": decision,
        "can_draft_article": (decision is not None and decision.article_id is None
                              and not decision.award.startswith("party.badge_")
                              and has_permission(user, services.PORTAL_PUBLISH, nomination.round.unit.path)),
        "can_vote": can_manage and proposed, "can_add_evidence": can_manage and proposed})


@require_POST
@require_permission(VIEW)
def award_article(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft the portal article of an approved honour, then edit it in the portal (403 without the
    portal's publishing permission on the round's unit, as the service decides)."""
    award = selectors.award_get(request.user, pk)
    try:
        article = services.award_article_create(award_id=award.pk, acting_user=request.user)
    except PermissionDeniedError:
        raise
    except ServiceError as error:
        messages.error(request, str(error))
        return redirect(nomination_url(award.nomination_id))
    messages.success(request, _("The article was drafted from the honour: edit it, then submit or publish it."))
    return redirect(reverse("portal:article_detail", args=[article.pk]))


@require_permission(MANAGE)
def evidence_create(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_get(request.user, pk)
    ensure_permission_on(request.user, MANAGE, nomination)
    form = forms.EvidenceForm(request.POST or None, request.FILES or None)

    def save() -> tuple[str, str]:
        services.evidence_add(nomination_id=pk, acting_user=request.user, **form.cleaned_data)
        return _("The evidence was added."), nomination_url(pk)

    context = {"title": _("Add evidence"), "subject": nomination.subject_name, "back_url": nomination_url(pk),
               "submit_label": _("Add"), "multipart": True}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission(VIEW)
def evidence_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    evidence = services.evidence_open(evidence_id=pk, acting_user=request.user)
    return file_download(evidence, evidence.original_name, evidence.content_type)


def _step_page(request: HttpRequest, pk: int, *, permission: str, form: Any, title: str, label: str,
               save_call: Any, done: str) -> HttpResponse:
    nomination = selectors.nomination_get(request.user, pk)
    ensure_permission_on(request.user, permission, nomination)

    def save() -> tuple[str, str]:
        save_call(nomination_id=pk, acting_user=request.user, **form.cleaned_data)
        return done, nomination_url(pk)

    context = {"title": title, "subject": nomination.subject_name, "back_url": nomination_url(pk),
               "submit_label": label}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission(MANAGE)
def nomination_vote(request: HttpRequest, pk: int) -> HttpResponse:
    form = forms.VoteForm(request.POST or None, initial={"voted_on": timezone.localdate()})
    return _step_page(request, pk, permission=MANAGE, form=form, title=_("The council's vote"),
                      label=_("Record the vote"), save_call=services.nomination_vote,
                      done=_("The council's vote was recorded."))


@require_permission(APPROVE)
def nomination_approve(request: HttpRequest, pk: int) -> HttpResponse:
    form = forms.ApproveForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    return _step_page(request, pk, permission=APPROVE, form=form, title=_("Decision of the competent body"),
                      label=_("Approve"), save_call=services.nomination_approve, done=_("The award was approved."))


@require_permission(APPROVE)
def nomination_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    form = forms.RefuseForm(request.POST or None)
    return _step_page(request, pk, permission=APPROVE, form=form, title=_("Refuse the nomination"),
                      label=_("Refuse"), save_call=services.nomination_refuse, done=_("The nomination was refused."))


@require_permission(MANAGE)
def badges(request: HttpRequest, pk: int) -> HttpResponse:
    """The members of the round's subtree due for a party membership badge by its award day."""
    user = request.user
    round_ = selectors.round_get(user, pk)
    ensure_permission_on(user, MANAGE, round_)
    due = selectors.badges_due(user, unit=round_.unit, award_day=round_.closes_on)
    form = forms.BadgeForm(request.POST or None, due=due)

    def save() -> tuple[str, str]:
        created = services.badges_nominate(round_id=pk, person_ids=form.cleaned_data["person_ids"],
                                           acting_user=user)
        return _("%(n)s members were nominated.") % {"n": len(created)}, round_url(pk)

    context = {"title": _("Members due for a party membership badge"), "round": round_, "due": due,
               "back_url": round_url(pk), "submit_label": _("Nominate the members chosen"),
               "can_nominate": round_.kind == rules.PARTY_BADGE and round_.status == RoundStatus.OPEN}
    return form_page(request, form, "honours/badges.html", context, save=save)


@require_permission(VIEW)
def counts(request: HttpRequest) -> HttpResponseBase:
    """Honoured collectives and individuals by year and unit of the subtree; each row drills down."""
    user = request.user
    today = timezone.localdate()
    form = forms.CountsForm(request.GET or None, units=org_selectors.units_for(user))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    unit = data.get("unit") or current_unit(request) or org_selectors.top_units_for(user, VIEW).first()
    year_from, year_to = data.get("year_from") or today.year - 4, data.get("year_to") or today.year
    rows = selectors.counts(user, unit=unit, year_from=year_from, year_to=year_to) if unit is not None else []
    if request.GET.get("export") == "xlsx":
        return core_exports.response(exports.COUNTS, rows, "xlsx",
                                     name=f"{exports.COUNTS.name} {year_from}-{year_to}")
    query = request.GET.copy()
    query["export"] = "xlsx"
    return render(request, "honours/counts.html", {
        "form": form, "unit": unit, "rows": rows, "year_from": year_from, "year_to": year_to,
        "export_query": query.urlencode(),
        "totals": {"collectives": sum(row["collectives"] for row in rows),
                   "individuals": sum(row["individuals"] for row in rows)}})
