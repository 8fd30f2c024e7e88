"""The page cache (pages/cache.py): public pages served whole to visitors who carry nothing of their
own, and rendered afresh after each change to what they show."""

import datetime
import time

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.utils import timezone

from cases.actions import DocumentText, add_follow_up, translate_document
from cases.models import Target, Theme, today
from pages import cache as page_cache
from pages.actions import publish_site_message

FI_EN = "/en/urgent-actions/2012/06/168-12/168-12-1/"
UA_EN = "/en/urgent-actions/2012/06/168-12/"


def served_from_cache(response) -> bool:
    return response.get("X-Page-Cache") == "hit"


def content_languages(response) -> list[str]:
    """The languages the page offers its document in ("This document in:")."""
    soup = BeautifulSoup(response.content, "html.parser")
    return [link["hreflang"] for link in soup.select(".content-languages a")]


def status_of(response) -> list[str]:
    return BeautifulSoup(response.content, "html.parser").select_one(".case-header .status")["class"]


def fresh(client, url: str):
    """The page an anonymous visitor gets next, checked to be a new rendering, not the kept one."""
    response = client.get(url)
    assert not served_from_cache(response)
    return response


def test_the_second_visitor_gets_the_page_from_the_cache_without_a_query(
    client, reference_case, django_assert_num_queries
):
    first = client.get(FI_EN)
    assert first["X-Page-Cache"] == "miss"

    with django_assert_num_queries(0):
        second = client.get(FI_EN)

    assert served_from_cache(second)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert int(second["Age"]) >= 0


@pytest.mark.parametrize(
    "url",
    [
        FI_EN,
        UA_EN,
        "/en/",
        "/en/urgent-actions/",
        "/en/urgent-actions/2012/",
        "/en/urgent-actions/2012/06/",
        "/en/human-rights-basics/",
        "/en/search/?q=Huseynov",
    ],
)
def test_public_pages_may_be_kept_by_shared_caches_and_browsers_ask_again(client, reference_case, url):
    response = client.get(url)

    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in directives
    assert "max-age=0" in directives
    assert any(part.startswith("s-maxage=") and 0 < int(part.split("=")[1]) <= 600 for part in directives)
    if "/2012/06/168-12/" in url:  # a case page shows the letters counter: kept for seconds only
        assert "s-maxage=5" in directives
    assert served_from_cache(client.get(url))


def test_shared_caches_keep_a_page_no_longer_than_the_day(settings):
    berlin = timezone.get_current_timezone()
    late = datetime.datetime(2026, 12, 3, 23, 59, 0, tzinfo=berlin)

    assert page_cache.seconds_to_midnight(late) == 60
    assert page_cache.seconds_to_midnight(late.replace(hour=0, minute=0)) == 24 * 60 * 60


def test_a_published_change_is_shown_to_the_next_visitor(client, reference_case):
    client.get(FI_EN)
    document = reference_case.fi_en
    document.title = "Mehman Huseynov released"
    document.save_revision().publish()

    assert "Mehman Huseynov released" in fresh(client, FI_EN).content.decode()


def test_an_unpublished_page_is_gone_for_the_next_visitor(client, reference_case):
    assert client.get(FI_EN).status_code == 200
    reference_case.fi_en.unpublish()

    assert client.get(FI_EN).status_code == 404


def test_a_deleted_follow_up_leaves_its_case_page(client, reference_case):
    assert "FI 168/12-1" in client.get(UA_EN).content.decode()
    reference_case.fi_en.delete()

    assert "FI 168/12-1" not in fresh(client, UA_EN).content.decode()


def test_a_moved_page_leaves_the_footer_of_every_page(client, reference_case, site_tree):
    assert "/en/human-rights-basics/" in client.get(FI_EN).content.decode()
    reference_case.info_page.move(site_tree.index_en, pos="last-child")

    page = fresh(client, FI_EN).content.decode()
    assert "/en/human-rights-basics/" not in page
    assert "/en/urgent-actions/human-rights-basics/" in page


def test_a_published_translation_is_offered_on_the_page_in_the_other_language(client, make_case, site_tree):
    case = make_case(sequence=12, appeal_deadline=today() + datetime.timedelta(days=10))
    url = case.url
    assert not content_languages(client.get(url))

    translate_document(document=case, locale=site_tree.de, text=DocumentText(title="Fall 12", summary="Neues."))

    assert sorted(content_languages(fresh(client, url))) == ["de", "en"]


def test_a_new_follow_up_is_listed_on_its_case_page(client, make_case):
    case = make_case(sequence=12, appeal_deadline=today() + datetime.timedelta(days=10))
    client.get(case.url)
    add_follow_up(urgent_action=case, sequence=1, issue_date=today(), text=DocumentText(title="Freed", summary="."))

    assert "Freed" in fresh(client, case.url).content.decode()


def test_an_edited_target_is_shown_on_the_pages_that_name_it(client, reference_case):
    client.get(FI_EN)
    target = Target.objects.get(pk=reference_case.target.pk)
    target.email = "office@prosecutor.example.org"
    target.save()

    assert "office@prosecutor.example.org" in fresh(client, FI_EN).content.decode()


def test_an_edited_theme_is_shown_on_the_case_pages(client, reference_case):
    client.get(UA_EN)
    theme = Theme.objects.get(pk=reference_case.theme.pk)
    theme.name = "Freedom of the press"
    theme.save()

    assert "Freedom of the press" in fresh(client, UA_EN).content.decode()


def test_a_site_message_is_shown_on_every_page_at_once(client, reference_case, site_tree):
    client.get(FI_EN)
    publish_site_message(text="Write for Rights starts today", locale=site_tree.en)

    assert "Write for Rights starts today" in fresh(client, FI_EN).content.decode()


def test_a_case_closes_at_midnight_without_anyone_publishing(client, make_case, monkeypatch):
    day = today()
    case = make_case(sequence=12, appeal_deadline=day)
    assert status_of(client.get(case.url)) == ["status", "status--open"]
    assert served_from_cache(client.get(case.url))

    monkeypatch.setattr(timezone, "localdate", lambda *args: day + datetime.timedelta(days=1))

    assert status_of(fresh(client, case.url)) == ["status", "status--closed"]


def test_a_page_rendered_for_a_member_is_never_kept_for_others(client, reference_case, make_member):
    member = make_member("lena@example.org", display_name="Lena")
    client.force_login(member)
    response = client.get(FI_EN)
    assert "X-Page-Cache" not in response
    client.logout()

    assert fresh(client, FI_EN)["X-Page-Cache"] == "miss"


def test_a_member_is_never_given_a_kept_page(client, reference_case, make_member):
    assert client.get(FI_EN)["X-Page-Cache"] == "miss"  # kept for visitors who are not logged in
    client.force_login(make_member("lena@example.org"))

    response = client.get(FI_EN)

    assert "X-Page-Cache" not in response
    assert "Lena" not in response.content.decode()  # the page holds nothing of the member's own


def test_a_visitor_with_messages_waiting_gets_the_page_of_their_own(client, reference_case):
    client.get(FI_EN)
    client.cookies["messages"] = "anything"  # a message waiting ("You have signed out.")

    response = client.get(FI_EN)

    assert not served_from_cache(response)
    assert "private" in response["Cache-Control"]


def test_a_dismissed_site_message_stays_away_and_the_page_is_private(client, reference_case, site_tree, settings):
    message = publish_site_message(text="Write for Rights starts today", locale=site_tree.en)
    client.get(FI_EN)
    client.cookies[settings.SITE_MESSAGE_COOKIE] = message.dismissal_key

    response = client.get(FI_EN)

    assert not served_from_cache(response)
    assert "Write for Rights starts today" not in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "s-maxage" not in response["Cache-Control"]


def test_the_logged_out_letter_panel_is_shared_for_seconds_and_counted_afresh(client, reference_case, make_member):
    url = f"/en/letters/{reference_case.fi_en.pk}/panel/"

    logged_out = client.get(url)

    assert "public" in logged_out["Cache-Control"]
    assert "s-maxage=5" in logged_out["Cache-Control"]
    client.force_login(make_member("lena@example.org"))
    mine = client.get(url)
    assert "private" in mine["Cache-Control"]
    assert "X-Page-Cache" not in mine


def test_the_personal_tools_are_shared_logged_out_and_private_logged_in(client, reference_case, make_member):
    logged_out = client.get("/en/members/personal-tools/")
    assert "public" in logged_out["Cache-Control"]
    assert served_from_cache(client.get("/en/members/personal-tools/"))

    client.force_login(make_member("lena@example.org", display_name="Lena Vogel"))
    mine = client.get("/en/members/personal-tools/")

    assert "Lena Vogel" in mine.content.decode()
    assert "private" in mine["Cache-Control"]


def test_pages_that_are_not_public_are_not_kept(client, reference_case):
    client.get("/en/accounts/login/")

    assert not served_from_cache(client.get("/en/accounts/login/"))


def test_the_page_cache_can_be_turned_off(client, reference_case, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(FI_EN)

    assert "X-Page-Cache" not in client.get(FI_EN)


def test_a_change_purges_the_reverse_proxy_once_committed(
    reference_case, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": "http://127.0.0.1:1"}
    }
    purged = []
    monkeypatch.setattr(
        "wagtail.contrib.frontend_cache.utils.purge_url_from_cache", lambda url, **kwargs: purged.append(url)
    )
    target = Target.objects.get(pk=reference_case.target.pk)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        target.save()
    assert purged == []
    for callback in callbacks:
        callback()

    assert purged == [settings.SITE_URL.rstrip("/") + "/"]


def test_a_page_past_its_time_is_rendered_by_one_request_while_the_others_get_the_kept_one(
    client, reference_case, settings, monkeypatch
):
    client.get(FI_EN)  # a case page: kept for LETTER_COUNTER_SECONDS
    later = time.time() + settings.LETTER_COUNTER_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    backend = caches["default"]
    add = backend.add
    monkeypatch.setattr(backend, "add", lambda key, *args: False if key.endswith(":rendering") else add(key, *args))

    meanwhile = client.get(FI_EN)  # another request is rendering it anew

    assert served_from_cache(meanwhile)
    assert int(meanwhile["Age"]) > settings.LETTER_COUNTER_SECONDS
    monkeypatch.setattr(backend, "add", add)
    assert client.get(FI_EN)["X-Page-Cache"] == "miss"  # this one takes the turn
    assert served_from_cache(client.get(FI_EN))
