"""The site's addresses, and the floor views the benchmarks measure against (bench/floor_settings.py)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from urgentactions.urls import urlpatterns as site_urlpatterns


def bare(request: HttpRequest, size: int) -> HttpResponse:
    """`size` bytes of HTML and nothing else: what a page of that size costs the framework alone."""
    return HttpResponse(b"<!DOCTYPE html>" + b"x" * max(size - 15, 0), content_type="text/html; charset=utf-8")


def bare_from_cache(request: HttpRequest, size: int) -> HttpResponse:
    """`size` bytes of HTML read from the shared cache in one round trip (two keys, as the page
    cache reads a generation and a page): what any answer from the cache costs at least."""
    key = f"bench:bare:{size}"
    found = cache.get_many(["bench:generation", key])
    if key not in found:
        found[key] = b"<!DOCTYPE html>" + b"x" * max(size - 15, 0)
        cache.set_many({"bench:generation": "1", key: found[key]}, timeout=600)
    return HttpResponse(found[key], content_type="text/html; charset=utf-8")


@require_POST
@login_required
def authenticated_post(request: HttpRequest, page_id: int) -> HttpResponse:
    """A letter report's request with no work behind it: the session, the CSRF check and the member
    (login_required reads them, as every member's request does), then 204 (bench/letters.py)."""
    return HttpResponse(status=204)


urlpatterns = [
    path("bench/bare/<int:size>/", bare),
    path("bench/bare-from-cache/<int:size>/", bare_from_cache),
    # Under the language prefix, as the letter reports are: the same middleware work.
    *i18n_patterns(path("bench/floor/letters/<int:page_id>/report/", authenticated_post), prefix_default_language=True),
    *site_urlpatterns,
]
