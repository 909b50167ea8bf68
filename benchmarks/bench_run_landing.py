"""A matching run landing on the Reconcile screen: the GUI thread's share of adopting it.

The real ``ReviewSession`` and ``ReconcileView`` (shown), 100,000 matches: a run's rows
are made on a worker thread (``RunRows.of``, as the run's worker makes them), then handed
to ``set_reconciliation`` on the GUI thread, as ``Workflows._matched`` does. The first
run lands on an empty screen; the figure is the second, which replaces it (its 100,000
matches, their index and the table's rows are let go). Timed: the slot's wall time with
the events it posts, and the GUI thread's own CPU time over it (``time.thread_time``:
the part no other thread can take), unsorted and sorted by State.

``after release`` is how long the old run was still held after the landing (where the
code lets a worker free it, ``TaskRunner.release``: the delay before it starts, then its
work), and ``stall`` the longest gap of a 5 ms heartbeat on the GUI thread
after the landing until that worker is done: freeing holds the interpreter lock, and the
GUI thread gets it back every switch interval (5 ms), so the window keeps painting.

``--before PATH`` measures a tree of older code in the same run, alternating with this
one (only same-run figures compare), e.g. from ``git worktree add /tmp/old <commit>``.

Run: ``python benchmarks/bench_run_landing.py [--rows N] [--repeat R] [--before PATH]``
(offscreen).
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEARTBEAT_MS = 5


def child(tree: str, rows: int, by_state: bool) -> None:
    """One measurement on the code in ``tree``, printed as one JSON line."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, tree)
    from paid_one_to_one import paid_one_to_one
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.domain import (
        MatchState,
        Reconciliation,
    )
    from desktop_app.ui.dialogs.seam import QtDialogs
    from desktop_app.ui.review import RunRows
    from desktop_app.ui.session import ReviewSession
    from desktop_app.ui.tasks import TaskRunner
    from desktop_app.ui.views.reconcile_view import ReconcileView

    app = QApplication([])

    def run(explanation: str) -> RunRows:
        """A run of ``rows`` one-to-one matches, made into rows on another thread."""
        invoices, lines, matches = paid_one_to_one(
            rows,
            state=lambda i: MatchState.SUGGESTED if i % 7 == 0 else MatchState.AUTO,
            explanation=explanation,
        )
        made: list[RunRows] = []
        rec = Reconciliation(invoices, lines, matches, ())
        worker = threading.Thread(target=lambda: made.append(RunRows.of(rec, ())))
        worker.start()
        worker.join()
        return made[0]

    runner = TaskRunner()
    kwargs = {}
    if "release" in inspect.signature(ReviewSession).parameters:  # older code: none
        kwargs["release"] = runner.release
    session = ReviewSession(lambda decision: 1, lambda entry: None, user="bench", **kwargs)
    view = ReconcileView(session, QtDialogs())
    view.resize(1400, 900)
    view.show()
    if by_state:
        state = next(n for n, c in enumerate(view.model.columns) if c.key == "state")
        view.model.sort(state, Qt.SortOrder.AscendingOrder)
    session.set_reconciliation(run("first"), (), session.inputs_step)
    app.processEvents()
    while getattr(runner, "releasing", False):
        app.processEvents()
    second = run("second")

    gaps: list[float] = []
    clock = QElapsedTimer()
    beat = QTimer()
    beat.setInterval(HEARTBEAT_MS)

    def tick() -> None:
        gaps.append(clock.restart() / 1000)

    beat.timeout.connect(tick)
    beat.start()
    clock.start()
    wall, cpu = time.perf_counter(), time.thread_time()
    session.set_reconciliation(second, (), session.inputs_step)
    del second
    app.processEvents()
    took = {"wall": time.perf_counter() - wall, "cpu": time.thread_time() - cpu}
    landed = time.perf_counter()
    clock.restart()  # the landing is timed above; the heartbeat times what comes after it
    during = len(gaps)
    while getattr(runner, "releasing", False):
        app.processEvents()
    took["after"] = time.perf_counter() - landed
    end = time.perf_counter() + 0.05
    while time.perf_counter() < end:
        app.processEvents()
    tick()
    beat.stop()
    took["stall"] = max(gaps[during:])
    assert view.model.rowCount() == rows
    runner.shutdown()
    print(json.dumps(took))


def measured(tree: Path, rows: int, by_state: bool) -> dict[str, float]:
    """One fresh process measuring the code in ``tree``."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(tree), str(rows), str(int(by_state))],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def best(runs: list[dict[str, float]]) -> str:
    wall = min(run["wall"] for run in runs)
    cpu = min(run["cpu"] for run in runs)
    after = min(run["after"] for run in runs)
    stall = min(run["stall"] for run in runs)
    return f"{wall:5.3f} s ({cpu:5.3f} GUI CPU), after release {after:5.3f} s, stall {stall:5.3f} s"


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        tree, rows, by_state = argv[1:4]
        child(tree, int(rows), by_state == "1")
        return
    options = dict(zip(argv[::2], argv[1::2], strict=False))
    rows = int(options.get("--rows", "100000"))
    repeat = int(options.get("--repeat", "3"))
    trees = {"after": ROOT}
    if "--before" in options:
        trees = {"before": Path(options["--before"]).resolve(), **trees}
    print(f"{rows:,} matches replacing as many; best of {repeat} fresh processes")
    for label, by_state in (("unsorted", False), ("sorted by State", True)):
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
        for _ in range(repeat):
            for name, tree in trees.items():  # alternating: noise hits both alike
                runs[name].append(measured(tree, rows, by_state))
        for name, took in runs.items():
            print(f"{label:<16} {name:<7} {best(took)}")


if __name__ == "__main__":
    main(sys.argv[1:])
