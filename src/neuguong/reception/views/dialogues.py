"""Pages of dialogues between leaders and the people, and the follow-up of their commitments."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from neuguong.accounts.scoping import ensure_permission_on, has_permission
from neuguong.orgs import selectors as org_selectors
from neuguong.web.pages import form_page, paginate
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit

from .. import forms, selectors, services


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
    dialogue = selectors.dialogue_get(request.user, pk)
    return render(request, "reception/dialogue_detail.html", {
        "dialogue": dialogue,
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


@require_permission("reception.handle")
def commitment_update(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = selectors.commitment_get(request.user, pk)
    ensure_permission_on(request.user, "reception.handle", commitment)
    form = forms.CommitmentUpdateForm(request.POST or None)

    def save() -> tuple[str, str]:
        services.commitment_update(commitment_id=pk, acting_user=request.user, **form.cleaned_data)
        return _("The follow-up was recorded."), _dialogue_url(commitment.dialogue_id)

    context = {"title": _("Follow up a commitment"), "subject": commitment,
               "back_url": _dialogue_url(commitment.dialogue_id), "submit_label": _("Save")}
    return form_page(request, form, "web/form_page.html", context, save=save)
