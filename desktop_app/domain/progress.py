"""Progress reporting and cooperative cancellation for long work, free of any UI toolkit.

The engine calls ``progress(done, total, message)`` and checks ``cancel`` between units of
work; the GUI adapts these to signals, the CLI to a progress bar on stderr.

A provider kept waiting is said apart (``WaitingCallback``): a count says how far a fetch
has come, not that one provider has gone minutes without answering, and a notice passed
as a progress message would be replaced by the next provider's count while it still
waits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

ProgressCallback = Callable[[int, int | None, str], None]


def no_progress(done: int, total: int | None, message: str) -> None:
    """The default progress sink: report nothing."""


#: ``waiting(provider, notice)``: ``provider`` is still being waited for, said in words
#: ("still waiting for Versori: … (attempt 2 of 5) …"), or, with None, no longer is (it
#: answered, or its fetch ended): a notice stands until then.
WaitingCallback = Callable[[str, str | None], None]


def no_waiting(provider: str, notice: str | None) -> None:
    """The default sink for "still waiting" notices: say nothing (the log says them)."""


class OperationCancelledError(Exception):
    """Raised by ``CancelToken.raise_if_cancelled`` when the user asked to stop."""


class CancelToken:
    """A thread-safe flag the caller sets and the worker polls.

    Work whose last step cannot be taken back half-way (committing a large save) marks it
    with ``begin_final_step``: a Cancel that came before still stops it, and from then on
    the caller can see (``in_final_step``) that a Cancel would change nothing, and say so
    rather than offer one.
    """

    __slots__ = ("_event", "_final")

    def __init__(self) -> None:
        self._event = threading.Event()
        self._final = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise OperationCancelledError("cancelled by the user")

    @property
    def in_final_step(self) -> bool:
        """Whether the work has begun a step Cancel can no longer stop."""
        return self._final.is_set()

    def begin_final_step(self) -> None:
        """Stop here if cancelled; otherwise the rest runs to its end whatever is asked."""
        self.raise_if_cancelled()
        self._final.set()
