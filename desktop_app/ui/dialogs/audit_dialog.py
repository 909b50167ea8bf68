"""The audit trail of one invoice or one statement line: every decision, oldest first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_app.domain import Decision
from desktop_app.ui.models.audit import AuditModel
from desktop_app.ui.views.table_view import DomainTableView


class AuditDialog(QDialog):
    def __init__(
        self, title: str, decisions: list[Decision], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("audit dialog")
        self.setWindowTitle(f"Audit trail: {title}")
        self.resize(900, 360)
        self.model = AuditModel(self)
        self.model.show_decisions(decisions)
        self.table = DomainTableView(self.model, "audit table")
        summary = QLabel(
            f"{len(decisions)} decision(s) about {title}."
            if decisions
            else f"No decisions about {title} yet."
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    @classmethod
    def present(cls, parent: QWidget | None, title: str, decisions: list[Decision]) -> AuditDialog:
        """Show without blocking; the dialog deletes itself when closed."""
        dialog = cls(title, decisions, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
