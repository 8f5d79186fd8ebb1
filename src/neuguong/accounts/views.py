"""Login, two-factor, the user's own profile with API tokens, and user and role management."""

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
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from neuguong.accounts.scoping import has_permission
from neuguong.core.errors import PermissionDeniedError, ServiceError
from neuguong.core.throttle import ThrottledError
from neuguong.orgs import selectors as org_selectors
from neuguong.web.forms import add_service_error
from neuguong.web.lists import ListPage
from neuguong.web.pages import form_page
from neuguong.web.permissions import require_permission
from neuguong.web.units import current_unit

from . import exports, selectors, services
from .forms import (
    ApiTokenForm,
    GrantForm,
    LoginForm,
    PasswordResetForm,
    PersonLookupForm,
    TokenForm,
    UserCreateForm,
    UserFilterForm,
)
from .middleware import LOGIN_TIME_KEY
from .models import User

PENDING_KEY = "neuguong_pending_user"
PERSON_MATCHES = 20
# The services name the password "password"; the forms ask for it twice.
PASSWORD_ALIASES = {"password": "password1"}


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
            except ThrottledError:
                raise  # answered by web.middleware.ThrottledMiddleware
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
        device = services.totp_verify(user=user, token=form.cleaned_data["token"])
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
        # A mistyped code keeps the secret the user already scanned.
        device = services.totp_enrolment_start(user=user, keep_pending=True)
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
            user=user, name=form.cleaned_data["name"], acting_user=user,
            two_factor_verified=user.is_verified(),  # type: ignore[attr-defined]
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


# --- User and role management ----------------------------------------------------------------


def _show_refusal(request: HttpRequest, error: ServiceError) -> None:
    """A refused one-button action is reported as a message on the page it returns to."""
    if isinstance(error, PermissionDeniedError):
        raise error
    messages.error(request, error.message)


@require_permission("accounts.view")
def users(request: HttpRequest) -> HttpResponseBase:
    """The accounts of the user's units with their roles, filtered, with their downloads."""
    form = UserFilterForm(request.GET)
    listing = ListPage(request, selectors.users_for(request.user, **form.selector_args()), name="account", form=form,
                       export=exports.USERS, empty=_("No account matches these filters."))
    context = {"can_manage": has_permission(request.user, "accounts.manage")}
    return listing.response("accounts/users.html", "accounts/_user_table.html", context)


def _person_lookup(request: HttpRequest) -> HttpResponse:
    """First step of creating an account: find the person it is for."""
    form = PersonLookupForm(request.GET or None)
    matches, status = None, 200
    if form.is_bound and form.is_valid():
        try:
            matches = org_selectors.people_for(request.user, q=form.cleaned_data["q"])[:PERSON_MATCHES]
        except ThrottledError as error:
            form.add_error("q", error.message)
            status = 429
    return render(request, "accounts/user_person_lookup.html", {"form": form, "matches": matches}, status=status)


@require_permission("accounts.manage")
def user_create(request: HttpRequest) -> HttpResponse:
    person_id = request.POST.get("person") or request.GET.get("person")
    if not person_id:
        return _person_lookup(request)
    person = org_selectors.person_get(request.user, person_id)
    form = UserCreateForm(request.POST or None)

    def save() -> tuple[str, str]:
        data = form.cleaned_data
        user = services.user_create(username=data["username"], password=data["password1"], person_id=person.pk,
                                    email=data["email"], acting_user=request.user)
        return _("The account %(username)s was created.") % {"username": user.username}, reverse(
            "accounts:user_detail", args=[user.pk])

    context = {"title": _("New account for %(person)s") % {"person": person.full_name}, "person": person,
               "back_url": reverse("accounts:users"), "submit_label": _("Create the account")}
    return form_page(request, form, "accounts/user_create.html", context, save=save, aliases=PASSWORD_ALIASES)


def _user_page(request: HttpRequest, target: User, *, grant_form: GrantForm | None = None,
               password_form: PasswordResetForm | None = None, status: int = 200) -> HttpResponse:
    units = org_selectors.units_for(request.user)
    context = {
        "target": target,
        "grants": selectors.grants_of(request.user, target),
        "has_device": selectors.has_confirmed_device(target),
        "can_manage": selectors.may_manage(request.user, target),
        "grant_form": grant_form or GrantForm(units=units, near=current_unit(request)),
        "password_form": password_form or PasswordResetForm(),
    }
    return render(request, "accounts/user_detail.html", context, status=status)


@require_permission("accounts.view")
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _user_page(request, selectors.user_get(request.user, pk))


@require_permission("accounts.manage")
@require_POST
def user_grant(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get(request.user, pk)
    form = GrantForm(request.POST, units=org_selectors.units_for(request.user), near=current_unit(request))
    if form.is_valid():
        try:
            services.grant_role(user_id=target.pk, role=form.cleaned_data["role"],
                                unit_id=form.cleaned_data["unit"].pk, reason=form.cleaned_data["reason"],
                                acting_user=request.user)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The role was granted."))
            return redirect("accounts:user_detail", target.pk)
    return _user_page(request, target, grant_form=form, status=422)


@require_permission("accounts.manage")
@require_POST
def grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(selectors.grants_for(request.user, active=False), pk=pk)
    try:
        services.revoke_role(grant_id=grant.pk, acting_user=request.user)
    except ServiceError as error:
        _show_refusal(request, error)
    else:
        messages.success(request, _("The role was revoked."))
    return redirect("accounts:user_detail", grant.user_id)


@require_permission("accounts.manage")
@require_POST
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(user_id=pk, active=active, acting_user=request.user)
    except ServiceError as error:
        _show_refusal(request, error)
    else:
        messages.success(request, _("The account is active again.") if active else _("The account was deactivated."))
    return redirect("accounts:user_detail", pk)


@require_permission("accounts.manage")
@require_POST
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.user_get(request.user, pk)
    form = PasswordResetForm(request.POST)
    if form.is_valid():
        try:
            services.user_set_password(user_id=target.pk, password=form.cleaned_data["password1"],
                                       acting_user=request.user)
        except ServiceError as error:
            add_service_error(form, error, PASSWORD_ALIASES)
        else:
            messages.success(request, _("The password was changed. Give it to the user in person."))
            return redirect("accounts:user_detail", target.pk)
    return _user_page(request, target, password_form=form, status=422)


@require_permission("accounts.manage")
@require_POST
def user_two_factor_remove(request: HttpRequest, pk: int) -> HttpResponse:
    services.totp_remove(user_id=pk, acting_user=request.user)
    messages.success(request, _("The two-factor device was removed. The user sets up a new one at the next login."))
    return redirect("accounts:user_detail", pk)


# --- Restricted access report ----------------------------------------------------------------


@require_permission("accounts.view_restricted")
def restricted_grants(request: HttpRequest) -> HttpResponseBase:
    """Who holds or held a restricted permission, who granted it, when and why; with its downloads."""
    listing = ListPage(request, selectors.restricted_grants_for(request.user), name="restricted",
                       export=exports.RESTRICTED_GRANTS, empty=_("No grant of a restricted permission so far."))
    return listing.response("accounts/restricted_grants.html", "accounts/restricted_grants.html")
