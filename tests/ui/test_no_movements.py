"""A quiet month's statement (its header and balance rows, no movements) through the real
window, the real import wizard and the real engine, with a workspace and without one: it
imports with no lines and a note on the banner, is listed on the Statements screen, and
is taken out again without an error, so a corrected file of its name can come in."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox

from desktop_app.statements.profiles import JsonProfileStore
from desktop_app.ui.backend.statement_backend import StatementBackend
from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.models.preview import NO_ROLE, ColumnRoleModel
from desktop_app.ui.tasks import TaskRunner
from tests.ui.engine_window import WizardDialogs, dialogs_of, start_import, statements_window

QUIET = "Date,Description,Amount,Balance\n01/03/2025,Opening balance,,250.00\n"
NOTE = (
    "march.csv: the statement holds no movements: no row below its header (row 1) has a "
    "date and an amount, so it is imported with no lines"
)


def _as_detected(wizard: ImportWizard) -> None:
    """The wizard shows the header's roles; the accountant confirms them."""
    assert wizard.columns_model.roles() == {0: "date", 1: "description", 2: "amount", 3: "balance"}


@pytest.fixture(params=["session", "workspace"])
def window(
    request: pytest.FixtureRequest,
    qtbot: Any,
    qtmodeltester: Any,
    runner: TaskRunner,
    tmp_path: Path,
    event_loop_qt: object,
) -> Iterator[MainWindow]:
    with statements_window(
        request.param, qtbot, qtmodeltester, runner, tmp_path, WizardDialogs(qtbot)
    ) as window:
        yield window


def _dialogs(window: MainWindow) -> WizardDialogs:
    return dialogs_of(window, WizardDialogs)


def _import(qtbot: Any, window: MainWindow, path: Path) -> str:
    """Import through the Import button and the wizard; the status bar's note."""
    with qtbot.waitSignal(
        window.workflows.message,
        timeout=60_000,
        check_params_cb=lambda message: message.startswith("Imported"),
    ) as blocker:
        start_import(window, _dialogs(window), path, _as_detected)
    return str(blocker.args[0])


def test_a_quiet_month_imports_with_a_note_and_is_taken_out_again(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "march.csv"
    path.write_text(QUIET, encoding="utf-8")
    assert _import(qtbot, window, path) == "Imported 0 lines from march.csv."
    banner = window.banners.banners()[-1]
    assert (banner.title, banner.message) == ("march.csv: 1 note", NOTE)
    view = window.statements
    assert view.model.rowCount() == 0
    assert view.count_label.text() == "0 of 0 statement lines"

    # Listed, so that it can be chosen and taken out, though it has no line to show.
    assert view.file_combo.findData("march.csv") > 0
    view.file_combo.setCurrentIndex(view.file_combo.findData("march.csv"))
    assert view.remove_button.isEnabled()
    _dialogs(window).answers["confirm"] = deque([True])
    with qtbot.waitSignal(
        window.workflows.message,
        timeout=60_000,
        check_params_cb=lambda message: message.startswith("Removed"),
    ) as removed:
        view.remove_button.click()
    assert removed.args == ["Removed march.csv."]
    question = _dialogs(window).asked[-1][1]
    assert question[1].startswith("Remove march.csv from this ")
    assert view.file_combo.findData("march.csv") == -1
    assert view.file_combo.currentText() == "Any"

    # The bank's corrected export of the month, under the same name, now imports.
    path.write_text(QUIET + "05/03/2025,Card fee,-2.50,247.50\n", encoding="utf-8")
    assert _import(qtbot, window, path) == "Imported 1 line from march.csv."
    assert [line.row for line in window.session.lines] == [3]


def test_the_wizard_shows_a_header_only_file_and_imports_a_correction(
    qtbot: Any, qtmodeltester: Any, tmp_path: Path
) -> None:
    backend = StatementBackend(JsonProfileStore(tmp_path / "profiles.json"))
    path = tmp_path / "march.csv"
    path.write_text("Date,Description,Amount\n", encoding="utf-8")
    preview = backend.preview(path)
    assert preview.rows == (("Date", "Description", "Amount"),)
    assert any(note.startswith("Movements: none") for note in preview.notes)
    wizard = ImportWizard(preview)
    qtbot.addWidget(wizard)
    wizard.open()
    qtmodeltester.check(wizard.columns_model)
    qtmodeltester.check(wizard.preview_model)
    table, model = wizard.columns_table, wizard.columns_model
    table.edit(model.index(1, ColumnRoleModel.ROLE_COLUMN))
    editor = table.findChild(QComboBox)
    assert editor is not None
    editor.setCurrentText(NO_ROLE)
    table.commitData(editor)
    ok = wizard.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(wizard.accepted):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    result = backend.import_file(path, wizard.value())
    assert result.lines == ()
    assert result.layout is not None
    assert result.layout.column_roles() == {0: "date", 2: "amount"}
    assert str(result.warnings[0]).startswith("march.csv: the statement holds no movements")


@pytest.mark.parametrize("window", ["workspace"], indirect=True)
def test_a_reopened_workspace_still_lists_its_quiet_statement(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "march.csv"
    path.write_text(QUIET, encoding="utf-8")
    _import(qtbot, window, path)
    with qtbot.waitSignal(window.workflows.workspace_opened, timeout=60_000):
        window.workflows.open_workspace(tmp_path / "books.reconcile")
    assert window.session.lines == []
    assert window.statements.file_combo.findData("march.csv") > 0
