from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from members.models import User

ADMIN_PREFIX = "/admin/"
ADMIN_LOGOUT = "/admin/logout/"  # leaving is always allowed


def can_enter_admin(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def staff_two_factors(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Every account that can enter the admin needs a second factor (an authenticator app or a
    passkey): one without it that reaches the admin is sent to allauth's page to set one up, and
    cannot use the admin until it has. With one, allauth's login asks for it."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            request.path_info.startswith(ADMIN_PREFIX)
            and request.path_info != ADMIN_LOGOUT
            and user.is_authenticated
            and can_enter_admin(user)
            and not is_mfa_enabled(user, types=["totp", "webauthn"])
        ):
            messages.warning(
                request,
                _(
                    "The admin needs two-factor authentication. Set up an authenticator app or a passkey "
                    "first; then you can continue to the admin."
                ),
            )
            return redirect("mfa_index")
        return get_response(request)

    return middleware
