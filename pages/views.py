import re

from django.conf import settings
from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

DISMISSAL_KEY = re.compile(r"^[0-9a-f]{12}-\d+$")
ONE_YEAR = 365 * 24 * 60 * 60


@require_GET
def dismiss_site_message(request: HttpRequest, key: str) -> HttpResponseRedirect | HttpResponseBadRequest:
    """Remember in a cookie that this visitor closed the message; works without JavaScript.

    A GET is enough: the only effect is a display preference in the visitor's own browser.
    """
    if not DISMISSAL_KEY.match(key):
        return HttpResponseBadRequest("Unknown message.")
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.SITE_MESSAGE_COOKIE,
        key,
        max_age=ONE_YEAR,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
