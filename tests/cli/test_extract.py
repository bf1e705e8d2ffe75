"""The command line: `factionmap extract` on folders, files and stdin; failures, exit codes, output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factionmap.cli import app

ARTICLES = {
    "pledge.txt": "Boko Haram pledged allegiance to the Islamic State in March 2015.\n\n"
    "The group later split into rival factions.\n",
    "praise.txt": "Hamas praised the Houthis for their attacks on shipping.\n",
}
SCHEMA_KEYS = {
    "doc_id",
    "title",
    "author",
    "publisher",
    "published",
    "url",
    "source",
    "extractor_version",
    "time_anchor",
    "time_anchor_source",
    "entities",
    "relations",
    "events",
}
RELATION_KEYS = {"head", "type", "tail", "negated", "hedged", "attributed_to", "time", "evidence"}


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    from factionmap.extract.pipeline import load_nlp

    load_nlp()  # once for the module; every invocation below reuses the cached pipeline
    return CliRunner()


@pytest.fixture
def wide(monkeypatch):
    """A wide stderr console, so messages that name long tmp paths are not wrapped mid-word."""
    from factionmap import cli

    monkeypatch.setattr(cli.err, "width", 1000)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two good articles, a JSONL file with one good and one broken line, and an empty article."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    good = json.dumps({"doc_id": "line-one", "text": "Al-Shabaab attacked the Kenyan army.", "published": "2020-01-05"})
    (folder / "feed.jsonl").write_text(good + "\n{not json\n", encoding="utf-8")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    return folder


def invoke(runner: CliRunner, *args: str, stdin: str | None = None):
    return runner.invoke(app, ["extract", *args], input=stdin)


def test_batch_writes_good_documents_and_reports_failures(runner, corpus, tmp_path, wide):
    out = tmp_path / "out"
    unsupported = tmp_path / "notes.pdf"
    unsupported.write_bytes(b"%PDF-1.4")
    result = invoke(runner, str(corpus), str(unsupported), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.json")) == ["line-one.json", "pledge.json", "praise.json"]
    assert "feed.jsonl:2" in result.stderr
    assert "empty.txt" in result.stderr
    assert "notes.pdf" in result.stderr and "unsupported" in result.stderr
    assert "3 input(s) failed; the other 3 were processed" in result.stderr
    assert "3 documents" in result.stderr


def test_output_json_has_the_schema_shape(runner, corpus, tmp_path):
    out = tmp_path / "out"
    assert invoke(runner, str(corpus / "pledge.txt"), "--out", str(out), "--quiet").exit_code == 0
    doc = json.loads((out / "pledge.json").read_text(encoding="utf-8"))
    assert set(doc) == SCHEMA_KEYS
    assert doc["doc_id"] == "pledge"
    assert {"Boko Haram", "Islamic State"} <= {e["name"] for e in doc["entities"]}
    assert all({"name", "type", "aliases"} <= set(e) for e in doc["entities"])
    pledge = next(r for r in doc["relations"] if r["type"] == "PLEDGED_ALLEGIANCE")
    assert set(pledge) >= RELATION_KEYS
    assert (pledge["head"], pledge["tail"], pledge["time"]) == ("Boko Haram", "Islamic State", "2015-03")
    assert pledge["evidence"] == "Boko Haram pledged allegiance to the Islamic State in March 2015."
    assert not list(out.glob("*.tmp"))  # written atomically


def test_strict_exits_non_zero_on_any_failure(runner, corpus, tmp_path):
    out = tmp_path / "out"
    result = invoke(runner, str(corpus), "--out", str(out), "--strict", "--quiet")
    assert result.exit_code == 1
    assert (out / "pledge.json").exists()  # the good documents are still written


def test_strict_with_no_failure_exits_zero(runner, corpus, tmp_path):
    result = invoke(runner, str(corpus / "praise.txt"), "--out", str(tmp_path / "out"), "--strict")
    assert result.exit_code == 0, result.output


def test_nothing_processable_exits_non_zero(runner, tmp_path, wide):
    missing = tmp_path / "no-such-folder"
    result = invoke(runner, str(missing), "--out", str(tmp_path / "out"))
    assert result.exit_code != 0
    assert "no such file or folder" in result.stderr
    assert "0 documents" in result.stderr
    assert "none could be processed" in result.stderr and "were processed" not in result.stderr


def test_stdin_dash_reads_one_article(runner, tmp_path):
    out = tmp_path / "out"
    result = invoke(runner, "-", "--out", str(out), "--quiet", stdin=ARTICLES["praise.txt"])
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "stdin.json").read_text(encoding="utf-8"))
    assert doc["source"] == "<stdin>"
    assert ("Hamas", "PRAISES", "Houthis") in {(r["head"], r["type"], r["tail"]) for r in doc["relations"]}


def test_stdin_dash_reads_jsonl(runner, tmp_path):
    out = tmp_path / "out"
    lines = "\n".join(json.dumps({"doc_id": f"d{i}", "text": t}) for i, t in enumerate(ARTICLES.values()))
    result = invoke(runner, "-", "--out", str(out), "--quiet", stdin=lines)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.json")) == ["d0.json", "d1.json"]


def test_quiet_prints_nothing(runner, corpus, tmp_path):
    result = invoke(runner, str(corpus / "praise.txt"), "--out", str(tmp_path / "out"), "--quiet")
    assert result.exit_code == 0
    assert result.stdout == "" and result.stderr == ""


def test_bad_kb_file_is_one_error_line_and_exit_2(runner, corpus, tmp_path, wide):
    bad = tmp_path / "extra.yaml"
    bad.write_text("actors:\n  - id: x\n    name: X\n    type: BANANA\n", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke(runner, str(corpus), "--out", str(out), "--kb", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith("error:")
    assert "extra.yaml" in result.stderr and "BANANA" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists() or not list(out.glob("*.json"))


def test_bad_kb_error_is_a_single_line(runner, corpus, tmp_path, monkeypatch):
    from factionmap import cli

    monkeypatch.setattr(cli.err, "width", 80)  # what a CI log or a pipe gets
    bad = tmp_path / "an-extra-knowledge-base-file-with-a-long-name.yaml"
    bad.write_text("actors:\n  - id: x\n    name: X\n    type: BANANA\n", encoding="utf-8")
    result = invoke(runner, str(corpus), "--out", str(tmp_path / "out"), "--kb", str(bad))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_good_kb_file_adds_an_actor(runner, tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "actors:\n  - id: river_brigade\n    name: River Brigade\n    type: ARMED_GROUP\n    aliases: [Liwa al-Nahr]\n",
        encoding="utf-8",
    )
    article = tmp_path / "river.txt"
    article.write_text("Liwa al-Nahr pledged allegiance to the Islamic State in 2016.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke(runner, str(article), "--out", str(out), "--kb", str(extra), "--quiet")
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "river.json").read_text(encoding="utf-8"))
    river = next(e for e in doc["entities"] if e["name"] == "River Brigade")
    assert not river["provisional"] and "Liwa al-Nahr" in river["aliases"]


def test_version_command(runner):
    from factionmap import __version__

    result = runner.invoke(app, ["version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == __version__


def test_show_prints_the_most_confident_claims(runner, corpus, tmp_path, monkeypatch):
    from factionmap import cli

    monkeypatch.setattr(cli.out, "width", 1000)
    result = invoke(runner, str(corpus / "pledge.txt"), "--out", str(tmp_path / "out"), "--quiet", "--show", "1")
    assert result.exit_code == 0, result.output
    assert "top 1 of" in result.stdout
    assert "PLEDGED_ALLEGIANCE" in result.stdout and "time 2015-03" in result.stdout
