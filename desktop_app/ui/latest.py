"""Latest request wins: the one rule behind every "asked again, the answer before is stale".

The window asks for work whose answer may be overtaken before it comes: a re-match after
another decision, the wizard's summary after another correction, a second question about
the same statement. Each place once kept its own note of what was asked last and its own
way of dropping the rest (the task runner's keys, the wizard's reading request, the
wizard's own record of what it asked), and the three could drift apart. ``Latest`` is
that rule once: asking again drops what was asked before, and an answer counts only for
the request asked last. No Qt: it is plain bookkeeping, tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Latest(Generic[T]):
    """The request of a series still wanted, if any.

    ``drop`` is what dropping a request does (a task cancelled); it is called on the
    request being replaced or cancelled, never on one ``finish`` let go; a user that does
    not call ``finish`` gets it for a finished request too, and its ``drop`` must then do
    nothing (the runner's retires only running tasks). Requests are told
    apart by identity, not equality: a correction undone and made again asks anew, and
    the answer to the first asking is not the second's.
    """

    def __init__(self, drop: Callable[[T], object] | None = None) -> None:
        self._drop = drop
        self._current: T | None = None

    @property
    def current(self) -> T | None:
        """The request asked last and not yet finished or cancelled."""
        return self._current

    def start(self, make: Callable[[], T]) -> T:
        """Drop the current request, then make the next and hold it. Dropped before the
        next is made, so the two never run side by side (a worker is freed before the
        next reading is started on it)."""
        self.cancel()
        request = make()
        self._current = request
        return request

    def cancel(self) -> None:
        """Drop the current request, with none after it: its answer is stale."""
        current, self._current = self._current, None
        if current is not None and self._drop is not None:
            self._drop(current)

    def is_current(self, request: T) -> bool:
        """Whether an answer to ``request`` is still wanted."""
        return self._current is not None and self._current is request

    def finish(self, request: T) -> bool:
        """Let ``request`` go once its answer is in, when it is the latest: True, and the
        answer is to be used. False for one replaced or cancelled: its answer is stale,
        and the latest (if any) is still awaited."""
        if not self.is_current(request):
            return False
        self._current = None
        return True
