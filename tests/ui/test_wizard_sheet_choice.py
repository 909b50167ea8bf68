"""Choosing another sheet of a workbook in the import wizard, through the real window and
engine.

A workbook with a tab per account ("Current", "Savings") holds transactions on both;
detection reads one. The wizard offered no way to read the other: its Sheet box was
there only for a file mapped by hand. Now it lists the workbook's visible sheets, the
one detection read marked with why, and choosing another reads the file again on it,
its layout inferred there. A profile saved then keeps the sheet, so next month's
workbook is read on it without a touch.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop_app.domain import StatementLine
from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.services import SheetChoice
from desktop_app.ui.tasks import TaskRunner
from tests.ui.engine_window import WizardDialogs, import_with_wizard, wizard_window
from tests.ui.test_map_by_hand import _set_role

_HEADER = ["Date", "Description", "Amount"]


def _workbook(folder: Path, month: int) -> Path:
    """The current account's sheet first, with more lines (detection reads it); the
    savings account's second, with the same columns."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    current = book.create_sheet("Current")
    current.append(["Acme Bank plc: current account"])
    current.append(_HEADER)
    for day, text, amount in ((1, "rent", -800), (2, "coffee", -4.5), (3, "salary", 2500)):
        current.append([f"2025-{month:02d}-{day:02d}", text, amount])
    savings = book.create_sheet("Savings")
    savings.append(_HEADER)
    for day, text, amount in ((5, "interest", 3.25), (6, "transfer in", 500)):
        savings.append([f"2025-{month:02d}-{day:02d}", text, amount])
    path = folder / f"accounts-2025-{month:02d}.xlsx"
    book.save(path)
    return path


@pytest.fixture
def app(
    qtbot: Any, qtmodeltester: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[tuple[MainWindow, WizardDialogs]]:
    with wizard_window(qtbot, qtmodeltester, runner, tmp_path) as opened:
        yield opened


def _sheets(wizard: ImportWizard) -> list[tuple[str, str]]:
    combo = wizard.sheet_combo
    return [(combo.itemText(index), combo.itemData(index)) for index in range(combo.count())]


def _detected_then_choose_savings(wizard: ImportWizard) -> None:
    assert wizard.sheet_combo.isVisibleTo(wizard)
    assert _sheets(wizard) == [("Current (detected)", "Current"), ("Savings", "Savings")]
    assert wizard.sheet_combo.currentData() == "Current"
    assert wizard.sheet_note.isVisibleTo(wizard)
    assert wizard.sheet_note.text() == (
        "Detection read sheet 'Current': sheet 'Current' (1 of 2): 3 transactions; sheet "
        "'Savings' also holds 2 dated amounts; not imported (choose it in the Sheet box)."
    )
    wizard.sheet_combo.setCurrentIndex(wizard.sheet_combo.findData("Savings"))


def _on_savings_save_profile(wizard: ImportWizard) -> None:
    """Reopened on the savings sheet: its own rows and header, read as detected there."""
    assert wizard.sheet_combo.currentData() == "Savings"
    assert wizard.sheet_note.text().startswith(
        "Reading sheet 'Savings', as chosen. Detection read sheet 'Current': "
    )
    preview = wizard.preview_model
    assert preview.rowCount() == 3  # the header and two lines
    assert [preview.index(row, 1).data() for row in range(3)] == [
        "Description",
        "interest",
        "transfer in",
    ]
    assert wizard.header_row() == 1
    assert wizard.value().sheet == "Savings"
    wizard.save_check.setChecked(True)
    wizard.profile_edit.setText("Acme savings")


def _read_as_saved(wizard: ImportWizard) -> None:
    """Next month: the profile's sheet is read, with nothing to choose again."""
    assert wizard.sheet_combo.currentData() == "Savings"
    assert "Profile: applied: Acme savings" in wizard._preview.notes


def _imported(window: MainWindow, path: Path) -> list[tuple[str, str, str]]:
    lines: Sequence[StatementLine] = window.session.lines
    return [
        (line.date.isoformat(), line.description, str(line.amount))
        for line in lines
        if line.source_file == path.name
    ]


def test_another_sheet_is_chosen_and_kept_in_the_profile(
    qtbot: Any, tmp_path: Path, app: tuple[MainWindow, WizardDialogs]
) -> None:
    window, dialogs = app
    october = _workbook(tmp_path, 10)
    import_with_wizard(
        qtbot, window, dialogs, october, _detected_then_choose_savings, _on_savings_save_profile
    )

    assert dialogs.returned[0] == SheetChoice("Savings")
    assert _imported(window, october) == [
        ("2025-10-05", "interest", "3.25"),
        ("2025-10-06", "transfer in", "500"),
    ]

    november = _workbook(tmp_path, 11)
    import_with_wizard(qtbot, window, dialogs, november, _read_as_saved)

    assert _imported(window, november) == [
        ("2025-11-05", "interest", "3.25"),
        ("2025-11-06", "transfer in", "500"),
    ]


def test_the_detected_sheet_is_imported_as_before(
    qtbot: Any, tmp_path: Path, app: tuple[MainWindow, WizardDialogs]
) -> None:
    window, dialogs = app
    october = _workbook(tmp_path, 10)

    def keep_detected(wizard: ImportWizard) -> None:
        assert wizard.value().is_detection

    import_with_wizard(qtbot, window, dialogs, october, keep_detected)

    assert [amount for _, _, amount in _imported(window, october)] == ["-800", "-4.5", "2500"]


def test_cancel_on_the_chosen_sheet_imports_nothing(
    qtbot: Any, tmp_path: Path, app: tuple[MainWindow, WizardDialogs]
) -> None:
    """The sheet is read on a worker and the wizard shown again on it; Cancel there
    imports nothing, as on any wizard."""
    window, dialogs = app
    dialogs.answers["choose_statement"] = deque([_workbook(tmp_path, 10)])
    dialogs.steps.extend([_detected_then_choose_savings, lambda wizard: False])
    window.statements.import_button.click()
    qtbot.waitUntil(lambda: dialogs.reviews() == 2 and not window.runner.active(), timeout=60_000)

    (_, (reopened,)) = dialogs.asked[-1]
    assert (reopened.sheet, reopened.detected_sheet) == ("Savings", "Current")
    assert dialogs.returned == [SheetChoice("Savings"), None]
    assert list(window.session.lines) == []


def test_an_import_refused_on_the_chosen_sheet_reopens_on_that_sheet(
    qtbot: Any, tmp_path: Path, app: tuple[MainWindow, WizardDialogs]
) -> None:
    """The wizard reopens with why, on the sheet chosen and its own rows: not on the
    sheet detection read, nor saying the file changed since it was reviewed."""
    window, dialogs = app

    def amount_on_the_text(wizard: ImportWizard) -> None:
        _set_role(wizard, 1, "amount")  # 'Description': no amount reads, nothing found

    def refused_on_savings(wizard: ImportWizard) -> bool:
        said = wizard.refused_label.text()
        assert said.startswith("Not imported: ")
        assert "changed since you reviewed it" not in said
        assert wizard.sheet_combo.currentData() == "Savings"
        assert wizard.preview_model.index(1, 1).data() == "interest"
        return False

    dialogs.answers["choose_statement"] = deque([_workbook(tmp_path, 10)])
    dialogs.steps.extend([_detected_then_choose_savings, amount_on_the_text, refused_on_savings])
    window.statements.import_button.click()
    qtbot.waitUntil(lambda: dialogs.reviews() == 3 and not window.runner.active(), timeout=60_000)

    (_, (reopened,)) = dialogs.asked[-1]
    assert (reopened.sheet, reopened.refused is not None) == ("Savings", True)
    assert list(window.session.lines) == []
