"""HEAD on every page answers like GET without the body (``curl -I``, link checkers, uptime monitors).

FastAPI's routes answer only the methods they declare, so before factionmap.api.middleware.HeadAsGet a HEAD on
a page was 405; static files (Starlette's StaticFiles) always answered it.
"""

from __future__ import annotations

import pytest

COMPARED = ("content-type", "content-length", "content-security-policy", "x-content-type-options", "cache-control")


def _same_headers_no_body(client, path: str, status: int = 200) -> None:
    got, head = client.get(path), client.head(path)
    assert (got.status_code, head.status_code) == (status, status), path
    assert head.content == b""
    for name in COMPARED:
        assert head.headers.get(name) == got.headers.get(name), (path, name)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/actors/hts",
        "/relationships/hts/taliban",
        "/ingest",
        "/vocab.css",
        "/static/css/app.css",
        "/static/vendor/cytoscape.min.js",
    ],
)
def test_pages_answer_head_with_the_headers_of_get(client, path):
    _same_headers_no_body(client, path)


def test_a_document_page_answers_head(client, store):
    _same_headers_no_body(client, f"/documents/{store.hostile_doc}")


def test_a_missing_page_answers_head_with_its_404(client):
    _same_headers_no_body(client, "/actors/no_such_group_anywhere_xyz", 404)
