"""A mapping profile through the real window, the real import wizard and the real engine.

The accountant corrects January's file in the wizard (a column's role, the currency) and
saves a profile; February's file, with the same header, opens in the wizard with the
profile already applied and imports as corrected without a touch; after the workspace is
closed and the application started again, March's does too. The same goes for a date
order the accountant corrected: a file whose dates cannot say which order they are in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox

from desktop_app.domain import StatementLine
from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.preview import ColumnRoleModel
from desktop_app.ui.tasks import TaskRunner
from tests.ui.engine_window import Step, WizardDialogs, engine_window, import_with_wizard


def _bank_file(folder: Path, month: int) -> Path:
    path = folder / f"bank-2024-{month:02d}.csv"
    path.write_text(
        f"Buchung,Text,Umsatz\n02/{month:02d}/2024,Rent,-800.00\n03/{month:02d}/2024,Coffee,-4.50\n"
    )
    return path


@pytest.fixture
def start_app(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[Callable[[], tuple[MainWindow, WizardDialogs]]]:
    """Starts the application on the month-end workspace; each call is a fresh start (the
    previous window closed and its workspace closed with it)."""
    with ExitStack() as opened:

        def start() -> tuple[MainWindow, WizardDialogs]:
            opened.close()
            dialogs = WizardDialogs(qtbot)
            workspace = tmp_path / "month-end.reconcile"
            window = opened.enter_context(
                engine_window(qtbot, runner, tmp_path, dialogs, workspace=workspace)
            )
            return window, dialogs

        yield start


def _import(
    qtbot: Any, window: MainWindow, dialogs: WizardDialogs, path: Path, step: Step
) -> list[StatementLine]:
    import_with_wizard(qtbot, window, dialogs, path, step)
    return [line for line in window.session.lines if line.source_file == path.name]


def _correct_and_save(wizard: ImportWizard) -> None:
    """'Text' is the payment reference here, the file is in euros: saved as 'Bank X'."""
    assert wizard.currency_combo.itemText(0) == "none stated in the file"  # as its note says
    table, model = wizard.columns_table, wizard.columns_model
    table.edit(model.index(1, ColumnRoleModel.ROLE_COLUMN))
    editor = table.findChild(QComboBox)
    assert editor is not None
    editor.setCurrentText("Reference")
    table.commitData(editor)
    wizard.currency_combo.setCurrentIndex(wizard.currency_combo.findData("EUR"))
    wizard.save_check.setChecked(True)
    wizard.profile_edit.setText("Bank X")


def _profile_applied(wizard: ImportWizard) -> None:
    """Nothing to correct: the wizard shows the profile's roles and currency already."""
    assert wizard.columns_model.index(1, ColumnRoleModel.ROLE_COLUMN).data() == "Reference"
    assert wizard.currency_combo.itemText(0) == "EUR"
    assert wizard.value().is_detection


def _as_corrected(lines: list[StatementLine]) -> list[tuple[str | None, str | None, str]]:
    return [(line.reference, line.currency, str(line.amount)) for line in lines]


def test_a_profile_saved_in_the_wizard_is_applied_next_month_and_after_a_restart(
    qtbot: Any, tmp_path: Path, start_app: Callable[[], tuple[MainWindow, WizardDialogs]]
) -> None:
    window, dialogs = start_app()
    january = _import(qtbot, window, dialogs, _bank_file(tmp_path, 1), _correct_and_save)
    assert _as_corrected(january) == [("Rent", "EUR", "-800.00"), ("Coffee", "EUR", "-4.50")]

    february = _import(qtbot, window, dialogs, _bank_file(tmp_path, 2), _profile_applied)
    assert _as_corrected(february) == [("Rent", "EUR", "-800.00"), ("Coffee", "EUR", "-4.50")]
    (_, (preview,)) = dialogs.asked[-1]
    assert "Profile: applied: Bank X" in preview.notes

    window, dialogs = start_app()  # closed and started again: the profile is in the workspace
    march = _import(qtbot, window, dialogs, _bank_file(tmp_path, 3), _profile_applied)
    assert _as_corrected(march) == [("Rent", "EUR", "-800.00"), ("Coffee", "EUR", "-4.50")]


def _card_file(folder: Path, month: int) -> Path:
    """An English export whose every day is 12 or less, written month-first: '01/03/2024'
    is the 3rd of January, but nothing in the file says so."""
    path = folder / f"card-2024-{month:02d}.csv"
    path.write_text(
        f"Date,Description,Amount\n{month:02d}/03/2024,Rent,-800.00\n"
        f"{month:02d}/04/2024,Coffee,-4.50\n"
    )
    return path


def _month_first_and_save(wizard: ImportWizard) -> None:
    """Day-first was a guess; the accountant knows this bank writes month-first."""
    combo = wizard.date_order_combo
    assert combo.currentText() == "as detected (Day/Month/Year, a guess)"
    combo.setCurrentIndex(combo.findData("MDY"))
    assert combo.currentText() == "Month/Day/Year"
    wizard.save_check.setChecked(True)
    wizard.profile_edit.setText("Card Y")


def _month_first_applied(wizard: ImportWizard) -> None:
    assert wizard.date_order_combo.currentText() == "as detected (Month/Day/Year)"
    assert wizard.value().is_detection


def test_a_date_order_corrected_in_the_wizard_is_applied_next_month(
    qtbot: Any, tmp_path: Path, start_app: Callable[[], tuple[MainWindow, WizardDialogs]]
) -> None:
    window, dialogs = start_app()
    january = _import(qtbot, window, dialogs, _card_file(tmp_path, 1), _month_first_and_save)
    assert [line.date for line in january] == [dt.date(2024, 1, 3), dt.date(2024, 1, 4)]

    february = _import(qtbot, window, dialogs, _card_file(tmp_path, 2), _month_first_applied)
    assert [line.date for line in february] == [dt.date(2024, 2, 3), dt.date(2024, 2, 4)]
    (_, (preview,)) = dialogs.asked[-1]
    assert "Profile: applied: Card Y" in preview.notes
