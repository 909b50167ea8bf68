"""Every decision flagged for review in one list, to keep or withdraw each.

The Reconcile screen marks a flagged decision on its row, but a decision whose invoice its
provider no longer returns has no row there (the window no longer holds the invoice).
This list holds them all. The dialog only shows what the session says and passes the
selection on: keeping and withdrawing are the session's (``ReviewSession.keep_flagged``,
``withdraw_flagged``), undoable like any review step.

A kept decision (its invoice no longer returned) reviewed and kept has no flag and no
row, yet holds its payments while it stands: "Show decisions reviewed and kept too" lists
those as well, so it can be withdrawn here (W), as Reconcile's refusal to match its line
by hand says. Off at first: the list is of what needs review.

Keyboard first, as the Reconcile screen: K keeps and W withdraws the rows selected, so an
accountant going down a long list never reaches for the mouse; Esc closes. The keys are
actions of the dialog, not the buttons' own shortcuts: a button's would move the focus
onto it and press it later, leaving the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui import review, review_flags
from desktop_app.ui.models.flagged import FlaggedModel
from desktop_app.ui.review import ReviewError
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.views.table_view import DomainTableView

# A session's call on the flagged decisions selected (keep or withdraw them).
Act = Callable[[Sequence[review_flags.FlaggedDecision]], None]


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
        self.show_kept = QCheckBox(review.SHOW_KEPT)
        self.show_kept.setObjectName("show kept")
        self.show_kept.setToolTip(review_flags.SHOW_KEPT_TIP)
        self.keep_action = self._action(
            "Keep decision", review_flags.KEEP_KEY, review_flags.KEEP_TIP, session.keep_flagged
        )
        self.withdraw_action = self._action(
            "Withdraw decision",
            review_flags.WITHDRAW_KEY,
            review_flags.WITHDRAW_TIP,
            session.withdraw_flagged,
        )
        self.keep_button = _button(self.keep_action, "keep flagged")
        self.withdraw_button = _button(self.withdraw_action, "withdraw flagged")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setToolTip(review_flags.CLOSE_TIP)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.withdraw_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.show_kept)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        session.saving_changed.connect(self._enable)  # none while a step is being saved
        session.review_flags_changed.connect(self._refresh)
        session.invoices_changed.connect(self._refresh)
        # A kept decision reviewed and kept, withdrawn or the withdrawal undone, changes
        # no flag: the step itself, or a new run, says the list changed.
        session.review_changed.connect(self._refresh)
        session.reconciliation_changed.connect(self._refresh)
        self.show_kept.toggled.connect(self._refresh)
        self._refresh()

    def _action(self, text: str, key: str, tip: str, act: Act) -> QAction:
        """``act`` on the rows selected, by its button or by ``key`` pressed anywhere in
        the dialog (the list has the focus): disabled with its button, so its key does
        nothing with no row selected."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setToolTip(tip)
        action.triggered.connect(lambda: self._act(act))
        self.addAction(action)
        return action

    def _refresh(self, *_: object) -> None:
        flagged = self._session.flagged_decisions(kept=self.show_kept.isChecked())
        keys = self.table.selected_keys()
        self.model.set_items(flagged)
        self.table.select_keys(keys)
        self.summary.setText(review_flags.flagged_summary(flagged))
        self._enable()

    def _enable(self, *_: object) -> None:
        selected = self.table.selected_items()
        chosen = bool(selected) and not self._session.saving
        keep = review_flags.can_keep(selected) and not self._session.saving
        self.keep_action.setEnabled(keep)
        self.withdraw_action.setEnabled(chosen)
        self.keep_button.setEnabled(keep)
        self.withdraw_button.setEnabled(chosen)

    def _act(self, action: Act) -> None:
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


def _button(action: QAction, name: str) -> QPushButton:
    """A push button, as the dialog's Close is, that triggers ``action``: its text and
    tooltip (which says the key)."""
    button = QPushButton(action.text())
    button.setObjectName(name)
    button.setToolTip(action.toolTip())
    button.clicked.connect(action.trigger)
    return button
