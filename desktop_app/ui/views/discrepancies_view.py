"""The Discrepancies screen: what is wrong, grouped by type, and the export to the workbook."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from desktop_app.ui.models.columns import Role
from desktop_app.ui.models.discrepancies import (
    DiscrepancyGroupModel,
    DiscrepancyModel,
    IndexedDiscrepancy,
)
from desktop_app.ui.next_step import discrepancies_said
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.summaries import GroupKey
from desktop_app.ui.views.discrepancy_detail import DiscrepancyDetail
from desktop_app.ui.views.search_box import SearchBox
from desktop_app.ui.views.table_view import DomainTableView

GROUPS_MIN_HEIGHT = 80  # the header and three types, before it scrolls
# The panes' first heights, in proportion: the types' few rows, the list, the detail.
FIRST_SIZES = (150, 400, 200)
DETAIL_MIN_HEIGHT = 110  # a discrepancy's explanation and its amounts, before it scrolls


class DiscrepanciesView(QWidget):
    export_requested = Signal()
    rerun_requested = Signal()
    reveal_requested = Signal(object)  # a Discrepancy: show it in Reconcile

    def __init__(self, session: ReviewSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("discrepancies")
        self._session = session
        # Each discrepancy's group, by its place in the run (``DiscrepancyList.keys``).
        self._groups: Sequence[GroupKey] = ()
        self.groups_model = DiscrepancyGroupModel(self)
        self.groups_table = DomainTableView(self.groups_model, "discrepancy groups table")
        self.model = DiscrepancyModel(self)
        self.table = DomainTableView(self.model, "discrepancies table")
        self.detail = DiscrepancyDetail()
        self.search = SearchBox("Filter discrepancies…")
        self.export_button = QPushButton("Export workbook…")
        self.export_button.setObjectName("export")
        self.rerun_button = QPushButton("Run matching again")
        self.stale_label = QLabel()
        self.stale_label.setStyleSheet("color: #b26a00;")
        self.summary_label = QLabel()  # how many; before a run, what to do first
        self.summary_label.setObjectName("discrepancies summary")
        self.summary_label.setWordWrap(True)
        self._layout()
        self.export_button.clicked.connect(self.export_requested.emit)
        self.rerun_button.clicked.connect(self.rerun_requested.emit)
        self.search.query_changed.connect(lambda _: self.apply_filter())
        self.groups_table.selection_changed.connect(self.apply_filter)
        self.table.current_item_changed.connect(self._show_current)
        self.table.doubleClicked.connect(self._reveal_at)
        self.detail.reveal_requested.connect(self.reveal_requested.emit)
        session.reconciliation_changed.connect(self._reload)
        session.review_changed.connect(lambda _: self._update_stale())
        session.lines_changed.connect(self._on_inputs)  # a statement imported or removed
        session.invoices_changed.connect(self._on_inputs)  # invoices fetched
        session.matching_changed.connect(self._update_summary)  # before a run: running or not
        self._reload()

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        bar.addWidget(self.stale_label, 1)
        bar.addWidget(self.rerun_button)
        bar.addWidget(self.export_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>By type and direction</b> (select to narrow the list)"))
        left_layout.addWidget(self.groups_table, 1)
        left_layout.addWidget(self.summary_label)
        # One column of panes: the types (a handful of rows) above the list, the chosen
        # discrepancy's detail below it. Side by side, the types took a third of the width
        # the list's amounts need, and the detail was three lines high at 1366x768.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("discrepancy panes")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setChildrenCollapsible(False)
        self.groups_table.setMinimumHeight(GROUPS_MIN_HEIGHT)
        self.detail.setMinimumHeight(DETAIL_MIN_HEIGHT)
        for pane, stretch in enumerate((0, 3, 2)):
            self.splitter.setStretchFactor(pane, stretch)
        self.splitter.setSizes(list(FIRST_SIZES))  # in proportion, until the user drags
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)

    def selected_groups(self) -> set[GroupKey]:
        """The (type, side) of each group selected: a type's receivables are one group,
        its payables another."""
        return {group.key for group in self.groups_table.selected_items()}

    def apply_filter(self) -> None:
        self.model.set_filter(self.search.text().strip(), self._in_groups())

    def _in_groups(self) -> Callable[[IndexedDiscrepancy], bool] | None:
        """Whether a discrepancy is in a group selected (None: every one is, none being
        selected), by the group of each worked out with the run's list (``_groups``),
        read as it is asked: the rows of a run landing are filtered by their own."""
        groups = self.selected_groups()
        if not groups:
            return None
        return lambda pair: self._groups[pair[0]] in groups

    def _show_current(self, pair: IndexedDiscrepancy | None) -> None:
        self.detail.show_discrepancy(None if pair is None else pair[1])

    def _reveal_at(self, index: QModelIndex) -> None:
        pair = index.data(Role.ITEM)
        if pair is not None:
            self.reveal_requested.emit(pair[1])

    def _reload(self) -> None:
        """A run landed: its list and groups, as its worker made them
        (``ReviewSession.discrepancy_list``), taken as they are, the list with one reset
        (its groups chosen kept, where the run has them)."""
        listed = self._session.discrepancy_list()
        chosen = self.selected_groups()
        with QSignalBlocker(self.groups_table):  # the list is filtered once, below
            self.groups_model.set_items(listed.groups)
        self._groups = listed.keys
        self.model.set_items(listed.rows)  # by the groups chosen, of its own keys
        if self.selected_groups() != chosen:  # a group chosen is not in this run
            self.apply_filter()
        self.export_button.setEnabled(self._session.reconciliation is not None)
        self._update_summary()
        self._update_stale()

    def _on_inputs(self) -> None:
        self._update_summary()  # before a run, the steps left change
        self._update_stale()

    def _update_summary(self) -> None:
        reconciliation = self._session.reconciliation
        count = len(reconciliation.discrepancies) if reconciliation else 0
        self.summary_label.setText(discrepancies_said(self._session, count))

    def _update_stale(self) -> None:
        since = self._session.since_run()
        self.stale_label.setText(
            f"{since.said()} since matching ran: run it again to update this list "
            "(the export always does)."
            if since
            else ""
        )
        self.rerun_button.setVisible(bool(since))
