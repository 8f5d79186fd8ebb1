"""The public honour roll (bảng vàng): approved models with their photo, story and unit, in the
portal's public layout; no login, no cookie. Party membership badges are not listed: they honour
years of membership, not a model to follow."""

from typing import Any
from urllib.parse import urlencode

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from neuguong.accounts.scoping import NotFound
from neuguong.orgs.models import Unit
from neuguong.portal import selectors as portal_selectors
from neuguong.web.pages import paginate

from .. import forms, rules, selectors


def _site(**context: Any) -> dict[str, Any]:
    """What the portal's public layout shows on every page: its sections and the issuing body."""
    root = Unit.objects.filter(parent__isnull=True).only("name").order_by("pk").first()
    return {"categories": list(portal_selectors.categories()), "issuer": root.name if root else "", **context}


def _units() -> list[Unit]:
    """The units a visitor filters by: the province and the units right below it."""
    return list(Unit.objects.filter(depth__lte=1).only("name", "path").order_by("path"))


@require_GET
def roll(request: HttpRequest) -> HttpResponse:
    units = _units()
    form = forms.RollFilterForm(request.GET or None, units=units)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    unit = next((u for u in units if u.pk == data.get("unit")), None)
    year = data.get("year")
    awards = selectors.honour_roll(year=int(year) if year else None, unit=unit, field=data.get("field") or "",
                                   award=data.get("award") or "")
    page = paginate(request, awards)
    # The page links keep the filters the visitor chose (those the form accepted, nothing else).
    page_query = urlencode({name: request.GET[name] for name in ("year", "unit", "field", "award")
                            if data.get(name)})
    return render(request, "honours/public_roll.html", _site(
        form=form, page=page, page_query=page_query, current_section="honour_roll"))


@require_GET
def model(request: HttpRequest, pk: int) -> HttpResponse:
    award = selectors.honour_roll_get(pk)
    return render(request, "honours/public_model.html", _site(
        award=award, award_label=rules.label_of(rules.awards(), award.award),
        field_label=rules.label_of(rules.fields(), award.nomination.field) if award.nomination.field else ""))


@require_GET
def photo(request: HttpRequest, pk: int) -> FileResponse:
    award = selectors.honour_roll_get(pk)
    if not award.nomination.photo:
        raise NotFound()
    response = FileResponse(award.nomination.photo.open("rb"), content_type=award.nomination.photo_type)
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
