"""A value worked out off the GUI thread when asked for after a change: one worked out from
what changed since is never kept, nor one worked out before a value made ready elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop_app.ui.worked_out import WorkedOut, compute_here


class Deferred:
    """A ``Compute`` that keeps the work for the test to finish when it chooses."""

    def __init__(self) -> None:
        self.jobs: list[tuple[str, Callable[[], Any], Callable[[Any], None]]] = []

    def __call__(self, name: str, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.jobs.append((name, work, done))

    def finish(self, job: int = -1, failed: bool = False) -> None:
        _, work, done = self.jobs[job]
        done(None if failed else work())


def _counting() -> tuple[list[int], Callable[[], Callable[[], int]]]:
    """Work reading a counter as it is asked (``work``), returning what it read."""
    source = [0]

    def work() -> Callable[[], int]:
        read = source[0]
        return lambda: read

    return source, work


def test_done_at_once_where_there_is_no_worker() -> None:
    ready: list[None] = []
    value: WorkedOut[int] = WorkedOut("figures", compute_here, lambda: ready.append(None))
    source, work = _counting()
    source[0] = 4
    assert value.get(work) == 4
    assert value.get(work) == 4
    assert ready == []  # given by ``get`` itself


def test_a_value_worked_out_from_what_changed_since_is_not_kept() -> None:
    compute = Deferred()
    ready: list[None] = []
    value: WorkedOut[int] = WorkedOut("figures", compute, lambda: ready.append(None))
    source, work = _counting()
    source[0] = 1
    assert value.get(work) is None
    assert value.get(work) is None  # under way: not started again
    assert len(compute.jobs) == 1
    source[0] = 2
    value.stale()
    compute.finish()
    assert ready == [None]  # the one who asked asks again
    assert value.get(work) is None
    assert len(compute.jobs) == 2
    compute.finish()
    assert ready == [None, None]
    assert value.get(work) == 2


def test_a_value_made_ready_elsewhere_is_kept_over_one_worked_out_before() -> None:
    compute = Deferred()
    value: WorkedOut[int] = WorkedOut("figures", compute, lambda: None)
    _, work = _counting()
    assert value.get(work) is None
    value.put(9)
    compute.finish()
    assert value.get(work) == 9
    assert len(compute.jobs) == 1


def test_a_failure_is_tried_again_when_next_asked_for() -> None:
    compute = Deferred()
    ready: list[None] = []
    value: WorkedOut[int] = WorkedOut("figures", compute, lambda: ready.append(None))
    source, work = _counting()
    source[0] = 3
    assert value.get(work) is None
    compute.finish(failed=True)
    assert ready == []  # said by the runner; nothing came in
    assert value.get(work) is None
    compute.finish()
    assert value.get(work) == 3
