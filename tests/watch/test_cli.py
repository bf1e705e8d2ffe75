"""`factionmap watch` end to end: a bad sources file is one line and exit 2; --once runs one round into the
store and a second --once (another process, as cron starts) fetches nothing it has seen."""

from __future__ import annotations

from typer.testing import CliRunner

from factionmap.cli import app


def test_a_bad_sources_file_is_one_line_and_exit_2(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - url: https://e.org/feed\n    outlet: E\n    reliability: 3\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["watch", str(path), "--once", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2
    assert "sources[0].reliability" in result.output and str(path) in result.output


def test_once_runs_one_round_and_the_next_run_resumes(tmp_path, site, web):
    site.pages["/news/1"] = web.Page(web.article_html(1))
    site.pages["/feed.xml"] = web.Page(web.rss(site, ["/news/1"]), content_type="application/rss+xml", etag='"1"')
    path = tmp_path / "sources.yaml"
    path.write_text(
        f"sources:\n  - url: {site.url('/feed.xml')}\n    outlet: Wire\n    interval: 60\n", encoding="utf-8"
    )
    args = ["watch", str(path), "--once", "--db", str(tmp_path / "s.db"), "--user-agent", "tester/2"]

    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "watch round" in first.output and site.hits("/news/1") == 1
    assert site.headers_of_last("/news/1")["user-agent"] == "tester/2"

    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0, second.output
    assert site.hits("/feed.xml") == 1 and site.hits("/news/1") == 1, "not due again yet, nothing refetched"


def test_dask_needs_postgresql_and_scheduler_needs_dask(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - url: https://e.org/feed\n    outlet: E\n", encoding="utf-8")
    db = tmp_path / "s.db"
    refused = CliRunner().invoke(app, ["watch", str(path), "--once", "--dask", "--db", str(db)])
    assert refused.exit_code == 2 and "PostgreSQL" in refused.output
    assert not db.exists(), "no SQLite file is created only to be refused"
    alone = CliRunner().invoke(app, ["watch", str(path), "--once", "--scheduler", "tcp://h:8786", "--db", str(db)])
    assert alone.exit_code == 2 and "--dask" in alone.output


def test_dask_stores_a_rounds_pages_on_a_local_cluster(tmp_path, site, web, pg):
    """`watch --once --dask`: the pages are extracted and written by a LocalCluster's worker into PostgreSQL,
    and the watcher's state records them, so the next round fetches nothing again."""
    from sqlalchemy import select

    from factionmap.store import schema as t
    from factionmap.store.db import make_engine

    site.pages["/news/1"] = web.Page(web.article_html(1))
    site.pages["/feed.xml"] = web.Page(web.rss(site, ["/news/1"]), content_type="application/rss+xml", etag='"1"')
    path = tmp_path / "sources.yaml"
    path.write_text(f"sources:\n  - url: {site.url('/feed.xml')}\n    outlet: Wire\n", encoding="utf-8")
    url = pg.create_database("watch_dask")

    result = CliRunner().invoke(app, ["watch", str(path), "--once", "--dask", "--workers", "1", "--db", url])
    assert result.exit_code == 0, result.output
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(select(t.documents.c.url, t.documents.c.publisher)).all()
            seen = conn.execute(select(t.watch_seen.c.url, t.watch_seen.c.outcome)).all()
    finally:
        engine.dispose()
    assert [tuple(r) for r in stored] == [(site.url("/news/1"), "Wire")]
    assert [tuple(r) for r in seen] == [(site.url("/news/1"), "stored")]
    assert site.hits("/news/1") == 1
