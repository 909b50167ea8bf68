"""Each dialog driven through its widgets with open() (no nested exec loop)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLabel, QLineEdit

from desktop_app.domain import Decision, DecisionKind, FetchPeriod
from desktop_app.ui.dialogs.about_dialog import AboutDialog
from desktop_app.ui.dialogs.audit_dialog import AuditDialog
from desktop_app.ui.dialogs.fetch_period_dialog import FetchPeriodDialog
from desktop_app.ui.dialogs.import_wizard import ImportWizard
from desktop_app.ui.dialogs.provider_dialog import ProviderDialog
from desktop_app.ui.fetch_period import PeriodOffer
from desktop_app.ui.models.columns import column_index
from desktop_app.ui.models.preview import ColumnRoleModel, PreviewModel
from desktop_app.ui.services import AboutInfo, AuditRow, ProviderEntry, SecretFrom
from tests.providers.secret_shapes import SECRET_SHAPED
from tests.ui import factories as f
from tests.ui.fakes import MemoryServices


def _preview():
    return MemoryServices(statements={"bank.csv": ()}).preview_statement(Path("bank.csv"))


def _ok(buttons: QDialogButtonBox):
    return buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_provider_dialog_refuses_until_required_options_are_given(qtbot) -> None:
    dialog = ProviderDialog(None)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.mouseClick(_ok(dialog.buttons), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "name" in dialog.error_label.text()
    qtbot.keyClicks(dialog.name_edit, "Versori EU")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("versori"))
    assert dialog.option_edits["organisation_id"].isVisibleTo(dialog)
    assert not dialog.option_edits["currency"].isVisibleTo(dialog)
    qtbot.mouseClick(_ok(dialog.buttons), Qt.MouseButton.LeftButton)
    assert "Organisation id is required" in dialog.error_label.text()
    qtbot.keyClicks(dialog.option_edits["organisation_id"], "org-42")
    qtbot.keyClicks(dialog.token_edit, "s3cret")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(_ok(dialog.buttons), Qt.MouseButton.LeftButton)
    edit = dialog.value()
    assert edit.entry.name == "Versori EU"
    assert edit.entry.options == {"organisation_id": "org-42"}
    assert edit.token == "s3cret"
    assert edit.entry.has_token


def test_provider_dialog_refuses_a_token_pasted_with_a_line_break_inside(qtbot) -> None:
    """Refused at OK, in the dialog, where the accountant can paste it again: it used to
    be saved, and only the next fetch said so. A line ending around it is no fault."""
    dialog = ProviderDialog(None)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.name_edit, "Content Ignite")
    QApplication.clipboard().setText("eyJhbGci\r\n.payload")
    dialog.token_edit.setFocus()
    qtbot.keyClick(dialog.token_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(_ok(dialog.buttons), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_label.text() == (
        "The token has a line break or control character inside it: paste the token "
        "alone, on one line."
    )
    dialog.token_edit.clear()
    QApplication.clipboard().setText("eyJhbGci.payload\n")
    qtbot.keyClick(dialog.token_edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(_ok(dialog.buttons), Qt.MouseButton.LeftButton)


def test_provider_dialog_never_shows_the_stored_token(qtbot) -> None:
    entry = ProviderEntry(
        "Elevate",
        "elevate",
        "http://127.0.0.1:9",
        "payable",
        {"currency": "EUR"},
        SecretFrom.KEYRING,
    )
    dialog = ProviderDialog(entry)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.token_edit.text() == ""
    assert dialog.token_edit.echoMode() is dialog.token_edit.EchoMode.Password
    assert dialog.option_edits["currency"].text() == "EUR"
    edit = dialog.value()
    assert edit.token is None  # keep the stored one
    assert edit.entry.has_token
    assert edit.entry.direction == "payable"


def test_provider_dialog_reads_the_secret_from_a_variable_it_names(qtbot) -> None:
    """Without a keyring the window could be given no secret: the dialog had no way to
    name a variable (tester k, finding 4). A name that does not look like one may be the
    secret itself: refused, never repeated."""
    dialog = ProviderDialog(None)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.name_edit, "Client CI")
    assert dialog.token_edit.isVisibleTo(dialog)
    assert not dialog.env_edit.isVisibleTo(dialog)
    dialog.secret_combo.setCurrentIndex(dialog.secret_combo.findText("an environment variable"))
    assert not dialog.token_edit.isVisibleTo(dialog)
    assert dialog.env_edit.isVisibleTo(dialog)
    assert dialog.env_edit.placeholderText() == "e.g. CLIENT_CI_TOKEN"
    assert "set it before starting the app" in dialog.env_note.text()
    QApplication.processEvents()  # the note was cut off after two of its lines
    note = dialog.env_note
    assert note.height() >= note.heightForWidth(note.width())
    qtbot.mouseClick(_ok(dialog.buttons), Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == (
        "Type the name of the environment variable that holds the token."
    )
    for typed in SECRET_SHAPED:
        dialog.env_edit.setText(typed)
        qtbot.mouseClick(_ok(dialog.buttons), Qt.MouseButton.LeftButton)
        assert dialog.isVisible()
        assert dialog.error_label.text() == (
            "That does not look like an environment variable's name (capital letters, "
            "digits and _, like CLIENT_CI_TOKEN): it may be the token itself. Put the token "
            "in an environment variable and type the variable's name here."
        )
    dialog.env_edit.setText(" CLIENT_CI_TOKEN ")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(_ok(dialog.buttons), Qt.MouseButton.LeftButton)
    edit = dialog.value()
    assert (edit.entry.secret_env, edit.token) == ("CLIENT_CI_TOKEN", None)


def test_provider_dialog_names_an_elevate_logins_password_variable(qtbot) -> None:
    dialog = ProviderDialog(None)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.name_edit, "Elevate 2025-2026")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("elevate"))
    dialog.secret_combo.setCurrentIndex(dialog.secret_combo.findText("an environment variable"))
    assert dialog.env_edit.placeholderText() == "e.g. ELEVATE_TOKEN"
    qtbot.keyClicks(dialog.option_edits["brand"], "acme")
    qtbot.keyClicks(dialog.option_edits["username"], "ann")
    assert dialog.env_edit.placeholderText() == "e.g. ELEVATE_PASSWORD"
    assert "The password is read from this variable" in dialog.env_note.text()
    qtbot.mouseClick(_ok(dialog.buttons), Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == (
        "Type the name of the environment variable that holds the password."
    )


def test_provider_dialog_shows_where_an_edited_providers_secret_is_read_from(qtbot) -> None:
    """The placeholder said "stored in the keyring" for a token read from a variable."""
    env = SecretFrom.ENVIRONMENT
    from_variable = ProviderEntry("CI", "content_ignite", token_from=env, secret_env="CI_TOKEN")
    dialog = ProviderDialog(from_variable)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.secret_combo.currentText() == "an environment variable"
    assert dialog.env_edit.text() == "CI_TOKEN"
    assert dialog.token_edit.placeholderText() == "API token"
    dialog.secret_combo.setCurrentIndex(dialog.secret_combo.findText("the OS keyring"))
    assert dialog.token_edit.placeholderText() == "API token"
    edit = dialog.value()
    assert (edit.entry.secret_env, edit.entry.token_from) == (None, SecretFrom.MISSING)

    maybe_secret = ProviderEntry(
        "CI", "content_ignite", token_from=env, secret_env="Summer2025Secret"
    )
    dialog = ProviderDialog(maybe_secret)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.secret_combo.currentText() == "an environment variable"
    assert dialog.env_edit.text() == ""
    assert "it may be the token itself), so it is not shown" in dialog.env_note.text()
    assert not [
        widget
        for widget in dialog.findChildren(QLineEdit) + dialog.findChildren(QLabel)
        if "Summer2025Secret" in widget.text()
    ]

    in_keyring = ProviderEntry(
        "CI", "content_ignite", token_from=SecretFrom.KEYRING, secret_env="CI_TOKEN"
    )
    dialog = ProviderDialog(in_keyring)
    qtbot.addWidget(dialog)
    dialog.open()
    assert "The keyring's token for this provider, which is read first, is forgotten" in (
        dialog.env_note.text()
    )


def test_import_wizard_shows_roles_with_evidence_and_takes_a_correction(
    qtbot, qtmodeltester
) -> None:
    preview = _preview()
    wizard = ImportWizard(preview)
    qtbot.addWidget(wizard)
    wizard.open()
    qtmodeltester.check(wizard.preview_model)
    qtmodeltester.check(wizard.columns_model)
    model = wizard.columns_model
    assert model.index(2, ColumnRoleModel.ROLE_COLUMN).data() == "Amount"
    assert "signed numbers" in model.index(2, 3).data()
    assert wizard.preview_model.headerData(2, Qt.Orientation.Horizontal) == "C: Amount"
    assert wizard.value().roles == {}  # untouched: the importer's own detection is used
    index = model.index(1, ColumnRoleModel.ROLE_COLUMN)
    wizard.columns_table.edit(index)
    editor = wizard.columns_table.findChild(QComboBox)
    assert editor is not None
    editor.setCurrentText("Reference")
    wizard.columns_table.commitData(editor)
    assert model.index(1, 3).data() == "set by you"
    assert wizard.preview_model.headerData(1, Qt.Orientation.Horizontal) == "B: Reference"
    wizard.save_check.setChecked(True)
    wizard.profile_edit.setText("My bank")
    with qtbot.waitSignal(wizard.accepted):
        qtbot.mouseClick(_ok(wizard.buttons), Qt.MouseButton.LeftButton)
    mapping = wizard.value()
    assert mapping.roles == {0: "date", 1: "reference", 2: "amount"}
    assert mapping.profile_name == "My bank"
    assert mapping.header_row == 1


def test_preview_model_marks_the_header_row_bold_and_tints_columns(qtbot, qtmodeltester) -> None:
    model = PreviewModel(_preview())
    qtmodeltester.check(model)
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(1, 0).data(Qt.ItemDataRole.FontRole) is None
    assert model.index(1, 2).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.headerData(1, Qt.Orientation.Vertical) == "2"  # the file's own row number
    model.set_layout(None, {0: None})
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole) is None
    assert model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_audit_dialog_lists_decisions(qtbot, qtmodeltester) -> None:
    inv, line = f.invoice(1), f.line(2)
    entries = [
        AuditRow(
            7, Decision(DecisionKind.ACCEPT, (inv.key,), (line.key,), "", "ann"), replaced_by=8
        ),
        AuditRow(8, Decision(DecisionKind.UNMATCH, (inv.key,), (line.key,), "undo of #7", "ann")),
    ]
    dialog = AuditDialog.present(None, "INV-00001", entries)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 2
    columns = dialog.model.columns
    assert dialog.model.index(1, column_index(columns, "kind")).data() == "Unmatched"
    assert dialog.model.index(1, column_index(columns, "reason")).data() == "undo of #7"
    assert dialog.model.index(0, column_index(columns, "status")).data() == "replaced by #8"


def test_about_dialog_names_version_licences_and_paths(qtbot) -> None:
    info = AboutInfo(
        "0.1.0", Path("/w/ws.reconcile"), Path("/l/logs"), (("PySide6", "6.11.2", "LGPL-3.0"),)
    )
    dialog = AboutDialog.present(None, info)
    qtbot.addWidget(dialog)
    text = dialog.text.text()
    for expected in ("0.1.0", "/w/ws.reconcile", "/l/logs", "PySide6", "LGPL-3.0"):
        assert expected in text


def test_import_wizard_asks_the_currency_of_a_file_that_does_not_say(qtbot) -> None:
    wizard = ImportWizard(_preview())
    qtbot.addWidget(wizard)
    wizard.open()
    assert wizard.currency_combo.currentData() is None
    assert wizard.value().is_detection
    wizard.currency_combo.setCurrentIndex(wizard.currency_combo.findData("EUR"))
    mapping = wizard.value()
    assert mapping.currency == "EUR"
    assert not mapping.is_detection
    assert mapping.roles == {}


def _fetch_period_dialog(qtbot, offer: PeriodOffer) -> FetchPeriodDialog:
    dialog = FetchPeriodDialog(offer)
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def test_fetch_period_dialog_starts_at_the_offer_and_fetches_the_dates_set(qtbot) -> None:
    offer = PeriodOffer(date(2025, 8, 3), date(2025, 11, 27), False, "The statements' dates.")
    dialog = _fetch_period_dialog(qtbot, offer)
    assert dialog.period_button.isChecked()
    assert dialog.from_edit.text() == "2025-08-03"
    assert dialog.to_edit.text() == "2025-11-27"
    assert dialog.source_label.text() == "The statements' dates."
    dialog.from_edit.setDate(QDate(2025, 7, 1))
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(_ok(dialog.buttons), Qt.MouseButton.LeftButton)
    assert dialog.value() == FetchPeriod(date(2025, 7, 1), date(2025, 11, 27))


def test_fetch_period_dialog_refuses_a_period_that_ends_before_it_starts(qtbot) -> None:
    offer = PeriodOffer(date(2025, 8, 3), date(2025, 11, 27), False, "")
    dialog = _fetch_period_dialog(qtbot, offer)
    dialog.to_edit.setDate(QDate(2025, 8, 2))
    assert not _ok(dialog.buttons).isEnabled()
    assert "ends before it starts" in dialog.problem_label.text()
    dialog.all_dates_button.click()  # the dates no longer count
    assert _ok(dialog.buttons).isEnabled()
    assert not dialog.from_edit.isEnabled()
    assert dialog.value() == FetchPeriod()


def test_fetch_period_dialog_offers_all_dates_when_that_was_last_fetched(qtbot) -> None:
    offer = PeriodOffer(date(2025, 8, 3), date(2025, 11, 27), True, "The period last fetched.")
    dialog = _fetch_period_dialog(qtbot, offer)
    assert dialog.all_dates_button.isChecked()
    assert not dialog.to_edit.isEnabled()
    assert _ok(dialog.buttons).text() == "Fetch"
    dialog.period_button.click()
    assert dialog.value() == FetchPeriod(date(2025, 8, 3), date(2025, 11, 27))
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel),
            Qt.MouseButton.LeftButton,
        )
