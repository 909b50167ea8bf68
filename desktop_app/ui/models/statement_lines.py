"""Statement lines as a table: each with the file and row the accountant can find it at."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop_app.domain import LineKey, MatchState, StatementLine
from desktop_app.ui import formatting as fmt
from desktop_app.ui.models.columns import CENTER, RIGHT, ColumnSpec, is_unmatched
from desktop_app.ui.models.filtering import amount_text
from desktop_app.ui.models.table_model import DomainTableModel

StateOf = Callable[[LineKey], MatchState | None]
# The lines' states as they stand, read where called (the GUI thread) into something a
# worker can read while the review goes on (``ReviewSession.line_states``).
StatesNow = Callable[[], StateOf]


def _no_state(key: LineKey) -> MatchState | None:
    return None


def line_columns(state_of: StateOf) -> tuple[ColumnSpec[StatementLine], ...]:
    def state(line: StatementLine) -> MatchState | None:
        return state_of(line.key)

    return (
        ColumnSpec("file", "Statement", lambda s: s.source_file, width=150),
        ColumnSpec(
            "row", "Row", lambda s: str(s.row), sort_key=lambda s: s.row, align=RIGHT, width=55
        ),
        ColumnSpec(
            "date",
            "Date",
            lambda s: fmt.day(s.date),
            sort_key=lambda s: s.date,
            align=CENTER,
            width=95,
        ),
        ColumnSpec(
            "amount",
            "Amount",
            fmt.line_amount,
            sort_key=lambda s: s.amount,
            align=RIGHT,
            foreground=lambda s: fmt.signed_colour(s.amount),
            width=115,
        ),
        ColumnSpec("currency", "Currency", lambda s: s.currency or "?", align=CENTER, width=70),
        ColumnSpec(
            "description",
            "Description",
            lambda s: s.description,
            tooltip=lambda s: s.text or None,
            width=260,
        ),
        ColumnSpec("reference", "Reference", lambda s: s.reference, width=120),
        ColumnSpec(
            "match",
            "Match",
            lambda s: fmt.state(state(s)),
            foreground=lambda s: fmt.STATE_COLOURS[state(s)],
            width=100,
        ),
    )


def line_text(line: StatementLine) -> str:
    """What the filter searches; the amount found however the table shows it
    (``amount_text``: "-£18,211.40" finds an xlsx cell's -18211.4)."""
    parts = (line.source_file, line.description, line.reference, line.counterparty)
    return " ".join((*parts, amount_text(line.amount, line.currency)))


class StatementLineModel(DomainTableModel[StatementLine]):
    """``states``: the lines' states for a worker (``arrange_with``), which sorts by the
    Match column and filters by state reading them, not ``state_of`` (the session's
    index, which a review step changes as the worker reads it)."""

    def __init__(
        self, state_of: StateOf = _no_state, parent: Any = None, states: StatesNow | None = None
    ) -> None:
        super().__init__(line_columns(state_of), lambda s: s.key, line_text, parent)
        self._state_of, self._states = state_of, states
        self._line_filter = LineFilter()

    def set_line_filter(self, query: str, line_filter: LineFilter) -> None:
        """Show the lines with every word of ``query`` that ``line_filter`` accepts."""
        self._line_filter = line_filter
        self.set_filter(query, line_filter.predicate(self._state_of))

    def _off_thread(
        self,
    ) -> tuple[Callable[[StatementLine], bool] | None, Callable[[StatementLine], Any] | None]:
        """The filter and the sort column reading the states as they stand now."""
        predicate, value_of = super()._off_thread()
        if self._states is None:
            return predicate, value_of
        state_of = self._states()
        columns = line_columns(state_of)
        if value_of is not None:
            column = columns[self.sort_state()[0]]
            value_of = column.sort_key or column.sort_value
        return self._line_filter.predicate(state_of), value_of


@dataclass(frozen=True, slots=True)
class LineFilter:
    source_file: str | None = None
    match_state: MatchState | None = None
    unmatched_only: bool = False

    def predicate(self, state_of: StateOf) -> Callable[[StatementLine], bool] | None:
        if self == LineFilter():
            return None
        return lambda line: self.accepts(line, state_of)

    def accepts(self, line: StatementLine, state_of: StateOf) -> bool:
        if self.source_file is not None and line.source_file != self.source_file:
            return False
        if self.unmatched_only:  # nothing proposed, or only a pairing the accountant refused
            return is_unmatched(state_of(line.key))
        return self.match_state is None or state_of(line.key) is self.match_state
