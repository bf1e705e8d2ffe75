"""Ingest through the web: uploaded files or pasted text → the same ``run.ingest`` the CLI uses.

Extraction is CPU-bound (~0.15 s a document) and the store has one writer, so the routes run it in a
worker thread (``run_in_threadpool``) while the event loop keeps serving reads, and one ingest at a time
(a lock): a second upload waits for the first. The extractor (knowledge base + spaCy, seconds to load)
is built on the first ingest and kept for the app's life.

Uploaded files are written to a private temporary folder, each in its own sub-folder so that its name
(which becomes the doc_id) is kept and two uploads of the same name cannot collide; the folder is
removed when the run ends. Failures are reported by the uploaded name, not the temporary path.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import threading
from pathlib import Path

from sqlalchemy import Engine

from factionmap.api.schemas import IngestOutcome, IngestResult, PastedArticle
from factionmap.model import content_id
from factionmap.store import lookups

SAFE_NAME = re.compile(r"[^\w.\- ]+")
MAX_NAME_CHARS = 120  # a file name longer than this is cut (the doc_id is the name without extension)


def safe_name(filename: str | None, index: int) -> str:
    """The uploaded file's own name, without folders or characters a file system may refuse."""
    name = SAFE_NAME.sub("_", Path((filename or "").replace("\\", "/")).name).strip(" .")
    if not name:
        return f"upload-{index}.txt"
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        return name[:MAX_NAME_CHARS]
    return f"{stem[:MAX_NAME_CHARS]}.{suffix[:16]}"


class Ingestor:
    """One per app: the lock that keeps ingests one at a time, and the extractor, built once, lazily."""

    def __init__(self, engine: Engine, kb) -> None:
        self.engine = engine
        self.kb = kb
        self._lock = threading.Lock()
        self._extractor = None

    def _get_extractor(self):
        if self._extractor is None:
            from factionmap.extract.pipeline import Extractor

            self._extractor = Extractor(kb=self.kb)
        return self._extractor

    def ingest_files(self, files: list[tuple[str | None, bytes]]) -> IngestResult:
        """Blocking: call from a worker thread. ``files`` are (uploaded name, content)."""
        with tempfile.TemporaryDirectory(prefix="factionmap-upload-") as folder:
            paths, shown = [], {}
            for i, (filename, data) in enumerate(files):
                name = safe_name(filename, i)
                path = Path(folder, str(i), name)
                path.parent.mkdir()
                path.write_bytes(data)
                paths.append(path)
                shown[str(path)] = name
            return self._run(paths, shown=shown)

    def ingest_text(self, article: PastedArticle) -> IngestResult:
        """Blocking: call from a worker thread. The text is read as a JSONL record on a private stdin, so it
        goes through the same reader (boilerplate, dates, title) as a file would."""
        record = article.model_dump(exclude_none=True)
        record["doc_id"] = f"pasted-{content_id(article.text, size=12)}"
        return self._run(["-"], stdin=io.StringIO(json.dumps(record, ensure_ascii=False) + "\n"))

    def _run(self, paths: list, *, stdin=None, shown: dict[str, str] | None = None) -> IngestResult:
        from factionmap.run import ingest

        outcomes: list[IngestOutcome] = []

        def progress(doc_id: str, outcome: str) -> None:
            outcomes.append(IngestOutcome(doc_id=_shown(doc_id, shown), outcome=outcome))

        with self._lock:
            summary = ingest(paths, self.engine, self._get_extractor(), progress=progress, stdin=stdin)
        return IngestResult(
            new=summary.new,
            replaced=summary.replaced,
            copies=summary.copies,
            unchanged=summary.unchanged,
            claims=summary.claims,
            failures=[_shown(f, shown) for f in summary.failures],
            document_ids=lookups.run_document_ids(self.engine, summary.run_id),
            outcomes=outcomes,
        )


def _shown(text: str, shown: dict[str, str] | None) -> str:
    """Temporary paths in a message replaced by the names the user uploaded."""
    for path, name in (shown or {}).items():
        text = text.replace(path, name)
    return text
