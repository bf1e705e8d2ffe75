"""Adversarial and random input to the readers (txt, HTML, JSONL, stdin): every input ends in Articles or in
ReadFailures whose text is one line naming the input, within a bounded time, and never raises.

DOC_SECONDS is generous on purpose (a loaded CI machine): the caps keep the worst page near 7 s here and
the cases below well under a second; what it catches is an input that costs minutes or never ends.
"""

from __future__ import annotations

import io
import json
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factionmap.ingest import ReadFailure, iter_articles
from factionmap.ingest.html import MAX_HTML_DEPTH, MAX_HTML_TAGS, MAX_PARAGRAPH_ELEMENTS
from factionmap.ingest.jsonl import MAX_LINE_BYTES
from factionmap.ingest.normalize import MAX_TEXT_CHARS
from factionmap.model import Article

DOC_SECONDS = 20.0
"""Wall time one input may take to read; see the module docstring."""

FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
BODY = "The Hill Brigade attacked an army post near the river on Sunday, officials said."
BIDI_AND_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff"

# text with control (Cc) and format (Cf: zero-width, bidi marks) characters among letters, marks, digits,
# punctuation and separators; surrogates (Cs) cannot be written as UTF-8, so they are left out
ADVERSARIAL_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"]),
        st.characters(categories=["L", "M", "N", "P", "S"]),
        st.sampled_from(list(BIDI_AND_INVISIBLE + "\x00\x85\u2028<>{}\"'\\\n\r")),
    ),
    max_size=400,
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ADVERSARIAL_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
FIELDS = ("doc_id", "text", "html", "url", "title", "author", "publisher", "published")


def _read(paths: list, stdin: str | None = None) -> list[Article | ReadFailure]:
    start = time.monotonic()
    results = list(iter_articles(paths, stdin=io.StringIO(stdin) if stdin is not None else None))
    assert time.monotonic() - start < DOC_SECONDS * max(1, len(results))
    return results


def _check(results: list, source: str) -> None:
    """Articles with clean text, or one-line failures naming ``source``."""
    assert results
    for r in results:
        assert isinstance(r, Article | ReadFailure), r
        if isinstance(r, ReadFailure):
            text = str(r)
            assert len(text.splitlines()) == 1 and "\n" not in text and "\r" not in text, text
            assert text.startswith(source), text
            continue
        assert r.text.strip()
        bad = [c for c in r.text if (c != "\n" and unicodedata.category(c) == "Cc") or c in BIDI_AND_INVISIBLE]
        assert not bad, bad


# -- random input ---------------------------------------------------------------------------------------
@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".jsonl"]))
def test_any_bytes_in_any_reader(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_bytes(data)
    _check(_read([path]), str(path))


@FUZZ
@given(text=ADVERSARIAL_TEXT, suffix=st.sampled_from([".txt", ".html"]))
def test_adversarial_text_in_files(tmp_path: Path, text: str, suffix: str) -> None:
    path = tmp_path / f"doc{suffix}"
    path.write_bytes((BODY + " " + text + " " + BODY).encode("utf-8"))
    _check(_read([path]), str(path))


@FUZZ
@given(text=ADVERSARIAL_TEXT)
def test_adversarial_text_on_stdin(text: str) -> None:
    _check(_read(["-"], stdin=text + "\n" + BODY), "<stdin>")


@FUZZ
@given(record=st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=6) | JSON_VALUES, via_stdin=st.booleans())
def test_jsonl_fields_of_any_type(tmp_path: Path, record, via_stdin: bool) -> None:
    """Wrong JSON types in every field, and lines that are not objects: a failure for that line, or an
    article when the value can stand for the field (a number as doc_id)."""
    lines = json.dumps({"text": BODY}) + "\n" + json.dumps(record, ensure_ascii=False) + "\n"
    if via_stdin:
        _check(_read(["-"], stdin=lines), "<stdin>")
        return
    path = tmp_path / "doc.jsonl"
    path.write_text(lines, encoding="utf-8")
    results = _read([path])
    _check(results, str(path))
    assert isinstance(results[0], Article)


TAGS = st.sampled_from(["div", "span", "p", "b", "a", "section", "article", "table", "td", "li", "ul", "i"])


@st.composite
def nested_html(draw) -> str:
    """A page of randomly chosen tags nested up to past the HTML parser's depth limit, some left open."""
    tags = draw(st.lists(TAGS, min_size=1, max_size=MAX_HTML_DEPTH + 150))
    text = draw(st.sampled_from([BODY, "", "<", "&amp;", BODY + "\x00\u202e"]))
    closed = draw(st.integers(0, len(tags)))
    opened = "".join(f"<{t}>" for t in tags)
    closing = "".join(f"</{t}>" for t in reversed(tags[len(tags) - closed :]))
    return f"<html><body>{opened}<p>{text}</p>{closing}<p>{BODY}</p></body></html>"


@FUZZ
@given(page=nested_html(), as_jsonl=st.booleans())
def test_nested_html(tmp_path: Path, page: str, as_jsonl: bool) -> None:
    path = tmp_path / ("doc.jsonl" if as_jsonl else "doc.html")
    path.write_text(json.dumps({"html": page}) + "\n" if as_jsonl else page, encoding="utf-8")
    _check(_read([path]), str(path))


# -- each named family, explicitly ----------------------------------------------------------------------
def test_invalid_utf8_in_every_file_type(tmp_path: Path) -> None:
    bad = "The Hill Brigade \xff\xfe\xc3( attacked the army near Gao, officials said.".encode("latin-1")
    (tmp_path / "a.txt").write_bytes(bad + b"\x80\x81\n")
    (tmp_path / "b.html").write_bytes(b"<html><body><article><p>" + bad + b"</p></article></body></html>")
    (tmp_path / "c.jsonl").write_bytes(b'{"text": "' + bad + b'"}\n\xff\xfe{\n')
    results = _read([tmp_path])
    assert [type(r).__name__ for r in results] == ["Article", "Article", "Article", "ReadFailure"]
    assert "invalid JSON" in results[3].reason and results[3].line == 2
    for r in results[:3]:
        _check([r], str(tmp_path))
        assert "Hill Brigade" in r.text


def test_nul_and_control_characters_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("The Hill\x00 Brigade \x01\x1b attacked\x7f the\x9b army\x85near Gao, officials said.".encode())
    [article] = _read([path])
    assert (article.title, article.text) == ("The Hill Brigade attacked the army", "near Gao, officials said.")


def test_right_to_left_and_zero_width_characters_are_removed() -> None:
    text = "\u202eThe Hill\u200b Brigade\u200f attacked \u2066the army\u2069 near Gao\u061c, officials said."
    [article] = _read(["-"], stdin=text)
    assert article.text == "The Hill Brigade attacked the army near Gao, officials said."


def test_stdin_jsonl_with_line_separators_inside_strings_stays_jsonl() -> None:
    """U+2028 and U+0085 may stand raw in a JSON string; they must not split the line (they did: the whole
    input then became one plain-text article made of JSON)."""
    line = json.dumps({"text": BODY + "\u2028" + BODY + "\x85"}, ensure_ascii=False)
    results = _read(["-"], stdin=f"{line}\r\n{line}\n")
    assert [r.doc_id for r in results] == ["stdin-1", "stdin-2"]
    assert results[0].text == f"{BODY}\n{BODY}"


def test_ten_thousand_word_sentence_without_punctuation(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(" ".join(["the fighters of the Hill Brigade moved north"] * 1250), encoding="utf-8")
    [article] = _read([path])
    assert len(article.text.split()) == 10_000


def test_hundred_thousand_nested_tags(tmp_path: Path) -> None:
    """Counted before any parsing: it fails in milliseconds naming the cap, in a file, a JSONL line, stdin."""
    page = "<html><body>" + "<div>" * 100_000 + f"<p>{BODY}</p>" + "</div>" * 100_000 + "</body></html>"
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"html": page}) + "\n", encoding="utf-8")
    start = time.monotonic()
    results = _read([tmp_path]) + _read(["-"], stdin=json.dumps({"html": page}))
    assert time.monotonic() - start < 5
    assert [type(r) for r in results] == [ReadFailure] * 3
    for r in results:
        assert "MAX_HTML_TAGS" in r.reason and f"{MAX_HTML_TAGS:,}" in r.reason
        assert len(str(r).splitlines()) == 1


def test_nesting_past_the_parser_depth_fails_naming_the_cap(tmp_path: Path) -> None:
    """The HTML parser stops at its depth limit and silently drops the rest of the page: named instead."""
    path = tmp_path / "a.html"
    path.write_text("<html><body>" + "<div>" * 1000 + f"<p>{BODY}</p>" + "</div>" * 1000 + "</body></html>")
    [failure] = _read([path])
    assert isinstance(failure, ReadFailure) and "MAX_HTML_DEPTH" in failure.reason
    shallow = tmp_path / "b.html"
    shallow.write_text("<html><body>" + "<div>" * 200 + f"<p>{BODY}</p>" + "</div>" * 200 + "</body></html>")
    [article] = _read([shallow])
    assert article.text == BODY


def test_paragraph_with_too_many_elements_fails_naming_the_cap(tmp_path: Path) -> None:
    """trafilatura's cost grows with the square of one paragraph's elements (49,000 took minutes)."""
    path = tmp_path / "a.html"
    path.write_text("<html><body><article><p>" + "<b>x</b> " * (MAX_HTML_TAGS // 2) + "</p></article></body></html>")
    [failure] = _read([path])
    assert isinstance(failure, ReadFailure) and "MAX_PARAGRAPH_ELEMENTS" in failure.reason
    assert f"{MAX_PARAGRAPH_ELEMENTS:,}" in failure.reason


def test_huge_single_lines(tmp_path: Path) -> None:
    """5 MB on one line: plain text is read and cut to MAX_TEXT_CHARS; a JSONL line over its cap fails."""
    line = ("The Hill Brigade attacked the army " * 150_000)[:5_000_000]
    (tmp_path / "a.txt").write_text(line, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": line + " " * (MAX_LINE_BYTES - len(line))}) + "\n")
    article, failure = _read([tmp_path])
    assert isinstance(article, Article) and MAX_TEXT_CHARS - 100 < len(article.text) <= MAX_TEXT_CHARS
    assert isinstance(failure, ReadFailure) and "longer than" in failure.reason and failure.line == 1


def test_html_text_run_past_the_parser_limit_fails_naming_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text("<html><body><article><p>" + BODY * 130_000 + "</p></article></body></html>")
    [failure] = _read([path])
    assert isinstance(failure, ReadFailure) and "MAX_HTML_TEXT_BYTES" in failure.reason


@pytest.mark.parametrize(
    "record",
    [
        {"text": 5},
        {"text": ["a"]},
        {"text": {"a": 1}},
        {"text": None},
        {"text": True},
        {"html": 3.5},
        {"html": []},
        {"text": BODY, "title": ["x"]},
        {"text": BODY, "published": {"y": 1}},
        {"text": BODY, "doc_id": ["a"]},
        {"text": BODY, "url": False},
        [1, 2],
        "text",
        3,
        None,
        True,
    ],
)
def test_wrong_json_types(tmp_path: Path, record) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [failure] = _read([path])
    assert isinstance(failure, ReadFailure) and failure.line == 1
    _check([failure], str(path))
