"""What the account pages and emails (django-allauth) say: German in the site's formal register,
a greeting without a host name, and allauth's flash messages shown once, where they belong."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from members.tests.test_accounts import EMAIL, PASSWORD, cache_control, link_in, log_in, main_text, sign_up, url

# Whole words only: "Dublin", "Dienst" or "direkt" are not the informal address.
INFORMAL = re.compile(
    r"\b(du|Du|dich|Dich|dir|Dir|dein|Dein|deine|Deine|deinen|Deinen|deinem|Deinem|deiner|Deiner|deines|Deines"
    r"|hast|bist|kannst|musst|möchtest|gib|Gib|bestätige|kontaktiere|klicke|versuche|wähle|lass|Lass)\b"
)


INFORMAL_ITALIAN = re.compile(
    r"\b(tu|Tu|tuo|Tuo|tua|Tua|tuoi|tue|ti|Ti|puoi|hai|sei|devi|Inserisci|inserisci|controlla|contattaci|clicca"
    r"|Conferma il|Verifica il|Riprova)\b"
)


def informal_words(text: str) -> list[str]:
    return INFORMAL.findall(text)


def informal_italian_words(text: str) -> list[str]:
    return INFORMAL_ITALIAN.findall(text)


@pytest.fixture
def member(make_member):
    return make_member(EMAIL, password=PASSWORD, display_name="Lena Fischer")


def test_the_account_pages_a_visitor_meets_address_them_formally_in_german(client, db):
    pages = {
        name: main_text(client.get(url(name)))
        for name in ("account_login", "account_signup", "account_reset_password", "account_reset_password_done")
    }
    pages["account_email_verification_sent"] = main_text(client.get(url("account_email_verification_sent")))
    pages["expired confirmation"] = main_text(client.get(url("account_confirm_email", "nicht-gueltig")))
    pages["used reset link"] = main_text(client.get(url("account_reset_password_from_key", "x1", "nicht-gueltig")))

    assert {name: informal_words(text) for name, text in pages.items() if informal_words(text)} == {}
    assert "Passwort vergessen? Geben Sie unten Ihre E-Mail-Adresse ein" in pages["account_reset_password"]
    assert "Sie haben bereits ein Konto?" in pages["account_signup"]
    assert "Wir haben Ihnen eine E-Mail zur Bestätigung gesendet." in pages["account_email_verification_sent"]


def test_the_account_pages_a_member_meets_address_them_formally_in_german(client, member):
    log_in(client, EMAIL)
    pages = {
        name: main_text(client.get(url(name)))
        for name in ("account_logout", "account_email", "account_change_password")
    }
    wrong_password = client.post(
        url("account_change_password"),
        {"oldpassword": "nicht-das-passwort", "password1": "neu-und-lang-2027", "password2": "neu-und-lang-2027"},
    )
    pages["wrong current password"] = main_text(wrong_password)

    assert {name: informal_words(text) for name, text in pages.items() if informal_words(text)} == {}
    assert "Möchten Sie sich wirklich abmelden?" in pages["account_logout"]
    assert "Bitte geben Sie Ihr aktuelles Passwort ein." in pages["wrong current password"]


def test_the_account_emails_address_the_member_formally_in_german(client, member, mailoutbox):
    sign_up(client, "neu.mitglied@example.org")  # a new address: the link to confirm it
    sign_up(client, EMAIL)  # a taken address: the owner hears that the account exists
    client.post(url("account_reset_password"), {"email": EMAIL})
    client.post(url("account_reset_password"), {"email": "niemand@example.org"})  # no such account

    assert len(mailoutbox) == 4
    informal = {message.subject: informal_words(message.subject + message.body) for message in mailoutbox}
    assert {subject: words for subject, words in informal.items() if words} == {}
    assert "Sie erhalten diese E-Mail" in mailoutbox[1].body
    assert "Ihr Passwort zurück" in mailoutbox[2].body


@pytest.mark.parametrize(("language", "informal"), [("de", informal_words), ("it", informal_italian_words)])
def test_every_formal_override_of_allauth_takes_the_place_of_allauth_own(language, informal):
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / f"locale_overrides/{language}/LC_MESSAGES/django.po"))

    with translation.override(language):
        translated = {entry.msgid: translation.gettext(entry.msgid) for entry in catalogue if not entry.msgid_plural}

    assert translated == {entry.msgid: entry.msgstr for entry in catalogue if not entry.msgid_plural}
    assert not [entry.msgstr for entry in catalogue if informal(entry.msgstr)]


def test_the_account_pages_and_emails_address_a_visitor_formally_in_italian(client, member, mailoutbox):
    def italian(name: str, *args) -> str:
        with translation.override("it"):
            return reverse(name, args=args)

    pages = {
        name: main_text(client.get(italian(name)))
        for name in ("account_login", "account_signup", "account_reset_password", "account_reset_password_done")
    }
    pages["account_email_verification_sent"] = main_text(client.get(italian("account_email_verification_sent")))
    client.post(italian("account_reset_password"), {"email": EMAIL})
    client.post(italian("account_reset_password"), {"email": "nessuno@example.org"})
    pages.update({message.subject: message.body for message in mailoutbox})

    assert len(mailoutbox) == 2
    assert {name: informal_italian_words(text) for name, text in pages.items() if informal_italian_words(text)} == {}
    assert "Ha dimenticato la password? Inserisca" in pages["account_reset_password"]


@pytest.mark.parametrize(
    ("language", "greeting", "organisation"),
    [
        ("de", "Guten Tag,", "Urgent Actions"),
        ("en", "Hello,", "Urgent Actions"),
        ("fr", "Bonjour,", "Actions urgentes"),
        ("it", "Buongiorno,", "Azioni urgenti"),
    ],
)
def test_the_sign_up_email_greets_without_a_host_name_and_signs_with_the_organisation(
    client, db, mailoutbox, language, greeting, organisation
):
    with translation.override(language):
        signup_url = reverse("account_signup")
    client.get(signup_url)
    data = {"email": "neu.mitglied@example.org", "password1": PASSWORD, "consent": "on"}
    client.post(signup_url, data)

    (message,) = mailoutbox
    lines = message.body.strip().splitlines()
    assert lines[0] == greeting
    assert "testserver" not in lines[0] and "example.com" not in message.body
    assert lines[-2:] == ["-- ", organisation]


def test_the_confirmation_message_shows_once_on_the_next_page_and_never_again(client, db, mailoutbox):
    sign_up(client, "neu.mitglied@example.org")
    (message,) = mailoutbox
    client.get(link_in(message))

    confirmed = client.post(link_in(message), follow=True)
    later = [main_text(client.get(url(name))) for name in ("my_urgent_actions", "profile", "account_email")]

    assert main_text(confirmed).count("Sie haben die Adresse neu.mitglied@example.org bestätigt.") == 1
    assert [text for text in later if "bestätigt" in text or "angemeldet" in text] == []


def test_signing_out_says_so_on_the_home_page_which_that_visitor_alone_may_keep(client, member, site_tree):
    log_in(client, EMAIL)
    client.get(url("my_urgent_actions"))  # "signed in as" is shown here and done with

    home = client.post(url("account_logout"), follow=True)
    home_again = client.get(home.request["PATH_INFO"])

    assert "Sie haben sich abgemeldet." in main_text(home)
    assert "private" in cache_control(home)
    assert "abgemeldet" not in main_text(home_again)
    assert "private" not in cache_control(home_again)


def test_a_rate_limited_account_form_answers_in_the_site_layout_and_language(client, db, settings, mailoutbox):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    sign_up(client, "erste.adresse@example.org")

    refused = sign_up(client, "zweite.adresse@example.org")

    assert refused.status_code == 429
    assert main_text(refused) == (
        "Zu viele Versuche Sie haben dieses Formular in kurzer Zeit zu oft gesendet. "
        "Bitte warten Sie einige Minuten und versuchen Sie es dann erneut."
    )
