"""End to end in real Chromium: a member signs up, reports a letter, follows the case, logs out."""

import datetime
import re

import pytest
from playwright.sync_api import Browser, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLLOW_UP = "/en/urgent-actions/2012/06/168-12/168-12-1/"


@pytest.fixture
def before_the_deadline(clock) -> None:
    """The reference follow-up asked for appeals until 20 February 2019: go back to 1 February."""
    clock(datetime.date(2019, 2, 1))


def test_member_signs_up_reports_a_letter_follows_and_logs_out(
    browser: Browser,
    live_server,
    demo_site,
    before_the_deadline,
    mailoutbox,
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}{FOLLOW_UP}")
    panel = page.locator("#letters")
    expect(panel).to_contain_text("0 letters sent")

    panel.get_by_role("link", name="Sign up").click()
    page.get_by_role("textbox", name="Email").fill("amina@example.org")
    page.get_by_role("textbox", name="Password").fill("letters-for-freedom-2019")
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify")

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".personal-tools")).to_contain_text("amina@example.org")

    page.goto(f"{live_server.url}{FOLLOW_UP}")
    panel.get_by_label("Letters sent").fill("3")
    panel.get_by_label("Email").check()
    panel.get_by_role("button", name="I sent a letter").click()
    expect(panel).to_contain_text("3 letters sent")
    expect(panel).to_contain_text("your 3 letters are counted")
    expect(panel.get_by_role("button", name="Stop following this case")).to_be_visible()

    panel.get_by_role("link", name="All my Urgent Actions").click()
    reports = page.locator(".my-table")
    expect(reports).to_contain_text("FI 168/12-1")
    expect(reports).to_contain_text("Post, Email")
    expect(page.locator(".my-total")).to_contain_text("3 letters in all")
    expect(page.get_by_role("region", name="Cases I follow")).to_contain_text("UA 168/12")

    page.goto(f"{live_server.url}{FOLLOW_UP}")
    panel.get_by_role("button", name="Stop following this case").click()
    expect(panel.get_by_role("button", name="Follow this case")).to_be_visible()
    panel.get_by_role("button", name="Follow this case").click()
    expect(panel.get_by_role("button", name="Stop following this case")).to_be_visible()

    page.locator(".personal-tools").get_by_role("button", name="Log out").click()
    expect(page.locator(".personal-tools")).to_contain_text("Log in")
    page.goto(f"{live_server.url}{FOLLOW_UP}")
    expect(panel).to_contain_text("3 letters sent")
    expect(panel.get_by_role("link", name="Log in")).to_be_visible()
    context.close()
