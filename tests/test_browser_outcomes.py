"""End to end in real Chromium: an editor records an outcome on a follow-up in the Wagtail admin, for
one of the case's persons, publishes it, and the public page shows the badge and what changed."""

import datetime
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from cases.actions import DocumentText, add_follow_up, create_urgent_action
from cases.models import CaseOutcome, Target, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/wt-outcomes-shots"))


def test_an_editor_records_a_release_for_one_person_and_the_page_shows_it(
    browser: Browser, live_server, live_site_tree, admin_editor
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    issued = today() - datetime.timedelta(days=40)
    minister = Target.objects.create(
        locale=live_site_tree.en, name="Minister of Justice", postal_address="Minsk", salutation="Dear Minister"
    )
    case = create_urgent_action(
        index_page=live_site_tree.index_en,
        sequence=77,
        issue_date=issued,
        text=DocumentText(title="Trade unionists detained", summary="Two trade unionists were arrested."),
        persons=["Pavel Sokolov", "Olga Sokolova"],
        appeal_deadline=issued + datetime.timedelta(days=30),
        targets=[minister],
    )
    follow_up = add_follow_up(
        urgent_action=case,
        sequence=1,
        issue_date=today() - datetime.timedelta(days=2),
        text=DocumentText(title="One trade unionist released", summary="Pavel Sokolov was released."),
        appeal_deadline=today() + datetime.timedelta(days=20),
        targets=[minister],
    )
    released_on = today() - datetime.timedelta(days=3)
    page = admin_editor

    page.goto(f"{live_server.url}/admin/pages/{follow_up.pk}/edit/")
    page.get_by_role("button", name=re.compile(r"Add outcome", re.IGNORECASE)).click()
    row = page.locator("[id^=inline_child_outcomes]").last
    row.locator("select[name$='-kind']").select_option("released")
    row.locator("input[name$='-date']").fill(f"{released_on:%d.%m.%Y}")
    row.locator("input[name$='-date']").press("Escape")
    expect(row.get_by_label("Olga Sokolova")).to_be_visible()
    row.get_by_label("Pavel Sokolov").check()
    row.locator("input[name$='-note']").fill("released on bail")
    page.screenshot(path=str(SCREENSHOTS / "admin-outcome-row.png"), full_page=False)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("published", exact=False).first).to_be_visible()

    outcome = CaseOutcome.objects.get(page_id=follow_up.pk)
    assert (outcome.kind, outcome.date, [p.name for p in outcome.persons.all()]) == (
        "released",
        released_on,
        ["Pavel Sokolov"],
    )

    public = browser.new_context(locale="en-GB").new_page()
    public.goto(f"{live_server.url}{follow_up.url}")
    badge = public.locator(".case-header .outcome")
    expect(badge).to_have_text(re.compile(r"^Released · "))
    expect(badge).to_have_class(re.compile(r"outcome--positive"))
    changes = public.locator(".changes")
    expect(changes.get_by_role("heading", level=2)).to_have_text("What changed since UA 77/" + f"{issued:%y}")
    expect(changes).to_contain_text("Pavel Sokolov: Released")
    expect(changes).to_contain_text("Olga Sokolova: no new outcome in this document")
    expect(public.locator(".update--outcome .update__title")).to_have_text(
        f"{released_on:%d.%m.%Y}: Released: Pavel Sokolov"
    )
    public.screenshot(path=str(SCREENSHOTS / "follow-up-changes.png"), full_page=True)
    public.goto(f"{live_server.url}/en/urgent-actions/")
    expect(public.locator(".case-card .outcome").first).to_have_text(re.compile(r"^Released · "))
    public.screenshot(path=str(SCREENSHOTS / "index-cards.png"), full_page=False)
