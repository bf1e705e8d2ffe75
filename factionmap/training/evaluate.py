"""Honest evaluation of relation extraction: ``make evaluate`` (``python -m factionmap.training.evaluate``).

For each set it prints relation P/R/F1, untyped pair F1, entity F1, qualifier accuracy, per-type scores
and a confusion table (gold type against extracted type, on pairs both sides relate):

- ``seeds`` and ``devset``: the shipped model, which was trained on them (a check that nothing broke,
  not an estimate of quality);
- ``real dev (CV)``: the real documents outside the test split, each predicted by a model trained
  without its outlet (grouped k-fold), at the shipped threshold;
- ``real test``: the frozen test split (split.py), by the shipped model, which never saw it. Only
  totals and per-type figures are printed here, never a document's errors: looking at them would turn
  the test split into a development set;
- ``mmp``: Mapping Militants relationship descriptions (``../shared/kb/raw/mmp_thelen``), each naming two
  groups and how they relate: the share in which the extractor relates the two groups at all.

``--rules`` adds the same figures for the hand-written frames alone, the baseline the model replaced.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from factionmap.extract.decide import RelationModel, shipped_model
from factionmap.model import Article
from factionmap.output import extraction_to_json
from factionmap.training import train as training
from factionmap.training.corpora import SHARED, load_set

MMP_FILE = Path("kb") / "raw" / "mmp_thelen" / "Militant-Group-Relationships-clean.csv"
NONE = "-"


def confusion(gold_docs: dict[str, dict], sys_docs: dict[str, dict], scorer) -> Counter:
    """(gold type, extracted type) over untyped pairs: NONE on one side for a missed or spurious pair."""
    table: Counter = Counter()
    for doc_id, gold in gold_docs.items():
        system = sys_docs.get(doc_id, {})
        resolve = scorer.resolver(gold, system)
        by_pair: dict[str, dict[frozenset, set[str]]] = {"gold": {}, "system": {}}
        for side, doc in (("gold", gold), ("system", system)):
            for h, t, tl, _neg in scorer.keys(doc.get("relations", []), resolve, side):
                by_pair[side].setdefault(frozenset((h, tl)), set()).add(t)
        for pair in by_pair["gold"].keys() | by_pair["system"].keys():
            g, s = by_pair["gold"].get(pair, set()), by_pair["system"].get(pair, set())
            for t in g & s:
                table[(t, t)] += 1
            g_left, s_left = sorted(g - s), sorted(s - g)
            for k in range(max(len(g_left), len(s_left))):
                table[(g_left[k] if k < len(g_left) else NONE, s_left[k] if k < len(s_left) else NONE)] += 1
    return table


def format_scores(name: str, scores: dict, table: Counter | None = None) -> str:
    lines = [f"== {name}: {scores['documents']} documents"]
    row = "{:<20} {:>5} {:>6} {:>5} {:>6} {:>6} {:>6}"
    lines.append(row.format("", "gold", "system", "tp", "P", "R", "F1"))
    for key in ("relations", "pairs_untyped", "entities"):
        m = scores[key]
        lines.append(
            row.format(
                key, m["gold"], m["system"], m["tp"], f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}"
            )
        )
    for t, m in scores["by_type"].items():
        lines.append(
            row.format(
                "  " + t,
                m["gold"],
                m["system"],
                m["tp"],
                f"{m['precision']:.3f}",
                f"{m['recall']:.3f}",
                f"{m['f1']:.3f}",
            )
        )
    q = scores["qualifier_accuracy_on_matches"]
    lines.append(
        f"qualifiers on {q['matches']} matches: hedged {q['hedged']}, time {q['time']}, "
        f"attributed_to {q['attributed_to']}"
    )
    if table:
        types = [*sorted({t for pair in table for t in pair if t != NONE}), NONE]
        short = {t: t[:6] for t in types}
        lines.append("confusion (rows gold, columns extracted; '-' = no relation):")
        lines.append(" " * 20 + " ".join(f"{short[t]:>6}" for t in types))
        for g in types:
            lines.append(f"{g:<20}" + " ".join(f"{table.get((g, s), 0) or '.':>6}" for s in types))
    return "\n".join(lines)


def _score_examples(examples, model, vocab, scorer) -> tuple[dict, Counter]:
    gold = {ex.doc.doc_id: ex.doc.gold for ex in examples}
    system = {ex.doc.doc_id: training.extraction_json(ex, model, vocab) for ex in examples}
    return scorer.score(gold, system), confusion(gold, system, scorer)


def mmp_pair_recall(extractor, shared: Path, limit: int | None = None) -> dict:
    """Share of MMP relationship descriptions in which the extractor relates their two groups at all."""
    path = shared / MMP_FILE
    if not path.exists():
        return {"texts": 0}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if (r.get("description") or "").strip()]
    rows = rows[:limit] if limit else rows
    related = 0
    scorer = training.load_scorer(shared)
    for n, r in enumerate(rows):
        names = [r["group1_name"].strip(), r["group2_name"].strip()]
        entities = []
        for name in names:
            aliases = [a for actor in extractor.kb.find_by_name(name) for a in (actor.name, *actor.aliases)]
            entities.append({"name": name, "aliases": aliases})
        out = extraction_to_json(extractor.extract(Article(f"mmp-{n}", r["description"].strip())))
        gold = {"entities": entities, "relations": [{"head": names[0], "type": "ALLY_OF", "tail": names[1]}]}
        resolve = scorer.resolver(gold, out)
        want = {scorer.norm(names[0]), scorer.norm(names[1])}
        pairs = {frozenset((resolve(x["head"], "system"), resolve(x["tail"], "system"))) for x in out["relations"]}
        related += frozenset(want) in pairs
    return {"texts": len(rows), "related": related, "share": round(related / len(rows), 4) if rows else 0.0}


def evaluate(
    shared: Path = SHARED,
    model: RelationModel | None = None,
    rules: bool = False,
    mmp_limit: int | None = None,
    test: bool = True,
    ablate_parse: bool = False,
    say=print,
) -> dict:
    model = model or shipped_model()
    threshold = round(float(model.thresholds[0]), 3) if len(model.thresholds) else training.DEFAULT_THRESHOLD
    scorer = training.load_scorer(shared)
    extractor = training.candidate_extractor()
    vocab = extractor.vocab
    results: dict[str, dict] = {}

    sets = {name: training.analyse(load_set(name, shared), extractor) for name in ("seeds", "devset", "real")}
    real_dev = [ex for ex in sets["real"] if not ex.doc.test]
    real_test = [ex for ex in sets["real"] if ex.doc.test]
    fixed = sets["seeds"] + sets["devset"]

    for name in ("seeds", "devset"):
        scores, table = _score_examples(sets[name], model, vocab, scorer)
        results[name] = scores
        say(format_scores(f"{name} (shipped model; trained on these)", scores, table))
    cv = training.cross_validate(fixed, real_dev, vocab, scorer, thresholds=(threshold,))
    results["real_dev_cv"] = cv[threshold]
    say(format_scores(f"real dev, outlet-grouped {training.FOLDS}-fold CV at threshold {threshold}", cv[threshold]))
    if ablate_parse:
        without = training.cross_validate(fixed, real_dev, vocab, scorer, exclude=training.uses_parse)
        best = training.best_threshold(without)
        results["real_dev_cv_without_parse"] = without[best]
        say(format_scores(f"real dev CV without the parse's features (best threshold {best})", without[best]))
    if test:
        scores, table = _score_examples(real_test, model, vocab, scorer)
        results["real_test"] = scores
        say(format_scores("real test (frozen split, never trained or tuned on)", scores, table))
    if rules:
        baselines = [("real dev", real_dev), ("seeds", sets["seeds"])] + ([("real test", real_test)] if test else [])
        for name, examples in baselines:
            base, _ = _score_examples(examples, None, vocab, scorer)
            results[f"rules_{name}"] = base
            say(format_scores(f"{name}: hand-written frames alone (baseline)", base))
    if mmp_limit != 0:
        from factionmap.extract.pipeline import Extractor

        results["mmp"] = mmp_pair_recall(Extractor(relation_model=model), shared, mmp_limit)
        say(
            f"== mmp: the two groups related at all in {results['mmp'].get('related', 0)} of "
            f"{results['mmp'].get('texts', 0)} descriptions ({results['mmp'].get('share', 0.0)})"
        )
    return results


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score relation extraction on every annotated set.")
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--model", type=Path, default=None, help="a folder holding relations.npz/.json (default: shipped)")
    ap.add_argument("--rules", action="store_true", help="also score the hand-written frames alone")
    ap.add_argument("--mmp-limit", type=int, default=None, help="score only the first N MMP texts (0: none)")
    ap.add_argument(
        "--skip-test",
        action="store_true",
        help="leave the frozen test split out (while developing: it is scored once, at the end)",
    )
    ap.add_argument(
        "--ablate-parse",
        action="store_true",
        help="also cross-validate a model without the dependency parse's features",
    )
    ap.add_argument("--json", type=Path, default=None, help="also write every figure to this JSON file")
    a = ap.parse_args(argv)
    if not (a.shared / "eval" / "score.py").exists():
        print(f"evaluate: {a.shared}/eval/score.py not found; put the shared data beside the checkout", file=sys.stderr)
        return 2
    model = RelationModel.load(a.model) if a.model else None
    results = evaluate(a.shared, model, a.rules, a.mmp_limit, test=not a.skip_test, ablate_parse=a.ablate_parse)
    if a.json:
        a.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
