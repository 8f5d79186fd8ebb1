"""Pages of reception sessions: the list, one session with its visitors, recording a visitor and
the matters raised, refusals, the register (print and Excel) and the standing schedules."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neuguong.accounts.scoping import ensure_permission_on, has_permission
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.exports import file_response
from neuguong.orgs import selectors as org_selectors
from neuguong.web.lists import ListPage
from neuguong.web.pages import form_page
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit

from .. import exports, forms, register, selectors, services
from ..models import ReceptionSession, SessionStatus
from .petitions import _received_message


def _session_url(pk: int) -> str:
    return reverse("reception:session_detail", args=[pk])


def _handled_session(request: HttpRequest, pk: int) -> ReceptionSession:
    session = selectors.session_get(request.user, pk)
    ensure_permission_on(request.user, "reception.handle", session)
    return session


@require_permission("reception.view")
def sessions(request: HttpRequest) -> HttpResponseBase:
    """The coming sessions, then the past ones as a list page with its downloads."""
    user, unit = request.user, current_unit(request)
    listing = ListPage(request, selectors.sessions_for(user, unit=unit, upcoming=False), name="session",
                       export=exports.SESSIONS, empty=_("No session."))
    return listing.response("reception/sessions.html", "reception/sessions.html", {
        "unit": unit,
        "upcoming": selectors.sessions_for(user, unit=unit, upcoming=True)[:20],
        "can_handle": has_permission(user, "reception.handle"),
    })


@require_permission("reception.handle")
def session_create(request: HttpRequest) -> HttpResponse:
    working = current_unit(request)
    form = forms.SessionForm(request.POST or None, units=org_selectors.units_for(request.user), near=working,
                             initial={"unit": working.pk if working else None})

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        session = services.session_create(
            unit_id=data["unit"].pk, title=data["title"], held_on=data["held_on"], kind=data["kind"],
            is_three_in_one=data["is_three_in_one"], starts_at=data["starts_at"], location=data["location"],
            hosts=data["hosts"], acting_user=request.user)
        return _("The session was scheduled."), _session_url(session.pk)

    context = {"title": _("New reception session"), "back_url": reverse("reception:sessions"),
               "submit_label": _("Schedule")}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases={"unit_id": "unit"})


@require_permission("reception.view")
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    session = selectors.session_get(user, pk)
    can_handle = has_permission(user, "reception.handle", session.unit.path)
    visits = [(visit, selectors.visit_identity_visible(user, visit))
              for visit in selectors.session_visits(user, session)]
    return render(request, "reception/session_detail.html", {
        "session": session, "visits": visits, "can_handle": can_handle,
        "can_record": can_handle and session.status != SessionStatus.CANCELLED
        and session.held_on <= timezone.localdate(),
    })


@require_permission("reception.handle")
def session_record(request: HttpRequest, pk: int) -> HttpResponse:
    session = _handled_session(request, pk)
    initial = {"hosts": session.hosts, "notes": session.notes,
               **{field: getattr(session, field) for field in services.sessions.ATTENDANCE}}
    form = forms.SessionRecordForm(request.POST or None, initial=initial)

    def save() -> tuple[str, str]:
        services.session_record(session_id=pk, acting_user=request.user, **form.cleaned_data)
        return _("The session was recorded as held."), _session_url(pk)

    context = {"title": _("Record the session"), "subject": session, "back_url": _session_url(pk),
               "submit_label": _("Save")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("reception.handle")
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _handled_session(request, pk)
    form = forms.ReasonForm(request.POST or None)

    def save() -> tuple[str, str]:
        services.session_cancel(session_id=pk, reason=form.cleaned_data["reason"], acting_user=request.user)
        return _("The session was cancelled."), _session_url(pk)

    context = {"title": _("Cancel the session"), "subject": session, "back_url": _session_url(pk),
               "submit_label": _("Cancel the session"), "danger": True}
    return form_page(request, form, "web/form_page.html", context, save=save)


def _visit_page(request: HttpRequest, form: Any, context: dict[str, Any], save: Any) -> HttpResponse:
    """Like ``form_page``, with the service's field names mapped onto the form's."""
    aliases = {"competent_unit_id": "competent_unit", "petitioner_phone": "phone", "visit_id": "kinds"}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases=aliases)


@require_permission("reception.handle")
def visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    session = _handled_session(request, pk)
    form = forms.VisitForm(request.POST or None, request.FILES or None, units=org_selectors.units_for(request.user),
                           near=session.unit)

    def save() -> tuple[str, str]:
        _visit, created = services.visit_record(
            session_id=pk, visitor=form.visitor(), kinds=form.cleaned_data["kinds"], matter=form.matter(),
            attachments=form.cleaned_data["attachments"], acting_user=request.user)
        return _received_message(created), _session_url(pk)

    context = {"title": _("Receive a visitor"), "subject": session, "back_url": _session_url(pk),
               "submit_label": _("Record")}
    return _visit_page(request, form, context, save)


@require_permission("reception.handle")
def visit_matter(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_get(request.user, pk)
    ensure_permission_on(request.user, "reception.handle", visit)
    form = forms.MatterForm(request.POST or None, request.FILES or None, units=org_selectors.units_for(request.user),
                            near=visit.session.unit)

    def save() -> tuple[str, str]:
        created = services.visit_matter_add(visit_id=pk, kinds=form.cleaned_data["kinds"], matter=form.matter(),
                                            attachments=form.cleaned_data["attachments"], acting_user=request.user)
        return _received_message(created), _session_url(visit.session_id)

    context = {"title": _("Another matter raised by visitor no. %(n)d") % {"n": visit.number},
               "subject": visit.session, "back_url": _session_url(visit.session_id), "submit_label": _("Record")}
    return _visit_page(request, form, context, save)


@require_permission("reception.handle")
def visit_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    session = _handled_session(request, pk)
    form = forms.RefusalForm(request.POST or None)

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        services.visit_refuse(session_id=pk, visitor=form.visitor(), reason=data["reason"], note=data["note"],
                              acting_user=request.user)
        return _("The refusal was recorded in the register."), _session_url(pk)

    context = {"title": _("Refuse reception"), "subject": session, "back_url": _session_url(pk),
               "submit_label": _("Record the refusal"), "danger": True}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("reception.handle")
def register_print(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(request.user, pk)
    book = register.session_register(request.user, session)
    return render(request, "reception/register_print.html", {"register": book, "session": session,
                                                               "rows": book.printable_rows()})


@require_permission("reception.handle")
def register_export(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(request.user, pk)
    book = register.session_register(request.user, session)
    name = _("Register %(date)s") % {"date": f"{session.held_on:%d-%m-%Y}"}
    return file_response(exports.register_workbook(book), name)


@require_permission("reception.handle")
def register_docx(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(request.user, pk)
    response = HttpResponse(register.register_docx(register.session_register(request.user, session)),
                            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f'attachment; filename="register-{session.held_on:%Y-%m-%d}.docx"'
    return response


# --- Schedules -------------------------------------------------------------------------------


@require_permission("reception.view")
def schedules(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "reception/schedules.html", {
        "schedules": selectors.schedules_for(user, unit=current_unit(request)),
        "can_handle": has_permission(user, "reception.handle"),
        "generate_form": forms.GenerateForm(),
    })


@require_permission("reception.handle")
def schedule_create(request: HttpRequest) -> HttpResponse:
    working = current_unit(request)
    form = forms.ScheduleForm(request.POST or None, units=org_selectors.units_for(request.user), near=working,
                              initial={"unit": working.pk if working else None, "day_of_month": 15})

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        services.schedule_create(unit_id=data["unit"].pk, title=data["title"], day_of_month=data["day_of_month"],
                                 is_three_in_one=data["is_three_in_one"], starts_at=data["starts_at"],
                                 location=data["location"], acting_user=request.user)
        return _("The schedule was created."), reverse("reception:schedules")

    context = {"title": _("New reception schedule"), "back_url": reverse("reception:schedules"),
               "submit_label": _("Create")}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases={"unit_id": "unit"})


@require_permission("reception.handle")
@require_POST
def schedule_generate(request: HttpRequest, pk: int) -> HttpResponse:
    form = forms.GenerateForm(request.POST)
    months = form.cleaned_data["months"] if form.is_valid() else 3
    try:
        created = services.schedule_generate(schedule_id=pk, months=months, acting_user=request.user)
    except PermissionDeniedError:
        raise
    except ServiceError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("%(n)d sessions were scheduled.") % {"n": len(created)})
    return redirect("reception:schedules")


@require_permission("reception.handle")
@require_POST
def schedule_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = selectors.schedule_get(request.user, pk)
    services.schedule_set_active(schedule_id=pk, active=not schedule.active, acting_user=request.user)
    return redirect("reception:schedules")
