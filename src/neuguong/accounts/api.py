"""Authentication endpoints of the JSON API."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from neuguong.core.errors import ServiceError

from . import selectors, services

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str
    name: str = "API"
    otp: str = ""


class TokenOut(Schema):
    token: str
    expires_at: str


@router.post("/auth/token", auth=None, response={201: TokenOut}, summary="Exchange a username and password for a token")
def create_token(request: HttpRequest, body: TokenIn):
    user = services.login_attempt(request=request, username=body.username, password=body.password)
    if selectors.has_confirmed_device(user):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        if not any(d.verify_token(body.otp) for d in TOTPDevice.objects.filter(user=user, confirmed=True)):
            raise ServiceError("otp_required", _("Enter the current 6-digit code from your authenticator app."),
                               field_errors={"otp": [_("The code is wrong or has expired.")]})
    token, raw = services.api_token_create(user=user, name=body.name, acting_user=user)
    return 201, {"token": raw, "expires_at": token.expires_at.isoformat()}
