"""Closing the application with work in flight: asked first (the real question, answered
Stop and close), then no crash, no warning, exit status 0.

Runs the real composition root (``desktop_app.app.run_gui``) in a child interpreter, so a
Qt abort ("QThread: Destroyed while thread is still running") fails this test instead of
killing the test run, and anything printed at exit is seen.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import PROJECT_ROOT

CHILD = """
import asyncio, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from desktop_app.app import run_gui
from desktop_app.domain import OperationCancelledError
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices
from tests.ui.modal_answer import answer_when_shown

class Busy(MemoryServices):
    def import_statement(self, path, mapping, progress, cancel, reviewed=None):
        print("import started", flush=True)
        while True:
            cancel.raise_if_cancelled()
            import time; time.sleep(0.01)

rec = f.reconciliation()
services = Busy(invoices=rec.invoices, statements={"bank.csv": rec.lines}, reconciliation=rec)
services.fetch_gate = asyncio.Event()  # the fetch never completes on its own

def start(window):
    window.workflows.fetch()  # F5 asks for the period first, in a real (modal) dialog here
    window.workflows.import_files([Path("bank.csv")])
    def close():
        assert len(window.runner.active()) == 2, window.runner.active()
        print("closing with", len(window.runner.active()), "tasks in flight", flush=True)
        asked = answer_when_shown(QMessageBox, stop_and_close)
        window.close()
        print("asked:", asked[0].text() if asked else None, flush=True)

    def stop_and_close(box):
        [stop] = [button for button in box.buttons() if button.text() == "Stop and close"]
        stop.click()
    QTimer.singleShot(400, close)

code = run_gui(services, start, ui_state_path=Path(sys.argv[1]))
print("exit", code, flush=True)
sys.exit(code)
"""


def test_closing_with_a_fetch_and_an_import_in_flight_is_clean(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run(
        [
            sys.executable,
            "-W",
            "error::ResourceWarning",
            "-X",
            "faulthandler",
            "-c",
            CHILD,
            str(tmp_path / "ui.ini"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "import started" in result.stdout
    assert "closing with 2 tasks in flight" in result.stdout
    # asked first, in the real question, and answered Stop and close
    assert "asked: A fetch and an import of bank.csv are running." in result.stdout
    assert result.stdout.strip().endswith("exit 0")
    noise = [
        line
        for line in result.stderr.splitlines()
        if "propagateSizeHints" not in line  # the offscreen platform's own notice
    ]
    assert noise == [], "\n".join(noise)
