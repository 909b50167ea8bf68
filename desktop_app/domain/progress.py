"""Progress reporting and cooperative cancellation for long work, free of any UI toolkit.

The engine calls ``progress(done, total, message)`` and checks ``cancel`` between units of
work; the GUI adapts these to signals, the CLI to a progress bar on stderr.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

ProgressCallback = Callable[[int, int | None, str], None]


def no_progress(done: int, total: int | None, message: str) -> None:
    """The default progress sink: report nothing."""


class OperationCancelledError(Exception):
    """Raised by ``CancelToken.raise_if_cancelled`` when the user asked to stop."""


class CancelToken:
    """A thread-safe flag the caller sets and the worker polls."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise OperationCancelledError("cancelled by the user")
