"""Pages of the registrations to follow and the exemplary pledges: the lists with their filters and
downloads, one record with the steps the user can take now, the member's own forms, the cell's
assessment, the pledges published on a unit's page and the post holders who have not pledged."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from neuguong.accounts.scoping import NotFound, ensure_permission_on, has_permission
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.lifecycle import allowed_transitions
from neuguong.web.lists import ListPage
from neuguong.web.pages import form_page
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit

from .. import exports, forms, selectors, services
from ..lists import NOT_PLEDGED, PLEDGES, REGISTRATIONS
from ..models import PledgeStatus, RegistrationStatus
from ..years import year_closed
from .library import linked_documents_context
from .themes import file_download


def registration_url(pk: int) -> str:
    return reverse("study:registration_detail", args=[pk])


def pledge_url(pk: int) -> str:
    return reverse("study:pledge_detail", args=[pk])


@require_permission("study.view")
def registrations(request: HttpRequest) -> HttpResponseBase:
    """The registrations of the cells of the user's units, filtered by year, unit, status and assessment."""
    form, rows = REGISTRATIONS.build(request.user, request.GET, current_unit(request))
    listing = ListPage(request, rows, name="study_registration", form=form, sorts=REGISTRATIONS.sorts,
                       export=exports.REGISTRATIONS, source=REGISTRATIONS,
                       empty=_("No registration matches these filters."))
    return listing.response("study/registrations.html", "study/_registration_table.html")


def _themes(request: HttpRequest, year: int | None = None) -> Any:
    this = timezone.localdate().year
    themes = selectors.themes_visible_to(request.user)
    return themes.filter(year=year) if year else themes.filter(year__in=(this, this + 1))


@require_permission("study.view")
def registration_create(request: HttpRequest) -> HttpResponse:
    """The member registers what they will do this year (or next)."""
    form = forms.RegistrationForm(request.POST or None, themes=_themes(request),
                                  initial={"year": timezone.localdate().year})

    def save() -> tuple[str, str]:
        registration = services.registration_create(year=form.cleaned_data["year"], theme_id=form.cleaned_data["theme"],
                                                    items=form.items(), acting_user=request.user)
        return _("Saved as a draft: check it, then press “Register to follow”."), registration_url(registration.pk)

    context = {"title": _("Register what I will do"), "back_url": reverse("study:me"),
               "submit_label": _("Save the draft")}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases={"theme_id": "theme"})


def _is_own(request: HttpRequest, record: Any) -> bool:
    return record.person_id is not None and record.person_id == getattr(request.user, "person_id", None)


def _writes(request: HttpRequest, registration: Any) -> bool:
    return services.registration_writable(registration, request.user)


@require_permission("study.view")
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = selectors.registration_get(request.user, pk)
    own, writes = _is_own(request, registration), _writes(request, registration)
    missing = selectors.missing_quarters(registration)
    actions = [{"name": step.name, "label": step.label, "url": reverse(f"study:registration_{step.name}", args=[pk])}
               for step in allowed_transitions(registration, request.user)]
    return render(request, "study/registration_detail.html", {
        "registration": registration, "own": own, "actions": actions, "missing": missing,
        "can_edit": writes and registration.status == RegistrationStatus.DRAFT,
        "can_report": writes and bool(missing) and not year_closed(registration.year),
        **linked_documents_context(request.user, "registration", registration),
    })


@require_permission("study.view")
def registration_edit(request: HttpRequest, pk: int) -> HttpResponse:
    registration = selectors.registration_get(request.user, pk)
    if not _writes(request, registration):
        raise PermissionDeniedError(_("Only the member writes their own registration and reports."))
    items = list(registration.items.all())
    initial: dict[str, Any] = {"theme": registration.theme_id}
    for index, item in enumerate(items, start=1):
        initial[f"content_{index}"], initial[f"expected_result_{index}"] = item.content, item.expected_result
    form = forms.RegistrationForm(request.POST or None, themes=_themes(request, registration.year), initial=initial,
                                  with_year=False, slots=max(forms.registrations.ITEM_SLOTS, len(items)))

    def save() -> tuple[str, str]:
        services.registration_update(registration_id=pk, theme_id=form.cleaned_data["theme"], items=form.items(),
                                     acting_user=request.user)
        return _("The registration was saved."), registration_url(pk)

    context = {"title": _("Change my registration"), "subject": registration, "back_url": registration_url(pk),
               "submit_label": _("Save")}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases={"theme_id": "theme"})


STEPS: dict[str, dict[str, Any]] = {
    "register": {"form": forms.ConfirmForm, "title": gettext_lazy("Register what I will do"),
                 "done": gettext_lazy("Registered: report on it each quarter.")},
    "assess": {"form": forms.AssessForm, "title": gettext_lazy("Assess the year"),
               "done": gettext_lazy("The assessment was recorded.")},
}


def _step_page(request: HttpRequest, record: Any, lifecycle: Any, step: str, page: dict[str, Any], url: str,
               service: Any) -> HttpResponse:
    transition = lifecycle[step]
    ensure_permission_on(request.user, transition.permission, record)
    refusal = lifecycle.refusal(record, transition, request.user, {})
    if request.method != "POST" and refusal:
        messages.info(request, refusal)
        return redirect(url)
    form = page["form"](request.POST if request.method == "POST" else None)

    def save() -> tuple[str, str]:
        service(**form.cleaned_data)
        return str(page["done"]), url

    context = {"title": page["title"], "subject": record, "back_url": url, "submit_label": transition.label}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("study.view")
def registration_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    registration = selectors.registration_get(request.user, pk)

    def service(**data: Any) -> Any:
        if step == "register":
            return services.registration_register(registration_id=pk, acting_user=request.user)
        return services.registration_assess(registration_id=pk, acting_user=request.user, **data)

    return _step_page(request, registration, services.REGISTRATION, step, STEPS[step], registration_url(pk), service)


@require_permission("study.view")
def quarter_report_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's self-report for a quarter that has begun and is not reported yet."""
    registration = selectors.registration_get(request.user, pk)
    if not _writes(request, registration):
        raise PermissionDeniedError(_("Only the member writes their own registration and reports."))
    missing = selectors.missing_quarters(registration)
    if request.method != "POST" and not missing:
        messages.info(request, _("Nothing to report now: every quarter that has begun is reported."))
        return redirect(registration_url(pk))
    form = forms.QuarterReportForm(request.POST or None, request.FILES or None, quarters=missing,
                                   initial={"quarter": missing[-1] if missing else None})

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        services.quarter_report_add(registration_id=pk, quarter=data["quarter"], text=data["text"],
                                    upload=data["file"], acting_user=request.user)
        return _("Your report was sent to the cell."), reverse("study:me")

    context = {"title": _("Report on a quarter"), "subject": registration, "back_url": registration_url(pk),
               "submit_label": _("Send the report")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("study.view")
def quarter_report_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    report = selectors.quarter_report_get(request.user, pk)
    if not report.file:
        raise NotFound()
    return file_download(report, report.original_name, report.content_type)


# --- Pledges ---------------------------------------------------------------------------------


@require_permission("study.view")
def pledges(request: HttpRequest) -> HttpResponseBase:
    form, rows = PLEDGES.build(request.user, request.GET, current_unit(request))
    listing = ListPage(request, rows, name="study_pledge", form=form, sorts=PLEDGES.sorts, export=exports.PLEDGES,
                       source=PLEDGES, empty=_("No pledge matches these filters."))
    return listing.response("study/pledges.html", "study/_pledge_table.html",
                            {"working_unit": current_unit(request)})


@require_permission("study.view")
def not_pledged(request: HttpRequest) -> HttpResponseBase:
    """Posts held in the year whose holder has made no pledge for it, in the user's units."""
    form, rows = NOT_PLEDGED.build(request.user, request.GET, current_unit(request))
    listing = ListPage(request, rows, name="study_not_pledged", form=form, sorts=NOT_PLEDGED.sorts,
                       export=exports.NOT_PLEDGED, source=NOT_PLEDGED,
                       empty=_("Every post holder of these units has pledged."))
    return listing.response("study/pledges_missing.html", "study/_pledge_missing_table.html",
                            {"year": form.selector_args()["year"],  # type: ignore[union-attr]
                             "can_manage": has_permission(request.user, "study.manage")})


@require_permission("study.view")
def pledge_create(request: HttpRequest) -> HttpResponseBase:
    post_id = request.POST.get("post") or request.GET.get("post")
    if not post_id:
        messages.info(request, _("Choose the post holder in the list of those who have not pledged."))
        return redirect("study:not_pledged")
    post = selectors.post_for_pledge(request.user, post_id)
    form = forms.PledgeForm(request.POST or None, initial={"post": post.pk, "year": timezone.localdate().year})

    def save() -> tuple[str, str]:
        pledge = services.pledge_create(post_id=post.pk, year=form.cleaned_data["year"], items=form.items(),
                                        acting_user=request.user)
        return _("Saved as a draft: check it, then press “Make the pledge”."), pledge_url(pledge.pk)

    context = {"title": _("Exemplary pledge of %(name)s, %(post)s") % {"name": post.person.full_name, "post": post},
               "back_url": reverse("study:pledges"), "submit_label": _("Save the draft")}
    return form_page(request, form, "web/form_page.html", context, save=save)


def _may_write(request: HttpRequest, pledge: Any) -> bool:
    return _is_own(request, pledge) or has_permission(request.user, "study.manage", pledge.unit.path)


@require_permission("study.view")
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = selectors.pledge_get(request.user, pk)
    manage = has_permission(request.user, "study.manage", pledge.unit.path)
    actions = [{"name": step.name, "label": step.label, "url": reverse(f"study:pledge_{step.name}", args=[pk])}
               for step in allowed_transitions(pledge, request.user)]
    written = {note.kind for note in pledge.follow_ups.all()}
    return render(request, "study/pledge_detail.html", {
        "pledge": pledge, "actions": actions,
        "can_edit": _may_write(request, pledge) and pledge.status == PledgeStatus.DRAFT,
        "can_publish": manage and pledge.status != PledgeStatus.DRAFT,
        "can_follow_up": manage and pledge.status == PledgeStatus.PLEDGED and len(written) < 2,
    })


@require_permission("study.view")
def pledge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = selectors.pledge_get(request.user, pk)
    if not _may_write(request, pledge):
        ensure_permission_on(request.user, "study.manage", pledge)
    initial = {f"item_{index}": item.content for index, item in enumerate(pledge.items.all(), start=1)}
    form = forms.PledgeForm(request.POST or None, initial=initial, with_year=False)

    def save() -> tuple[str, str]:
        services.pledge_update(pledge_id=pk, items=form.items(), acting_user=request.user)
        return _("The pledge was saved."), pledge_url(pk)

    context = {"title": _("Change the pledge"), "subject": pledge, "back_url": pledge_url(pk),
               "submit_label": _("Save")}
    return form_page(request, form, "web/form_page.html", context, save=save)


PLEDGE_STEPS: dict[str, dict[str, Any]] = {
    "pledge": {"form": forms.ConfirmForm, "title": gettext_lazy("Make the pledge"),
               "done": gettext_lazy("The pledge was made.")},
    "assess": {"form": forms.AssessForm, "title": gettext_lazy("Assess the pledge"),
               "done": gettext_lazy("The assessment was recorded.")},
}


@require_permission("study.view")
def pledge_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    pledge = selectors.pledge_get(request.user, pk)

    def service(**data: Any) -> Any:
        if step == "pledge":
            return services.pledge_pledge(pledge_id=pk, acting_user=request.user)
        return services.pledge_assess(pledge_id=pk, acting_user=request.user, **data)

    return _step_page(request, pledge, services.PLEDGE, step, PLEDGE_STEPS[step], pledge_url(pk), service)


@require_POST
@require_permission("study.manage")
def pledge_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the pledge on the unit's page, or withdraw it (the button says which)."""
    pledge = selectors.pledge_get(request.user, pk)
    ensure_permission_on(request.user, "study.manage", pledge)
    published = request.POST.get("published") == "1"
    try:
        services.pledge_publish(pledge_id=pk, published=published, acting_user=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The pledge is shown on the unit's page.") if published
                         else _("The pledge is no longer shown on the unit's page."))
    return redirect(pledge_url(pk))


@require_permission("study.manage")
def pledge_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = selectors.pledge_get(request.user, pk)
    ensure_permission_on(request.user, "study.manage", pledge)
    form = forms.FollowUpForm(request.POST or None)

    def save() -> tuple[str, str]:
        services.pledge_follow_up(pledge_id=pk, acting_user=request.user, **form.cleaned_data)
        return _("The follow-up was recorded."), pledge_url(pk)

    context = {"title": _("Follow up the pledge"), "subject": pledge, "back_url": pledge_url(pk),
               "submit_label": _("Save")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("units.view")
def unit_pledges(request: HttpRequest, pk: int) -> HttpResponse:
    """The pledges a unit publishes on its page, newest year first."""
    unit = selectors.pledge_unit_get(request.user, pk)
    rows = list(selectors.published_pledges(request.user, unit))
    return render(request, "study/pledges_published.html", {"unit": unit, "pledges": rows})
