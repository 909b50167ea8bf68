"""The shared collector pause: counted across nesting and threads, state restored."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

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
