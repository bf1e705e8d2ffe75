"""Make it hold: every size the server accepts is bounded and named in the error (in the one error shape,
413/414/431), every response carries the security headers (errors, static files and HTML pages included),
and the token is compared in constant time and never logged."""

from __future__ import annotations

import hmac
import logging

import pytest

from factionmap.api import deps
from factionmap.api import security as sec
from factionmap.api.deps import get_queries
from factionmap.api.routers import ingest as ingest_router
from factionmap.web.pages import page_queries
from tests.api.test_errors import assert_shape

WRONG = "wrong-token-0000"


@pytest.fixture(scope="module")
def app_client(make_client):
    """A client whose app the tests below may reconfigure (dependency overrides), apart from the others."""
    return make_client()


@pytest.fixture(scope="module")
def auth(token) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _streamed(size: int):
    def chunks():
        for _ in range(size // 1024 + 2):
            yield b"x" * 1024

    return chunks()


def _boom():
    raise RuntimeError("a bug")


# (what, method, url, request keyword arguments, expected status); "auth" in kwargs is replaced by the token
REQUESTS = [
    ("api ok", "GET", "/api/vocab", {}, 200),
    ("schema", "GET", "/openapi.json", {}, 200),
    ("api 404", "GET", "/api/nothing/here", {}, 404),
    ("page 404", "GET", "/no-such-page", {}, 404),
    ("405", "DELETE", "/api/actors", {}, 405),
    ("405 options", "OPTIONS", "/api/vocab", {}, 405),
    ("401", "POST", "/api/review/merge", {"json": {"actor": "a", "into": "b"}}, 401),
    (
        "413 declared",
        "POST",
        "/api/review/merge",
        {"auth": True, "content": b"x" * (sec.MAX_SMALL_BODY + 1), "headers": {"Content-Type": "application/json"}},
        413,
    ),
    (
        "413 streamed",
        "POST",
        "/api/review/merge",
        {"auth": True, "content": "stream", "headers": {"Content-Type": "application/json"}},
        413,
    ),
    ("414", "GET", "/api/actors", {"params": {"q": "x" * (sec.MAX_URL_BYTES + 1)}}, 414),
    ("431", "GET", "/api/vocab", {"headers": {"X-Big": "x" * (sec.MAX_HEADER_BYTES + 1)}}, 431),
    ("415", "POST", "/api/ingest", {"auth": True, "content": b"x", "headers": {"Content-Type": "text/plain"}}, 415),
    ("422", "GET", "/api/actors", {"params": {"limit": "many"}}, 422),
    ("422 body", "POST", "/api/review/merge", {"auth": True, "json": {"actor": ""}}, 422),
    ("500", "GET", "/api/claims/abc", {"boom": True}, 500),
    ("500 page", "GET", "/", {"boom": True}, 500),
    ("static", "GET", "/static/js/map.js", {}, 200),
    ("static 404", "GET", "/static/js/nothing.js", {}, 404),
    ("page", "GET", "/", {}, 200),
    ("page 404 actor", "GET", "/actors/no-such-actor-zzz", {}, 404),
    ("page 404 document", "GET", "/documents/999999", {}, 404),
    ("page 400", "GET", "/actors/taliban", {"params": {"as_of": "not a date"}}, 400),
    ("head", "HEAD", "/static/css/app.css", {}, 200),
]


@pytest.mark.parametrize(("what", "method", "url", "kwargs", "status"), REQUESTS, ids=[r[0] for r in REQUESTS])
def test_every_response_carries_every_security_header(app_client, auth, what, method, url, kwargs, status):
    kwargs = dict(kwargs)
    headers = dict(kwargs.pop("headers", {}))
    if kwargs.pop("auth", False):
        headers.update(auth)
    if kwargs.get("content") == "stream":
        kwargs["content"] = _streamed(sec.MAX_SMALL_BODY)
    boom = kwargs.pop("boom", False)
    if boom:
        app_client.app.dependency_overrides[get_queries] = _boom
        app_client.app.dependency_overrides[page_queries] = _boom
    try:
        response = app_client.request(method, url, headers=headers, **kwargs)
    finally:
        app_client.app.dependency_overrides.clear()
    assert response.status_code == status, response.text[:300]
    for name, value in sec.HEADERS:
        assert response.headers.get(name) == value, (what, name)


def test_a_read_only_server_refusing_a_write_carries_the_headers(make_client):
    response = make_client(None).post("/api/review/merge", json={"actor": "a", "into": "b"})
    assert response.status_code == 403
    assert all(response.headers.get(name) == value for name, value in sec.HEADERS)


# --- the limits, each named in the error ----------------------------------------------------------------


def test_a_url_over_the_limit_is_414_naming_it(client):
    response = client.get("/api/actors", params={"q": "x" * (sec.MAX_URL_BYTES + 1)})
    error = assert_shape(response, 414, "uri_too_long")
    assert "MAX_URL_BYTES" in error["message"] and "16 KB" in error["message"] and error["hint"]
    long_path = client.get("/api/actors/" + "x" * (sec.MAX_URL_BYTES + 1))
    assert_shape(long_path, 414, "uri_too_long")
    assert client.get("/api/actors", params={"q": "x" * 150}).status_code == 200  # a normal one passes


def test_headers_over_the_limit_are_431_naming_it(client):
    error = assert_shape(
        client.get("/api/vocab", headers={"X-Big": "x" * (sec.MAX_HEADER_BYTES + 1)}), 431, "headers_too_large"
    )
    assert "MAX_HEADER_BYTES" in error["message"]
    many = {f"X-H{i}": "1" for i in range(sec.MAX_HEADER_COUNT + 1)}
    error = assert_shape(client.get("/api/vocab", headers=many), 431, "headers_too_large")
    assert "MAX_HEADER_COUNT" in error["message"]


def test_a_body_over_its_limit_names_the_limit(client, auth):
    response = client.post(
        "/api/review/merge",
        content=b"x" * (sec.MAX_SMALL_BODY + 1),
        headers={**auth, "Content-Type": "application/json"},
    )
    assert "MAX_SMALL_BODY" in assert_shape(response, 413, "too_large")["message"]
    response = client.post(
        "/api/ingest", content=b"x" * (sec.MAX_JSON_BYTES + 1), headers={**auth, "Content-Type": "application/json"}
    )
    error = assert_shape(response, 413, "too_large")
    assert "MAX_JSON_BYTES" in error["message"] and "6 MB" in error["message"]


def test_a_streamed_body_over_its_limit_names_the_limit(client, auth):
    response = client.post(
        "/api/review/merge", content=_streamed(sec.MAX_SMALL_BODY), headers={**auth, "Content-Type": "application/json"}
    )
    assert "MAX_SMALL_BODY" in assert_shape(response, 413, "too_large")["message"]


def test_too_many_files_in_one_upload_is_413_naming_the_limit(client, auth, monkeypatch):
    monkeypatch.setattr(ingest_router, "MAX_FILES", 2)
    files = [("files", (f"a{i}.txt", b"Hamas praised Hezbollah.", "text/plain")) for i in range(3)]
    error = assert_shape(client.post("/api/ingest", files=files, headers=auth), 413, "too_large")
    assert "MAX_FILES" in error["message"] and error["field"] == "files"


def test_too_many_form_fields_is_413_naming_the_limit(client, auth):
    data = {f"f{i}": "x" for i in range(ingest_router.MAX_FORM_FIELDS + 1)}
    files = [("files", ("a.txt", b"Hamas praised Hezbollah.", "text/plain"))]
    error = assert_shape(client.post("/api/ingest", data=data, files=files, headers=auth), 413, "too_large")
    assert "MAX_FORM_FIELDS" in error["message"]


def test_a_file_over_the_limit_names_it(client, auth, monkeypatch):
    monkeypatch.setattr(ingest_router, "MAX_FILE_BYTES", 10)
    files = [("files", ("big.txt", b"x" * 11, "text/plain"))]
    error = assert_shape(client.post("/api/ingest", files=files, headers=auth), 413, "too_large")
    assert "MAX_FILE_BYTES" in error["message"] and "big.txt" in error["message"]


def test_every_limit_is_a_named_constant_with_room_for_real_requests():
    assert sec.MAX_FILE_BYTES <= sec.MAX_UPLOAD_BYTES < sec.MAX_UPLOAD_BYTES + sec.MULTIPART_SLACK
    assert sec.MAX_JSON_BYTES >= 4 * 1_000_000  # the longest pasted text, 4 bytes a character
    assert sec.MAX_URL_BYTES > 2 * 300 * 4 * 3  # two 300-character names, percent-encoded UTF-8
    assert sec.MAX_HEADER_BYTES >= 8 * 1024 and sec.MAX_HEADER_COUNT >= 50


# --- the token ------------------------------------------------------------------------------------------


def test_the_token_is_compared_in_constant_time(client, token, monkeypatch):
    seen, real = [], hmac.compare_digest

    def spy(a, b):
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(deps.hmac, "compare_digest", spy)
    client.post("/api/review/merge", json={"actor": "a", "into": "b"}, headers={"Authorization": f"Bearer {WRONG}"})
    assert seen == [(WRONG.encode(), token.encode())]


def test_the_token_is_never_logged(make_client, token, caplog):
    writer = make_client()
    with caplog.at_level(logging.DEBUG):
        ok = writer.post(
            "/api/ingest",
            headers={"Authorization": f"Bearer {token}"},
            json={"text": "Hezbollah praised Hamas in a statement in March 2021."},
        )
        refused = writer.post(
            "/api/review/merge", json={"actor": "a", "into": "b"}, headers={"Authorization": f"Bearer {WRONG}"}
        )
        writer.app.dependency_overrides[get_queries] = _boom  # a 500 logs a traceback: still no token
        try:
            failed = writer.get("/api/claims/abc", headers={"Authorization": f"Bearer {token}"})
        finally:
            writer.app.dependency_overrides.clear()
    assert (ok.status_code, refused.status_code, failed.status_code) == (200, 401, 500)
    assert caplog.records  # something was logged at DEBUG: the check below is not vacuous
    logged = caplog.text + "".join(str(r.args) + str(r.__dict__) for r in caplog.records)
    assert token not in logged and WRONG not in logged
    assert token not in refused.text and WRONG not in refused.text
