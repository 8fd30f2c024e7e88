from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext

# The public site loads nothing from other hosts and runs no inline script. The Wagtail admin
# (which needs inline script) and document downloads are left to their own headers.
PUBLIC_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
EXEMPT_PREFIXES = ("/admin/", "/documents/")


def content_security_policy(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if not request.path.startswith(EXEMPT_PREFIXES) and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = PUBLIC_CSP
        return response

    return middleware


def private_when_personalised(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Public pages are the same for everyone; one that a visitor's cookie changed (a dismissed
    site message) or that showed this visitor's messages ("You have signed out.") is marked
    private, so a shared cache never serves it to others."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if getattr(request, "is_personalised", False) or showed_messages(request):
            patch_cache_control(response, private=True)
        return response

    return middleware


def showed_messages(request: HttpRequest) -> bool:
    """Whether the response lists messages (templates/_messages.html): the storage is marked used
    once they are iterated, and still counts them until the message middleware clears it."""
    storage = messages.get_messages(request)
    return getattr(storage, "used", False) and len(storage) > 0


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that an unknown address outside the language prefixes (the API, the admin,
    documents) stays a 404: Django would redirect it to /de/..., where the site's pages answer."""

    UNPREFIXED = ("/api/", "/admin/", "/documents/")

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code == 404 and request.path_info.startswith(self.UNPREFIXED):
            return response
        return super().process_response(request, response)


# --- Hostile input (issue 14) --------------------------------------------------------------------


def refuse_nul_bytes(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """A NUL byte in the address or the query string is refused before any view: no database
    stores one (PostgreSQL raises on it), and no honest link holds one. The API answers JSON."""

    def middleware(request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "The request contains a NUL byte."}, status=400)
            return HttpResponseBadRequest(gettext("The address contains a character that is not allowed."))
        return get_response(request)

    return middleware
