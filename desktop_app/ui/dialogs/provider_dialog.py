"""Add or edit a provider: its API, address, direction, options and (write-only) token."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.secrets import SecretPurpose, trimmed, unsendable
from desktop_app.ui.dialogs.seam import ProviderEdit
from desktop_app.ui.models.providers import KIND_LABELS
from desktop_app.ui.services import PROVIDER_KINDS, ProviderEntry

# Options each API needs besides a token (providers.toml's keys).
KIND_OPTIONS = {
    "content_ignite": (),
    "versori": ("organisation_id", "auth_scheme"),
    "elevate": ("currency", "brand", "username"),
}
OPTION_LABELS = {
    "organisation_id": "Organisation id",
    "auth_scheme": "Auth scheme (JWT or Bearer)",
    "currency": "Currency (ISO code)",
    "brand": "Brand (to log in)",
    "username": "User name (to log in)",
}
REQUIRED_OPTIONS = {"versori": ("organisation_id",)}


class ProviderDialog(QDialog):
    """The token field is never filled in: a stored token stays in the keyring unless a new
    one is typed."""

    def __init__(self, entry: ProviderEntry | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("provider dialog")
        self.setWindowTitle("Edit provider" if entry else "Add provider")
        self._original = entry
        self.name_edit = QLineEdit(entry.name if entry else "")
        self.kind_combo = QComboBox()
        for kind in PROVIDER_KINDS:
            self.kind_combo.addItem(KIND_LABELS[kind], kind)
        self.url_edit = QLineEdit(entry.base_url or "" if entry else "")
        self.url_edit.setPlaceholderText("production address")
        self.direction_combo = QComboBox()
        for label, value in (
            ("Default for this API", None),
            ("Payable (money out)", "payable"),
            ("Receivable (money in)", "receivable"),
        ):
            self.direction_combo.addItem(label, value)
        self.option_edits = {key: QLineEdit() for key in OPTION_LABELS}
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setPlaceholderText(
            "stored in the keyring" if entry and entry.has_token else "API token"
        )
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._layout()
        if entry is not None:
            self._fill(entry)
        self.kind_combo.currentIndexChanged.connect(lambda _: self._show_options())
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        self._show_options()

    def _layout(self) -> None:
        self.form = QFormLayout()
        self.form.addRow("Name", self.name_edit)
        self.form.addRow("API", self.kind_combo)
        self.form.addRow("Address", self.url_edit)
        self.form.addRow("Direction", self.direction_combo)
        for key, edit in self.option_edits.items():
            self.form.addRow(OPTION_LABELS[key], edit)
        self.form.addRow("Token or password", self.token_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _fill(self, entry: ProviderEntry) -> None:
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(entry.kind), 0))
        self.direction_combo.setCurrentIndex(max(self.direction_combo.findData(entry.direction), 0))
        for key, value in entry.options.items():
            if key in self.option_edits:
                self.option_edits[key].setText(value)

    def _show_options(self) -> None:
        wanted = KIND_OPTIONS[self.kind_combo.currentData()]
        for key, edit in self.option_edits.items():
            self.form.setRowVisible(edit, key in wanted)

    def problem(self) -> str | None:
        """Why the form cannot be saved yet, in words; None when it can."""
        kind = self.kind_combo.currentData()
        if not self.name_edit.text().strip():
            return "Give the provider a name."
        for key in REQUIRED_OPTIONS.get(kind, ()):
            if not self.option_edits[key].text().strip():
                return f"{OPTION_LABELS[key]} is required for {KIND_LABELS[kind]}."
        login = [self.option_edits[k].text().strip() for k in ("brand", "username")]
        if kind == "elevate" and any(login) and not all(login):
            return "To log in to Elevate Billing, give both the brand and the user name."
        url = self.url_edit.text().strip()
        if url and not url.startswith(("http://", "https://")):
            return "The address must start with http:// or https://."
        logs_in = kind == "elevate" and bool(self.option_edits["username"].text().strip())
        purpose = SecretPurpose.PASSWORD if logs_in else SecretPurpose.TOKEN
        if unsendable(trimmed(self.token_edit.text(), purpose)):
            return (
                f"The {purpose.value} has a line break or control character inside it: "
                f"paste the {purpose.value} alone, on one line."
            )
        return None

    def value(self) -> ProviderEdit:
        kind = self.kind_combo.currentData()
        options = {
            key: text
            for key in KIND_OPTIONS[kind]
            if (text := self.option_edits[key].text().strip())
        }
        entry = ProviderEntry(
            name=self.name_edit.text().strip(),
            kind=kind,
            base_url=self.url_edit.text().strip() or None,
            direction=self.direction_combo.currentData(),
            options=options,
            has_token=bool(self.token_edit.text())
            or bool(self._original and self._original.has_token),
        )
        return ProviderEdit(entry, self.token_edit.text() or None)

    def _try_accept(self) -> None:
        problem = self.problem()
        self.error_label.setText(problem or "")
        if problem is None:
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, entry: ProviderEntry | None) -> ProviderEdit | None:
        dialog = cls(entry, parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
