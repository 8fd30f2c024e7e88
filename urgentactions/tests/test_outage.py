"""Finding 10: with the database or Redis unreachable, every page answered 500 with no Retry-After
and logged a traceback per failure. Now: 503, Retry-After, a static page in the visitor's language
(JSON for the API), one WARNING line per request; and the probes /healthz and /readyz."""

import logging

import pytest
from django.test import Client

from urgentactions.tests.conftest import stop_redis


@pytest.fixture
def client():
    return Client(raise_request_exception=False)  # as a real server: the response, not the exception


def warnings_and_errors(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


def assert_outage(response, caplog, language: str) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Language"] == language
    assert "no-store" in response["Cache-Control"]
    records = warnings_and_errors(caplog)
    assert len(records) == 1, [record.getMessage() for record in records]
    assert records[0].levelno == logging.WARNING
    assert records[0].exc_info is None
    assert "\n" not in records[0].getMessage()


@pytest.mark.parametrize(
    ("path", "accept_language", "language"),
    [("/fr/", "de", "fr"), ("/en/search/?q=Iran", "fr", "en"), ("/it/", "", "it")],
)
def test_a_page_answers_503_in_its_language_while_the_database_is_down(
    database_down, client, caplog, path, accept_language, language
):
    response = client.get(path, headers={"Accept-Language": accept_language})

    assert_outage(response, caplog, language)
    assert response["Content-Type"].startswith("text/html")
    assert f'<html lang="{language}">' in response.content.decode()
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_api_answers_json_503_in_the_accepted_language_while_the_database_is_down(database_down, client, caplog):
    response = client.get(
        "/api/v1/documents/7f0b54e0-3c4f-4a39-9b8e-2b1b9b5f9d8e/counter", headers={"Accept-Language": "fr"}
    )

    assert_outage(response, caplog, "fr")
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_a_session_read_in_a_middleware_answers_503_while_the_database_is_down(database_down, client, caplog):
    # No view needs the database here: allauth's middleware asks whether the visitor is logged in.
    client.cookies["sessionid"] = "x" * 32

    response = client.get("/it/accounts/")

    assert_outage(response, caplog, "it")


def test_a_redirect_lookup_in_a_middleware_answers_503_while_the_database_is_down(database_down, client, caplog):
    # An unknown address is looked up among Wagtail's redirects (its middleware) before the 404.
    response = client.get("/api/v1/no-such-endpoint", headers={"Accept-Language": "en"})

    assert_outage(response, caplog, "en")


def test_a_posted_form_answers_503_while_the_database_is_down(database_down, client, caplog):
    client.cookies["sessionid"] = "x" * 32

    response = client.post("/de/accounts/login/", {"login": "a@example.org", "password": "x"})

    assert_outage(response, caplog, "de")


def test_the_api_answers_503_while_redis_is_down(db, redis_down, client, caplog):
    # The API's rate limit counts requests in the cache.
    response = client.get(
        "/api/v1/documents/7f0b54e0-3c4f-4a39-9b8e-2b1b9b5f9d8e/counter", headers={"Accept-Language": "it"}
    )

    assert_outage(response, caplog, "it")
    assert response.json()["detail"]


def test_a_member_gets_503_while_redis_is_down(make_member, settings, client, caplog):
    # Sessions are read through the cache (cached_db): a logged-in member's from the database and
    # then written to the cache.
    client.force_login(make_member())
    stop_redis(settings)

    response = client.get("/fr/accounts/login/", headers={"Accept-Language": "de"})

    assert_outage(response, caplog, "fr")
    assert '<html lang="fr">' in response.content.decode()
