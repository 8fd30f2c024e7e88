"""The main pages pass axe's WCAG 2.2 AA rules, in the German interface and with an English case."""

import pytest
from playwright.sync_api import Browser

from tests.accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN_PAGES = [
    "/de/",
    "/de/urgent-actions/",
    "/de/urgent-actions/2012/",
    "/de/urgent-actions/2012/06/168-12/",
    "/de/urgent-actions/2012/06/168-12/168-12-1/",
    "/de/urgent-actions/2012/06/168-12/168-12-1/?ua_language=en",
    "/de/search/?q=Huseynov",
    "/de/accounts/login/",
    "/de/accounts/signup/",
    "/en/urgent-actions/",
]


def test_the_main_pages_have_no_axe_violations(browser: Browser, live_server, demo_site) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    for address in MAIN_PAGES:
        response = page.goto(f"{live_server.url}{address}")
        assert response is not None and response.status == 200, address
        if violations := axe_violations(page):
            found[address] = violations
    context.close()

    assert found == {}


def test_the_check_finds_what_it_is_for(browser: Browser) -> None:
    """An image without a text alternative and grey on grey: the helper names both rules."""
    page = browser.new_page()
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><img src="data:,">'
        '<p style="color:#aaa;background:#bbb">Faint</p></main></body></html>'
    )
    violations = " ".join(axe_violations(page))
    page.close()

    assert "image-alt" in violations and "color-contrast" in violations
