"""Issue 14, finding 3: the admin's Content-Security-Policy (urgentactions/middleware.py ADMIN_CSP)
lets every screen an editor uses work. Real Chromium opens them with the policy on and reports each
violation (the 'securitypolicyviolation' event, and Chromium's own console message)."""

import base64

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, ConsoleMessage, expect
from wagtail.models import Page

from cases.actions import add_case_update
from cases.models import FollowUpPage, UrgentActionPage, today
from notifications.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI} at ${where}`);
});
"""
# A 1x1 PNG to upload.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def is_violation(message: ConsoleMessage) -> bool:
    return "CSP violation" in message.text or "Content Security Policy" in message.text


def test_the_admin_screens_work_under_the_admin_policy(
    browser: Browser, live_server, demo_site, make_staff, tmp_path
) -> None:
    # The account enters as staff do after two factors: a session of a make_staff account.
    staff = make_staff("csp.editor@example.org", superuser=True, preferred_language="en")
    client = Client()
    client.force_login(staff)
    context = browser.new_context(viewport={"width": 1366, "height": 1000})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    violations: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if is_violation(message):
            violations.append(f"{page.url}: {message.text}")
            print(violations[-1])  # seen at once when a later step fails

    page.on("console", record)
    admin = f"{live_server.url}/admin"

    def visit(path: str) -> None:
        response = page.goto(f"{admin}{path}")
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")

    case = UrgentActionPage.objects.live().filter(locale__language_code="en").first()
    edit = f"/pages/{case.pk}/edit/"
    opened: list[str] = []  # the steps this site's forms offer
    visit("/")
    visit("/pages/")
    visit(f"/pages/{case.get_parent().pk}/")
    # Inline panels and their choosers (targets, downloads' documents, images, pages), each on a
    # fresh form: the chooser's modal is left open.
    for add, chooser in [
        ("Add Targets", "Choose target"),
        ("Add Download", "Choose a document"),
        ("Add Dated update", None),
        (None, "Choose an image"),
        (None, "Choose a page"),
    ]:
        visit(edit)
        if add and page.get_by_role("button", name=add).count():
            page.get_by_role("button", name=add).first.click()
        if chooser and page.get_by_role("button", name=chooser).count():
            opened.append(chooser)
            page.get_by_role("button", name=chooser).last.click()
            expect(page.get_by_role("dialog").last).to_be_visible()
            page.wait_for_load_state("networkidle")
    # Draftail: a link, through the page chooser.
    visit(edit)
    editor = page.locator(".DraftEditor-root").first
    editor.click()
    page.keyboard.type(" more")
    page.keyboard.press("Shift+Home")
    if page.get_by_role("button", name="Link").count():
        opened.append("Link")
        page.get_by_role("button", name="Link").first.click()
        page.wait_for_load_state("networkidle")
    # The preview panel, then publishing.
    visit(edit)
    page.get_by_role("button", name="Toggle preview").first.click()
    page.wait_for_timeout(2000)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("published", exact=False).first).to_be_visible()

    visit("/snippets/")
    visit("/snippets/cases/target/")
    visit("/snippets/cases/target/add/")
    visit("/images/")
    image = tmp_path / "pixel.png"
    image.write_bytes(PNG)
    visit("/images/multiple/add/")
    page.locator("input[type=file]").first.set_input_files(str(image))
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    visit("/documents/")
    visit("/documents/multiple/add/")

    # wagtail-localize: "Translate this page", then its editor.
    alias = FollowUpPage.objects.filter(locale__language_code="fr", alias_of__isnull=False).first()
    if alias is not None:
        opened.append("Translate")
        visit(f"/pages/{alias.pk}/edit/")
        page.get_by_role("link", name="Translate this page").click()
        page.get_by_role("button", name="Submit").click()
        expect(page.get_by_text("submitted for translation into", exact=False)).to_be_visible()
        page.wait_for_load_state("networkidle")
        page.get_by_role("button", name="Translate").first.click()
        page.wait_for_timeout(500)

    add_case_update(document=case, date=today(), title="Moved to an unknown prison", text="<p>No news.</p>")
    visit("/alerts/")
    event = Event.objects.order_by("-pk").first()
    if event is not None:
        opened.append("Alert")
        visit(f"/alerts/{event.pk}/")
        visit(f"/alerts/{event.pk}/preview/en/")
        page.wait_for_timeout(500)
    for report in ["/reports/locked/", "/reports/site-history/", "/reports/aging-pages/", "/exports/"]:
        visit(report)
    visit(f"/pages/{Page.objects.filter(depth=2).first().pk}/history/")

    print("Opened:", opened)
    assert {"Choose target", "Choose a document", "Translate", "Alert"} <= set(opened)
    assert violations == []
