"""The home page (the user's work list and the figures of the chosen unit) and the unit picker."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from neuguong.core.modules import figures_for, work_items_for
from neuguong.orgs import selectors as org_selectors
from neuguong.portal.views.public import home as public_home

from .units import choose_unit, current_unit


def home(request: HttpRequest) -> HttpResponse:
    """The user's work list; for a visitor without an account, the public portal's front page."""
    if not request.user.is_authenticated:
        return public_home(request)
    unit = current_unit(request)
    return render(request, "web/home.html", {
        "unit": unit, "work_items": work_items_for(request.user), "figures": figures_for(request.user, unit),
        "person": org_selectors.own_person(request.user),
    })


@login_required
@require_POST
def choose_unit_view(request: HttpRequest) -> HttpResponse:
    unit = org_selectors.unit_get(request.user, request.POST.get("unit"))
    choose_unit(request, unit)
    target = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
