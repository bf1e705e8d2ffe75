"""The garbage collector in a long-lived process (``factionmap serve``): start-up objects set aside.

Answering `relation A B` for a busy pair builds tens of thousands of objects (claims, sources,
relationships) that live until the answer is sent. The cyclic collector promotes them, and every few
answers its full collection walks everything the process holds: the knowledge base, the vocabulary,
the routes and SQLAlchemy's metadata, some 120,000 objects made at start-up that live as long as the
process. Those passes land inside answers: at a million claims the p99 of `relation A B` was 143 ms
on SQLite and 166 ms on PostgreSQL with them, 89 and 121 ms without (bench/relation_latency.py, with
and without ``--no-settle``).

:func:`settle` moves everything alive at that moment out of the collector's sight (``gc.freeze``, the
CPython documentation's advice for servers after start-up); garbage made later, by answers, is
collected as before. It is for the server and the benchmarks that measure it, never for library code.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect once, then freeze what survives: call after start-up, before serving."""
    gc.collect()
    gc.freeze()
