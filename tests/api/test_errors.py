"""The one error shape on every kind of failure, and the security headers on every kind of response."""

from __future__ import annotations

import pytest

from factionmap.api.deps import get_queries
from factionmap.api.security import CSP, MAX_SMALL_BODY
from factionmap.model import ActorRef
from factionmap.queries.names import AmbiguousName

SHAPE = {"status", "code", "message", "field", "hint"}


def assert_shape(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert SHAPE <= set(error) <= SHAPE | {"candidates"}
    assert error["status"] == status and error["code"] == code and error["message"]
    return error


@pytest.fixture(scope="module")
def app_client(make_client):
    """A client whose app the tests below may reconfigure (dependency overrides), apart from the others."""
    return make_client()


def test_unknown_route_is_404_in_the_shape(client):
    error = assert_shape(client.get("/api/nothing/here"), 404, "not_found")
    assert "/api/nothing/here" in error["message"] and error["hint"]
    assert_shape(client.get("/no-such-page"), 404, "not_found")


def test_wrong_method_is_405_naming_the_allowed_ones(client):
    response = client.delete("/api/actors")
    error = assert_shape(response, 405, "method_not_allowed")
    assert "GET" in error["hint"] and response.headers["allow"] == "GET"


def test_validation_is_422_naming_the_field_without_echoing_the_value(client):
    hostile = "<script>alert(1)</script>"
    error = assert_shape(client.get("/api/actors", params={"limit": hostile}), 422, "invalid_request")
    assert error["field"] == "limit" and hostile not in error["message"]


def test_bad_json_body_is_422(client, token):
    response = client.post(
        "/api/review/merge",
        content=b"{not json",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert_shape(response, 422, "invalid_request")


def test_body_over_the_limit_is_413_before_it_is_read(client, token):
    response = client.post(
        "/api/review/merge",
        content=b"x" * (MAX_SMALL_BODY + 1),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    error = assert_shape(response, 413, "too_large")
    assert "KB" in error["message"] and response.headers["content-security-policy"] == CSP


def test_streamed_body_over_the_limit_is_413(client, token):
    def chunks():
        for _ in range(MAX_SMALL_BODY // 1024 + 2):
            yield b"x" * 1024

    response = client.post(
        "/api/review/merge",
        content=chunks(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert_shape(response, 413, "too_large")


def test_unexpected_error_is_a_bare_500_with_the_security_headers(app_client):
    def broken():
        raise RuntimeError("secret internals /etc/passwd")

    app_client.app.dependency_overrides[get_queries] = broken
    try:
        response = app_client.get("/api/claims/abc")
    finally:
        app_client.app.dependency_overrides.clear()
    error = assert_shape(response, 500, "internal_error")
    assert "secret" not in response.text and "Traceback" not in response.text and "RuntimeError" not in response.text
    assert error["hint"] and response.headers["content-security-policy"] == CSP


def test_ambiguous_name_is_409_with_candidates(app_client):
    candidates = [
        ActorRef("front_a", "Liberation Front", "ARMED_GROUP"),
        ActorRef("front_b", "Liberation Front", "ARMED_GROUP"),
    ]

    class Ambiguous:
        def actor(self, name, as_of=None, *, claims_for=None):
            raise AmbiguousName(name, candidates)

    app_client.app.dependency_overrides[get_queries] = Ambiguous
    try:
        response = app_client.get("/api/actors/Liberation Front")
    finally:
        app_client.app.dependency_overrides.clear()
    error = assert_shape(response, 409, "ambiguous_name")
    assert [c["id"] for c in error["candidates"]] == ["front_a", "front_b"]


@pytest.mark.parametrize("url", ["/api/vocab", "/api/nothing", "/openapi.json", "/"])
def test_every_response_carries_the_csp_and_security_headers(client, url):
    headers = client.get(url).headers
    assert headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"] == "no-referrer"


def test_html_page_has_the_csp_too(client):
    response = client.get("/")
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CSP


def test_cdn_backed_docs_pages_are_off_and_the_schema_is_served(client):
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
    schema = client.get("/openapi.json").json()
    assert "/api/map" in schema["paths"] and "FACTIONMAP_TOKEN" in schema["components"]["securitySchemes"]
