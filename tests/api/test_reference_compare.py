"""POST /api/reference loads reference data (token); the pair's answer compares the news with it, and
/api/changes?contradicts_reference=true lists the contradictions among relationships with new claims."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def auth(token) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def loaded(make_client, auth):
    """A writable copy of the sample store with the bundled reference loaded through the API."""
    client = make_client()
    response = client.post("/api/reference", headers=auth)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["source"] == "bundled" and body["stored"] == body["total"] > 1000
    return client


def test_loading_reference_needs_the_token_and_a_reload_adds_nothing(make_client, loaded, auth):
    assert make_client(token=None).post("/api/reference").status_code == 403
    assert loaded.post("/api/reference").status_code == 401
    again = loaded.post("/api/reference", headers=auth).json()
    assert again["stored"] == 0 and again["total"] > 1000


def test_a_reference_csv_is_loaded_or_refused_whole(loaded, auth):
    good = "head_id,type,tail_id,start,end,source,note\ntaliban,RIVAL_OF,hts,2022,,test:api1,\n"
    response = loaded.post("/api/reference", content=good, headers={**auth, "Content-Type": "text/csv"})
    assert response.status_code == 200 and response.json()["source"] == "csv" and response.json()["stored"] == 1
    bad = "head_id,type,tail_id,start,end,source,note\ntaliban,LIKES,hts,,,test:api2,\n"
    response = loaded.post("/api/reference", content=bad, headers={**auth, "Content-Type": "text/csv"})
    assert response.status_code == 400 and "LIKES" in response.json()["error"]["message"]
    response = loaded.post("/api/reference", content="{}", headers={**auth, "Content-Type": "application/json"})
    assert response.status_code == 415


def test_the_pair_answer_says_where_the_news_contradicts_the_reference(loaded):
    answer = loaded.get("/api/relationships/jabhat_al_nusra/al_qaeda").json()
    first = answer["comparison"][0]
    assert (first["kind"], first["relationship"]) == ("contradicts", "jabhat_al_nusra|AFFILIATE_OF|al_qaeda")
    assert any(r["type"] == "SPLINTER_OF" and r["start"] == "2016-07-28" for r in first["reference"])
    assert "split from al-Qaeda since 2016-07-28" in first["text"]
    kinds = {c["kind"] for c in answer["comparison"]}
    assert kinds <= {"contradicts", "agrees", "adds", "reference_only"}


def test_changes_can_list_the_reference_contradictions(loaded):
    found = loaded.get("/api/changes", params={"since": "2000", "contradicts_reference": "true"}).json()
    assert found["count"] == len(found["data"]) > 0
    assert {c["kind"] for c in found["data"]} == {"contradicts_reference"}
    assert all(c["claim_ids"] for c in found["data"])
    assert any("Jabhat al-Nusra is an affiliate of al-Qaeda" in c["summary"] for c in found["data"])
    plain = loaded.get("/api/changes", params={"since": "2000"}).json()
    assert "contradicts_reference" not in {c["kind"] for c in plain["data"]}
    later = loaded.get("/api/changes", params={"since": "2999", "contradicts_reference": "true"}).json()
    assert later == {"data": [], "count": 0}
