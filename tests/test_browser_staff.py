"""End to end in real Chromium: a new editor logs in through the site's login, is sent to set up two
factors, activates an authenticator app (reading its secret off the page), sees the recovery codes
and reaches the admin; then adds a passkey (Chromium's virtual authenticator) and signs in with it.
The two-factor pages run under the public site's Content-Security-Policy without a violation."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from playwright.sync_api import Browser, expect

from members.models import User
from tests.browser import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "new.editor@example.org"
PASSWORD = "write-for-rights-now"


def test_a_new_editor_sets_up_an_authenticator_app_and_a_passkey(browser: Browser, live_server, demo_site) -> None:
    # A superuser: an earlier live-server test's flush empties Wagtail's groups (see tests/conftest.py).
    editor = User.objects.create_superuser(EMAIL, PASSWORD, preferred_language="en")
    EmailAddress.objects.create(user=editor, email=EMAIL, verified=True, primary=True)
    base = live_server.url.replace("127.0.0.1", "localhost")  # WebAuthn wants a domain
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )

    page.goto(f"{base}/admin/")
    expect(page).to_have_url(re.compile(r"/en/accounts/login/\?next=/admin/"))
    page.get_by_role("textbox", name="Email").fill(EMAIL)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()

    # No second factor yet: the admin sends the editor to set one up.
    expect(page).to_have_url(f"{base}/en/accounts/2fa/")
    expect(page.locator("main")).to_contain_text("The admin needs two-factor authentication")
    page.locator("a[href$='/2fa/totp/activate/']").click()
    expect(page).to_have_url(re.compile(r"/en/accounts/reauthenticate/"))  # the password once more
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(f"{base}/en/accounts/2fa/totp/activate/")
    qr_code = page.locator("img[src^='data:image/svg']")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.naturalWidth") > 0  # the data: image loads under the CSP
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()

    expect(page).to_have_url(f"{base}/en/accounts/2fa/recovery-codes/")
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) >= 10
    page.get_by_role("link", name="Continue to the admin").click()
    expect(page).to_have_url(f"{base}/admin/")
    expect(page).to_have_title(re.compile("Dashboard"))

    # A passkey, registered with Chromium's virtual authenticator.
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    page.goto(f"{base}/en/accounts/2fa/webauthn/add/")
    page.locator("input[name=name]").fill("Laptop")
    page.locator("input[name=passwordless]").check()
    page.locator("#mfa_webauthn_add").click()
    expect(page).not_to_have_url(re.compile(r"/webauthn/add/"))
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.WEBAUTHN).count() == 1

    # Signed out, the editor signs in with the passkey alone.
    page.goto(f"{base}/en/accounts/logout/")
    page.locator("main form button[type=submit]").click()
    page.goto(f"{base}/admin/")
    expect(page).to_have_url(re.compile(r"/en/accounts/login/\?next=/admin/"))
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page).to_have_url(f"{base}/admin/")
    expect(page).to_have_title(re.compile("Dashboard"))

    assert violations == []
