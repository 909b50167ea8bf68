"""Overlapping downloads in the real window with no workspace open: each movement is shown
once, identical real rows and other accounts' movements are not taken for repeats, taking
the earlier file out keeps the later file's copies, and the report's bridges tie.

The window, its Statements screen and the import wizard's answers go through the real
widgets and the real engine (``EngineServices`` with no workspace); the import runs on the
task runner's worker thread, as in the application.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.services import ColumnMapping
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.ui_state import UiState
from tests.export.readback import cell_values, read_report
from tests.statements.overlap_files import (
    ACCOUNT,
    BRIDGE_TITLE,
    FEBRUARY_BRIDGE,
    JANUARY_BRIDGE,
    write_overlapping,
)
from tests.ui.fakes import ScriptedDialogs

COFFEE = "2025-03-03,Coffee,-4.50,GBP\n"
Shown = tuple[str, str, str]  # statement, row, description, as the table shows them


@pytest.fixture
def session_window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    """The window over the real engine, with no workspace open."""
    services = EngineServices(ProviderSettings(tmp_path / "providers.toml"))
    window = MainWindow(services, ScriptedDialogs(), runner, UiState(tmp_path / "ui.ini"))
    qtbot.addWidget(window)
    window.show()
    qtmodeltester.check(window.statements.model)  # stays attached through every change
    window.show_screen("statements")
    yield window
    window.close()


def _dialogs(window: MainWindow) -> ScriptedDialogs:
    dialogs = window.workflows._dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    return dialogs


def _said(prefix: str) -> Callable[[str], bool]:
    return lambda message: message.startswith(prefix)


def _import(qtbot, window: MainWindow, path: Path) -> str:
    """Import through the Import button and the wizard (confirmed as detected); the
    status bar's note."""
    dialogs = _dialogs(window)
    dialogs.answers["choose_statement"] = deque([path])
    dialogs.answers["review_import"] = deque([ColumnMapping(None, {})])
    with qtbot.waitSignal(
        window.workflows.message, timeout=60_000, check_params_cb=_said("Imported")
    ) as blocker:
        window.statements.import_button.click()
    return str(blocker.args[0])


def _remove(qtbot, window: MainWindow, source_file: str) -> str:
    """Remove through the Statements screen's button, confirming; the status bar's note."""
    view = window.statements
    view.file_combo.setCurrentIndex(view.file_combo.findData(source_file))
    _dialogs(window).answers["confirm"] = deque([True])
    with qtbot.waitSignal(
        window.workflows.message, timeout=60_000, check_params_cb=_said("Removed")
    ) as blocker:
        view.remove_button.click()
    return str(blocker.args[0])


def _shown(window: MainWindow) -> list[Shown]:
    model = window.statements.model
    columns = [column_index(model.columns, key) for key in ("file", "row", "description")]
    return sorted(
        tuple(model.index(row, column).data() for column in columns)  # type: ignore[misc]
        for row in range(model.rowCount())
    )


def _csv(folder: Path, name: str, rows: str, account: str = ACCOUNT) -> Path:
    path = folder / name
    path.write_text(f"Account,{account}\n\nDate,Description,Amount,Currency\n{rows}")
    return path


def _export_bridges(qtbot, window: MainWindow, folder: Path) -> list[tuple[object, ...]]:
    """Match, export through the window, and read the report's balance bridge back."""
    qtbot.waitUntil(lambda: not window.runner.active(), timeout=60_000)
    with qtbot.waitSignal(window.session.reconciliation_changed, timeout=60_000):
        window.match_action.trigger()
    report = folder / "report.xlsx"
    _dialogs(window).answers["choose_export_path"] = deque([report])
    with qtbot.waitSignal(window.workflows.message, timeout=60_000, check_params_cb=_said("Exp")):
        window.export_action.trigger()
    return cell_values(read_report(report).summary_block(BRIDGE_TITLE), 9)[1:]


def test_overlapping_downloads_show_each_movement_once_and_their_bridges_tie(
    qtbot, session_window: MainWindow, tmp_path: Path
) -> None:
    window = session_window
    january, february = write_overlapping(tmp_path)
    assert _import(qtbot, window, january) == "Imported 3 lines from jan.csv."
    note = _import(qtbot, window, february)
    assert note == "Imported 2 lines from feb.csv (1 already imported)."
    assert _shown(window) == [
        ("feb.csv", "5", "Salary"),
        ("feb.csv", "6", "Tea"),
        ("jan.csv", "4", "Coffee"),
        ("jan.csv", "5", "Rent"),
        ("jan.csv", "6", "Refund"),
    ]
    assert window.statements.count_label.text() == "5 of 5 statement lines"
    assert _export_bridges(qtbot, window, tmp_path) == [
        ("jan.csv", "GBP", *JANUARY_BRIDGE),
        ("feb.csv", "GBP", *FEBRUARY_BRIDGE),
    ]
    assert len(window.session.reconciliation.lines) == 5  # type: ignore[union-attr]


def test_identical_real_rows_of_one_file_are_both_shown(
    qtbot, session_window: MainWindow, tmp_path: Path
) -> None:
    window = session_window
    _import(qtbot, window, _csv(tmp_path, "two.csv", COFFEE * 2))
    assert _shown(window) == [("two.csv", "4", "Coffee"), ("two.csv", "5", "Coffee")]
    note = _import(qtbot, window, _csv(tmp_path, "three.csv", COFFEE * 3))
    assert note == "Imported 1 line from three.csv (2 already imported)."
    assert len(_shown(window)) == 3


def test_equal_movements_on_two_accounts_are_both_shown(
    qtbot, session_window: MainWindow, tmp_path: Path
) -> None:
    """A guard: the window kept them before it recognised repeats, and still must."""
    window = session_window
    _import(qtbot, window, _csv(tmp_path, "mine.csv", COFFEE))
    note = _import(qtbot, window, _csv(tmp_path, "other.csv", COFFEE, "GB94BARC10201530093459"))
    assert note == "Imported 1 line from other.csv."
    assert _shown(window) == [("mine.csv", "4", "Coffee"), ("other.csv", "4", "Coffee")]


def test_removing_the_earlier_download_shows_the_later_files_copies(
    qtbot, session_window: MainWindow, tmp_path: Path
) -> None:
    window = session_window
    january, february = write_overlapping(tmp_path)
    _import(qtbot, window, january)
    _import(qtbot, window, february)
    note = _remove(qtbot, window, "jan.csv")
    assert note == "Removed jan.csv. 1 movement stays: feb.csv also holds it."
    assert _shown(window) == [
        ("feb.csv", "4", "Refund"),
        ("feb.csv", "5", "Salary"),
        ("feb.csv", "6", "Tea"),
    ]
    combo = window.statements.file_combo
    assert [combo.itemData(i) for i in range(combo.count())] == [None, "feb.csv"]
    assert combo.currentText() == "Any"  # the removed statement's filter went with it
    assert window.statements.count_label.text() == "3 of 3 statement lines"
    assert _export_bridges(qtbot, window, tmp_path) == [("feb.csv", "GBP", *FEBRUARY_BRIDGE)]
