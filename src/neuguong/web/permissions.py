"""The permission every page declares: ``@require_permission("people.view")``.

A visitor who is not logged in goes to the login page; a user holding the permission on no unit
at all gets 403. Whether the record asked for lies in the user's subtrees is decided further in,
by the selectors and services (404 when it does not). A service refusing an action the user can
see but not perform (``PermissionDeniedError``) also ends as 403 here, so views need not catch it.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from neuguong.accounts.scoping import has_permission
from neuguong.core.errors import PermissionDeniedError

View = Callable[..., HttpResponseBase]


def require_permission(permission: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_permission(request.user, permission):
                raise PermissionDenied
            try:
                return view(request, *args, **kwargs)
            except PermissionDeniedError as error:
                raise PermissionDenied(str(error.message)) from error

        wrapped.permission = permission  # type: ignore[attr-defined]
        return wrapped

    return decorator
