"""A decision on many selected matches (Ctrl+A, then A) is one change to the screen.

Each match used to be its own change: one ``review_changed`` each, and each ran the
Reconcile screen's update, which read the whole selection again, so the GUI thread was
blocked for a time growing with the square of the selection (40 s for 800 matches, more
than ten minutes for 8,000). Now the step updates each table once and reads the
selection a fixed number of times, whatever its size: these tests count those calls
(the timings are in ``benchmarks/bench_review.py``). The real window, its real models
checked by Qt's model tester throughout.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import Decision, DecisionKind, Match, MatchState, Reconciliation
from desktop_app.ui import review
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.review import ReviewChange, match_key
from desktop_app.ui.views.reconcile_view import ReconcileView
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices
from tests.ui.landed import landed

N = 150  # rows come and go at once: more than the model moves one by one


def _reconciliation() -> Reconciliation:
    """N invoices each paid by its own line: a third suggested, the rest the engine's."""
    invoices = tuple(f.invoice(i, f"{i}.50") for i in range(1, N + 1))
    lines = tuple(f.line(i + 1, f"-{i}.50") for i in range(1, N + 1))
    matches = tuple(
        f.match(invoice, line, state=MatchState.SUGGESTED if i % 3 == 0 else MatchState.AUTO)
        for i, (invoice, line) in enumerate(zip(invoices, lines, strict=True))
    )
    return Reconciliation(invoices, lines, matches, ())


class BulkServices(MemoryServices):
    """Remembers each call saving several decisions together, and how many."""

    def __init__(self, **fields: object) -> None:
        super().__init__(**fields)  # type: ignore[arg-type]
        self.together: list[tuple[str, int]] = []

    def record_decisions(self, decisions: Sequence[Decision]) -> list[int]:
        self.together.append(("record", len(decisions)))
        return super().record_decisions(decisions)

    def undo_decisions(self, entry_ids: Sequence[int]) -> Mapping[int, int]:
        self.together.append(("undo", len(entry_ids)))
        return super().undo_decisions(entry_ids)


@pytest.fixture
def services() -> BulkServices:
    rec = _reconciliation()
    return BulkServices(
        invoices=rec.invoices, statements={"bank.csv": rec.lines}, reconciliation=rec
    )


class Calls:
    """What one step costs the screen: changes announced, selections read, and what each
    model did (resets, row removals and insertions, repaints)."""

    def __init__(self, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
        view = window.reconcile
        self.changes: list[object] = []
        self.reads = 0
        self.model: list[str] = []
        window.session.review_changed.connect(lambda change: self.changes.append(change))
        read = view.table.selected_items

        def counted() -> list[Match]:
            self.reads += 1
            return read()

        monkeypatch.setattr(view.table, "selected_items", counted)
        model = view.model
        model.modelReset.connect(lambda: self.model.append("reset"))
        model.rowsRemoved.connect(lambda *_: self.model.append("removed"))
        model.rowsInserted.connect(lambda *_: self.model.append("inserted"))
        model.dataChanged.connect(lambda *_: self.model.append("repainted"))
        model.layoutChanged.connect(lambda *_: self.model.append("sorted"))

    def take(self) -> tuple[int, int, list[str]]:
        taken = (len(self.changes), self.reads, self.model)
        self.changes, self.reads, self.model = [], 0, []
        return taken


@pytest.fixture
def view(
    qtbot, qtmodeltester, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> ReconcileView:
    view = window.reconcile
    for model in (view.model, view.invoices_panel.model, view.lines_panel.model):
        qtmodeltester.check(model)
    with qtbot.waitSignal(window.session.invoices_changed):
        window.fetch_action.trigger()
    window.session.add_lines(window.services.statements["bank.csv"], "bank.csv")  # type: ignore[attr-defined]
    with qtbot.waitSignal(window.session.reconciliation_changed):
        window.match_action.trigger()
    window.show_screen("reconcile")
    view.table.setFocus()
    return view


def _states(window: MainWindow) -> dict[MatchState, int]:
    counts: dict[MatchState, int] = {}
    for match in window.session.matches:
        counts[match.state] = counts.get(match.state, 0) + 1
    return counts


def test_accepting_every_match_selected_is_one_change_and_one_undo_step(
    qtbot, window: MainWindow, view: ReconcileView, services: BulkServices, monkeypatch
) -> None:
    calls = Calls(window, monkeypatch)
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(view.table.selected_items()) == N
    calls.take()

    qtbot.keyClick(view.table, Qt.Key.Key_A)
    landed(qtbot, window)
    changes, reads, model = calls.take()
    assert _states(window) == {MatchState.ACCEPTED: N}
    assert [d.kind for d in services.recorded] == [DecisionKind.ACCEPT] * N
    assert changes == 1
    assert reads <= 2  # the action's own read, and the actions' update: not one per match
    assert model == ["repainted"]  # all N rows stay ("All matches"): one repaint
    assert view.model.rowCount() == N
    assert window.session.undo_stack.count() == 1
    assert window.undo_action.text() == f"Undo Accept {N} matches"
    assert window.session.decisions_since_run == N

    window.undo_action.trigger()
    landed(qtbot, window)
    changes, reads, model = calls.take()
    assert changes == 1
    assert reads <= 1
    assert model == ["repainted"]
    assert _states(window) == {MatchState.SUGGESTED: N // 3, MatchState.AUTO: N - N // 3}
    assert [d.kind for d in services.recorded[N:]] == [DecisionKind.UNMATCH] * N

    window.redo_action.trigger()
    landed(qtbot, window)
    assert calls.take()[0] == 1
    assert _states(window) == {MatchState.ACCEPTED: N}
    # Saved together each time (one commit in a workspace), not decision by decision.
    assert services.together == [("record", N), ("undo", N), ("record", N)]


def test_rows_a_bulk_decision_takes_out_of_the_filter_leave_at_once(
    qtbot, window: MainWindow, view: ReconcileView, monkeypatch
) -> None:
    view.state_combo.setCurrentIndex(view.state_combo.findText("Matched"))
    engine = N - N // 3
    assert view.model.rowCount() == engine
    assert view.invoices_panel.model.rowCount() == N // 3  # only suggested: still open
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    calls = Calls(window, monkeypatch)

    qtbot.keyClick(view.table, Qt.Key.Key_R)
    landed(qtbot, window)
    changes, reads, model = calls.take()
    assert view.model.rowCount() == 0
    assert _states(window)[MatchState.REJECTED] == engine
    assert changes == 1
    assert reads <= 2
    assert model == ["reset"]  # not one removal per row
    assert view.invoices_panel.model.rowCount() == N  # rejected: open again, as suggested

    window.undo_action.trigger()
    landed(qtbot, window)
    changes, reads, model = calls.take()
    assert view.model.rowCount() == engine
    assert (changes, model) == (1, ["reset"])
    assert view.invoices_panel.model.rowCount() == N // 3


def test_a_few_rows_leaving_together_are_removed_as_one_run(
    qtbot, window: MainWindow, view: ReconcileView, monkeypatch
) -> None:
    view.state_combo.setCurrentIndex(view.state_combo.findText("Matched"))
    keys = [view.model.key_at(row) for row in range(3, 8)]
    view.table.select_keys(keys)
    calls = Calls(window, monkeypatch)
    qtbot.keyClick(view.table, Qt.Key.Key_A)
    landed(qtbot, window)
    changes, _, model = calls.take()
    assert changes == 1
    assert model == ["removed"]
    assert all(view.model.row_of(key) is None for key in keys)


def test_a_step_is_shown_by_its_net_effect() -> None:
    """A match one change of a step adds and a later one removes is in neither list."""
    invoice, line = f.invoice(1), f.line(2)
    engine = f.match(invoice, line)
    accepted = f.match(invoice, line, state=MatchState.ACCEPTED)
    rejected = f.match(invoice, line, state=MatchState.REJECTED)
    decision = _decision(engine)
    first = ReviewChange((engine,), (accepted,), decision, "Accept")
    second = ReviewChange((accepted,), (rejected,), decision, "Reject")
    update = review.ReviewUpdate.of([first, second])
    assert (update.removed, update.added) == ((engine,), (rejected,))
    assert update.changes == (first, second)
    back = review.ReviewUpdate.of([first, first.inverse()])
    assert (back.removed, back.added) == ((), ())
    assert match_key(update.added[0]) == match_key(engine)


def _decision(match: Match) -> Decision:
    return Decision(DecisionKind.ACCEPT, match.invoice_keys, match.line_keys)
