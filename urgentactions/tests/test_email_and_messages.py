"""Issue 14, finding 12: without a mail server, production logs no email content; messages to a
member never travel in a cookie."""

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from members.tests.test_accounts import EMAIL, PASSWORD, log_in

ROOT = Path(__file__).resolve().parents[2]
LINK = "https://ua.example.org/de/accounts/password/reset/key/abc-123-secret-token/"


def production(*command: str, **env: str) -> subprocess.CompletedProcess:
    """A command run with production settings (DEBUG=0), without a mail server."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("EMAIL_") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"  # set by the browser tests
    }
    environment.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="a.example.org", **env)
    return subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_without_a_mail_server_logs_one_line_per_email_without_its_content(caplog):
    program = (
        "import django, logging; django.setup(); logging.basicConfig(level=logging.INFO);"
        "from django.core.mail import EmailMultiAlternatives;"
        "message = EmailMultiAlternatives('Reset your password', 'Open " + LINK + "', to=['lena@example.org']);"
        "message.attach_alternative('<a href=\"" + LINK + "\">reset</a>', 'text/html'); message.send()"
    )
    sent = production("-c", program, DJANGO_SETTINGS_MODULE="urgentactions.settings")
    output = sent.stdout + sent.stderr
    assert sent.returncode == 0, output
    assert "secret-token" not in output
    assert "lena@example.org" not in output
    assert output.count("Email not sent (no EMAIL_HOST)") == 1
    assert "Reset your password" in output


def test_the_unsent_backend_logs_the_subject_only(settings, caplog):
    settings.EMAIL_BACKEND = "urgentactions.mail.UnsentEmailBackend"
    caplog.set_level(logging.INFO)
    message = EmailMultiAlternatives("Confirm your address", f"Open {LINK}", to=["lena@example.org"])
    message.attach_alternative(f'<a href="{LINK}">confirm</a>', "text/html")
    assert message.send() == 1
    assert len(caplog.records) == 1
    assert "secret-token" not in caplog.text and "lena@example.org" not in caplog.text


def test_the_deploy_check_warns_when_emails_are_not_sent():
    unsent = production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert unsent.returncode != 0
    assert "urgentactions.W001" in unsent.stdout + unsent.stderr
    configured = production("manage.py", "check", "--deploy", "--fail-level", "WARNING", EMAIL_HOST="smtp.example.org")
    assert configured.returncode == 0, configured.stdout + configured.stderr


@pytest.mark.django_db
def test_no_cookie_carries_a_message_or_the_members_name_in_clear(client, make_member):
    make_member(EMAIL, password=PASSWORD, display_name="Lena Fischer")
    responses = [log_in(client, EMAIL)]
    with translation.override("de"):
        profile = reverse("profile")
    responses.append(client.post(profile, {"display_name": "Lena Fischer", "preferred_language": "de"}))
    responses.append(client.get(responses[-1].get("Location") or profile))
    carried = [
        r.cookies["messages"].value for r in responses if r.cookies.get("messages") and r.cookies["messages"].value
    ]
    assert carried  # "Signed in as Lena Fischer." travels in the cookie to the next page
    for value in carried:
        assert "Lena" not in value and "Fischer" not in value
        # Django's own cookie is signed, not encrypted: its decoder reads anything it wrote.
        assert CookieStorage(HttpRequest())._decode(value) is None
    assert all("Lena" not in cookie.value for r in responses for cookie in r.cookies.values())


@pytest.mark.django_db
def test_a_page_that_shows_a_message_is_still_private(client, make_member, site_tree):
    make_member(EMAIL, password=PASSWORD, display_name="Lena Fischer")
    shown = Client()
    log_in(shown, EMAIL)
    shown.post(reverse("account_logout"))
    home = shown.get("/de/")
    assert "private" in home.get("Cache-Control", "")
