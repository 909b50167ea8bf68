"""How long the window stops answering while it exports a large workspace's report.

The real window over the real engine and a workspace: a csv of ROWS lines paying ROWS
invoices is imported through the window (its worker), the invoices handed to the
session, matching run, DECISIONS of its matches accepted and matching run again, so the
run shown holds them. Then two exports through the window's Export:

- "as shown": the first of the process, of the run shown (nothing changed since it ran);
- "after a decision": one more match accepted first, so the export runs matching again
  on its worker and the run it made lands on the screens (``adopt_run``).

A 5 ms ``QTimer`` on the GUI thread notes the longest gap between its ticks from the
click until the export has landed and a second more: the longest the window could not
repaint or answer a click; and how much of that gap was the GUI thread's own CPU time
(``time.thread_time``): the rest it waited, for the interpreter lock or, on a busy
machine, for a core. Also timed: the GUI thread's share at the click (the slot that
asks for the path and starts the worker) and at the landing (``Workflows._exported``),
and the export's wall time.

``--before PATH`` measures a tree of older code in the same run, alternating with this
one (only same-run figures compare), e.g. ``git archive <commit> | tar -x -C /tmp/old``.

Run: ``python benchmarks/bench_export_window.py [--rows N] [--decisions N] [--repeat R]
[--before PATH]`` (offscreen; a minute or so per process at 20,000 rows).
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


def child(tree: str, rows: int, decisions: int) -> None:
    """One measurement on the code in ``tree``, printed as one JSON line."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, tree)
    sys.path.insert(1, str(ROOT / "benchmarks"))
    folder = Path(tempfile.mkdtemp(prefix="bench-export-window-"))
    try:
        print(json.dumps(_measure(folder, rows, decisions)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _measure(folder: Path, rows: int, decisions: int) -> dict[str, float]:
    from collections import deque

    from paid_one_to_one import paid_one_to_one
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.backend.engine_services import EngineServices
    from desktop_app.ui.backend.provider_settings import ProviderSettings
    from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.tasks import TaskRunner
    from desktop_app.ui.ui_state import UiState
    from desktop_app.workspace import RecentWorkspaces
    from tests.ui.fakes import ScriptedDialogs

    app = QApplication([])
    # While an export is measured, wait for the next event (the heartbeat's, at least),
    # as the window's own loop does: a loop polling instead would take the interpreter
    # lock from the export's worker all the time.
    wait = QEventLoop.ProcessEventsFlag.WaitForMoreEvents
    invoices, lines, _ = paid_one_to_one(rows)
    statement = folder / "bank.csv"
    with statement.open("w", encoding="utf-8") as file:
        file.write("Date,Description,Reference,Amount,Currency\n")
        for line in lines:
            file.write(
                f"{line.date.isoformat()},{line.description},{line.reference},{line.amount},GBP\n"
            )
    services = EngineServices(
        ProviderSettings(folder / "providers.toml"), WorkspaceBackend(RecentWorkspaces(folder))
    )
    runner = TaskRunner()
    dialogs = ScriptedDialogs()
    window = MainWindow(services, dialogs, runner, UiState(folder / "ui.ini"))
    window.resize(1400, 900)
    window.show()
    window.show_screen("reconcile")
    flows, session = window.workflows, window.session
    said: list[str] = []
    flows.message.connect(said.append)

    def until_done(start: Callable[[], object]) -> None:
        said.clear()
        start()
        while not said or runner.active() or runner.releasing:
            app.processEvents()

    opened: list[object] = []
    flows.workspace_opened.connect(opened.append)
    flows.open_workspace(folder / "books.reconcile", create=True)
    while not opened:
        app.processEvents()
    until_done(lambda: flows.import_files([statement]))
    session.set_invoices(invoices)
    until_done(flows.run_matching)
    shown = list(session.matches)
    for start in range(0, decisions, 2_000):
        session.accept(shown[start : min(start + 2_000, decisions)])
    until_done(flows.run_matching)

    figures: dict[str, float] = {}
    gui: dict[str, float] = {}
    _timed(flows, "_exported", gui, "landing")
    for label, decide in (("shown", False), ("decided", True)):
        if decide:
            undecided = ("AUTO", "SUGGESTED")
            session.accept([next(m for m in session.matches if m.state.name in undecided)])
        dialogs.answers["choose_export_path"] = deque([folder / f"{label}.xlsx"])
        gaps: list[tuple[float, float]] = []  # (wall, the GUI thread's own CPU) per tick
        clock = QElapsedTimer()
        cpu = [time.thread_time()]

        def tick(
            gaps: list[tuple[float, float]] = gaps, clock: Any = clock, cpu: list[float] = cpu
        ) -> None:
            now = time.thread_time()
            gaps.append((clock.restart() / 1000, now - cpu[0]))
            cpu[0] = now

        beat = QTimer()
        beat.setInterval(HEARTBEAT_MS)
        beat.timeout.connect(tick)
        beat.start()
        clock.start()
        said.clear()
        began = time.perf_counter()
        flows.export()
        figures[f"{label} click"] = time.perf_counter() - began
        while not said or runner.active():
            app.processEvents(wait)
        figures[f"{label} export"] = time.perf_counter() - began
        settle = time.perf_counter() + SETTLE_S
        while time.perf_counter() < settle:
            app.processEvents(wait)
        tick()
        beat.stop()
        assert said[-1].startswith("Exported"), said
        longest = max(gaps)
        figures[f"{label} stall"] = longest[0]
        figures[f"{label} stall: GUI's own CPU"] = longest[1]
        figures[f"{label} stalls over 0.1 s"] = sum(1 for gap, _ in gaps if gap > 0.1)
        figures[f"{label} landing"] = gui.pop("landing", 0.0)
    window.close()
    runner.shutdown()
    services.workspace.close()
    return figures


def _timed(owner: Any, name: str, log: dict[str, float], label: str) -> None:
    """Wrap ``owner.name`` so its time is kept under ``label``."""
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            log[label] = time.perf_counter() - start

    setattr(owner, name, wrapper)


def measured(tree: Path, rows: int, decisions: int) -> dict[str, float]:
    """One fresh process measuring the code in ``tree``."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(tree), str(rows), str(decisions)],
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
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--decisions", type=int, default=None, help="default: all rows but one")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--before", type=Path, default=None)
    args = parser.parse_args(argv)
    decisions = args.rows - 1 if args.decisions is None else args.decisions
    trees = {"after": ROOT} if args.before is None else {"before": args.before, "after": ROOT}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for _ in range(args.repeat):
        for name, tree in trees.items():
            runs[name].append(measured(tree, args.rows, decisions))
    print(f"{args.rows:,} invoices and lines, {decisions:,} decisions; load {_load()}")
    keys = list(runs["after"][0])
    print(f"{'':34}" + "".join(f"{name:>24}" for name in trees))
    for key in keys:
        cells = []
        for name in trees:
            values = [run[key] for run in runs[name]]
            cells.append(", ".join(_said(key, value) for value in values))
        print(f"{key:34}" + "".join(f"{cell:>24}" for cell in cells))


def _said(key: str, value: float) -> str:
    return f"{value:.0f}" if key.endswith("over 0.1 s") else f"{value:.3f}"


def _load() -> str:
    return " ".join(f"{figure:.1f}" for figure in os.getloadavg())


if __name__ == "__main__":
    main(sys.argv[1:])
