"""The public portal's petition pages: send a petition online (rate-limited), see the
tracking codes once, and follow a petition with its code and the last digits of the phone number.
No account is needed; nothing internal is ever shown."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from neuguong.core.errors import ServiceError
from neuguong.core.net import client_address
from neuguong.core.throttle import ThrottledError
from neuguong.web.forms import add_service_error

from .. import forms, selectors, services

SESSION_CODES = "reception_submitted_codes"


@never_cache
@sensitive_post_parameters("citizen_id", "petitioner_phone")
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    form = forms.PublicSubmitForm(request.POST or None, request.FILES or None, groups=selectors.public_unit_groups())
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and not form.cleaned_data.get("website"):
            try:
                created = services.petition_submit_online(
                    unit_id=form.cleaned_data["unit"], kinds=form.cleaned_data["kinds"], data=form.cleaned_data,
                    attachments=form.cleaned_data["attachments"], client=client_address(request))
            except ThrottledError:
                raise  # answered by web.middleware.ThrottledMiddleware
            except ServiceError as error:
                add_service_error(form, error, {"unit_id": "unit"})
            else:
                request.session[SESSION_CODES] = [p.tracking_code for p in created]
                return redirect("petitions_public:submitted")
    return render(request, "reception/public_submit.html", {"form": form}, status=status)


@never_cache
def submitted(request: HttpRequest) -> HttpResponse:
    """The tracking codes, shown once after sending (kept in the session, never in the URL)."""
    codes = request.session.pop(SESSION_CODES, None)
    if not codes:
        return redirect("petitions_public:track")
    return render(request, "reception/public_submitted.html", {"codes": codes})


@never_cache
@sensitive_post_parameters("code", "phone_digits")
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Status, handling unit and next deadline; the code arrives by POST so it stays out of logs."""
    form = forms.TrackForm(request.POST or None)
    found, status = None, 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                petition = services.petition_track(code=form.cleaned_data["code"],
                                                   phone_digits=form.cleaned_data["phone_digits"],
                                                   client=client_address(request))
            except Http404 as error:
                form.add_error(None, str(error))
                status = 404
            except ThrottledError:
                raise  # answered by web.middleware.ThrottledMiddleware
            except ServiceError as error:
                add_service_error(form, error)
            else:
                found, status = selectors.public_status(petition), 200
    return render(request, "reception/public_track.html", {"form": form, "found": found}, status=status)
