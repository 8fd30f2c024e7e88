"""While the database or Redis cannot be reached, every request that needs them answers 503 with
Retry-After and a static page in the visitor's language (JSON under /api/), logged as one WARNING
line instead of a traceback per failure; the next request after they return is served as usual.

Django turns an exception into a 500 in whichever layer raised it (view, template, middleware), so
the error is noted on the request where Django reports it (got_request_exception), its traceback is
left out of the django.request log (UnavailableLogFilter), and the outermost middleware here
replaces the response. Broken database connections are closed at the end of the request (Django
does so for a connection whose query failed; conn_health_checks tests a reused one first).
"""

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext

from urgentactions.middleware import PUBLIC_CSP

logger = logging.getLogger("urgentactions.outage")

RETRY_AFTER_SECONDS = 30


def _unavailable_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OperationalError, InterfaceError]
    try:
        import psycopg

        errors += [psycopg.OperationalError, psycopg.InterfaceError]
    except ImportError:  # SQLite-only installs
        pass
    try:
        import redis.exceptions

        errors += [redis.exceptions.ConnectionError, redis.exceptions.TimeoutError]
    except ImportError:
        pass
    return tuple(errors)


UNAVAILABLE_ERRORS = _unavailable_errors()


def unavailability(error: BaseException | None) -> BaseException | None:
    """The database or cache error that `error` is or was raised from (e.g. a template error whose
    cause is a lost connection), or None."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, UNAVAILABLE_ERRORS):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def note_unavailable(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    """got_request_exception receiver: remembers on the request that a layer failed for want of
    the database or the cache (Django calls it while handling the exception)."""
    error = unavailability(sys.exc_info()[1])
    if request is not None and error is not None and not hasattr(request, "unavailable_error"):
        request.unavailable_error = error


class UnavailableLogFilter(logging.Filter):
    """Drops django.request's traceback for an unreachable database or cache: the middleware
    below logs one line per request instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and unavailability(record.exc_info[1]))


def service_unavailable(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            response = get_response(request)
        except Exception as error:  # an error that escaped Django's own handling (the 500 page's)
            request.unavailable_error = unavailability(error)
            if request.unavailable_error is None:
                raise
            return outage_response(request)
        if getattr(request, "unavailable_error", None) is not None:
            return outage_response(request)
        return response

    return middleware


def outage_response(request: HttpRequest) -> HttpResponse:
    error = request.unavailable_error
    logger.warning(
        "Service unavailable, answered 503: %s %s: %s: %s",
        request.method,
        request.path,
        type(error).__name__,
        str(error).strip().splitlines()[0] if str(error).strip() else "",
    )
    language = visitor_language(request)
    with translation.override(language):
        message = gettext("The site is briefly unavailable. Please try again in a few minutes.")
        if request.path_info.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
            response["Access-Control-Allow-Origin"] = "*"
        else:
            response = HttpResponse(
                render_to_string("503.html", {"LANGUAGE_CODE": language, "message": message, **site_look()}),
                status=503,
            )
            response["Content-Security-Policy"] = PUBLIC_CSP  # the inner middleware's, which it skipped
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Language"])
    add_never_cache_headers(response)
    response._has_been_logged = True  # the line above is the request's log line
    return response


def site_look() -> dict:
    """The site's stylesheet and icon for the outage page, if the static files can name them (a
    missing manifest must not turn the 503 into a 500)."""
    try:
        return {"stylesheet": static("css/site.css"), "icon": static("img/favicon.svg")}
    except ValueError:
        return {}


def visitor_language(request: HttpRequest) -> str:
    """The address's language prefix, else the visitor's cookie or Accept-Language: never the
    session or the database."""
    return (
        translation.get_language_from_path(request.path_info)
        or translation.get_language_from_request(request)
        or settings.LANGUAGE_CODE
    )
