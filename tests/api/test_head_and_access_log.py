"""Every GET route of the API answers HEAD with the headers of GET and no body, and every request leaves one
access-log line (factionmap.api.middleware)."""

from __future__ import annotations

import logging

import pytest

ACCESS = "factionmap.access"


@pytest.mark.parametrize(
    "path",
    ["/api/vocab", "/api/map", "/api/actors?q=taliban", "/api/actors/taliban", "/api/relationships", "/openapi.json"],
)
def test_api_reads_answer_head_with_the_headers_of_get(client, path):
    got, head = client.get(path), client.head(path)
    assert got.status_code == head.status_code == 200
    assert head.content == b""
    for name in ("content-type", "content-length", "content-security-policy"):
        assert head.headers.get(name) == got.headers.get(name), name


def test_a_streamed_export_answers_head_without_its_body(client):
    head = client.head("/api/export/csv")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == client.get("/api/export/csv").headers["content-type"]


def test_head_on_a_write_only_route_is_405_like_get(client):
    assert client.head("/api/ingest").status_code == client.get("/api/ingest").status_code == 405


def test_each_request_is_one_line_with_method_path_status_duration_and_client(client, caplog):
    with caplog.at_level(logging.INFO, logger=ACCESS):
        client.get("/api/actors?q=a-private-search-term&limit=3")
        client.head("/api/vocab")
        client.get("/api/no-such-route")
    lines = [r for r in caplog.records if r.name == ACCESS]
    assert len(lines) == 3 and all(r.levelno == logging.INFO for r in lines)
    first, second, third = (r.getMessage() for r in lines)
    assert first.startswith("testclient:") and '"GET /api/actors?q&limit" 200 ' in first and first.endswith(" ms")
    assert "a-private-search-term" not in caplog.text  # query values stay out of the log; the names are kept
    assert '"HEAD /api/vocab" 200 ' in second
    assert '"GET /api/no-such-route" 404 ' in third


def test_successful_health_checks_are_logged_at_debug_only(client, caplog):
    with caplog.at_level(logging.DEBUG, logger=ACCESS):
        client.get("/healthz")
    (record,) = [r for r in caplog.records if r.name == ACCESS]
    assert record.levelno == logging.DEBUG and '"GET /healthz" 200' in record.getMessage()


def test_refusals_before_the_routes_are_logged_too(client, caplog):
    with caplog.at_level(logging.INFO, logger=ACCESS):
        client.get("/api/actors?q=" + "x" * 20_000)  # over the URL limit: refused by BodyLimit with 414
    (record,) = [r for r in caplog.records if r.name == ACCESS]
    assert '" 414 ' in record.getMessage() and len(record.getMessage()) < 1_000
