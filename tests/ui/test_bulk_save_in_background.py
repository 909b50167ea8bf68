"""A bulk Accept, Undo or Redo is saved off the GUI thread, through the real window.

Tester O accepted 20,089 matches at once: the window froze while the workspace saved them
(7-24 s, then 1-2 s once the save was batched), and so for their Undo and Redo. The save
now runs as a task: the window goes on answering (a timer on the GUI thread fires while it
saves), says what it is saving, and keeps the controls that would conflict disabled; the
undo stack and the rows change once the save has landed. A second step meanwhile is
refused, saying why; a failed save changes nothing shown and says so; closing the window
asks, then waits for the save, which is kept.

The real window, engine and workspace: 20,000 invoices each paid by one line.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import DecisionKind, MatchState
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import dialogs_of, matched_window
from tests.ui.fakes import ScriptedDialogs
from tests.ui.heartbeat import Heartbeat

BIG = 20_000
SMALL = 300  # for the failed saves: each decision is then tried alone, and refused too
TICKS = 3  # heartbeats the GUI thread gives while a save runs (none while it blocked)
WAIT_MS = 180_000  # for a save to land on a machine busy with other work
_R = TypeVar("_R")


def _month(count: int) -> tuple[list, list]:
    invoices = [f.invoice(n, f"{100 + n}.00") for n in range(1, count + 1)]
    lines = [
        f.line(n + 1, f"-{100 + n}.00", description=f"PAYMENT INV-{n:05d}")
        for n in range(1, count + 1)
    ]
    return invoices, lines


@pytest.fixture
def big(qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt) -> Iterator[MainWindow]:
    invoices, lines = _month(BIG)
    with matched_window(qtbot, None, runner, tmp_path, invoices, lines) as shown:
        yield shown


@pytest.fixture
def small(qtbot, runner: TaskRunner, tmp_path: Path, event_loop_qt) -> Iterator[MainWindow]:
    invoices, lines = _month(SMALL)
    with matched_window(qtbot, None, runner, tmp_path, invoices, lines) as shown:
        yield shown


@pytest.fixture
def beat() -> Iterator[Heartbeat]:
    ticking = Heartbeat()
    yield ticking
    ticking.timer.stop()


def _workspace(window: MainWindow) -> Workspace:
    return window.workflows._services.workspace.workspace  # type: ignore[attr-defined,no-any-return]


def _in_force(window: MainWindow) -> dict[DecisionKind, int]:
    kinds: dict[DecisionKind, int] = {}
    for decision in _workspace(window).effective_decisions():
        kinds[decision.kind] = kinds.get(decision.kind, 0) + 1
    return kinds


def _states(window: MainWindow) -> set[MatchState]:
    return {match.state for match in window.session.matches}


def _said(window: MainWindow) -> list[str]:
    return [f"{banner.title}: {banner.message}" for banner in window.banners.banners()]


def _select_all(qtbot, window: MainWindow, count: int) -> None:
    view = window.reconcile
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(view.table.selected_items()) == count


class Landings:
    """The heartbeat's count each time a step lands on the screens (``review_changed``)."""

    def __init__(self, window: MainWindow, beat: Heartbeat) -> None:
        self.at: list[int] = []
        window.session.review_changed.connect(lambda _: self.at.append(beat.ticks))

    def wait(self, qtbot, count: int) -> int:
        qtbot.waitUntil(lambda: len(self.at) >= count, timeout=WAIT_MS)
        return self.at[count - 1]


class Saves:
    """Each bulk save's call into the workspace, as (on the GUI thread, the GUI thread
    ticked ``TICKS`` times while it waited): the save waits for the ticks where it runs,
    so it shows the window answering while it saves whatever the machine's speed. (Counting
    the ticks between the key and the landing did not: on a busy machine the save could
    end while the GUI thread was still taking the key.)"""

    def __init__(self, window: MainWindow, beat: Heartbeat) -> None:
        self.calls: list[tuple[bool, bool]] = []
        session = window.session
        record_all, undo_all = session._record_all, session._undo_all
        assert record_all is not None
        assert undo_all is not None

        def watched(save: Callable[[Any], _R]) -> Callable[[Any], _R]:
            def call(batch: Any) -> _R:
                on_gui = threading.current_thread() is threading.main_thread()
                self.calls.append((on_gui, beat.waited_for(TICKS)))
                return save(batch)

            return call

        session._record_all = watched(record_all)
        session._undo_all = watched(undo_all)


def _while_saving(window: MainWindow, states: set[MatchState], count: int) -> None:
    """What the window shows while a step of ``count`` decisions is saved: the rows as
    they were, the save named in the status bar, and no control that would conflict."""
    assert _states(window) == states
    assert window.task_status.label.text() == f"Saving {count:,} decisions"
    view = window.reconcile
    for action in (
        window.undo_action,
        window.redo_action,
        window.match_action,
        window.export_action,
        window.open_action,
        view.accept_action,
        view.reject_action,
        view.unmatch_action,
    ):
        assert not action.isEnabled(), action.text()


def test_a_bulk_accept_undo_and_redo_of_20000_leave_the_window_answering(
    qtbot, big: MainWindow, beat: Heartbeat
) -> None:
    window = big
    landings = Landings(window, beat)
    saves = Saves(window, beat)
    _select_all(qtbot, window, BIG)
    view = window.reconcile

    qtbot.keyClick(view.table, Qt.Key.Key_A)
    _while_saving(window, {MatchState.AUTO}, BIG)
    qtbot.keyClick(view.table, Qt.Key.Key_R)  # a second step while the first saves
    assert _said(window)[-1].startswith(
        f"Still saving: “Accept {BIG} matches” is still being saved"
    )
    landings.wait(qtbot, 1)
    assert saves.calls == [(False, True)]  # saved on a worker, the GUI thread ticking
    assert _in_force(window) == {DecisionKind.ACCEPT: BIG}  # the reject was not taken
    assert _states(window) == {MatchState.ACCEPTED}
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == f"Undo Accept {BIG} matches"

    window.undo_action.trigger()
    _while_saving(window, {MatchState.ACCEPTED}, BIG)
    landings.wait(qtbot, 2)
    assert saves.calls[1:] == [(False, True)]
    assert _in_force(window) == {}
    assert MatchState.ACCEPTED not in _states(window)
    assert window.redo_action.text() == f"Redo Accept {BIG} matches"

    window.redo_action.trigger()
    assert MatchState.ACCEPTED not in _states(window)
    landings.wait(qtbot, 3)
    assert saves.calls[2:] == [(False, True)]
    assert _in_force(window) == {DecisionKind.ACCEPT: BIG}
    assert _states(window) == {MatchState.ACCEPTED}


def test_closing_while_20000_decisions_are_saved_asks_and_keeps_them(
    qtbot, big: MainWindow
) -> None:
    """Keep working: the window stays, and the save lands in it. Stop and close: the
    window waits for the save (here of the step's undo) before the workspace closes."""
    window = big
    dialogs = dialogs_of(window, ScriptedDialogs)
    dialogs.answers["stop_and_close"] = deque([False, True])
    _select_all(qtbot, window, BIG)
    qtbot.keyClick(window.reconcile.table, Qt.Key.Key_A)
    window.close()
    asked = [args[0] for name, args in dialogs.asked if name == "stop_and_close"]
    assert [[task.running for task in running] for running in asked] == [
        [f"a save of {BIG:,} decisions"]
    ]
    assert window.isVisible()  # Keep working
    qtbot.waitUntil(lambda: _states(window) == {MatchState.ACCEPTED}, timeout=WAIT_MS)
    assert _in_force(window) == {DecisionKind.ACCEPT: BIG}

    window.undo_action.trigger()
    assert _states(window) == {MatchState.ACCEPTED}  # not landed yet
    window.close()  # Stop and close
    assert not window.isVisible()
    assert len(dialogs.asked) > len(asked)
    assert _in_force(window) == {}  # the undo was saved before the close went on
    mine = [e for e in _workspace(window).audit() if e.decision.kind is DecisionKind.UNMATCH]
    assert len(mine) == BIG


def test_a_bulk_accept_whose_save_fails_half_way_changes_nothing_and_says_so(
    qtbot, small: MainWindow
) -> None:
    """The disk refuses a write late in the batch: the transaction takes back what was
    written, each decision tried alone is refused too, and the window shows the rows as
    they were, with no step to undo, and says why; the save was shown as work under way."""
    window = small
    started: list[str] = []
    window.runner.started.connect(lambda handle: started.append(handle.name))
    with _workspace(window)._database.transaction() as connection:
        connection.execute(
            "CREATE TEMP TRIGGER refuse BEFORE INSERT ON decisions_in_force"
            " BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        )
    _select_all(qtbot, window, SMALL)
    qtbot.keyClick(window.reconcile.table, Qt.Key.Key_A)
    assert started == [f"Saving {SMALL} decisions"]
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=WAIT_MS)
    assert _said(window) == [
        (
            f"Decision not saved: could not save “Accept {SMALL} matches” (its {SMALL} "
            "decisions), so it is not applied: disk I/O error"
        )
    ]
    assert _states(window) == {MatchState.AUTO}
    assert not window.undo_action.isEnabled()
    assert window.undo_action.text() == "Undo"
    assert _in_force(window) == {}
    assert all(e.decision.kind is DecisionKind.ENGINE_MATCH for e in _workspace(window).audit())


def test_an_undo_whose_save_fails_leaves_the_step_to_undo_and_says_so(
    qtbot, small: MainWindow
) -> None:
    window = small
    _select_all(qtbot, window, SMALL)
    qtbot.keyClick(window.reconcile.table, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: _states(window) == {MatchState.ACCEPTED}, timeout=WAIT_MS)
    started: list[str] = []
    window.runner.started.connect(lambda handle: started.append(handle.name))
    with _workspace(window)._database.transaction() as connection:
        connection.execute(
            "CREATE TEMP TRIGGER refuse BEFORE INSERT ON decision_replaces"
            " BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END"
        )
    window.undo_action.trigger()
    assert started == [f"Saving {SMALL} decisions"]
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=WAIT_MS)
    assert _said(window)[-1] == (
        f"Decision not saved: could not save “Undo: Accept {SMALL} matches” for its "
        f"{SMALL} decisions, so they still stand and the next run and the export apply "
        "them; undo it again once it can be saved. disk I/O error"
    )
    assert _states(window) == {MatchState.ACCEPTED}
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == f"Undo Accept {SMALL} matches"
    assert _in_force(window) == {DecisionKind.ACCEPT: SMALL}
