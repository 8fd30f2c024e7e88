"""schemathesis generates requests from the API's own OpenAPI schema (valid and invalid ones) and
checks that none is a server error and that every answer matches the schema."""

import re
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

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


EXAMPLES = {GenerationMode.POSITIVE: 60, GenerationMode.NEGATIVE: 40}  # per operation: over 1,000 in all
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass
class Tally:
    statuses: list[int] = field(default_factory=list)
    with_control_characters: int = 0


def exercise(operation, mode: GenerationMode, headers: dict[str, str], tally: Tally):
    """A hypothesis test of one operation: generated requests (valid ones, or invalid ones in the
    negative mode), strings with NUL bytes and other control characters among them; none a server
    error, every answer (errors too) with a documented status, content type and body."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=EXAMPLES[mode], deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def check(case) -> None:
        response = case.call(headers=headers)
        assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:500]}"
        case.validate_response(
            response, checks=[status_code_conformance, content_type_conformance, response_schema_conformance]
        )
        tally.statuses.append(response.status_code)
        if CONTROL_CHARACTERS.search(
            repr((case.path_parameters, case.query, case.body)).encode().decode("unicode_escape")
        ):
            tally.with_control_characters += 1

    return check


def test_no_generated_request_gets_a_server_error_and_answers_match_the_schema(
    db, reference_case, make_case, make_member, monkeypatch, wsgi_in_test_transaction
):
    for throttle in api.throttle:  # the rate limits have their own tests
        monkeypatch.setattr(throttle, "allow_request", lambda request: True)
    _token, secret = create_api_token(member=make_member("app@example.org"), name="schemathesis")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    schema.config.generation.update(allow_x00=True, codec="utf-8")  # NUL bytes and any character in strings
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 11
    tally = Tally()
    for operation in operations:
        # Operations for members are called with a valid personal token, so their work is reached.
        headers = {"Authorization": f"Bearer {secret}"} if operation.definition.raw.get("security") else {}
        for mode in EXAMPLES:
            try:
                exercise(operation, mode, headers, tally)()
            except Unsatisfiable:  # an operation without parameters has no invalid request to make
                assert mode == GenerationMode.NEGATIVE

    assert len(tally.statuses) >= 1_000
    assert tally.with_control_characters >= 10
    assert 200 in tally.statuses and {400, 404, 422} <= set(tally.statuses)
