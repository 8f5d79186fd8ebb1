"""View helpers shared by the pages: the form round trip and pagination."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from neuguong.core.errors import PermissionDeniedError, ServiceError

from .forms import add_service_error

PAGE_SIZE = 50


def paginate(request: HttpRequest, items: Any) -> Page:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def form_page(
    request: HttpRequest,
    form: BaseForm,
    template: str,
    context: dict[str, Any],
    *,
    save: Callable[[], tuple[str, str]],
    aliases: dict[str, str] | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save`` (a service call returning the success message
    and where to go next). A refusal is shown on the form, which keeps what the user typed, with
    status 422 like any invalid POST."""
    if request.method == "POST" and form.is_valid():
        try:
            message, next_url = save()
        except ServiceError as error:
            add_service_error(form, error, aliases)
        else:
            messages.success(request, message)
            return redirect(next_url)
    status = 422 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form}, status=status)


def refusal_page(request: HttpRequest, template: str, context: dict[str, Any], error: ServiceError) -> HttpResponse:
    """A confirmation page shown again with the reason a service refused the action."""
    if isinstance(error, PermissionDeniedError):
        raise error
    return render(request, template, {**context, "error": error.message}, status=422)
