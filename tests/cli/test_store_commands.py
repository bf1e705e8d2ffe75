"""The store commands end to end on a small invented corpus: ingest, questions, review, exports, pictures."""

from __future__ import annotations

import json
from dataclasses import astuple
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factionmap.cli import app
from factionmap.graph import exporters
from factionmap.graph.coalitions import CONFIDENT_HOSTILITY

ARTICLES = [
    {
        "doc_id": "a1",
        "publisher": "Sahel Wire",
        "published": "2015-06-01",
        "text": "Al-Mourabitoun is an affiliate of al-Qaeda, officials said. Al-Mourabitoun attacked the "
        "Malian army in Gao.",
    },
    {
        "doc_id": "a2",
        "publisher": "Desert Post",
        "published": "2017-03-02",
        "text": "Al-Mourabitoun split from al-Qaeda in 2016 and pledged allegiance to the Islamic State.",
    },
    {
        "doc_id": "a3",
        "publisher": "Gulf Daily",
        "published": "2021-04-11",
        "text": "Iran supports the Houthis. Hamas praised the Houthis for their attacks.",
    },
    {
        "doc_id": "a3-copy",
        "publisher": "Gulf Daily Mirror",
        "published": "2021-04-11",
        "text": "Iran supports the Houthis. Hamas praised the Houthis for their attacks.",
    },
]


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    from factionmap.extract.pipeline import load_nlp

    load_nlp()
    return CliRunner()


@pytest.fixture(scope="module")
def store(runner, tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("store")
    feed = folder / "feed.jsonl"
    feed.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    db = str(folder / "fm.db")
    result = runner.invoke(app, ["ingest", str(feed), "--db", db])
    assert result.exit_code == 0, result.output
    return db


def run(runner, *args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_ingest_summary_counts_the_copy(store, runner, tmp_path):
    feed = tmp_path / "again.jsonl"
    feed.write_text(json.dumps(ARTICLES[0]) + "\n", encoding="utf-8")
    result = run(runner, "ingest", str(feed), "--db", store)
    assert "unchanged" in result.stderr


def test_relation_answers_first_then_cites(store, runner):
    out = run(runner, "relation", "Mourabitoun", "al-Qaida", "--db", store, "--json").stdout
    answer = json.loads(out)
    types = {r["type"] for r in answer["relationships"]}
    assert {"AFFILIATE_OF", "SPLINTER_OF"} <= types
    assert answer["summary"].splitlines()[0]
    assert any("2016" in c["narrative"] for c in answer["conflicts"])  # affiliate until 2016, splinter since
    assert answer["a"]["id"] == "al_murabitoun" and answer["a"]["claims"] > 0  # the API's RelationAnswerPublic
    quotes = [c["evidence"] for r in answer["relationships"] for c in r["claims"]]
    assert any("split from al-Qaeda in 2016" in q for q in quotes)


def test_relation_as_of_leaves_out_later_claims(store, runner):
    answer = json.loads(
        run(runner, "relation", "Al-Mourabitoun", "al-Qaeda", "--db", store, "--as-of", "2015", "--json").stdout
    )
    assert {r["type"] for r in answer["relationships"]} == {"AFFILIATE_OF"}


def test_syndicated_copy_is_not_an_independent_source(store, runner):
    answer = json.loads(run(runner, "relation", "Iran", "Houthis", "--db", store, "--json").stdout)
    support = next(r for r in answer["relationships"] if r["type"] == "SUPPORTS")
    assert support["independent_sources"] == 1


def test_ask_who_supports(store, runner):
    result = run(runner, "ask", "Who supports the Houthis?", "--db", store)
    assert "Iran" in result.stdout and "supports" in result.stdout


def test_unknown_name_gives_candidates_not_a_traceback(store, runner):
    result = runner.invoke(app, ["relation", "Hamaz", "Houthis", "--db", store])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "'Hamaz'" in result.stderr and "did you mean" in result.stderr and "Hamas" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_actor_and_path_and_timeline(store, runner, tmp_path):
    actor = json.loads(run(runner, "actor", "Al-Mourabitoun", "--db", store, "--json").stdout)
    assert actor["actor"]["type"] == "ARMED_GROUP" and actor["lineage"]
    path = json.loads(run(runner, "path", "Al-Mourabitoun", "Islamic State", "--db", store, "--json").stdout)
    assert path["path"]
    png = tmp_path / "timeline.png"
    run(runner, "timeline", "Al-Mourabitoun", "--db", store, "--png", str(png))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_map_png_and_coalitions(store, runner, tmp_path):
    png = tmp_path / "map.png"
    run(runner, "map", "Houthis", "--png", str(png), "--db", store)
    assert png.stat().st_size > 1000
    coalitions = json.loads(run(runner, "coalitions", "--db", store, "--json").stdout)
    assert isinstance(coalitions, list)
    for c in coalitions:  # every coalition says which hostile relationships it holds, if any
        assert len(c["members"]) >= 2 and isinstance(c["hostile_inside"], list)
        for h in c["hostile_inside"]:
            assert {h["head"], h["tail"]} <= set(c["members"]) and h["confidence"] >= CONFIDENT_HOSTILITY
    table = run(runner, "coalitions", "--db", store).stdout
    assert "hostile inside" in table if coalitions else "No coalition" in table


@pytest.mark.parametrize("fmt", exporters.names())  # every registered format
def test_exports(store, runner, tmp_path, fmt):
    exporter = exporters.EXPORTERS[fmt]
    target = tmp_path / (fmt if exporter.writes_folder else exporter.filename("map"))
    run(runner, "export", "--format", fmt, "--out", str(target), "--db", store)
    files = sorted(target.iterdir()) if exporter.writes_folder else [target]
    assert files and all(f.stat().st_size > 0 for f in files)
    if fmt == "csv":
        assert (target / "claims.csv").read_text(encoding="utf-8").count("\n") > 1
    elif fmt == "stix":
        bundle = json.loads(target.read_text(encoding="utf-8"))
        assert bundle["type"] == "bundle" and any(o["type"] == "relationship" for o in bundle["objects"])
    elif fmt == "graphml":  # streamed from the maintained table: the graph the aggregated claims make
        import networkx as nx

        from factionmap.graph.exports import export_graph
        from factionmap.queries.answers import Queries
        from factionmap.settings import database_url
        from factionmap.store.db import make_engine

        q = Queries(make_engine(database_url(store)))
        bundle = q.export_bundle(q.all_relationships())
        built = export_graph(bundle.relationships, bundle.actors, bundle.reference)
        loaded = nx.read_graphml(target, force_multigraph=True)
        assert built.number_of_edges() > 0 and dict(loaded.nodes(data=True)) == dict(built.nodes(data=True))
        assert sorted(loaded.edges(keys=True, data=True), key=repr) == sorted(
            built.edges(keys=True, data=True), key=repr
        )
    elif fmt == "nodelink":
        import networkx as nx

        assert nx.node_link_graph(json.loads(target.read_text(encoding="utf-8"))).number_of_edges() > 0
    elif fmt == "ftm":
        from followthemoney import model

        entities = [model.get_proxy(json.loads(line)) for line in target.read_text(encoding="utf-8").splitlines()]
        assert any(e.schema.is_a("Interval") for e in entities)


def test_review_reject_is_respected_and_reverting_restores(store, runner):
    answer = json.loads(run(runner, "relation", "Hamas", "Houthis", "--db", store, "--json").stdout)
    claim = answer["relationships"][0]["claims"][0]["id"]
    done = run(runner, "review", "reject", claim, "--db", store, "--reviewer", "analyst1", "--note", "misread")
    decision = done.stdout.split()[1].rstrip(":")
    after = json.loads(run(runner, "relation", "Hamas", "Houthis", "--db", store, "--json").stdout)
    assert claim not in {c["id"] for r in after["relationships"] for c in r["claims"]}
    run(runner, "review", "revert", decision, "--db", store, "--reviewer", "analyst2")
    restored = json.loads(run(runner, "relation", "Hamas", "Houthis", "--db", store, "--json").stdout)
    assert claim in {c["id"] for r in restored["relationships"] for c in r["claims"]}
    history = run(runner, "review", "history", "--db", store, "--claim", claim).stdout
    assert "analyst1" in history and "analyst2" in history


def test_review_merge_makes_two_names_one_actor(store, runner):
    done = run(runner, "review", "merge", "Al-Mourabitoun", "al-Qaeda", "--db", store, "--reviewer", "analyst1")
    decision = done.stdout.split()[1].rstrip(":")
    actor = json.loads(run(runner, "actor", "al-Qaeda", "--db", store, "--json").stdout)
    assert any(r["type"] == "ATTACKS" for r in actor["relationships"])  # al-Mourabitoun's attack now counts
    assert _table(store) == _rebuilt(runner, store)  # the merge recomputed the relationships table
    run(runner, "review", "revert", decision, "--db", store, "--reviewer", "analyst1")
    actor = json.loads(run(runner, "actor", "al-Qaeda", "--db", store, "--json").stdout)
    assert not any(r["type"] == "ATTACKS" for r in actor["relationships"])
    assert _table(store) == _rebuilt(runner, store)


def _table(db: str) -> list[tuple]:
    """The relationships table's rows, without when they were written."""
    from factionmap.store.db import make_engine
    from factionmap.store.relationships import read_all

    engine = make_engine(f"sqlite:///{db}")
    try:
        return [astuple(r)[:-1] for r in read_all(engine)]
    finally:
        engine.dispose()


def _rebuilt(runner, db: str) -> list[tuple]:
    """``factionmap store rebuild``, then the table."""
    done = run(runner, "store", "rebuild", "--db", db)
    assert done.stdout.startswith("relationships rebuilt:")
    return _table(db)


def test_changes_lists_what_is_new(store, runner):
    result = json.loads(run(runner, "changes", "--since", "2000", "--db", store, "--json").stdout)
    assert any(c["kind"] == "new" for c in result["data"]) and result["count"] == len(result["data"])
    none = json.loads(run(runner, "changes", "--since", "2999", "--db", store, "--json").stdout)
    assert none == {"data": [], "count": 0}


def test_load_reference_from_a_csv(store, runner, tmp_path):
    csv = tmp_path / "relations.csv"
    csv.write_text(
        "head_id,type,tail_id,start,end,source,note\nal_murabitoun,AFFILIATE_OF,al_qaeda,2015-12,,test:1,a note\n",
        encoding="utf-8",
    )
    result = run(runner, "kb", "load-reference", str(csv), "--db", store)
    assert "1 reference relations" in result.stdout
    answer = json.loads(run(runner, "relation", "Al-Mourabitoun", "al-Qaeda", "--db", store, "--json").stdout)
    assert any(r["source"] == "test:1" for r in answer["reference"])  # beside the bundled reference of the store


def test_a_new_store_gets_the_bundled_reference_unless_told_not_to(runner, tmp_path):
    from sqlalchemy import func, select

    from factionmap.store import schema as t
    from factionmap.store.db import make_engine

    article = tmp_path / "a.txt"
    article.write_text(
        "Hamas praised Hezbollah\n\nHamas praised Hezbollah for its attacks on Israel.\n", encoding="utf-8"
    )

    def references(db: Path) -> int:
        with make_engine(f"sqlite:///{db}").connect() as conn:
            return conn.execute(select(func.count()).select_from(t.reference_relations)).scalar_one()

    with_ref, without = tmp_path / "with.db", tmp_path / "without.db"
    run(runner, "ingest", str(article), "--db", str(with_ref))
    run(runner, "ingest", str(article), "--db", str(without), "--no-reference")
    assert references(with_ref) > 100 and references(without) == 0
    before = references(with_ref)
    run(runner, "ingest", str(article), "--db", str(with_ref))  # a second ingest adds none
    assert references(with_ref) == before


def test_every_command_works_on_a_fresh_default_store(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["relation", "Hamas", "Hezbollah"])
    assert result.exit_code == 0, result.output
    assert "No article in the store" in result.stdout
    assert Path("factionmap.db").exists()


@pytest.mark.parametrize("name", ["nonexistent_x", "is", "banana"])
def test_a_name_no_actor_has_exits_1_with_one_line(store, runner, name):
    result = runner.invoke(app, ["actor", name, "--db", store])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{name!r}" in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["changes", "--since", "yesterday"], "--since"),
        (["changes", "--since", "2030-99-99"], "--since"),
        (["relation", "Taliban", "HTS", "--as-of", "15/03/2019"], "--as-of"),
    ],
)
def test_an_invalid_date_is_one_line_and_exit_2(store, runner, args, option):
    result = runner.invoke(app, [*args, "--db", store])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip().count("\n") == 0 and option in result.stderr


def test_version_and_an_unknown_export_format(store, runner, tmp_path):
    from factionmap import __version__

    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.stdout.strip() == __version__
    bad = runner.invoke(app, ["export", "--format", "pdf", "--out", str(tmp_path / "x"), "--db", store])
    assert bad.exit_code == 2 and "graphml" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


def test_dates_only_an_article_gives_are_marked_and_never_news_by_claim_date(store, runner):
    answer = json.loads(run(runner, "relation", "Al-Mourabitoun", "al-Qaeda", "--db", store, "--json").stdout)
    claims = {r["type"]: r["claims"][0] for r in answer["relationships"]}
    assert (claims["AFFILIATE_OF"]["time_source"], claims["AFFILIATE_OF"]["date"]) == ("article", "2015-06-01")
    assert (claims["SPLINTER_OF"]["time_source"], claims["SPLINTER_OF"]["time"]) == ("stated", "2016")
    table = run(runner, "relation", "Al-Mourabitoun", "al-Qaeda", "--db", store).stdout
    assert "~2015-06-01" in table and "reported in an article of" in table
    timeline = run(runner, "timeline", "Al-Mourabitoun", "--db", store).stdout
    assert "~2015-06-01" in timeline
    # By claim date only what a sentence dates 2016 or later is new: the split; not the Houthi claims
    # of an article of 2021, whose sentences state no date.
    new = json.loads(run(runner, "changes", "--since", "2016", "--by-claim-date", "--db", store, "--json").stdout)
    listed = {c["id"]: c for ch in new["data"] for c in ch["claims"]}
    assert listed and all(c["time_source"] == "stated" and c["time"] >= "2016" for c in listed.values())
    assert not any("Houthis" in c["evidence"] for c in listed.values())
