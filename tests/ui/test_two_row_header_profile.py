"""A bank's two-row header ("Umsatz" over "Haben" and "Soll") through the real window.

The header was not read: the wizard said "no header row", put debit and credit on the
columns by their order (every sign inverted where Haben came first), and the profile saved
from it was keyed by the columns' kinds alone, so a later month whose Soll and Haben had
changed places got January's roles, signs inverted, and "Profile: applied". Read as two
rows, the columns are named by both, the pair by its words, and the profile is keyed by
those names: the swapped month is drift, said in the wizard, and reads by its own words.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from PySide6.QtWidgets import QLabel

from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.models.preview import ColumnRoleModel
from desktop_app.ui.tasks import TaskRunner
from tests.ui.engine_window import WizardDialogs, engine_window, import_with_wizard

Rows = list[tuple[int, str, float | None, float | None]]


def _month(folder: Path, month: int, sides: tuple[str, str], rows: Rows) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Kontoauszug Musterfirma GmbH"])
    sheet.append([])
    sheet.append(["Buchungsdatum", "Buchungstext", "Umsatz", None])
    sheet.append([None, None, *sides])
    for cells in ("C3:D3", "A3:A4", "B3:B4"):
        sheet.merge_cells(cells)
    for day, text, left, right in rows:
        sheet.append([dt.date(2025, month, day), text, left, right])
    path = folder / f"auszug-2025-{month:02d}.xlsx"
    workbook.save(path)
    return path


def _roles(wizard: ImportWizard) -> list[str]:
    model = wizard.columns_model
    return [
        str(model.index(row, ColumnRoleModel.ROLE_COLUMN).data()) for row in range(model.rowCount())
    ]


def test_a_two_row_headers_profile_flags_the_sides_swapped(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> None:
    dialogs = WizardDialogs(qtbot)
    seen: dict[str, Any] = {}

    def save(wizard: ImportWizard) -> None:
        seen["january"] = (_roles(wizard), wizard._preview.notes)
        wizard.currency_combo.setCurrentIndex(wizard.currency_combo.findData("EUR"))
        wizard.save_check.setChecked(True)
        wizard.profile_edit.setText("Zwei Zeilen")

    def look(name: str) -> Any:
        def step(wizard: ImportWizard) -> None:
            drift = wizard.findChild(QLabel, "profile drift")
            assert drift is not None
            seen[name] = (drift.isVisible(), drift.text(), wizard._preview.notes)

        return step

    haben_soll = ("Haben", "Soll")
    with engine_window(
        qtbot, runner, tmp_path, dialogs, workspace=tmp_path / "books.reconcile"
    ) as window:
        january: Rows = [(3, "Miete", None, 1000.0), (14, "Kunde RE-1", 2500.0, None)]
        import_with_wizard(qtbot, window, dialogs, _month(tmp_path, 1, haben_soll, january), save)
        february: Rows = [(3, "Miete", None, 1000.0), (14, "Kunde RE-2", 1800.0, None)]
        path = _month(tmp_path, 2, haben_soll, february)
        import_with_wizard(qtbot, window, dialogs, path, look("february"))
        march: Rows = [(3, "Miete", 1000.0, None), (14, "Kunde RE-3", None, 900.0)]
        path = _month(tmp_path, 3, ("Soll", "Haben"), march)
        import_with_wizard(qtbot, window, dialogs, path, look("march"))
        amounts = sorted((line.date, line.amount) for line in window.session.lines)

    roles, notes = seen["january"]
    assert roles[2:] == ["Credit (money in)", "Debit (money out)"]
    assert any("a two-row header" in note for note in notes)
    visible, _, notes = seen["february"]
    assert not visible
    assert any("Zwei Zeilen" in note and "applied" in note for note in notes)
    visible, drift, _ = seen["march"]
    assert visible
    assert "saved profile 'Zwei Zeilen'" in drift
    rent, paid = Decimal("-1000.00"), [Decimal("2500.00"), Decimal("1800.00"), Decimal("900.00")]
    assert [amount for _, amount in amounts] == [rent, paid[0], rent, paid[1], rent, paid[2]]
