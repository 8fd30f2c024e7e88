"""sitemap.xml: every published page in every language, each with the addresses of its other
language versions (hreflang alternates), as search engines ask multilingual sites to list them."""

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.models import Page

from pages.http import site_url


class PageSitemap(Sitemap):
    limit = 10_000  # pages per sitemap file; sitemap.xml becomes an index beyond that

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def items(self) -> QuerySet:
        """Groups of language versions: one translation key each, in tree order."""
        return (
            Page.objects.live()
            .public()
            .filter(depth__gt=1)
            .order_by("translation_key")
            .values_list("translation_key", flat=True)
            .distinct()
        )

    def _urls(self, page: int | str, protocol: str, domain: str) -> list[dict]:
        keys = list(self.paginator.page(page).object_list)
        pages = Page.objects.live().public().filter(translation_key__in=keys).select_related("locale").specific()
        groups: dict = {}
        for version in pages:
            url = version.get_url(self.request)
            if url:
                location = site_url(url)
                groups.setdefault(version.translation_key, []).append((version, location))
        urls = []
        for key in keys:
            versions = groups.get(key, [])
            alternates = [
                {"lang_code": version.locale.language_code, "location": location} for version, location in versions
            ]
            for version, location in versions:
                urls.append(
                    {
                        "item": version,
                        "location": location,
                        "lastmod": version.last_published_at,
                        "alternates": alternates if len(alternates) > 1 else [],
                    }
                )
        return urls
