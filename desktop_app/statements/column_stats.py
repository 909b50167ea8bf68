"""A column summarised over the rows that matter (usually its transaction rows).

Each distinct cell value has a signature id (see ``profile``); counting ids over the rows is
done in C by ``Counter``, and the few distinct signatures are then added up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from desktop_app.statements.grid import Cell, pick, view
from desktop_app.statements.numbers import Vote
from desktop_app.statements.profile import AmountSignature, ColumnScan, is_blank

_TOKEN_LIMIT = 24
_CODE_LENGTH = 3


@dataclass(slots=True)
class ColumnStats:
    """A column's content over the rows that matter (usually the transaction rows)."""

    rows: int = 0
    row_indexes: Sequence[int] = ()
    nonempty: int = 0
    dates: int = 0
    native_dates: int = 0
    order_free: int = 0
    first_over_12: int = 0
    second_over_12: int = 0
    first_over_31: int = 0  # yy-mm-dd only: no day is above 31
    amounts: int = 0
    negatives: int = 0
    leading_zeros: int = 0
    with_decimals: int = 0
    votes: Counter[Vote] = field(default_factory=Counter)
    currencies: Counter[str] = field(default_factory=Counter)
    tokens: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    @property
    def amount_share(self) -> float:
        return self.amounts / self.nonempty if self.nonempty else 0.0

    @property
    def date_share(self) -> float:
        return self.dates / self.nonempty if self.nonempty else 0.0

    @property
    def content_kind(self) -> str:
        """What the column holds, in a word: 'date', 'number', 'code' (only marks of up to
        three characters, such as D/C, Af/Bij or a currency), 'text' or 'blank'.

        A file without a header row has nothing else that tells one bank's layout from
        another's, so these are coarse on purpose: next month's file of the same export
        reads the same, whatever its rows hold.
        """
        if not self.nonempty:
            return "blank"
        if self.date_share >= 0.5:
            return "date"
        if self.amount_share >= 0.5:
            return "number"
        if self.tokens and all(len(token) <= _CODE_LENGTH for token in self.tokens):
            return "code"
        return "text"


def column_stats(scan: ColumnScan, rows: Sequence[int]) -> ColumnStats:
    stats = ColumnStats(rows=len(rows), row_indexes=rows)
    if not rows:
        return stats
    if scan.textual:  # free text: only how much of it there is matters
        stats.nonempty = len(rows) - _empty_cells(scan.values, rows)
        _describe_text(stats, scan, rows)
        return stats
    values: Mapping[Cell, int] | None = None
    if scan.rows is None and scan.distinct <= _TOKEN_LIMIT:
        values = scan.value_counts(rows)
        if values is None:
            values = Counter(view(scan.values, rows))
    for kind, count in _kind_counts(scan, rows, values).items():
        signature = None if kind is None else scan.kinds[kind]
        if signature is not None:
            _count_signature(stats, signature, count)
    _describe_text(stats, scan, rows, values)
    return stats


def _empty_cells(values: Sequence[Cell], rows: Sequence[int]) -> int:
    """How many of ``rows`` hold ''; a range is counted without copying it out."""
    if isinstance(rows, range) and rows.step == 1:
        around = values[: rows.start].count("") + values[rows.stop :].count("")
        return values.count("") - around
    return pick(values, rows).count("")


def _kind_counts(
    scan: ColumnScan, rows: Sequence[int], values: Mapping[Cell, int] | None
) -> Counter[int | None]:
    """How many rows have each signature: from the values' counts when a low-variety
    column's values were counted anyway (for its tokens), else from each row's signature."""
    if values is None:
        return scan.kind_counts(rows)
    kinds: Counter[int | None] = Counter()
    for value, count in values.items():
        kinds[scan.signatures.get(value)] += count
    return kinds


def _count_signature(
    stats: ColumnStats, signature: tuple[str | None, AmountSignature | None], count: int
) -> None:
    stats.nonempty += count
    date_kind, amount_kind = signature
    if date_kind is not None:
        stats.dates += count
        stats.native_dates += count if date_kind == "native" else 0
        if date_kind.startswith("free"):
            stats.order_free += count
            stats.first_over_12 += count if date_kind == "free>12" else 0
            stats.second_over_12 += count if date_kind == "free<12" else 0
            stats.first_over_31 += count if date_kind == "free>31" else 0
    if amount_kind is None:
        return
    vote, negative, _nonzero, leading_zero, decimals, currency = amount_kind
    stats.amounts += count
    if vote is not None:
        stats.votes[vote] += count
    stats.negatives += count if negative else 0
    stats.leading_zeros += count if leading_zero else 0
    stats.with_decimals += count if decimals else 0
    if currency is not None:
        stats.currencies[currency] += count


def _describe_text(
    stats: ColumnStats,
    scan: ColumnScan,
    rows: Sequence[int],
    values: Mapping[Cell, int] | None = None,
) -> None:
    """Examples, the few distinct texts of a low-variety column, and how much text there is."""
    for value in map(scan.values.__getitem__, rows):
        if not is_blank(value):
            stats.examples.append(value.strip() if isinstance(value, str) else str(value))
            if len(stats.examples) == 3:
                break
    if scan.distinct <= _TOKEN_LIMIT:
        counted = values if values is not None else Counter(view(scan.values, rows))
        for value, count in counted.items():
            if isinstance(value, str) and value.strip():
                stats.tokens[value.strip()] += count
