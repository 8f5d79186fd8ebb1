"""Pages of the reception office: the overview, petitions and their workflow, and the reports.
Parse, call a selector or a service, render."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from neuguong.accounts.scoping import ensure_permission_on, has_permission
from neuguong.catalogues import selectors as catalogue
from neuguong.core.exports import file_response
from neuguong.orgs import selectors as org_selectors
from neuguong.web.lists import ListPage, Sort
from neuguong.web.pages import form_page
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit

from .. import exports, forms, reports, selectors, services
from ..models import Petition
from ..services.deadlines import can_extend, max_extensions
from ..services.workflow import OUTCOMES, allowed_actions, officers_for

DASHBOARD_ROWS = 10


def _units(request: HttpRequest) -> Any:
    return org_selectors.units_for(request.user)


def _petition_url(pk: int) -> str:
    return reverse("reception:petition_detail", args=[pk])


# --- Overview --------------------------------------------------------------------------------


@require_permission("reception.view")
def index(request: HttpRequest) -> HttpResponse:
    user, unit = request.user, current_unit(request)
    return render(request, "reception/index.html", {
        "unit": unit,
        "overdue": selectors.petitions_overdue(user, unit=unit)[:DASHBOARD_ROWS],
        "due_soon": selectors.petitions_due_soon(user, unit=unit)[:DASHBOARD_ROWS],
        "mine": selectors.petitions_for(user, officer=user, flag="open")[:DASHBOARD_ROWS],
        "sessions": selectors.sessions_for(user, unit=unit, upcoming=True)[:5],
        "commitments": selectors.commitments_overdue(user, unit=unit)[:5],
        "reminders": selectors.reminders_for(user)[:DASHBOARD_ROWS],
        "can_handle": has_permission(user, "reception.handle"),
        "today": timezone.localdate(),
    })


@require_permission("reception.view")
@require_POST
def reminder_read(request: HttpRequest, pk: int) -> HttpResponse:
    services.reminder_mark_read(reminder_id=pk, acting_user=request.user)
    return redirect("reception:index")


# --- Petitions -------------------------------------------------------------------------------


def _petition_filter(request: HttpRequest) -> forms.PetitionFilterForm:
    data = request.GET.copy()
    working = current_unit(request)
    if "unit" not in data and working is not None:
        data["unit"] = str(working.pk)
    form = forms.PetitionFilterForm(data, units=_units(request))
    form.is_valid()
    return form


PETITION_SORTS = (Sort("received", gettext_lazy("Newest first"), ("-received_on", "-pk")),
                  Sort("oldest", gettext_lazy("Oldest first"), ("received_on", "pk")))


@require_permission("reception.view")
def petitions(request: HttpRequest) -> HttpResponseBase:
    """The petitions of the user's units, filtered, with their downloads; a denouncer is never named."""
    form = _petition_filter(request)
    listing = ListPage(request, selectors.petitions_for(request.user, **form.selector_args()), name="petition",
                       form=form, sorts=PETITION_SORTS, export=exports.PETITIONS,
                       empty=_("No petition matches these filters."))
    context = {"today": timezone.localdate(), "can_handle": has_permission(request.user, "reception.handle")}
    return listing.response("reception/petitions.html", "reception/_petition_table.html", context)


@require_permission("reception.handle")
def petition_create(request: HttpRequest) -> HttpResponse:
    working = current_unit(request)
    form = forms.PetitionIntakeForm(request.POST or None, request.FILES or None, units=_units(request), near=working,
                                    initial={"unit": working.pk if working else None,
                                             "received_on": timezone.localdate()})

    def save() -> tuple[str, str]:
        created = services.petition_receive(acting_user=request.user, **form.service_kwargs())
        return _received_message(created), _petition_url(created[0].pk)

    context = {"title": _("Record a petition"), "back_url": reverse("reception:petitions"),
               "submit_label": _("Record")}
    return form_page(request, form, "web/form_page.html", context, save=save,
                     aliases={"unit_id": "unit", "competent_unit_id": "competent_unit"})


def _received_message(created: list[Petition]) -> str:
    codes = ", ".join(p.tracking_code for p in created)
    if len(created) > 1:
        return _("The petition raises %(n)d kinds and was recorded as %(n)d petitions: %(codes)s.") % {
            "n": len(created), "codes": codes}
    return _("The petition was recorded with tracking code %(codes)s.") % {"codes": codes}


@require_permission("reception.view")
def petition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    petition = selectors.petition_get(user, pk)
    can_handle = has_permission(user, "reception.handle", petition.unit.path)
    rule = petition.deadline_rule
    return render(request, "reception/petition_detail.html", {
        "petition": petition,
        "identity": selectors.petition_identity(user, petition),
        "history": selectors.petition_history(user, petition),
        "links": selectors.petition_links(user, petition),
        "attachments": selectors.petition_attachments(user, petition),
        "family": selectors.petition_family(user, petition),
        "can_handle": can_handle,
        "actions": allowed_actions(petition) if can_handle else [],
        "extensions_allowed": max_extensions(rule) if rule else 0,
        "can_extend": can_handle and can_extend(petition),
        "today": timezone.localdate(),
    })


def _handled(request: HttpRequest, pk: int) -> Petition:
    """A petition the user sees (else 404) and handles (else 403)."""
    petition = selectors.petition_get(request.user, pk)
    ensure_permission_on(request.user, "reception.handle", petition)
    return petition


def _action_page(request: HttpRequest, petition: Petition, form: Any, title: str, submit: str,
                 call: Callable[[], Any], done: str, **extra: Any) -> HttpResponse:
    def save() -> tuple[str, str]:
        call()
        return done, _petition_url(petition.pk)

    context = {"title": title, "subject": petition, "back_url": _petition_url(petition.pk), "submit_label": submit,
               **extra}
    return form_page(request, form, "web/form_page.html", context, save=save,
                     aliases={"unit_id": "unit", "officer_id": "officer"})


@require_permission("reception.handle")
def petition_route(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _handled(request, pk)
    form = forms.RouteForm(request.POST or None, units=selectors.routing_units(request.user))

    def call() -> Any:
        return services.petition_route(petition_id=pk, unit_id=form.cleaned_data["unit"].pk,
                                       reason=form.cleaned_data["reason"], acting_user=request.user)

    return _action_page(request, petition, form, _("Route to the competent unit"), _("Route"), call,
                        _("The petition was routed."))


@require_permission("reception.handle")
def petition_competent(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _handled(request, pk)
    form = forms.CompetentUnitForm(request.POST or None, units=_units(request),
                                   initial={"unit": petition.competent_unit_id})

    def call() -> Any:
        unit = form.cleaned_data.get("unit")
        return services.petition_set_competent_unit(petition_id=pk, unit_id=unit.pk if unit else None,
                                                    acting_user=request.user)

    return _action_page(request, petition, form, _("Competent unit"), _("Save"), call,
                        _("The competent unit was saved."))


@require_permission("reception.handle")
def petition_assign(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _handled(request, pk)
    form = forms.AssignForm(request.POST or None, officers=officers_for(petition.unit),
                            initial={"officer": petition.assigned_to_id})

    def call() -> Any:
        return services.petition_assign(petition_id=pk, officer_id=int(form.cleaned_data["officer"]),
                                        acting_user=request.user)

    return _action_page(request, petition, form, _("Assign to an officer"), _("Assign"), call,
                        _("The petition was assigned."))


@require_permission("reception.handle")
def petition_decide(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _handled(request, pk)
    outcomes = [o for o in catalogue.handling_outcomes() if o.code in OUTCOMES]
    form = forms.DecideForm(request.POST or None, outcomes=outcomes, rules=selectors.acceptance_rules(petition),
                            initial={"is_complex": petition.is_complex})

    def call() -> Any:
        return services.petition_decide(petition_id=pk, acting_user=request.user, **form.service_kwargs())

    return _action_page(request, petition, form, _("Decide how to handle the petition"), _("Save the decision"),
                        call, _("The decision was recorded."))


@require_permission("reception.handle")
def petition_extend(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _handled(request, pk)
    form = forms.ReasonForm(request.POST or None)

    def call() -> Any:
        return services.petition_extend(petition_id=pk, reason=form.cleaned_data["reason"], acting_user=request.user)

    return _action_page(request, petition, form, _("Extend the deadline"), _("Extend"), call,
                        _("The deadline was extended."))


@require_permission("reception.handle")
def petition_conditions(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _handled(request, pk)
    form = forms.ConditionsForm(request.POST or None,
                                initial={"is_complex": petition.is_complex, "is_remote": petition.is_remote})

    def call() -> Any:
        data = form.cleaned_data
        return services.petition_set_conditions(petition_id=pk, is_complex=data["is_complex"],
                                                is_remote=data["is_remote"], reason=data["reason"],
                                                acting_user=request.user)

    return _action_page(request, petition, form, _("Complex case or remote area"), _("Save"), call,
                        _("The deadline was recomputed."))


@require_permission("reception.handle")
def petition_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _handled(request, pk)
    form = forms.ResolveForm(request.POST or None)

    def call() -> Any:
        data = form.cleaned_data
        return services.petition_resolve(petition_id=pk, result=data["result"], acting_user=request.user,
                                         decision_number=data["decision_number"], resolved_on=data["resolved_on"])

    return _action_page(request, petition, form, _("Record the result"), _("Resolve"), call,
                        _("The petition was resolved."))


@require_permission("reception.handle")
def petition_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _handled(request, pk)
    form = forms.WithdrawForm(request.POST or None)

    def call() -> Any:
        data = form.cleaned_data
        return services.petition_withdraw(petition_id=pk, reason=data["reason"], acting_user=request.user,
                                          withdrawn_on=data["withdrawn_on"])

    return _action_page(request, petition, form, _("Record a withdrawal"), _("Withdraw"), call,
                        _("The withdrawal was recorded."), danger=True)


@require_permission("reception.handle")
def petition_split(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _handled(request, pk)
    form = forms.SplitForm(request.POST or None, exclude=petition.kind.code)

    def call() -> Any:
        return services.petition_split(petition_id=pk, kinds=form.cleaned_data["kinds"],
                                       reason=form.cleaned_data["reason"], acting_user=request.user)

    return _action_page(request, petition, form, _("Split by kind"), _("Split"), call,
                        _("New petitions were recorded for the other kinds."))


@require_permission("reception.handle")
def petition_note(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _handled(request, pk)
    form = forms.NoteForm(request.POST or None)

    def call() -> Any:
        return services.petition_note(petition_id=pk, note=form.cleaned_data["note"], acting_user=request.user)

    return _action_page(request, petition, form, _("Add an internal note"), _("Add"), call, _("The note was added."))


@require_permission("reception.handle")
def petition_attach(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _handled(request, pk)
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)

    def call() -> Any:
        return services.attachment_add(petition_id=pk, attachments=form.cleaned_data["attachments"],
                                       acting_user=request.user)

    return _action_page(request, petition, form, _("Attach documents"), _("Attach"), call,
                        _("The documents were attached."))


@require_permission("reception.handle")
@require_POST
def link_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    link = services.link_confirm(link_id=pk, acting_user=request.user)
    messages.success(request, _("The duplicate was confirmed."))
    return redirect(_petition_url(link.petition_id))


@require_permission("reception.handle")
@require_POST
def link_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    link = services.link_dismiss(link_id=pk, acting_user=request.user)
    messages.success(request, _("The petitions were marked as not duplicates."))
    return redirect(_petition_url(link.petition_id))


@require_permission("reception.view")
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file, to users who may see it, always as a download."""
    attachment = selectors.attachment_get(request.user, pk)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


# --- Reports ---------------------------------------------------------------------------------


def _report_args(request: HttpRequest) -> tuple[forms.ReportForm, Any, dict[str, Any]]:
    form = forms.ReportForm(request.GET or None, units=_units(request))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    unit = data.get("unit") or current_unit(request)
    return form, unit, {"date_from": data.get("date_from"), "date_to": data.get("date_to")}


@require_permission("reception.view")
def report(request: HttpRequest) -> HttpResponse:
    form, unit, period = _report_args(request)
    today = timezone.localdate()
    context: dict[str, Any] = {"form": form, "unit": unit, "query": request.GET.urlencode(), "today": today}
    if unit is not None:
        context["report"] = reports.petition_report(request.user, unit, today=today, **period)
        context["lists"] = {key: petitions[:DASHBOARD_ROWS * 2]
                            for key, petitions in reports.report_lists(request.user, unit, today=today).items()}
    return render(request, "reception/report.html", context)


@require_permission("reception.view")
def report_export(request: HttpRequest) -> HttpResponse:
    _form, unit, period = _report_args(request)
    today = timezone.localdate()
    if unit is None:
        return redirect("reception:report")
    lists = reports.report_lists(request.user, unit, today=today)
    content = exports.report_workbook(reports.petition_report(request.user, unit, today=today, **period), lists)
    return file_response(content, _("Petition report"))
