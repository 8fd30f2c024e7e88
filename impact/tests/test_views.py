"""The public impact page, its CSV and the API: the same figures for everyone, filters, bad input."""

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import get_language

from impact import views
from impact.actions import refresh_impact_figures
from impact.tests.factories import build_network

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def network(site_tree, make_member):
    built = build_network(site_tree, make_member)
    refresh_impact_figures()
    return built


def test_the_impact_page_shows_charts_and_tables_of_the_figures(client, network):
    response = client.get("/en/impact/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg ") == 4
    assert 'role="img"' in html and 'aria-labelledby="cases-by-year-title cases-by-year-desc"' in html
    assert "<table" in html
    assert "2018: 2 cases, 2 closed, 1 with a positive outcome" in html  # the chart's description
    assert "http://" not in html.split("<svg", 1)[1].split("</svg>")[0].replace("http://www.w3.org", "")
    assert "font-family" not in html.split("<svg", 1)[1]  # the page's font
    assert "s-maxage" in response["Cache-Control"] and "public" in response["Cache-Control"]


def test_figures_and_charts_are_computed_once_per_refresh_filter_and_language(client, network, monkeypatch, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the page itself rendered each time
    read: list[object] = []
    drawn: list[str] = []
    figures_of, draw = views.impact_figures, views.draw_charts
    monkeypatch.setattr(views, "impact_figures", lambda filters: read.append(filters.year) or figures_of(filters))
    monkeypatch.setattr(views, "draw_charts", lambda figures: drawn.append(get_language()) or draw(figures))
    for address in ("/en/impact/", "/en/impact/", "/en/impact/?year=2018", "/de/impact/", "/en/impact/?year=2018"):
        assert b"<svg" in client.get(address).content
    assert read == [None, 2018]
    assert drawn == ["en", "en", "de"]
    refresh_impact_figures()  # new figures, new charts
    assert "2018: 2 cases" in client.get("/en/impact/").content.decode()
    assert read == [None, 2018, None]
    assert drawn == ["en", "en", "de", "en"]


def test_the_page_reads_a_few_rows(client, network, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    with django_assert_max_num_queries(22):  # the figures read from the kept tables
        assert client.get("/en/impact/?country=AZ").status_code == 200
    with django_assert_max_num_queries(7):  # then: the refresh time of the kept reads, the menus and site
        assert client.get("/en/impact/?country=AZ").status_code == 200


def test_the_page_is_the_same_for_a_member_and_names_nobody(client, network):
    anonymous = client.get("/en/impact/").content
    client.force_login(network.members["m1"])
    cache.clear()
    member = client.get("/en/impact/").content
    assert member == anonymous
    assert b"m1@example.org" not in member


def test_filters_narrow_the_figures(client, network):
    html = client.get("/en/impact/?year=2018&country=AZ").content.decode()
    assert "2018: 2 cases, 2 closed, 1 with a positive outcome" in html
    assert "2019:" not in html.split("cases-by-year-desc", 1)[1].split("</desc>")[0]


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=99999999999999999999999",
        "year=1066",
        "year=" + "\uff12\uff10\uff11\uff19",
        "country=ZZ",
        "country=" + "A" * 5000,
    ],
)
def test_bad_filters_are_named_and_ignored_with_400(client, network, query):
    response = client.get("/en/impact/?" + query)
    assert response.status_code == 400
    assert b"were not understood" in response.content
    assert b"<svg" in response.content


def test_nul_bytes_in_a_filter_answer_400(client, network):
    assert client.get("/en/impact/?country=%00").status_code == 400
    assert client.get("/en/impact/?year=20%0019").status_code == 400


def test_the_figures_as_csv(client, network):
    response = client.get(reverse("impact_csv") + "?year=2018")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    year = next(row for row in rows if row["figure"] == "year")
    assert (year["key"], year["cases"], year["closed"], year["positive"], year["success_rate"]) == (
        "2018",
        "2",
        "2",
        "1",
        "50.0",
    )
    month = next(row for row in rows if row["figure"] == "month")
    assert (month["key"], month["letters"], month["members_active"]) == ("2018-03", "5", "2")
    assert client.get("/en/impact/?format=csv")["Content-Type"].startswith("text/csv")


def test_the_figures_in_the_api(client, network):
    data = client.get("/api/v1/impact", {"country": "by"}).json()
    assert (data["cases"], data["closed"], data["positive"], data["open_cases"]) == (2, 1, 1, 1)
    assert data["filters"] == {"year": None, "country": "BY"}
    assert [row["year"] for row in data["by_year"]] == [2019]
    assert client.get("/api/v1/impact", {"year": "99999999999999999999"}).status_code == 422
    assert client.get("/api/v1/impact", {"country": "ABC"}).status_code == 422
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/impact" in schema["paths"]
