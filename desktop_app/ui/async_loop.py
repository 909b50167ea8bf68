"""asyncio on the Qt event loop (qasync), for network I/O that must not block the window.

qasync 0.28 ran ``httpx.AsyncClient`` correctly where PySide6's own QtAsyncio failed
inside httpx's connection code. The application runs the loop with ``run_app``; tests,
which already spin Qt's loop through pytest-qt, attach one with ``attach_loop``.

A closed qasync loop still owns Qt timers: its timer object starts one per ``call_later``
and kills it only when it fires, so a handle cancelled before its time (an httpx timeout,
once the provider answered) keeps its timer registered with the GUI thread until then. The
loop sits in reference cycles, so the collector frees it, and that timer object with it,
on whichever thread it next runs: on a worker thread Qt cannot unregister the timers
("QObject::~QObject: Timers cannot be stopped from another thread"), and when one is due
the GUI thread delivers it to freed memory, a segmentation fault far from its cause (a CLI
run's worker thread after a window test did it). ``_close`` therefore destroys the timer
object as it closes the loop, on the loop's own thread, where its timers are unregistered.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import qasync
import shiboken6
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, QObject
from PySide6.QtWidgets import QApplication

UNWIND_TIMEOUT_MS = 5_000


def attach_loop(app: QApplication) -> asyncio.AbstractEventLoop:
    """An asyncio loop served by a Qt event loop that something else runs."""
    loop: asyncio.AbstractEventLoop = qasync.QEventLoop(app, already_running=True)
    asyncio.set_event_loop(loop)
    return loop


def detach_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what is still running, let it unwind (close sockets), then close the loop."""
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    deadline = QDeadlineTimer(UNWIND_TIMEOUT_MS)
    while any(not task.done() for task in pending) and not deadline.hasExpired():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.disconnect(loop._after_run_forever)  # type: ignore[attr-defined]
    # Not loop.stop(): that calls QCoreApplication.exit(), which leaves Qt's "quit now"
    # flag set so every later local event loop returns at once. qasync keeps its running
    # flag private; clearing it is all ``close()`` needs.
    setattr(loop, "_QEventLoop__is_running", False)  # noqa: B010
    asyncio.events._set_running_loop(None)
    _close(loop)
    asyncio.set_event_loop(None)


def run_app(app: QApplication, main: Callable[[], Awaitable[int]]) -> int:
    """Run ``main()`` on a qasync loop until it returns, then close the loop.

    ``main`` shows the window, waits for it to close and shuts the services down; the
    application must not quit on its own when the last window closes, or the loop would
    stop before that shutdown has run.
    """
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        return int(loop.run_until_complete(main()))
    finally:
        _close(loop)
        asyncio.set_event_loop(None)


def _close(loop: asyncio.AbstractEventLoop) -> None:
    """Close ``loop`` and destroy its Qt timer object here, on the thread that runs it.

    Destroyed here, its pending timers are unregistered; left to the collector, it could be
    freed on another thread with them still registered (see the module's docstring).
    Nothing may schedule on a closed loop (asyncio's own loops refuse it); on this one a
    late ``call_later`` now raises RuntimeError instead of starting a timer whose callback
    never runs.
    """
    loop.close()
    timer = getattr(loop, "_timer", None)  # qasync 0.28's _SimpleTimer
    if isinstance(timer, QObject) and shiboken6.isValid(timer):
        shiboken6.delete(timer)
