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


def test_over_long_line_is_skipped_and_reading_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl_module, "MAX_LINE_BYTES", 200)
    path = _write(tmp_path / "big.jsonl", [json.dumps({"text": BODY * 5}), json.dumps({"text": BODY})])
    results = list(iter_articles([path]))
    assert isinstance(results[0], ReadFailure) and results[0].line == 1 and "longer than" in results[0].reason
    assert isinstance(results[1], Article) and results[1].doc_id == "big-2"


@pytest.mark.parametrize(
    "bad_line",
    [
        '{"doc_id": "big", "text": "x", "n": ' + "9" * 5000 + "}",  # beyond int-string conversion: ValueError
        "[" * 100_000 + "]" * 100_000,  # nested past the recursion limit: RecursionError
        '{"doc_id": "deep", "text": "x", "extra": ' + "[" * 100_000 + "]" * 100_000 + "}",
    ],
)
def test_json_too_big_to_read_costs_its_line_only(tmp_path: Path, bad_line: str) -> None:
    good = json.dumps({"doc_id": "fine", "text": "The Sahel Front attacked the army post near Gao on Monday."})
    path = tmp_path / "feed.jsonl"
    path.write_text(f"{good}\n{bad_line}\n{good.replace('fine', 'fine-too')}\n", encoding="utf-8")
    results = list(iter_articles([path]))
    assert [r.doc_id for r in results if isinstance(r, Article)] == ["fine", "fine-too"]
    (failure,) = [r for r in results if isinstance(r, ReadFailure)]
    assert failure.line == 2 and "\n" not in str(failure) and len(str(failure)) < 400


def test_json_too_big_to_read_on_stdin_costs_its_line_only() -> None:
    import io

    good = json.dumps({"doc_id": "fine", "text": "The Sahel Front attacked the army post near Gao on Monday."})
    stdin = io.StringIO(good + '\n{"text": "x", "n": ' + "9" * 5000 + "}\n")
    results = list(iter_articles(["-"], stdin=stdin))
    assert [type(r).__name__ for r in results] == ["Article", "ReadFailure"]
    assert results[1].line == 2


def test_any_error_while_reading_a_line_becomes_its_failure(tmp_path: Path, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise TypeError("a reader bug nobody foresaw")

    monkeypatch.setattr(jsonl_module, "read_text_article", broken)
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"doc_id": "a", "text": "Some text."}) + "\n", encoding="utf-8")
    (failure,) = list(iter_articles([path]))
    assert isinstance(failure, ReadFailure) and "TypeError: a reader bug nobody foresaw" in failure.reason
