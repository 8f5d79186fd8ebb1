"""Pages of the party cells' meetings: the list with its filters and download, one meeting with
its documents, attendance, minutes and the steps the user can take, the forms of each step, the
minutes as Word, the attendance figures and the cells that held no meeting in a month.

The manifestations discussed are shown only as ``selectors.manifestations_visible`` allows."""

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

from neuguong.accounts.scoping import ensure_permission_on, has_permission
from neuguong.catalogues import selectors as catalogue_selectors
from neuguong.core import exports as core_exports
from neuguong.core.lifecycle import allowed_transitions, history_of
from neuguong.orgs import selectors as org_selectors
from neuguong.orgs.models import UnitKind
from neuguong.web.lists import ListPage
from neuguong.web.pages import form_page
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit

from .. import exports, forms, minutes, selectors, services
from ..lists import MEETINGS
from ..models import MeetingKind, MeetingStatus
from .library import linked_documents_context
from .themes import file_download

WRITE = services.MEETING_PERMISSION


def meeting_url(pk: int) -> str:
    return reverse("study:meeting_detail", args=[pk])


@require_permission("study.view")
def meetings(request: HttpRequest) -> HttpResponseBase:
    """The meetings of the user's cells, filtered by unit, kind, status and month, with their download."""
    form, rows = MEETINGS.build(request.user, request.GET, current_unit(request))
    listing = ListPage(request, rows, name="study_meeting", form=form, sorts=MEETINGS.sorts, export=exports.MEETINGS,
                       source=MEETINGS, empty=_("No meeting matches these filters."))
    return listing.response("study/meetings.html", "study/_meeting_table.html",
                            {"can_schedule": has_permission(request.user, WRITE)})


def _cells(user: Any) -> Any:
    return org_selectors.units_for(user, kind=UnitKind.CELL)


@require_permission(WRITE)
def meeting_create(request: HttpRequest) -> HttpResponse:
    user, working = request.user, current_unit(request)
    near = working if working is not None and working.kind == UnitKind.CELL else None
    form = forms.MeetingForm(request.POST or None, units=_cells(user),
                             offer=_cells(user).filter(path__startswith=working.path) if working else None,
                             initial={"cell": near.pk if near else None, "kind": "regular"})

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        meeting = services.meeting_schedule(cell_id=data["cell"].pk, kind=data["kind"], starts_at=data["starts_at"],
                                            place=data["place"], agenda=data["agenda"], title=data["title"],
                                            acting_user=user)
        return _("The meeting was scheduled; the cell's members are invited."), meeting_url(meeting.pk)

    context = {"title": _("Schedule a cell meeting"), "back_url": reverse("study:meetings"),
               "submit_label": _("Schedule")}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases={"cell_id": "cell"})


def _written(request: HttpRequest, pk: int) -> Any:
    """A meeting the user reads (else 404) and runs (else 403); read-only ones go back to their page."""
    meeting = selectors.meeting_get(request.user, pk)
    ensure_permission_on(request.user, WRITE, meeting)
    return meeting


def _refused(request: HttpRequest, meeting: Any) -> HttpResponse | None:
    refusal = services.read_only_refusal(meeting)
    if refusal is None:
        return None
    messages.info(request, refusal)
    return redirect(meeting_url(meeting.pk))


def _history_label(name: str) -> Any:
    if name in services.MEETING.transitions:
        return services.MEETING[name].label
    return _("Attendance corrected")


@require_permission("study.view")
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    meeting = selectors.meeting_get(user, pk)
    can_write = has_permission(user, WRITE, meeting.cell.path)
    editable = can_write and services.read_only_refusal(meeting) is None
    attendance = list(selectors.meeting_attendance(meeting))
    invitees = selectors.meeting_invitees(meeting)
    figures = {status: sum(1 for row in attendance if row.status == status) for status in ("present", "excused",
                                                                                          "absent")}
    actions = [{"name": step.name, "label": step.label, "url": reverse(f"study:meeting_{step.name}", args=[pk])}
               for step in allowed_transitions(meeting, user)]
    return render(request, "study/meeting_detail.html", {
        "meeting": meeting, "documents": list(selectors.meeting_documents(meeting)), "attendance": attendance,
        "figures": figures, "invitees": invitees, "invited": len(invitees),
        "manifestations": list(selectors.manifestations_visible(user, meeting)),
        "sees_all": selectors.sees_sensitive(user, meeting.cell.path),
        "actions": actions, "editable": editable, "held": meeting.status == MeetingStatus.HELD,
        "history": [{"at": change.at, "who": change.actor_label, "what": _history_label(change.transition)}
                    for change in history_of(meeting)], "read_only": services.read_only_refusal(meeting),
        **linked_documents_context(user, "meeting", meeting),
    })


@require_permission(WRITE)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _written(request, pk)
    if (refused := _refused(request, meeting)) is not None:
        return refused
    form = forms.MeetingEditForm(request.POST or None, initial={
        "kind": meeting.kind, "title": meeting.title, "starts_at": timezone.localtime(meeting.starts_at),
        "place": meeting.place, "agenda": meeting.agenda})

    def save() -> tuple[str, str]:
        services.meeting_update(meeting_id=pk, acting_user=request.user, **form.cleaned_data)
        return _("The meeting was saved."), meeting_url(pk)

    context = {"title": _("Change the meeting"), "subject": meeting, "back_url": meeting_url(pk),
               "submit_label": _("Save")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission(WRITE)
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Record who attended: holds a scheduled meeting, corrects a held one."""
    meeting = _written(request, pk)
    if (refused := _refused(request, meeting)) is not None:
        return refused
    if meeting.status == MeetingStatus.SCHEDULED:
        refusal = services.MEETING.refusal(meeting, services.MEETING["hold"], request.user, {})
        if refusal:
            messages.info(request, refusal)
            return redirect(meeting_url(pk))
    invitees = selectors.meeting_invitees(meeting)
    recorded = {row.person_id: row for row in selectors.meeting_attendance(meeting)}
    form = forms.AttendanceForm(request.POST or None, invitees=invitees, initial_rows=recorded)

    def save() -> tuple[str, str]:
        if meeting.status == MeetingStatus.SCHEDULED:
            services.meeting_hold(meeting_id=pk, attendance=form.attendance(), acting_user=request.user)
        else:
            services.meeting_attendance_record(meeting_id=pk, attendance=form.attendance(), acting_user=request.user)
        return _("The attendance was recorded."), meeting_url(pk)

    context = {"title": _("Attendance"), "meeting": meeting, "back_url": meeting_url(pk),
               "submit_label": _("Record the attendance")}
    return form_page(request, form, "study/meeting_attendance.html", context, save=save)


@require_permission(WRITE)
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _written(request, pk)
    if (refused := _refused(request, meeting)) is not None:
        return refused
    form = forms.MinutesForm(request.POST or None, initial={"study_content": meeting.study_content,
                                                            "resolutions": meeting.resolutions})

    def save() -> tuple[str, str]:
        services.meeting_minutes_record(meeting_id=pk, acting_user=request.user, **form.cleaned_data)
        return _("The minutes were saved."), meeting_url(pk)

    context = {"title": _("Study content and resolutions"), "subject": meeting, "back_url": meeting_url(pk),
               "submit_label": _("Save")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission(WRITE)
def meeting_manifestations(request: HttpRequest, pk: int) -> HttpResponse:
    """Which of the 27 manifestations the meeting discussed, with the cell's conclusions."""
    meeting = _written(request, pk)
    if (refused := _refused(request, meeting)) is not None:
        return refused
    recorded = {row.manifestation_id: row for row in selectors.manifestations_visible(request.user, meeting)}
    form = forms.ManifestationsForm(request.POST or None, manifestations=list(catalogue_selectors.manifestations()),
                                    invitees=selectors.meeting_invitees(meeting), recorded=recorded)

    def save() -> tuple[str, str]:
        services.meeting_manifestations_record(meeting_id=pk, entries=form.entries(), acting_user=request.user)
        return _("The manifestations discussed were recorded."), meeting_url(pk)

    context = {"title": _("Manifestations discussed"), "meeting": meeting, "back_url": meeting_url(pk),
               "submit_label": _("Save")}
    return form_page(request, form, "study/meeting_manifestations.html", context, save=save)


STEPS: dict[str, dict[str, Any]] = {
    "approve": {"form": forms.ConfirmForm, "title": gettext_lazy("Approve the minutes"),
                "done": gettext_lazy("The minutes were approved: the meeting is now read-only.")},
    "cancel": {"form": forms.ReasonForm, "title": gettext_lazy("Cancel the meeting"),
               "done": gettext_lazy("The meeting was cancelled."), "danger": True},
}
STEP_SERVICES: dict[str, Callable[..., Any]] = {"approve": services.meeting_approve,
                                                "cancel": services.meeting_cancel}


@require_permission(WRITE)
def meeting_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    meeting = _written(request, pk)
    page = STEPS[step]
    refusal = services.MEETING.refusal(meeting, services.MEETING[step], request.user, {})
    if request.method != "POST" and refusal:
        messages.info(request, refusal)
        return redirect(meeting_url(pk))
    form = page["form"](request.POST if request.method == "POST" else None)

    def save() -> tuple[str, str]:
        STEP_SERVICES[step](meeting_id=pk, acting_user=request.user, **form.cleaned_data)
        return str(page["done"]), meeting_url(pk)

    context = {"title": page["title"], "subject": meeting, "back_url": meeting_url(pk),
               "submit_label": services.MEETING[step].label, "danger": page.get("danger", False)}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission(WRITE)
def meeting_document_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _written(request, pk)
    if (refused := _refused(request, meeting)) is not None:
        return refused
    form = forms.MeetingDocumentForm(request.POST or None, request.FILES or None)

    def save() -> tuple[str, str]:
        services.meeting_document_add(meeting_id=pk, title=form.cleaned_data["title"],
                                      upload=form.cleaned_data["file"], acting_user=request.user)
        return _("The document was added."), meeting_url(pk)

    context = {"title": _("Add a meeting document"), "subject": meeting, "back_url": meeting_url(pk),
               "submit_label": _("Add")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("study.view")
def meeting_document_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = selectors.meeting_document_get(request.user, pk)
    return file_download(document, document.original_name, document.content_type)


@require_permission("study.view")
def meeting_minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes in the Party layout; the manifestations only in the copy of those who may read them all."""
    user = request.user
    meeting = selectors.meeting_get(user, pk)
    sensitive = list(selectors.manifestations_visible(user, meeting)) if selectors.sees_sensitive(
        user, meeting.cell.path) else None
    content = minutes.minutes_docx(meeting, attendance=list(selectors.meeting_attendance(meeting)),
                                   manifestations=sensitive)
    day = timezone.localdate(meeting.starts_at)
    return core_exports.attachment(content, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                   f"{_('Minutes')} {meeting.cell.name} {day:%d-%m-%Y}.docx")


@require_permission("study.view")
def attendance_stats(request: HttpRequest) -> HttpResponseBase:
    """Attendance at the year's held meetings: per cell below the chosen unit, per member for a cell."""
    user = request.user
    query = request.GET.copy()
    query.setdefault("year", str(timezone.localdate().year))
    form = forms.AttendanceStatsForm(query, units=org_selectors.units_for(user))
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or timezone.localdate().year
    unit = data.get("unit") or current_unit(request)
    by_member = unit is not None and unit.kind == UnitKind.CELL
    if unit is not None and by_member:
        rows, total = selectors.attendance_by_member(user, year=year, cell=unit)
        export = exports.ATTENDANCE_BY_MEMBER
    else:
        rows, total = selectors.attendance_by_cell(user, year=year, unit=unit)
        export = exports.ATTENDANCE_BY_CELL
    asked = request.GET.get("export")
    if asked in ("xlsx", "csv"):
        fmt: core_exports.Fmt = "csv" if asked == "csv" else "xlsx"
        return core_exports.response(export, [*rows, total], fmt, name=f"{export.name} {year}")
    query.pop("export", None)
    return render(request, "study/meeting_attendance_stats.html", {
        "form": form, "rows": rows, "total": total, "year": year, "unit": unit, "by_member": by_member,
        "query": query.urlencode()})


MISSING_SHOWN = 500  # rows on the page; the download has them all


@require_permission("study.view")
def meetings_missing(request: HttpRequest) -> HttpResponseBase:
    """The cells of the chosen unit's subtree that held no meeting in the month."""
    user = request.user
    query = request.GET.copy()
    query.setdefault("month", forms.last_month().strftime("%Y-%m"))
    form = forms.MissingMeetingsForm(query, units=org_selectors.units_for(user))
    data = form.cleaned_data if form.is_valid() else {}
    month = data.get("month") or forms.last_month()
    unit = data.get("unit") or current_unit(request)
    kind, period = data.get("kind") or "", data.get("period") or "month"
    missing = selectors.cells_without_meeting(user, month=month, unit=unit, kind=kind, period=period)
    period_label = (_("quarter %(quarter)d/%(year)d") % {"quarter": (month.month - 1) // 3 + 1, "year": month.year}
                    if period == "quarter" else f"{month:%m/%Y}")
    asked = request.GET.get("export")
    if asked in ("xlsx", "csv"):
        fmt: core_exports.Fmt = "csv" if asked == "csv" else "xlsx"
        export = exports.CELLS_WITHOUT_MEETING
        return core_exports.response(export, missing, fmt, name=f"{export.name} {period_label.replace('/', '-')}")
    cells = list(missing[:MISSING_SHOWN + 1])
    query.pop("export", None)
    return render(request, "study/meetings_missing.html", {
        "form": form, "cells": cells[:MISSING_SHOWN], "more": len(cells) > MISSING_SHOWN, "shown": MISSING_SHOWN,
        "month": month, "unit": unit, "query": query.urlencode(), "period_label": period_label,
        "kind_label": MeetingKind(kind).label if kind else "", "plain": not kind and period == "month"})
