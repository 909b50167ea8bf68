"""A saved profile's drift is said in the wizard, before Import, through the real window.

The bank renamed a column ('Betrag' -> 'Betrag EUR'): the profile saved for its export no
longer fits the header and is not applied, so the file reads as detected, without the
profile's corrections. The accountant must see that in the wizard, where they can still
correct the columns, naming the profile and what changed, not only in a banner after the
lines are stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel

from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.models.preview import ColumnRoleModel
from desktop_app.ui.tasks import TaskRunner
from tests.ui.engine_window import WizardDialogs, engine_window, import_with_wizard

WHY = 3  # the columns table's evidence column


def _bank_file(folder: Path, name: str, amount: str, month: int = 1) -> Path:
    path = folder / name
    rows = [f"0{day}.{month:02d}.2024;Kunde {day};RE-{day};{day * 10},50" for day in range(1, 6)]
    path.write_text(f"Datum;Name;Zweck;{amount}\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _reference_and_save(wizard: ImportWizard) -> None:
    """'Zweck' is the payment reference, the file is in euros: saved as 'Bank X'."""
    label = wizard.findChild(QLabel, "profile drift")
    assert label is not None  # the wizard always has the note, shown only on a drift
    assert label.isHidden()  # no profile saved yet: nothing drifted
    table, model = wizard.columns_table, wizard.columns_model
    table.edit(model.index(2, ColumnRoleModel.ROLE_COLUMN))
    editor = table.findChild(QComboBox)
    assert editor is not None
    editor.setCurrentText("Reference")
    table.commitData(editor)
    wizard.currency_combo.setCurrentIndex(wizard.currency_combo.findData("EUR"))
    wizard.save_check.setChecked(True)
    wizard.profile_edit.setText("Bank X")


def test_a_renamed_column_is_said_in_the_wizard_before_import(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> None:
    dialogs = WizardDialogs(qtbot)
    seen: list[tuple[str, bool, tuple[str, ...], str, list[str]]] = []

    def drifted(wizard: ImportWizard) -> None:
        labels = wizard.findChildren(QLabel)
        drift = wizard.findChild(QLabel, "profile drift")
        assert drift is not None
        column = wizard.columns_model.index(3, WHY).data()  # "Betrag EUR"
        seen.append(
            (
                "" if drift is None else drift.text(),
                drift is not None and drift.isVisible(),
                wizard._preview.notes,
                str(column),
                [label.text() for label in labels if "DRIFT" in label.text()],
            )
        )

    with engine_window(
        qtbot, runner, tmp_path, dialogs, workspace=tmp_path / "books.reconcile"
    ) as window:
        january = _bank_file(tmp_path, "bank-01.csv", "Betrag")
        import_with_wizard(qtbot, window, dialogs, january, _reference_and_save)
        march = _bank_file(tmp_path, "bank-03.csv", "Betrag EUR", month=3)
        import_with_wizard(qtbot, window, dialogs, march, drifted)

    ((said, visible, notes, column_evidence, labels),) = seen
    assert "DRIFT" not in column_evidence  # about the file, not the renamed column
    assert visible
    assert "saved profile 'Bank X'" in said
    assert "renamed 'Betrag' -> 'Betrag EUR'" in said
    assert "NOT applied" in said
    assert not any("DRIFT" in note for note in notes)  # said on its own, not as a note
    assert labels == [said]  # said once, not again among the italic notes


def test_the_wizard_offers_the_drifted_profiles_roles_and_saves_it_again(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> None:
    """One click gives the renamed header the profile's roles and currency, and saves the
    profile again for it: March reads as January did, and April without a click."""
    dialogs = WizardDialogs(qtbot)

    def use_profile(wizard: ImportWizard) -> None:
        button = wizard.profile_roles_button
        assert button.isVisible()
        assert button.text() == "Use the roles of 'Bank X'"
        button.click()
        assert wizard.columns_model.index(2, ColumnRoleModel.ROLE_COLUMN).data() == "Reference"
        assert wizard.save_check.isChecked()
        assert wizard.profile_edit.text() == "Bank X"

    def applied(wizard: ImportWizard) -> None:
        assert wizard.drift_label.isHidden()
        assert wizard.value().is_detection  # nothing to correct: the profile was applied

    with engine_window(
        qtbot, runner, tmp_path, dialogs, workspace=tmp_path / "books.reconcile"
    ) as window:
        january = _bank_file(tmp_path, "bank-01.csv", "Betrag")
        import_with_wizard(qtbot, window, dialogs, january, _reference_and_save)
        march = _bank_file(tmp_path, "bank-03.csv", "Betrag EUR", month=3)
        import_with_wizard(qtbot, window, dialogs, march, use_profile)
        april = _bank_file(tmp_path, "bank-04.csv", "Betrag EUR", month=4)
        import_with_wizard(qtbot, window, dialogs, april, applied)
        read = {
            name: [(line.reference, line.currency, str(line.amount)) for line in lines]
            for name in ("bank-01.csv", "bank-03.csv", "bank-04.csv")
            if (lines := [line for line in window.session.lines if line.source_file == name])
        }
    assert read["bank-01.csv"][0] == ("RE-1", "EUR", "10.50")
    assert read["bank-03.csv"] == read["bank-01.csv"]
    assert read["bank-04.csv"] == read["bank-01.csv"]


def _headerless_file(folder: Path, name: str, month: int) -> Path:
    """The bank's export as it was before it had a header row: the same columns."""
    path = _bank_file(folder, name, "Betrag", month)
    path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    return path


def test_a_headerless_profiles_roles_are_offered_when_the_export_gains_a_header(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, event_loop_qt: object
) -> None:
    """The profile was saved from the export without a header row, its roles by column
    number: the export now has a header, and the drift offers those roles on the columns
    in their places, so March reads as January did, and April without a click."""
    dialogs = WizardDialogs(qtbot)

    def use_profile(wizard: ImportWizard) -> None:
        assert "the file now has a header row" in wizard.drift_label.text()
        button = wizard.profile_roles_button
        assert button.isVisible()
        assert button.text() == "Use the roles of 'Bank X'"
        button.click()
        assert wizard.columns_model.index(2, ColumnRoleModel.ROLE_COLUMN).data() == "Reference"
        assert wizard.currency_combo.currentData() == "EUR"
        assert wizard.save_check.isChecked()
        assert wizard.profile_edit.text() == "Bank X"

    def applied(wizard: ImportWizard) -> None:
        assert wizard.drift_label.isHidden()
        assert wizard.value().is_detection  # nothing to correct: the profile was applied

    with engine_window(
        qtbot, runner, tmp_path, dialogs, workspace=tmp_path / "books.reconcile"
    ) as window:
        january = _headerless_file(tmp_path, "bank-01.csv", 1)
        import_with_wizard(qtbot, window, dialogs, january, _reference_and_save)
        march = _bank_file(tmp_path, "bank-03.csv", "Betrag", month=3)
        import_with_wizard(qtbot, window, dialogs, march, use_profile)
        april = _bank_file(tmp_path, "bank-04.csv", "Betrag", month=4)
        import_with_wizard(qtbot, window, dialogs, april, applied)
        read = {
            name: [(line.reference, line.currency, str(line.amount)) for line in lines]
            for name in ("bank-01.csv", "bank-03.csv", "bank-04.csv")
            if (lines := [line for line in window.session.lines if line.source_file == name])
        }
    assert read["bank-01.csv"][0] == ("RE-1", "EUR", "10.50")
    assert read["bank-03.csv"] == read["bank-01.csv"]
    assert read["bank-04.csv"] == read["bank-01.csv"]
