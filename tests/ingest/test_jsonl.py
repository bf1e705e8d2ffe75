"""JSON Lines: text or html per line, metadata fields, doc_ids, and bad lines reported by number."""

import json
from pathlib import Path

import pytest

from factionmap.ingest import ReadFailure, iter_articles
from factionmap.ingest import jsonl as jsonl_module
from factionmap.model import Article

BODY = "The Hill Brigade attacked an army post near the river on Sunday, officials said."
HTML = (
    f"<html><head><title>Clash at the river</title></head><body><article><h1>Clash at the river</h1>"
    f"<p>{BODY}</p><p>{BODY.replace('Sunday', 'Monday')}</p></article></body></html>"
)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_records_bad_lines_and_ids(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "batch.jsonl",
        [
            json.dumps(
                {
                    "doc_id": "alpha/1",
                    "text": BODY,
                    "title": "Given title",
                    "author": "A. Writer",
                    "publisher": "Desert Post",
                    "published": "5 June 2022",
                    "url": "https://example.org/1",
                }
            ),
            "{not json",
            "",
            json.dumps({"html": HTML}),
            json.dumps(["a", "list"]),
            json.dumps({"title": "no body"}),
            json.dumps({"text": BODY, "author": {"name": "x"}}),
            json.dumps({"doc_id": 7, "text": BODY}),
        ],
    )
    results = list(iter_articles([path]))
    articles = [r for r in results if isinstance(r, Article)]
    failures = [r for r in results if isinstance(r, ReadFailure)]
    assert [a.doc_id for a in articles] == ["alpha_1", "batch-4", "7"]
    first = articles[0]
    assert (first.title, first.author, first.publisher, first.published, first.url) == (
        "Given title",
        "A. Writer",
        "Desert Post",
        "2022-06-05",
        "https://example.org/1",
    )
    assert first.text == BODY
    assert first.source == f"{path}:1"
    assert articles[1].title == "Clash at the river"
    assert articles[1].text.count("Hill Brigade") == 2
    assert [(f.line, f.source) for f in failures] == [
        (2, str(path)),
        (5, str(path)),
        (6, str(path)),
        (7, str(path)),
    ]
    assert "invalid JSON" in failures[0].reason
    assert "not an object" in failures[1].reason
    assert "no 'text' or 'html'" in failures[2].reason
    assert "'author'" in failures[3].reason


def test_over_long_line_is_skipped_and_reading_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonl_module, "MAX_LINE_BYTES", 200)
    path = _write(tmp_path / "big.jsonl", [json.dumps({"text": BODY * 5}), json.dumps({"text": BODY})])
    results = list(iter_articles([path]))
    assert isinstance(results[0], ReadFailure) and results[0].line == 1 and "longer than" in results[0].reason
    assert isinstance(results[1], Article) and results[1].doc_id == "big-2"
