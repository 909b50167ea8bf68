"""Regression guard for the PySide6 pin (see pyproject.toml).

PySide6 6.12.0 on Python 3.11 aborts the interpreter with "Fatal Python error: none_dealloc"
after some thousands of calls to void Qt methods; qasync makes such calls constantly. The
calls run in a child interpreter so that an abort fails this test instead of killing the run.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

CHILD = """
from PySide6.QtCore import QCoreApplication, QTimer
app = QCoreApplication([])
timer = QTimer()
for _ in range(50_000):
    timer.setSingleShot(True)
    timer.setInterval(1)
print("survived")
"""


@pytest.mark.slow
def test_fifty_thousand_void_qt_calls_do_not_abort_the_interpreter() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived"
