"""Pages of the units' plans: the list with its filters and downloads, one plan with its items and
the steps the user can take on each, writing plans and items, progress reports and the roll-up."""

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

from neuguong.accounts.scoping import NotFound, ensure_permission_on, has_permission
from neuguong.core import exports as core_exports
from neuguong.core.lifecycle import allowed_transitions
from neuguong.orgs import selectors as org_selectors
from neuguong.web.lists import ListPage
from neuguong.web.pages import form_page
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit

from .. import exports, forms, selectors, services
from ..lists import PLANS
from ..models import ITEM_OPEN, PlanStatus
from .library import linked_documents_context
from .themes import file_download


def plan_url(pk: int) -> str:
    return reverse("study:plan_detail", args=[pk])


@require_permission("study.view")
def plans(request: HttpRequest) -> HttpResponseBase:
    """The plans of the user's units, filtered by year, unit and status, with their downloads."""
    form, rows = PLANS.build(request.user, request.GET, current_unit(request))
    listing = ListPage(request, rows, name="study_plan", form=form, sorts=PLANS.sorts, export=exports.PLANS,
                       source=PLANS, empty=_("No plan matches these filters."))
    return listing.response("study/plans.html", "study/_plan_table.html",
                            {"can_manage": has_permission(request.user, "study.manage")})


@require_permission("study.manage")
def plan_create(request: HttpRequest) -> HttpResponse:
    user, working = request.user, current_unit(request)
    themes = selectors.themes_visible_to(user, year=None)
    if working is not None:
        themes = selectors.themes_for_unit(user, working)
    form = forms.PlanForm(request.POST or None, units=org_selectors.units_for(user), near=working, themes=themes,
                          initial={"unit": working.pk if working else None})

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        plan = services.plan_create(unit_id=data["unit"].pk, theme_id=data["theme"], title=data["title"],
                                    notes=data["notes"], acting_user=user)
        return _("The plan was created as a draft."), plan_url(plan.pk)

    context = {"title": _("New study plan"), "back_url": reverse("study:plans"), "submit_label": _("Create")}
    return form_page(request, form, "web/form_page.html", context, save=save,
                     aliases={"unit_id": "unit", "theme_id": "theme"})


def _managed_plan(request: HttpRequest, pk: int) -> Any:
    plan = selectors.plan_get(request.user, pk)
    ensure_permission_on(request.user, "study.manage", plan)
    return plan


@require_permission("study.manage")
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _managed_plan(request, pk)
    form = forms.PlanEditForm(request.POST or None, initial={"title": plan.title, "notes": plan.notes})

    def save() -> tuple[str, str]:
        services.plan_update(plan_id=pk, acting_user=request.user, **form.cleaned_data)
        return _("The plan was saved."), plan_url(pk)

    context = {"title": _("Change the plan"), "subject": plan, "back_url": plan_url(pk), "submit_label": _("Save")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("study.view")
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan and its items, each with its reports and the steps the user can take now."""
    user = request.user
    plan = selectors.plan_get(user, pk)
    items = list(selectors.plan_items(user, plan))
    can_manage, today = has_permission(user, "study.manage", plan.unit.path), timezone.localdate()
    rows = [{"item": item, "overdue": item.status in ITEM_OPEN and item.due_on < today, "actions": [
        {"name": step.name, "label": step.label, "url": reverse(f"study:item_{step.name}", args=[item.pk])}
        for step in allowed_transitions(item, user)],
        "can_report": can_manage and plan.status == PlanStatus.APPROVED and item.status in ITEM_OPEN,
        "can_edit": can_manage and plan.status != PlanStatus.CLOSED and item.status in ITEM_OPEN}
        for item in items]
    plan_actions = [{"name": step.name, "label": step.label, "url": reverse(f"study:plan_{step.name}", args=[pk])}
                    for step in allowed_transitions(plan, user)]
    return render(request, "study/plan_detail.html", {
        "plan": plan, "rows": rows, "plan_actions": plan_actions, "can_manage": can_manage,
        "can_add": can_manage and plan.status != PlanStatus.CLOSED,
        **linked_documents_context(user, "plan", plan),
    })


PLAN_STEPS: dict[str, dict[str, Any]] = {
    "approve": {"title": gettext_lazy("Approve the plan"), "done": gettext_lazy("The plan was approved.")},
    "close": {"title": gettext_lazy("Close the plan"), "done": gettext_lazy("The plan was closed.")},
}
PLAN_SERVICES: dict[str, Callable[..., Any]] = {"approve": services.plan_approve, "close": services.plan_close}


@require_permission("study.view")
def plan_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    transition = services.PLAN[step]
    ensure_permission_on(request.user, transition.permission, plan)
    refusal = services.PLAN.refusal(plan, transition, request.user, {})
    if request.method != "POST" and refusal:
        messages.info(request, refusal)
        return redirect(plan_url(pk))
    form = forms.ConfirmForm(request.POST if request.method == "POST" else None)

    def save() -> tuple[str, str]:
        PLAN_SERVICES[step](plan_id=pk, acting_user=request.user)
        return str(PLAN_STEPS[step]["done"]), plan_url(pk)

    context = {"title": PLAN_STEPS[step]["title"], "subject": plan, "back_url": plan_url(pk),
               "submit_label": transition.label}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("study.view")
def plan_items_export(request: HttpRequest, pk: int) -> HttpResponseBase:
    plan = selectors.plan_get(request.user, pk)
    fmt: core_exports.Fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    return core_exports.response(exports.PLAN_ITEMS, selectors.items_for_export(request.user, plan), fmt,
                                 name=f"{exports.PLAN_ITEMS.name} {plan.unit.name} {plan.year}")


# --- Items -----------------------------------------------------------------------------------


def _item_form(request: HttpRequest, plan: Any, initial: dict[str, Any] | None = None) -> forms.ItemForm:
    return forms.ItemForm(request.POST or None, initial=initial, people=org_selectors.people_for(request.user),
                          under=plan.unit)


_OWNER_ALIASES = {"owner_person_id": "owner_person"}


@require_permission("study.manage")
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _managed_plan(request, pk)
    form = _item_form(request, plan)

    def save() -> tuple[str, str]:
        services.item_add(plan_id=pk, acting_user=request.user, **form.service_kwargs())
        return _("The item was added."), plan_url(pk)

    context = {"title": _("Add an item to the plan"), "subject": plan, "back_url": plan_url(pk),
               "submit_label": _("Add")}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases=_OWNER_ALIASES)


def _managed_item(request: HttpRequest, pk: int) -> Any:
    item = selectors.item_get(request.user, pk)
    ensure_permission_on(request.user, "study.manage", item)
    return item


@require_permission("study.manage")
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _managed_item(request, pk)
    form = _item_form(request, item.plan, initial={"content": item.content, "owner_person": item.owner_person_id,
                                                   "owner_name": item.owner_name, "due_on": item.due_on})

    def save() -> tuple[str, str]:
        services.item_update(item_id=pk, acting_user=request.user, **form.service_kwargs())
        return _("The item was saved."), plan_url(item.plan_id)

    context = {"title": _("Change the item"), "subject": item.plan, "back_url": plan_url(item.plan_id),
               "submit_label": _("Save")}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases=_OWNER_ALIASES)


ITEM_STEPS: dict[str, dict[str, Any]] = {
    "start": {"form": forms.ConfirmForm, "title": gettext_lazy("Start the item"),
              "done": gettext_lazy("The item is in progress.")},
    "complete": {"form": forms.DoneForm, "title": gettext_lazy("Mark the item as done"),
                 "done": gettext_lazy("The item was marked as done.")},
    "cancel": {"form": forms.ReasonForm, "title": gettext_lazy("Cancel the item"),
               "done": gettext_lazy("The item was cancelled."), "danger": True},
}
ITEM_SERVICES: dict[str, Callable[..., Any]] = {
    "start": services.item_start, "complete": services.item_complete, "cancel": services.item_cancel,
}


@require_permission("study.manage")
def item_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of an item: the form it needs, then the step through its lifecycle."""
    item = _managed_item(request, pk)
    page = ITEM_STEPS[step]
    refusal = services.ITEM.refusal(item, services.ITEM[step], request.user, {})
    if request.method != "POST" and refusal:
        messages.info(request, refusal)
        return redirect(plan_url(item.plan_id))
    form = page["form"](request.POST if request.method == "POST" else None)

    def save() -> tuple[str, str]:
        ITEM_SERVICES[step](item_id=pk, acting_user=request.user, **form.cleaned_data)
        return str(page["done"]), plan_url(item.plan_id)

    context = {"title": page["title"], "subject": item, "back_url": plan_url(item.plan_id),
               "submit_label": services.ITEM[step].label, "danger": page.get("danger", False)}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("study.manage")
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = _managed_item(request, pk)
    form = forms.ReportForm(request.POST or None, request.FILES or None)

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        services.report_add(item_id=pk, text=data["text"], reported_on=data["reported_on"], upload=data["file"],
                            acting_user=request.user)
        return _("The progress was reported."), plan_url(item.plan_id)

    context = {"title": _("Report progress"), "subject": item, "back_url": plan_url(item.plan_id),
               "submit_label": _("Report")}
    return form_page(request, form, "web/form_page.html", context, save=save)


@require_permission("study.view")
def report_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    report = selectors.report_get(request.user, pk)
    if not report.file:
        raise NotFound()
    return file_download(report, report.original_name, report.content_type)


# --- Roll-up ---------------------------------------------------------------------------------


@require_permission("study.view")
def rollup(request: HttpRequest) -> HttpResponseBase:
    """Completion of the year's plans by unit below the chosen one, with overdue items; as a download too."""
    user = request.user
    form = forms.RollupForm(request.GET or None, units=org_selectors.units_for(user),
                            initial={"year": timezone.localdate().year})
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year = data.get("year") or timezone.localdate().year
    unit = data.get("unit") or current_unit(request)
    rows, total = selectors.rollup(user, year=year, unit=unit)
    asked = request.GET.get("export")
    if asked in ("xlsx", "csv"):
        fmt: core_exports.Fmt = "csv" if asked == "csv" else "xlsx"
        return core_exports.response(exports.ROLLUP, [*rows, *([total] if total else [])], fmt,
                                     name=f"{exports.ROLLUP.name} {year}")
    query = request.GET.copy()
    query.pop("export", None)
    return render(request, "study/rollup.html", {"form": form, "rows": rows, "total": total, "year": year,
                                                 "unit": unit, "query": query.urlencode()})
