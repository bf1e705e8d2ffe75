"""`factionmap extract`: articles in, one schema JSON per document out (no store involved)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from factionmap.cli.common import err, fail, out, printable
from factionmap.errors import FactionmapError
from factionmap.ingest import registry as input_types
from factionmap.output import extraction_to_json


def _write_json(path: Path, payload: dict) -> None:
    """Write atomically: a crash mid-write never leaves a half file where a good one was."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)


def extract(
    paths: Annotated[
        list[str], typer.Argument(help=f"Files, folders (recursive) or - for stdin: {input_types.suffix_list()}")
    ],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for one <doc_id>.json per document")],
    kb: Annotated[
        list[Path] | None, typer.Option("--kb", help="Extra actors YAML (same format as curated.yaml)")
    ] = None,
    strict: Annotated[bool, typer.Option(help="Exit non-zero if any input fails")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary")] = False,
    show: Annotated[int, typer.Option(help="Print the N most confident claims with their evidence")] = 0,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (each one core); 1 runs in this process")] = 1,
) -> None:
    """Extract relation claims from articles into the schema's JSON, one file per document."""
    from factionmap.extract.parallel import extract_parallel
    from factionmap.extract.pipeline import Extractor
    from factionmap.kb import KnowledgeBase
    from factionmap.run import read, readable

    try:
        extractor = Extractor(kb=KnowledgeBase.load(extra=tuple(kb or ())))
    except FactionmapError as exc:
        fail(exc, 2)
    out_dir.mkdir(parents=True, exist_ok=True)
    failures: list[str] = []
    by_type: Counter[str] = Counter()
    documents = 0
    shown: list[tuple[str, object, dict[str, str]]] = []
    progress = Progress(
        TextColumn("[bold]extract"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}", markup=False),  # a doc id or file name is text, never markup
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
    with progress:
        task = progress.add_task("", total=None)

        articles = readable(read(paths, sys.stdin), failures)  # the same reading as ingest (run.py)
        for outcome in extract_parallel(articles, workers, extractor, tuple(kb or ())):
            item, result = outcome.article, outcome.extraction
            progress.update(task, description=item.doc_id)
            if result is None:
                failures.append(f"{item.source or item.doc_id}: {outcome.error}")
                continue
            _write_json(out_dir / f"{item.doc_id}.json", extraction_to_json(result))
            documents += 1
            by_type.update(c.type for c in result.claims)
            if show:
                names = {k: a.name for k, a in result.actors.items()}
                shown += [(item.doc_id, c, names) for c in result.claims]
            progress.advance(task)
    if not quiet:
        _summary(documents, by_type, failures, out_dir)
    if show:
        _show_claims(shown, show)
    if documents == 0 or (strict and failures):
        raise typer.Exit(1)


def _show_claims(shown: list, limit: int) -> None:
    """The most confident claims, one row each, with the sentence they rest on."""
    table = Table(title=f"top {min(limit, len(shown))} of {len(shown)} claims", show_lines=True)
    for col in ("head", "relation", "tail", "qualifiers", "evidence"):
        table.add_column(col, overflow="fold")
    for doc_id, c, names in sorted(shown, key=lambda x: -x[1].confidence)[:limit]:
        quals = [q for q, on in (("negated", c.negated), ("hedged", c.hedged)) if on]
        quals += [f"per {c.attributed_to}"] if c.attributed_to else []
        quals += [f"time {c.time}"] if c.time else []
        evidence = c.evidence if len(c.evidence) <= 160 else c.evidence[:157] + "…"
        table.add_row(
            names[c.head],
            c.type,
            names[c.tail],
            ", ".join(quals) or "-",
            Text.assemble(printable(evidence), "\n", (printable(doc_id), "dim")),
        )
    out.print(table)


def _summary(documents: int, by_type: Counter[str], failures: list[str], out_dir: Path) -> None:
    table = Table(title=f"{documents} documents → {sum(by_type.values())} claims in {out_dir}", show_edge=False)
    table.add_column("relation type")
    table.add_column("claims", justify="right")
    for rtype, n in by_type.most_common():
        table.add_row(rtype, str(n))
    err.print(table)
    for f in failures:
        err.print(Text.assemble(("skipped", "yellow"), " ", printable(f)), highlight=False)
    if failures and documents:
        err.print(f"{len(failures)} input(s) failed; the other {documents} were processed.")
    elif failures:
        err.print(f"{len(failures)} input(s) failed and none could be processed: fix the inputs named above.")
