"""One exception hierarchy, converted to a message or an exit code only at the edges (CLI, API)."""

from __future__ import annotations


class FactionmapError(Exception):
    """Base of every error factionmap raises on purpose."""


class InvalidInput(FactionmapError):
    """Input that cannot be used: a file, a line of it or a field. The message says where and what to do."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.source, self.line, self.field, self.hint = source, line, field, hint
        where = source or ""
        if line is not None:
            where += f":{line}"
        if field:
            where += f" (field {field!r})"
        text = f"{where}: {message}" if where else message
        if hint:
            text += f" — {hint}"
        super().__init__(text)


class VocabError(FactionmapError):
    """The vocabulary (relation types, cues) is inconsistent: a packaging or editing mistake."""


class KnowledgeBaseError(FactionmapError):
    """A knowledge-base file (bundled or user-supplied with --kb) is malformed."""


class ModelUnavailable(FactionmapError):
    """The spaCy pipeline is not installed."""


class NotFound(FactionmapError):
    """A named thing (actor, document) does not exist."""


class StoreError(FactionmapError):
    """The store could not be read or written."""


class LimitExceeded(FactionmapError):
    """A request that would go past one of the server's bounds (rows it may read or send, time it may
    take): cut with a message naming the bound and how to ask for less, never left running."""

    def __init__(self, message: str, *, limit: str, kind: str = "rows", hint: str | None = None) -> None:
        self.limit, self.kind, self.hint = limit, kind, hint  # kind: "rows" or "time"
        super().__init__(f"{message} ({limit})")
