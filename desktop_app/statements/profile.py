"""Every cell of a column read once, then summarised over whichever rows matter.

Cells are classified per distinct value (a 200,000-row statement has a few hundred
distinct dates), and each distinct value gets a small *signature* (what kind of date or
amount it is); summarising a column over its transaction rows is then counting
signatures, done in C by ``Counter``; the values are counted as they are read, so a
summary over every row, or over the rows below a header, comes from those counts rather
than another pass over the rows. Text cells are classified once per sheet (a booking and
a value date column share their dates). A column whose first five hundred distinct
values are plain text (descriptions, references) stops being checked for dates and
amounts: it cannot become a date or amount column however the rest reads. A large column
of mostly distinct numbers (amounts, balances) is read row by row instead (``row_scan``):
there, keying a dictionary by every value would cost more than it saves.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop_app.statements.bulk_scan import scan_native_numbers, scan_plain_numbers
from desktop_app.statements.dates import DateText, analyse_date
from desktop_app.statements.grid import Cell, float_text, view
from desktop_app.statements.numbers import AmountText, Vote, analyse_amount, plain_number
from desktop_app.statements.row_scan import RowCells, bulk_amount, read_rows

if TYPE_CHECKING:
    from desktop_app.statements.balance import ProvenChain

DateCell = DateText | dt.date
AmountCell = AmountText | Decimal
# (date kind, amount kind): date kind is None, "native", "certain", "free", "free>12"
# (first field above 12), "free<12" (second field above 12) or "free>31" (first field
# above 31: yy-mm-dd only, see ``dates.year_first_only``); amount kind is None or
# (vote, negative, nonzero, leading zero, has decimals, currency mark).
AmountSignature = tuple[Vote | None, bool, bool, bool, bool, str | None]
Signature = tuple[str | None, AmountSignature | None] | None  # None: a blank cell
# text cell -> its date and amount readings and their signature, shared by a sheet's columns
Readings = dict[str, tuple[DateCell | None, AmountCell | None, Signature]]
_TEXT_PROBE = 500  # distinct non-empty values looked at before calling a column text
_TEXT_HITS = 0.02


@dataclass(slots=True)
class ColumnScan:
    index: int
    values: Sequence[Cell]
    dates: dict[Hashable, DateCell | None]
    amounts: dict[Hashable, AmountCell | None]
    signatures: dict[Hashable, int | None]  # value -> signature id (None: blank)
    kinds: list[Signature] = field(default_factory=list)  # signature id -> signature
    text_amounts: list[Hashable] = field(default_factory=list)  # values read as AmountText
    point_numbers: list[Hashable] = field(default_factory=list)  # bulk-read '12.50' values
    texts: dict[Hashable, str] = field(default_factory=dict)  # bulk-read numbers as shown
    distinct: int = 0  # distinct values (the row count when read row by row: many)
    textual: bool = False
    rows: RowCells | None = None  # a large numeric column read row by row (``row_scan``)
    counts: Counter[Cell] | None = None  # rows per distinct value, when read per value
    # Numbers read in bulk per value whose digits may end in float residue (None: the
    # column's numbers were classified one by one; a column read row by row has its
    # candidates in ``rows.residue``).
    residue: list[Hashable] | None = None
    # The running balance this column was found to follow over every step, where the
    # inference found one whole (``balance.ProvenChain``).
    proven_chain: ProvenChain | None = None

    def has_dates(self) -> bool:
        return any(kind is not None and kind[0] is not None for kind in self.kinds)

    def has_numbers(self) -> bool:
        return any(kind is not None and kind[1] is not None for kind in self.kinds)

    def date_kind(self, kind: int | None) -> str | None:
        signature = None if kind is None else self.kinds[kind]
        return None if signature is None else signature[0]

    def amount_kind(self, kind: int | None) -> AmountSignature | None:
        signature = None if kind is None else self.kinds[kind]
        return None if signature is None else signature[1]

    def read_as_date(self, value: Hashable, date: DateCell) -> None:
        """Read ``value`` as ``date`` from now on (an Excel serial number that lost its
        date format, a yy-mm-dd date only the sheet shows to be one), keeping its amount
        reading. A cell's reading is kept per value, so a column read row by row is first
        read per value (``drop_rows``). Only while the sheet is analysed (``analysis``),
        before anything has summarised the column."""
        self.drop_rows()
        self.dates[value] = date
        signature: Signature = (date_kind(date), self.amount_kind(self.signatures.get(value)))
        self.signatures[value] = len(self.kinds)
        self.kinds.append(signature)

    def kind_counts(self, rows: Sequence[int] | None = None) -> Counter[int | None]:
        """How many of ``rows`` (every row when None) have each signature id."""
        if self.rows is None:
            counted = self.value_counts(rows)
            if counted is not None:
                kinds: Counter[int | None] = Counter()
                for value, count in counted.items():
                    kinds[self.signatures.get(value)] += count
                return kinds
            values = self.values if rows is None else view(self.values, rows)
            return Counter(map(self.signatures.get, values))
        return self.rows.kind_counts(rows, lambda row: self.signatures.get(self.values[row]))

    @property
    def signs_every_value(self) -> bool:
        """Whether every distinct value of the column is among ``signatures``: true of a
        column read per value, not of a text column or one read row by row."""
        return not self.textual and self.rows is None

    def value_counts(self, rows: Sequence[int] | None) -> Mapping[Cell, int] | None:
        """How many of ``rows`` hold each value, in the order the values first appear among
        them, from the counts the scan made (no pass over the rows), or None.

        Every row, or a range of rows outside which only a few values lie (a header, a
        footer) none of which also lies inside it: the outside rows are taken away, and
        the values left keep the order in which they first appear inside the range.
        """
        if self.counts is None:
            return None
        if rows is None:
            return self.counts
        if not isinstance(rows, range) or rows.step != 1 or rows.start > rows.stop:
            return None
        values = self.values
        if len(values) - len(rows) > _FEW_OUTSIDE or rows.stop > len(values):
            return None
        outside = Counter(itertools.chain(values[: rows.start], values[rows.stop :]))
        counts = self.counts
        if any(counts[value] != count for value, count in outside.items()):
            return None  # a value lies both outside and inside: its first row may differ
        if not outside:
            return counts
        return {value: count for value, count in counts.items() if value not in outside}

    def amount_of(self, value: Hashable) -> AmountCell | None:
        """One cell's amount reading, wherever the scan keeps it."""
        if value in self.amounts:
            return self.amounts[value]
        if self.rows is None or value in self.signatures:
            return None
        return bulk_amount(value)  # type: ignore[arg-type]

    def drop_rows(self) -> None:
        """Keep the row-wise reading per value instead, as a column read per value does
        (before a cell's reading is changed, e.g. an Excel serial number read as a date).

        Once is all it takes: a column read per value already (every later call, one per
        serial number read as a date) is left as it is at once. ``distinct`` then counts
        the distinct values, as it does for a column read per value, rather than the rows
        (what it holds while the column is read row by row).
        """
        rows, self.rows = self.rows, None
        if rows is None:
            return
        others = set(rows.others)
        for row, value in enumerate(self.values):
            if row in others:
                continue
            self.signatures[value] = rows.kind_of(row)
            self.amounts[value] = rows.decimals[row]
            if rows.texts is not None:
                self.texts[value] = rows.texts[row]
            if rows.has_point(row):
                self.point_numbers.append(value)
        self.distinct = len(self.signatures)


def is_blank(cell: Cell) -> bool:
    return cell == "" or (isinstance(cell, str) and not cell.strip())


def scan_column(index: int, values: Sequence[Cell], readings: Readings | None = None) -> ColumnScan:
    """``readings`` holds the text cells already classified in the sheet's other columns (a
    booking and a value date column share their few hundred dates): each is read once."""
    readings = {} if readings is None else readings
    scan = ColumnScan(index, values, {}, {}, {})
    ids: dict[Signature, int] = {}
    if len(values) > _HEAD_ROWS:  # a text column is recognised without hashing every value
        head = dict.fromkeys(itertools.islice(values, _HEAD_ROWS))
        if len(head) > _TEXT_PROBE:
            scan_plain_numbers(scan, head)
            scan_native_numbers(scan, head)
            _classify_each(scan, head, ids, readings)
            if scan.textual:
                scan.distinct = len(values)
                return scan
        if len(head) > _ROWWISE_DISTINCT and _scan_rows(scan, ids, readings):
            return scan
    distinct = scan.counts = Counter(values)
    scan.distinct = len(distinct)
    if len(distinct) > _BULK_FROM:
        scan_plain_numbers(scan, distinct)
        scan_native_numbers(scan, distinct)
    _classify_each(scan, distinct, ids, readings)
    return scan


def _scan_rows(scan: ColumnScan, ids: dict[Signature, int], readings: Readings) -> bool:
    """A large column of mostly distinct numbers read row by row (see ``row_scan``); its
    other cells are read per distinct value, as the whole column otherwise would be."""
    rows = read_rows(scan, scan.values)
    if rows is None:
        return False
    scan.rows = rows
    scan.distinct = len(scan.values)
    others = dict.fromkeys(map(scan.values.__getitem__, rows.others))
    scan_plain_numbers(scan, others)
    scan_native_numbers(scan, others)
    _classify_each(scan, others, ids, readings)
    return True


def _classify_each(
    scan: ColumnScan, distinct: Iterable[Cell], ids: dict[Signature, int], readings: Readings
) -> None:
    signatures = scan.signatures
    examined = hits = 0
    for value in itertools.filterfalse(signatures.__contains__, distinct):
        if is_blank(value):
            signatures[value] = None
            continue
        reading = readings.get(value) if value.__class__ is str else None
        if reading is None:
            date, amount = classify(value)
            reading = (date, amount, (date_kind(date), _amount_kind(amount)))
            if value.__class__ is str:
                readings[value] = reading
        date, amount, signature = reading
        scan.dates[value] = date
        scan.amounts[value] = amount
        if isinstance(amount, AmountText):
            scan.text_amounts.append(value)
        found = ids.get(signature)
        if found is None:
            found = ids[signature] = len(scan.kinds)
            scan.kinds.append(signature)
        signatures[value] = found
        examined += 1
        hits += date is not None or amount is not None
        if examined >= _TEXT_PROBE and hits < examined * _TEXT_HITS:
            scan.textual = True
            return


_HEAD_ROWS = 5000
_FEW_OUTSIDE = 64  # rows outside a range that are taken away from the counts, at most
_ROWWISE_DISTINCT = _HEAD_ROWS // 2  # distinct values in the head from which rows are read
_BULK_FROM = 256  # distinct values from which plain numbers are classified in bulk


def classify(value: Cell) -> tuple[DateCell | None, AmountCell | None]:
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None, None
        if plain_number(text):  # the common case, settled without the date parser
            date = analyse_date(text) if len(text) == 8 and text.isdigit() else None
            return date, analyse_amount(text)
        return analyse_date(text), analyse_amount(text)
    if isinstance(value, bool):
        return None, None
    if isinstance(value, float):
        return None, Decimal(float_text(value)) if math.isfinite(value) else None
    if isinstance(value, int):
        return None, Decimal(value)
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    return None, None


def date_kind(date: DateCell | None) -> str | None:
    """The date part of a cell's signature (see ``Signature``)."""
    if date is None:
        return None
    if not isinstance(date, DateText):
        return "native"
    if not date.order_free:
        return "certain"
    if date.first > 12:
        return "free>31" if date.first > 31 else "free>12"  # >31: year-first only
    return "free<12" if date.second > 12 else "free"


def _amount_kind(amount: AmountCell | None) -> AmountSignature | None:
    if amount is None:
        return None
    if isinstance(amount, Decimal):
        return (None, amount < 0, amount != 0, False, amount != amount.to_integral_value(), None)
    return (
        amount.vote,
        amount.negative,
        bool(amount.core.strip("0.,' ")),
        amount.leading_zero,
        amount.vote in (Vote.DOT, Vote.COMMA),
        amount.currency,
    )
