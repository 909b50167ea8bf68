"""The Invoices screen: every fetched invoice, filtered as you type, with its line items."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain import Invoice, InvoiceStatus
from desktop_app.ui import formatting as fmt
from desktop_app.ui.models.invoices import InvoiceFilter, InvoiceTableModel
from desktop_app.ui.models.line_items import LineItemCheck, LineItemModel
from desktop_app.ui.next_step import invoices_said
from desktop_app.ui.review import ReviewUpdate
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.views.choices import add_match_states, enum_choice, match_choice
from desktop_app.ui.views.focus_ring import tab_order
from desktop_app.ui.views.search_box import SearchBox
from desktop_app.ui.views.table_view import DomainTableView

ANY = "Any"


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class InvoicesView(QWidget):
    audit_requested = Signal(object)  # Invoice

    def __init__(self, session: ReviewSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invoices")
        self._session = session
        self.model = InvoiceTableModel(session.invoice_state, self)
        self.table = DomainTableView(self.model, "invoices table")
        self.items_model = LineItemModel(self)
        self.items_table = DomainTableView(self.items_model, "line items table")
        self.items_check = QLabel("Select an invoice to see its line items.")
        self.count_label = QLabel()  # how many; with nothing to show, what to do first
        self.count_label.setObjectName("invoices count")
        self.count_label.setWordWrap(True)
        self._build_filters()
        self._build_layout()
        self._build_context_menu()
        self.table.current_item_changed.connect(self._show_invoice)
        session.invoices_changed.connect(self._reload)
        session.reconciliation_changed.connect(self.apply_filter)
        session.review_changed.connect(self._on_review)
        session.lines_changed.connect(self._update_count)  # a step before matching done
        session.matching_changed.connect(self._update_count)  # before a run: running or not
        self._update_count()

    # -- building -----------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.search = SearchBox("Filter invoices: number, counterparty, amount…")
        self.provider_combo = QComboBox()
        self.provider_combo.addItem(ANY, None)
        self.status_combo = QComboBox()
        self.status_combo.addItem(ANY, None)
        for status in InvoiceStatus:
            self.status_combo.addItem(fmt.status(status), status.value)
        self.match_combo = QComboBox()
        self.provider_combo.setAccessibleName("Provider")
        self.status_combo.setAccessibleName("Status")
        self.match_combo.setAccessibleName("Match state")
        self.match_combo.addItem(ANY, None)
        add_match_states(self.match_combo, unmatched=True)
        # Dated, not issued: an invoice billed for a period may state no issue date (the
        # Versori API's), and is kept by its period's end, which the Issued column, blank
        # for it, does not show: "Issued between" listed rows with no issue date.
        self.dates_check = QCheckBox("Dated between")
        self.dates_check.setToolTip(
            "Invoices dated between the two days: by the issue date, or, for an invoice "
            "that states none (billed for a period), by the end of its period, else its due "
            "date."
        )
        self.date_from = QDateEdit(QDate(date.today().year, 1, 1))
        self.date_to = QDateEdit(QDate.currentDate())
        # Their visible words ("Dated between", "and") are the check box's and a joining
        # word: no label a screen reader could name them by.
        self.date_from.setAccessibleName("Dated from")
        self.date_to.setAccessibleName("Dated to")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(self.apply_filter)
        self.dates_check.toggled.connect(self.date_from.setEnabled)
        self.dates_check.toggled.connect(self.date_to.setEnabled)
        self.dates_check.toggled.connect(self.apply_filter)
        self.search.query_changed.connect(self.apply_filter)
        for combo in (self.provider_combo, self.status_combo, self.match_combo):
            combo.currentIndexChanged.connect(self.apply_filter)

    def _build_layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(QLabel("Provider"))
        filters.addWidget(self.provider_combo)
        filters.addWidget(QLabel("Status"))
        filters.addWidget(self.status_combo)
        more = QHBoxLayout()
        more.addWidget(QLabel("Match"))
        more.addWidget(self.match_combo)
        more.addSpacing(12)
        more.addWidget(self.dates_check)
        more.addWidget(self.date_from)
        more.addWidget(QLabel("and"))
        more.addWidget(self.date_to)
        more.addStretch(1)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(QLabel("<b>Line items</b>"))
        detail_layout.addWidget(self.items_table)
        detail_layout.addWidget(self.items_check)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("invoices splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(more)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.count_label)
        self._chain_tab_order()

    def _chain_tab_order(self) -> None:
        """Tab goes down the screen as it reads: the filter and its choices, the invoices
        they filter, then the selected invoice's line items. Qt's order is the order the
        widgets were made in, which put both tables (made first, for the filters to act
        on) after the dates and the line items before the invoices. The dates are skipped
        while "Dated between" is off (disabled)."""
        chain = [
            self.search,
            self.provider_combo,
            self.status_combo,
            self.match_combo,
            self.dates_check,
            self.date_from,
            self.date_to,
            self.table,
            self.items_table,
        ]
        tab_order(chain)

    def _build_context_menu(self) -> None:
        self.audit_action = QAction("Show audit trail…", self.table)
        self.audit_action.triggered.connect(self._request_audit)
        self.table.addAction(self.audit_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    # -- behaviour ------------------------------------------------------------------------
    def current_filter(self) -> InvoiceFilter:
        state, unmatched = match_choice(self.match_combo)
        use_dates = self.dates_check.isChecked()
        return InvoiceFilter(
            provider=self.provider_combo.currentData(),
            status=enum_choice(self.status_combo, InvoiceStatus),
            date_from=to_date(self.date_from.date()) if use_dates else None,
            date_to=to_date(self.date_to.date()) if use_dates else None,
            match_state=state,
            unmatched_only=unmatched,
        )

    def apply_filter(self) -> None:
        predicate = self.current_filter().predicate(self._session.invoice_state)
        self.model.set_filter(self.search.text().strip(), predicate)
        self._update_count()

    def _reload(self) -> None:
        invoices = self._session.invoices
        self._refresh_providers(sorted({invoice.provider for invoice in invoices}))
        self.model.set_items(invoices)
        self._span_dates(invoices)
        self._update_count()

    def _span_dates(self, invoices: Sequence[Invoice]) -> None:
        """Until the accountant sets the dates, they span the invoices fetched: ticking
        "Dated between" on this year's default showed nothing of a 2025 close."""
        if self.dates_check.isChecked():
            return
        days = [day for day in (invoice.reference_date for invoice in invoices) if day]
        if days:
            first, last = min(days), max(days)
            self.date_from.setDate(QDate(first.year, first.month, first.day))
            self.date_to.setDate(QDate(last.year, last.month, last.day))

    def _refresh_providers(self, providers: list[str]) -> None:
        chosen = self.provider_combo.currentData()
        self.provider_combo.blockSignals(True)
        self.provider_combo.clear()
        self.provider_combo.addItem(ANY, None)
        for provider in providers:
            self.provider_combo.addItem(provider, provider)
        position = self.provider_combo.findData(chosen)
        self.provider_combo.setCurrentIndex(max(position, 0))
        self.provider_combo.blockSignals(False)

    def _on_review(self, change: ReviewUpdate) -> None:
        touched = {key for m in (*change.removed, *change.added) for key in m.invoice_keys}
        self.model.refresh(touched)
        self._update_count()

    def _show_invoice(self, invoice: Invoice | None) -> None:
        self.items_model.show_invoice(invoice)
        if invoice is None:
            self.items_check.setText("Select an invoice to see its line items.")
            return
        check = LineItemCheck.of(invoice)
        colour = f"color: {fmt.NEGATIVE_COLOUR};" if check.is_discrepancy else ""
        self.items_check.setStyleSheet(colour)
        self.items_check.setText(f"{invoice.label}, {invoice.gross.format()}. {check.text()}")

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.item_count()
        self.count_label.setText(invoices_said(self._session, shown, total))

    def _request_audit(self) -> None:
        invoice = self.table.current_item()
        if invoice is not None:
            self.audit_requested.emit(invoice)
