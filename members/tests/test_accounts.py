"""Member accounts through django-allauth, in the German interface: sign-up with email verification,
login by address, logout, password reset, rate limits, no account enumeration."""

import re

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from django.utils import translation

from members.models import User
from urgentactions import settings as project_settings

PASSWORD = "write-for-rights-2026"
NEW_PASSWORD = "letters-to-baku-2027"
EMAIL = "lena.fischer@example.org"


def url(name: str, *args) -> str:
    with translation.override("de"):
        return reverse(name, args=args)


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def page_text(response) -> str:
    return " ".join(soup_of(response).get_text(" ").split())


def main_text(response) -> str:
    """The page's own content, without the header (which differs once someone is logged in)."""
    return " ".join(soup_of(response).select_one("main").get_text(" ").split())


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def logged_in_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def link_in(message) -> str:
    """The path of the one link to this site in an email."""
    (link,) = re.findall(r"https?://testserver(/\S+)", message.body)
    return link


def signup_data(client, email: str, password: str = PASSWORD) -> dict:
    """What a person fills in on the sign-up form, whichever fields it has."""
    form = soup_of(client.get(url("account_signup"))).select_one(f'form[action="{url("account_signup")}"]')
    fields = {element["name"] for element in form.select("input[name], select[name], textarea[name]")}
    data = {"email": email, "password1": password}
    if "password2" in fields:
        data["password2"] = password
    if "consent" in fields:
        data["consent"] = "on"
    return data


def sign_up(client, email: str, password: str = PASSWORD):
    return client.post(url("account_signup"), signup_data(client, email, password))


def log_in(client, login: str, password: str = PASSWORD):
    return client.post(url("account_login"), {"login": login, "password": password})


def per_key_limit(action: str) -> int:
    """How many attempts the project's rate limit for `action` allows per address."""
    rates = project_settings.ACCOUNT_RATE_LIMITS[action].split(",")
    (amount,) = [rate.split("/")[0] for rate in rates if rate.strip().endswith("/key")]
    return int(amount)


@pytest.fixture
def member(make_member) -> User:
    return make_member(EMAIL, password=PASSWORD, display_name="Lena Fischer")


# --- Sign-up and verification --------------------------------------------------------------------


def test_sign_up_sends_a_verification_link_that_confirms_and_logs_in(client, db, mailoutbox):
    response = sign_up(client, "Neu.Mitglied@Example.org")

    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")
    member = User.objects.get()
    assert member.email == "neu.mitglied@example.org"
    assert logged_in_id(client) is None
    (message,) = mailoutbox
    assert message.to == ["neu.mitglied@example.org"]

    confirmation_page = client.get(link_in(message))
    assert confirmation_page.status_code == 200
    assert logged_in_id(client) is None  # a GET (a mail scanner opening the link) confirms nothing
    confirmed = client.post(link_in(message))

    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=member).verified
    assert logged_in_id(client) == str(member.pk)


def test_an_unverified_member_cannot_log_in_and_gets_the_link_again(client, make_member, mailoutbox):
    member = make_member("unbestaetigt@example.org", password=PASSWORD, verified=False)

    response = log_in(client, "unbestaetigt@example.org")

    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")
    assert logged_in_id(client) is None
    (message,) = mailoutbox
    assert message.to == [member.email]


def test_signing_up_with_a_taken_address_answers_like_a_new_one_and_tells_the_owner(client, member, mailoutbox):
    newcomer = sign_up(client, "neu.mitglied@example.org")
    someone = Client()
    taken = sign_up(someone, "Lena.Fischer@Example.org", "another-password-99")

    assert (taken.status_code, taken["Location"]) == (newcomer.status_code, newcomer["Location"])
    # The page names the address it was given; apart from that, nothing differs.
    assert re.sub("lena.fischer@example.org", "ADDRESS", main_text(someone.get(taken["Location"])), flags=re.I) == (
        main_text(client.get(newcomer["Location"])).replace("neu.mitglied@example.org", "ADDRESS")
    )
    assert User.objects.count() == 2
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    assert logged_in_id(someone) is None
    # The owner learns of it by email, with the way back into their account.
    assert [message.to for message in mailoutbox] == [["neu.mitglied@example.org"], [EMAIL]]
    assert link_in(mailoutbox[1]) == url("account_reset_password")


# --- Login and logout ----------------------------------------------------------------------------


def test_a_member_logs_in_with_the_address_in_any_case(client, member):
    response = log_in(client, "LENA.Fischer@EXAMPLE.org")

    assert response.status_code == 302
    assert response["Location"] == url("my_urgent_actions")
    assert logged_in_id(client) == str(member.pk)


def test_a_wrong_password_does_not_log_in(client, member):
    response = log_in(client, EMAIL, "not-my-password")

    assert response.status_code == 200
    assert logged_in_id(client) is None
    assert soup_of(response).select_one("form .errorlist, form [role=alert], .errorlist") is not None


def test_logging_out_needs_a_post(client, member):
    client.force_login(member)

    asked = client.get(url("account_logout"))
    assert asked.status_code == 200
    assert logged_in_id(client) == str(member.pk)

    response = client.post(url("account_logout"))
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in_id(client) is None


def test_repeated_failed_logins_are_refused_even_with_the_right_password(client, member):
    allowed = per_key_limit("login_failed")
    for _attempt in range(allowed):
        assert log_in(client, EMAIL, "guessing").status_code == 200

    refused = log_in(client, EMAIL, PASSWORD)

    assert refused.status_code == 200
    assert "Zu viele gescheiterte Anmeldeversuche" in page_text(refused)
    assert logged_in_id(client) is None


def test_failed_logins_on_one_address_do_not_lock_out_another(client, member, make_member):
    other = make_member("jonas.weber@example.org", password=PASSWORD)
    for _attempt in range(per_key_limit("login_failed")):
        log_in(client, EMAIL, "guessing")

    response = log_in(client, "jonas.weber@example.org", PASSWORD)

    assert response.status_code == 302
    assert logged_in_id(client) == str(other.pk)


# --- Password reset ------------------------------------------------------------------------------


def test_password_reset_mails_a_link_that_sets_a_new_password(client, member, mailoutbox):
    response = client.post(url("account_reset_password"), {"email": "Lena.Fischer@example.org"})

    assert response.status_code == 302
    assert response["Location"] == url("account_reset_password_done")
    (message,) = mailoutbox
    assert message.to == [EMAIL]

    form_page = client.get(link_in(message), follow=True)
    assert form_page.status_code == 200
    set_password_path = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link_in(message)
    changed = client.post(set_password_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert changed.status_code == 302
    client.logout()

    assert log_in(client, EMAIL, PASSWORD).status_code == 200
    assert log_in(client, EMAIL, NEW_PASSWORD).status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


def test_password_reset_answers_an_unknown_address_exactly_like_a_known_one(client, member, mailoutbox):
    known = client.post(url("account_reset_password"), {"email": EMAIL})
    unknown = client.post(url("account_reset_password"), {"email": "niemand@example.org"})

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert main_text(client.get(unknown["Location"])) == main_text(client.get(known["Location"]))
    # Each address gets one email: the reset link only where there is an account.
    assert [message.to for message in mailoutbox] == [[EMAIL], ["niemand@example.org"]]
    assert "/key/" in link_in(mailoutbox[0])
    assert "/key/" not in mailoutbox[1].body


def test_password_reset_requests_for_one_address_are_limited(client, member, mailoutbox):
    allowed = per_key_limit("reset_password")
    for _request in range(allowed):
        assert client.post(url("account_reset_password"), {"email": EMAIL}).status_code == 302

    refused = client.post(url("account_reset_password"), {"email": EMAIL})

    assert refused.status_code in {200, 429}
    assert len(mailoutbox) == allowed


# --- Passwords -----------------------------------------------------------------------------------


def test_the_project_hashes_passwords_with_argon2(settings, client, db):
    assert project_settings.PASSWORD_HASHERS[0] == "urgentactions.hashers.BoundedArgon2PasswordHasher"
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS  # the test run hashes fast otherwise

    sign_up(client, "argon@example.org")

    assert User.objects.get(email="argon@example.org").password.startswith("argon2")


# --- The header's personal tools -----------------------------------------------------------------


def test_personal_tools_offer_a_visitor_to_log_in_or_sign_up(client, db):
    response = client.get(url("personal_tools"))

    assert response.status_code == 200
    assert "public" in cache_control(response)  # the same for every visitor: shared caches keep it
    links = {a["href"]: " ".join(a.get_text().split()) for a in soup_of(response).select("a")}
    assert links[url("account_login")] == "Anmelden"
    assert url("account_signup") in links
    assert soup_of(response).find("form") is None


def test_personal_tools_show_a_member_their_name_their_page_and_a_logout_button(client, member, make_member):
    make_member("jonas.weber@example.org", display_name="Jonas Weber")
    client.force_login(member)

    response = client.get(url("personal_tools"))

    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)
    text = page_text(response)
    assert "Lena Fischer" in text
    assert "Jonas Weber" not in text
    assert soup_of(response).select_one(f'a[href="{url("my_urgent_actions")}"]') is not None
    assert soup_of(response).select_one(f'a[href="{url("account_login")}"]') is None
    logout = soup_of(response).select_one(f'form[method=post][action="{url("account_logout")}"]')
    assert logout.select_one("input[name=csrfmiddlewaretoken]")["value"]
