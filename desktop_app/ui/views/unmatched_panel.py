"""One side of manual matching: a searchable list of invoices, or of lines, still unmatched."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.ui.models.columns import column_index
from desktop_app.ui.models.table_model import DomainTableModel
from desktop_app.ui.views.search_box import SearchBox
from desktop_app.ui.views.table_view import DomainTableView


class UnmatchedPanel(QWidget):
    """Shows the model's items for which ``is_open(key)`` holds, filtered by the search box.

    ``leading`` names the columns (by key) shown first, in that order, until the user
    moves them: what a payment is matched by. The panel has half the screen's width
    below the matches, so a table's other columns first (an invoice's counterparty)
    pushed its date and amount out of sight at 1366x768. ``layout_version`` numbers that
    arrangement for saved layouts (``DomainTableView``)."""

    def __init__(
        self,
        title: str,
        model: DomainTableModel[Any],
        is_open: Callable[[Hashable], bool],
        name: str,
        parent: QWidget | None = None,
        leading: Sequence[str] = (),
        layout_version: int = 0,
    ) -> None:
        super().__init__(parent)
        self._title = title
        self.model = model
        self._is_open = is_open
        self.heading = QLabel()
        self.search = SearchBox(f"Filter {title.lower()}…")
        self.table = DomainTableView(model, name, layout_version=layout_version)
        header = self.table.horizontalHeader()
        for visual, key in enumerate(leading):
            header.moveSection(header.visualIndex(column_index(model.columns, key)), visual)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        self.search.query_changed.connect(lambda _: self.apply_filter())
        model.rowsInserted.connect(self._update_heading)
        model.rowsRemoved.connect(self._update_heading)
        model.modelReset.connect(self._update_heading)
        self.apply_filter()

    def set_items(self, items: Iterable[Any]) -> None:
        self.model.set_items(items)

    def set_keyed(self, items: dict[Any, Any]) -> None:
        """The items by key (``DomainTableModel.set_keyed``): none's key is built again."""
        self.model.set_keyed(items)

    def apply_filter(self, open_items: Iterable[Any] | None = None) -> None:
        """Show the items still open that the search finds. ``open_items``: those still
        open, in the model's order, where a run's worker worked them out (a run landing:
        ``ReviewSession.open_lines``); otherwise each item held is asked, by its key
        (those of items given keyed, an import's lines, are not built again)."""
        self.model.set_filter(
            self.search.text().strip(), key_predicate=self._is_open, passing=open_items
        )

    def reveal(self, keys: Iterable[Hashable]) -> bool:
        """Select those of ``keys`` still unmatched, clearing the filter when it hides one
        of them; True when any is selected (matched ones are not listed here)."""
        listed = [k for k in keys if self.model.item_for(k) is not None and self._is_open(k)]
        if any(self.model.row_of(key) is None for key in listed):
            self.search.setText("")
            self.apply_filter()
        self.table.select_keys(listed)
        return bool(listed)

    def refresh(self, keys: Iterable[Hashable]) -> None:
        self.model.refresh(keys)

    def _update_heading(self, *_: object) -> None:
        self.heading.setText(f"<b>{self._title}</b> ({self.model.rowCount():,})")
