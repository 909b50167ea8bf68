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
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QWidget

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
DIRECT = Qt.FindChildOption.FindDirectChildrenOnly


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


def _takes_focus(window: MainWindow, widget: QWidget) -> bool:
    """A widget Tab can stop at, on a screen shown or not, enabled or not: it takes Tab
    focus itself (a spin box's inner line edit passes it on) and is in the window (a
    choice's list of choices is a window of its own)."""
    policy = Qt.FocusPolicy.TabFocus
    return (
        widget.focusPolicy() & policy == policy
        and widget.focusProxy() is None
        and widget.window() is window
    )


def _spoken_name(widget: QWidget) -> str:
    """The name a screen reader says for ``widget``, as Qt gives it: the accessible name
    set, else a button's text, else the text of a label whose buddy it is among its
    siblings (where Qt looks for one)."""
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton):
        return widget.text().replace("&", "")
    parent = widget.parentWidget()
    labels = [] if parent is None else parent.findChildren(QLabel, options=DIRECT)
    return next((label.text() for label in labels if label.buddy() is widget), "")


def test_every_widget_the_keyboard_reaches_has_a_name(window: MainWindow) -> None:
    """Every widget of the window that takes Tab focus, on every screen, has a name (its
    own, its text, or a buddy label's): the list of screens, the match's explanation and
    card, the discrepancy's detail and the settings page (scroll areas the keyboard
    scrolls), the Overview chart, the Invoices dates and the matching settings' fields
    had none, and a screen reader said only "list", "scroll area" or "spin box". A widget
    added later is checked too."""
    window.banners.show_error("Could not fetch", "Content Ignite: timed out", "trace")
    reached = [w for w in window.findChildren(QWidget) if _takes_focus(window, w)]
    unnamed = [
        f"{type(w).__name__} {w.objectName()!r}" for w in reached if not _spoken_name(w).strip()
    ]
    assert unnamed == []
    for screen in (*SCREENS, "settings"):
        assert any(getattr(window, screen).isAncestorOf(w) for w in reached), screen
    assert window.nav in reached
    assert window.nav.accessibleName() == "Screens"
    form = window.settings.form
    tolerance = form.findChild(QWidget, "setting amount_tolerance_absolute")
    assert tolerance is not None
    assert tolerance in reached
    assert _spoken_name(tolerance) == "Amount tolerance"


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
