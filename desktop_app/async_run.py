"""``asyncio.run`` for the headless commands, without the result passing through a repr.

On Python 3.11, ``asyncio.run`` ends by asking ``signal`` for the SIGINT handler it set,
a partial holding the main task; ``signal`` fails to make that an enum and formats the
failure with the task's repr, which includes the task's result in full. With 100,000
invoices that repr took tens of seconds and hundreds of megabytes, twice. The result is
handed over in a box instead, so the main task's own result is None.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_boxed(work: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(work)``'s result, never the main task's result."""
    box: list[T] = []

    async def main() -> None:
        box.append(await work)

    asyncio.run(main())
    return box[0]
