"""Pause the cyclic garbage collector around one bulk pass: an import, a matching run, a
model refresh over 300,000 rows.

Such passes allocate millions of small objects and no reference cycles; the collector would
otherwise traverse the whole heap again after every burst (measured: the csv read of the
import benchmark takes three times as long, a 30k-invoice matching run twice as long).
Reference counting still frees everything. The import and matching run on worker threads
while the window refreshes its models, so pauses are counted across threads: the collector
comes back only when the last pause ends, and only if it was enabled before the first.

When a large pass ends (``_MOVE_FROM`` young objects or more: an import, a matching run),
what it built is moved straight to the oldest generation without being traversed. Left
young, the first allocation after the pause paid one traversal of it all (0.28 s after a
100k-invoice run), the next middle-generation pass another, and either could land on the
GUI thread. ``gc.freeze`` then ``gc.unfreeze`` is that move (two list splices on CPython
3.11-3.13): nothing stays frozen, and a full collection still frees any cycle among the
moved objects. Small passes do not make the move, because it has a cost of its own: it
resets the generation counts, and the moved objects never count towards the next full
collection, so cyclic garbage moved with them waits for a full collection that ordinary
allocation brings only later. A model refresh at every keystroke making the move would
carry the window's cyclic garbage past the young collections each time, and none of it
would be freed. The move is skipped, too, when something else keeps objects frozen,
whose freeze ``unfreeze`` would undo.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_MOVE_FROM = 100_000  # young tracked objects from which a pass's are moved, not traversed
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
    if gc.get_count()[0] >= _MOVE_FROM and gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
