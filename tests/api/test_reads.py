"""Every read endpoint over the sample store: the happy path, its filters, and its errors."""

from __future__ import annotations

import io
import json
import zipfile
from xml.etree import ElementTree

import pytest


def error_of(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["status"] == status
    if code:
        assert error["code"] == code
    return error


# --- vocabulary and actors -------------------------------------------------------------------------


def test_vocab_lists_relation_types_and_actor_kinds(client):
    body = client.get("/api/vocab").json()
    types = {t["name"]: t for t in body["relation_types"]}
    assert types["ALLY_OF"]["symmetric"] is True and types["SPLINTER_OF"]["symmetric"] is False
    assert types["ALLY_OF"]["label"] and types["ALLY_OF"]["stix"]
    assert types["ALLY_OF"]["stance"] == "cooperative" and types["ALLY_OF"]["colour"] == "#2e7d32"
    assert types["SPLINTER_OF"]["contrary"] == {"AFFILIATE_OF": "ends", "PLEDGED_ALLEGIANCE": "ends"}
    assert {"ARMED_GROUP", "STATE", "PERSON"} <= {a["name"] for a in body["actor_types"]}


def test_actor_search_finds_an_acronym_a_prefix_a_word_and_a_misspelling(client):
    for typed in ("HTS", "hayat tah", "tahrir", "Hayat Tahrir al Sam"):
        found = client.get("/api/actors", params={"q": typed}).json()
        assert found["data"][0]["id"] == "hts", typed
        assert found["count"] >= 1
    taliban = client.get("/api/actors", params={"q": "Talibn"}).json()["data"]
    assert taliban[0]["id"] == "taliban" and taliban[0]["claims"] > 0


def test_actor_search_without_a_query_lists_the_busiest_actors_with_the_total(client):
    body = client.get("/api/actors", params={"limit": 3}).json()
    claims = [a["claims"] for a in body["data"]]
    assert len(claims) == 3 and claims == sorted(claims, reverse=True)
    assert body["count"] > 3


def test_actor_search_for_nothing_known_is_an_empty_page(client):
    assert client.get("/api/actors", params={"q": "zzqxv wwpk"}).json() == {"data": [], "count": 0}


def test_actor_profile_has_relationships_timeline_and_sources(client):
    body = client.get("/api/actors/taliban").json()
    assert body["actor"]["name"] == "Taliban" and body["actor"]["type"] == "ARMED_GROUP"
    assert body["relationships"] and body["documents"] >= 1 and body["outlets"]
    for rel in body["relationships"]:
        assert "taliban" in (rel["head"], rel["tail"]) and rel["claims"]
    counterparts = {(t["counterpart"], t["type"]) for t in body["timeline"]}
    assert counterparts == {
        (r["tail"] if r["head"] == "taliban" else r["head"], r["type"]) for r in body["relationships"]
    }


def test_actor_profile_takes_a_name_as_well_as_an_id(client):
    assert client.get("/api/actors/Hayat Tahrir al-Sham").json()["actor"]["id"] == "hts"


def test_actor_profile_as_of_a_date_before_the_evidence_has_no_dated_claims(client):
    body = client.get("/api/actors/taliban", params={"as_of": "1990"}).json()
    assert all(c["date"] is None for r in body["relationships"] for c in r["claims"])


def test_unknown_actor_is_404_with_candidates(client):
    error = error_of(client.get("/api/actors/Talibanistan Front"), 404, "unknown_name")
    assert isinstance(error["candidates"], list)


@pytest.mark.parametrize("name", ["nonexistent_x", "is", "banana", "sham"])
def test_a_name_no_actor_has_is_404_never_the_nearest_substring(client, name):
    error_of(client.get(f"/api/actors/{name}"), 404, "unknown_name")


def test_bad_as_of_is_422(client):
    error_of(client.get("/api/actors/taliban", params={"as_of": "last year"}), 422, "invalid_request")


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/actors/taliban", {"as_of": "2030-99-99"}),
        ("/api/changes", {"since": "2023-02-29"}),
        ("/api/relationships", {"as_of": "2021-13"}),
    ],
)
def test_a_well_shaped_but_unreal_date_is_422_as_on_the_command_line(client, path, params):
    error_of(client.get(path, params=params), 422, "invalid_request")


# --- relationships and claims ----------------------------------------------------------------------


def test_relationships_are_strongest_first_and_paged(client):
    everything = client.get("/api/relationships", params={"limit": 500}).json()
    confidences = [r["confidence"] for r in everything["data"]]
    assert confidences == sorted(confidences, reverse=True) and everything["count"] == len(confidences)
    page = client.get("/api/relationships", params={"limit": 2, "offset": 1}).json()
    assert [r["id"] for r in page["data"]] == [r["id"] for r in everything["data"][1:3]]
    assert page["count"] == everything["count"]


def test_relationships_filter_by_actor_type_confidence_and_sources(client):
    body = client.get(
        "/api/relationships",
        params={"actor": "Taliban", "type": "ALLY_OF,SUPPORTS", "min_confidence": 0.5, "min_sources": 1},
    ).json()
    assert body["data"]
    for r in body["data"]:
        assert "taliban" in (r["head"], r["tail"]) and r["type"] in ("ALLY_OF", "SUPPORTS")
        assert r["confidence"] >= 0.5 and r["independent_sources"] >= 1
        assert r["id"] == f"{r['head']}|{r['type']}|{r['tail']}"


def test_relationships_as_of_keeps_only_claims_dated_by_then(client):
    body = client.get("/api/relationships", params={"as_of": "2016", "limit": 500}).json()
    for r in body["data"]:
        assert all(c["date"] is None or c["date"][:4] <= "2016" for c in r["claims"])


def test_relationships_unknown_type_is_400_naming_the_field(client):
    error = error_of(client.get("/api/relationships", params={"type": "FRIENDS_WITH"}), 400, "invalid_input")
    assert error["field"] == "types" and "ALLY_OF" in error["hint"]


def test_relation_between_two_actors_by_name_or_id(client):
    by_name = client.get("/api/relationships/HTS/Taliban").json()
    by_id = client.get("/api/relationships/hts/taliban").json()
    assert by_name == by_id
    assert by_name["a"]["id"] == "hts" and by_name["b"]["id"] == "taliban"
    assert "Taliban" in by_name["summary"] and by_name["relationships"]
    claim = by_name["relationships"][0]["claims"][0]
    assert claim["evidence"] and claim["document"]["doc_id"]
    assert {claim["head"], claim["tail"]} == {"hts", "taliban"}


def test_claim_by_id_and_unknown_claim(client):
    claim_id = client.get("/api/relationships/hts/taliban").json()["relationships"][0]["claims"][0]["id"]
    body = client.get(f"/api/claims/{claim_id}").json()
    assert body["id"] == claim_id and body["head_name"] and body["tail_name"] and body["review"] is None
    error_of(client.get("/api/claims/0000000000000000"), 404, "not_found")


# --- documents, questions, changes -----------------------------------------------------------------


def test_documents_page_and_one_document_with_mentions_that_slice_its_text(client):
    page = client.get("/api/documents", params={"limit": 2}).json()
    assert page["count"] == 5 and len(page["data"]) == 2 and "text" not in page["data"][0]
    document_id = page["data"][0]["id"]
    body = client.get(f"/api/documents/{document_id}").json()
    assert body["text"] and body["mentions"] and body["claims"]
    for m in body["mentions"]:
        assert body["text"][m["start"] : m["end"]] == m["text"]
    assert all(c["document"]["id"] == document_id for c in body["claims"])


def test_unknown_document_is_404_and_a_non_number_422(client):
    error_of(client.get("/api/documents/999999"), 404, "not_found")
    error_of(client.get("/api/documents/abc"), 422, "invalid_request")
    for huge in ("99999999999999999999999", "9223372036854775808", "-1"):  # out of a 64-bit id's range
        error_of(client.get(f"/api/documents/{huge}"), 422, "invalid_request")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What is the relationship between HTS and the Taliban?", "relation"),
        ("Who supports the Taliban?", "who"),
        ("How are HTS and al-Qaeda connected?", "path"),
    ],
)
def test_ask_reads_the_question_and_answers_it(client, question, kind):
    body = client.get("/api/ask", params={"q": question}).json()
    assert body["kind"] == kind and body["reading"] and body["question"] == question
    if kind == "relation":
        assert body["relation"]["a"]["id"] == "hts" and body["relationships"]
    if kind == "who":
        assert body["relation"] is None
        assert all(r["type"] == "SUPPORTS" and r["tail"] == "taliban" for r in body["relationships"])


def test_ask_an_unreadable_question_is_400_with_a_hint(client):
    error = error_of(client.get("/api/ask", params={"q": "banana"}), 400, "invalid_input")
    assert error["hint"]


def test_changes_since_a_date_by_ingestion_and_by_claim_date(client):
    body = client.get("/api/changes", params={"since": "2000"}).json()
    assert body["count"] == len(body["data"]) > 0
    assert all(c["kind"] and c["summary"] and c["claim_ids"] for c in body["data"])
    later = client.get("/api/changes", params={"since": "2999", "by": "claim"}).json()
    assert later == {"data": [], "count": 0}
    error_of(client.get("/api/changes", params={"since": "yesterday"}), 422)
    error_of(client.get("/api/changes", params={"since": "2020", "by": "mood"}), 422)


# --- exports, map, review history ------------------------------------------------------------------


def test_exports_are_attachments_in_their_formats(client):
    graphml = client.get("/api/export/graphml")
    assert graphml.headers["content-disposition"] == 'attachment; filename="factionmap.graphml"'
    assert ElementTree.fromstring(graphml.content).tag.endswith("graphml")
    assert json.loads(client.get("/api/export/json").content)["actors"]
    stix = client.get("/api/export/stix", params={"as_of": "2025"})
    assert json.loads(stix.content)["type"] == "bundle" and "2025" in stix.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(client.get("/api/export/csv").content))
    assert "actors.csv" in archive.namelist()
    ElementTree.fromstring(client.get("/api/export/gexf").content)
    error_of(client.get("/api/export/pdf"), 422)


def test_map_has_nodes_for_every_edge_and_the_date_span(client):
    body = client.get("/api/map").json()
    ids = {n["id"] for n in body["nodes"]}
    assert body["edges"] and all(e["source"] in ids and e["target"] in ids for e in body["edges"])
    assert all(e["status"] != "denied" for e in body["edges"])
    degree = {n["id"]: n["degree"] for n in body["nodes"]}
    assert sum(degree.values()) == 2 * len(body["edges"])
    assert body["dates"]["min"] <= body["dates"]["max"] and body["regions"]


def test_map_filters(client):
    everything = client.get("/api/map").json()
    allies = client.get("/api/map", params={"types": "ALLY_OF"}).json()
    assert allies["edges"] and {e["type"] for e in allies["edges"]} == {"ALLY_OF"}
    strong = client.get("/api/map", params={"min_sources": 2, "min_confidence": 0.5}).json()
    assert all(e["sources"] >= 2 and e["confidence"] >= 0.5 for e in strong["edges"])
    assert len(strong["edges"]) < len(everything["edges"])
    early = client.get("/api/map", params={"as_of": "1900"}).json()
    assert all(not (e["valid_from"] or e["first_time"]) for e in early["edges"])
    syria = client.get("/api/map", params={"region": "syria"}).json()
    countries = {n["id"]: n["country"] for n in syria["nodes"]}
    assert syria["edges"] and all("Syria" in countries[e["source"]] + countries[e["target"]] for e in syria["edges"])
    error_of(client.get("/api/map", params={"types": "ALLY_OF,NOPE"}), 400, "invalid_input")


def test_review_history_is_open_and_empty_at_first(client):
    assert client.get("/api/review/decisions").json() == {"data": [], "count": 0}
    assert client.get("/api/review/decisions", params={"claim": "x", "actor": "hts"}).json()["count"] == 0


def test_every_date_says_where_it_comes_from(client):
    body = client.get("/api/actors/taliban").json()
    claims = [c for r in body["relationships"] for c in r["claims"]]
    assert {c["time_source"] for c in claims} >= {"stated", "article"}  # the samples have both
    for c in claims:
        expected = "stated" if c["time"] else ("article" if c["date"] else "none")
        assert c["time_source"] == expected, c
    for r in body["relationships"]:  # a relationship's times are what its sentences state, never an article's
        stated = sorted(c["time"] for c in r["claims"] if c["time"] and not c["negated"])
        assert (r["first_time"], r["last_time"]) == ((stated[0], stated[-1]) if stated else (None, None))
    by_claim = {c["id"]: c for c in claims}
    for track in body["timeline"]:
        for p in track["points"]:
            assert p["time_source"] == by_claim[p["claim_id"]]["time_source"]
            assert p["explicit"] == (p["time_source"] == "stated")


def test_changes_by_claim_date_list_only_claims_their_sentence_dates_since(client):
    body = client.get("/api/changes", params={"since": "2019", "by": "claim"}).json()
    ids = {i for c in body["data"] for i in c["claim_ids"]}
    assert ids
    for claim_id in ids:
        c = client.get(f"/api/claims/{claim_id}").json()
        assert c["time_source"] == "stated" and c["time"] >= "2019", c
