"""Add or edit a provider: its API, address, direction, options and (write-only) token.

The token (or Elevate password) is kept in the OS keyring, or read from an environment
variable the accountant names: on a machine without a keyring (a headless Linux box) the
variable is the only way to give the window a secret. Only the variable's name is saved
(providers.toml's ``token_env``/``password_env``), and only a name ``plain_env_name``
takes: anything else may be the secret itself, typed where its name goes, and is refused
without being repeated.
"""

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

from desktop_app.providers.config import DEFAULT_BASE_URLS
from desktop_app.secrets import (
    SECRET_FROM_ENVIRONMENT,
    SECRET_FROM_KEYRING,
    SECRET_FROM_LABEL,
    SecretPurpose,
    SecretRequest,
    example_env_name,
    plain_env_name,
    trimmed,
    unsendable,
)
from desktop_app.ui.dialogs.seam import ProviderEdit
from desktop_app.ui.models.providers import KIND_LABELS, default_address
from desktop_app.ui.services import PROVIDER_KINDS, ProviderEntry, SecretFrom

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
# The secret_combo's items: where the secret is kept (its data says which).
KEYRING, ENVIRONMENT = "keyring", "environment"
# Pixels beside the Address field's text: its frame and inner margins.
ADDRESS_MARGIN = 24


class ProviderDialog(QDialog):
    """The token field is never filled in: a stored token stays in the keyring unless a new
    one is typed. The variable's name is filled in only when it plainly is one."""

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
        # Wide enough for every API's default address in full (Versori's was cut at
        # "https://platform.v…"), so the dialog keeps its width as the API changes.
        metrics = self.url_edit.fontMetrics()
        widest = max(metrics.horizontalAdvance(default_address(k)) for k in DEFAULT_BASE_URLS)
        self.url_edit.setMinimumWidth(widest + ADDRESS_MARGIN)
        self.direction_combo = QComboBox()
        for label, value in (
            ("Default for this API", None),
            ("Payable (money out)", "payable"),
            ("Receivable (money in)", "receivable"),
        ):
            self.direction_combo.addItem(label, value)
        self.option_edits = {key: QLineEdit() for key in OPTION_LABELS}
        self.secret_combo = QComboBox()
        self.secret_combo.addItem(SECRET_FROM_KEYRING, KEYRING)
        self.secret_combo.addItem(SECRET_FROM_ENVIRONMENT, ENVIRONMENT)
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        # Said only of a token the keyring holds: one read from a variable is not there.
        in_keyring = entry is not None and entry.token_from is SecretFrom.KEYRING
        self.token_edit.setPlaceholderText("stored in the keyring" if in_keyring else "API token")
        self.env_edit = QLineEdit()
        self.env_note = QLabel()
        self.env_note.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._layout()
        if entry is not None:
            self._fill(entry)
        self.kind_combo.currentIndexChanged.connect(lambda _: self._show_options())
        self.secret_combo.currentIndexChanged.connect(lambda _: self._show_options())
        for edit in (self.name_edit, self.option_edits["username"]):
            edit.textChanged.connect(lambda _: self._suggest_name())
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
        self.form.addRow(SECRET_FROM_LABEL, self.secret_combo)
        self.form.addRow("Token or password", self.token_edit)
        self.form.addRow("Variable name", self.env_edit)
        self.form.addRow("", self.env_note)
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
        if entry.secret_env is not None:
            self.secret_combo.setCurrentIndex(self.secret_combo.findData(ENVIRONMENT))
            if plain_env_name(entry.secret_env):
                self.env_edit.setText(entry.secret_env)

    def _reads_variable(self) -> bool:
        return bool(self.secret_combo.currentData() == ENVIRONMENT)

    def _purpose(self) -> SecretPurpose:
        """A password for an Elevate login, else a token (``secret_request``'s rule)."""
        logs_in = self.kind_combo.currentData() == "elevate" and bool(
            self.option_edits["username"].text().strip()
        )
        return SecretPurpose.PASSWORD if logs_in else SecretPurpose.TOKEN

    def _suggested_name(self) -> str:
        name = self.name_edit.text().strip() or "provider"
        return example_env_name(SecretRequest(name, self._purpose()))

    def _suggest_name(self) -> None:
        self.env_edit.setPlaceholderText(f"e.g. {self._suggested_name()}")
        self.env_note.setText(self._env_note())
        self._fit()

    def _env_note(self) -> str:
        kind = self._purpose().value
        note = (
            f"The {kind} is read from this variable as invoices are fetched: set it before "
            "starting the app. Only its name is saved, in providers.toml."
        )
        original = self._original
        named = None if original is None else original.secret_env
        if named is not None and not plain_env_name(named):
            note += (
                " The name providers.toml has does not look like a variable's name (it may "
                f"be the {kind} itself), so it is not shown: type the variable's name."
            )
        if original is not None and original.token_from is SecretFrom.KEYRING:
            note += (
                f" The keyring's {kind} for this provider, which is read first, is forgotten "
                "when you press OK."
            )
        return note

    def _show_options(self) -> None:
        kind = self.kind_combo.currentData()
        # Left empty, the address is the chosen API's documented one: shown, not named
        # ("production address" left the accountant to guess which, and whether it was
        # the one their provider gave them).
        self.url_edit.setPlaceholderText(default_address(kind))
        wanted = KIND_OPTIONS[kind]
        for key, edit in self.option_edits.items():
            self.form.setRowVisible(edit, key in wanted)
        from_variable = self._reads_variable()
        self.form.setRowVisible(self.token_edit, not from_variable)
        self.form.setRowVisible(self.env_edit, from_variable)
        self.form.setRowVisible(self.env_note, from_variable)
        self._suggest_name()

    def _fit(self) -> None:
        """Grow (never shrink) to show every line of the rows shown now: Qt does not grow
        a dialog for a wrapped note's lines, and the note was cut off after its second."""
        layout = self.layout()
        if not self.isVisible() or layout is None:
            return
        layout.activate()
        width = self.width()
        needed = (
            layout.totalHeightForWidth(width)
            if layout.hasHeightForWidth()
            else layout.totalSizeHint().height()
        )
        if needed > self.height():
            self.resize(width, needed)

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
        purpose = self._purpose()
        if self._reads_variable():
            return self._variable_problem(purpose)
        if unsendable(trimmed(self.token_edit.text(), purpose)):
            return (
                f"The {purpose.value} has a line break or control character inside it: "
                f"paste the {purpose.value} alone, on one line."
            )
        return None

    def _variable_problem(self, purpose: SecretPurpose) -> str | None:
        """Why the variable's name cannot be saved; never repeating what was typed, which
        may be the secret itself."""
        name = self.env_edit.text().strip()
        if not name:
            return f"Type the name of the environment variable that holds the {purpose.value}."
        if not plain_env_name(name):
            return (
                "That does not look like an environment variable's name (capital letters, "
                f"digits and _, like {self._suggested_name()}): it may be the "
                f"{purpose.value} itself. Put the {purpose.value} in an environment variable "
                "and type the variable's name here."
            )
        return None

    def value(self) -> ProviderEdit:
        kind = self.kind_combo.currentData()
        options = {
            key: text
            for key in KIND_OPTIONS[kind]
            if (text := self.option_edits[key].text().strip())
        }
        original = self._original
        if self._reads_variable():
            secret_env: str | None = self.env_edit.text().strip()
            token = None
            # Where it is read from is known only for the variable the entry had.
            same = original is not None and original.secret_env == secret_env
            token_from: SecretFrom = (
                original.token_from
                if original is not None and same and original.token_from is SecretFrom.ENVIRONMENT
                else SecretFrom.MISSING
            )
        else:
            secret_env = None
            token = self.token_edit.text() or None
            kept = original is not None and original.token_from is SecretFrom.KEYRING
            token_from = SecretFrom.KEYRING if token or kept else SecretFrom.MISSING
        entry = ProviderEntry(
            name=self.name_edit.text().strip(),
            kind=kind,
            base_url=self.url_edit.text().strip() or None,
            direction=self.direction_combo.currentData(),
            options=options,
            token_from=token_from,
            secret_env=secret_env,
        )
        return ProviderEdit(entry, token)

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
