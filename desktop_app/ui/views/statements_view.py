"""The Statements screen: imported lines with their file and row, and the Import button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain import StatementLine
from desktop_app.ui.models.statement_lines import LineFilter, StatementLineModel
from desktop_app.ui.review import ReviewUpdate
from desktop_app.ui.session import ReviewSession
from desktop_app.ui.views.choices import add_match_states, match_choice
from desktop_app.ui.views.search_box import SearchBox
from desktop_app.ui.views.table_view import DomainTableView
from desktop_app.ui.worked_out import Compute

ANY = "Any"


class StatementsView(QWidget):
    import_requested = Signal()
    remove_requested = Signal(str)  # the statement's file name
    audit_requested = Signal(object)  # StatementLine

    def __init__(
        self,
        session: ReviewSession,
        parent: QWidget | None = None,
        work_out: Compute | None = None,
    ) -> None:
        """``work_out``: where 200,000 lines are filtered and sorted, off the GUI thread
        (the window's ``TaskRunner.work_out``); without one, here."""
        super().__init__(parent)
        self.setObjectName("statements")
        self._session = session
        self.model = StatementLineModel(session.line_state, self, session.line_states)
        if work_out is not None:
            self.model.arrange_with(work_out)
        self.table = DomainTableView(self.model, "statement lines table")
        self.search = SearchBox("Filter lines: description, reference, amount, file…")
        self.file_combo = QComboBox()
        self.file_combo.addItem(ANY, None)
        self.file_combo.setAccessibleName("Statement file")
        self.match_combo = QComboBox()
        self.match_combo.setAccessibleName("Match state")
        self.match_combo.addItem(ANY, None)
        add_match_states(self.match_combo, unmatched=True)
        self.import_button = QPushButton("Import statement…")
        self.import_button.setObjectName("import statement")
        self.remove_button = QPushButton("Remove statement…")
        self.remove_button.setObjectName("remove statement")
        self.remove_button.setToolTip(
            "Take the statement chosen on the left out of the workspace, to import it again"
        )
        self.count_label = QLabel()
        self._layout()
        self.audit_action = QAction("Show audit trail…", self.table)
        self.audit_action.triggered.connect(self._request_audit)
        self.table.addAction(self.audit_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.import_button.clicked.connect(self.import_requested.emit)
        self.remove_button.clicked.connect(self._request_removal)
        self.file_combo.currentIndexChanged.connect(self._update_remove_button)
        self.search.query_changed.connect(self.apply_filter)
        self.file_combo.currentIndexChanged.connect(self.apply_filter)
        self.match_combo.currentIndexChanged.connect(self.apply_filter)
        session.lines_changed.connect(self._reload)
        session.reconciliation_changed.connect(self.apply_filter)
        session.review_changed.connect(self._on_review)
        session.saving_changed.connect(self._update_remove_button)
        # Every filter and reload resets the model (here, or as the worker's rows land).
        self.model.modelReset.connect(self._update_count)
        self._update_remove_button()

    def _layout(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(QLabel("Statement"))
        filters.addWidget(self.file_combo)
        filters.addWidget(QLabel("Match"))
        filters.addWidget(self.match_combo)
        filters.addStretch(1)
        filters.addWidget(self.remove_button)
        filters.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

    def current_filter(self) -> LineFilter:
        state, unmatched = match_choice(self.match_combo)
        return LineFilter(
            source_file=self.file_combo.currentData(),
            match_state=state,
            unmatched_only=unmatched,
        )

    def apply_filter(self) -> None:
        self.model.set_line_filter(self.search.text().strip(), self.current_filter())

    def _reload(self) -> None:
        chosen = self.file_combo.currentData()
        self.file_combo.blockSignals(True)
        self.file_combo.clear()
        self.file_combo.addItem(ANY, None)
        for name in self._session.statements:
            self.file_combo.addItem(name, name)
        self.file_combo.setCurrentIndex(max(self.file_combo.findData(chosen), 0))
        self.file_combo.blockSignals(False)
        self._update_remove_button()
        self.model.set_keyed(self._session.lines_by_key())
        if self.file_combo.currentData() != chosen:  # its statement was taken out: "Any"
            self.apply_filter()

    def _on_review(self, change: ReviewUpdate) -> None:
        self.model.refresh({key for m in (*change.removed, *change.added) for key in m.line_keys})
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.item_count()
        self.count_label.setText(f"{shown:,} of {total:,} statement lines")

    def _update_remove_button(self, *_: object) -> None:
        """Remove needs a statement chosen, and no step being saved: taking one out
        withdraws decisions, and clears the history the save lands on."""
        chosen = self.file_combo.currentData() is not None
        self.remove_button.setEnabled(chosen and not self._session.saving)

    def _request_removal(self) -> None:
        chosen = self.file_combo.currentData()
        if chosen is not None:
            self.remove_requested.emit(chosen)

    def _request_audit(self) -> None:
        line: StatementLine | None = self.table.current_item()
        if line is not None:
            self.audit_requested.emit(line)
