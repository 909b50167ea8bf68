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
    def __init__(self, state_of: StateOf = _no_state, parent: Any = None) -> None:
        super().__init__(line_columns(state_of), lambda s: s.key, line_text, parent)


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
