"""Helpers of the browser tests: staff as they log in to the admin, with their authenticator's code."""

import re
import time

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from playwright.sync_api import Page as BrowserPage
from playwright.sync_api import expect

from members.models import User
from tests.builders import with_two_factors

#: Seconds a code must still have before it runs out, for the browser to send it and the server to check it.
CODE_MARGIN = 5


def totp_code(secret: str) -> str:
    """The code an authenticator app shows for this secret, with time left to type it.

    The server accepts only the current window's code (no tolerance): a code read in a window's last
    seconds can arrive in the next one under load, so, as a person would, this waits for a fresh one."""
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < CODE_MARGIN:
        time.sleep(left + 0.1)
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def create_browser_staff(email: str, password: str, **fields) -> str:
    """A superuser as staff are (verified address, an authenticator app); returns its TOTP secret.

    Wagtail's groups come from migrations, which an earlier live-server test's flush empties: staff
    in browser tests are superusers (the Editors group's rights are tested with the admin views)."""
    user = User.objects.create_superuser(email, password, **fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return with_two_factors(user)


def log_in_to_admin(page: BrowserPage, base_url: str, email: str, password: str, secret: str) -> None:
    """As an editor does: the admin sends to the site's login, then the authenticator's code."""
    page.goto(f"{base_url}/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/"))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form[action*='/accounts/login/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("form[action$='/2fa/authenticate/'] button[type=submit]").first.click()
    expect(page).to_have_url(f"{base_url}/admin/")
