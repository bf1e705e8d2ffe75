"""`factionmap serve` and the upload file names: the small pieces around the app."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from factionmap.api.ingestor import safe_name


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("report.txt", "report.txt"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\article.html", "article.html"),
        ("<script>.txt", "_script_.txt"),
        ("", "upload-3.txt"),
        (None, "upload-3.txt"),
        ("..", "upload-3.txt"),
    ],
)
def test_uploaded_names_lose_folders_and_odd_characters(given, expected):
    assert safe_name(given, 3) == expected


def test_serve_builds_the_app_and_says_where_to_open_the_map(sample_db, tmp_path, monkeypatch):
    import shutil

    import uvicorn

    from factionmap import heap
    from factionmap.cli.serve import serve

    started, order = {}, []
    monkeypatch.setattr(heap, "settle", lambda: order.append("settle"))  # a real freeze would last the test run
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: (order.append("run"), started.update(app=app, **kw)))
    monkeypatch.delenv("FACTIONMAP_TOKEN", raising=False)
    cli = typer.Typer()
    cli.command()(serve)
    db = shutil.copyfile(sample_db, tmp_path / "store.db")
    result = CliRunner().invoke(cli, ["--db", str(db), "--port", "8123", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/" in result.output and "read-only" in result.output
    assert started["host"] == "127.0.0.1" and started["port"] == 8123
    assert started["app"].state.queries.document_count() == 5
    assert order == ["settle", "run"]  # start-up objects set aside before the first request


def test_serve_with_workers_starts_processes_that_build_their_own_app_over_the_same_store(
    sample_db, tmp_path, monkeypatch
):
    import shutil

    import uvicorn

    from factionmap.api import app as app_module
    from factionmap.cli.serve import serve

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.update(app=app, **kw))
    monkeypatch.setenv("FACTIONMAP_DB", "restored-after-the-test")  # serve sets it for its workers
    cli = typer.Typer()
    cli.command()(serve)
    db = shutil.copyfile(sample_db, tmp_path / "store.db")
    result = CliRunner().invoke(cli, ["--db", str(db), "--workers", "3"])
    assert result.exit_code == 0, result.output
    assert "3 worker processes" in result.output
    assert (started["app"], started["factory"], started["workers"]) == ("factionmap.api.app:worker_app", True, 3)
    import os

    assert os.environ["FACTIONMAP_DB"] == str(db)  # what each worker's settings read
    monkeypatch.setattr("factionmap.heap.settle", lambda: None)
    worker = app_module.worker_app()  # what uvicorn calls in each worker process
    assert worker.state.queries.document_count() == 5


def test_serve_on_a_bad_store_url_exits_2(monkeypatch):
    from factionmap.cli.serve import serve

    cli = typer.Typer()
    cli.command()(serve)
    result = CliRunner().invoke(cli, ["--db", "mysql://nobody@nowhere/db"])
    assert result.exit_code == 2 and "error" in result.output
