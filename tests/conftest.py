"""Fixtures of the end-to-end tests: Debian's Chromium driven by Playwright, and the demo site."""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.conf import settings
from playwright.sync_api import Browser, expect, sync_playwright
from playwright.sync_api import Page as BrowserPage
from wagtail.models import Collection, Page

from conftest import SiteTree, build_site_tree, with_two_factors
from members.models import User
from pages.actions import ensure_locales
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


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for this secret."""
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def create_browser_staff(email: str, password: str, **fields) -> str:
    """A superuser as staff are (verified address, an authenticator app); returns its TOTP secret.

    Wagtail's groups come from migrations, which an earlier live-server test's flush empties: staff
    in browser tests are superusers (the Editors group's rights are tested with the admin views)."""
    user = User.objects.create_superuser(email, password, **fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return with_two_factors(user)


def log_in_to_admin(page: BrowserPage, base_url: str, email: str, password: str, secret: str) -> None:
    """As an editor does: the admin sends to the site's login, then the authenticator's code."""
    page.goto(f"{base_url}/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/"))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form[action*='/accounts/login/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("form[action$='/2fa/authenticate/'] button[type=submit]").first.click()
    expect(page).to_have_url(f"{base_url}/admin/")


@pytest.fixture
def admin_editor(browser: Browser, live_server) -> BrowserPage:
    """An editor logged in to the admin, in English, with downloads allowed."""
    secret = create_browser_staff("coordinator@example.org", "write-for-rights-now", preferred_language="en")
    page = browser.new_context(
        viewport={"width": 1366, "height": 1000}, accept_downloads=True, locale="en-GB"
    ).new_page()
    log_in_to_admin(page, live_server.url, "coordinator@example.org", "write-for-rights-now", secret)
    return page
