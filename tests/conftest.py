"""Fixtures of the end-to-end tests: Debian's Chromium driven by Playwright, and the demo site."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, sync_playwright
from playwright.sync_api import Page as BrowserPage
from wagtail.models import Collection, Page

from pages.actions import ensure_locales
from tests.browser import create_browser_staff, log_in_to_admin
from tests.builders import SiteTree, build_site_tree
from urgentactions import demo

CHROMIUM = Path("/usr/bin/chromium")

# Playwright's sync API runs an event loop in this thread; the ORM calls below are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("Browser tests need Debian's chromium: apt-get install chromium")
        pytest.skip("Browser tests need Debian's chromium: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


def restore_tree_roots() -> None:
    """Each live-server test ends with a flush, which also empties what Wagtail's migrations made;
    put back the two tree roots the sites build on. (serialized_rollback can't help here: the
    Playwright loop gives this thread other connection objects than the ones set up first.)"""
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=ensure_locales()[settings.LANGUAGE_CODE]))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


@pytest.fixture
def demo_site(transactional_db) -> dict:
    restore_tree_roots()
    return demo.load_demo_data(generated_cases=3)


@pytest.fixture
def live_site_tree(transactional_db) -> SiteTree:
    """The small tree (Home > Urgent Actions, English and German) for a live-server test, without the
    demo's cases where a test needs a site that has none of its own."""
    restore_tree_roots()
    return build_site_tree()


@pytest.fixture
def admin_editor(browser: Browser, live_server) -> BrowserPage:
    """An editor logged in to the admin, in English, with downloads allowed."""
    secret = create_browser_staff("coordinator@example.org", "write-for-rights-now", preferred_language="en")
    page = browser.new_context(
        viewport={"width": 1366, "height": 1000}, accept_downloads=True, locale="en-GB"
    ).new_page()
    log_in_to_admin(page, live_server.url, "coordinator@example.org", "write-for-rights-now", secret)
    return page
