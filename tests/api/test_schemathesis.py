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
    return schemathesis.openapi.from_asgi("/openapi.json", app).include(method="GET")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_read_api_conforms_to_its_schema(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
