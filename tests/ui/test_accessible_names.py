"""Screen readers name every table, filter box and choice on the main screens, and A, R
or U pressed with no match selected says why nothing happened.

Before, the matches table, the unmatched tables, the state combo ("All matches") and the
filter boxes had empty accessible names, and the combo no label; A, R and U with nothing
selected did nothing and said nothing. The real window, engine and workspace file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from desktop_app.domain import DecisionKind
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.views.reconcile_view import NOTHING_SELECTED
from desktop_app.ui.views.search_box import SearchBox
from desktop_app.ui.views.table_view import DomainTableView
from tests.ui import factories as f
from tests.ui.engine_window import matched_window

INVOICES = tuple(f.invoice(i, f"{i}50.00") for i in (1, 2))
LINES = tuple(f.line(10 + i, f"-{i}50.00", description=f"Payment INV-{i:05d}") for i in (1, 2))
SCREENS = ("overview", "invoices", "statements", "reconcile", "discrepancies")


@pytest.fixture
def window(
    qtbot, qtmodeltester, runner: TaskRunner, tmp_path: Path, event_loop_qt
) -> Iterator[MainWindow]:
    with matched_window(qtbot, qtmodeltester, runner, tmp_path, INVOICES, LINES) as shown:
        shown.activateWindow()
        qtbot.waitUntil(shown.isActiveWindow)
        yield shown


def _unnamed(screen: QWidget) -> list[str]:
    widgets: list[QWidget] = [
        *screen.findChildren(DomainTableView),
        *screen.findChildren(SearchBox),
        *screen.findChildren(QComboBox),
    ]
    return [f"{type(w).__name__} {w.objectName()!r}" for w in widgets if not w.accessibleName()]


def test_every_table_filter_and_choice_on_the_main_screens_has_a_name(
    window: MainWindow,
) -> None:
    unnamed = {name: _unnamed(getattr(window, name)) for name in SCREENS}
    assert unnamed == {name: [] for name in SCREENS}
    view = window.reconcile
    assert view.table.accessibleName() == "Matches table"
    assert view.invoices_panel.table.accessibleName() == "Unmatched invoices table"
    assert view.lines_panel.table.accessibleName() == "Unmatched lines table"
    assert view.search.accessibleName() == (
        "Filter matches: invoice, description, statement, explanation"
    )
    assert view.state_combo.accessibleName() == "Show matches"
    assert view.state_label.buddy() is view.state_combo


@pytest.mark.parametrize("key", [Qt.Key.Key_A, Qt.Key.Key_R, Qt.Key.Key_U])
def test_a_review_key_with_no_match_selected_says_to_select_one(
    qtbot, window: MainWindow, key: Qt.Key
) -> None:
    view = window.reconcile
    view.table.clearSelection()
    view.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.table)
    said: list[str] = []
    view.refused.connect(lambda _title, message: said.append(message))

    qtbot.keyClick(view.table, key)

    assert said == [NOTHING_SELECTED]
    assert NOTHING_SELECTED == (
        "Select a match first: A accepts, R rejects and U unmatches the matches selected "
        "in the matches table."
    )
    assert [b.message for b in window.banners.banners()] == said
    assert view.table.selected_items() == []  # no row jumped to by its first letter
    services = window.services
    assert isinstance(services, EngineServices)
    trail = [e.decision.kind for e in services.workspace.workspace.audit()]
    assert DecisionKind.ACCEPT not in trail
    assert DecisionKind.REJECT not in trail
