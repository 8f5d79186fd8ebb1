"""Catalogue pages: the viewer, the entry form and the working-day calendar."""

from typing import Any

from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neuguong.accounts.scoping import has_permission
from neuguong.core.errors import ServiceError
from neuguong.web.permissions import require_permission

from . import selectors, services
from .forms import OverrideForm, add_service_errors, entry_form_class
from .models import EntryStatus
from .registry import Catalogue, catalogue_by_slug

FIRST_YEAR, LAST_YEAR = 1950, 2100


def _can_manage(request: HttpRequest) -> bool:
    return has_permission(request.user, "catalogues.manage")


@require_permission("catalogues.view")
def index(request: HttpRequest) -> HttpResponse:
    context = {"summaries": selectors.catalogues_overview(), "can_manage": _can_manage(request)}
    return render(request, "catalogues/index.html", context)


def _columns(catalogue: Catalogue) -> list[tuple[str, Any]]:
    return [(name, catalogue.field(name).verbose_name) for name in (*catalogue.shown, "note")]


@require_permission("catalogues.view")
def catalogue(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = catalogue_by_slug(slug)
    status = request.GET.get("status", "")
    if status not in EntryStatus.values:
        status = ""
    context = {
        "catalogue": chosen,
        "columns": _columns(chosen),
        "entries": selectors.catalogue_entries(chosen, status=status),
        "statuses": EntryStatus.choices,
        "status": status,
        "can_manage": _can_manage(request),
    }
    return render(request, "catalogues/catalogue.html", context)


@require_permission("catalogues.manage")
def entry_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    chosen = catalogue_by_slug(slug)
    entry = selectors.catalogue_entry(chosen, pk)
    form_class = entry_form_class(chosen)
    posted = request.method == "POST"
    form = form_class(request.POST if posted else None, initial=model_to_dict(entry, fields=chosen.editable))
    if posted and form.is_valid():
        try:
            services.catalogue_entry_update(
                model_label=chosen.label, entry_id=entry.pk, data=form.cleaned_data, acting_user=request.user
            )
        except ServiceError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The entry %(code)s was saved.") % {"code": entry.code})
            return redirect(f"{reverse('catalogues:catalogue', args=[chosen.slug])}#entry-{entry.pk}")
    context = {"catalogue": chosen, "entry": entry, "form": form}
    return render(request, "catalogues/entry_form.html", context, status=422 if posted else 200)


def _year(value: str | None) -> int:
    if not value:
        return timezone.localdate().year
    try:
        year = int(value)
    except ValueError as exc:
        raise Http404(_("Not found.")) from exc
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404(_("Not found."))
    return year


def _calendar_page(request: HttpRequest, year: int, form: OverrideForm, *, status: int = 200) -> HttpResponse:
    context = {
        "year": year,
        "days": selectors.calendar_year(year),
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
        "can_manage": _can_manage(request),
        "form": form,
    }
    return render(request, "catalogues/calendar.html", context, status=status)


def _calendar_url(year: int) -> str:
    return f"{reverse('catalogues:calendar')}?year={year}"


@require_permission("catalogues.view")
def calendar(request: HttpRequest) -> HttpResponse:
    return _calendar_page(request, _year(request.GET.get("year")), OverrideForm())


@require_POST
@require_permission("catalogues.manage")
def override_add(request: HttpRequest) -> HttpResponse:
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            override = services.calendar_override_set(acting_user=request.user, **form.cleaned_data)
        except ServiceError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The calendar now has %(name)s.") % {"name": override})
            return redirect(_calendar_url(override.day.year))
    day = form.cleaned_data.get("day")
    year = day.year if day and FIRST_YEAR <= day.year <= LAST_YEAR else timezone.localdate().year
    return _calendar_page(request, year, form, status=422)


@require_POST
@require_permission("catalogues.manage")
def override_remove(request: HttpRequest, pk: int) -> HttpResponse:
    removed = services.calendar_override_remove(override_id=pk, acting_user=request.user)
    messages.success(request, _("The override of %(name)s was removed.") % {"name": removed})
    return redirect(_calendar_url(removed.day.year))
