"""A file in which detection finds no transactions opens the import wizard on its own rows,
with why at the top and no role guessed but the header row and date column detection found
above the dated rows; the accountant maps the rest by hand and it imports.
What still finds none is said in the window's words, never the command line's
``--mapping`` advice, and nothing imported before is lost: in the wizard, reopened with the
choices kept (``test_wizard_retry``). Real files, the real window,
wizard and engine."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QComboBox

from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.preview import ColumnRoleModel
from desktop_app.ui.services import StatementPreview
from desktop_app.ui.tasks import TaskRunner
from tests.ui.engine_window import WizardDialogs, engine_window, import_with_wizard

# Most dated rows are order notes without an amount: detection finds no amount column.
SPARSE_AMOUNTS = (
    ("Booked", "Details", "Amount"),
    ("2024-01-02", "Rent", "-800.00"),
    ("2024-01-02", "Order ref 1", ""),
    ("2024-01-03", "Coffee", "-4.50"),
    ("2024-01-03", "Order ref 2", ""),
    ("2024-01-04", "Order ref 3", ""),
    ("2024-01-05", "Order ref 4", ""),
)


@pytest.fixture
def app(
    qtbot: Any, qtmodeltester: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> Iterator[tuple[MainWindow, WizardDialogs]]:
    """The wizard's models checked each time it opens."""
    dialogs = WizardDialogs(qtbot, qtmodeltester)
    with engine_window(qtbot, runner, tmp_path, dialogs) as window:
        yield window, dialogs


def _csv(folder: Path, name: str, rows: tuple[tuple[str, ...], ...]) -> Path:
    path = folder / name
    path.write_text("".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _set_role(wizard: ImportWizard, column: int, role: str) -> None:
    """Pick ``role`` in the Role cell's combo box, as the accountant does."""
    table, model = wizard.columns_table, wizard.columns_model
    index = model.index(column, ColumnRoleModel.ROLE_COLUMN)
    table.edit(index)
    editor = table.indexWidget(index)  # this cell's editor, not one closed before it
    assert isinstance(editor, QComboBox)
    editor.setCurrentIndex(editor.findData(role))  # the item for that role, by its id
    assert editor.currentData() == role
    table.commitData(editor)
    table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


def _shown_rows(wizard: ImportWizard) -> list[tuple[str, list[str]]]:
    """Each row of the wizard's table as shown: its number and its cells."""
    model = wizard.preview_model
    return [
        (
            model.headerData(row, Qt.Orientation.Vertical),
            [model.index(row, column).data() for column in range(model.columnCount())],
        )
        for row in range(model.rowCount())
    ]


def _not_detected(wizard: ImportWizard, reason: str, header_row: int) -> None:
    """The wizard opened on the file as it is: the reason at the top, and no role guessed
    but the header row detection found above the dates (``header_row``) and the dates in
    column A, which the note says are set, none of them set by the accountant yet."""
    note = wizard.not_detected_label
    assert note.isVisibleTo(wizard)
    assert reason in note.text()
    assert "--mapping" not in note.text()
    assert f". Row {header_row} " in note.text()
    assert "is set as the header, and the dates under it as the booking date" in note.text()
    assert wizard.header_row() == header_row
    assert wizard.columns_model.roles() == {0: "date", 1: None, 2: None}
    assert wizard.columns_model.chosen() == frozenset()


def _lines(window: MainWindow, name: str) -> list[tuple[int, str, str, str]]:
    return [
        (line.row, line.date.isoformat(), str(line.amount), line.description)
        for line in window.session.lines
        if line.source_file == name
    ]


def test_a_csv_whose_amounts_detection_missed_is_mapped_by_hand_and_imported(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    window, dialogs = app
    path = _csv(tmp_path, "bank.csv", SPARSE_AMOUNTS)

    def map_it(wizard: ImportWizard) -> None:
        _not_detected(wizard, "no column holds amounts on the dated rows", 1)
        assert _shown_rows(wizard)[:2] == [
            ("1", ["Booked", "Details", "Amount"]),
            ("2", ["2024-01-02", "Rent", "-800.00"]),
        ]
        _set_role(wizard, 1, "description")
        _set_role(wizard, 2, "amount")

    import_with_wizard(qtbot, window, dialogs, path, map_it)
    assert _lines(window, "bank.csv") == [
        (2, "2024-01-02", "-800.00", "Rent"),
        (4, "2024-01-03", "-4.50", "Coffee"),
    ]


def test_a_workbook_is_mapped_on_the_sheet_the_accountant_chooses(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    """The statement, under a preamble, is shown first, its header found above its
    dates; the account list, chosen, shows its own rows with nothing set, and the
    statement chosen again has its header back. Only the statement's rows are read."""
    window, dialogs = app
    workbook = Workbook()
    accounts = workbook.active
    assert accounts is not None
    accounts.title = "Accounts"
    accounts.append(["Account", "Number"])
    accounts.append(["Current", 12345678])
    statement = workbook.create_sheet("Statement")
    statement.append(["Export of 2024-02-01"])
    statement.append(["Booked", "Details", "Amount"])
    for booked, details, amount in SPARSE_AMOUNTS[1:]:
        day = dt.date.fromisoformat(booked)
        statement.append([day, details, float(amount) if amount else None])
    path = tmp_path / "bank.xlsx"
    workbook.save(path)

    def map_it(wizard: ImportWizard) -> None:
        _not_detected(wizard, "no column holds amounts on the dated rows", 2)
        assert "Row 2 of sheet 'Statement' is set" in wizard.not_detected_label.text()
        assert wizard.sheet_combo.isVisibleTo(wizard)
        assert wizard.sheet_combo.currentText() == "Statement"
        assert _shown_rows(wizard)[:3] == [
            ("1", ["Export of 2024-02-01", "", ""]),
            ("2", ["Booked", "Details", "Amount"]),
            ("3", ["2024-01-02", "Rent", "-800"]),
        ]
        wizard.sheet_combo.setCurrentIndex(wizard.sheet_combo.findText("Accounts"))
        assert _shown_rows(wizard)[0] == ("1", ["Account", "Number"])
        assert wizard.header_row() is None
        assert wizard.columns_model.roles() == {0: None, 1: None}
        wizard.sheet_combo.setCurrentIndex(wizard.sheet_combo.findText("Statement"))
        assert wizard.header_row() == 2
        assert wizard.columns_model.rowCount() == 3
        assert wizard.columns_model.roles() == {0: "date", 1: None, 2: None}
        _set_role(wizard, 1, "description")
        _set_role(wizard, 2, "amount")

    import_with_wizard(qtbot, window, dialogs, path, map_it)
    assert _lines(window, "bank.xlsx") == [
        (3, "2024-01-02", "-800", "Rent"),
        (5, "2024-01-03", "-4.5", "Coffee"),
    ]


def test_an_unreadable_file_still_ends_in_the_error_banner(
    qtbot: Any, app: tuple[MainWindow, WizardDialogs], tmp_path: Path
) -> None:
    """A guard: there is nothing to map in a file that cannot be read, so no wizard."""
    window, dialogs = app
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 40)
    dialogs.answers["choose_statement"] = deque([path])
    with qtbot.waitSignal(window.runner.failed, timeout=60_000):
        window.statements.import_button.click()
    banner = window.banners.banners()[-1]
    assert banner.title == "Reading broken.xlsx failed"
    assert banner.message.startswith("broken.xlsx: cannot be imported:")
    assert [name for name, _ in dialogs.asked] == ["choose_statement"]


def test_a_profile_saved_while_mapping_by_hand_reads_next_months_file(
    qtbot: Any, qtmodeltester: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> None:
    """Saved with the header row set, the profile is found by that row's names in next
    month's file, which detection still cannot read: it opens as read, nothing to map."""
    dialogs = WizardDialogs(qtbot, qtmodeltester)
    workspace = tmp_path / "month.reconcile"
    with engine_window(qtbot, runner, tmp_path, dialogs, workspace=workspace) as window:
        january = _csv(tmp_path, "bank_01.csv", SPARSE_AMOUNTS)

        def map_and_save(wizard: ImportWizard) -> None:
            _not_detected(wizard, "no column holds amounts on the dated rows", 1)
            assert wizard.save_check.isEnabled()  # the header found is one to be found by
            wizard.header_spin.setValue(0)  # none
            assert not wizard.save_check.isEnabled()
            assert "set the header row" in wizard.save_check.toolTip()
            wizard.header_spin.setValue(1)
            _set_role(wizard, 1, "description")
            _set_role(wizard, 2, "amount")
            assert wizard.save_check.isEnabled()
            wizard.save_check.setChecked(True)
            wizard.profile_edit.setText("Hand bank")

        import_with_wizard(qtbot, window, dialogs, january, map_and_save)
        february_rows = (
            SPARSE_AMOUNTS[0],
            ("2024-02-01", "Salary", "2000.00"),
            *(("2024-02-02", f"Order ref {n}", "") for n in range(1, 5)),
            ("2024-02-03", "Bakery", "-3.20"),
        )
        february = _csv(tmp_path, "bank_02.csv", february_rows)

        def as_read(wizard: ImportWizard) -> None:
            assert not wizard.not_detected_label.isVisibleTo(wizard)
            assert wizard.header_row() == 1
            assert wizard.columns_model.roles() == {0: "date", 1: "description", 2: "amount"}

        import_with_wizard(qtbot, window, dialogs, february, as_read)
        shown = dialogs.asked[-1][1][0]
        assert isinstance(shown, StatementPreview)
        assert "Profile: applied: Hand bank" in shown.notes
        assert _lines(window, "bank_02.csv") == [
            (2, "2024-02-01", "2000.00", "Salary"),
            (7, "2024-02-03", "-3.20", "Bakery"),
        ]
