"""Property tests of the whole read API against its own OpenAPI schema (schemathesis): whatever the
parameters, no request makes the server fail, and every response matches the schema it documents
(error responses included, which are declared as the one error shape)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

EXAMPLES = 12  # per operation: ~15 GET operations in well under a minute on the sample store


@pytest.fixture(scope="module")
def api_schema(make_client):
    app = make_client().app
    return schemathesis.openapi.from_asgi("/openapi.json", app)


# The filter goes on the lazy schema: schemathesis 4 replaces a filter set on the fixture's schema with this one
# (filtering there let every operation through). The writes are in test_schemathesis_writes.py, with the token.
schema = schemathesis.pytest.from_fixture("api_schema").include(method="GET")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_read_api_conforms_to_its_schema(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
