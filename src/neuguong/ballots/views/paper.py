"""Paper ballot boxes: a teller's entry from the keyboard, the side-by-side mismatch, resolution."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.web.forms import add_service_error
from neuguong.web.permissions import require_permission

from .. import rules, selectors, services
from ..forms import (
    BoxForm,
    ResolveForm,
)
from ..models import BoxMode, Campaign, CampaignStatus
from ..services.paper import compare_sheets, typed_line
from .common import detail_url, done, refused, staff_page

SHEET_FIGURES = [("issued", gettext_lazy("Ballots issued")), ("returned", gettext_lazy("Ballots returned")),
                 ("valid", gettext_lazy("Valid ballots")), ("invalid", gettext_lazy("Invalid ballots"))]


@require_permission("ballots.manage")
@require_POST
def box_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get(request.user, pk)
    form = BoxForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Name the ballot box."))
        return redirect(detail_url(campaign.pk))
    try:
        services.box_create(campaign_id=campaign.pk, acting_user=request.user, **form.cleaned_data)
    except ServiceError as error:
        return refused(request, error, campaign.pk)
    return done(request, _("The ballot box was added."), campaign.pk)


def _sheet_from_post(post: Any, box: Any) -> dict[str, Any]:
    sheet: dict[str, Any] = {key: post.get(key, "") for key in ("issued", "returned", "valid", "invalid")}
    sheet["invalid_reasons"] = {key[len("reason_"):]: value for key, value in post.items()
                                if key.startswith("reason_") and value not in ("", "0")}
    if box.mode == BoxMode.PER_BALLOT:
        sheet["lines"] = post.get("lines", "")
    else:
        sheet["counts"] = {key[len("n_"):]: value for key, value in post.items() if key.startswith("n_")}
    return sheet


def _entry_grid(campaign: Campaign, values: dict[str, Any], errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    """The count cells per person, each with its own errors: a cell's (``counts.c.q.o``) or those
    of its person and question (``counts.c.q``, a total over the valid ballots), shown under the row."""
    questions = [q for q in selectors.questions_of(campaign) if q.options]
    return [
        {"candidate": candidate,
         "errors": [m for qi in range(1, len(questions) + 1) for m in errors.get(f"counts.{ci}.{qi}", [])],
         "cells": [
            {"name": f"n_{ci}.{qi}.{oi}", "value": values.get(f"n_{ci}.{qi}.{oi}", ""),
             "label": f"{candidate.full_name} — {rules.label(option)}",
             "errors": errors.get(f"counts.{ci}.{qi}.{oi}", []),
             "row_error": f"counts.{ci}.{qi}" in errors}
            for qi, question in enumerate(questions, start=1) for oi, option in enumerate(question.options, start=1)]}
        for ci, candidate in enumerate(selectors.candidates_of(campaign), start=1)
    ]


def _figures(values: dict[str, Any], errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    return [{"name": name, "label": label, "value": values.get(name, ""), "errors": errors.get(name, [])}
            for name, label in SHEET_FIGURES]


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
        "grid": _entry_grid(campaign, values, errors or {}),
        "figures": _figures(values, errors or {}),
        "option_headers": [rules.label(o) for q in selectors.questions_of(campaign) for o in q.options],
        "reasons": [{"code": r["code"], "label": rules.label(r), "value": values.get(f"reason_{r['code']}", ""),
                     "errors": (errors or {}).get(r["code"], [])}
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
