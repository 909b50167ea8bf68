"""A bulk Accept makes its rows on the save's worker, and the collector rests meanwhile.

At 20,000 matches the window stalled about a second on the key press: each row's change
(its accepted row, worded as the next run words it, its decision and its text) was built
there, one by one. A row no other row touches asks and refuses nothing, so its change is
now made on the worker, before the save, by the same ``review.accept``; rows that touch
others are weighed on the key press as before (refused there, asked about there). The
rows, the decisions and the Audit are the same.

The save's work and its landing make a step's worth of objects, over which the cyclic
collector ran full collections (a fifth of a second each at 20,000, on the GUI thread or
on the worker, which holds the interpreter lock while it collects): it is paused over
both (``gc_pause``), as over a matching run.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import DecisionKind, Match, MatchState
from desktop_app.ui import review
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from tests.ui import factories as f
from tests.ui.engine_window import matched_window
from tests.ui.landed import landed

N = 30
INVOICES = [f.invoice(n, f"{100 + n}.00") for n in range(1, N + 1)]
LINES = [
    f.line(n + 1, f"-{100 + n}.00", description=f"PAYMENT INV-{n:05d}") for n in range(1, N + 1)
]


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES) as shown:
        yield shown


def _accept_all(qtbot: Any, window: MainWindow) -> None:
    view = window.reconcile
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(view.table.selected_items()) == N
    qtbot.keyClick(view.table, Qt.Key.Key_A)


def test_the_rows_of_a_bulk_accept_are_made_on_the_worker_and_land_as_before(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = window.session
    before = {review.match_key(m): m for m in session.matches}
    assert {m.state for m in before.values()} == {MatchState.AUTO}
    worded = review.accepted_explanation
    on_gui: list[bool] = []

    def watched(match: Match, user: str) -> str:
        on_gui.append(threading.current_thread() is threading.main_thread())
        return worded(match, user)

    monkeypatch.setattr(review, "accepted_explanation", watched)
    _accept_all(qtbot, window)
    landed(qtbot, window)
    assert on_gui == [False] * N  # none on the key press, nor at the landing

    after = {review.match_key(m): m for m in session.matches}
    assert after.keys() == before.keys()
    for pairing, row in after.items():
        was = before[pairing]
        assert row.state is MatchState.ACCEPTED
        assert row.explanation == worded(was, session.user)
        assert row.runner_up is None
        assert (row.invoices, row.lines, row.score) == (was.invoices, was.lines, was.score)
    assert window.undo_action.text() == f"Undo Accept {N} matches"
    trail = window.workflows._services.workspace.workspace.audit()  # type: ignore[attr-defined]
    mine = [entry.decision for entry in trail if entry.decision.kind is DecisionKind.ACCEPT]
    assert len(mine) == N
    assert {d.pairing for d in mine} == set(after.keys())
    assert {(d.user, d.reason) for d in mine} == {(session.user, "")}

    window.undo_action.trigger()
    landed(qtbot, window)
    assert {m.state for m in session.matches} == {MatchState.AUTO}


def test_the_collector_rests_over_a_bulk_steps_save_and_its_landing(
    qtbot, window: MainWindow
) -> None:
    session = window.session
    record_all = session._record_all
    assert record_all is not None
    collecting: list[tuple[str, bool]] = []

    def watched(decisions: Any) -> Any:
        collecting.append(("save", gc.isenabled()))
        return record_all(decisions)

    session._record_all = watched
    session.review_changed.connect(lambda _: collecting.append(("landing", gc.isenabled())))
    assert gc.isenabled()
    _accept_all(qtbot, window)
    landed(qtbot, window)
    assert collecting == [("save", False), ("landing", False)]
    assert gc.isenabled()  # back once the step has landed


def test_rejections_accepted_in_bulk_are_said_overturned_as_one_by_one(
    qtbot, window: MainWindow
) -> None:
    """A row rejected stands alone (no other row touches it) and is made on the worker:
    its decision says which rejection it overturns, as made on the key press it did."""
    session = window.session
    view = window.reconcile
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.table, Qt.Key.Key_R)
    landed(qtbot, window)
    rejected = list(session.matches)
    assert {m.state for m in rejected} == {MatchState.REJECTED}
    said = {
        review.match_key(m): review.accept(m, session.user, m_at, session.index)
        for m, m_at in ((m, session._clock()) for m in rejected)
    }
    assert all("overturns your rejection of" in c.decision.reason for c in said.values())
    _accept_all(qtbot, window)
    landed(qtbot, window)
    assert {m.state for m in session.matches} == {MatchState.ACCEPTED}
    trail = window.workflows._services.workspace.workspace.audit()  # type: ignore[attr-defined]
    accepts = [e.decision for e in trail if e.decision.kind is DecisionKind.ACCEPT]
    assert {d.pairing: d.reason for d in accepts} == {
        pairing: change.decision.reason for pairing, change in said.items()
    }
    rows = {review.match_key(m): m for m in session.matches}
    assert {p: rows[p].explanation for p in said} == {
        p: change.added[0].explanation for p, change in said.items()
    }
