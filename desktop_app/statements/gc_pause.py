"""Pause the cyclic garbage collector while a statement is read.

Reading 200,000 rows allocates millions of small objects and no reference cycles; the
collector would otherwise scan them over and over (measured: the csv read of the
benchmark file takes three times as long with it running). Nested and concurrent pauses
are counted, and the collector is re-enabled only if it was enabled before.
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
                gc.enable()
