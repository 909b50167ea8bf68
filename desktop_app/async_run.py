"""``asyncio.run`` for the headless commands, without the result passing through a repr;
and a step no cancel may interrupt.

On Python 3.11, ``asyncio.run`` ends by asking ``signal`` for the SIGINT handler it set,
a partial holding the main task; ``signal`` fails to make that an enum and formats the
failure with the task's repr, which includes the task's result in full. With 100,000
invoices that repr took tens of seconds and hundreds of megabytes, twice. The result is
handed over in a box instead, so the main task's own result is None.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_boxed(work: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(work)``'s result, never the main task's result."""
    box: list[T] = []

    async def main() -> None:
        box.append(await work)

    asyncio.run(main())
    return box[0]


async def finish_even_if_cancelled(
    work: Awaitable[T], on_cancel: Callable[[], None] | None = None
) -> T:
    """Await ``work`` to its end even if the awaiting task is cancelled meanwhile.

    For a step that cannot be taken back once begun, such as a workspace transaction on a
    worker thread: cancelling the task must neither abandon the step half-way nor hide that
    it was done. A cancel that arrives during the step is absorbed (``Task.uncancel``), and
    the task goes on to return its result, which the window's task runner hands to the
    caller's ``done_anyway``. Exceptions of the step itself propagate as usual.

    ``on_cancel`` is called for each cancel absorbed: for a step that can wind up early
    with what it has done so far (a fetch told to stop returns the providers that had
    finished), rather than run to its natural end.
    """
    step = asyncio.ensure_future(work)
    while True:
        try:
            return await asyncio.shield(step)
        except asyncio.CancelledError:
            if step.cancelled():
                raise
            task = asyncio.current_task()
            if task is not None:
                task.uncancel()
            if on_cancel is not None:
                on_cancel()
