"""The audit trail of one invoice or one statement line: every decision, oldest first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app.ui.models.audit import AuditModel
from desktop_app.ui.services import AuditRow
from desktop_app.ui.views.table_view import DomainTableView
from desktop_app.wording import counted


class AuditDialog(QDialog):
    def __init__(self, title: str, entries: list[AuditRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit dialog")
        self.setWindowTitle(f"Audit trail: {title}")
        self.resize(980, 360)
        self.model = AuditModel(self)
        self.model.set_items(entries)
        self.table = DomainTableView(self.model, "audit table")
        if entries:
            summary = QLabel(f"{counted(len(entries), 'decision')} about {title}, oldest first.")
        else:
            summary = QLabel(f"No decisions about {title} yet.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    @classmethod
    def present(cls, parent: QWidget | None, title: str, entries: list[AuditRow]) -> AuditDialog:
        """Show without blocking; the dialog deletes itself when closed."""
        dialog = cls(title, entries, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
