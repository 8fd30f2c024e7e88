import time
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import Http404, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

if TYPE_CHECKING:  # this module is read before the apps are (the logging filters use it)
    from wagtail.models import Page

P = TypeVar("P", bound="Page")


def site_url(url: str) -> str:
    """An address on the site with settings.SITE_URL's scheme and host, never the request's Host
    header: what canonical links, language alternates, feeds and sitemaps give out (issue 14)."""
    if url.startswith(("http://", "https://")):
        parts = urlsplit(url)
        url = parts.path + (f"?{parts.query}" if parts.query else "")
    return settings.SITE_URL.rstrip("/") + "/" + url.lstrip("/")


def live_page_or_404(model: type[P], **lookup: object) -> P:
    """The published page of `model` that `lookup` names (an id, or a translation key and a language;
    a key alone names the page in every language: then the first made), or 404. As `model`, not as
    its specific class."""
    page = model.objects.live().filter(**lookup).order_by("pk").first()
    if page is None:
        raise Http404
    return page


def private(response: HttpResponse) -> HttpResponse:
    """Mark a response that carries one visitor's data: never stored by a shared cache."""
    if response.has_header("Cache-Control"):
        del response["Cache-Control"]  # what made it public (pages.cache.public) no longer holds
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def strict_script_policy(response: HttpResponse) -> HttpResponse:
    """Mark an admin response that runs no inline script: it gets the admin's policy without
    'unsafe-inline' for scripts (urgentactions/middleware.py), as it shows text from outside."""
    response.strict_script_policy = True
    return response


def within_rate_limit(scope: str, key: object, *, limit: int, seconds: int = 60) -> bool:
    """Count one more call for (scope, key) and say whether it stays within `limit` per `seconds`.

    A fixed window in the shared cache. (allauth's limiter, used for the account forms, takes a lock
    and four cache round trips; this one guards the busiest request, letter reports.)
    """
    window = int(time.time() // seconds)
    cache_key = f"rate:{scope}:{key}:{window}"
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return _count_in_redis(backend, cache_key, seconds) <= limit
    # Elsewhere the first call of a window is one atomic add, later ones an atomic increment.
    if backend.add(cache_key, 1, seconds):
        return True
    try:
        return backend.incr(cache_key) <= limit
    except ValueError:  # evicted between the two calls: count afresh
        backend.add(cache_key, 1, seconds)
        return True


def _count_in_redis(backend: RedisCache, cache_key: str, seconds: int) -> int:
    """The window's count after this call, in one round trip: Django's add and incr take up to three
    (incr asks whether the key exists first). SET NX starts the window with its expiry, INCR counts;
    both in one pipeline. Django's cache stores integers unpickled, so the key reads as usual."""
    key = backend.make_and_validate_key(cache_key)
    with backend._cache.get_client(key, write=True).pipeline(transaction=False) as pipeline:
        pipeline.set(key, 0, ex=seconds, nx=True)
        pipeline.incr(key)
        _, count = pipeline.execute()
    return count


def seconds_left_in_window(seconds: int = 60) -> int:
    """Until within_rate_limit's current window ends: a 429's Retry-After."""
    return seconds - int(time.time()) % seconds
