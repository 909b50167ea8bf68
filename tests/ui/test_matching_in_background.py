"""Matching keeps the window answering from the moment it is chosen: the decisions in
force (a workspace query that grows with them, 0.15 s for 20,000) are read on its
worker, as the export's are, not on the GUI thread before the worker starts."""

from __future__ import annotations

from pathlib import Path

from desktop_app.ui.tasks import TaskRunner
from tests.ui.heartbeat import slow_decisions_window
from tests.ui.screens import reconcile_after_a_run, row_of


def test_the_window_keeps_answering_while_matching_reads_the_decisions(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    window, services = slow_decisions_window(qtbot, runner, tmp_path)
    heartbeat = services.heartbeat
    try:
        reconcile_after_a_run(qtbot, window)
        assert services.reads == [(False, True)]  # read once, on the worker, the window ticking
        services.reads.clear()
        with qtbot.waitSignal(window.session.reconciliation_changed, timeout=30_000):
            window.match_action.trigger()
    finally:
        heartbeat.timer.stop()
        window.close()
    assert services.reads == [(False, True)]
    assert not runner.active()


def test_the_run_shown_holds_the_decisions_read_on_its_worker(
    qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> None:
    """The engine leaves a rejected pairing out of its matches; the run's rows, made on
    the worker with the decisions it read there, list it as REJECTED."""
    window, services = slow_decisions_window(qtbot, runner, tmp_path)
    services.honour_decisions = True
    try:
        reconcile_after_a_run(qtbot, window)
        suggested = next(m for m in window.session.matches if m.state.name == "SUGGESTED")
        assert window.session.reject([suggested])
        with qtbot.waitSignal(window.session.reconciliation_changed, timeout=30_000):
            window.match_action.trigger()
        qtbot.waitUntil(lambda: not runner.active())
        number = int(suggested.invoices[0].number.removeprefix("INV-"))
        state = row_of(window.session, number).state.name
    finally:
        services.heartbeat.timer.stop()
        window.close()
    assert state == "REJECTED"
