"""End to end in real Chromium: three members report that an official's email bounced, the public
case page marks it, an editor sees the flag in the admin and confirms the address works."""

import os
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Browser, expect

from cases.models import Target
from members.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLLOW_UP = "/en/urgent-actions/2012/06/168-12/168-12-1/"
SHOTS = os.environ.get("SCREENSHOTS_DIR")  # where to keep screenshots for a person to look at


def shoot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def member(email: str, password: str) -> User:
    user = User.objects.create_user(email, password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def test_members_report_a_bouncing_email_and_an_editor_confirms_it(
    browser: Browser, live_server, demo_site, admin_editor
) -> None:
    password = "letters-for-freedom-2019"
    for number in range(3):
        email = f"reporter{number}@example.org"
        member(email, password)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page = context.new_page()
        page.goto(f"{live_server.url}{FOLLOW_UP}")
        page.get_by_role("link", name="Report it (Kamran Aliyev)").click()
        page.locator("input[name=login]").fill(email)
        page.locator("input[name=password]").fill(password)
        page.locator("main form[action*='/accounts/login/'] button[type=submit]").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Report an address that did not work")
        expect(page.get_by_label("Kamran Aliyev, Prosecutor General of the Republic of Azerbaijan")).to_be_checked()
        page.get_by_label("Email", exact=True).check()
        page.get_by_label("Note (optional)").fill("Delivery failed: mailbox unavailable")
        if number == 0:
            shoot(page, "address-problem-form")
        page.get_by_role("button", name="Report the problem").click()
        expect(page.get_by_role("status")).to_contain_text("Thank you: your report is recorded.")
        if number == 0:
            shoot(page, "address-problem-thanks")
        context.close()

    visitor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    visitor.goto(f"{live_server.url}{FOLLOW_UP}")
    prosecutor = visitor.locator(".target", has_text="Kamran Aliyev").first
    expect(prosecutor.locator("dd", has_text="prosecutor-general@example.org")).to_contain_text("Reported not to work")
    expect(prosecutor.locator(".target__failing")).to_have_count(1)
    prosecutor.scroll_into_view_if_needed()
    shoot(visitor, "case-page-address-marked")

    editor = admin_editor
    editor.goto(f"{live_server.url}/admin/snippets/cases/target/?locale=en")
    row = editor.locator("tbody tr", has_text="Prosecutor General of the Republic")
    expect(row).to_contain_text("Email reported not to work")
    shoot(editor, "admin-targets-address-problems")
    row.get_by_role("link", name="Kamran Aliyev").first.click()
    panel = editor.locator(".address-health")
    expect(panel).to_contain_text("3 reports, the latest on")
    expect(panel).to_contain_text("Delivery failed: mailbox unavailable")
    expect(panel).not_to_contain_text("reporter0@example.org")
    panel.scroll_into_view_if_needed()
    shoot(editor, "admin-target-address-problems-panel")
    panel.get_by_role("button", name="Confirm this address works").click()
    expect(editor.locator(".messages")).to_contain_text("Email confirmed")
    expect(editor.locator(".address-health")).to_contain_text("No member reported a problem")
    shoot(editor, "admin-target-confirmed")
    target = Target.objects.get(name="Kamran Aliyev", locale__language_code="en")
    assert (target.failing_channels, target.failure_reports) == ("", 0)

    visitor.goto(f"{live_server.url}{FOLLOW_UP}")
    expect(visitor.locator(".target", has_text="Kamran Aliyev").first.locator(".target__failing")).to_have_count(0)
