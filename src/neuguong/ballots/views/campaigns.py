"""Campaign pages: list, creation, the campaign's page, its lifecycle and preparation."""

from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neuguong.accounts.models import User
from neuguong.accounts.permissions import Role
from neuguong.accounts.scoping import has_permission, scoped
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.orgs import selectors as org_selectors
from neuguong.orgs.models import Unit
from neuguong.web.lists import ListPage
from neuguong.web.pages import form_page
from neuguong.web.permissions import require_permission

from .. import exports, rules, selectors, services
from ..forms import (
    BoxForm,
    CampaignEditForm,
    CampaignFilterForm,
    CampaignForm,
    CancelForm,
    CandidateForm,
    ElectorateForm,
    QuestionForm,
    TellerForm,
)
from ..models import BoxMode, CampaignStatus
from .common import detail_url, done, refused, staff_page

STEPS = {"open": services.campaign_open, "close": services.campaign_close, "count": services.campaign_count,
         "publish": services.campaign_publish}


@staff_page
def campaign_list(request: HttpRequest) -> HttpResponseBase:
    """The campaigns the user may see or counts as a teller, with their downloads."""
    form = CampaignFilterForm(request.GET)
    listing = ListPage(request, selectors.campaigns_visible_to(request.user, **form.selector_args()), name="campaign",
                       form=form, export=exports.CAMPAIGNS, empty=_("No campaign matches these filters."))
    context = {"can_create": has_permission(request.user, "ballots.manage")}
    return listing.response("ballots/campaign_list.html", "ballots/_campaign_table.html", context)


@require_permission("ballots.manage")
def campaign_create(request: HttpRequest) -> HttpResponse:
    units = scoped(Unit.objects.filter(status="active"), request.user, "ballots.manage")
    form = CampaignForm(request.POST or None, units=units, initial={"online": True, "paper": True})

    def save() -> tuple[str, str]:
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        campaign = services.campaign_create(unit_id=unit.pk, acting_user=request.user, **data)
        return _("The campaign was created as a draft."), detail_url(campaign.pk)

    return form_page(request, form, "web/form_page.html", {"title": _("New ballot campaign"),
                     "submit_label": _("Create"), "back_url": reverse("ballots:list")}, save=save,
                     aliases={"unit_id": "unit"})


@staff_page
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    manage = selectors.can_manage(request.user, campaign)
    context = {
        "campaign": campaign, "can_manage": manage, "is_teller": selectors.is_teller(request.user, campaign),
        "can_view": has_permission(request.user, "ballots.view", campaign.unit.path),
        "candidates": list(selectors.candidates_of(campaign)),
        "questions": [(q, [rules.label(o) for o in q.options]) for q in selectors.questions_of(campaign)],
        "tellers": list(selectors.tellers_of(campaign)),
        "codes": selectors.code_counts(campaign) if campaign.online else None,
        "reconciliation": selectors.reconciliation_of(campaign),
        "box_form": BoxForm(initial={"mode": BoxMode.TALLY}),
    }
    if manage and campaign.status in (CampaignStatus.DRAFT, CampaignStatus.OPEN, CampaignStatus.CLOSED):
        context["electorate_form"] = ElectorateForm(initial={"summoned": campaign.summoned,
                                                             "present": campaign.present})
    return render(request, "ballots/campaign_detail.html", context)


@require_permission("ballots.manage")
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    initial = {name: getattr(campaign, name) for name in CampaignEditForm.base_fields}
    form = CampaignEditForm(request.POST or None, initial=initial)

    def save() -> tuple[str, str]:
        services.campaign_update(campaign_id=campaign.pk, acting_user=request.user, **form.cleaned_data)
        return _("The campaign was saved."), detail_url(campaign.pk)

    return form_page(request, form, "web/form_page.html", {"title": _("Edit the campaign"), "subject": campaign,
                     "submit_label": _("Save"), "back_url": detail_url(campaign.pk)}, save=save)


@require_permission("ballots.manage")
@require_POST
def campaign_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    if step not in STEPS:
        raise Http404
    outcomes = {"open": _("The campaign is open: ballots can be cast."), "close": _("The campaign is closed."),
                "count": _("The ballots were counted."), "publish": _("The results were published.")}
    try:
        STEPS[step](campaign_id=campaign.pk, acting_user=request.user)
    except ServiceError as error:
        return refused(request, error, campaign.pk)
    return done(request, outcomes[step], campaign.pk)


@require_permission("ballots.manage")
def count_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """What counting will do, with the figures it will combine, before the count button."""
    campaign = selectors.campaign_get(request.user, pk)
    if not selectors.can_manage(request.user, campaign):
        raise PermissionDeniedError(_("You may not count this campaign."))
    rec = selectors.reconciliation_of(campaign)
    return render(request, "ballots/count_confirm.html", {
        "campaign": campaign, "rec": rec, "counted_boxes": sum(1 for line in rec.boxes if line.state == "counted")})


@require_permission("ballots.manage")
def campaign_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    form = CancelForm(request.POST or None)

    def save() -> tuple[str, str]:
        services.campaign_cancel(campaign_id=campaign.pk, reason=form.cleaned_data["reason"], acting_user=request.user)
        return _("The campaign was cancelled."), detail_url(campaign.pk)

    return form_page(request, form, "web/form_page.html", {"title": _("Cancel the campaign"), "subject": campaign,
                     "submit_label": _("Cancel the campaign"), "danger": True, "back_url": detail_url(campaign.pk)},
                     save=save)


@require_permission("ballots.manage")
def electorate(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    form = ElectorateForm(request.POST or None, initial={"summoned": campaign.summoned, "present": campaign.present})

    def save() -> tuple[str, str]:
        services.campaign_set_electorate(campaign_id=campaign.pk, acting_user=request.user, **form.cleaned_data)
        return _("The numbers summoned and present were saved."), detail_url(campaign.pk)

    return form_page(request, form, "web/form_page.html", {"title": _("Summoned and present"), "subject": campaign,
                     "submit_label": _("Save"), "back_url": detail_url(campaign.pk)}, save=save)


@require_permission("ballots.manage")
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    people = org_selectors.people_for(request.user, unit=campaign.unit).exclude(
        pk__in=campaign.candidates.values("person_id"))
    form = CandidateForm(request.POST or None, people=people, under=campaign.unit)

    def save() -> tuple[str, str]:
        title = form.cleaned_data["post_title"] or None
        candidate = services.candidate_add(campaign_id=campaign.pk, person_id=form.cleaned_data["person"].pk,
                                           post_title=title, acting_user=request.user)
        return _("%(name)s was put on the ballot.") % {"name": candidate.full_name}, detail_url(campaign.pk)

    return form_page(request, form, "web/form_page.html", {"title": _("Put a person on the ballot"),
                     "subject": campaign, "submit_label": _("Add"), "back_url": detail_url(campaign.pk)},
                     save=save, aliases={"person_id": "person"})


@require_permission("ballots.manage")
@require_POST
def candidate_remove(request: HttpRequest, pk: int, candidate_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    try:
        services.candidate_remove(candidate_id=candidate_id, acting_user=request.user)
    except ServiceError as error:
        return refused(request, error, campaign.pk)
    return done(request, _("The person was taken off the ballot."), campaign.pk)


@require_permission("ballots.manage")
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    form = QuestionForm(request.POST or None)

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        services.question_add(campaign_id=campaign.pk, text=data["text"], kind=data["kind"],
                              options=form.service_options(), required=data["required"], acting_user=request.user)
        return _("The question was added."), detail_url(campaign.pk)

    return form_page(request, form, "web/form_page.html", {"title": _("Add a question"), "subject": campaign,
                     "submit_label": _("Add"), "back_url": detail_url(campaign.pk)}, save=save)


@require_permission("ballots.manage")
@require_POST
def question_remove(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    try:
        services.question_remove(question_id=question_id, acting_user=request.user)
    except ServiceError as error:
        return refused(request, error, campaign.pk)
    return done(request, _("The question was removed."), campaign.pk)


@require_permission("ballots.manage")
def teller_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    users = (User.objects.filter(grants__role=Role.TELLER, grants__revoked_at__isnull=True,
                                 grants__unit__path__in=[p for p in _ancestor_paths(campaign.unit.path)])
             .exclude(pk__in=campaign.tellers.values("user_id")).distinct().order_by("username"))
    form = TellerForm(request.POST or None, users=users)

    def save() -> tuple[str, str]:
        services.teller_assign(campaign_id=campaign.pk, user_id=form.cleaned_data["user"].pk, acting_user=request.user)
        return _("The teller was assigned."), detail_url(campaign.pk)

    return form_page(request, form, "web/form_page.html", {"title": _("Assign a teller"), "subject": campaign,
                     "submit_label": _("Assign"), "back_url": detail_url(campaign.pk)}, save=save,
                     aliases={"user_id": "user"})


def _ancestor_paths(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1)]


@require_permission("ballots.manage")
@require_POST
def teller_remove(request: HttpRequest, pk: int, assignment_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    try:
        services.teller_unassign(assignment_id=assignment_id, acting_user=request.user)
    except ServiceError as error:
        return refused(request, error, campaign.pk)
    return done(request, _("The teller was removed."), campaign.pk)
