"""The Matches sheet: one row per (invoice, statement line) pair of every listed match.

A split payment (one invoice, three lines) gives three rows; a batch payment (three
invoices, one line) gives three rows too. Rows of one match share its number (``Match``).
Pairings the accountant rejected are not listed (the Audit sheet records the rejection);
suggestions awaiting review are, with ``State`` "suggested".

An invoice or a line may be in several matches: suggestions competing for one line, an
invoice paid twice (two matches, one invoice). Each invoice's amount and each line's is
written once on the whole sheet, so that summing Invoice Amount or Statement Amount (per
currency) counts every invoice and every line once: on the first row of the match whose
state the Invoices and Statement lines sheets show for it (``stands_in``: what the
accountant decided before what the engine did, settled before suggested, then the first
such match). Filtered to the states that settle (auto, accepted, manual), the sums are
then what those matches reconcile, each once. Its other rows leave the cell empty and say
where it stands in ``Counted Elsewhere``, so a match read alone still shows its amounts.
Once per match, as the sheet wrote them before, counted an amount again on every
competing suggestion and every repeat payment.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, TypeVar

from desktop_app.domain import (
    Invoice,
    Match,
    MatchState,
    Reconciliation,
    Signal,
    StatementLine,
)
from desktop_app.export.cells import line_amount
from desktop_app.export.index import ReconciliationIndex, listed_matches
from desktop_app.export.styles import ColumnKind
from desktop_app.export.table import Column, Ticker, write_table
from desktop_app.wording import whole_percent

SHEET = "Matches"
_Key = TypeVar("_Key", bound=Hashable)

K = ColumnKind


@dataclass(frozen=True, slots=True)
class MatchRow:
    number: int
    match: Match
    invoice: Invoice
    line: StatementLine
    first_of_invoice: bool
    first_of_line: bool
    # the match number whose row carries the amount, where that is another match's
    invoice_elsewhere: int | None = None
    line_elsewhere: int | None = None


def shown_score(match: Match) -> float | None:
    """The Score cell: the match's score in whole percent, rounded down, as the window
    shows it (``wording.whole_percent``): 0.49 for a score kept as 0.4999. The cell's
    "0%" format rounds to the nearest, and would show the 0.4999 the window shows as
    49% as 50%, as if it met a 50 % threshold the engine found it below; no number
    format rounds down. None (an empty cell, the window's "—") for a match no run has
    scored (made by hand since): its 0 would be made up."""
    return whole_percent(match.score) / 100 if match.scored else None


def elsewhere_text(row: MatchRow) -> str | None:
    """The Counted Elsewhere cell: the amounts this row leaves out because another
    match's row carries them, each with that match's number; None when there is none."""
    parts = []
    if row.invoice_elsewhere is not None:
        amount = row.invoice.gross.format()
        parts.append(f"Invoice Amount {amount} on match {row.invoice_elsewhere}")
    if row.line_elsewhere is not None:
        parts.append(f"Statement Amount {row.line.amount_text} on match {row.line_elsewhere}")
    return "; ".join(parts) or None


def signals_text(signals: tuple[Signal, ...]) -> str:
    """The score breakdown in one cell: each signal's score, weight and reason."""
    return "; ".join(f"{s.name} {s.score:.2f}×{s.weight:g}: {s.detail}" for s in signals)


COLUMNS: tuple[Column[MatchRow], ...] = (
    Column("Provider", K.TEXT, 18, lambda r: r.invoice.provider),
    Column("Invoice ID", K.TEXT, 22, lambda r: r.invoice.invoice_id),
    Column("Invoice Number", K.TEXT, 18, lambda r: r.invoice.number),
    Column(
        "Invoice Amount", K.MONEY, 15, lambda r: r.invoice.gross if r.first_of_invoice else None
    ),
    Column("Statement", K.TEXT, 22, lambda r: r.line.source_file),
    Column("Row", K.INTEGER, 7, lambda r: r.line.row),
    Column("Statement Date", K.DATE, 12, lambda r: r.line.date),
    Column(
        "Statement Amount", K.MONEY, 15, lambda r: line_amount(r.line) if r.first_of_line else None
    ),
    Column("Description", K.TEXT, 40, lambda r: r.line.description),
    Column("Score", K.SCORE, 7, lambda r: shown_score(r.match)),
    Column("Explanation", K.TEXT, 60, lambda r: r.match.explanation),
    # Additions after the contract's columns (readers find columns by header text):
    Column("Match", K.INTEGER, 8, lambda r: r.number),
    Column("State", K.TEXT, 10, lambda r: r.match.state.value),
    Column("Invoice Currency", K.TEXT, 9, lambda r: r.invoice.currency),
    Column("Statement Currency", K.TEXT, 9, lambda r: r.line.currency),
    Column("Runner-up", K.TEXT, 30, lambda r: r.match.runner_up),
    Column("Signals", K.TEXT, 60, lambda r: signals_text(r.match.signals)),
    # Text here, clickable on the Invoices and Discrepancies sheets: hyperlinks are costly to
    # write and Excel caps them per sheet, so they go where the accountant follows them up.
    Column("Invoice URL", K.TEXT, 40, lambda r: r.invoice.document_url),
    Column("Counted Elsewhere", K.TEXT, 40, elsewhere_text),
)


def row_count(reconciliation: Reconciliation) -> int:
    return sum(len(m.invoices) * len(m.lines) for m in listed_matches(reconciliation))


def stands_in(
    matches: Sequence[Match],
    states: Mapping[_Key, MatchState],
    keys_of: Callable[[Match], Iterable[_Key]],
) -> dict[_Key, int]:
    """For each invoice or line (``keys_of``) of the listed matches, the number of the
    match whose row carries its amount: the first whose state is the one the Invoices
    and Statement lines sheets show for it (``states``, the index's strongest)."""
    at: dict[_Key, int] = {}
    for number, match in enumerate(matches, start=1):
        for key in keys_of(match):
            if match.state is states[key]:
                at.setdefault(key, number)
    return at


def rows(reconciliation: Reconciliation, index: ReconciliationIndex) -> Iterator[MatchRow]:
    matches = listed_matches(reconciliation)
    invoice_stands = stands_in(matches, index.invoice_states, attrgetter("invoice_keys"))
    line_stands = stands_in(matches, index.line_states, attrgetter("line_keys"))
    for number, match in enumerate(matches, start=1):
        for invoice_index, invoice in enumerate(match.invoices):
            invoice_at = invoice_stands[invoice.key]
            invoice_here = invoice_at == number
            for line_index, line in enumerate(match.lines):
                line_at = line_stands[line.key]
                line_here = line_at == number
                yield MatchRow(
                    number,
                    match,
                    invoice,
                    line,
                    line_index == 0 and invoice_here,
                    invoice_index == 0 and line_here,
                    # said once, where the cell would have been on a match of its own
                    None if invoice_here or line_index else invoice_at,
                    None if line_here or invoice_index else line_at,
                )


def write(
    workbook: Any, reconciliation: Reconciliation, index: ReconciliationIndex, ticker: Ticker
) -> None:
    ticker.stage("Writing matches")
    worksheet = workbook.create_sheet(SHEET)
    write_table(worksheet, COLUMNS, rows(reconciliation, index), ticker)
