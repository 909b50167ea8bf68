"""How long the window stops answering when a large import lands, and how long the save takes;
then the same when the workspace holding it is opened.

A 200,000-row csv is imported through the real window over the real engine, with a
workspace open (the file is read and saved on a worker thread). A 5 ms ``QTimer`` on the
GUI thread notes the longest gap between its ticks: that is the longest time the window
could not repaint or answer a click. The steps the GUI thread runs when the import lands
(the session taking the lines, the views reloading) are timed one by one, and the worker's
steps by their progress messages.

Then the same statement is imported twice more into the workspace now holding it: the
very file again (known by its content hash), and a later download of it, ``again.csv``,
repeating all its rows and adding one (each line compared with the workspace's). For
these and for the first import as their baseline (nothing held to compare with), in the
same run: the time until the import is shown, when the worker's steps began, and the
longest the status bar went without a progress report, which is how long a Cancel could
wait unseen and the window said nothing new.

The window then opens that workspace again (it is read on a worker thread), timed the same
way: the slot taking what the worker loaded, and the session and views within it. Its
baseline, measured in the same run: keying the lines opened on the GUI thread, which is
what the open did there before its worker keyed them.

Run: ``PYTHONPATH=. python benchmarks/bench_import_landing.py [LINES]`` (offscreen; about
a minute for 200,000 lines on a quiet machine). Figures on a busy machine swing by half:
compare runs made one after the other.
"""

from __future__ import annotations

import functools
import os
import random
import shutil
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.ui.backend.engine_services import EngineServices  # noqa: E402
from desktop_app.ui.backend.provider_settings import ProviderSettings  # noqa: E402
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend  # noqa: E402
from desktop_app.ui.main_window import MainWindow  # noqa: E402
from desktop_app.ui.tasks import TaskRunner  # noqa: E402
from desktop_app.ui.ui_state import UiState  # noqa: E402
from desktop_app.workspace import RecentWorkspaces  # noqa: E402
from tests.ui.fakes import ScriptedDialogs  # noqa: E402

STALL_S = 0.15  # gaps longer than this are listed


def write_statement(path: Path, count: int) -> None:
    """A German bank's csv, as the reviewer's probe wrote it."""
    rnd = random.Random(1)
    with path.open("w", encoding="utf-8") as file:
        file.write("Buchungstag;Valuta;Verwendungszweck;Referenz;Betrag;Waehrung\n")
        for i in range(count):
            day = f"{1 + i % 28:02d}.03.2024"
            amount = f"{rnd.randint(-99999, 99999) / 100:.2f}".replace(".", ",")
            file.write(f"{day};{day};Zahlung {i} Rechnung INV-{i:06d};REF{i};{amount};EUR\n")


class Ticker:
    """Ticks every 5 ms on the GUI thread; keeps the longest gap and those over STALL_S."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.start = self.last = time.perf_counter()
        self.longest = 0.0
        self.stalls: list[tuple[float, float]] = []

    def _tick(self) -> None:
        now = time.perf_counter()
        gap = now - self.last
        if gap > STALL_S:
            self.stalls.append((round(self.last - self.start, 2), round(gap, 3)))
        self.longest = max(self.longest, gap)
        self.last = now


def timed(owner: Any, name: str, log: list[tuple[str, float]], label: str) -> None:
    """Wrap ``owner.name`` so each call's time is logged under ``label``."""
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            log.append((label, time.perf_counter() - start))

    setattr(owner, name, wrapper)


ONE_MORE = "29.03.2024;29.03.2024;Zahlung danach;REFX;-1,00;EUR\n"


class Landing:
    """One import through the window, as its progress reports reached the GUI thread:
    when each step began (by its message's first word) and the longest time without a
    report after a report of each step (the last one's until the import was shown)."""

    def __init__(self) -> None:
        self.begun = self.last = time.perf_counter()
        self.step = "starting"
        self.steps: dict[str, float] = {}
        self.quiet: dict[str, float] = {}
        self.reports = 0
        self.landed = 0.0

    def noted(self, handle: Any) -> None:
        self.reports += 1
        self.heard(handle.message.split(" ")[0] if handle.message else "starting")

    def heard(self, step: str) -> None:
        now = time.perf_counter()
        self.quiet[self.step] = max(self.quiet.get(self.step, 0.0), now - self.last)
        self.steps.setdefault(step, now - self.begun)
        self.last, self.step = now, step

    def steps_text(self) -> str:
        return ", ".join(f"{step} {at:.1f} s" for step, at in self.steps.items())

    def quiet_text(self) -> str:
        return ", ".join(f"{step} {quiet:.2f} s" for step, quiet in self.quiet.items())


def land(app: QApplication, window: MainWindow, path: Path) -> Landing:
    """Import ``path`` and wait until the window has said what came of it."""
    landing = Landing()
    said: list[str] = []
    window.workflows.message.connect(said.append)
    window.runner.progressed.connect(landing.noted)
    window.workflows.import_files([path])
    while not said or window.runner.active():
        app.processEvents()
    landing.heard("shown")
    landing.landed = landing.steps["shown"]
    window.runner.progressed.disconnect(landing.noted)
    window.workflows.message.disconnect(said.append)
    return landing


def main(count: int) -> None:
    # A 200,000-line statement and its workspace take a few hundred MB: removed after.
    folder = Path(tempfile.mkdtemp(prefix="bench-import-landing-"))
    try:
        run(count, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(count: int, folder: Path) -> None:
    app = QApplication.instance() or QApplication([])
    statement = folder / "big.csv"
    write_statement(statement, count)
    services = EngineServices(
        ProviderSettings(folder / "providers.toml"), WorkspaceBackend(RecentWorkspaces(folder))
    )
    runner = TaskRunner()
    window = MainWindow(services, ScriptedDialogs(), runner, UiState(folder / "ui.ini"))
    window.show()
    window.show_screen("statements")
    opened: list[object] = []
    window.workflows.workspace_opened.connect(opened.append)
    window.workflows.open_workspace(folder / "books.reconcile", create=True)
    while not opened:
        app.processEvents()

    gui: list[tuple[str, float]] = []
    timed(
        window.session, "add_lines", gui, "the session takes the lines, the reloads above included"
    )
    timed(window.statements, "_reload", gui, "Statements screen reloads")
    panel = window.reconcile.lines_panel
    name = "set_keyed" if hasattr(panel, "set_keyed") else "set_items"  # before and after
    timed(panel, name, gui, "unmatched lines panel reloads")
    ticker = Ticker()
    ticker.timer.start()
    first = land(app, window, statement)
    settle = time.perf_counter() + 1.0
    while time.perf_counter() < settle:
        app.processEvents()
    ticker.timer.stop()

    print(f"{count:,} lines imported and shown in {first.landed:.1f} s")
    print(f"worker steps began at: {first.steps_text()}")
    for label, took in gui:
        print(f"  GUI thread: {label}: {took:.3f} s")
    print(f"longest GUI-thread stall: {ticker.longest:.3f} s")
    print(f"stalls over {STALL_S} s (at, length): {ticker.stalls}")

    again = folder / "again.csv"
    again.write_text(statement.read_text(encoding="utf-8") + ONE_MORE, encoding="utf-8")
    print("\nimported into the workspace holding it (the first import is the baseline):")
    for label, landing in (
        ("first import (baseline)", first),
        ("the same file again", land(app, window, statement)),
        ("a download repeating it all, and one more", land(app, window, again)),
    ):
        print(f"  {label}: shown in {landing.landed:.1f} s, {landing.reports} reports")
        print(f"    steps began at: {landing.steps_text()}")
        print(f"    longest without a report after each step's: {landing.quiet_text()}")

    open_again(app, window, runner, folder / "books.reconcile")
    window.close()
    runner.shutdown()
    services.workspace.close()
    # The dialogs' answers are unused: nothing is asked when files are imported directly.
    assert not deque(window.workflows._dialogs.asked)  # type: ignore[attr-defined]


def open_again(app: QApplication, window: MainWindow, runner: TaskRunner, books: Path) -> None:
    """Open ``books`` again in ``window``: the open's GUI-thread steps, its longest stall,
    and the baseline (keying the lines it opened on the GUI thread, as it did before)."""
    gui: list[tuple[str, float]] = []
    flows = window.workflows
    timed(flows, "_workspace_loaded", gui, "the slot taking the workspace loaded, all of it")
    timed(window.session, "load", gui, "the session loads it, the reloads below included")
    timed(window.statements, "_reload", gui, "Statements screen reloads")
    timed(window.reconcile.lines_panel, "set_keyed", gui, "unmatched lines panel reloads")
    opened: list[object] = []
    flows.workspace_opened.connect(opened.append)
    ticker = Ticker()
    ticker.timer.start()
    begun = time.perf_counter()
    flows.open_workspace(books)
    while not opened or runner.active():
        app.processEvents()
    shown = time.perf_counter() - begun
    settle = time.perf_counter() + 1.0
    while time.perf_counter() < settle:
        app.processEvents()
    ticker.timer.stop()
    lines = window.session.lines
    start = time.perf_counter()
    keyed = {line.key: line for line in lines}
    baseline = time.perf_counter() - start
    del keyed

    print(f"\nthe workspace's {len(lines):,} lines opened and shown in {shown:.1f} s")
    for label, took in gui:
        print(f"  GUI thread: {label}: {took:.3f} s")
    print(f"  baseline: keying the lines on the GUI thread, as the open did: {baseline:.3f} s")
    print(f"longest GUI-thread stall: {ticker.longest:.3f} s")
    print(f"stalls over {STALL_S} s (at, length): {ticker.stalls}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
