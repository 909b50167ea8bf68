"""Pause the cyclic garbage collector around one bulk pass: an import, a matching run, a
model refresh over 300,000 rows.

Such passes allocate millions of small objects and no reference cycles; the collector would
otherwise traverse the whole heap again after every burst (measured: the csv read of the
import benchmark takes three times as long, a 30k-invoice matching run twice as long).
Reference counting still frees everything. The import and matching run on worker threads
while the window refreshes its models, so pauses are counted across threads: the collector
comes back only when the last pause ends, and only if it was enabled before the first.

When it comes back, what the pass built (a matching run's result is over a million tracked
objects) is moved straight to the oldest generation, as the collector's own young passes
would move it, without their traversal of everything the pass allocated: left young, the
first allocation after the pause paid one traversal (0.28 s after a 100k-invoice run), a
second came with the next middle-generation pass, and either could land on the GUI thread.
``gc.freeze`` followed at once by ``gc.unfreeze`` is that move, documented: nothing stays
frozen, and the next full collection sees everything, cycles included. It is skipped when
something else keeps objects frozen, whose freeze ``unfreeze`` would undo.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                _age_without_traversal()
                gc.enable()


def _age_without_traversal() -> None:
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
