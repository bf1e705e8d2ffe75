"""Property tests of the write API (ingest, review) against its own OpenAPI schema (schemathesis), with the
server's token, on a copy of the sample store made for this module: whatever the body, no request makes
the server fail, and every response matches the schema it documents (errors in the one error shape)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api.conftest import TOKEN

EXAMPLES = 6  # per operation: 5 POST operations, ingest's extraction included, in well under a minute
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def writes_schema(make_client):
    app = make_client(TOKEN).app  # its own copy of the sample store: these writes change nothing else
    return schemathesis.openapi.from_asgi("/openapi.json", app)


# The filter goes on the lazy schema: schemathesis 4 replaces a filter set on the fixture's schema with this one
schema = schemathesis.pytest.from_fixture("writes_schema").include(method="POST")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_write_api_conforms_to_its_schema(case):
    case.call_and_validate(headers=AUTH, checks=[not_a_server_error, response_schema_conformance])


def test_every_write_operation_is_covered(writes_schema):
    posts = writes_schema.include(method="POST")
    operations = {(op.ok().method.upper(), op.ok().path) for op in posts.get_all_operations()}
    assert ("POST", "/api/ingest") in operations
    assert {path for method, path in operations if path.startswith("/api/review")} >= {
        "/api/review/claims/{claim_id}",
        "/api/review/merge",
        "/api/review/split",
        "/api/review/decisions/{decision_id}/revert",
    }
