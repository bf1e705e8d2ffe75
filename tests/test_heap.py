"""heap.settle: what survives start-up is frozen out of the collector; later garbage is still collected."""

from __future__ import annotations

import gc
import weakref

from factionmap import heap


def test_settle_freezes_what_lives_and_later_cycles_are_still_collected():
    class Node:
        pass

    kept = Node()
    try:
        heap.settle()
        assert gc.get_freeze_count() > 0
        cycle = Node()
        cycle.self = cycle  # garbage only the cyclic collector can free
        ref = weakref.ref(cycle)
        del cycle
        gc.collect()
        assert ref() is None and kept is not None
    finally:
        gc.unfreeze()  # give the test session its collector back
