"""A large import, or a large workspace opened, lands in the window without the GUI thread
going over every line.

200,000 lines froze the window for 1.4-2.9 s when they arrived: the session built a key
for each line (twice) and compared it with those held, and the unmatched-lines panel
built each one's key again to filter them. The keys are now built on the import's worker
and handed over with the lines; the GUI thread merges them as they come, and the panel
filters on the keys it is given. Opening a workspace of as many lines froze it for a
second the same way (the session keyed them as it loaded them): the open's worker hands
them over keyed too. How long each takes is measured by
benchmarks/bench_import_landing.py; here, through the real window and engine, that the
GUI thread builds a key only for the few rows it paints, and that what lands is right.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop_app.domain import LineKey, StatementLine
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import ColumnMapping
from desktop_app.ui.tasks import TaskRunner
from desktop_app.workspace import Workspace
from tests.ui import factories as f
from tests.ui.engine_window import dialogs_of, engine_window, statements_window
from tests.ui.fakes import ScriptedDialogs

LINES = 20_000


def _statement(path: Path) -> Path:
    rows = (f"2025-03-{1 + row % 28:02d},Payment {row},-{row}.00" for row in range(LINES))
    path.write_text("Date,Description,Amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


class _KeysOnGuiThread:
    """Counts the line keys built on the GUI thread (``StatementLine.key``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        built = StatementLine.key.fget
        assert built is not None

        def key(line: StatementLine) -> LineKey:
            if threading.current_thread() is threading.main_thread():
                self.count += 1
            return built(line)

        monkeypatch.setattr(StatementLine, "key", property(key))


@pytest.fixture(params=["session", "workspace"])
def window(
    request: pytest.FixtureRequest,
    qtbot: Any,
    qtmodeltester: Any,
    runner: TaskRunner,
    tmp_path: Path,
    event_loop_qt: object,
) -> Iterator[MainWindow]:
    with statements_window(
        request.param, qtbot, qtmodeltester, runner, tmp_path, ScriptedDialogs()
    ) as window:
        yield window


def test_a_large_import_lands_without_a_key_built_per_line_on_the_gui_thread(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    statement = _statement(tmp_path / "big.csv")
    keys = _KeysOnGuiThread(monkeypatch)
    dialogs = dialogs_of(window, ScriptedDialogs)
    dialogs.answers["choose_statement"] = deque([statement])
    dialogs.answers["review_import"] = deque([ColumnMapping(None, {}, currency="GBP")])
    with qtbot.waitSignal(window.session.lines_changed, timeout=120_000):
        window.statements.import_button.click()
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
    qtbot.wait(50)  # the views have painted what they show

    assert keys.count < 500, f"{keys.count:,} line keys were built on the GUI thread"
    held = window.session.lines_by_key()
    assert len(held) == LINES
    assert all(key == line.key for key, line in held.items())
    assert window.statements.model.rowCount() == LINES
    assert window.statements.count_label.text() == f"{LINES:,} of {LINES:,} statement lines"
    panel = window.reconcile.lines_panel
    assert panel.model.rowCount() == LINES  # no run yet: every line is unmatched
    assert panel.model.item_for(LineKey("big.csv", 2)) == held[LineKey("big.csv", 2)]


def _stored_workspace(path: Path) -> Path:
    """A workspace holding one statement of LINES lines (rows 2 on), written directly."""
    lines = [
        f.line(row, f"-{row}.00", source="big.csv", description=f"Payment {row}")
        for row in range(2, LINES + 2)
    ]
    with Workspace.create(path) as workspace:
        workspace.add_statement("big.csv", "0" * 64, {"format": "csv"}, lines)
    return path


def test_a_large_workspace_opens_without_a_key_built_per_line_on_the_gui_thread(
    qtbot: Any,
    qtmodeltester: Any,
    runner: TaskRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    event_loop_qt: object,
) -> None:
    """The open's worker hands the lines over keyed; they are shown, and found by key
    (the filter, a selection, the unmatched lines' reveal), as a session's own are."""
    path = _stored_workspace(tmp_path / "books.reconcile")
    with engine_window(
        qtbot,
        runner,
        tmp_path,
        ScriptedDialogs(),
        qtmodeltester=qtmodeltester,
        checked=("statements", "reconcile"),
        screen="statements",
    ) as window:
        keys = _KeysOnGuiThread(monkeypatch)
        with qtbot.waitSignal(window.workflows.workspace_opened, timeout=60_000):
            window.workflows.open_workspace(path)
        qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
        qtbot.wait(50)  # the views have painted what they show

        assert keys.count < 500, f"{keys.count:,} line keys were built on the GUI thread"
        held = window.session.lines_by_key()
        assert len(held) == LINES
        assert all(key == line.key for key, line in held.items())
        assert window.session.statements == ["big.csv"]
        view = window.statements
        assert view.model.rowCount() == LINES
        assert view.count_label.text() == f"{LINES:,} of {LINES:,} statement lines"

        wanted = LineKey("big.csv", 12_345)
        qtbot.keyClicks(view.search, "Payment 12345")
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
        assert view.model.rowCount() == 1
        assert view.model.key_at(0) == wanted
        view.table.select_keys([wanted])
        assert view.table.selected_items() == [held[wanted]]

        window.show_screen("reconcile")
        panel = window.reconcile.lines_panel
        assert panel.model.rowCount() == LINES  # no run: every line is unmatched
        assert panel.model.item_for(wanted) == held[wanted]
        assert panel.reveal([wanted])
        assert panel.table.selected_keys() == [wanted]
        assert panel.table.current_item() == held[wanted]
