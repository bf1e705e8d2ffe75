"""What a reader yields besides Articles: a failure that names the input and says why."""

from __future__ import annotations

from dataclasses import dataclass

from factionmap.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input (file, or line of a JSONL file) that could not be read; reading goes on after it."""

    source: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.reason}"


def failure_from(error: InvalidInput, source: str, line: int | None = None) -> ReadFailure:
    """A ReadFailure from an InvalidInput, without repeating the location in the reason."""
    reason = str(error)
    where = error.source or ""
    if error.line is not None:
        where += f":{error.line}"
    if where and reason.startswith(where + ": "):
        reason = reason[len(where) + 2 :]
    return ReadFailure(source, reason, line if line is not None else error.line)


MAX_REASON_CHARS = 200  # an exception's text can quote the whole input; one line says enough


def unreadable(error: BaseException) -> str:
    """One line saying what broke reading an input, whatever the exception: its type and its first line,
    bounded (a RecursionError or a parser's message can be long, or quote the input)."""
    text = " ".join(str(error).split()) or "no detail"
    if len(text) > MAX_REASON_CHARS:
        text = text[: MAX_REASON_CHARS - 1] + "…"
    return f"{type(error).__name__}: {text}"
