"""Bulk review on the Reconcile screen: accept (A), undo and redo N selected matches.

The real ``ReconcileView`` over a ``ReviewSession`` that records into a real workspace
file, as the window's does: every decision is committed before it is shown. For each N
the matches table shows N of the engine's matches; all are selected, accepted, the
accept undone and redone, first with "All matches" shown (each row repainted in place)
and then with only the engine's matches shown (every row leaves the table, and comes
back on undo). Printed per step: wall and CPU time, and how many times the screen was
told of a change (``review_changed``) and read the selection (``selected_items``): each
should be once or twice per step whatever N is; before the fix they grew with N, and
the time with N squared.

The baselines are the workspace alone recording the same N decisions, one commit each
and all in one transaction (the floor under an accept: a durable commit waits for the
disk, a few milliseconds each).

Run: ``python benchmarks/bench_review.py [N ...]`` (offscreen; default 500 2000 8000).
``--profile`` prints the 25 most expensive calls of the largest accept.
"""

from __future__ import annotations

import cProfile
import inspect
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from paid_one_to_one import paid_one_to_one  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.domain import (  # noqa: E402
    Decision,
    DecisionKind,
    Reconciliation,
)
from desktop_app.ui.dialogs.seam import QtDialogs  # noqa: E402
from desktop_app.ui.session import ReviewSession  # noqa: E402
from desktop_app.ui.views.reconcile_view import ReconcileView  # noqa: E402
from desktop_app.workspace import Workspace  # noqa: E402

Timing = tuple[float, float]  # wall, CPU seconds


def reconciliation(n: int) -> Reconciliation:
    """N invoices, each paid by its own line and matched by the engine."""
    invoices, lines, matches = paid_one_to_one(
        n, gross=lambda i: Decimal(100 + (i * 7919) % 100_000) / 100, score=lambda i: 0.95
    )
    return Reconciliation(invoices, lines, matches, ())


@contextmanager
def measured() -> Iterator[list[float]]:
    """Wall and CPU seconds of the block, appended to the list it yields."""
    out: list[float] = []
    wall, cpu = time.perf_counter(), time.process_time()
    yield out
    out.extend((time.perf_counter() - wall, time.process_time() - cpu))


class Counts:
    """How often the screen was told of a change and read the matches selected."""

    def __init__(self, session: ReviewSession, view: ReconcileView) -> None:
        self.signals = self.reads = 0
        session.review_changed.connect(self._signal)
        read = view.table.selected_items

        def counted() -> list[object]:
            self.reads += 1
            return read()

        view.table.selected_items = counted  # type: ignore[method-assign]

    def _signal(self, _: object) -> None:
        self.signals += 1

    def take(self) -> tuple[int, int]:
        taken = (self.signals, self.reads)
        self.signals = self.reads = 0
        return taken


def recording_floor(folder: Path, rec: Reconciliation, together: bool) -> Timing:
    """The workspace alone recording one ACCEPT per match: one commit each, or one
    transaction for all (``together``)."""
    decisions = [
        Decision(DecisionKind.ACCEPT, match.invoice_keys, match.line_keys) for match in rec.matches
    ]
    name = "together.reconcile" if together else "each.reconcile"
    with Workspace.create(folder / name) as workspace, measured() as took:
        if together:
            with workspace._database.transaction():
                for decision in decisions:
                    workspace.record_decision(decision)
        else:
            for decision in decisions:
                workspace.record_decision(decision)
    return took[0], took[1]


def review_session(workspace: Workspace) -> ReviewSession:
    """The session as the window makes it: saving one action's decisions together where
    the code can (run on older code, the benchmark measures it as it was)."""
    record = lambda decision: workspace.record_decision(decision).id  # noqa: E731
    if not hasattr(workspace, "record_decisions"):  # before decisions were saved together
        return ReviewSession(record, workspace.undo, user="bench")
    return ReviewSession(
        record,
        workspace.undo,
        user="bench",
        record_all=lambda decisions: [e.id for e in workspace.record_decisions(decisions)],
        undo_all=workspace.undo_all,
    )


def reconcile_view(session: ReviewSession) -> ReconcileView:
    """The screen over ``session``, with the real dialogs where it asks questions (none
    is asked here: the benchmark matches nothing by hand); older code took none."""
    if "dialogs" not in inspect.signature(ReconcileView).parameters:
        return ReconcileView(session)  # type: ignore[call-arg]
    return ReconcileView(session, QtDialogs())


def bench(app: QApplication, n: int, profile: bool) -> None:
    rec = reconciliation(n)
    with tempfile.TemporaryDirectory(prefix="bench-review-") as name:
        folder = Path(name)
        each = recording_floor(folder, rec, together=False)
        together = recording_floor(folder, rec, together=True)
        with Workspace.create(folder / "review.reconcile") as workspace:
            session = review_session(workspace)
            view = reconcile_view(session)
            view.resize(1400, 900)
            view.show()
            session.load(rec.invoices, rec.lines, rec)
            app.processEvents()
            counts = Counts(session, view)
            for shown in ("All matches", "Matched"):
                view.state_combo.setCurrentIndex(view.state_combo.findText(shown))
                view.table.setFocus()
                view.table.selectAll()
                app.processEvents()
                steps: list[tuple[str, Callable[[], None]]] = [
                    ("accept", lambda: QTest.keyClick(view.table, Qt.Key.Key_A)),
                    ("undo", session.undo_stack.undo),
                    ("redo", session.undo_stack.redo),
                ]
                for step, action in steps:
                    profiler = cProfile.Profile() if profile and step == "accept" else None
                    with measured() as took:
                        if profiler is not None:
                            profiler.runcall(action)
                        else:
                            action()
                        app.processEvents()
                    signals, reads = counts.take()
                    print(
                        f"{n:>6,} {shown:<12} {step:<7} {took[0]:7.2f} s ({took[1]:6.2f} CPU)"
                        f"   review_changed {signals:>5,}   selected_items {reads:>5,}"
                        f"   rows shown {view.model.rowCount():>6,}"
                    )
                    if profiler is not None:
                        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
                session.undo_stack.undo()  # back to the engine's matches
                app.processEvents()
                counts.take()
            view.close()
            view.deleteLater()
            app.processEvents()
        for what, took in (("one commit each", each), ("in one transaction", together)):
            print(
                f"{n:>6,} baseline: the workspace alone recording {n:,} decisions, {what}: "
                f"{took[0]:7.2f} s ({took[1]:6.2f} CPU)"
            )


def main(argv: list[str]) -> None:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    profile = "--profile" in argv
    sizes = [int(arg) for arg in argv if arg.isdigit()] or [500, 2000, 8000]
    for n in sizes:
        bench(app, n, profile and n == max(sizes))


if __name__ == "__main__":
    main(sys.argv[1:])
