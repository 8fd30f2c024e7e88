"""End to end in real Chromium: what a visitor sees walking to the reference follow-up."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from playwright.sync_api import Page as BrowserPage

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _screenshot(page: BrowserPage, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_visitor_walks_from_home_to_the_reference_follow_up_and_closes_the_banner(
    browser: Browser, live_server, demo_site
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.goto(f"{live_server.url}/de/")

    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Urgent Actions").click()
    expect(page).to_have_url(re.compile(r"/de/urgent-actions/$"))
    page.get_by_role("navigation", name="Archiv").get_by_role("link", name="2012").click()
    expect(page).to_have_url(re.compile(r"/de/urgent-actions/2012/$"))
    page.get_by_role("navigation", name="Monate").get_by_role("link", name="Juni").click()
    expect(page).to_have_url(re.compile(r"/de/urgent-actions/2012/06/$"))
    page.get_by_role("link", name="Aserbaidschanischer Aktivist: Anklage muss fallengelassen werden").click()
    expect(page).to_have_url(re.compile(r"/de/urgent-actions/2012/06/168-12/$"))
    page.get_by_role("link", name="FI 168/12-1").click()
    expect(page).to_have_url(re.compile(r"/de/urgent-actions/2012/06/168-12/168-12-1/$"))

    crumbs = page.get_by_role("navigation", name="Pfadnavigation")
    expect(crumbs.get_by_role("link")).to_have_count(6)
    expect(crumbs.get_by_role("link").nth(0)).to_have_text("Startseite")
    expect(crumbs.get_by_role("link").nth(2)).to_have_text("2012")
    expect(crumbs.get_by_role("link").nth(3)).to_have_text("06")

    article = page.locator("article.case-document")
    expect(article.locator(".doc-number").first).to_have_text("FI 168/12-1")
    expect(article.get_by_role("heading", level=1)).to_have_text(
        "Neue Anklage gegen gewaltlosen politischen Gefangenen"
    )
    expect(article).to_contain_text("EUR 55/9651/2019")
    expect(article.locator(".case-header .status")).to_have_text("Abgeschlossen am 20. Februar 2019")
    expect(article.locator(".case-header .outcome")).to_have_text("Freigelassen · 4. März 2019")
    updates = article.locator(".update__title")
    expect(updates).to_have_count(3)  # the outcome among the dated updates, newest first
    expect(updates.nth(0)).to_contain_text("04.03.2019")
    expect(updates.filter(has_text="Mehman Huseynov")).to_contain_text("04.03.2019: Freigelassen")
    expect(updates.nth(2)).to_contain_text("22.01.2019")
    expect(article.locator(".target").first).to_contain_text("Baku AZ1001")
    downloads = page.locator(".downloads li")
    expect(downloads).to_have_count(5)  # PDF and Word made from the text in German and English, three originals
    expect(downloads.nth(0)).to_contain_text("FI 168/12-1 Deutsch PDF · Word")
    expect(downloads.nth(1)).to_contain_text("FI 168/12-1 English PDF · Word")
    expect(page.locator(".related")).to_contain_text("Grundlagen der Menschenrechte")
    _screenshot(page, "follow-up-desktop")

    banner = page.locator("[data-site-message]")
    expect(banner).to_be_visible()
    banner.get_by_role("link", name="Mitteilung schließen").click()
    expect(banner).to_have_count(0)
    page.reload()
    expect(page.locator("[data-site-message]")).to_have_count(0)
    context.close()


def test_banner_closes_and_stays_closed_without_javascript(browser: Browser, live_server, demo_site) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/urgent-actions/2012/06/168-12/168-12-1/")
    banner = page.locator("[data-site-message]")
    expect(banner).to_contain_text("Letter-writing evening")
    banner.get_by_role("link", name="Close message").click()
    expect(page).to_have_url(re.compile(r"/en/urgent-actions/2012/06/168-12/168-12-1/$"))
    expect(page.locator("[data-site-message]")).to_have_count(0)
    page.goto(f"{live_server.url}/en/")
    expect(page.locator("[data-site-message]")).to_have_count(0)
    context.close()


def test_case_page_fits_a_phone_screen(browser: Browser, live_server, demo_site) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    for path in ("/de/", "/de/urgent-actions/", "/de/urgent-actions/2012/06/168-12/168-12-1/"):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
    _screenshot(page, "follow-up-phone")
    context.close()
