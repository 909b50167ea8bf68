"""A step no cancel may interrupt: it runs to its end and its result is returned."""

from __future__ import annotations

import asyncio
import threading

import pytest

from desktop_app.async_run import finish_even_if_cancelled, run_boxed


def test_a_cancel_during_the_step_waits_for_it_and_returns_its_result() -> None:
    release = threading.Event()
    began = threading.Event()
    finished: list[str] = []

    def store() -> str:  # a transaction on a worker thread
        began.set()
        assert release.wait(10)
        finished.append("stored")
        return "stored"

    async def fetch() -> str:
        return await finish_even_if_cancelled(asyncio.to_thread(store))

    async def main() -> tuple[str, int]:
        task = asyncio.create_task(fetch())
        await asyncio.to_thread(began.wait, 10)
        task.cancel()
        await asyncio.sleep(0.01)
        task.cancel()  # twice: shutting down cancels again
        await asyncio.sleep(0.01)
        assert not task.done()  # still waiting for the step, not abandoned
        release.set()
        return await task, task.cancelling()

    result, cancelling = asyncio.run(main())
    assert result == "stored"
    assert finished == ["stored"]
    assert cancelling == 0  # each absorbed cancel was taken back


def test_a_failing_step_still_fails() -> None:
    def store() -> None:
        raise OSError("disk full")

    async def main() -> None:
        await finish_even_if_cancelled(asyncio.to_thread(store))

    with pytest.raises(OSError, match="disk full"):
        asyncio.run(main())


def test_a_cancel_before_the_step_begins_is_an_ordinary_cancel() -> None:
    started: list[str] = []

    async def fetch() -> None:
        await asyncio.sleep(3600)  # the network part: cancellable
        await finish_even_if_cancelled(asyncio.to_thread(started.append, "stored"))

    async def main() -> bool:
        task = asyncio.create_task(fetch())
        await asyncio.sleep(0)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return task.cancelled()

    assert asyncio.run(main())
    assert started == []


def test_on_cancel_lets_the_step_wind_up_early_with_what_it_has() -> None:
    """A fetch told to stop returns the providers that had finished: the cancel reaches it
    through ``on_cancel`` and its early result is the task's result."""
    stop = asyncio.Event()

    async def fetch() -> str:
        try:
            await asyncio.wait_for(stop.wait(), 10)
        except TimeoutError:
            return "everything"
        return "what had finished"

    async def main() -> tuple[str, int]:
        task = asyncio.create_task(finish_even_if_cancelled(fetch(), on_cancel=stop.set))
        await asyncio.sleep(0.01)
        task.cancel()
        return await task, task.cancelling()

    assert asyncio.run(main()) == ("what had finished", 0)


class Counted:
    """A result that counts how often it is turned into its repr."""

    def __init__(self) -> None:
        self.reprs = 0

    def __repr__(self) -> str:
        self.reprs += 1
        return "Counted()"


async def _produce(result: Counted) -> Counted:
    await asyncio.sleep(0)
    return result


def test_the_result_comes_back_and_is_never_repr_formatted() -> None:
    """The fetched invoices leave ``asyncio.run`` unformatted. On this Python a plain
    ``asyncio.run`` formats its main task's result (why ``run_boxed`` exists); the helper
    must not, whichever Python runs it."""
    result = Counted()
    assert run_boxed(_produce(result)) is result
    assert result.reprs == 0
    plain = Counted()
    assert asyncio.run(_produce(plain)) is plain


def test_an_error_inside_run_boxed_comes_out_as_it_is() -> None:
    async def fail() -> Counted:
        raise LookupError("provider gone")

    with pytest.raises(LookupError, match="provider gone"):
        run_boxed(fail())
