"""Matching and export while a step's decisions are saved in the background.

A bulk step is saved off the GUI thread and lands later (``ReviewSession._save_apart``).
A run started meanwhile would read the decisions before the save committed them, and,
shown, clear the history the step was about to join: matching asked for then (the Match
button is off, but an import's landing asks too) waits for the save, then runs with its
decisions. An export that was under way when the step began, landing before it, cannot
hold the step: it says so, as it does for a decision made while it ran.

The window over services whose bulk save (and export) is held until the test lets go.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain import Decision, MatchState
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.ui_state import UiState
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices, ScriptedDialogs
from tests.ui.screens import reconcile_after_a_run

HELD_S = 5  # how long a held save waits for the test (on the GUI thread, in the old code)


class HeldServices(MemoryServices):
    """A bulk save, and an export, each held until the test lets it go."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.saving, self.save_gate = threading.Event(), threading.Event()
        self.exporting, self.export_gate = threading.Event(), threading.Event()

    def record_decisions(self, decisions: Sequence[Decision]) -> list[int]:
        self.saving.set()
        self.save_gate.wait(HELD_S)
        return super().record_decisions(decisions)

    def export_report(self, *args: Any, **kwargs: Any) -> Path:
        self.exporting.set()
        self.export_gate.wait(HELD_S)
        return super().export_report(*args, **kwargs)


@pytest.fixture
def services() -> HeldServices:
    rec = f.reconciliation()
    held = HeldServices(
        invoices=rec.invoices, statements={"bank.csv": rec.lines}, reconciliation=rec
    )
    held.honour_decisions = True
    return held


@pytest.fixture
def window(
    qtbot, runner: TaskRunner, tmp_path: Path, services: HeldServices, event_loop_qt
) -> Iterator[MainWindow]:
    dialogs = ScriptedDialogs(choose_export_path=[tmp_path / "report.xlsx"])
    shown = MainWindow(services, dialogs, runner, UiState(tmp_path / "ui.ini"))
    qtbot.addWidget(shown)
    shown.show()
    reconcile_after_a_run(qtbot, shown)
    yield shown
    services.save_gate.set()
    services.export_gate.set()
    shown.close()


def _undecided(window: MainWindow) -> list[Any]:
    """The run's rows the accountant has not decided: the engine's match, a suggestion."""
    rows = [m for m in window.session.matches if m.state is not MatchState.ACCEPTED]
    assert len(rows) == 2
    return rows


def _states(window: MainWindow) -> list[MatchState]:
    return sorted(m.state.value for m in window.session.matches)  # type: ignore[return-value]


def test_matching_asked_for_while_a_step_is_saved_runs_once_it_has_landed(
    qtbot, window: MainWindow, services: HeldServices
) -> None:
    said: list[str] = []
    window.workflows.message.connect(said.append)
    runs = services.reconcile_calls
    assert window.session.accept(_undecided(window))
    qtbot.waitUntil(services.saving.is_set)
    assert window.workflows.run_matching() is None  # as an import landing asks for it
    assert said[-1] == "Matching will start once the decisions are saved."
    assert services.reconcile_calls == runs
    services.save_gate.set()
    qtbot.waitUntil(lambda: services.reconcile_calls == runs + 1, timeout=10_000)
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=10_000)
    # The run read the step's decisions, and kept its undo step (it pairs as shown).
    assert _states(window) == ["accepted"] * 3
    assert window.undo_action.text() == "Undo Accept 2 matches"


def test_an_export_landing_while_a_step_is_saved_says_it_lacks_the_step(
    qtbot, window: MainWindow, services: HeldServices
) -> None:
    before = _states(window)
    window.export_action.trigger()
    qtbot.waitUntil(services.exporting.is_set)
    assert window.session.accept(_undecided(window))
    qtbot.waitUntil(services.saving.is_set)
    services.export_gate.set()
    qtbot.waitUntil(lambda: [t.name for t in window.runner.active()] == ["Saving 2 decisions"])
    assert [b.title for b in window.banners.banners()][-1] == (
        "Report exported without the latest decisions"
    )
    assert _states(window) == before  # the step has not landed yet
    services.save_gate.set()
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=10_000)
    assert _states(window) == ["accepted"] * 3
    assert window.undo_action.text() == "Undo Accept 2 matches"
