"""Benchmark: extraction speed and memory on the seed corpus replicated to N documents (one core).

Run on demand (``make bench`` or ``python bench/extract_speed.py --docs 500``), never in the tests.
Reports model load time, documents/s, tokens/s (whitespace tokens), the share of sentences and tokens
parsed, the parser's own speed on those sentences (and so the documents/s no pipeline can beat while it
parses that much), and peak resident memory. Copies are varied (sentences rotated) so no cache can serve a repeat.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from factionmap.model import Article


def corpus(shared: Path, n: int) -> list[Article]:
    from factionmap.ingest import iter_articles

    seeds = [a for a in iter_articles([shared / "corpus" / "seeds"]) if isinstance(a, Article)]
    docs = []
    for i in range(n):
        seed = seeds[i % len(seeds)]
        paras = seed.text.split("\n")
        k = (i // len(seeds)) % max(1, len(paras))
        text = "\n".join(paras[k:] + paras[:k])
        docs.append(Article(f"{seed.doc_id}-{i}", text, published=seed.published))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--docs", type=int, default=500)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--workers", type=int, default=1, help="also time N worker processes (extract --workers N)")
    args = ap.parse_args()

    from factionmap.extract.pipeline import Extractor, load_nlp

    t0 = time.perf_counter()
    load_nlp()
    model_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    extractor = Extractor()
    kb_load = time.perf_counter() - t0
    docs = corpus(args.shared, args.docs)
    tokens = sum(len(d.text.split()) for d in docs)
    extractor.extract(docs[0])  # warm caches outside the timed loop
    sentences = parsed = claims = 0
    sentence_tokens = parsed_tokens = 0
    parsed_texts: list[str] = []
    t0 = time.perf_counter()
    for d in docs:
        result = extractor.extract(d)
        claims += len(result.claims)
    elapsed = time.perf_counter() - t0
    parallel_elapsed = None
    if args.workers > 1:
        from factionmap.extract.parallel import extract_parallel

        t0 = time.perf_counter()
        for _ in extract_parallel(docs, args.workers, extractor):
            pass
        parallel_elapsed = time.perf_counter() - t0
    from factionmap.extract.mentions import DocActors
    from factionmap.extract.pipeline import DocState, stage_cheap_mentions, stage_select, stage_sentences

    for d in docs[: len(docs) // 10 or 1]:
        st = DocState(d, DocActors(extractor.kb))
        for stage in (stage_sentences, stage_cheap_mentions, stage_select):
            stage(extractor, st)
        sentences += len(st.sentences)
        parsed += len(st.selected)
        sentence_tokens += sum(len(s.text.split()) for s in st.sentences)
        parsed_tokens += sum(len(st.sentences[i].text.split()) for i in st.selected)
        parsed_texts += [st.sentences[i].text for i in st.selected]
    # The ceiling: the parser alone (tagger, parser, lemmatizer; no NER) over the sentences chosen for it.
    t0 = time.perf_counter()
    for _ in load_nlp().pipe(parsed_texts, batch_size=64, disable=["ner"]):
        pass
    parser_seconds = time.perf_counter() - t0
    parser_share_per_doc = parser_seconds / max(1, len(docs[: len(docs) // 10 or 1]))
    report = {
        "documents": len(docs),
        "tokens": tokens,
        "claims": claims,
        "model_load_s": round(model_load, 2),
        "kb_load_s": round(kb_load, 2),
        "seconds": round(elapsed, 2),
        "documents_per_s": round(len(docs) / elapsed, 2),
        "tokens_per_s": round(tokens / elapsed),
        "share_of_sentences_parsed": round(parsed / max(1, sentences), 3),
        "share_of_tokens_parsed": round(parsed_tokens / max(1, sentence_tokens), 3),
        "parser_alone_tokens_per_s": round(sum(len(t.split()) for t in parsed_texts) / parser_seconds),
        "parse_bound_documents_per_s": round(1 / parser_share_per_doc, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    if parallel_elapsed is not None:
        report[f"documents_per_s_with_{args.workers}_workers"] = round(len(docs) / parallel_elapsed, 2)
    print(json.dumps(report, indent=2) if args.json else "\n".join(f"{k:>26}: {v}" for k, v in report.items()))


if __name__ == "__main__":
    main()
