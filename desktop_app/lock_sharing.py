"""Let a waiting thread have the interpreter lock while a worker writes a file piece by piece.

CPython gives its lock to a thread that has waited for it 5 ms (the switch interval) by
asking the holder to let go, but only when no other thread took the lock meanwhile. A
worker writing a file in small pieces (the report's sheets, 8 KB a write) lets the lock
go around each write and takes it straight back; each such take counts as a switch, so
the waiting thread never asks, and waits until the writes stop (the convoy effect,
bpo-7946). The window's GUI thread, waiting so while a report of 20,000 rows was
written, stopped for up to a second at a time, twenty or thirty times an export,
whatever ran on it (``benchmarks/bench_export_window.py``).

Such a worker calls a ``LockSharing`` often (the report's ``Ticker``, at each row): every
``interval`` it sleeps for no time, which lets a waiting thread take the lock before it
goes on, so none waits much longer than that. It costs the worker nothing measurable.
"""

from __future__ import annotations

import time

INTERVAL_S = 0.01  # the longest a waiting thread waits on such a worker, about


class LockSharing:
    """Call it often from a worker that writes: every ``interval`` seconds it lets the
    threads waiting for the interpreter lock have it (``time.sleep(0)``)."""

    __slots__ = ("_interval", "_next", "shared")

    def __init__(self, interval: float = INTERVAL_S) -> None:
        self._interval = interval
        self._next = time.monotonic() + interval
        self.shared = 0  # how many times it let go: for the tests

    def __call__(self) -> None:
        now = time.monotonic()
        if now >= self._next:
            time.sleep(0)
            self.shared += 1
            self._next = time.monotonic() + self._interval
