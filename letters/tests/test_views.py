import datetime
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from cases.actions import DocumentText, add_case_update, add_follow_up
from cases.models import PersonAtRisk, UrgentActionPage, today
from letters.actions import log_letter
from letters.models import LetterReport, letters_sent
from letters.tests.helpers import cache_control, page_text, soup_of, text_of, url
from members.models import Follow

FETCH = {"X-Requested-With": "fetch"}


def counter_text(response) -> str:
    return text_of(soup_of(response).select_one("[data-letters-count]"))


def report(client, document, *, letters="3", channels=("post",), language="en", headers=None):
    data = {"letters": letters, "channels": list(channels)}
    return client.post(url("report_letters", document.pk, language=language), data, headers=headers or {})


def stored() -> list[tuple[int, int]]:
    return list(LetterReport.objects.values_list("member_id", "letters"))


@pytest.fixture
def member_client(client, member) -> Client:
    client.force_login(member)
    return client


@pytest.fixture
def closed_case(make_case):
    return make_case(sequence=22, title="Closed case", appeal_deadline=today() - datetime.timedelta(days=1))


# --- The public case page: the same for everyone ----------------------------------------------


def test_the_case_page_is_the_same_for_a_visitor_and_for_a_member_who_reported(client, member, open_case):
    log_letter(member=member, document_id=open_case.pk, letters=3)
    anonymous = client.get(open_case.url)
    client.force_login(member)
    logged_in = client.get(open_case.url)

    assert anonymous.status_code == logged_in.status_code == 200
    assert logged_in.content == anonymous.content
    html = logged_in.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert member.email not in html
    assert member.display_name not in html
    assert "You reported" not in html
    for response in (anonymous, logged_in):
        assert "private" not in cache_control(response)
        assert "no-store" not in cache_control(response)
        assert "Cookie" not in response.get("Vary", "")


def test_the_case_page_shows_the_counter_and_points_the_script_to_the_private_panel(
    client, member, other_member, open_case
):
    log_letter(member=member, document_id=open_case.pk, letters=3)
    log_letter(member=other_member, document_id=open_case.pk, letters=2)

    response = client.get(open_case.url)

    assert counter_text(response) == "5 letters sent"
    panel = soup_of(response).select_one("[data-letter-panel]")
    assert panel["data-letter-panel"] == url("letter_panel", open_case.pk)


def test_the_german_case_page_counts_the_letters_of_all_languages_in_german(
    client, member, other_member, open_case, open_case_de
):
    log_letter(member=member, document_id=open_case.pk, letters=3)
    log_letter(member=other_member, document_id=open_case_de.pk, letters=4)

    response = client.get(open_case_de.url)

    assert open_case_de.url.startswith("/de/")
    assert counter_text(response) == "7 Briefe verschickt"


def test_the_letters_panel_renders_for_a_document_previewed_before_it_is_first_saved(site_tree):
    """Wagtail's preview of a new urgent action renders the case page for a page without a pk."""
    unsaved = UrgentActionPage(
        title="Not saved yet",
        sequence=99,
        persons=[PersonAtRisk(name="Amina Karimova")],
        summary="Preview.",
        appeal_deadline=in_days(30),
        locale=site_tree.en,
    )

    with translation.override("en"):
        html = Template("{% load letters_tags %}{% letters_panel document %}").render(Context({"document": unsaved}))

    assert "0 letters sent" in " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


# --- The private panel -------------------------------------------------------------------------


def test_a_members_panel_is_never_stored_by_a_shared_cache_and_the_logged_out_one_for_seconds(
    client, member, open_case, settings
):
    anonymous = client.get(url("letter_panel", open_case.pk))
    client.force_login(member)
    logged_in = client.get(url("letter_panel", open_case.pk))

    assert anonymous.status_code == logged_in.status_code == 200
    assert {"public", f"s-maxage={settings.LETTER_COUNTER_SECONDS}"} <= cache_control(anonymous)
    assert {"private", "no-store"} <= cache_control(logged_in)


def test_the_panel_asks_a_visitor_to_log_in_and_come_back_to_the_case(client, open_case):
    response = client.get(url("letter_panel", open_case.pk))

    login = soup_of(response).find("a", href=lambda href: href and href.startswith(url("account_login")))
    assert login is not None
    (next_url,) = parse_qs(urlsplit(login["href"]).query)["next"]
    assert urlsplit(next_url).path == open_case.url
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert soup_of(response).find("form") is None


def test_the_panel_shows_a_member_their_report_and_the_form(member_client, member, open_case):
    log_letter(member=member, document_id=open_case.pk, letters=4)

    response = member_client.get(url("letter_panel", open_case.pk))

    soup = soup_of(response)
    form = soup.select_one(f'form[action="{url("report_letters", open_case.pk)}"]')
    assert form is not None
    assert form.select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert form.select_one("input[name=letters]")["value"] == "4"
    assert "You reported 4 letters on" in page_text(response)
    assert counter_text(response) == "4 letters sent"


@pytest.mark.parametrize(
    ("view", "title"),
    [
        ("report_letters", "I sent a letter"),
        ("personal_letter", "Your personal letter"),
        ("address_problem", "Report an address that did not work"),
        ("record_reply", "The authorities replied?"),
    ],
)
def test_a_page_for_acting_on_a_document_names_it_its_status_and_the_way_back(member_client, closed_case, view, title):
    response = member_client.get(url(view, closed_case.pk))

    soup = soup_of(response)
    assert response.status_code == 200
    assert text_of(soup.title).startswith(f"{title} · {closed_case.display_number} · ")
    assert text_of(soup.select_one(".doc-number")) == closed_case.display_number
    assert text_of(soup.select_one(".status")) == closed_case.current_status.label
    assert soup.find("a", string="Back to the urgent action")["href"] == closed_case.url


def test_the_panel_of_a_draft_document_is_not_found(member_client, open_case):
    draft = add_follow_up(
        urgent_action=open_case,
        sequence=1,
        issue_date=today(),
        text=DocumentText(title="Not yet published", summary="Draft."),
        publish=False,
    )

    assert member_client.get(url("letter_panel", draft.pk)).status_code == 404
    assert report(member_client, draft).status_code == 404
    assert stored() == []


# --- Reporting letters -------------------------------------------------------------------------


def test_reporting_without_javascript_redirects_to_the_thank_you_page(member_client, member, open_case):
    response = report(member_client, open_case, letters="3", channels=["post", "email"])

    assert response.status_code == 302
    assert response["Location"] == url("report_letters", open_case.pk) + "?saved=1"
    assert stored() == [(member.pk, 3)]
    assert LetterReport.objects.get().channels == ["post", "email"]
    thanks = member_client.get(response["Location"])
    assert "Thank you: your 3 letters are counted." in page_text(thanks)
    assert {"private", "no-store"} <= cache_control(thanks)


def test_reporting_from_the_script_answers_with_the_updated_panel(member_client, member, open_case):
    response = report(member_client, open_case, letters="3", headers=FETCH)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "Thank you: your 3 letters are counted." in page_text(response)
    assert "You reported 3 letters on" in page_text(response)
    assert counter_text(response) == "3 letters sent"
    assert {"private", "no-store"} <= cache_control(response)
    assert stored() == [(member.pk, 3)]


def test_a_replayed_report_does_not_count_twice(member_client, member, open_case):
    report(member_client, open_case, letters="3")
    again = report(member_client, open_case, letters="3")
    from_script = report(member_client, open_case, letters="3", headers=FETCH)

    assert again.status_code == 302
    assert from_script.status_code == 200
    assert stored() == [(member.pk, 3)]
    cache.clear()
    assert letters_sent(open_case) == 3


def test_reporting_needs_the_csrf_token(member, open_case):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = report(client, open_case)

    assert response.status_code == 403
    assert stored() == []


@pytest.mark.parametrize(
    ("letters", "channels", "message"),
    [
        ("0", ["post"], "Ensure this value is greater than or equal to 1."),
        ("501", ["post"], "Ensure this value is less than or equal to 500."),
        ("abc", ["post"], "Enter a whole number."),
        ("2", [], "Choose how you sent your letters."),
        ("2", ["pigeon"], "Select a valid choice."),
    ],
    ids=["zero", "too many", "not a number", "no channel", "unknown channel"],
)
@pytest.mark.parametrize("headers", [{}, FETCH], ids=["form", "script"])
def test_bad_input_is_shown_again_with_a_clear_message_and_nothing_is_stored(
    member_client, member, open_case, letters, channels, message, headers
):
    log_letter(member=member, document_id=open_case.pk, letters=7)

    response = report(member_client, open_case, letters=letters, channels=channels, headers=headers)

    assert response.status_code == 400
    assert message in page_text(response)
    assert soup_of(response).select_one("form input[name=csrfmiddlewaretoken]") is not None
    assert stored() == [(member.pk, 7)]
    assert ("<html" in response.content.decode()) == (headers == {})


def test_reporting_on_a_closed_document_is_refused_in_english(member_client, closed_case):
    response = report(member_client, closed_case, language="en")

    assert response.status_code == 400
    assert "This action is closed" in page_text(response)
    assert stored() == []


def test_reporting_on_a_closed_document_is_refused_in_german(member_client, site_tree, closed_case):
    closed_de = closed_case.get_translation(site_tree.de)

    response = report(member_client, closed_de, language="de")

    assert response.status_code == 400
    text = page_text(response)
    assert "abgeschlossen" in text.lower()
    assert "This action is closed" not in text
    assert stored() == []


def test_the_panel_of_an_archive_document_offers_no_report_and_says_why(member_client, make_case):
    archive = make_case(sequence=23, issue_date=datetime.date(2012, 6, 4), title="Entered for the record")

    panel = member_client.get(url("letter_panel", archive.pk))
    public = Client().get(archive.url)

    assert soup_of(panel).select_one(f'form[action="{url("report_letters", archive.pk)}"]') is None
    assert "This is an archive document: letters are not counted." in page_text(panel)
    assert "closed" not in page_text(panel).lower()
    public_panel = text_of(soup_of(public).select_one("#letters"))
    assert "This is an archive document: letters are not counted." in public_panel
    assert "I sent a letter" not in public_panel


def test_reporting_on_an_archive_document_is_refused_and_nothing_is_stored(member_client, make_case):
    archive = make_case(sequence=24, issue_date=datetime.date(2012, 6, 4))

    response = report(member_client, archive)

    assert response.status_code == 400
    assert "This is an archive document: letters are not counted." in page_text(response)
    assert stored() == []


def test_a_document_an_editor_closes_takes_no_more_reports_from_that_moment(member_client, other_member, open_case):
    assert report(member_client, open_case, letters="2").status_code == 302
    # The editor closes the action early (the person was released), as the admin publishes it.
    closing = open_case.get_latest_revision_as_object()
    closing.closed_date = today()
    closing.save_revision().publish()
    member_client.force_login(other_member)

    response = report(member_client, open_case, letters="4")

    assert response.status_code == 400
    assert "This action is closed" in page_text(response)
    assert LetterReport.objects.filter(member=other_member).count() == 0


@pytest.mark.parametrize("headers", [{}, FETCH], ids=["form", "script"])
def test_a_report_shows_in_the_public_counter_at_once_and_on_the_page_within_seconds(
    client, member, other_member, open_case, headers, monkeypatch, settings
):
    log_letter(member=other_member, document_id=open_case.pk, letters=2)
    assert counter_text(client.get(open_case.url)) == "2 letters sent"  # now kept for everyone
    panel = url("letter_panel", open_case.pk)
    client.force_login(member)

    response = report(client, open_case, letters="3", headers=headers)
    if response.status_code == 302:
        client.get(response["Location"])  # the thank-you page the form leads to
    client.logout()

    assert counter_text(client.get(panel)) == "5 letters sent"  # what the script shows on the page
    later = time.time() + settings.LETTER_COUNTER_SECONDS
    monkeypatch.setattr(time, "time", lambda: later)
    assert counter_text(client.get(open_case.url)) == "5 letters sent"


def test_a_visitor_who_reports_is_sent_to_log_in_and_nothing_is_stored(client, open_case):
    response = report(client, open_case)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == url("account_login")
    assert parse_qs(location.query)["next"] == [url("report_letters", open_case.pk)]
    assert stored() == []


def test_too_many_reports_in_a_minute_are_refused(settings, client, member, other_member, open_case):
    settings.LETTER_REPORTS_PER_MINUTE = 2
    cache.clear()
    client.force_login(member)

    assert report(client, open_case, letters="1").status_code == 302
    assert report(client, open_case, letters="2").status_code == 302
    refused = report(client, open_case, letters="3")

    assert refused.status_code == 400
    assert "Too many reports in a short time." in page_text(refused)
    assert stored() == [(member.pk, 2)]
    # The limit is this member's, not everyone's behind the same address.
    client.force_login(other_member)
    assert report(client, open_case, letters="5").status_code == 302


# --- Following a case ----------------------------------------------------------------------------


def is_following(member, case) -> bool:
    return Follow.objects.filter(member=member, case_key=case.translation_key).exists()


def test_following_needs_a_logged_in_member_and_a_post(client, member, open_case):
    anonymous = client.post(url("follow_case", open_case.pk))
    client.force_login(member)
    by_get = client.get(url("follow_case", open_case.pk))

    assert anonymous.status_code == 302
    assert urlsplit(anonymous["Location"]).path == url("account_login")
    assert by_get.status_code == 405
    assert not Follow.objects.exists()


def test_following_and_unfollowing_return_to_the_page_they_came_from(member_client, member, open_case):
    back = open_case.url + "#letters"

    followed = member_client.post(url("follow_case", open_case.pk), {"next": back})
    assert followed.status_code == 302
    assert followed["Location"] == back
    assert is_following(member, open_case)

    unfollowed = member_client.post(url("unfollow_case", open_case.pk), {"next": back})
    assert unfollowed.status_code == 302
    assert unfollowed["Location"] == back
    assert not is_following(member, open_case)


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/phish", "http://testserver.evil/"])
def test_following_never_redirects_to_another_host(member_client, member, open_case, next_url):
    response = member_client.post(url("follow_case", open_case.pk), {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == open_case.url
    assert is_following(member, open_case)


def test_following_from_the_script_answers_no_content(member_client, member, open_case):
    followed = member_client.post(url("follow_case", open_case.pk), headers=FETCH)
    assert followed.status_code == 204
    assert is_following(member, open_case)

    unfollowed = member_client.post(url("unfollow_case", open_case.pk), headers=FETCH)
    assert unfollowed.status_code == 204
    assert not is_following(member, open_case)


def test_following_the_german_version_follows_the_case_in_every_language(
    member_client, member, open_case, open_case_de
):
    member_client.post(url("follow_case", open_case_de.pk, language="de"), headers=FETCH)

    assert is_following(member, open_case)
    panel = member_client.get(url("letter_panel", open_case.pk))
    assert soup_of(panel).select_one(f'form[action="{url("unfollow_case", open_case.pk)}"]') is not None


# --- My Urgent Actions ---------------------------------------------------------------------------


def in_days(days: int) -> datetime.date:
    return today() + datetime.timedelta(days=days)


def section(response, heading_id: str):
    return soup_of(response).select_one(f'section[aria-labelledby="{heading_id}"]')


@pytest.fixture
def my_cases(make_case, member, other_member):
    """What one member has done, among cases due at different times and another member's report."""
    cases = {
        "reported": make_case(sequence=41, title="Reported and followed", appeal_deadline=in_days(30)),
        "due_reported": make_case(sequence=42, title="Due and written for", appeal_deadline=in_days(5)),
        "due": make_case(sequence=43, title="Due and not written yet", appeal_deadline=in_days(7)),
        "later": make_case(sequence=44, title="Due in three weeks", appeal_deadline=in_days(21)),
        "closed": make_case(sequence=45, title="Closed yesterday", appeal_deadline=in_days(-1)),
        "others": make_case(sequence=46, title="Only someone else wrote", appeal_deadline=in_days(60)),
    }
    follow_up = add_follow_up(
        urgent_action=cases["reported"],
        sequence=1,
        issue_date=today() - datetime.timedelta(days=1),
        text=DocumentText(title="Further information", summary="News."),
        appeal_deadline=in_days(30),
    )
    add_case_update(document=cases["reported"], date=in_days(-3), title="Transferred to another prison")
    add_case_update(document=follow_up, date=in_days(-1), title="Released on bail")
    log_letter(member=member, document_id=cases["reported"].pk, letters=3)
    log_letter(member=member, document_id=cases["due_reported"].pk, letters=2)
    log_letter(member=other_member, document_id=cases["others"].pk, letters=50)
    return cases


def test_my_urgent_actions_is_for_members_only_and_private(client, member, my_cases):
    assert urlsplit(client.get(url("my_urgent_actions"))["Location"]).path == url("account_login")

    client.force_login(member)
    response = client.get(url("my_urgent_actions"))

    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_my_urgent_actions_lists_my_reports_with_their_total_and_nobody_elses(member_client, other_member, my_cases):
    response = member_client.get(url("my_urgent_actions"))

    reports = text_of(section(response, "my-reports-heading"))
    assert "Reported and followed" in reports
    assert "Due and written for" in reports
    assert "5 letters in all" in reports
    rows = section(response, "my-reports-heading").select("tbody tr")
    assert sorted(text_of(row.select("td")[1]) for row in rows) == ["2", "3"]
    html = response.content.decode()
    assert "Only someone else wrote" not in html
    assert other_member.email not in html
    assert "55" not in reports


def test_my_urgent_actions_shows_a_followed_case_with_its_latest_update(member_client, my_cases):
    response = member_client.get(url("my_urgent_actions"))

    followed = section(response, "followed-heading")
    entry = next(item for item in followed.select("li") if "Reported and followed" in text_of(item))
    assert "Released on bail" in text_of(entry)
    assert "Transferred to another prison" not in text_of(entry)
    assert entry.select_one(f'form[action="{url("unfollow_case", my_cases["reported"].pk)}"]') is not None


def test_my_urgent_actions_lists_what_is_due_soon_that_i_have_not_written_for(member_client, my_cases):
    response = member_client.get(url("my_urgent_actions"))

    due = text_of(section(response, "due-heading"))
    assert "Due and not written yet" in due
    assert "Due and written for" not in due
    assert "Due in three weeks" not in due
    assert "Closed yesterday" not in due


def test_a_report_reaches_the_logged_out_panel_kept_for_others_at_once(client, member, open_case):
    panel = url("letter_panel", open_case.pk)
    assert counter_text(client.get(panel)) == "0 letters sent"
    assert client.get(panel)["X-Page-Cache"] == "hit"  # kept for every visitor who is not logged in
    member_client = Client()
    member_client.force_login(member)

    report(member_client, open_case, letters="3")

    assert counter_text(client.get(panel)) == "3 letters sent"
