import re

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from pages.http import site_url
from pages.sitemaps import PageSitemap

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


@cache_control(public=True, max_age=3600)
def sitemap_index(request: HttpRequest) -> HttpResponse:
    response = sitemap_views.index(request, sitemaps={"pages": PageSitemap(request)}, sitemap_url_name="sitemap")
    for item in response.context_data["sitemaps"]:  # Django builds them from the Host header
        item.location = site_url(item.location)
    return response


@cache_control(public=True, max_age=3600)
def sitemap(request: HttpRequest, section: str) -> HttpResponse:
    return sitemap_views.sitemap(request, sitemaps={"pages": PageSitemap(request)}, section=section)


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /*/accounts/
Disallow: /*/members/
Disallow: /*/letters/
Disallow: /*/alerts/
Sitemap: {sitemap}
"""


@cache_control(public=True, max_age=86400)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers read the cases, never the members' pages; the sitemap lists every language."""
    sitemap_url = site_url(reverse("sitemap_index"))
    return HttpResponse(ROBOTS.format(sitemap=sitemap_url), content_type="text/plain; charset=utf-8")
