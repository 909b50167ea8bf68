"""Asked before exporting a report some provider's invoices of its period are missing
from: a fetch failed (a wrong password) or was cancelled, and what it kept does not hold
the period.

Written anyway, such a report's Summary names the providers (``export.summary_sheet``),
but the accountant who did not read it would send on a workbook whose payments of those
invoices read as "no invoice matches its amount". So the window says it first, naming
each provider and why, and the safe answer (Cancel, then fetch again) is the default:
Enter or Esc does not write it. Export anyway is one click for the accountant who knows
(the provider was retired, the month has none of its invoices).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain import FetchPeriod, FetchShortfall
from desktop_app.wording import and_list, period_text, plural

TITLE = "Invoices missing from the report"
EXPORT_ANYWAY = "Export anyway"


def question(shortfalls: Sequence[FetchShortfall], period: FetchPeriod) -> tuple[str, str]:
    """The headline and the details: which providers' invoices of ``period`` are missing,
    why each, and what follows."""
    names = [shortfall.provider for shortfall in shortfalls]
    count = len(names)
    headline = (
        f"The invoices of {period_text(period)} were not all fetched from "
        f"{and_list(names)}: {plural(count, 'its', 'their')} invoices for the period "
        "are missing from the report."
    )
    reasons = "\n".join(f"• {shortfall.provider}: {shortfall.why}." for shortfall in shortfalls)
    details = (
        f"{reasons}\n\nA payment of one of those invoices will show as an unmatched payment; "
        "the report's Summary names the providers not fetched. Fetch invoices again (F5) "
        "to get them, or export anyway."
    )
    return headline, details


class UnfetchedExportDialog(QDialog):
    """Export anyway (accepted) or Cancel (rejected, the default)."""

    def __init__(
        self,
        shortfalls: Sequence[FetchShortfall],
        period: FetchPeriod,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unfetched export dialog")
        self.setWindowTitle(TITLE)
        headline, details = question(shortfalls, period)
        self.headline = QLabel(headline)
        self.headline.setObjectName("unfetched headline")
        self.headline.setWordWrap(True)
        self.details = QLabel(details)
        self.details.setObjectName("unfetched details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.export_button = QPushButton(EXPORT_ANYWAY)
        self.export_button.setAutoDefault(False)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    @classmethod
    def ask(
        cls, parent: QWidget | None, shortfalls: Sequence[FetchShortfall], period: FetchPeriod
    ) -> bool:
        """Whether to export anyway."""
        dialog = cls(shortfalls, period, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
