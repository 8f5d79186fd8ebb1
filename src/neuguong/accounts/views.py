"""Login, two-factor and the user's own profile with API tokens."""

import base64
import io
import time
from typing import cast

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from neuguong.core.errors import ServiceError
from neuguong.orgs import selectors as org_selectors

from . import selectors, services
from .forms import ApiTokenForm, LoginForm, TokenForm
from .middleware import LOGIN_TIME_KEY
from .models import User

PENDING_KEY = "neuguong_pending_user"


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def _finish_login(request: HttpRequest, user: User, device: TOTPDevice | None = None) -> HttpResponse:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        otp_login(request, device)
    request.session[LOGIN_TIME_KEY] = int(time.time())
    if user.preferred_language:
        response = redirect(_safe_next(request))
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.preferred_language)
        return response
    return redirect(_safe_next(request))


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                user = services.login_attempt(
                    request=request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                if selectors.has_confirmed_device(user):
                    request.session[PENDING_KEY] = user.pk
                    return redirect(f"{reverse('accounts:two_factor_verify')}?next={_safe_next(request)}")
                return _finish_login(request, user)
    return render(request, "accounts/login.html", {"form": form, "next": _safe_next(request)}, status=status)


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = User.objects.filter(pk=request.session.get(PENDING_KEY, 0), is_active=True).first()
    if user is None:
        return redirect("accounts:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        devices = TOTPDevice.objects.filter(user=user, confirmed=True)
        device = next((d for d in devices if d.verify_token(form.cleaned_data["token"])), None)
        if device is not None:
            del request.session[PENDING_KEY]
            return _finish_login(request, user, device)
        form.add_error("token", _("The code is wrong or has expired. Enter the current 6-digit code."))
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "next": _safe_next(request)}
    return render(request, "accounts/two_factor_verify.html", context, status=status)


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@login_required
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                device = services.totp_enrolment_confirm(user=user, token=form.cleaned_data["token"])
            except ServiceError as error:
                form.add_error("token", error.message)
            else:
                otp_login(request, device)
                messages.success(request, _("Two-factor authentication is on."))
                return redirect("accounts:profile")
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = services.totp_enrolment_start(user=user)
    else:
        device = services.totp_enrolment_start(user=user)
    secret = base64.b32encode(device.bin_key).decode()
    context = {"form": form, "qr_svg": _qr_svg(device.config_url), "secret": secret}
    return render(request, "accounts/two_factor_enrol.html", context, status=422 if form.errors else 200)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("accounts:login")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = services.api_token_create(
            user=user, name=form.cleaned_data["name"], acting_user=user
        )
        form = ApiTokenForm()
    context = {
        "person": org_selectors.own_person(user),
        "grants": selectors.own_grants(user),
        "tokens": selectors.api_tokens_of(user),
        "has_device": selectors.has_confirmed_device(user),
        "form": form,
        "new_token": new_token,
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    services.api_token_revoke(token_id=pk, acting_user=cast(User, request.user))
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:profile")
