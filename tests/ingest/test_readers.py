"""Files, folders and stdin: dispatch by extension, deterministic order, failures inline."""

import io
import json
from pathlib import Path

import pytest

from factionmap.ingest import ReadFailure, iter_articles
from factionmap.ingest import readers as readers_module
from factionmap.model import Article

BODY = "The Hill Brigade attacked an army post near the river on Sunday, officials said."


def _tree(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".hidden").mkdir()
    (root / "z.txt").write_text(BODY, encoding="utf-8")
    (root / "a" / "one.txt").write_text(BODY, encoding="utf-8")
    (root / "b" / "two.htm").write_text(
        f"<html><body><article><p>{BODY}</p><p>{BODY}</p></article></body></html>", encoding="utf-8"
    )
    (root / "b" / "three.jsonl").write_text(json.dumps({"text": BODY}) + "\n", encoding="utf-8")
    (root / "b" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (root / ".secret.txt").write_text(BODY, encoding="utf-8")
    (root / ".hidden" / "four.txt").write_text(BODY, encoding="utf-8")


def test_folder_recursion_is_sorted_and_skips_hidden_and_unknown(tmp_path: Path) -> None:
    _tree(tmp_path)
    results = list(iter_articles([tmp_path]))
    assert all(isinstance(r, Article) for r in results)
    assert [r.doc_id for r in results] == ["z", "one", "three-1", "two"]
    assert results == list(iter_articles([str(tmp_path)]))


def test_missing_unsupported_and_empty_inputs_are_failures(tmp_path: Path) -> None:
    (tmp_path / "doc.pdf").write_bytes(b"%PDF")
    (tmp_path / "empty.txt").write_text("\n\n", encoding="utf-8")
    (tmp_path / "ok.txt").write_text(BODY, encoding="utf-8")
    paths = [tmp_path / "missing.txt", tmp_path / "doc.pdf", tmp_path / "empty.txt", tmp_path / "ok.txt"]
    results = list(iter_articles(paths))
    reasons = [r.reason for r in results[:3] if isinstance(r, ReadFailure)]
    assert len(reasons) == 3
    assert "no such file" in reasons[0] and "unsupported" in reasons[1] and "no article text" in reasons[2]
    assert isinstance(results[3], Article) and results[3].text == BODY


def test_oversized_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers_module, "MAX_FILE_BYTES", 50)
    (tmp_path / "big.txt").write_text(BODY, encoding="utf-8")
    [result] = iter_articles([tmp_path / "big.txt"])
    assert isinstance(result, ReadFailure) and "limit" in result.reason and result.source.endswith("big.txt")


def test_encodings_are_detected(tmp_path: Path) -> None:
    text = "Le Front de l’Ouest a revendiqué l’attaque, selon un communiqué publié à Gao."
    (tmp_path / "a.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "c.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "d.txt").write_bytes(text.replace("’", "'").encode("latin-1") + b"\x81")
    results = list(iter_articles([tmp_path]))
    assert [r.text for r in results[:3]] == [text] * 3
    assert results[3].text.startswith("Le Front de l'Ouest a revendiqué")


def test_stdin_plain_text_and_jsonl() -> None:
    [article] = iter_articles(["-"], stdin=io.StringIO("A headline on the Hill Brigade\n" + BODY + "\n"))
    assert isinstance(article, Article)
    assert (article.doc_id, article.title, article.text, article.source) == (
        "stdin",
        "A headline on the Hill Brigade",
        BODY,
        "<stdin>",
    )
    lines = json.dumps({"text": BODY}) + "\n\n" + json.dumps({"doc_id": "x", "text": BODY}) + "\n"
    results = list(iter_articles(["-"], stdin=io.StringIO(lines)))
    assert [r.doc_id for r in results] == ["stdin-1", "x"]


def test_duplicate_doc_ids_get_suffixes(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(BODY, encoding="utf-8")
    assert [r.doc_id for r in iter_articles([tmp_path])] == ["report", "report-2"]
