"""The open JSON API at /api/v1/: read-only without login, documented at /api/v1/docs and
/api/v1/openapi.json. Every answer is public and may be cached a minute, carries an ETag (a
repeated request with If-None-Match gets 304) and may be read from any origin (CORS)."""

import hashlib
import logging
import math
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views import defaults
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, Throttled
from ninja.throttling import AnonRateThrottle

from cases.api import router as cases_router
from impact.api import router as impact_router
from letters.api import router as letters_router
from members.api import router as members_router
from pages.clients import rate_key
from urgentactions.outage import unavailability

RATE_LIMIT = "120/m"  # per client address; documented in the API's description and the README
TOKEN_RATE_LIMIT = "60/m"  # per personal token, in addition to its address's; documented likewise


class AddressThrottle(AnonRateThrottle):
    """Every request counts for its client's address (pages.clients: TRUSTED_PROXIES), with a token or
    without: ninja's own reads X-Forwarded-For from anyone and skips token requests."""

    scope = "address"

    def get_ident(self, request: HttpRequest) -> str:
        return rate_key(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(AnonRateThrottle):
    """Requests with a member's personal token also count for the token, from whichever address."""

    scope = "token"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        if token is None or getattr(token, "pk", None) is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


class OpenAPI(NinjaAPI):
    def on_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        """A request whose token is refused never reaches the throttles (ninja checks the token
        first): count it for its address here, so that guessing tokens meets the same limit."""
        if isinstance(exc, AuthenticationError):
            address = next(throttle for throttle in self.throttle if isinstance(throttle, AddressThrottle))
            if not address.allow_request(request):
                wait = address.wait() or address.duration
                response = super().on_exception(request, Throttled(wait=wait))
                response["Retry-After"] = str(math.ceil(wait))
                return response
        return super().on_exception(request, exc)

    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        return public(request, response)

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict | None = None) -> dict:
        return with_error_answers(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


def public(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    if "Authorization" in request.headers:
        add_never_cache_headers(response)  # a member's own answer: never in a shared cache
        patch_cache_control(response, private=True)
        return response
    if request.method != "GET" or response.status_code != 200:
        return response
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    patch_cache_control(response, public=True, max_age=60)
    response["ETag"] = etag
    response["Vary"] = "Accept-Encoding"
    if etag in [value.strip() for value in request.headers.get("If-None-Match", "").split(",")]:
        not_modified = HttpResponseNotModified()
        for header in ("ETag", "Cache-Control", "Access-Control-Allow-Origin", "Vary"):
            not_modified[header] = response[header]
        return not_modified
    return response


api = OpenAPI(
    title="Urgent Actions API",
    version="1",
    description=(
        "Urgent actions, their documents, dated updates and targets, countries, themes, outcomes and "
        "letter counters, in every content language (`language=de|en|fr|it`). Read-only without "
        f"login; at most {RATE_LIMIT.replace('/m', ' requests a minute')} per client address (429 beyond, "
        "JSON, with Retry-After). Members log letters and follow cases with a personal token from their "
        "profile (`Authorization: Bearer <token>`); a token acts for its member only and may make at most "
        f"{TOKEN_RATE_LIMIT.replace('/m', ' requests a minute')}, which also count for its address."
    ),
    urls_namespace="api_v1",
    throttle=[AddressThrottle(RATE_LIMIT), TokenThrottle(TOKEN_RATE_LIMIT)],
)


# --- Errors (issue 14): every answer is JSON, and the schema documents each one an operation can give.

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}],
            "description": "What went wrong: a sentence, or (422) each invalid field with its location",
        }
    },
    "required": ["detail"],
}
ERROR_ANSWERS = {
    "400": "A NUL byte in the address, or a body that is not JSON",
    "401": "No valid personal token (`Authorization: Bearer <token>`)",
    "404": "Nothing with this key (or not published)",
    "422": "Invalid parameters or body: `detail` lists each error",
    "429": "Too many requests: wait a minute",
}


def with_error_answers(schema: dict) -> dict:
    """Ninja documents only the answers an operation declares; its own (422, 401, 429, 404) and the
    NUL-byte refusal (400) go in here, all as ERROR_SCHEMA."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            statuses = ["400", "422", "429"]
            if "{" in path:
                statuses.append("404")
            if operation.get("security"):
                statuses.append("401")
            responses = operation["responses"]
            for status in sorted(statuses):
                described = responses.get(status, {}).get("description", ERROR_ANSWERS[status])
                responses[status] = {"description": described, "content": {"application/json": {"schema": reference}}}
    return schema


@api.exception_handler(Exception)
def unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A fault of ours is still answered in JSON (ninja leaves it to Django's HTML page), and logged.
    An unreachable database or cache is not ours: raised on, it gets the 503 of urgentactions.outage."""
    if unavailability(exc):
        raise exc
    logging.getLogger("django.request").error("Internal Server Error: %s", request.path, exc_info=exc)
    return api.create_response(request, {"detail": "Internal server error."}, status=500)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: under /api/, an address no operation has (a key with a slash) answers JSON too."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not Found"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: JSON under /api/ (a fault outside the operations, in a middleware)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Internal server error."}, status=500)
    return defaults.server_error(request)


api.add_router("/", cases_router)
api.add_router("/", letters_router)
api.add_router("/", members_router)
api.add_router("/", impact_router)


def preflight(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Answers browsers' CORS preflight for the API: partner sites may send the token header."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.method == "OPTIONS" and request.path_info.startswith("/api/"):
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, POST, PUT, DELETE, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Authorization, Content-Type, If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
            return response
        return get_response(request)

    return middleware
