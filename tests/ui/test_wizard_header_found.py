"""A file the import refuses for a missing column (no amount) opens the wizard with the
header row and the date column the import found set, as its refusal on the command line
names them: the accountant only gives the amount. Import without one is still refused,
clearly, and nothing is written to the workspace. The real window, wizard, engine and
workspace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.ui.dialogs.import_wizard import ROLES_LEFT, ImportWizard
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.preview import ColumnRoleModel
from desktop_app.ui.tasks import TaskRunner
from tests.ui.engine_window import WizardDialogs, engine_window, start_import
from tests.ui.test_map_by_hand import _set_role

NO_AMOUNT = "Date,Description,Reference\n01/10/2025,A,R1\n02/10/2025,B,R2\n"
# Most dated rows are notes without an amount: detection takes no column for amounts.
SPARSE = (
    "Date,Description,Paid\n"
    "01/10/2025,Rent,-900.00\n"
    "01/10/2025,Note 1,\n"
    "02/10/2025,Note 2,\n"
    "03/10/2025,Note 3,\n"
    "04/10/2025,Fee,-4.00\n"
)


@pytest.fixture
def app(
    qtbot: Any, qtmodeltester: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[tuple[MainWindow, WizardDialogs]]:
    """The window on a workspace; the wizard's models checked each time it opens."""
    dialogs = WizardDialogs(qtbot, qtmodeltester)
    with engine_window(
        qtbot, runner, tmp_path, dialogs, workspace=tmp_path / "books.reconcile"
    ) as window:
        yield window, dialogs


def _columns(wizard: ImportWizard) -> list[tuple[str, str]]:
    """Each column's header and role, as the wizard's column table shows them."""
    model = wizard.columns_model
    return [
        (
            model.index(row, 1).data(),
            model.index(row, ColumnRoleModel.ROLE_COLUMN).data(),
        )
        for row in range(model.rowCount())
    ]


def _offers_row_1(wizard: ImportWizard, name: str) -> None:
    """Row 1 set as the header, its names heading the columns, the dates under it as the
    booking date and nothing else given a role; the note says so."""
    assert wizard.header_row() == 1
    assert wizard.header_spin.text() == "1"
    note = wizard.not_detected_label.text()
    assert note.startswith(f"{name}: no transactions found (no column holds amounts on the ")
    assert "Row 1 is set as the header, and the dates under it as the booking date" in note
    assert "--mapping" not in note
    assert wizard.summary_label.text() == ROLES_LEFT
    assert wizard.columns_model.chosen() == frozenset()  # offered, none set by hand


def test_the_header_the_import_found_is_offered_and_import_without_an_amount_is_refused(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    window, dialogs = app
    path = tmp_path / "no-amount.csv"
    path.write_text(NO_AMOUNT, encoding="utf-8")
    workspace = window.services.workspace.workspace  # type: ignore[attr-defined]

    def offered(wizard: ImportWizard) -> None:
        _offers_row_1(wizard, "no-amount.csv")
        assert _columns(wizard) == [
            ("Date", "Booking date"),
            ("Description", "(ignore)"),
            ("Reference", "(ignore)"),
        ]

    def refused(wizard: ImportWizard) -> bool:
        assert wizard.refused_label.isVisibleTo(wizard)
        assert wizard.refused_label.text().startswith(
            "Not imported: no-amount.csv: no transactions found (no column holds amounts"
        )
        assert wizard.header_row() == 1  # what was set stays set
        assert _columns(wizard)[0] == ("Date", "Booking date")
        return False  # Cancel

    start_import(window, dialogs, path, offered, refused)
    qtbot.waitUntil(
        lambda: dialogs.reviews() == 2 and not dialogs.steps and not window.runner.active(),
        timeout=60_000,
    )
    assert len(window.session.lines) == 0
    assert workspace.statement_files() == ()
    assert len(workspace.load_lines()) == 0
    assert len(workspace.audit()) == 0
    assert not workspace.import_warnings()
    assert [banner.level for banner in window.banners.banners()] == []


def test_with_the_header_offered_only_the_amount_is_left_to_give(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    window, dialogs = app
    path = tmp_path / "sparse.csv"
    path.write_text(SPARSE, encoding="utf-8")

    def give_the_amount(wizard: ImportWizard) -> None:
        _offers_row_1(wizard, "sparse.csv")
        _set_role(wizard, 2, "amount")

    with qtbot.waitSignal(window.session.lines_changed, timeout=60_000):
        start_import(window, dialogs, path, give_the_amount)
    assert [
        (line.row, line.date.isoformat(), str(line.amount)) for line in window.session.lines
    ] == [(2, "2025-10-01", "-900.00"), (6, "2025-10-04", "-4.00")]
