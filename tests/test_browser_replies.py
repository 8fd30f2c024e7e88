"""End to end in real Chromium: a member records a reply with a scan, a moderator approves it in the
Wagtail admin's workflow, and a visitor reads it on the case page."""

from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import Browser, expect
from wagtail.models import GroupApprovalTask, Workflow, WorkflowContentType, WorkflowTask

from cases.tests.document_files import pdf_from_text
from letters.models import AuthorityReply
from members.models import User
from tests.browser import create_browser_staff, log_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLLOW_UP = "/en/urgent-actions/2012/06/168-12/168-12-1/"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def approve_replies_workflow() -> None:
    """What letters' migration 0004 makes (a live-server test's flush empties what migrations wrote)."""
    reply_type = ContentType.objects.get_for_model(AuthorityReply)
    if WorkflowContentType.objects.filter(content_type=reply_type).exists():
        return
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    task = GroupApprovalTask.objects.create(name="Moderators approve replies")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Approve replies")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowContentType.objects.create(
        content_type=ContentType.objects.get_for_model(AuthorityReply), workflow=workflow
    )


def test_member_records_a_reply_a_moderator_approves_it_and_a_visitor_reads_it(
    browser: Browser, live_server, demo_site, tmp_path
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    approve_replies_workflow()
    member = User.objects.create_user("lena@example.org", "letters-for-freedom-2019", preferred_language="en")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    scan = tmp_path / "reply.pdf"
    scan.write_bytes(pdf_from_text("Prosecutor General's Office\nWe have received your letters on Mehman Huseynov."))

    # The member records the reply.
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    page.goto(f"{live_server.url}/en/accounts/login/?next={FOLLOW_UP}")
    page.locator("input[name=login]").fill("lena@example.org")
    page.locator("input[name=password]").fill("letters-for-freedom-2019")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}{FOLLOW_UP}")
    page.get_by_role("link", name="The authorities replied? Tell us.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The authorities replied?")
    expect(page.get_by_role("note")).to_contain_text("Black out your own name and address")
    page.get_by_label("Who replied").select_option(index=0)
    page.get_by_label("Received on").fill("2019-04-03")
    page.get_by_label("What the reply says").fill("The Prosecutor General's Office confirms it received the letters.")
    page.get_by_label("Scan or photo of the reply").set_input_files(str(scan))
    page.screenshot(path=str(ARTIFACTS / "reply-form.png"), full_page=True)
    page.get_by_role("button", name="Send the reply for approval").click()
    expect(page).to_have_url(f"{live_server.url}{FOLLOW_UP}#authority-replies")
    expect(page.locator("#authority-replies")).not_to_contain_text("confirms it received")
    page.context.close()

    # A moderator approves it through the workflow in the admin.
    secret = create_browser_staff("moderator@example.org", "approve-with-care-2019", preferred_language="en")
    admin = browser.new_context(viewport={"width": 1366, "height": 1000}, locale="en-GB").new_page()
    log_in_to_admin(admin, live_server.url, "moderator@example.org", "approve-with-care-2019", secret)
    admin.goto(f"{live_server.url}/admin/snippets/letters/authorityreply/")
    expect(admin.locator("main")).to_contain_text("Waiting for approval")
    admin.locator("main table tbody a").first.click()
    expect(admin.locator("main")).to_contain_text("confirms it received")
    admin.locator("footer .w-dropdown__toggle, footer [data-w-dropdown-target='toggle']").first.click()
    admin.screenshot(path=str(ARTIFACTS / "reply-admin-approval.png"), full_page=True)
    admin.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(admin.locator(".messages")).to_contain_text("updated")
    admin.context.close()
    assert AuthorityReply.objects.get().live

    # A visitor reads it on the case page.
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    visitor.goto(f"{live_server.url}{FOLLOW_UP}")
    replies = visitor.locator("#authority-replies")
    expect(replies).to_contain_text("received 3 April 2019")
    expect(replies).to_contain_text("confirms it received the letters")
    replies.scroll_into_view_if_needed()
    visitor.screenshot(path=str(ARTIFACTS / "reply-case-page.png"), full_page=True)
    scan_url = replies.get_by_role("link", name="Scan of the reply").get_attribute("href")
    response = visitor.request.get(f"{live_server.url}{scan_url}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF-")
