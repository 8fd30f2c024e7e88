from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.translation import gettext

from pages.http import private

# The public site loads nothing from other hosts and runs no inline script. Document downloads are
# left to their own headers; the admin has ADMIN_CSP below.
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

# --- The Wagtail admin's policy (issue 14). Found by opening every admin screen in headless Chromium
# (tests/test_browser_admin_csp.py) and collecting violations. It loads nothing from other hosts
# (WAGTAIL_GRAVATAR_PROVIDER_URL is off) and sends forms and requests only to the site. Relaxations:
# - script-src 'unsafe-inline': Wagtail 8 still writes inline <script> for its widgets and panels
#   (initDateChooser, new SnippetChooser/DocumentChooser, InlinePanel in every edit form, the
#   choosers' modal HTML run by jQuery), with no nonce support; hashes differ per field and form.
#   Views that show text from outside the admin's editors mark their response with
#   `strict_script_policy` (pages/http.py) and get ADMIN_STRICT_CSP, without it.
# - style-src 'unsafe-inline': style attributes of Draftail, the StreamField, the choosers' modals
#   and wagtail-localize's editor (React).
# - img-src data: blob:: inline SVG icons and previews of an image being uploaded.
ADMIN_CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "frame-src": "'self'",  # the page preview panel and the alert preview's email frame
    "form-action": "'self'",
    "frame-ancestors": "'self'",  # the admin frames its own previews
    "base-uri": "'self'",
    "object-src": "'none'",
}
ADMIN_CSP = "; ".join(f"{name} {value}" for name, value in ADMIN_CSP_DIRECTIVES.items())
ADMIN_STRICT_CSP = "; ".join(
    f"{name} {value}" for name, value in {**ADMIN_CSP_DIRECTIVES, "script-src": "'self'"}.items()
)
# A page rendered for the admin's preview panel (Wagtail's dummy request, on the page's own path) is
# the public policy framed by the admin.
PREVIEW_CSP = PUBLIC_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
ADMIN_PREFIX = "/admin/"
EXEMPT_PREFIXES = ("/documents/",)


def content_security_policy(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if not request.path.startswith(EXEMPT_PREFIXES) and "Content-Security-Policy" not in response:
            if getattr(request, "is_preview", False):  # a page as Wagtail's preview panel frames it
                response["Content-Security-Policy"] = PREVIEW_CSP
            elif not request.path.startswith(ADMIN_PREFIX):
                response["Content-Security-Policy"] = PUBLIC_CSP
            elif getattr(response, "strict_script_policy", False):
                response["Content-Security-Policy"] = ADMIN_STRICT_CSP
            else:
                response["Content-Security-Policy"] = ADMIN_CSP
        return response

    return middleware


def private_when_showing_messages(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """A page that showed this visitor's messages ("You have signed out.") is theirs: marked
    private, so no shared cache keeps it, even where its view made it public (pages.cache)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if showed_messages(request):
            private(response)
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
