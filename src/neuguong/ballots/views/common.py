"""Shared by the staff pages: the permission gate and the redirects after an action."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from neuguong.accounts.scoping import has_permission
from neuguong.core.errors import PermissionDeniedError, ServiceError

View = Callable[..., HttpResponseBase]



def staff_page(view: View) -> View:
    """Pages for viewers (``ballots.view``) and for tellers (``ballots.count``); 403 for others."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (has_permission(request.user, "ballots.view") or has_permission(request.user, "ballots.count")):
            raise PermissionDenied
        try:
            return view(request, *args, **kwargs)
        except PermissionDeniedError as error:
            raise PermissionDenied(str(error.message)) from error

    return wrapped


def detail_url(campaign_id: int) -> str:
    return reverse("ballots:detail", args=[campaign_id])


def done(request: HttpRequest, message: str, campaign_id: int) -> HttpResponse:
    messages.success(request, message)
    return redirect(detail_url(campaign_id))


def refused(request: HttpRequest, error: ServiceError, campaign_id: int) -> HttpResponse:
    if isinstance(error, PermissionDeniedError):
        raise error
    messages.error(request, str(error.message))
    return redirect(detail_url(campaign_id))
