"""Staff pages of the ballots: campaigns, codes, paper entry, reconciliation, results, minutes."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from neuguong.accounts.models import User
from neuguong.accounts.permissions import Role
from neuguong.accounts.scoping import has_permission, scoped
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.orgs import selectors as org_selectors
from neuguong.orgs.models import Unit
from neuguong.web.forms import add_service_error
from neuguong.web.pages import form_page, paginate
from neuguong.web.permissions import require_permission

from . import codes as code_format
from . import minutes, rules, selectors, services, slips
from .forms import (
    BoxForm,
    CampaignEditForm,
    CampaignForm,
    CancelForm,
    CandidateForm,
    ElectorateForm,
    IssueForm,
    QuestionForm,
    ResolveForm,
    RevokeForm,
    TellerForm,
)
from .models import BoxMode, Campaign, CampaignStatus
from .services.paper import compare_sheets, typed_line

View = Callable[..., HttpResponse]
STEPS = {"open": services.campaign_open, "close": services.campaign_close, "count": services.campaign_count,
         "publish": services.campaign_publish}


def staff_page(view: View) -> View:
    """Pages for viewers (``ballots.view``) and for tellers (``ballots.count``); 403 for others."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (has_permission(request.user, "ballots.view") or has_permission(request.user, "ballots.count")):
            raise PermissionDenied
        try:
            return view(request, *args, **kwargs)
        except PermissionDeniedError as error:
            raise PermissionDenied(str(error.message)) from error

    return wrapped


def _detail_url(campaign_id: int) -> str:
    return reverse("ballots:detail", args=[campaign_id])


def _done(request: HttpRequest, message: str, campaign_id: int) -> HttpResponse:
    messages.success(request, message)
    return redirect(_detail_url(campaign_id))


def _refused(request: HttpRequest, error: ServiceError, campaign_id: int) -> HttpResponse:
    if isinstance(error, PermissionDeniedError):
        raise error
    messages.error(request, str(error.message))
    return redirect(_detail_url(campaign_id))


# --- Campaigns ---------------------------------------------------------------------------------


@staff_page
def campaign_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    campaigns = selectors.campaigns_visible_to(request.user, status=status if status in CampaignStatus.values else "",
                                               q=request.GET.get("q", ""))
    return render(request, "ballots/campaign_list.html", {
        "page": paginate(request, campaigns), "statuses": CampaignStatus.choices, "status": status,
        "q": request.GET.get("q", ""), "can_create": has_permission(request.user, "ballots.manage"),
    })


@require_permission("ballots.manage")
def campaign_create(request: HttpRequest) -> HttpResponse:
    units = scoped(Unit.objects.filter(status="active"), request.user, "ballots.manage")
    form = CampaignForm(request.POST or None, units=units, initial={"online": True, "paper": True})

    def save() -> tuple[str, str]:
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        campaign = services.campaign_create(unit_id=unit.pk, acting_user=request.user, **data)
        return _("The campaign was created as a draft."), _detail_url(campaign.pk)

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
        return _("The campaign was saved."), _detail_url(campaign.pk)

    return form_page(request, form, "web/form_page.html", {"title": _("Edit the campaign"), "subject": campaign,
                     "submit_label": _("Save"), "back_url": _detail_url(campaign.pk)}, save=save)


@require_permission("ballots.manage")
@require_POST
def campaign_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    done = {"open": _("The campaign is open: ballots can be cast."), "close": _("The campaign is closed."),
            "count": _("The ballots were counted."), "publish": _("The results were published.")}
    try:
        STEPS[step](campaign_id=campaign.pk, acting_user=request.user)
    except ServiceError as error:
        return _refused(request, error, campaign.pk)
    return _done(request, done[step], campaign.pk)


@require_permission("ballots.manage")
def campaign_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    form = CancelForm(request.POST or None)

    def save() -> tuple[str, str]:
        services.campaign_cancel(campaign_id=campaign.pk, reason=form.cleaned_data["reason"], acting_user=request.user)
        return _("The campaign was cancelled."), _detail_url(campaign.pk)

    return form_page(request, form, "web/form_page.html", {"title": _("Cancel the campaign"), "subject": campaign,
                     "submit_label": _("Cancel the campaign"), "danger": True, "back_url": _detail_url(campaign.pk)},
                     save=save)


@require_permission("ballots.manage")
def electorate(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    form = ElectorateForm(request.POST or None, initial={"summoned": campaign.summoned, "present": campaign.present})

    def save() -> tuple[str, str]:
        services.campaign_set_electorate(campaign_id=campaign.pk, acting_user=request.user, **form.cleaned_data)
        return _("The numbers summoned and present were saved."), _detail_url(campaign.pk)

    return form_page(request, form, "web/form_page.html", {"title": _("Summoned and present"), "subject": campaign,
                     "submit_label": _("Save"), "back_url": _detail_url(campaign.pk)}, save=save)


# --- Candidates, questions, tellers ------------------------------------------------------------


@require_permission("ballots.manage")
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    people = org_selectors.people_for(request.user, unit=campaign.unit).exclude(
        pk__in=campaign.candidates.values("person_id"))
    form = CandidateForm(request.POST or None, people=people)

    def save() -> tuple[str, str]:
        title = form.cleaned_data["post_title"] or None
        candidate = services.candidate_add(campaign_id=campaign.pk, person_id=form.cleaned_data["person"].pk,
                                           post_title=title, acting_user=request.user)
        return _("%(name)s was put on the ballot.") % {"name": candidate.full_name}, _detail_url(campaign.pk)

    return form_page(request, form, "web/form_page.html", {"title": _("Put a person on the ballot"),
                     "subject": campaign, "submit_label": _("Add"), "back_url": _detail_url(campaign.pk)},
                     save=save, aliases={"person_id": "person"})


@require_permission("ballots.manage")
@require_POST
def candidate_remove(request: HttpRequest, pk: int, candidate_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    try:
        services.candidate_remove(candidate_id=candidate_id, acting_user=request.user)
    except ServiceError as error:
        return _refused(request, error, campaign.pk)
    return _done(request, _("The person was taken off the ballot."), campaign.pk)


@require_permission("ballots.manage")
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    form = QuestionForm(request.POST or None)

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        services.question_add(campaign_id=campaign.pk, text=data["text"], kind=data["kind"],
                              options=form.service_options(), required=data["required"], acting_user=request.user)
        return _("The question was added."), _detail_url(campaign.pk)

    return form_page(request, form, "web/form_page.html", {"title": _("Add a question"), "subject": campaign,
                     "submit_label": _("Add"), "back_url": _detail_url(campaign.pk)}, save=save)


@require_permission("ballots.manage")
@require_POST
def question_remove(request: HttpRequest, pk: int, question_id: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    try:
        services.question_remove(question_id=question_id, acting_user=request.user)
    except ServiceError as error:
        return _refused(request, error, campaign.pk)
    return _done(request, _("The question was removed."), campaign.pk)


@require_permission("ballots.manage")
def teller_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    users = (User.objects.filter(grants__role=Role.TELLER, grants__revoked_at__isnull=True,
                                 grants__unit__path__in=[p for p in _ancestor_paths(campaign.unit.path)])
             .exclude(pk__in=campaign.tellers.values("user_id")).distinct().order_by("username"))
    form = TellerForm(request.POST or None, users=users)

    def save() -> tuple[str, str]:
        services.teller_assign(campaign_id=campaign.pk, user_id=form.cleaned_data["user"].pk, acting_user=request.user)
        return _("The teller was assigned."), _detail_url(campaign.pk)

    return form_page(request, form, "web/form_page.html", {"title": _("Assign a teller"), "subject": campaign,
                     "submit_label": _("Assign"), "back_url": _detail_url(campaign.pk)}, save=save,
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
        return _refused(request, error, campaign.pk)
    return _done(request, _("The teller was removed."), campaign.pk)


# --- Codes -------------------------------------------------------------------------------------


@require_permission("ballots.manage")
def codes_page(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    batches = selectors.code_batches_of(campaign)
    return render(request, "ballots/codes.html", {
        "campaign": campaign, "batches": batches, "counts": selectors.code_counts(campaign),
        "issue_form": IssueForm(initial={"format": "html"}), "revoke_form": RevokeForm(batches=batches),
    })


@never_cache
@require_permission("ballots.manage")
@require_POST
def codes_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue codes and print them at once: they are shown in this response and never again."""
    campaign = selectors.campaign_get(request.user, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter how many codes to issue (1 to 5000)."))
        return redirect("ballots:codes", pk=campaign.pk)
    try:
        batch, raw = services.code_batch_issue(campaign_id=campaign.pk, size=form.cleaned_data["size"],
                                               label=form.cleaned_data["label"], acting_user=request.user)
    except ServiceError as error:
        messages.error(request, str(error.message))
        return redirect("ballots:codes", pk=campaign.pk)
    vote_url = request.build_absolute_uri(reverse("vote:start"))
    if form.cleaned_data["format"] == "docx":
        response = HttpResponse(slips.slips_docx(title=campaign.title, vote_url=vote_url, raw_codes=raw),
                                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        response["Content-Disposition"] = f'attachment; filename="slips-{campaign.pk}-{batch.number}.docx"'
        return response
    slip_list = [{"code": code_format.grouped(code), "qr": slips.qr_svg(slips.slip_url(vote_url, code))}
                 for code in raw]
    return render(request, "ballots/slips.html", {"campaign": campaign, "batch": batch, "slips": slip_list,
                                                  "vote_url": vote_url})


@require_permission("ballots.manage")
@require_POST
def codes_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    form = RevokeForm(request.POST, batches=selectors.code_batches_of(campaign))
    if not form.is_valid():
        messages.error(request, _("Choose a batch or list the codes to revoke."))
        return redirect("ballots:codes", pk=campaign.pk)
    try:
        revoked = services.codes_revoke(campaign_id=campaign.pk, batch_id=form.cleaned_data["batch"],
                                        typed_codes=form.cleaned_data["codes"].splitlines(), acting_user=request.user)
    except ServiceError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("%(n)d unused codes were revoked.") % {"n": revoked})
    return redirect("ballots:codes", pk=campaign.pk)


# --- Paper ballots -----------------------------------------------------------------------------


@require_permission("ballots.manage")
@require_POST
def box_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    form = BoxForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Name the ballot box."))
        return redirect(_detail_url(campaign.pk))
    try:
        services.box_create(campaign_id=campaign.pk, acting_user=request.user, **form.cleaned_data)
    except ServiceError as error:
        return _refused(request, error, campaign.pk)
    return _done(request, _("The ballot box was added."), campaign.pk)


def _sheet_from_post(post: Any, box: Any) -> dict[str, Any]:
    sheet: dict[str, Any] = {key: post.get(key, "") for key in ("issued", "returned", "valid", "invalid")}
    sheet["invalid_reasons"] = {key[len("reason_"):]: value for key, value in post.items()
                                if key.startswith("reason_") and value not in ("", "0")}
    if box.mode == BoxMode.PER_BALLOT:
        sheet["lines"] = post.get("lines", "")
    else:
        sheet["counts"] = {key[len("n_"):]: value for key, value in post.items() if key.startswith("n_")}
    return sheet


def _entry_grid(campaign: Campaign, values: dict[str, Any]) -> list[dict[str, Any]]:
    questions = [q for q in selectors.questions_of(campaign) if q.options]
    return [
        {"candidate": candidate, "cells": [
            {"name": f"n_{ci}.{qi}.{oi}", "value": values.get(f"n_{ci}.{qi}.{oi}", ""),
             "label": f"{candidate.full_name} — {rules.label(option)}"}
            for qi, question in enumerate(questions, start=1) for oi, option in enumerate(question.options, start=1)]}
        for ci, candidate in enumerate(selectors.candidates_of(campaign), start=1)
    ]


def _initial_values(data: dict[str, Any] | None) -> dict[str, Any]:
    if not data:
        return {}
    values: dict[str, Any] = {key: data[key] for key in ("issued", "returned", "valid", "invalid")}
    values.update({f"reason_{code}": n for code, n in data["invalid_reasons"].items()})
    for c, per_question in enumerate(data["counts"], start=1):
        for q, per_option in enumerate(per_question, start=1):
            values.update({f"n_{c}.{q}.{o}": n for o, n in enumerate(per_option, start=1)})
    if "lines" in data:
        values["lines"] = "\n".join(typed_line(line) for line in data["lines"])
    return values


def _box_context(request: HttpRequest, box: Any, values: dict[str, Any] | None = None,
                 errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    campaign = box.campaign
    entries = selectors.entries_of(box)
    own = next((e for e in entries if e.teller_id == request.user.pk), None)
    result = getattr(box, "result", None)
    differences = compare_sheets(campaign, entries[0].data, entries[1].data) if len(entries) == 2 else []
    values = values if values is not None else _initial_values(own.data if own else None)
    manage = selectors.can_manage(request.user, campaign)
    return {
        "campaign": campaign, "box": box, "entries": entries, "own": own, "result": result,
        "differences": differences, "is_teller": selectors.is_teller(request.user, campaign),
        "can_manage": manage, "values": values, "errors": errors or {},
        "grid": _entry_grid(campaign, values),
        "option_headers": [rules.label(o) for q in selectors.questions_of(campaign) for o in q.options],
        "reasons": [{"code": r["code"], "label": rules.label(r), "value": values.get(f"reason_{r['code']}", "")}
                    for r in campaign.rules.get("invalid_reasons", [])],
        "width": selectors.structure_of(campaign).width,
        "resolve_form": ResolveForm(entries=entries) if manage and differences and result is None else None,
        "can_enter": campaign.status in (CampaignStatus.OPEN, CampaignStatus.CLOSED) and result is None,
    }


@staff_page
def box_detail(request: HttpRequest, pk: int) -> HttpResponse:
    box = selectors.box_get(request.user, pk)
    if request.method != "POST":
        return render(request, "ballots/box.html", _box_context(request, box))
    sheet = _sheet_from_post(request.POST, box)
    try:
        services.paper_entry_submit(box_id=box.pk, sheet=sheet, acting_user=request.user)
    except ServiceError as error:
        if isinstance(error, PermissionDeniedError):
            raise
        context = _box_context(request, box, values=dict(request.POST.items()), errors=error.field_errors)
        context["error"] = error.message
        return render(request, "ballots/box.html", context, status=422)
    if selectors.box_counted(box.pk):
        messages.success(request, _("Both entries agree: the box is counted."))
    else:
        messages.success(request, _("Your entry was saved."))
    return redirect("ballots:box", pk=box.pk)


@require_permission("ballots.manage")
@require_POST
def box_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    box = selectors.box_get(request.user, pk)
    form = ResolveForm(request.POST, entries=selectors.entries_of(box))
    if form.is_valid():
        try:
            services.box_resolve(box_id=box.pk, entry_id=form.cleaned_data["entry"], note=form.cleaned_data["note"],
                                 acting_user=request.user)
        except ServiceError as error:
            add_service_error(form, error, {"entry_id": "entry"})
        else:
            messages.success(request, _("The difference was resolved: the box is counted."))
            return redirect("ballots:box", pk=box.pk)
    context = _box_context(request, box)
    context["resolve_form"] = form
    return render(request, "ballots/box.html", context, status=422)


# --- Reconciliation, results, minutes ----------------------------------------------------------


@staff_page
def reconciliation(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    rec = selectors.reconciliation_of(campaign)
    reasons = {r["code"]: rules.label(r) for r in campaign.rules.get("invalid_reasons", [])}
    return render(request, "ballots/reconciliation.html", {
        "campaign": campaign, "rec": rec, "can_manage": selectors.can_manage(request.user, campaign),
        "reasons": [(reasons.get(code, code), n) for code, n in rec.invalid_reasons.items()],
    })


def _counted_campaign(request: HttpRequest, pk: int) -> Campaign:
    campaign = selectors.campaign_get(request.user, pk)
    if not has_permission(request.user, "ballots.view", campaign.unit.path) or campaign.counted_at is None:
        raise PermissionDenied(_("Results are shown to authorised roles after the count."))
    return campaign


@staff_page
def results(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _counted_campaign(request, pk)
    data = minutes.minutes_data(campaign)
    header, rows = minutes.result_rows(data)
    return render(request, "ballots/results.html", {
        "campaign": campaign, "header": header, "rows": rows, "totals": data.totals,
        "can_manage": selectors.can_manage(request.user, campaign),
        "comments": selectors.comments_of(campaign),
    })


@staff_page
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _counted_campaign(request, pk)
    response = HttpResponse(minutes.minutes_docx(minutes.minutes_data(campaign)),
                            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="bien-ban-kiem-phieu-{campaign.pk}.docx"'
    return response


@staff_page
def minutes_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _counted_campaign(request, pk)
    response = HttpResponse(minutes.minutes_xlsx(minutes.minutes_data(campaign)),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="bien-ban-kiem-phieu-{campaign.pk}.xlsx"'
    return response
