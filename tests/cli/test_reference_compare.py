"""`relation` says where the news agrees with, adds to or contradicts the reference; `changes
--contradicts-reference` lists the contradictions among relationships with new claims."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from factionmap.cli import app

ARTICLES = [
    {
        "doc_id": "n1",
        "publisher": "Sahel Wire",
        "published": "2021-06-01",
        "text": "Al-Mourabitoun is an affiliate of al-Qaeda, officials said.",
    },
    {"doc_id": "n2", "publisher": "Gulf Daily", "published": "2021-04-11", "text": "Iran supports the Houthis."},
]
REFERENCE = (
    "head_id,type,tail_id,start,end,source,note\n"
    "al_murabitoun,SPLINTER_OF,al_qaeda,2017,,mmp_rel:test1,split\n"
    "iran,SUPPORTS,houthis,2014,,ucdp:test2,\n"
)


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    from factionmap.extract.pipeline import load_nlp

    load_nlp()
    return CliRunner()


def run(runner, *args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def store(runner, tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("store")
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    db = str(folder / "fm.db")
    run(runner, "ingest", str(feed), "--db", db, "--no-reference")  # only the test's own reference below
    csv = folder / "relations.csv"
    csv.write_text(REFERENCE, encoding="utf-8")
    run(runner, "kb", "load-reference", str(csv), "--db", db)
    return db


def test_relation_json_compares_the_news_with_the_reference(store, runner):
    answer = json.loads(run(runner, "relation", "Mourabitoun", "al-Qaeda", "--db", store, "--json").stdout)
    by_relationship = {c["relationship"]: c for c in answer["comparison"]}
    item = by_relationship["al_murabitoun|AFFILIATE_OF|al_qaeda"]
    assert answer["comparison"][0] == item  # contradictions first
    assert (item["kind"], item["basis"], item["relationship"]) == (
        "contradicts",
        "undated",
        "al_murabitoun|AFFILIATE_OF|al_qaeda",
    )
    assert [r["source"] for r in item["reference"]] == ["mmp_rel:test1"]
    assert "split from al-Qaeda since 2017" in item["text"] and "(MMP)" in item["text"]
    assert "1 contradicts it" in answer["summary"]
    agrees = json.loads(run(runner, "relation", "Iran", "Houthis", "--db", store, "--json").stdout)["comparison"]
    assert [(c["kind"], c["basis"]) for c in agrees] == [("agrees", "same")]


def test_relation_text_has_a_news_vs_reference_section(store, runner):
    text = run(runner, "relation", "Mourabitoun", "al-Qaeda", "--db", store).stdout
    assert "News vs reference" in text and "contradicts" in text


def test_changes_lists_reference_contradictions_only_with_the_flag(store, runner):
    found = json.loads(
        run(runner, "changes", "--since", "2000", "--contradicts-reference", "--db", store, "--json").stdout
    )
    assert found["count"] == len(found["data"])
    assert [c["kind"] for c in found["data"]] == ["contradicts_reference"]
    assert [c["comparison"]["relationship"] for c in found["data"]] == ["al_murabitoun|AFFILIATE_OF|al_qaeda"]
    first = found["data"][0]
    assert first["claims"] and "affiliate of al-Qaeda" in first["claims"][0]["evidence"]
    assert first["claim_ids"] == [c["id"] for c in first["claims"]]
    plain = json.loads(run(runner, "changes", "--since", "2000", "--db", store, "--json").stdout)["data"]
    assert plain and {c["kind"] for c in plain} <= {"new", "status", "ended", "contradiction"}
    assert json.loads(
        run(runner, "changes", "--since", "2999", "--contradicts-reference", "--db", store, "--json").stdout
    ) == {"data": [], "count": 0}
    text = run(runner, "changes", "--since", "2000", "--contradicts-reference", "--db", store).stdout
    assert "contradicts reference" in text
