import datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils import timezone

from pages.actions import publish_site_message
from pages.models import SiteMessage

GERMAN = "Briefeschreib-Abend an jedem ersten Montag im Monat."
ENGLISH = "Letter-writing evening on the first Monday of every month."


@pytest.fixture
def messages(site_tree):
    return {
        "de": publish_site_message(
            text=GERMAN, locale=site_tree.de, link_url="https://example.org/abend", link_text="Mehr erfahren"
        ),
        "en": publish_site_message(text=ENGLISH, locale=site_tree.en),
    }


def shown_message(response) -> str | None:
    assert response.status_code == 200
    banner = BeautifulSoup(response.content, "html.parser").select_one(".site-message")
    return " ".join(banner.get_text(" ").split()) if banner else None


def close_link(response) -> str:
    return BeautifulSoup(response.content, "html.parser").select_one(".site-message__close")["href"]


def test_visitor_sees_the_active_message_in_the_page_language(client, messages):
    german = shown_message(client.get("/de/"))
    english = shown_message(client.get("/en/"))

    assert GERMAN in german
    assert "Mehr erfahren" in german
    assert ENGLISH not in german
    assert ENGLISH in english
    assert GERMAN not in english


def test_a_newer_message_replaces_the_older_one_of_its_language(client, site_tree, messages):
    publish_site_message(text="Neue Mitteilung.", locale=site_tree.de)

    german = shown_message(client.get("/de/"))

    assert "Neue Mitteilung." in german
    assert GERMAN not in german
    assert ENGLISH in shown_message(client.get("/en/"))


def test_inactive_message_is_not_shown(client, messages):
    SiteMessage.objects.filter(pk=messages["de"].pk).update(is_active=False)

    assert shown_message(client.get("/de/")) is None


def test_closing_the_message_remembers_it_and_returns_to_the_page(client, messages):
    page = "/de/urgent-actions/"

    response = client.get(close_link(client.get(page)))

    assert response.status_code == 302
    assert response["Location"] == page
    assert response.cookies[settings.SITE_MESSAGE_COOKIE].value == messages["de"].dismissal_key
    assert shown_message(client.get(page)) is None
    assert shown_message(client.get("/de/")) is None


def test_closing_the_german_message_leaves_the_english_one(client, messages):
    client.get(close_link(client.get("/de/")))

    assert ENGLISH in shown_message(client.get("/en/"))


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/phish", "http://testserver.evil/"])
def test_closing_the_message_never_redirects_to_another_site(client, messages, next_url):
    key = messages["de"].dismissal_key

    response = client.get(f"/de/site-message/{key}/dismiss/", {"next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_edited_message_is_shown_again_to_a_visitor_who_closed_it(client, messages, monkeypatch):
    client.get(close_link(client.get("/de/")))
    message = messages["de"]
    old_key = message.dismissal_key
    later = timezone.now() + datetime.timedelta(minutes=10)
    monkeypatch.setattr(timezone, "now", lambda: later)  # the editor comes back ten minutes later

    message.text = "Briefeschreib-Abend diesmal am Dienstag."
    message.save()

    assert message.dismissal_key != old_key
    assert "Briefeschreib-Abend diesmal am Dienstag." in shown_message(client.get("/de/"))


@pytest.mark.parametrize("key", ["not-a-key", "ABCDEF123456-1", "0123456789ab-", "0123456789ab-12-x"])
def test_malformed_dismissal_key_is_a_bad_request(client, messages, key):
    response = client.get(f"/de/site-message/{key}/dismiss/", {"next": "/de/"})

    assert response.status_code == 400
    assert settings.SITE_MESSAGE_COOKIE not in response.cookies


def test_a_page_without_the_dismissed_message_is_private_and_one_with_it_is_not(client, messages):
    shown = client.get("/de/")
    client.cookies[settings.SITE_MESSAGE_COOKIE] = messages["de"].dismissal_key
    hidden = client.get("/de/")

    assert "private" not in shown.get("Cache-Control", "")
    assert "private" in hidden["Cache-Control"]
