"""The public impact page in Chromium: charts drawn (SVG with a text alternative), tables beside
them, readable at a phone's width, and no axe violation."""

import os

import pytest
from playwright.sync_api import Browser

from impact.actions import refresh_impact_figures
from impact.tests.factories import build_network
from tests.accessibility import axe_violations

SHOTS = os.environ.get("SCREENSHOTS_DIR", "/tmp/impact-shots")


pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_impact_page_shows_its_charts_and_tables(
    browser: Browser, live_server, live_site_tree, make_member
) -> None:
    build_network(live_site_tree, make_member)
    refresh_impact_figures()
    requests_elsewhere: list[str] = []

    def note(request) -> None:
        if not request.url.startswith(live_server.url):
            requests_elsewhere.append(request.url)

    for name, width in (("desktop", 1280), ("phone", 390)):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.on("request", note)
        page.goto(f"{live_server.url}/en/impact/")
        charts = page.locator("svg.chart__svg[role=img]")
        assert charts.count() == 4
        assert charts.first.bounding_box()["width"] > 200
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # wide tables scroll in their box
        assert page.locator("table.figures-table").count() >= 4
        assert page.locator("#cases-by-year-title").text_content() == "Cases and outcomes by year"
        assert not requests_elsewhere
        assert axe_violations(page) == []
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/impact-{name}.png", full_page=True)
        page.close()
