"""A time bound for one request: long loops check it and stop with a clear error instead of running on.

A thread cannot be killed from outside, and a server thread still working on an answer its client gave
up on takes a core from every other request. So the server sets a deadline when a request starts
(:func:`bounded`), and the loops that can run long (reading claims, aggregating them, comparing
them) call :func:`check` every so often: past the deadline it raises :class:`LimitExceeded`, which the
API answers with 503 and a message naming the bound. Outside a request (the command line, the
benchmarks) there is no deadline and :func:`check` costs one context-variable read.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from factionmap.errors import LimitExceeded

REQUEST_SECONDS = 10.0
"""How long one request may compute. Every answer a reader asks for takes well under a second at 50,000
claims (bench/web_load.py); one that would take ten is a question to narrow, or to ask the CLI."""

_deadline: ContextVar[tuple[float, float] | None] = ContextVar("factionmap_deadline", default=None)  # (at, seconds)


@contextmanager
def bounded(seconds: float | None = REQUEST_SECONDS) -> Iterator[None]:
    """Within the block, :func:`check` raises once ``seconds`` have passed; ``None`` lifts the bound (work
    shared by every later request, such as building the map's snapshot, must be allowed to finish)."""
    token = _deadline.set(None if seconds is None else (time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def check() -> None:
    """Raise :class:`LimitExceeded` if the current request's deadline has passed."""
    bound = _deadline.get()
    if bound is not None and time.monotonic() > bound[0]:
        raise LimitExceeded(
            "the answer took too long and was stopped",
            limit=f"{bound[1]:g} s per request",
            kind="time",
            hint="ask for less (a date with as_of, relation types, one actor) or use the "
            "command line, which has no time bound",
        )
