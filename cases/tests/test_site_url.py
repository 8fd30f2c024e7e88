"""Issue 14, finding 11: the addresses pages give out (canonical, hreflang alternates, Open Graph,
JSON-LD, feeds, sitemaps, robots.txt, the API) come from settings.SITE_URL, not the Host header."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

SITE = "https://ua.example.org"


@pytest.fixture
def two_hosts(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["ua.example.org", "evil.example.net"]


def absolute_urls(content: bytes) -> set[str]:
    return set(re.findall(r"https?://[^\s\"'<>\\]+", content.decode()))


def test_every_address_a_page_gives_out_is_on_the_site_url(client, two_hosts, reference_case):
    with translation.override("en"):
        paths = [
            reference_case.ua_en.url,
            reverse("feed_rss"),
            reverse("feed_atom"),
            reverse("feed_deadlines"),
        ]
    paths += ["/sitemap.xml", "/sitemap-pages.xml", "/robots.txt", "/api/v1/cases?language=en"]
    found = set()
    for path in paths:
        response = client.get(path, HTTP_HOST="evil.example.net")
        assert response.status_code == 200, path
        urls = {url for url in absolute_urls(response.content) if "example" in url}
        assert not [url for url in urls if "evil.example.net" in url], path
        found |= urls
    page = client.get(reference_case.ua_en.url, HTTP_HOST="evil.example.net").content.decode()
    assert f'<link rel="canonical" href="{SITE}{reference_case.ua_en.url}">' in page
    assert f'hreflang="de" href="{SITE}{reference_case.ua_de.url}"' in page
    assert f'"url": "{SITE}{reference_case.ua_en.url}"' in page  # JSON-LD
    assert any(url.startswith(f"{SITE}/") for url in found)
