"""Finding 6: every limit counts the real client behind a trusted proxy (TRUSTED_PROXIES), a client
cannot escape one by writing X-Forwarded-For itself, and token requests are limited per token and
per address."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from members.actions import create_api_token
from urgentactions.api import api

pytestmark = pytest.mark.django_db

PASSWORD = "write-for-rights-2026"
PROXY = "10.0.0.2"


def log_in(client, email, password, *, xff):
    with translation.override("de"):
        login_url = reverse("account_login")
    return client.post(login_url, {"login": email, "password": password}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=xff)


@pytest.mark.parametrize("trusted", ["1", "10.0.0.0/8"])
def test_failed_logins_of_one_client_behind_the_proxy_do_not_lock_out_another(client, make_member, settings, trusted):
    settings.TRUSTED_PROXIES = trusted
    victim = make_member("lena.fischer@example.org", password=PASSWORD)
    for attempt in range(12):  # past login_failed's 10/m per address, each on another account
        log_in(client, f"guess{attempt}@example.org", "guessing", xff="198.51.100.66")
    assert "Zu viele" in log_in(client, "guess99@example.org", "guessing", xff="198.51.100.66").content.decode()

    response = log_in(client, victim.email, PASSWORD, xff="203.0.113.7")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(victim.pk)


def test_a_client_that_writes_x_forwarded_for_itself_is_still_limited_at_login(client, make_member, settings):
    settings.TRUSTED_PROXIES = ""  # nobody is trusted: REMOTE_ADDR (here: the attacker) counts
    member = make_member("lena.fischer@example.org", password=PASSWORD)
    for attempt in range(12):
        log_in(client, f"guess{attempt}@example.org", "guessing", xff=f"198.51.100.{attempt}")

    response = log_in(client, member.email, PASSWORD, xff="203.0.113.7")

    assert response.status_code != 302


# --- The API ----------------------------------------------------------------------------------------


@pytest.fixture
def limits(monkeypatch):
    """Small limits: 3 requests per address, 2 per token."""
    address, token = api.throttle
    monkeypatch.setattr(address, "num_requests", 3)
    monkeypatch.setattr(token, "num_requests", 2)


def get(client, path="/api/v1/outcomes", *, remote="192.0.2.10", xff=None, token=None):
    headers = {"REMOTE_ADDR": remote}
    if xff:
        headers["HTTP_X_FORWARDED_FOR"] = xff
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client.get(path, **headers)


def test_a_client_varying_x_forwarded_for_on_an_untrusted_connection_is_limited(client, site_tree, limits, settings):
    settings.TRUSTED_PROXIES = ""
    statuses = [get(client, xff=f"198.51.100.{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_a_connection_from_outside_the_trusted_networks_is_limited_by_its_own_address(
    client, site_tree, limits, settings
):
    settings.TRUSTED_PROXIES = "10.0.0.0/8"
    statuses = [get(client, remote="192.0.2.10", xff=f"198.51.100.{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_clients_behind_a_trusted_proxy_are_limited_each_on_their_own(client, site_tree, limits, settings):
    settings.TRUSTED_PROXIES = "1"
    first = [get(client, remote=PROXY, xff="198.51.100.1").status_code for _ in range(4)]
    second = get(client, remote=PROXY, xff="198.51.100.2")
    assert first == [200, 200, 200, 429]
    assert second.status_code == 200


def test_a_token_client_is_limited_and_told_when_to_retry(client, make_member, make_case, limits):
    key = make_case(sequence=12).translation_key
    _token, secret = create_api_token(member=make_member("amina@example.org"), name="app")
    statuses = []
    for n in range(3):  # each from another address: the token's own limit (2) counts
        response = get(client, f"/api/v1/cases/{key}/follow", remote=f"192.0.2.{n}", token=secret)
        statuses.append(response.status_code)
    assert statuses == [200, 200, 429]
    assert int(response["Retry-After"]) >= 1
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in json.loads(response.content)


def test_the_per_token_limit_is_independent_of_the_address_behind_a_proxy(
    client, make_member, make_case, limits, settings
):
    settings.TRUSTED_PROXIES = "1"
    key = make_case(sequence=12).translation_key
    _token, secret = create_api_token(member=make_member("amina@example.org"), name="app")
    statuses = [
        get(client, f"/api/v1/cases/{key}/follow", remote=PROXY, xff=f"198.51.100.{n}", token=secret).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_token_requests_count_for_their_address_too(client, make_member, make_case, limits):
    key = make_case(sequence=12).translation_key
    secrets = [create_api_token(member=make_member(f"m{n}@example.org"), name="app")[1] for n in range(4)]
    statuses = [get(client, f"/api/v1/cases/{key}/follow", token=secret).status_code for secret in secrets]
    assert statuses == [200, 200, 200, 429]


def test_guessing_tokens_meets_the_address_limit(client, make_case, limits):
    key = make_case(sequence=12).translation_key
    responses = [get(client, f"/api/v1/cases/{key}/follow", token=f"guess-{n}") for n in range(5)]
    assert [response.status_code for response in responses] == [401, 401, 401, 429, 429]
    assert int(responses[-1]["Retry-After"]) >= 1
    assert responses[-1].json() == {"detail": "Too many requests."}


def test_too_many_letter_reports_by_token_get_json_with_retry_after(client, make_member, make_case, settings):
    import datetime

    from cases.models import today

    settings.LETTER_REPORTS_PER_MINUTE = 1
    case = make_case(sequence=12, appeal_deadline=today() + datetime.timedelta(days=20))
    _token, secret = create_api_token(member=make_member("amina@example.org"), name="app")
    path = f"/api/v1/documents/{case.translation_key}/letters"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.post(path, "{}", content_type="application/json", **headers).status_code == 200
    refused = client.post(path, "{}", content_type="application/json", **headers)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "detail" in refused.json()
