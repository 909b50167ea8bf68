"""Something the window shows that takes long to work out, worked out off the GUI thread.

The Overview's figures walk every invoice, line and match: after a decision, a fetch or a
run, at 20,000 invoices and 200,000 lines, working them out again held the window for a
second or more each time the Overview was shown. ``WorkedOut`` keeps the value as it
stands, knows when what it is made of changed (``stale``), and when asked for then
(``get``) hands the work to a worker (``Compute``: the window's ``TaskRunner.work_out``)
and says when the value is in (``ready``). A value made ready elsewhere (by the run's
worker, as a run lands) is taken as it is (``put``).

No Qt here: without a window (tests, scripts) the work is done at once, where it is asked
for (``compute_here``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")
_V = TypeVar("_V")


class Compute(Protocol):
    """Runs ``work`` (named ``name`` where it fails) and hands its result to ``done``:
    None where it failed (said elsewhere, as a task's failure is)."""

    def __call__(
        self, name: str, work: Callable[[], _V], done: Callable[[_V | None], None]
    ) -> object: ...


def compute_here(name: str, work: Callable[[], _V], done: Callable[[_V | None], None]) -> None:
    """``Compute`` at once, on the caller's thread; a failure is raised to the caller."""
    done(work())


class WorkedOut(Generic[T]):
    """A value worked out by ``compute`` when asked for after it went stale, each change
    numbered (``_version``) so that a value worked out from what has changed since is
    never kept: it is worked out again when next asked for.

    ``ready`` is called when a value worked out by a worker is in (or came in stale: the
    one who asked asks again, and is then given the value or None, the work under way),
    never from inside ``get`` (a value worked out at once is ``get``'s result)."""

    def __init__(self, name: str, compute: Compute, ready: Callable[[], None]) -> None:
        self._name = name
        self._compute = compute
        self._ready = ready
        self._value: T | None = None
        self._version = 0
        self._working = False  # a value is being worked out
        self._asking = False  # inside ``get``, which returns what comes in at once

    def stale(self) -> None:
        """What the value is made of changed: worked out again when next asked for."""
        self._value = None
        self._version += 1

    def put(self, value: T) -> None:
        """The value as it stands, made ready elsewhere; one worked out before is not kept."""
        self._value = value
        self._version += 1

    def get(self, work: Callable[[], Callable[[], T]]) -> T | None:
        """The value; or None while it is worked out, then ``ready`` says it is in.
        ``work`` is called here, on the caller's thread, to read what the value is made of
        as it stands, and returns the work to do off it."""
        if self._value is not None or self._working:
            return self._value
        version = self._version
        job = work()
        self._working = self._asking = True
        try:
            self._compute(self._name, job, lambda value: self._landed(version, value))
        except BaseException:
            self._working = False
            raise
        finally:
            self._asking = False
        return self._value

    def _landed(self, version: int, value: T | None) -> None:
        """A value worked out from version ``version`` came in (None: the work failed,
        which its runner says; it is tried again when next asked for)."""
        self._working = False
        if value is None:
            return
        if version == self._version:
            self._value = value
        if not self._asking:
            self._ready()
