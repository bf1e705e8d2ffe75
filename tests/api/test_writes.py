"""Writes: the token rules, ingest (pasted and uploaded, hostile text included), and review decisions."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from factionmap.api.security import MAX_FILE_BYTES
from factionmap.store import schema as t
from tests.graph.test_maintained import maintained_equals_rebuilt

HOSTILE = (
    "<script>alert(1)</script> Al-Shabaab fighters praised the Islamic State in a statement on Monday.\n\n"
    "<img src=x onerror=alert(1)> The Somali government said al-Shabaab is allied with al-Qaeda, "
    'according to <a href="javascript:alert(document.cookie)">javascript:alert(1)</a> a spokesman.\n\n'
    "'; DROP TABLE claims; -- Al-Qaeda has long supported al-Shabaab, officials said.\n\n"
    "Robert'); DELETE FROM actors WHERE ('1'='1 told reporters that al-Shabaab attacked government troops.\n"
)
HOSTILE_MARKERS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(",
    "'; DROP TABLE claims; --",
    "DELETE FROM actors",
)


def error_of(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["status"] == status and error["code"] == code
    return error


@pytest.fixture(scope="module")
def writer(make_client):
    return make_client()


@pytest.fixture(scope="module")
def auth(token) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --- the token -------------------------------------------------------------------------------------


def test_writes_are_refused_with_403_when_the_server_has_no_token(make_client, token):
    read_only = make_client(token=None)
    for response in (
        read_only.post(
            "/api/ingest", json={"text": "Al-Qaeda supports al-Shabaab."}, headers={"Authorization": f"Bearer {token}"}
        ),
        read_only.post("/api/review/claims/abc", json={"verdict": "accept"}),
    ):
        error = error_of(response, 403, "writes_disabled")
        assert "FACTIONMAP_TOKEN" in error["message"] + error["hint"]
    assert read_only.get("/api/vocab").status_code == 200  # reads stay open


@pytest.mark.parametrize("header", [None, "Bearer wrong-token", "Basic dGVzdDp0ZXN0", "Bearer "])
def test_writes_without_the_right_token_are_401(writer, header):
    headers = {"Authorization": header} if header else {}
    for response in (
        writer.post("/api/ingest", json={"text": "Al-Qaeda supports al-Shabaab."}, headers=headers),
        writer.post("/api/review/merge", json={"actor": "a", "into": "b"}, headers=headers),
    ):
        error_of(response, 401, "unauthorized")
        assert response.headers["www-authenticate"] == "Bearer"


# --- ingest ----------------------------------------------------------------------------------------


def test_pasted_hostile_article_is_stored_verbatim_and_every_endpoint_still_works(writer, auth):
    response = writer.post(
        "/api/ingest",
        headers=auth,
        json={"text": HOSTILE, "title": "<script>alert('title')</script> Somalia", "publisher": "Evil <b>Gazette</b>"},
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["new"] == 1 and result["failures"] == [] and len(result["document_ids"]) == 1
    assert result["claims"] > 0 and result["outcomes"][0]["outcome"] == "new"
    document = writer.get(f"/api/documents/{result['document_ids'][0]}").json()
    for marker in HOSTILE_MARKERS:
        assert marker in document["text"]
    assert document["title"] == "<script>alert('title')</script> Somalia"
    assert any("DROP TABLE" in c["evidence"] or "<script>" in c["evidence"] for c in document["claims"])
    engine = writer.app.state.engine
    assert set(t.metadata.tables) <= set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM claims")).scalar_one() > 0
        assert conn.execute(text("SELECT count(*) FROM actors")).scalar_one() > 0
    for url in (
        "/api/map",
        "/api/relationships",
        "/api/actors?q=shabaab",
        "/api/documents",
        "/api/export/json",
        "/api/actors/al_shabaab",
        "/api/changes?since=2000",
        f"/documents/{document['id']}",
        "/",
    ):
        assert writer.get(url).status_code == 200, url
    assert writer.get("/api/documents").json()["count"] == 6


def test_the_same_text_again_adds_nothing(writer, auth):
    result = writer.post("/api/ingest", headers=auth, json={"text": HOSTILE}).json()
    assert (result["new"], result["unchanged"] + result["copies"], result["document_ids"]) == (0, 1, [])


def test_hostile_search_text_is_just_a_string(writer):
    for q in ("'; DROP TABLE actors; --", "%", "_", "<script>", "\\"):
        response = writer.get("/api/actors", params={"q": q})
        assert response.status_code == 200 and isinstance(response.json()["data"], list)
    assert writer.get("/api/actors", params={"q": "shabaab"}).json()["count"] >= 1


def test_uploaded_files_are_ingested_and_failures_name_the_uploaded_file(writer, auth):
    files = [
        (
            "files",
            (
                "somalia report.txt",
                b"Al-Shabaab is allied with al-Qaeda in the Horn of Africa, analysts say.",
                "text/plain",
            ),
        ),
        (
            "files",
            (
                "page.html",
                b"<html><head><title>Sahel</title><script>alert(1)</script></head><body><article>"
                b"<p>Jama'at Nusrat al-Islam wal-Muslimin pledged allegiance to al-Qaeda in 2017, the group "
                b"said in a video released in Mali.</p></article></body></html>",
                "text/html",
            ),
        ),
        ("files", ("notes.pdf", b"%PDF-1.4", "application/pdf")),
    ]
    result = writer.post("/api/ingest", headers=auth, files=files).json()
    assert result["new"] == 2 and len(result["document_ids"]) == 2
    assert len(result["failures"]) == 1 and result["failures"][0].startswith("notes.pdf")
    assert "factionmap-upload" not in " ".join(result["failures"])
    assert {o["doc_id"] for o in result["outcomes"] if o["outcome"] == "new"} == {"somalia_report", "page"}


def test_upload_errors(writer, auth):
    big = writer.post("/api/ingest", headers=auth, files=[("files", ("big.txt", b"a" * (MAX_FILE_BYTES + 1)))])
    assert "big.txt" in error_of(big, 413, "too_large")["message"]
    error_of(
        writer.post("/api/ingest", headers=auth, data={"note": "no files"}, files=[("other", ("x.txt", b"x"))]),
        400,
        "invalid_input",
    )
    error_of(
        writer.post("/api/ingest", headers={**auth, "Content-Type": "text/plain"}, content=b"hello"),
        415,
        "unsupported_media_type",
    )
    error_of(writer.post("/api/ingest", headers=auth, json={"text": ""}), 422, "invalid_request")
    error_of(writer.post("/api/ingest", headers=auth, json={"text": "x", "evil": 1}), 422, "invalid_request")


# --- review ----------------------------------------------------------------------------------------


def _ally_claim(client) -> str:
    rels = client.get("/api/relationships/hts/taliban").json()["relationships"]
    return next(r for r in rels if r["type"] == "ALLY_OF")["claims"][0]["id"]


def _has_edge(client, edge_id: str) -> bool:
    return any(e["id"] == edge_id for e in client.get("/api/map").json()["edges"])


def test_accept_then_reject_then_revert_a_claim_and_the_map_follows(writer, auth):
    claim_id = _ally_claim(writer)
    edge = "hts|ALLY_OF|taliban"
    accepted = writer.post(
        f"/api/review/claims/{claim_id}", headers=auth, json={"verdict": "accept", "reviewer": "ana", "note": "checked"}
    ).json()
    assert (accepted["kind"], accepted["reviewer"], accepted["in_force"]) == ("accept", "ana", True)
    assert writer.get(f"/api/claims/{claim_id}").json()["review"] == "accepted"
    assert _has_edge(writer, edge)
    rejected = writer.post(f"/api/review/claims/{claim_id}", headers=auth, json={"verdict": "reject"}).json()
    assert rejected["reviewer"] == "web" and not _has_edge(writer, edge)
    assert writer.get(f"/api/claims/{claim_id}").json()["review"] == "rejected"
    reverted = writer.post(f"/api/review/decisions/{rejected['id']}/revert", headers=auth, json={}).json()
    assert reverted["in_force"] is False and reverted["reverted_by"] == "web" and _has_edge(writer, edge)
    error_of(writer.post(f"/api/review/decisions/{rejected['id']}/revert", headers=auth, json={}), 409, "conflict")
    history = writer.get("/api/review/decisions", params={"claim": claim_id}).json()
    assert [d["kind"] for d in history["data"]] == ["accept", "reject"]


def test_merge_and_split_actors_by_name(writer, auth):
    merged = writer.post("/api/review/merge", headers=auth, json={"actor": "HTS", "into": "Jabhat al-Nusra"})
    assert merged.status_code == 200, merged.text
    into = merged.json()["into_id"]
    assert merged.json()["actor_id"] == "hts"
    assert writer.get("/api/actors/hts").json()["relationships"]  # its claims now count for the target
    error_of(writer.post("/api/review/merge", headers=auth, json={"actor": into, "into": "hts"}), 409, "conflict")
    assert maintained_equals_rebuilt(writer.app.state.engine)  # the merge recomputed the relationships
    split = writer.post("/api/review/split", headers=auth, json={"actor": "hts", "other": into})
    assert split.status_code == 200 and split.json()["kind"] == "split"
    assert maintained_equals_rebuilt(writer.app.state.engine)
    assert writer.get("/api/review/decisions", params={"actor": "hts"}).json()["count"] == 2


def test_review_errors(writer, auth):
    error_of(
        writer.post("/api/review/claims/0000000000000000", headers=auth, json={"verdict": "accept"}), 404, "not_found"
    )
    error_of(writer.post("/api/review/claims/x", headers=auth, json={"verdict": "maybe"}), 422, "invalid_request")
    error_of(
        writer.post("/api/review/merge", headers=auth, json={"actor": "Zzyzx Qwerty Front", "into": "hts"}),
        404,
        "unknown_name",
    )
    error_of(
        writer.post("/api/review/merge", headers=auth, json={"actor": "taliban", "into": "taliban"}), 409, "conflict"
    )
    error_of(writer.post("/api/review/decisions/999999/revert", headers=auth, json={}), 404, "not_found")
    error_of(
        writer.post("/api/review/claims/x", headers=auth, json={"verdict": "accept", "reviewer": "r" * 500}),
        422,
        "invalid_request",
    )
