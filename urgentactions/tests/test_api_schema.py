"""schemathesis generates requests from the API's own OpenAPI schema (valid and invalid ones) and
checks that none is a server error and that every answer matches the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import response_schema_conformance

from members.actions import create_api_token
from urgentactions.api import api
from urgentactions.wsgi import application


@pytest.fixture
def wsgi_in_test_transaction():
    """As Django's test client does: a request through the WSGI application must not close the
    test's database connection (and with it the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def exercise(operation, headers: dict[str, str], statuses: list[int]):
    """A hypothesis test of one operation: generated requests, none a server error, every 200 as
    the schema says."""

    @given(case=operation.as_strategy())
    @hypothesis_settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case) -> None:
        response = case.call(headers=headers)
        assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:500]}"
        if response.status_code == 200:
            case.validate_response(response, checks=[response_schema_conformance])
        statuses.append(response.status_code)

    return check


def test_no_generated_request_gets_a_server_error_and_answers_match_the_schema(
    db, reference_case, make_case, make_member, monkeypatch, wsgi_in_test_transaction
):
    monkeypatch.setattr(api.throttle[0], "num_requests", 1_000_000)  # the rate limit has its own test
    _token, secret = create_api_token(member=make_member("app@example.org"), name="schemathesis")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 11
    statuses: list[int] = []
    for operation in operations:
        # Operations for members are called with a valid personal token, so their work is reached.
        headers = {"Authorization": f"Bearer {secret}"} if operation.definition.raw.get("security") else {}
        exercise(operation, headers, statuses)()
    assert 200 in statuses and any(400 <= status < 500 for status in statuses)
