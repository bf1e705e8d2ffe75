"""The annotated corpora the relation model learns from and is measured on.

| set | where | role |
| --- | --- | --- |
| ``seeds`` | ``../shared/corpus/seeds``, ``../shared/gold/seeds`` | the five articles v0.1 was built from |
| ``devset`` | ``devset/`` | eight synthetic articles written by the developers |
| ``real`` | ``../shared/corpus/real`` + ``realset/`` | real article excerpts, with outlet and URL |

Real documents are split by outlet (split.py): the test split is scored once, never trained or tuned on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factionmap.model import Article
from factionmap.training.split import is_test_outlet, outlet_group

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
TEXT_SUFFIX = ".txt"


@dataclass(frozen=True, slots=True)
class AnnotatedDoc:
    """One article with its gold annotation and where it belongs."""

    set_name: str
    article: Article
    gold: dict[str, Any]
    group: str  # the outlet, for grouped cross-validation
    test: bool  # in the frozen test split

    @property
    def doc_id(self) -> str:
        return self.article.doc_id


def _read_article(path: Path) -> Article:
    from factionmap.ingest import ReadFailure, iter_articles

    for result in iter_articles([path]):
        if isinstance(result, ReadFailure):
            raise ValueError(f"{path}: {result.reason}")
        return result
    raise ValueError(f"{path}: no article read")


def _pairs(corpus: Path, gold: Path) -> list[tuple[Path, Path]]:
    if not corpus.is_dir() or not gold.is_dir():
        return []
    out = []
    for text in sorted(corpus.glob(f"*{TEXT_SUFFIX}")):
        annotation = gold / f"{text.stem}.json"
        if annotation.exists():
            out.append((text, annotation))
    return out


def _load(set_name: str, corpus: Path, gold: Path, *, real: bool) -> list[AnnotatedDoc]:
    docs = []
    for text, annotation in _pairs(corpus, gold):
        article = _read_article(text)
        annotated = json.loads(annotation.read_text(encoding="utf-8"))
        if real:
            meta_path = text.with_suffix(".meta.json")
            meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
            outlet = meta.get("outlet") or annotated.get("publisher")
            docs.append(AnnotatedDoc(set_name, article, annotated, outlet_group(outlet), is_test_outlet(outlet)))
        else:
            docs.append(AnnotatedDoc(set_name, article, annotated, f"{set_name}:{article.doc_id}", False))
    return docs


def load_set(name: str, shared: Path = SHARED) -> list[AnnotatedDoc]:
    """The documents of one set (empty when its folders are absent, e.g. without ../shared)."""
    if name == "seeds":
        return _load(name, shared / "corpus" / "seeds", shared / "gold" / "seeds", real=False)
    if name == "devset":
        return _load(name, ROOT / "devset" / "corpus", ROOT / "devset" / "gold", real=False)
    if name == "real":
        return _load(name, shared / "corpus" / "real", shared / "gold" / "real", real=True) + _load(
            name, ROOT / "realset" / "corpus", ROOT / "realset" / "gold", real=True
        )
    raise ValueError(f"unknown annotated set {name!r}: one of seeds, devset, real")


def training_documents(shared: Path = SHARED) -> list[AnnotatedDoc]:
    """Everything the shipped model may learn from: seeds, devset and the real documents outside the test split."""
    return load_set("seeds", shared) + load_set("devset", shared) + [d for d in load_set("real", shared) if not d.test]
