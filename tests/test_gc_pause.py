"""The shared collector pause: counted across nesting and threads, state restored."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest

from desktop_app import gc_pause
from desktop_app.gc_pause import paused


@pytest.fixture(autouse=True)
def collector_enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_nested_pauses_re_enable_only_at_the_outermost_end() -> None:
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_ending_on_another_thread_does_not_resume_collection_early() -> None:
    worker_inside, main_done = threading.Event(), threading.Event()
    seen: list[bool] = []

    def worker() -> None:
        with paused():
            worker_inside.set()
            main_done.wait(5)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=worker)
    with paused():
        thread.start()
        assert worker_inside.wait(5)
    main_done.set()  # the main thread's pause ended while the worker's is still open
    thread.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled() -> None:
    gc.disable()
    with paused():
        pass
    assert not gc.isenabled()


def test_the_state_is_restored_when_the_pass_fails() -> None:
    with pytest.raises(RuntimeError), paused():
        raise RuntimeError("import failed")
    assert gc.isenabled()


class _Node:
    """A tracked object that can join a reference cycle."""

    def __init__(self) -> None:
        self.partner: _Node | None = None


def _generation_of(target: object) -> int | None:
    for generation in range(3):
        if any(item is target for item in gc.get_objects(generation)):
            return generation
    return None


def _cycle() -> weakref.ref[_Node]:
    """Two nodes holding each other, dropped: garbage only the collector can free."""
    first, second = _Node(), _Node()
    first.partner, second.partner = second, first
    return weakref.ref(first)


@pytest.fixture
def collections_here() -> Iterator[list[int]]:
    """The generations of the collections started on this thread while the test runs.

    Counted by thread: a worker left running by an earlier test may allocate enough to
    start a young collection of its own at any moment, which the process-wide counts in
    ``gc.get_stats`` would lay at the pause's door."""
    started: list[int] = []
    here = threading.get_ident()

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start" and threading.get_ident() == here:
            started.append(info["generation"])

    gc.callbacks.append(note)
    try:
        yield started
    finally:
        gc.callbacks.remove(note)


def test_what_a_large_pass_built_is_old_afterwards_without_a_young_collection(
    collections_here: list[int],
) -> None:
    with paused():
        built = [_Node() for _ in range(gc_pause._MOVE_FROM)]
        assert _generation_of(built[0]) == 0
    assert [_generation_of(built[0]), _generation_of(built[-1])] == [2, 2]
    assert collections_here == []
    assert gc.get_count()[0] < 100  # the pass's allocations no longer count as young
    assert gc.get_freeze_count() == 0


def test_what_a_small_pass_built_is_left_to_the_young_collections() -> None:
    with paused():
        built = [_Node() for _ in range(1_000)]
    assert _generation_of(built[0]) in (0, 1)  # (looking may itself start a young one)


def test_cycles_moved_by_a_large_pass_are_still_freed_by_a_full_collection() -> None:
    with paused():
        watch = _cycle()
        ballast = [_Node() for _ in range(gc_pause._MOVE_FROM)]
    del ballast
    assert watch() is not None  # moved to the oldest generation, not frozen for good
    gc.collect()
    assert watch() is None


def test_cycles_made_between_frequent_small_passes_are_freed_without_a_full_collection() -> None:
    """A model refresh at every keystroke must not carry the window's garbage past the
    young collections each time (the move would, and nothing would free it)."""
    gc.collect()
    watches = []
    for _ in range(2_000):
        with paused():
            pass
        watches.append(_cycle())
    for _ in range(3):  # young collections, as the window's ordinary allocations bring
        gc.collect(0)
    alive = sum(watch() is not None for watch in watches)
    assert alive == 0


def test_objects_someone_else_froze_stay_frozen() -> None:
    kept = _Node()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with paused():
            ballast = [_Node() for _ in range(gc_pause._MOVE_FROM)]
        assert gc.get_freeze_count() == frozen
        assert _generation_of(kept) is None  # still in the permanent generation
        assert _generation_of(ballast[0]) in (0, 1)
    finally:
        gc.unfreeze()
    assert _generation_of(kept) == 2
