"""A matching run landing on a big month, and the Overview shown after a decision.

A big month: 20,000 invoices and 200,000 statement lines (``generate_scenario``: clean
payments, short and long ones, duplicates, currency mismatches, noise), matched by the
real engine (``matching.engine.reconcile``: about 16,600 matches, 187,000
discrepancies). The real window (``MainWindow``) shows it over the test services, whose
run hands that reconciliation back on the run's worker, as the engine's would, so that
each process times the window, not the engine again:

- "open": the first run landing on empty screens, the Reconcile screen shown (as a
  workspace opens and matching runs);
- "match again": 2,000 of its matches accepted, then Match again landing (a run that
  shows the decisions: the window keeps its undo history, ``adopt_run``);
- "overview": one more match accepted on the Reconcile screen, then the Overview shown.

Timed on the GUI thread: the landing's slot (``Workflows._matched``: the session taking
the run and every screen resetting) and showing the Overview (``show_screen``), wall and
the GUI thread's own CPU (``time.thread_time``); and a 5 ms heartbeat's longest gap from
the start of the run (or the click) until it has landed and a second more: the longest
the window could not repaint or answer. "overview ready" is from the click until its
figures are shown (on the old code, the click's own time: it worked them out there).

``--before PATH`` measures a tree of older code in the same run, alternating with this
one (only same-run figures compare), e.g. ``git archive main | tar -x -C /tmp/old``.

Run: ``python benchmarks/bench_month_landing.py [--invoices N] [--lines N] [--repeat R]
[--before PATH]`` (offscreen; about a minute per process at the default size).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HEARTBEAT_MS = 5
SETTLE_S = 1.0
SEED = 7
ACCEPTED = 2_000


def child(tree: str, invoices: int, lines: int) -> None:
    """One measurement on the code in ``tree``, printed as one JSON line."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, tree)
    folder = Path(tempfile.mkdtemp(prefix="bench-month-landing-"))
    try:
        print(json.dumps(_measure(folder, invoices, lines)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _measure(folder: Path, invoice_count: int, line_count: int) -> dict[str, float]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
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
    window.show_screen("reconcile")
    flows, session = window.workflows, window.session
    session.set_invoices(scenario.invoices)
    session.add_lines({line.key: line for line in scenario.lines}, "bank.csv")

    gui: dict[str, tuple[float, float]] = {}
    _timed(type(flows), "_matched", gui, "landing")
    figures: dict[str, float] = {}
    gaps: list[float] = []
    clock = QElapsedTimer()
    beat = QTimer()
    beat.setInterval(HEARTBEAT_MS)
    beat.timeout.connect(lambda: gaps.append(clock.restart() / 1000))

    def beating() -> None:
        gaps.clear()
        clock.start()
        beat.start()

    def settled() -> float:
        """A second more of the event loop; the longest gap since ``beating``."""
        end = time.perf_counter() + SETTLE_S
        while time.perf_counter() < end:
            app.processEvents(wait)
        gaps.append(clock.restart() / 1000)
        beat.stop()
        return max(gaps)

    for label in ("open", "match again"):
        if label == "match again":
            session.accept(_apart(session, ACCEPTED))
        beating()
        flows.run_matching()
        while runner.active() or runner.releasing:
            app.processEvents(wait)
        figures[f"{label}: longest stall"] = settled()
        wall, cpu = gui.pop("landing")
        figures[f"{label}: landing"] = wall
        figures[f"{label}: landing, GUI CPU"] = cpu

    view = window.overview
    session.accept(_apart(session, 1))
    app.processEvents()
    beating()
    began, cpu = time.perf_counter(), time.thread_time()
    window.show_screen("overview")
    figures["overview: show"] = time.perf_counter() - began
    figures["overview: show, GUI CPU"] = time.thread_time() - cpu
    while "Working out" in view.totals_label.text():
        app.processEvents(wait)
    figures["overview: ready"] = time.perf_counter() - began
    figures["overview: longest stall"] = settled()
    assert "Invoiced" in view.totals_label.text(), view.totals_label.text()
    window.close()
    runner.shutdown()
    return figures


def _apart(session: Any, count: int) -> list[Any]:
    """``count`` of the engine's AUTO matches that no other row shares an invoice or a
    line with: Accept takes them without a question."""
    index = session.index
    alone = [
        match
        for match in session.matches
        if match.state.name == "AUTO"
        and all(len(index.for_invoice(key)) == 1 for key in match.invoice_keys)
        and all(len(index.for_line(key)) == 1 for key in match.line_keys)
    ]
    return alone[:count]


def _timed(owner: Any, name: str, log: dict[str, tuple[float, float]], label: str) -> None:
    """Wrap ``owner.name`` so its wall and GUI-thread CPU time are kept under ``label``."""
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start, cpu = time.perf_counter(), time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            log[label] = (time.perf_counter() - start, time.thread_time() - cpu)

    setattr(owner, name, wrapper)


def measured(tree: Path, invoices: int, lines: int) -> dict[str, float]:
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
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for _ in range(args.repeat):
        for name, tree in trees.items():  # alternating: noise hits both alike
            runs[name].append(measured(tree, args.invoices, args.lines))
    print(f"{args.invoices:,} invoices, {args.lines:,} lines; load {_load()}; seconds")
    print(f"{'':30}" + "".join(f"{name:>26}" for name in trees))
    for key in runs["after"][0]:
        cells = [", ".join(f"{run[key]:.3f}" for run in runs[name]) for name in trees]
        print(f"{key:30}" + "".join(f"{cell:>26}" for cell in cells))


def _load() -> str:
    return " ".join(f"{figure:.1f}" for figure in os.getloadavg())


if __name__ == "__main__":
    main(sys.argv[1:])
