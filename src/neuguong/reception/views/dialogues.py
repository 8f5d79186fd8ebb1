"""Pages of dialogues between leaders and the people, and the follow-up of their commitments."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.accounts.scoping import ensure_permission_on, has_permission
from neuguong.core.lifecycle import allowed_transitions
from neuguong.orgs import selectors as org_selectors
from neuguong.web.pages import form_page, paginate
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit

from .. import forms, selectors, services
from ..services.dialogues import COMMITMENT


def _dialogue_url(pk: int) -> str:
    return reverse("reception:dialogue_detail", args=[pk])


@require_permission("reception.view")
def dialogues(request: HttpRequest) -> HttpResponse:
    user, unit = request.user, current_unit(request)
    return render(request, "reception/dialogues.html", {
        "page": paginate(request, selectors.dialogues_for(user, unit=unit)),
        "overdue": selectors.commitments_overdue(user, unit=unit)[:20],
        "can_handle": has_permission(user, "reception.handle"),
    })


@require_permission("reception.handle")
def dialogue_create(request: HttpRequest) -> HttpResponse:
    working = current_unit(request)
    form = forms.DialogueForm(request.POST or None, units=org_selectors.units_for(request.user), near=working,
                              initial={"unit": working.pk if working else None})

    def save() -> tuple[str, str]:
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        dialogue = services.dialogue_create(unit_id=unit.pk, acting_user=request.user, **data)
        return _("The dialogue was recorded."), _dialogue_url(dialogue.pk)

    context = {"title": _("New dialogue with the people"), "back_url": reverse("reception:dialogues"),
               "submit_label": _("Record")}
    return form_page(request, form, "web/form_page.html", context, save=save, aliases={"unit_id": "unit"})


@require_permission("reception.view")
def dialogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The dialogue and its commitments, each with its follow-up and the steps the user can take now."""
    dialogue = selectors.dialogue_get(request.user, pk)
    commitments = list(dialogue.commitments.all())
    follow_ups = selectors.commitment_follow_ups(commitments)
    rows = [{"commitment": commitment, "follow_ups": follow_ups[commitment.pk],
             "actions": [{"name": step.name, "label": step.label,
                          "url": reverse(f"reception:commitment_{step.name}", args=[commitment.pk])}
                         for step in allowed_transitions(commitment, request.user)]}
            for commitment in commitments]
    return render(request, "reception/dialogue_detail.html", {
        "dialogue": dialogue,
        "rows": rows,
        "can_handle": has_permission(request.user, "reception.handle", dialogue.unit.path),
    })


@require_permission("reception.handle")
def commitment_create(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = selectors.dialogue_get(request.user, pk)
    ensure_permission_on(request.user, "reception.handle", dialogue)
    form = forms.CommitmentForm(request.POST or None, units=org_selectors.units_for(request.user), near=dialogue.unit)

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        owner_unit = data.get("owner_unit")
        services.commitment_add(dialogue_id=pk, text=data["text"], owner_name=data["owner_name"],
                                due_on=data["due_on"], owner_unit_id=owner_unit.pk if owner_unit else None,
                                acting_user=request.user)
        return _("The commitment was recorded."), _dialogue_url(pk)

    context = {"title": _("New commitment"), "subject": dialogue, "back_url": _dialogue_url(pk),
               "submit_label": _("Record")}
    return form_page(request, form, "web/form_page.html", context, save=save,
                     aliases={"owner_unit_id": "owner_unit"})


# Each follow-up step's page: its form, title, and what is said once it is taken.
STEP_PAGES: dict[str, dict[str, Any]] = {
    "progress": {"form": forms.CommitmentProgressForm, "title": gettext_lazy("Report progress on a commitment"),
                 "done": gettext_lazy("The progress was recorded.")},
    "complete": {"form": forms.CommitmentCompleteForm, "title": gettext_lazy("Mark a commitment as done"),
                 "done": gettext_lazy("The commitment was marked as done.")},
    "cancel": {"form": forms.ReasonForm, "title": gettext_lazy("Cancel a commitment"),
               "done": gettext_lazy("The commitment was cancelled."), "danger": True},
}
STEP_SERVICES: dict[str, Callable[..., Any]] = {
    "progress": services.commitment_progress,
    "complete": services.commitment_complete,
    "cancel": services.commitment_cancel,
}


@require_permission("reception.handle")
def commitment_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One follow-up step of a commitment: the form it needs, then the step through its lifecycle."""
    commitment = selectors.commitment_get(request.user, pk)
    ensure_permission_on(request.user, "reception.handle", commitment)
    page = STEP_PAGES[step]
    refusal = COMMITMENT.refusal(commitment, COMMITMENT[step], request.user, {})
    if request.method != "POST" and refusal:
        # A step no longer open (the commitment moved on meanwhile): say why instead of a form that only refuses.
        messages.info(request, refusal)
        return redirect(_dialogue_url(commitment.dialogue_id))
    # Bound on any POST: every field of "complete" may be left empty.
    form = page["form"](request.POST if request.method == "POST" else None)

    def save() -> tuple[str, str]:
        STEP_SERVICES[step](commitment_id=pk, acting_user=request.user, **form.cleaned_data)
        return str(page["done"]), _dialogue_url(commitment.dialogue_id)

    label = COMMITMENT[step].label
    context = {"title": page["title"], "subject": commitment, "back_url": _dialogue_url(commitment.dialogue_id),
               "submit_label": label, "danger": page.get("danger", False)}
    return form_page(request, form, "web/form_page.html", context, save=save)
