"""The staff door (issue 14): one login for everyone, allauth's, with its rate limits and verified
addresses; Argon2 hashes a few at a time; two factors for every account that can enter the admin."""

import threading
import time

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from wagtail.models import APIToken

from members.tests.test_accounts import page_text
from tests.builders import with_two_factors
from urgentactions import settings as project_settings

PASSWORD = "write-for-rights-2026"


def url(name: str, *args) -> str:
    with translation.override("de"):
        return reverse(name, args=args)


def totp_code(secret: str) -> str:
    """The code an editor's authenticator app shows now."""
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


def allauth_login(client, email: str, password: str = PASSWORD, next: str = "/admin/"):
    return client.post(f"{url('account_login')}?next={next}", {"login": email, "password": password})


# --- One login: Wagtail's addresses lead to allauth's ---------------------------------------------


def test_the_admin_login_leads_to_allauths_login_keeping_next(client, db):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == "/de/accounts/login/?next=/admin/pages/"
    assert client.get("/admin/login/")["Location"] == "/de/accounts/login/?next=/admin/"
    assert client.get("/admin/")["Location"] == "/de/accounts/login/?next=/admin/"


def test_a_post_to_the_admin_login_with_the_right_password_logs_nobody_in(client, make_staff):
    make_staff("editor@example.org", password=PASSWORD)

    response = client.post("/admin/login/", {"username": "editor@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith("/de/accounts/login/")
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    "path", ["/admin/password_reset/", "/admin/password_reset/done/", "/admin/password_reset/confirm/MQ/abc-def/"]
)
def test_the_admins_password_reset_leads_to_allauths(client, db, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == url("account_reset_password")


def test_wagtails_login_for_private_pages_leads_to_allauths(client, make_member):
    make_member("amina@example.org", password=PASSWORD)

    response = client.post("/de/_util/login/?next=/de/", {"username": "amina@example.org", "password": PASSWORD})

    assert response["Location"] == "/de/accounts/login/?next=/de/"
    assert not logged_in(client)


def test_the_61st_try_with_the_right_password_is_refused(client, make_staff, make_member):
    """The review's scenario: 60 wrong passwords for one account, then the right one."""
    make_member("amina@example.org", password=PASSWORD)
    for _attempt in range(60):
        client.post("/admin/login/", {"username": "amina@example.org", "password": "wrong-guess"})
        allauth_login(client, "amina@example.org", "wrong-guess", next="/de/")
    assert not logged_in(client)

    client.post("/admin/login/", {"username": "amina@example.org", "password": PASSWORD})
    assert not logged_in(client)
    response = allauth_login(client, "amina@example.org", next="/de/")
    assert response.status_code in {200, 429}
    assert not logged_in(client)


def test_an_unverified_member_gets_no_session(client, make_member):
    make_member("new@example.org", password=PASSWORD, verified=False)

    client.post("/admin/login/", {"username": "new@example.org", "password": PASSWORD})
    assert not logged_in(client)
    response = allauth_login(client, "new@example.org", next="/de/")
    assert response["Location"] == url("account_email_verification_sent")
    assert not logged_in(client)

    assert client.get(url("profile")).status_code == 302
    client.post(url("api_tokens"), {"name": "script"})
    assert not APIToken.objects.exists()


# --- Argon2, a few at a time ----------------------------------------------------------------------


def test_concurrent_password_hashing_is_bounded(settings, monkeypatch, db):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    settings.PASSWORD_HASHES_AT_ONCE = 2
    running, most, lock = 0, 0, threading.Lock()

    def measured(original):
        def hash_or_verify(self, *args):
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
            time.sleep(0.05)  # Argon2's ~100 MB, held this long
            with lock:
                running -= 1
            return original(self, *args)

        return hash_or_verify

    encoded = make_password(PASSWORD)
    monkeypatch.setattr(Argon2PasswordHasher, "encode", measured(Argon2PasswordHasher.encode))
    monkeypatch.setattr(Argon2PasswordHasher, "verify", measured(Argon2PasswordHasher.verify))
    results = []
    threads = [threading.Thread(target=lambda: results.append(make_password(PASSWORD))) for _ in range(6)]
    threads += [threading.Thread(target=lambda: results.append(check_password(PASSWORD, encoded))) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert encoded.startswith("argon2$")
    assert len(results) == 12 and all(results)
    assert most == 2


# --- Two factors for staff ------------------------------------------------------------------------


@pytest.fixture
def editor_without_factor(make_member):
    editor = make_member("editor@example.org", password=PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"))
    return editor


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/reports/"])
def test_an_editor_without_an_authenticator_is_sent_to_set_one_up(client, editor_without_factor, path):
    client.force_login(editor_without_factor)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == url("mfa_index")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Zwei-Faktor-Authentifizierung" in page_text(page) or "two-factor" in page_text(page).lower()
    assert "Authenticator-App oder einen Passkey" in page_text(page) or "passkey" in page_text(page).lower()


def test_an_editor_without_an_authenticator_may_still_log_out_of_the_admin(client, editor_without_factor):
    client.force_login(editor_without_factor)

    response = client.post("/admin/logout/")

    assert response["Location"] == url("account_login")
    assert not logged_in(client)


def test_a_superuser_without_an_authenticator_is_sent_to_set_one_up(client, make_member):
    admin = make_member("admin@example.org", password=PASSWORD, is_superuser=True, is_staff=True)
    client.force_login(admin)

    assert client.get("/admin/")["Location"] == url("mfa_index")


def test_a_member_is_not_asked_for_a_second_factor(client, make_member):
    client.force_login(make_member("amina@example.org"))

    assert client.get(url("profile")).status_code == 200
    assert client.get("/admin/")["Location"].startswith("/de/accounts/login/")  # not for members


def test_an_editor_setting_up_totp_then_reaches_the_admin(client, editor_without_factor):
    allauth_login(client, "editor@example.org")
    assert logged_in(client)
    assert client.get("/admin/")["Location"] == url("mfa_index")

    # Adding a factor asks for the password again (allauth's reauthentication), as changing one does.
    asked = client.get(url("mfa_activate_totp"))
    assert asked["Location"].startswith(url("account_reauthenticate"))
    client.post(asked["Location"], {"password": PASSWORD})
    form = client.get(url("mfa_activate_totp"))
    secret = form.context["form"].secret
    response = client.post(url("mfa_activate_totp"), {"code": totp_code(secret)})

    assert response["Location"] == url("mfa_view_recovery_codes")
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_with_totp_the_login_asks_for_the_code_and_refuses_a_wrong_one(client, editor_without_factor):
    secret = with_two_factors(editor_without_factor)

    response = allauth_login(client, "editor@example.org")
    assert response["Location"] == url("mfa_authenticate")
    assert not logged_in(client)
    assert client.get("/admin/")["Location"].startswith("/de/accounts/login/")

    wrong = client.post(url("mfa_authenticate"), {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert not logged_in(client)

    right = client.post(url("mfa_authenticate"), {"code": totp_code(secret)})
    assert right["Location"] == "/admin/"
    assert logged_in(client)
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_logs_in_once_and_only_once(client, editor_without_factor):
    with_two_factors(editor_without_factor)
    code = RecoveryCodes.activate(editor_without_factor).get_unused_codes()[0]

    allauth_login(client, "editor@example.org")
    assert client.post(url("mfa_authenticate"), {"code": code})["Location"] == "/admin/"
    assert logged_in(client)
    client.post(url("account_logout"))
    assert not logged_in(client)

    allauth_login(client, "editor@example.org")
    again = client.post(url("mfa_authenticate"), {"code": code})
    assert again.status_code == 200
    assert not logged_in(client)
