"""What a matching run says while it works, to its end: after the engine's last stage the
worker still makes the run's rows (a second or so at 100,000 matches), and the window
said the engine's last words all that time."""

from __future__ import annotations

from pathlib import Path

from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import matched_window

INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in (1, 2, 3))
LINES = tuple(f.line(10 + i, f"-{i}50.00", description=f"Payment INV-{i:05d}") for i in (1, 2, 3))


def test_a_run_says_it_is_arranging_its_matches_after_the_engine_is_done(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES) as window:
        said: list[str] = []
        window.runner.progressed.connect(lambda handle: said.append(handle.message))
        with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
            window.match_action.trigger()
    assert said[-1] == "arranging 3 matches for review"
    assert said.index("explaining matches and checking discrepancies") < len(said) - 1
