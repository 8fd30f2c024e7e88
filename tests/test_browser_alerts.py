"""End to end in real Chromium: a member follows the reference case; an editor publishes a new dated
update in the admin; the member's email arrives with the update, and its unsubscribe link works."""

import re

import pytest
from playwright.sync_api import Browser, expect

from cases.models import FollowUpPage
from members.models import Follow
from tests.browser import create_browser_staff, log_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOLLOW_UP = "/en/urgent-actions/2012/06/168-12/168-12-1/"
UPDATE_TITLE = "Charges dropped against his lawyer"


def test_a_follower_gets_the_editors_new_update_by_email_and_unsubscribes_with_its_link(
    browser: Browser, live_server, demo_site, make_member, mailoutbox
) -> None:
    member = make_member("amina@example.org", password="letters-for-freedom-2019", preferred_language="en")
    follower = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    follower.goto(f"{live_server.url}/en/accounts/login/")
    follower.get_by_role("textbox", name="Email").fill("amina@example.org")
    follower.get_by_role("textbox", name="Password").fill("letters-for-freedom-2019")
    follower.get_by_role("button", name="Sign In", exact=True).click()
    follower.goto(f"{live_server.url}{FOLLOW_UP}")
    panel = follower.locator("#letters")
    panel.get_by_role("button", name="Follow this case").click()
    expect(panel.get_by_role("button", name="Stop following this case")).to_be_visible()
    assert Follow.objects.filter(member=member).count() == 1

    # Wagtail's groups come from migrations, which an earlier live-server test's flush empties: the
    # editor is a superuser here (that Editors may send alerts is tested with the admin views).
    secret = create_browser_staff("coordinator@example.org", "publish-the-news")
    editor = browser.new_context(viewport={"width": 1366, "height": 1000}).new_page()
    log_in_to_admin(editor, live_server.url, "coordinator@example.org", "publish-the-news", secret)
    document_id = FollowUpPage.objects.get(slug="168-12-1", locale__language_code="en").pk
    editor.goto(f"{live_server.url}/admin/pages/{document_id}/edit/")
    editor.get_by_role("button", name="Add dated update").first.click()
    new_update = editor.locator("[id^='inline_child_updates-'][id$='-panel-section']").last
    new_update.get_by_label("Headline").fill(UPDATE_TITLE)
    new_update.locator(".public-DraftEditor-content").click()  # the update's rich text (Draftail)
    editor.keyboard.type("The prosecutor closed the case against his lawyer on Friday.")
    expect(new_update).to_contain_text("The prosecutor closed the case")
    new_update.get_by_label("Headline").click()  # leaving the editor hands its text to the form
    editor.wait_for_timeout(500)
    editor.locator("[data-w-dropdown-target='toggle']").last.click()
    editor.get_by_role("button", name="Publish").click()
    expect(editor.get_by_text("published", exact=False).first).to_be_visible()

    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["amina@example.org"]
    assert UPDATE_TITLE in email.subject
    assert "The prosecutor closed the case against his lawyer on Friday." in email.body
    html = email.alternatives[0][0]
    assert UPDATE_TITLE in html
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.search(r"https?://\S+/alerts/unsubscribe/\S+/", email.body).group(0)
    assert email.extra_headers["List-Unsubscribe"] == f"<{link}>"

    reader = browser.new_context(viewport={"width": 390, "height": 844}).new_page()  # not logged in
    reader.goto(live_server.url + re.sub(r"^https?://[^/]+", "", link))
    expect(reader.get_by_role("heading", level=1)).to_have_text("Unsubscribe")
    expect(reader.locator("main")).to_contain_text("UA 168/12")
    reader.get_by_role("button", name="Stop following this case").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Unsubscribed")
    assert not Follow.objects.filter(member=member).exists()
