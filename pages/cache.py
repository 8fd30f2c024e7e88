"""The page cache: public pages kept whole in the shared cache for everyone who is not logged in.

A public page is the same for every visitor (what belongs to one member comes from small private
endpoints, fetched by a script), so it is rendered once and then served from the cache (Redis in
production, local memory in development) without a query. The view that makes a response says
what it is (`public` or `pages.http.private`); this module stores only what was made public for a
request that carried nothing of a visitor's own.

Freshness: every entry belongs to a generation of the site's content. Anything shown on public
pages that changes (a page published, unpublished, moved or deleted, a snippet edited, a site
message, a view restriction; see `watch`) starts a new generation, so the next request renders
afresh: an entry of an older generation is never shown again, and is replaced or expires. The
section's date is part of the key, so a case closes at midnight without anyone publishing. A
reverse proxy in front (deploy/) keeps the same pages for `s-maxage` and is purged through
Wagtail's front-end cache invalidation.
"""

import datetime
import functools
import hashlib
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from pages.http import private, site_url

GENERATION_KEY = "page-cache:generation"
HEADERS_KEPT = (
    "Content-Type",
    "Content-Language",
    "Cache-Control",
    "Vary",
    "Content-Security-Policy",
    "X-Frame-Options",
    "Link",
)


def is_personal(request: HttpRequest) -> bool:
    """Whether the request carries something of the visitor's own that a public page would show:
    messages waiting ("You have signed out."; MESSAGE_STORAGE keeps them in a cookie) or a dismissed
    site message. (Being logged in is not: public pages show nothing of the member's own.)"""
    cookies = request.COOKIES
    return bool(cookies.get(CookieStorage.cookie_name) or cookies.get(settings.SITE_MESSAGE_COOKIE))


def seconds_to_midnight(now: datetime.datetime | None = None) -> int:
    """Until the section's next day begins: when deadlines pass and open cases close."""
    now = timezone.localtime(now)
    midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(), now.tzinfo)
    return max(int((midnight - now).total_seconds()), 1)


def public(request: HttpRequest, response: HttpResponse, *, seconds: int | None = None) -> HttpResponse:
    """Mark a response that is the same for every visitor: shared caches (this module's, a reverse
    proxy, a CDN) may keep it for `seconds` (PAGE_CACHE_SECONDS by default, never past midnight);
    browsers ask again each time. A request carrying the visitor's own state gets it private."""
    if is_personal(request):
        return private(response)
    seconds = min(settings.PAGE_CACHE_SECONDS if seconds is None else seconds, seconds_to_midnight())
    patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    return response


def public_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view whose answer is the same for every visitor (see `public`)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return public(request, view(request, *args, **kwargs))

    return wrapper


# --- Generations ----------------------------------------------------------------------------------


def current_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:  # never set, or evicted: a new generation (what was kept is not reached)
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def start_new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def public_pages_changed() -> None:
    """Something public pages show has changed: render them afresh, here and at the proxy.

    A new generation at once (this request and the tests see the change) and again once the change
    is committed: a page rendered in between from the old rows would otherwise be kept as new.
    """
    start_new_generation()
    transaction.on_commit(_after_commit)


def _after_commit() -> None:
    start_new_generation()
    purge_proxy()


def purge_proxy() -> None:
    """Drop every page from the reverse proxy or CDN configured in WAGTAILFRONTENDCACHE (Wagtail's
    front-end cache invalidation): the proxy in deploy/ takes a purge of the site's root as
    "everything below it"."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_url_from_cache

    purge_url_from_cache(site_url("/"))


def watch(models_shown: Iterable[type[models.Model]]) -> None:
    """Start a new generation whenever a row of these models is saved or deleted (each app's
    ready() names what of it public pages show). Invalidation only: no business logic here."""
    for model in models_shown:
        post_save.connect(_changed, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}")


def _changed(sender: type[models.Model], **kwargs: object) -> None:
    public_pages_changed()


def watch_pages() -> None:
    """Pages: published, unpublished, moved, deleted; and who may see them. A draft saved by the
    editor (autosave) changes nothing public and keeps the cache."""
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(_changed, dispatch_uid="page-cache-published")
    page_unpublished.connect(_changed, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(_changed, dispatch_uid="page-cache-moved")
    post_delete.connect(_page_deleted, dispatch_uid="page-cache-page-deleted")
    watch([PageViewRestriction, Site])


def _page_deleted(sender: type[models.Model], instance: models.Model, **kwargs: object) -> None:
    from wagtail.models import Page

    if isinstance(instance, Page):
        public_pages_changed()


# --- The middleware -------------------------------------------------------------------------------

# A page past its time is served for up to this long more while one request renders it anew: under
# a crowd, one rendering per page and lifetime, not one per request that arrives meanwhile.
STALE_SECONDS = 30
RENDERING_SECONDS = 10  # after this, another request may try (the one rendering may have failed)


def _key(request: HttpRequest, *, method: str | None = None, path: str | None = None) -> str:
    address = f"{method or request.method}:{request.get_host()}:{path or request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page-cache:{timezone.localdate().isoformat()}:{digest}"


def forget(request: HttpRequest, paths: Iterable[str]) -> None:
    """Drop what is kept for these addresses on the request's host: the next visitor gets them
    rendered afresh (the letters panel after a member's report, rather than seconds later)."""
    cache.delete_many([_key(request, method=method, path=path) for path in paths for method in ("GET", "HEAD")])


def _served_from_cache(request: HttpRequest) -> bool:
    """Pages (addresses under a language, /en/...) for requests that are not logged in and carry
    nothing of the visitor's own. The admin, the API, health checks and documents never are."""
    language = request.path_info.split("/", 2)[1]
    return (
        request.method in ("GET", "HEAD")
        and settings.PAGE_CACHE_SECONDS > 0
        and language in dict(settings.LANGUAGES)
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        and not is_personal(request)
    )


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and "s-maxage" in cache_control
        and "private" not in cache_control
        and "no-store" not in cache_control
        and not response.cookies  # a cookie set for this visitor (a CSRF token) is theirs alone
        and not getattr(request, "is_preview", False)
        and not (hasattr(request, "user") and request.user.is_authenticated)
    )


def page_cache(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Serve public pages from the shared cache to requests that are not logged in and carry nothing
    of the visitor's own; keep what views marked public for them (see `public`), for its s-maxage."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if not _served_from_cache(request):
            return get_response(request)
        key = _key(request)
        found = cache.get_many([GENERATION_KEY, key])  # one round trip for a page served from the cache
        generation = found.get(GENERATION_KEY) or current_generation()  # as the request began
        kept = found.get(key)
        if kept is not None and kept[0] != generation:
            kept = None  # rendered before the latest change: not shown again
        now = time.time()
        rendering = f"{key}:rendering"
        if kept is not None:
            _generation, _status, _headers, _content, stored_at, seconds = kept
            if now < stored_at + seconds or not cache.add(rendering, 1, RENDERING_SECONDS):
                return _response_from(kept, now)
        try:
            return _render_and_keep(request, get_response, key, generation, now)
        finally:
            if kept is not None:  # this request had taken the turn to render it anew
                cache.delete(rendering)

    return middleware


def _render_and_keep(
    request: HttpRequest, get_response: Callable, key: str, generation: str, now: float
) -> HttpResponse:
    response = get_response(request)
    if _storable(request, response):  # rendered by now: Django renders a TemplateResponse first
        headers = [(name, response[name]) for name in HEADERS_KEPT if name in response]
        seconds = _s_maxage(response)
        kept = (generation, response.status_code, headers, response.content, now, seconds)
        cache.set(key, kept, timeout=seconds + STALE_SECONDS)
        response["X-Page-Cache"] = "miss"
    return response


def _response_from(kept: tuple, now: float) -> HttpResponse:
    _generation, status, headers, content, stored_at, _seconds = kept
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    # A proxy in front keeps it only for what is left of its s-maxage (RFC 9111, 4.2.3).
    response["Age"] = str(max(int(now - stored_at), 0))
    response["X-Page-Cache"] = "hit"
    return response


def _s_maxage(response: HttpResponse) -> int:
    for directive in response["Cache-Control"].split(","):
        name, _, value = directive.strip().partition("=")
        if name == "s-maxage" and value.isdigit():
            return int(value)
    return 0
