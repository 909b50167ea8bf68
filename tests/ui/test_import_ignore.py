"""A column the accountant sets to "(ignore)" in the import wizard is imported as nothing:
its header word does not give it its role back, and a profile saved so keeps ignoring it.
Driven through the wizard's own role editor, imported by the real backend from real files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox

from desktop_app.statements.profiles import JsonProfileStore
from desktop_app.ui.backend.statement_backend import StatementBackend
from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.models.preview import NO_ROLE, ColumnRoleModel
from desktop_app.ui.services import ColumnMapping


def _bank_file(tmp_path: Path, month: int) -> Path:
    path = tmp_path / f"bank-2024-{month:02}.csv"
    path.write_text(
        f"Date,Description,Amount\n2024-{month:02}-02,Rent,-800.00\n2024-{month:02}-03,Coffee,-4.50\n",
        encoding="utf-8",
    )
    return path


def _wizard(qtbot: Any, qtmodeltester: Any, backend: StatementBackend, path: Path) -> ImportWizard:
    wizard = ImportWizard(backend.preview(path))
    qtbot.addWidget(wizard)
    wizard.open()
    qtmodeltester.check(wizard.columns_model)
    return wizard


def _set_role(wizard: ImportWizard, column: int, role: str) -> None:
    """Pick ``role`` in the Role cell's combo box, as the accountant does."""
    table, model = wizard.columns_table, wizard.columns_model
    table.edit(model.index(column, ColumnRoleModel.ROLE_COLUMN))
    editor = table.findChild(QComboBox)
    assert editor is not None
    editor.setCurrentIndex(editor.findData(role))  # the item for that role, by its id
    assert editor.currentData() == role
    table.commitData(editor)


def _accept(qtbot: Any, wizard: ImportWizard) -> ColumnMapping:
    ok = wizard.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(wizard.accepted):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    return wizard.value()


def test_a_column_set_to_ignore_gives_the_lines_none_of_its_text(
    qtbot: Any, qtmodeltester: Any, tmp_path: Path
) -> None:
    backend = StatementBackend(JsonProfileStore(tmp_path / "profiles.json"))
    path = _bank_file(tmp_path, 1)
    wizard = _wizard(qtbot, qtmodeltester, backend, path)
    assert wizard.columns_model.roles() == {0: "date", 1: "description", 2: "amount"}
    _set_role(wizard, 1, NO_ROLE)
    assert wizard.columns_model.index(1, ColumnRoleModel.ROLE_COLUMN).data() == NO_ROLE
    result = backend.import_file(path, _accept(qtbot, wizard))
    assert [(line.description, str(line.amount)) for line in result.lines] == [
        ("", "-800.00"),
        ("", "-4.50"),
    ]
    assert result.layout is not None
    assert result.layout.column_roles() == {0: "date", 2: "amount"}


def test_a_profile_saved_with_a_column_ignored_ignores_it_next_month(
    qtbot: Any, qtmodeltester: Any, tmp_path: Path
) -> None:
    """Saved from the wizard, the profile is applied to the next file: the wizard shows
    the column ignored, and an import that changes something else keeps it so."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    backend = StatementBackend(store)
    january = _bank_file(tmp_path, 1)
    wizard = _wizard(qtbot, qtmodeltester, backend, january)
    _set_role(wizard, 1, NO_ROLE)
    wizard.save_check.setChecked(True)
    wizard.profile_edit.setText("Bank X")
    backend.import_file(january, _accept(qtbot, wizard))
    assert [profile.mapping.ignore for profile in store.all()] == [[2]]

    february = _bank_file(tmp_path, 2)
    again = StatementBackend(JsonProfileStore(tmp_path / "profiles.json"))  # after a restart
    wizard = _wizard(qtbot, qtmodeltester, again, february)
    assert wizard.columns_model.roles() == {0: "date", 1: None, 2: "amount"}
    # Other corrections, saved again: the column the profile ignores stays ignored.
    wizard.currency_combo.setCurrentIndex(wizard.currency_combo.findData("EUR"))
    wizard.save_check.setChecked(True)
    wizard.profile_edit.setText("Bank X")
    result = again.import_file(february, _accept(qtbot, wizard))
    assert [(line.description, line.currency) for line in result.lines] == [
        ("", "EUR"),
        ("", "EUR"),
    ]
    assert [profile.mapping.ignore for profile in store.all()] == [[2]]
