"""End to end in real Chromium: an editor works on an urgent action in the Wagtail admin while its
autosave runs in the background."""

import pytest
from playwright.sync_api import Browser, Request, Route, expect
from wagtail.models import Locale

from cases.actions import DocumentText, create_urgent_action
from cases.models import DocumentTarget, Target, UrgentActionIndexPage, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def is_autosave(request: Request) -> bool:
    return request.method == "POST" and request.headers.get("accept") == "application/json"


def test_publishing_while_an_autosave_is_under_way_lists_each_target_once(
    browser: Browser, live_server, demo_site, admin_editor
) -> None:
    english = Locale.objects.get(language_code="en")
    prosecutor = Target.objects.create(
        locale=english, name="Prosecutor General of Ruritania", postal_address="1 Court Street", salutation="Sir"
    )
    minister = Target.objects.create(
        locale=english, name="Minister of Justice of Ruritania", postal_address="2 Palace Road", salutation="Madam"
    )
    draft = create_urgent_action(
        index_page=UrgentActionIndexPage.objects.get(locale__language_code="en"),
        sequence=301,
        issue_date=today(),
        text=DocumentText(title="Lawyer held incommunicado", summary="Her family does not know where she is."),
        persons=["Li Wen"],
        targets=[prosecutor],
        publish=False,  # the editor saved it as a draft earlier
    )
    page = admin_editor

    # The server answers the autosave at once; its answer (the ids of the rows it saved) reaches the
    # browser only once the editor has pressed Publish, as on a slow connection.
    answers: list[tuple[Route, object]] = []

    def hold_the_answer(route: Route) -> None:
        if is_autosave(route.request):
            answers.append((route, route.fetch()))
        else:
            route.continue_()

    page.route("**/admin/pages/*/edit/", hold_the_answer)
    page.goto(f"{live_server.url}/admin/pages/{draft.pk}/edit/")
    page.wait_for_timeout(2500)  # the admin watches for changes from two seconds after the form loads
    page.get_by_role("button", name="Add Targets").click()
    page.locator("[id^=inline_child_targets]").last.get_by_role("button", name="Choose target").click()
    page.get_by_role("dialog").get_by_role("link", name=minister.name).click()
    for _ in range(100):  # autosave starts a moment after the change
        if answers:
            break
        page.wait_for_timeout(100)
    assert answers, "the change was not autosaved"
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("published", exact=False).first).to_be_visible()

    draft.refresh_from_db()
    assert draft.live
    public = browser.new_context().new_page()
    public.goto(f"{live_server.url}{draft.url}")
    expect(public.locator(".target__name")).to_have_text([prosecutor.name, minister.name])
    assert sorted(DocumentTarget.objects.filter(page=draft).values_list("target_id", flat=True)) == sorted(
        [prosecutor.pk, minister.pk]
    )
