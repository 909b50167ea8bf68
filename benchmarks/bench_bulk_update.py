"""A bulk review step in the matches table: N of the engine's matches accepted at once.

The real ``MatchTableModel`` behind a shown ``DomainTableView`` (a row selected, as when
the user picks one), 100,000 matches in it, then one ``update`` replacing 10% or all of
them with their accepted copies, as the Reconcile screen does after a bulk accept: timed
with the events it posts, sorted by State (every accepted row moves to its new equals)
and unsorted (every row stays where it is), and sorted by State with only the AUTO
matches shown (every accepted row leaves the table: one reset). Each figure is the best of ``--repeat`` runs,
each in a fresh process, so first-use costs (the index by key) count as in the window.

Rows with equal sort values keep the order their keys arrived in (``tests/ui/
test_sort_ties.py``); when that came in, this step took about twice as long (each key
worked out twice, and each moved row put in place by a ``list.insert`` of its own).

``--before PATH`` measures a tree of older code in the same run, alternating with this
one (machines here are noisy: only same-run figures compare), e.g. from
``git worktree add /tmp/old <commit>``.

Run: ``python benchmarks/bench_bulk_update.py [--rows N] [--repeat R] [--before PATH]``
(offscreen).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRACTIONS = (0.1, 1.0)
# (label, sorted by State, shown only while AUTO: accepted rows leave, one reset)
SCENARIOS = (
    ("sorted by State", True, False),
    ("unsorted", False, False),
    ("AUTO shown only", True, True),
)


def child(tree: str, rows: int, fraction: float, by_state: bool, auto_only: bool) -> None:
    """One measurement on the code in ``tree``, printed as one JSON line."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, tree)
    from dataclasses import replace

    from paid_one_to_one import paid_one_to_one
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from desktop_app.domain import (
        MatchState,
    )
    from desktop_app.ui.models.matches import MatchTableModel
    from desktop_app.ui.review import match_key
    from desktop_app.ui.views.table_view import DomainTableView

    app = QApplication([])
    _, _, matches = paid_one_to_one(rows)
    model = MatchTableModel()
    view = DomainTableView(model, "bench")
    view.resize(1200, 800)
    view.show()
    model.set_items(matches)
    if auto_only:
        model.set_filter("", lambda m: m.state is MatchState.AUTO)
    if by_state:
        state = next(n for n, c in enumerate(model.columns) if c.key == "state")
        model.sort(state, Qt.SortOrder.AscendingOrder)
    view.selectRow(10)
    app.processEvents()
    chosen = matches[: int(rows * fraction)]
    accepted = [replace(m, state=MatchState.ACCEPTED) for m in chosen]
    keys = [match_key(m) for m in chosen]
    wall, cpu = time.perf_counter(), time.process_time()
    model.update(keys, accepted)
    app.processEvents()
    took = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
    assert model.rowCount() == (rows - len(chosen) if auto_only else rows)
    print(json.dumps(took))


def measured(
    tree: Path, rows: int, fraction: float, by_state: bool, auto_only: bool
) -> dict[str, float]:
    """One fresh process measuring the code in ``tree``."""
    args = [str(tree), str(rows), str(fraction), str(int(by_state)), str(int(auto_only))]
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def best(runs: list[dict[str, float]]) -> str:
    wall = min(run["wall"] for run in runs)
    cpu = min(run["cpu"] for run in runs)
    return f"{wall:6.2f} s ({cpu:5.2f} CPU)"


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        tree, rows, fraction, by_state, auto_only = argv[1:6]
        child(tree, int(rows), float(fraction), by_state == "1", auto_only == "1")
        return
    options = dict(zip(argv[::2], argv[1::2], strict=False))
    rows = int(options.get("--rows", "100000"))
    repeat = int(options.get("--repeat", "3"))
    trees = {"after": ROOT}
    if "--before" in options:
        trees = {"before": Path(options["--before"]).resolve(), **trees}
    print(f"{rows:,} matches, one update accepting some; best of {repeat} fresh processes")
    for label, by_state, auto_only in SCENARIOS:
        for fraction in FRACTIONS:
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
            for _ in range(repeat):
                for name, tree in trees.items():  # alternating: noise hits both alike
                    runs[name].append(measured(tree, rows, fraction, by_state, auto_only))
            figures = "   ".join(f"{name} {best(took)}" for name, took in runs.items())
            print(f"accept {int(rows * fraction):>7,} {label:<16} {figures}")


if __name__ == "__main__":
    main(sys.argv[1:])
