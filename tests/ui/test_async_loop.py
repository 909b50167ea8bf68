"""A closed asyncio loop on Qt leaves no timer behind for another thread to free.

A window test's loop was closed with a cancelled httpx timeout still pending as a Qt timer;
the collector then freed the loop on a worker thread of the next test (a CLI run), Qt
warned "Timers cannot be stopped from another thread", and the timer, once due, was
delivered to freed memory: a segmentation fault two tests later. The steps run in a child
interpreter, so that a crash fails this test instead of killing the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT

SETUP = """
import asyncio, gc, threading, weakref
from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop
from PySide6.QtWidgets import QApplication
from desktop_app.ui.async_loop import attach_loop, detach_loop, run_app

app = QApplication([])
gc.disable()  # the collector runs where the test says, not where allocation happens to
fired = []
"""

# The two ways a loop ends, each with a timer cancelled before its time (as an answered
# request's timeout is) and the loop then closed: the tests' attached loop, detached;
# the application's own, closed by ``run_app`` once the window's ``main`` returns.
ENDINGS = {
    "detached": """
loop = attach_loop(app)
loop.call_later(0.2, fired.append, "late").cancel()
detach_loop(loop)
freed = weakref.ref(loop)
del loop
""",
    "run_app": """
async def main():
    global freed
    loop = asyncio.get_running_loop()
    loop.call_later(0.2, fired.append, "late").cancel()
    freed = weakref.ref(loop)
    return 0

assert run_app(app, main) == 0
""",
}

FREE_ON_A_WORKER_THEN_WAIT = """
worker = threading.Thread(target=gc.collect)
worker.start()
worker.join()
assert freed() is None, "the loop was not freed on the worker thread"
print("freed on a worker thread", flush=True)
deadline = QDeadlineTimer(600)  # past the cancelled timer's time
while not deadline.hasExpired():
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
assert fired == []
print("survived", flush=True)
"""


@pytest.mark.parametrize("ending", sorted(ENDINGS))
def test_a_closed_loop_freed_on_a_worker_thread_leaves_no_timer_to_fire(ending: str) -> None:
    code = SETUP + ENDINGS[ending] + FREE_ON_A_WORKER_THEN_WAIT
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split("\n")[:2] == ["freed on a worker thread", "survived"]
    assert "Timers cannot be stopped" not in result.stderr
