"""asyncio on the Qt event loop (qasync), for network I/O that must not block the window.

qasync 0.28 ran ``httpx.AsyncClient`` correctly where PySide6's own QtAsyncio failed
inside httpx's connection code. The application runs the loop with ``run_app``; tests,
which already spin Qt's loop through pytest-qt, attach one with ``attach_loop``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import qasync
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop
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
    loop.close()
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
        loop.close()
        asyncio.set_event_loop(None)
