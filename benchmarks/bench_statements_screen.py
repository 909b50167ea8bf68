"""The Statements screen at 200,000 lines: sorting, filtering and a run landing.

Tester O found each sort or filter of 200,000 lines holding the window 0.3-0.85 s, and
the screen's Match filter too as a run landed. A big month (``generate_scenario``: 20,000
invoices, 200,000 lines, matched by the real engine) is shown in the real window
(``MainWindow`` over the test services, as ``bench_month_landing.py``), the Statements
screen shown, a row selected, then, one step at a time:

- "land (Match: Unmatched)": the Match filter set to Unmatched, then a matching run
  landing (the screen filters every line by its state again);
- "sort <column>": each column's header clicked, then the Match column's again
  (descending);
- "filter 'card'", "filter 'card 1'", "filter cleared": typed into the filter box
  (applied as the debounce would);
- "Match: Matched", "Match: Any": the Match filter chosen.

Each step is timed from the action until its rows are shown (on a worker, until the
arrangement lands) and half a second more: the longest gap of a 5 ms heartbeat on the
GUI thread (the longest the window could not repaint or answer), the GUI thread's own
CPU (``time.thread_time``) and the process's (every thread). Each step's rows (their
keys, in order) are hashed, so that the trees compared are seen to show the same rows
in the same order; and whether the selected row is still selected (where shown).

``--before PATH`` measures a tree of older code in the same run, alternating with this
one (only same-run figures compare), e.g. ``git archive main | tar -x -C /tmp/old``.

Run: ``python benchmarks/bench_statements_screen.py [--lines N] [--repeat R]
[--before PATH]`` (offscreen; about a minute per process at the default size).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HEARTBEAT_MS = 5
SETTLE_S = 0.5
SEED = 7


def child(tree: str, invoices: int, lines: int) -> None:
    """One measurement on the code in ``tree``, printed as one JSON line."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, tree)
    folder = Path(tempfile.mkdtemp(prefix="bench-statements-"))
    try:
        print(json.dumps(_measure(folder, invoices, lines)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _measure(folder: Path, invoice_count: int, line_count: int) -> dict[str, Any]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.matching.engine import reconcile
    from desktop_app.matching.scenarios import generate_scenario
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.tasks import TaskRunner
    from desktop_app.ui.ui_state import UiState
    from tests.ui.fakes import MemoryServices, ScriptedDialogs

    app = QApplication([])
    wait = QEventLoop.ProcessEventsFlag.WaitForMoreEvents
    scenario = generate_scenario(seed=SEED, invoices=invoice_count, lines=line_count)
    run = reconcile(scenario.invoices, scenario.lines, scenario.settings)
    services = MemoryServices(
        invoices=scenario.invoices,
        statements={"bank.csv": scenario.lines},
        reconciliation=run,
        honour_decisions=True,
    )
    runner = TaskRunner()
    window = MainWindow(services, ScriptedDialogs(), runner, UiState(folder / "ui.ini"))
    window.resize(1400, 900)
    window.show()
    window.show_screen("statements")
    flows, session, view = window.workflows, window.session, window.statements
    model, table = view.model, view.table
    session.set_invoices(scenario.invoices)
    session.add_lines({line.key: line for line in scenario.lines}, "bank.csv")

    gaps: list[float] = []
    clock = QElapsedTimer()
    beat = QTimer()
    beat.setInterval(HEARTBEAT_MS)
    beat.timeout.connect(lambda: gaps.append(clock.restart() / 1000))

    def landed() -> None:
        """Until nothing is under way: a run, a release, the screen's arrangement."""
        while runner.active() or runner.releasing or getattr(model, "arranging", False):
            app.processEvents(wait)

    def rows() -> str:
        keys = repr([model.key_at(row) for row in range(model.rowCount())])
        return hashlib.sha256(keys.encode()).hexdigest()[:12]

    figures: dict[str, Any] = {}
    chosen: list[Any] = []

    def step(label: str, act: Any) -> None:
        landed()
        app.processEvents()
        gaps.clear()
        clock.start()
        beat.start()
        began, gui, cpu = time.perf_counter(), time.thread_time(), time.process_time()
        act()
        landed()
        shown = time.perf_counter() - began
        end = time.perf_counter() + SETTLE_S
        while time.perf_counter() < end:
            app.processEvents(wait)
        gaps.append(clock.restart() / 1000)
        beat.stop()
        selected = [model.key_at(row) for row in table.selected_rows()]
        figures[label] = {
            "longest stall": max(gaps),
            "GUI CPU": time.thread_time() - gui,
            "CPU": time.process_time() - cpu,
            "shown after": shown,
            "rows": f"{model.rowCount()} {rows()}",
            "selection kept": None if model.row_of(chosen[0]) is None else chosen[0] in selected,
        }

    flows.run_matching()
    landed()
    table.selectRow(model.rowCount() // 3)
    chosen.append(model.key_at(table.selected_rows()[0]))
    unmatched = view.match_combo.findText("Unmatched")
    view.match_combo.setCurrentIndex(unmatched)
    landed()
    step("land (Match: Unmatched)", lambda: (flows.run_matching(), landed()))
    view.match_combo.setCurrentIndex(0)
    landed()
    header = table.horizontalHeader()
    ascending, descending = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
    for column, spec in enumerate(model.columns):
        step(f"sort {spec.key}", lambda c=column: header.setSortIndicator(c, ascending))
    step(
        "sort match, descending",
        lambda: header.setSortIndicator(len(model.columns) - 1, descending),
    )

    def typed(text: str) -> None:
        view.search.setText(text)
        view.search._emit()  # as the debounce does

    step("filter 'card'", lambda: typed("card"))
    step("filter 'card 1'", lambda: typed("card 1"))
    step("filter cleared", lambda: typed(""))
    matched = view.match_combo.findText("Matched")
    step("Match: Matched", lambda: view.match_combo.setCurrentIndex(matched))
    step("Match: Any", lambda: view.match_combo.setCurrentIndex(0))
    window.close()
    runner.shutdown()
    return figures


def measured(tree: Path, invoices: int, lines: int) -> dict[str, Any]:
    """One fresh process measuring the code in ``tree``."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(tree), str(invoices), str(lines)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        child(argv[1], int(argv[2]), int(argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invoices", type=int, default=20_000)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--before", type=Path, default=None)
    args = parser.parse_args(argv)
    trees = {"after": ROOT} if args.before is None else {"before": args.before, "after": ROOT}
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    for _ in range(args.repeat):
        for name, tree in trees.items():  # alternating: noise hits both alike
            runs[name].append(measured(tree, args.invoices, args.lines))
    print(f"{args.invoices:,} invoices, {args.lines:,} lines; load {_load()}; seconds")
    figures = ("longest stall", "GUI CPU", "CPU", "shown after")
    for name in trees:
        print(f"\n{name}: " + " | ".join(figures) + " (each run)")
        for label in runs[name][0]:
            cells = [
                ", ".join(f"{run[label][figure]:.3f}" for run in runs[name]) for figure in figures
            ]
            print(f"  {label:26} " + " | ".join(cells))
    print("\nrows shown (count, hash of their keys in order); selection kept:")
    for label in runs["after"][0]:
        seen = {name: {(run[label]["rows"], run[label]["selection kept"]) for run in runs[name]}
                for name in trees}  # fmt: skip
        same = len(set().union(*seen.values())) == 1
        print(f"  {label:26} {'same' if same else 'DIFFERENT'}: {seen}")


def _load() -> str:
    return " ".join(f"{figure:.1f}" for figure in os.getloadavg())


if __name__ == "__main__":
    main(sys.argv[1:])
