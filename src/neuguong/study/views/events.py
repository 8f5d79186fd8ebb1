"""Pages of the study year's events: the list with its download, one event with its documents and
the steps the user can take, entering and changing an event, its steps and its documents."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.accounts.scoping import ensure_permission_on, has_permission
from neuguong.core.lifecycle import allowed_transitions
from neuguong.orgs import selectors as org_selectors
from neuguong.web.lists import ListPage
from neuguong.web.pages import form_page
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit

from .. import exports, forms, selectors, services
from ..lists import EVENTS
from ..models import EventStatus
from .themes import file_download


def event_url(pk: int) -> str:
    return reverse("study:event_detail", args=[pk])


@require_permission("study.view")
def events(request: HttpRequest) -> HttpResponseBase:
    form, rows = EVENTS.build(request.user, request.GET, current_unit(request))
    listing = ListPage(request, rows, name="study_event", form=form, sorts=EVENTS.sorts, export=exports.EVENTS,
                       source=EVENTS, empty=_("No event matches these filters."))
    return listing.response("study/events.html", "study/_event_table.html",
                            {"can_manage": has_permission(request.user, "study.manage")})


@require_permission("study.manage")
def event_create(request: HttpRequest) -> HttpResponse:
    user, working = request.user, current_unit(request)
    form = forms.EventForm(request.POST or None, units=org_selectors.units_for(user), near=working,
                           initial={"unit": working.pk if working else None})

    def save() -> tuple[str, str]:
        event = services.event_create(unit_id=form.cleaned_data["unit"].pk, acting_user=user, **form.service_kwargs())
        return _("The event was entered."), event_url(event.pk)

    context = {"title": _("New event"), "back_url": reverse("study:events"), "submit_label": _("Save")}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases={"unit_id": "unit"})


def _managed(request: HttpRequest, pk: int) -> Any:
    event = selectors.event_get(request.user, pk)
    ensure_permission_on(request.user, "study.manage", event)
    return event


@require_permission("study.manage")
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    if event.status != EventStatus.PLANNED:
        messages.info(request, _("Only a planned event can be changed."))
        return redirect(event_url(pk))
    form = forms.EventEditForm(request.POST or None, initial={
        "kind": event.kind, "title": event.title, "held_on": event.held_on, "place": event.place,
        "participants": event.participants, "participant_count": event.participant_count})

    def save() -> tuple[str, str]:
        services.event_update(event_id=pk, acting_user=request.user, **form.service_kwargs())
        return _("The event was saved."), event_url(pk)

    context = {"title": _("Change the event"), "subject": event, "back_url": event_url(pk), "submit_label": _("Save")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("study.view")
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    event = selectors.event_get(user, pk)
    can_manage = has_permission(user, "study.manage", event.unit.path)
    actions = [{"name": step.name, "label": step.label, "url": reverse(f"study:event_{step.name}", args=[pk])}
               for step in allowed_transitions(event, user)]
    return render(request, "study/event_detail.html", {
        "event": event, "documents": list(event.documents.all()), "actions": actions,
        "links": selectors.event_links(user, event),
        "can_edit": can_manage and event.status == EventStatus.PLANNED,
        "can_add": can_manage and event.status != EventStatus.CANCELLED,
        "can_unlink": can_manage,
    })


@require_permission("study.manage")
def event_link_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the event to a news article or a nomination round the user reads."""
    event = _managed(request, pk)
    form = forms.EventLinkForm(request.POST or None, choices=selectors.link_choices(request.user))

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        services.event_link_add(event_id=pk, article_id=data.get("article_id"), round_id=data.get("round_id"),
                                acting_user=request.user)
        return _("The link was added."), event_url(pk)

    context = {"title": _("Link the event to an article or a round"), "subject": event, "back_url": event_url(pk),
               "submit_label": _("Link")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("study.manage")
def event_link_delete(request: HttpRequest, pk: int, link_pk: int) -> HttpResponseBase:
    """Remove a link (POST from the event's page)."""
    _managed(request, pk)
    if request.method == "POST":
        services.event_link_remove(link_id=link_pk, acting_user=request.user)
        messages.success(request, _("The link was removed."))
    return redirect(event_url(pk))


EVENT_STEPS: dict[str, dict[str, Any]] = {
    "hold": {"form": forms.HoldForm, "title": gettext_lazy("Record the event as held"),
             "done": gettext_lazy("The event was recorded as held.")},
    "cancel": {"form": forms.ReasonForm, "title": gettext_lazy("Cancel the event"),
               "done": gettext_lazy("The event was cancelled."), "danger": True},
}
EVENT_SERVICES: dict[str, Callable[..., Any]] = {"hold": services.event_hold, "cancel": services.event_cancel}


@require_permission("study.manage")
def event_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    event = _managed(request, pk)
    page = EVENT_STEPS[step]
    refusal = services.EVENT.refusal(event, services.EVENT[step], request.user, {})
    if request.method != "POST" and refusal:
        messages.info(request, refusal)
        return redirect(event_url(pk))
    form = page["form"](request.POST if request.method == "POST" else None)

    def save() -> tuple[str, str]:
        EVENT_SERVICES[step](event_id=pk, acting_user=request.user, **form.cleaned_data)
        return str(page["done"]), event_url(pk)

    context = {"title": page["title"], "subject": event, "back_url": event_url(pk),
               "submit_label": services.EVENT[step].label, "danger": page.get("danger", False)}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("study.manage")
def event_document_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)

    def save() -> tuple[str, str]:
        services.event_document_add(event_id=pk, title=form.cleaned_data["title"], upload=form.cleaned_data["file"],
                                    acting_user=request.user)
        return _("The document was added."), event_url(pk)

    context = {"title": _("Add a document to the event"), "subject": event, "back_url": event_url(pk),
               "submit_label": _("Add"), "multipart": True}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("study.view")
def event_document_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = selectors.event_document_get(request.user, pk)
    return file_download(document, document.original_name, document.content_type)
