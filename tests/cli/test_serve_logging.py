"""`factionmap serve --log-level`: offered in --help, handed to uvicorn with factionmap's logging configuration
(uvicorn's own access log off: the app writes its own), and that configuration works when applied."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner


def _cli() -> typer.Typer:
    from factionmap.cli.serve import serve

    cli = typer.Typer()
    cli.command()(serve)
    return cli


def test_help_offers_the_log_level_and_its_choices():
    from factionmap.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "--log-level" in result.output and "debug, info, warning or error" in result.output


@pytest.mark.parametrize(("given", "level"), [([], "info"), (["--log-level", "warning"], "warning")])
def test_serve_hands_the_level_and_the_logging_config_to_uvicorn(tmp_path, monkeypatch, given, level):
    import uvicorn

    started: dict = {}
    monkeypatch.setattr("factionmap.heap.settle", lambda: None)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.update(app=app, **kw))
    db = tmp_path / "store.db"  # a new, empty store: serve creates and migrates it
    result = CliRunner().invoke(_cli(), ["--db", str(db), "--workers", "1", *given])
    assert result.exit_code == 0, result.output
    assert started["log_level"] == level and started["access_log"] is False
    assert started["log_config"]["loggers"]["factionmap.access"]["level"] == level.upper()


def test_an_unknown_level_is_refused():
    result = CliRunner().invoke(_cli(), ["--log-level", "loud"])
    assert result.exit_code == 2 and "loud" in result.output


def test_the_logging_config_writes_access_lines_to_stdout():
    """Applied in a separate process, as uvicorn applies it in each worker (applying it here would take the
    factionmap loggers away from the other tests' log capture)."""
    code = (
        "import logging, logging.config; from factionmap.cli.serve import log_config; "
        "logging.config.dictConfig(log_config('info')); "
        "logging.getLogger('factionmap.access').info('127.0.0.1:1 \"GET /x\" 200 1.0 ms'); "
        "logging.getLogger('factionmap.access').debug('hidden at info'); "
        "logging.getLogger('factionmap.api').warning('to stderr')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert '"GET /x" 200 1.0 ms' in done.stdout and "factionmap.access" in done.stdout
    assert "hidden at info" not in done.stdout + done.stderr
    assert "to stderr" in done.stderr
