"""The selected discrepancy in full: its explanation (the table's column cuts it short),
the invoices and statement lines it is about, and a way to act on it in Reconcile."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import Discrepancy
from desktop_app.ui import formatting as fmt
from desktop_app.ui.models.discrepancies import SEVERITY_COLOURS, difference_text, paid_text
from desktop_app.ui.models.invoices import status_text

PROMPT = "Select a discrepancy to see it in full."


def discrepancy_html(discrepancy: Discrepancy) -> str:
    """The discrepancy as the pane shows it: what kind, why, and every invoice and line
    by the names the accountant finds them by (provider and number; file and row), each
    invoice's status as the Invoices screen's Status shows it (``status_text``): a word
    its provider does not document is that word, not "Unknown", which left the
    accountant nothing to look up at the provider."""
    kind = discrepancy.type
    colour = SEVERITY_COLOURS[kind.severity]
    severity = f"<span style='color:{colour}'>({escape(kind.severity.value)})</span>"
    parts = [
        f"<b>{escape(kind.value)}</b> {severity} · {escape(kind.meaning)}",
        f"<p>{escape(discrepancy.explanation)}</p>",
    ]
    amounts = [
        f"{label} {escape(text)}"
        for label, text in (
            ("Invoiced", fmt.money(discrepancy.invoiced)),
            ("Paid", paid_text(discrepancy)),
            ("Difference", difference_text(discrepancy)),
        )
        if text
    ]
    if amounts:
        parts.append(" · ".join(amounts))
    for invoice in discrepancy.invoices:
        said = fmt.outstanding(invoice)
        still_owed = (
            ""
            if said is None
            else f" · still owed {said.owed.format()}"
            if said.counted
            else f" · {said.provider_says} ({fmt.WHOLE_INVOICE})"
        )
        parts.append(
            f"<br>Invoice {escape(invoice.label)} · {escape(invoice.provider)} · issued "
            f"{escape(fmt.day(invoice.issue_date))} · {escape(invoice.gross.format())}"
            f"{escape(still_owed)} · {escape(status_text(invoice))}"
        )
    for line in discrepancy.lines:
        text = " ".join(part for part in (line.description, line.reference) if part)
        parts.append(
            f"<br>Line {escape(str(line.key))} · {escape(fmt.day(line.date))} · "
            f"{escape(fmt.line_amount(line))} · {escape(text)}"
        )
    return "".join(parts)


class DiscrepancyDetail(QWidget):
    """Shows one discrepancy; "Show in Reconcile" asks for its invoices and lines there,
    where they can be matched by hand, accepted or rejected."""

    reveal_requested = Signal(object)  # the Discrepancy

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown: Discrepancy | None = None
        self.text = QLabel()
        self.text.setObjectName("discrepancy detail")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.reveal_button = QPushButton("Show in Reconcile")
        self.reveal_button.setObjectName("show in reconcile")
        self.reveal_button.setToolTip(
            "Go to the Reconcile screen with this discrepancy's match, or its unmatched "
            "invoice and lines, selected"
        )
        self.reveal_button.clicked.connect(self._reveal)
        buttons = QVBoxLayout()
        buttons.addWidget(self.reveal_button)
        buttons.addStretch(1)
        # A batch or a duplicate lists more lines than the pane is tall: it scrolls.
        self.text_area = QScrollArea()
        self.text_area.setObjectName("discrepancy detail scroll")
        # Tab stops here to scroll a long one: named, not "scroll area".
        self.text_area.setAccessibleName("Discrepancy in full")
        self.text_area.setWidgetResizable(True)
        self.text_area.setFrameShape(QFrame.Shape.NoFrame)
        self.text_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text_area.setWidget(self.text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text_area, 1)
        layout.addLayout(buttons)
        self.show_discrepancy(None)

    def show_discrepancy(self, discrepancy: Discrepancy | None) -> None:
        self._shown = discrepancy
        self.text.setText(PROMPT if discrepancy is None else discrepancy_html(discrepancy))
        self.reveal_button.setEnabled(discrepancy is not None)

    def _reveal(self) -> None:
        if self._shown is not None:
            self.reveal_requested.emit(self._shown)
