"""What one request may cost: rows bounded with counts that say what was left out, 413 past a size the
web does not serve, 503 past the time bound, ingest exempt (factionmap.api.bounds)."""

from __future__ import annotations

from factionmap import deadline
from factionmap.api import bounds


def error_of(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (status, code)
    return error


def test_lists_carry_the_strongest_claims_and_say_how_many_there_are(make_client, monkeypatch):
    monkeypatch.setattr(bounds, "LIST_CLAIMS", 1)
    client = make_client()  # its own app: answers kept by another test's app were made with other bounds
    body = client.get("/api/relationships", params={"limit": 50}).json()
    assert body["data"]
    for rel in body["data"]:
        assert len(rel["claims"]) == min(1, rel["claim_count"])
    assert any(rel["claim_count"] > 1 for rel in body["data"])  # something was left out, and said so
    full = client.get("/api/relationships/taliban/hts").json()  # the pair's own answer keeps them
    assert all(len(r["claims"]) == r["claim_count"] for r in full["relationships"])


def test_a_profile_holds_the_strongest_relationships_and_counts_them_all(make_client, monkeypatch):
    monkeypatch.setattr(bounds, "PROFILE_RELATIONSHIPS", 2)
    client = make_client()
    body = client.get("/api/actors/taliban").json()
    assert len(body["relationships"]) == 2 < body["relationship_count"]
    confidences = [r["confidence"] for r in body["relationships"]]
    assert confidences == sorted(confidences, reverse=True)
    assert len(body["timeline"]) == 2


def test_an_export_past_the_web_bound_is_413_pointing_to_the_command_line(client, monkeypatch):  # not kept
    monkeypatch.setattr(bounds, "EXPORT_CLAIMS", 3)
    error = error_of(client.get("/api/export/json"), 413, "too_large")
    assert "EXPORT_CLAIMS" in error["message"] and "factionmap export" in error["hint"]


def test_a_watchlist_past_the_web_bound_is_413_and_one_within_it_is_paged(make_client, monkeypatch):
    client = make_client()
    first = client.get("/api/changes", params={"since": "2000", "limit": 1}).json()
    assert len(first["data"]) == 1 < first["count"]
    second = client.get("/api/changes", params={"since": "2000", "limit": 1, "offset": 1}).json()
    assert second["data"] != first["data"] and second["count"] == first["count"]
    monkeypatch.setattr(bounds, "CHANGED_CLAIMS", 0)
    error = error_of(client.get("/api/changes", params={"since": "2000"}), 413, "too_large")
    assert "new since 2000" in error["message"] and "factionmap changes" in error["hint"]


def test_a_request_past_the_time_bound_is_503_and_says_how_to_ask_for_less(make_client, monkeypatch):
    client = make_client()
    monkeypatch.setattr(deadline, "REQUEST_SECONDS", 0.0)
    error = error_of(client.get("/api/relationships", params={"as_of": "2030"}), 503, "too_slow")
    assert "took too long" in error["message"] and error["hint"]
    assert client.get("/api/vocab").status_code == 200  # work with no long loop is not cut


def test_review_decisions_come_a_page_at_a_time(client):
    body = client.get("/api/review/decisions", params={"limit": 1}).json()
    assert len(body["data"]) <= 1 and body["count"] >= len(body["data"])


def test_ingest_is_not_cut_by_the_time_bound(make_client, token, monkeypatch):
    monkeypatch.setattr(deadline, "REQUEST_SECONDS", 0.0)
    writer = make_client()
    response = writer.post(
        "/api/ingest",
        headers={"Authorization": f"Bearer {token}"},
        json={"text": "Al-Qaeda supports al-Shabaab, officials said in 2020."},
    )
    assert response.status_code == 200, response.text


def test_kept_answers_follow_the_store_after_an_ingest(make_client, token):
    writer = make_client()
    before = writer.get("/api/actors/hezbollah").json()
    listed = writer.get("/api/relationships", params={"actor": "hezbollah"}).json()
    response = writer.post(
        "/api/ingest",
        headers={"Authorization": f"Bearer {token}"},
        json={"text": "Hezbollah praised the Polisario Front in a statement in March 2021."},
    )
    assert response.status_code == 200, response.text
    after = writer.get("/api/actors/hezbollah").json()
    assert after["relationship_count"] > before["relationship_count"]
    assert writer.get("/api/relationships", params={"actor": "hezbollah"}).json()["count"] > listed["count"]
