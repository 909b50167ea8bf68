"""A bulk Accept, Undo and Redo of N matches saved to a real workspace file.

The window's bulk actions call ``Workspace.record_decisions`` (Accept, Redo) and
``Workspace.undo_all`` (Undo) with one decision per match, on a worker (on the GUI
thread until the save moved off it: ``--window`` measures both). Each
decision used to be saved with a dozen queries of its own (the decisions in force it
touches, its entry read back; for an undo the entry undone too): 20,089 matches froze the
window 7-24 s (tester O, finding 1). The batch (``decision_log.Batch``) reads what it needs
once and works the rules out in memory.

Baseline, in the same run on an identical file: the per-decision path, still the one a
single decision takes (``record_decision`` and ``undo`` for each, inside one
``Workspace.batch()`` transaction, so one commit as before: only the queries differ).

Reading the entries back: an undo reads its 20,000 entries with a dozen queries. They
listed every id in their text (``IN (1,2,...)``); ``decision_log.ids_sql`` passes the ids
as one JSON array (``json_each``). ``read back`` times ``load_entries`` of every entry both
ways on the same file, the literal list built here as the old ``ids_sql`` built it.

The engine's matches: each matching run logs its AUTO matches
(``Workspace.record_engine_matches``), on the matching worker. Each was looked up (the
latest entry on its pairing) and written with its own queries; they are now looked up at
once and written as a batch. ``engine`` times a first run's 20,000 matches, ``engine
again`` the same matches logged already (nothing written), each way on a fresh file.

The window (``--window``): the same Accept, Undo and Redo of 20,000 matches through a
``ReviewSession`` and the Reconcile screen over a real workspace file, as the window
makes them: saved in place (the session given no background save: the old way, the GUI
thread held for the save) and in the background (a ``TaskRunner`` task, as the main
window gives it). A 5 ms timer on the GUI thread measures, from the key press until the
step has landed on the screen, the longest time it could not fire, and the whole time.

``--before PATH`` also times ``record_decisions``/``undo_all`` of a tree of older code in
a child process, in the same run (e.g. ``git worktree add /tmp/old main``): before the
batch, ``record_decisions`` already checked the lines once for all decisions, so its
Accept was quicker than the per-decision column. With ``--window`` it times that tree's
window the same way, first, in a child process.

Run: ``PYTHONPATH=. python benchmarks/bench_bulk_decisions.py [N] [--before PATH]
[--window]`` (default 20,000).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop_app.domain import Decision, DecisionKind, Match, MatchState
from desktop_app.workspace import Workspace, decision_log
from tests.workspace.factories import ikey, line, lkey, sha, simple_invoice
from tests.workspace.test_engine_matches_batch import latest_on_pairing


def _timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def _workspace(path: Path, count: int) -> Workspace:
    workspace = Workspace.create(path)
    lines = [line(r, f"-{r}.25", day=1 + r % 28) for r in range(2, count + 2)]
    workspace.add_statement("march.csv", sha("march"), {"format": "csv"}, lines)
    return workspace


def _accepts(count: int) -> list[Decision]:
    return [
        Decision(DecisionKind.ACCEPT, (ikey(f"INV-{r}"),), (lkey(r),), user="bench")
        for r in range(2, count + 2)
    ]


def per_decision(workspace: Workspace, decisions: list[Decision]) -> dict[str, float]:
    def record() -> list[int]:
        with workspace.batch():
            return [workspace.record_decision(d).id for d in decisions]

    def undo(ids: list[int]) -> None:
        with workspace.batch():
            for entry_id in ids:
                workspace.undo(entry_id)

    accept, ids = _timed(record)
    assert isinstance(ids, list)
    undone, _ = _timed(lambda: undo(ids))
    redo, _ = _timed(record)
    return {"accept": accept, "undo": undone, "redo": redo}


def _matches(count: int) -> list[Match]:
    return [
        Match(
            invoices=(simple_invoice(f"INV-{r}", f"{r}.25"),),
            lines=(line(r, f"-{r}.25", day=1 + r % 28),),
            score=0.95,
            signals=(),
            explanation="reference and amount agree",
            state=MatchState.AUTO,
        )
        for r in range(2, count + 2)
    ]


def engine_one_by_one(workspace: Workspace, matches: list[Match]) -> int:
    """The engine's matches logged as ``record_engine_matches`` did before the batch:
    the latest entry on each pairing looked up, and each written, with its own queries."""
    logged = 0
    with workspace._database.transaction() as connection:
        for match in matches:
            decision = Decision(
                DecisionKind.ENGINE_MATCH,
                match.invoice_keys,
                match.line_keys,
                reason=f"score {match.score:.2f}: {match.explanation}",
            )
            latest = latest_on_pairing(connection, decision)
            if latest is not None and latest[1].kind is DecisionKind.ENGINE_MATCH:
                continue
            decision_log.record(connection, decision, datetime.now(UTC))
            logged += 1
    return logged


def engine(
    workspace: Workspace, matches: list[Match], log: Callable[[], object]
) -> dict[str, float]:
    first, _ = _timed(log)
    again, _ = _timed(log)
    return {"engine": first, "engine again": again}


def batched(workspace: Workspace, decisions: list[Decision]) -> dict[str, float]:
    accept, entries = _timed(lambda: workspace.record_decisions(decisions))
    assert isinstance(entries, tuple)
    undone, _ = _timed(lambda: workspace.undo_all([entry.id for entry in entries]))
    redo, _ = _timed(lambda: workspace.record_decisions(decisions))
    return {"accept": accept, "undo": undone, "redo": redo}


def _literal_ids(ids: list[int]) -> str:
    """The subquery the old ``ids_sql`` made: every id in the query's text."""
    listed = ",".join(str(int(i)) for i in sorted(set(ids)))
    return f"SELECT id FROM decisions WHERE id IN ({listed})"


def read_back(workspace: Workspace, repeat: int = 3) -> tuple[float, float]:
    """``load_entries`` of every entry the workspace holds: the ids listed in the query's
    text, then as one JSON array (``ids_sql``); the same entries both ways. Each the
    best of ``repeat``, taken in turn (the machine is shared: one alone is noise)."""
    literal, as_json = [], []
    with workspace._database.reading() as connection:
        ids = [row[0] for row in connection.execute("SELECT id FROM decisions")]
        for _ in range(repeat):
            took, listed = _timed(lambda: decision_log.load_entries(connection, _literal_ids(ids)))
            literal.append(took)
            took, read = _timed(
                lambda: decision_log.load_entries(connection, *decision_log.ids_sql(ids))
            )
            as_json.append(took)
            assert listed == read
            assert len(ids) == len(read)
    return min(literal), min(as_json)


def child(count: int) -> None:
    """The batched path of the code on ``sys.path`` (``--before``), as one JSON line."""
    folder = Path(tempfile.mkdtemp())
    with _workspace(folder / "before.reconcile", count) as workspace:
        figures = batched(workspace, _accepts(count))
    with _workspace(folder / "engine.reconcile", count) as workspace:
        matches = _matches(count)
        figures |= engine(workspace, matches, lambda: workspace.record_engine_matches(matches))
    print(json.dumps(figures))


def _before(tree: str, count: int) -> dict[str, float]:
    script = (
        f"import sys; sys.path[:0] = [{tree!r}, {str(Path(__file__).parent)!r}];"
        f" import bench_bulk_decisions as b; b.child({count})"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tree
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main(count: int, before_tree: str | None) -> None:
    folder = Path(tempfile.mkdtemp())
    decisions = _accepts(count)
    with _workspace(folder / "old.reconcile", count) as old:
        before = per_decision(old, decisions)
        in_force_before = len(old.effective_decisions())
    with _workspace(folder / "new.reconcile", count) as new:
        after = batched(new, decisions)
        in_force_after = len(new.effective_decisions())
        literal, as_json = read_back(new)
    assert in_force_before == in_force_after == count
    matches = _matches(count)
    with _workspace(folder / "engine-old.reconcile", count) as old:
        before |= engine(old, matches, lambda: engine_one_by_one(old, matches))
        logged_before = len(old.audit())
    with _workspace(folder / "engine-new.reconcile", count) as new:
        after |= engine(new, matches, lambda: new.record_engine_matches(matches))
        logged_after = len(new.audit())
    assert logged_before == logged_after == count
    older = _before(before_tree, count) if before_tree else None
    print(f"{count} decisions on a workspace of {count} lines")
    print(f"{'':12} {'per decision':>14} {'before':>10} {'batch':>10} {'ratio':>7}")
    for step in ("accept", "undo", "redo", "engine", "engine again"):
        then = f"{older[step]:9.2f}s" if older and step in older else f"{'-':>10}"
        print(
            f"{step:12} {before[step]:13.2f}s {then} {after[step]:9.2f}s"
            f" {before[step] / after[step]:6.1f}x"
        )
    entries = 3 * count
    print(f"read back {entries} entries (best of 3): ids in the query's text {literal:.2f}s,")
    print(f"  as one JSON array {as_json:.2f}s ({literal / as_json:.1f}x)")


Figures = dict[str, dict[str, tuple[float, float]]]  # way -> step -> (longest, whole)


def window(count: int, before_tree: str | None) -> None:
    """Print ``window_figures``, and with ``before_tree`` those of that tree's code, in
    the same run (a child process, as ``--before``; taken first)."""
    older = _window_before(before_tree, count) if before_tree else None
    figures = window_figures(count)
    print(f"the window: {count} matches, longest GUI stall / whole step (5 ms timer)")
    print(f"{'':8} {'in place':>20} {'in the background':>22}")
    for label, shown in (("before", older), ("now", figures)):
        if shown is None:
            continue
        if older is not None:
            print(label)
        for step in ("accept", "undo", "redo"):
            cells = [f"{shown[w][step][0]:7.2f}s / {shown[w][step][1]:5.2f}s" for w in shown]
            print(f"{step:8} {cells[0]:>20} {cells[1]:>22}")


def window_child(count: int) -> None:
    """``window_figures`` of the code on ``sys.path``, as one JSON line (``--before``)."""
    print(json.dumps(window_figures(count)))


def _window_before(tree: str, count: int) -> Figures:
    script = (
        f"import sys; sys.path[:0] = [{tree!r}, {str(Path(__file__).parent)!r}];"
        f" import bench_bulk_decisions as b; b.window_child({count})"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tree
    )
    read = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        way: {step: (pair[0], pair[1]) for step, pair in steps.items()}
        for way, steps in read.items()
    }


def window_figures(count: int) -> Figures:
    """The GUI thread's longest stall and the whole time of an Accept, Undo and Redo of
    ``count`` matches through the session and the Reconcile screen, saved in place and
    in the background (see the module's docstring)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(Path(__file__).parent))
    from decimal import Decimal

    from paid_one_to_one import paid_one_to_one
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop_app.domain import Reconciliation
    from desktop_app.ui.dialogs.seam import QtDialogs
    from desktop_app.ui.session import ReviewSession
    from desktop_app.ui.tasks import TaskRunner
    from desktop_app.ui.views.reconcile_view import ReconcileView

    app = QApplication.instance() or QApplication([])
    invoices, lines, matches = paid_one_to_one(
        count, gross=lambda i: Decimal(100 + (i * 7919) % 100_000) / 100, score=lambda i: 0.95
    )
    run = Reconciliation(invoices, lines, matches, ())
    runner = TaskRunner()

    def background(n: int, work: Callable[[], object], landed: Any, failed: Any) -> None:
        runner.run_in_thread(f"Saving {n}", lambda p, c: work(), landed, failed)

    figures: Figures = {}
    for way in ("in place", "background"):
        folder = Path(tempfile.mkdtemp())
        with Workspace.create(folder / "window.reconcile") as workspace:
            workspace.add_statement("bank.csv", sha("bank"), {"format": "csv"}, list(lines))
            session = ReviewSession(
                lambda d: workspace.record_decision(d).id,
                workspace.undo,
                user="bench",
                record_all=lambda ds: [e.id for e in workspace.record_decisions(ds)],
                undo_all=lambda ids: workspace.undo_all(ids).restored,
                save_in_background=background if way == "background" else None,
            )
            view = ReconcileView(session, QtDialogs())
            view.resize(1400, 900)
            view.show()
            session.load(invoices, lines, run)
            app.processEvents()
            view.table.setFocus()
            view.table.selectAll()
            app.processEvents()
            steps = {
                "accept": lambda table=view.table: QTest.keyClick(table, Qt.Key.Key_A),
                "undo": session.undo,
                "redo": session.redo,
            }
            figures[way] = {}
            for step, act in steps.items():
                landed: list[bool] = []

                def seen(_: object, landed: list[bool] = landed) -> None:
                    landed.append(True)

                session.review_changed.connect(seen)
                longest, clock, whole = [0.0], QElapsedTimer(), QElapsedTimer()
                beat = QTimer()
                beat.setInterval(5)

                def tick(longest: list[float] = longest, clock: QElapsedTimer = clock) -> None:
                    longest[0] = max(longest[0], clock.restart() / 1000)

                beat.timeout.connect(tick)
                beat.start()
                clock.start()
                whole.start()
                act()
                while not landed:
                    app.processEvents()
                    time.sleep(0.001)
                tick()
                beat.stop()
                figures[way][step] = (longest[0], whole.elapsed() / 1000)
                session.review_changed.disconnect(seen)  # the screen's stays
            view.close()
            view.deleteLater()
            app.processEvents()
    runner.shutdown()
    return figures


if __name__ == "__main__":
    arguments = sys.argv[1:]
    tree = None
    if "--before" in arguments:
        at = arguments.index("--before")
        tree = arguments[at + 1]
        del arguments[at : at + 2]
    size = int(arguments[0]) if arguments and arguments[0].isdigit() else 20_000
    if "--window" in arguments:
        window(size, tree)
    else:
        main(size, tree)
