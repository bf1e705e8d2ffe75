"""One JSON shape per record: the CLI's --json, the API and the JSON export give the same records."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from factionmap.cli import app
from factionmap.public.records import ActorProfile, AskPublic, RelationAnswerPublic, RelationshipPublic


@pytest.fixture(scope="module")
def db(sample_db, tmp_path_factory) -> str:
    """A copy of the sample store for the CLI; the API reads another copy of the same store."""
    target = tmp_path_factory.mktemp("shape") / "store.db"
    shutil.copyfile(sample_db, target)
    return str(target)


@pytest.fixture(scope="module")
def api(make_client):
    return make_client(None)


def cli(db: str, *args: str):
    result = CliRunner().invoke(app, [*args, "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_relation_is_the_same_document_from_the_cli_and_the_api(db, api):
    from_api = api.get("/api/relationships/Taliban/HTS")
    assert from_api.status_code == 200
    from_cli = cli(db, "relation", "Taliban", "HTS")
    assert from_cli == from_api.json()  # no pair here has more claims than the API's bound
    assert RelationAnswerPublic.model_validate(from_cli).relationships


def test_a_question_is_the_same_document_from_the_cli_and_the_api(db, api):
    question = "What is the relationship between the Taliban and Tahrir al-Sham?"
    from_cli = cli(db, "ask", question)
    assert from_cli == api.get("/api/ask", params={"q": question}).json()
    assert AskPublic.model_validate(from_cli).kind == "relation"


def test_an_actor_profile_has_the_api_shape_with_every_relationship(db, api):
    from_cli = ActorProfile.model_validate(cli(db, "actor", "Taliban"))
    from_api = ActorProfile.model_validate(api.get("/api/actors/Taliban").json())
    assert from_cli.actor == from_api.actor and from_cli.relationship_count == from_api.relationship_count
    assert len(from_cli.relationships) == from_cli.relationship_count  # the CLI has no bound
    by_id = {r.id: r for r in from_cli.relationships}
    for shown in from_api.relationships:  # the API's strongest, with their strongest claims
        full = by_id[shown.id]
        assert shown.model_dump(exclude={"claims"}) == full.model_dump(exclude={"claims"})
        claims = {c.id: c for c in full.claims}
        assert all(c == claims[c.id] for c in shown.claims)


def test_the_json_export_holds_the_same_relationship_records(db, api, tmp_path):
    out = tmp_path / "export.json"
    result = CliRunner().invoke(app, ["export", "--format", "json", "--out", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    exported = {r["id"]: RelationshipPublic.model_validate(r) for r in json.loads(out.read_text())["relationships"]}
    answer = RelationAnswerPublic.model_validate(cli(db, "relation", "Taliban", "HTS"))
    for r in answer.relationships:
        assert exported[r.id] == r
