"""Build factionmap's bundled actor data from the shared militant-group reference data.

Usage: python tools/build_kb.py [--shared ../shared/kb] [--out factionmap/kb/data]

Reads ``groups.csv`` and ``relations.csv`` (see ../shared/kb/PROVENANCE.md) and writes
``actors.jsonl`` and ``reference_relations.jsonl``. The output is sorted and written without
timestamps, so the same input always gives byte-identical files that can be committed.

The EU 2580 list (OpenSanctions transcription, CC BY-NC 4.0) is left out: its ``eu2580:*`` source
ids are dropped, a group that only it provides is dropped, and so are the aliases only it brings.
Which aliases those are is not in groups.csv, so the shared merge script is run on a temporary copy
of the folder and its per-source records (``ENT``) are read; they are used only for that question.
Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import re
import runpy
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

EXCLUDED_SOURCE_PREFIXES = ("eu2580:",)  # non-commercial licence: never in the default bundle
REPO = Path(__file__).resolve().parents[1]


def fold(name: str) -> str:
    """The merge script's comparison key (lower case, accents, quotes and punctuation folded)."""
    s = unicodedata.normalize("NFKD", re.sub(r"\s+", " ", name).strip())
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[’‘`´'ʼʻ]", "", s)
    s = re.sub(r'[-_/–—.,:;()\[\]"“”]', " ", s)
    return re.sub(r"^the ", "", re.sub(r"\s+", " ", s).strip())


def split(cell: str) -> list[str]:
    return [x for x in (cell or "").split("|") if x]


def excluded(source_id: str) -> bool:
    return source_id.startswith(EXCLUDED_SOURCE_PREFIXES)


def source_names(shared: Path) -> dict[str, set[str]]:
    """source record id → folded names and aliases that record brings (from the merge script)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "kb"
        shutil.copytree(shared, copy)
        argv = sys.argv
        sys.argv = ["build_staging.py", str(copy)]
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                env = runpy.run_path(str(copy / "build_staging.py"), run_name="build_staging")
        finally:
            sys.argv = argv
    expand = env["expand_acr"]
    out: dict[str, set[str]] = {}
    for sid, rec in env["ENT"].items():
        names = [x for n in [rec["name"], *rec["aliases"]] for x in expand(n)]
        out[sid] = {fold(n) for n in names} | {n for n in names}
    return out


def kept_aliases(
    aliases: list[str], kept_sources: list[str], dropped_sources: list[str], names: dict[str, set[str]]
) -> list[str]:
    """Aliases minus those that only a dropped source brings."""
    if not dropped_sources:
        return aliases
    from_dropped = set().union(*(names.get(s, set()) for s in dropped_sources))
    from_kept = set().union(*(names.get(s, set()) for s in kept_sources)) if kept_sources else set()
    keep = []
    for alias in aliases:
        keys = {alias, fold(alias)}
        if keys & from_dropped and not keys & from_kept:
            continue
        keep.append(alias)
    return keep


def build_actors(shared: Path, names: dict[str, set[str]]) -> tuple[list[dict], set[str]]:
    actors, dropped_ids = [], set()
    with open(shared / "groups.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            sources = split(row["sources"])
            kept = [s for s in sources if not excluded(s)]
            if not kept:
                dropped_ids.add(row["id"])
                continue
            dropped = [s for s in sources if excluded(s)]
            actors.append(
                {
                    "id": row["id"],
                    "name": row["canonical_name"],
                    "type": row["type"],
                    "aliases": kept_aliases(split(row["aliases"]), kept, dropped, names),
                    "editorial_aliases": split(row["editorial_aliases"]),
                    "country": split(row["country_region"]),
                    "active_from": row["active_from"] or None,
                    "active_to": row["active_to"] or None,
                    "sources": kept,
                }
            )
    actors.sort(key=lambda a: a["id"])
    return actors, dropped_ids


def build_relations(shared: Path, dropped_ids: set[str]) -> list[dict]:
    rows = []
    with open(shared / "relations.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["head_id"] in dropped_ids or row["tail_id"] in dropped_ids or excluded(row["source"]):
                continue
            rows.append(
                {
                    "head": row["head_id"],
                    "type": row["type"],
                    "tail": row["tail_id"],
                    "start": row["start"] or None,
                    "end": row["end"] or None,
                    "source": row["source"],
                    "note": row["note"],
                }
            )
    rows.sort(key=lambda r: (r["head"], r["type"], r["tail"], r["start"] or "", r["source"]))
    return rows


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "kb")
    parser.add_argument("--out", type=Path, default=REPO / "factionmap" / "kb" / "data")
    args = parser.parse_args(argv)
    names = source_names(args.shared)
    actors, dropped_ids = build_actors(args.shared, names)
    relations = build_relations(args.shared, dropped_ids)
    args.out.mkdir(parents=True, exist_ok=True)
    write_jsonl(args.out / "actors.jsonl", actors)
    write_jsonl(args.out / "reference_relations.jsonl", relations)
    sys.stderr.write(
        f"{len(actors)} actors ({len(dropped_ids)} dropped: EU 2580 only), "
        f"{len(relations)} reference relations → {args.out}\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
