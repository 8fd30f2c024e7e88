"""Search engines and link previews: sitemap.xml with every language version, robots.txt, and the
case pages' canonical address, hreflang links, Open Graph and schema.org data."""

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Absolute addresses come from SITE_URL (issue 14); here it is the test client's host."""
    settings.SITE_URL = "http://testserver"


pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
FOLLOW_UP = "/en/urgent-actions/2012/06/168-12/168-12-1/"


def test_the_sitemap_lists_every_language_version_with_its_alternates(client, reference_case, make_case):
    make_case(sequence=99, title="Not yet published", publish=False)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    assert [loc.text for loc in index.iter(f"{SITEMAP}loc")] == ["http://testserver/sitemap-pages.xml"]

    response = client.get("/sitemap-pages.xml")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    urls = {
        url.find(f"{SITEMAP}loc").text: {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        for url in ET.fromstring(response.content).iter(f"{SITEMAP}url")
    }
    german = "http://testserver/de/urgent-actions/2012/06/168-12/168-12-1/"
    english = f"http://testserver{FOLLOW_UP}"
    assert urls[english]["de"] == german
    assert urls[german]["en"] == english
    assert urls[english]["en"] == english  # each lists itself too
    assert "http://testserver/de/" in urls and "http://testserver/en/" in urls
    assert not any("/99-" in url for url in urls)  # drafts are not listed


def test_robots_keep_crawlers_out_of_members_pages_and_point_to_the_sitemap(client, site_tree):
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    lines = robots.content.decode().splitlines()
    assert "User-agent: *" in lines
    for private in ("/admin/", "/*/members/", "/*/letters/", "/*/alerts/", "/*/accounts/"):
        assert f"Disallow: {private}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /" not in lines  # the cases stay open to search engines


def test_a_case_page_carries_canonical_language_versions_open_graph_and_schema_org(client, reference_case):
    head = BeautifulSoup(client.get(FOLLOW_UP).content, "html.parser").head
    assert head.find("link", rel="canonical")["href"] == f"http://testserver{FOLLOW_UP}"
    alternates = {
        link["hreflang"]: link["href"] for link in head.find_all("link", rel="alternate") if link.get("hreflang")
    }
    assert alternates == {
        "en": f"http://testserver{FOLLOW_UP}",
        "de": "http://testserver/de/urgent-actions/2012/06/168-12/168-12-1/",
    }
    og = {meta["property"]: meta["content"] for meta in head.find_all("meta", property=True)}
    assert og["og:title"] == "FI 168/12-1: New charges against prisoner of conscience"
    assert og["og:type"] == "article"
    assert og["og:url"] == f"http://testserver{FOLLOW_UP}"
    assert og["og:description"].startswith("On 26 December 2018")
    data = json.loads(head.find("script", type="application/ld+json").string)
    assert data["@type"] == "Article"
    assert data["identifier"] == ["FI 168/12-1", "EUR 55/9651/2019"]
    assert data["about"] == [{"@type": "Person", "name": "Mehman Huseynov"}]
    assert data["contentLocation"]["name"] == "Azerbaijan"
    assert data["inLanguage"] == "en"


def test_the_english_text_in_the_german_interface_names_the_english_page_as_canonical(client, reference_case):
    head = BeautifulSoup(
        client.get("/de/urgent-actions/2012/06/168-12/168-12-1/?ua_language=en").content, "html.parser"
    ).head
    assert head.find("link", rel="canonical")["href"] == f"http://testserver{FOLLOW_UP}"


def test_structured_data_cannot_close_its_script_element(client, site_tree, make_case):
    case = make_case(sequence=7, title="</script><script>alert(1)</script> & more")
    html = client.get(case.url).content.decode()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block
    assert json.loads(block)["headline"].startswith("UA 7/")
    assert "</script><script>alert(1)</script> & more" in json.loads(block)["headline"]
