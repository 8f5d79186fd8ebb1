"""The home dashboard and the unit picker."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from neuguong.accounts.scoping import has_permission
from neuguong.orgs import selectors as org_selectors
from neuguong.orgs.models import UnitKind

from .units import choose_unit, current_unit


@login_required
def home(request: HttpRequest) -> HttpResponse:
    unit = current_unit(request)
    counts = None
    if unit is not None and has_permission(request.user, "reports.view", unit.path):
        counts = org_selectors.subtree_counts(request.user, unit)
        counts["units_by_kind_labelled"] = [
            (UnitKind(kind).label, counts["units_by_kind"].get(kind, 0))
            for kind in UnitKind.values
            if counts["units_by_kind"].get(kind)
        ]
    return render(request, "web/home.html", {"unit": unit, "counts": counts,
                                             "person": org_selectors.own_person(request.user)})


@login_required
@require_POST
def choose_unit_view(request: HttpRequest) -> HttpResponse:
    unit = org_selectors.unit_get(request.user, request.POST.get("unit"))
    choose_unit(request, unit)
    target = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
