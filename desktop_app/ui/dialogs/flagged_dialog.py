"""Every decision flagged for review in one list, to keep or withdraw each.

The Reconcile screen marks a flagged decision on its row, but a decision whose invoice its
provider no longer returns has no row there (the window no longer holds the invoice).
This list holds them all. The dialog only shows what the session says and passes the
selection on: keeping and withdrawing are the session's (``ReviewSession.keep_flagged``,
``withdraw_flagged``), undoable like any review step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui import review_flags
from desktop_app.ui.models.flagged import FlaggedModel
from desktop_app.ui.review import ReviewError
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.views.table_view import DomainTableView


class FlaggedDialog(QDialog):
    def __init__(self, session: ReviewSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("flagged decisions dialog")
        self.setWindowTitle("Flagged decisions")
        self.resize(1000, 380)
        self._session = session
        self.model = FlaggedModel(self)
        self.table = DomainTableView(self.model, "flagged table")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("flagged problem")
        self.problem.setWordWrap(True)
        self.keep_button = QPushButton("Keep decision")
        self.keep_button.setObjectName("keep flagged")
        self.keep_button.setToolTip(review_flags.KEEP_TIP)
        self.withdraw_button = QPushButton("Withdraw decision")
        self.withdraw_button.setObjectName("withdraw flagged")
        self.withdraw_button.setToolTip(review_flags.WITHDRAW_TIP)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.withdraw_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.keep_button.clicked.connect(lambda: self._act(session.keep_flagged))
        self.withdraw_button.clicked.connect(lambda: self._act(session.withdraw_flagged))
        self.table.selectionModel().selectionChanged.connect(self._enable)
        session.review_flags_changed.connect(self._refresh)
        session.invoices_changed.connect(self._refresh)
        self._refresh()

    def _refresh(self, *_: object) -> None:
        flagged = self._session.flagged_decisions()
        keys = self.table.selected_keys()
        self.model.set_items(flagged)
        self.table.select_keys(keys)
        self.summary.setText(review_flags.flagged_summary(flagged))
        self._enable()

    def _enable(self, *_: object) -> None:
        chosen = bool(self.table.selected_rows())
        self.keep_button.setEnabled(chosen)
        self.withdraw_button.setEnabled(chosen)

    def _act(self, action: object) -> None:
        assert callable(action)
        self.problem.clear()
        try:
            action(self.table.selected_items())
        except ReviewError as error:
            self.problem.setText(str(error))

    @classmethod
    def present(cls, parent: QWidget | None, session: ReviewSession) -> FlaggedDialog:
        """Show without blocking; the dialog deletes itself when closed."""
        dialog = cls(session, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
