"""*Fetch invoices*: which invoices to fetch, by the dates they were issued.

The accountant closing a month fetches that month's invoices, not the providers' whole
history: the question starts at the period ``ui.fetch_period`` offers, says where it
comes from, and offers every date as a choice of its own. Cancel fetches nothing.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import FetchPeriod
from desktop_app.ui.fetch_period import PeriodOffer

DATE_FORMAT = "yyyy-MM-dd"  # ISO: never read day for month, whatever the locale


class FetchPeriodDialog(QDialog):
    def __init__(self, offer: PeriodOffer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._offer = offer
        self.setObjectName("fetch period dialog")
        self.setWindowTitle("Fetch invoices")
        self.period_button = QRadioButton("Invoices issued from")
        self.all_dates_button = QRadioButton(
            "All dates: every invoice the providers hold, however old"
        )
        choice = QButtonGroup(self)
        choice.addButton(self.period_button)
        choice.addButton(self.all_dates_button)
        self.from_edit = _date_edit(offer.start, "from")
        self.to_edit = _date_edit(offer.end, "to")
        self.source_label = QLabel(offer.source)
        self.source_label.setWordWrap(True)
        self.problem_label = QLabel()
        self.problem_label.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.fetch_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.fetch_button.setText("Fetch")
        grid = QGridLayout()
        grid.addWidget(self.period_button, 0, 0)
        grid.addWidget(self.from_edit, 0, 1)
        grid.addWidget(QLabel("to"), 0, 2)
        grid.addWidget(self.to_edit, 0, 3)
        grid.addWidget(self.all_dates_button, 1, 0, 1, 4)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.source_label)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        (self.all_dates_button if offer.all_dates else self.period_button).setChecked(True)
        for signal in (
            self.period_button.toggled,
            self.from_edit.dateChanged,
            self.to_edit.dateChanged,
        ):
            signal.connect(self._follow)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._follow()

    def problem(self) -> str | None:
        """Why the period chosen cannot be fetched; None when it can."""
        return self._answer().problem()

    def value(self) -> FetchPeriod:
        """The period chosen (``problem`` is None)."""
        return self._answer().period()

    def _answer(self) -> PeriodOffer:
        """The offer as the widgets now set it: the offer says what that fetches."""
        return self._offer.changed(
            self._day(self.from_edit),
            self._day(self.to_edit),
            self.all_dates_button.isChecked(),
        )

    def _follow(self) -> None:
        """The dates count only for a period; Fetch waits for one that can be fetched."""
        dated = self.period_button.isChecked()
        self.from_edit.setEnabled(dated)
        self.to_edit.setEnabled(dated)
        problem = self.problem()
        self.problem_label.setText(problem or "")
        self.fetch_button.setEnabled(problem is None)

    @staticmethod
    def _day(edit: QDateEdit) -> date:
        day = edit.date()
        return date(day.year(), day.month(), day.day())

    @classmethod
    def ask(cls, parent: QWidget | None, offer: PeriodOffer) -> FetchPeriod | None:
        dialog = cls(offer, parent)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


def _date_edit(day: date, name: str) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setObjectName(name)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    return edit
