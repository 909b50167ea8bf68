"""Every cell of a column read once, then summarised over whichever rows matter.

Cells are classified per distinct value (a 200,000-row statement has a few hundred
distinct dates), and each distinct value gets a small *signature* (what kind of date or
amount it is); summarising a column over its transaction rows is then counting
signatures, done in C by ``Counter``. A column whose first couple of thousand distinct
values are plain text (descriptions, references) stops being checked for dates and
amounts: it cannot become a date or amount column however the rest reads.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from desktop_app.statements.dates import DateText, analyse_date
from desktop_app.statements.grid import Cell, float_text
from desktop_app.statements.numbers import AmountText, Vote, analyse_amount, plain_number

DateCell = DateText | dt.date
AmountCell = AmountText | Decimal
# (date kind, amount kind): date kind is None, "native", "certain", "free", "free>12"
# (first field above 12) or "free<12" (second field above 12); amount kind is None or
# (vote, negative, nonzero, leading zero, has decimals, currency mark).
AmountSignature = tuple[Vote | None, bool, bool, bool, bool, str | None]
Signature = tuple[str | None, AmountSignature | None] | None  # None: a blank cell
_TEXT_PROBE = 2000  # distinct non-empty values looked at before calling a column text
_TEXT_HITS = 0.02
_TOKEN_LIMIT = 24


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
    distinct: int = 0
    textual: bool = False

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

    def add_signature(self, value: Hashable, signature: Signature) -> None:
        self.signatures[value] = len(self.kinds)
        self.kinds.append(signature)

    def date_at(self, row: int) -> DateCell | None:
        return self.dates.get(self.values[row])

    def amount_at(self, row: int) -> AmountCell | None:
        return self.amounts.get(self.values[row])


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
    amounts: int = 0
    negatives: int = 0
    nonzero: int = 0
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


def is_blank(cell: Cell) -> bool:
    return cell == "" or (isinstance(cell, str) and not cell.strip())


def scan_column(index: int, values: Sequence[Cell]) -> ColumnScan:
    scan = ColumnScan(index, values, {}, {}, {})
    ids: dict[Signature, int] = {}
    if len(values) > _HEAD_ROWS:  # a text column is recognised without hashing every value
        head = dict.fromkeys(itertools.islice(values, _HEAD_ROWS))
        if len(head) > _TEXT_PROBE:
            _scan_plain_numbers(scan, head)
            _scan_native_numbers(scan, head)
            _classify_each(scan, head, ids)
            if scan.textual:
                scan.distinct = len(values)
                return scan
    distinct = dict.fromkeys(values)
    scan.distinct = len(distinct)
    if len(distinct) > _BULK_FROM:
        _scan_plain_numbers(scan, distinct)
        _scan_native_numbers(scan, distinct)
    _classify_each(scan, distinct, ids)
    return scan


def _classify_each(scan: ColumnScan, distinct: Iterable[Cell], ids: dict[Signature, int]) -> None:
    signatures = scan.signatures
    examined = hits = 0
    for value in distinct:
        if value in signatures:
            continue
        if is_blank(value):
            signatures[value] = None
            continue
        date, amount = classify(value)
        scan.dates[value] = date
        scan.amounts[value] = amount
        if isinstance(amount, AmountText):
            scan.text_amounts.append(value)
        signature = (_date_kind(date), _amount_kind(amount))
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
_BULK_FROM = 256  # distinct values from which plain numbers are classified in bulk
_EIGHT_DIGITS = re.compile(r"-?[0-9]{8}")
_PLAIN_UNAMBIGUOUS = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]{1,2}|\.[0-9]{4,})?")


def _scan_plain_numbers(scan: ColumnScan, distinct: Iterable[Cell]) -> None:
    """Machine-written numbers ('-1234.56', '42') classified without a Python call each.

    Only forms that say nothing else are taken here: no leading zeros (identifiers), no
    three-decimal values (which could be thousands), no eight-digit integers (which could
    be yyyymmdd dates); everything else goes through ``classify`` as usual.
    """
    try:
        plain = list(filter(_PLAIN_UNAMBIGUOUS.fullmatch, distinct))  # type: ignore[arg-type]
    except TypeError:  # spreadsheet cells of other types among the text
        texts = [value for value in distinct if value.__class__ is str]
        plain = list(filter(_PLAIN_UNAMBIGUOUS.fullmatch, texts))
    if not plain:
        return
    eight_digits = set(filter(_EIGHT_DIGITS.fullmatch, plain))  # maybe yyyymmdd dates
    if eight_digits:
        plain = [text for text in plain if text not in eight_digits]
    numbers = list(map(Decimal, plain))
    points = list(map(operator.contains, plain, itertools.repeat(".")))
    keys = zip(
        points,
        map(operator.methodcaller("startswith", "-"), plain),
        map(bool, numbers),
        strict=True,
    )
    ids = _signature_ids(
        scan,
        lambda point, negative, nonzero: (
            Vote.DOT if point else Vote.NONE,
            negative,
            nonzero,
            False,
            point,
            None,
        ),
    )
    scan.signatures.update(zip(plain, map(ids.__getitem__, keys), strict=True))
    scan.amounts.update(zip(plain, numbers, strict=True))
    scan.point_numbers.extend(itertools.compress(plain, points))


def _signature_ids(
    scan: ColumnScan, amount_kind: Callable[[bool, bool, bool], AmountSignature]
) -> dict[tuple[bool, bool, bool], int]:
    """Ids for the eight (flag, negative, nonzero) combinations a bulk path can produce."""
    ids: dict[tuple[bool, bool, bool], int] = {}
    for first, second, third in itertools.product((False, True), repeat=3):
        ids[(first, second, third)] = len(scan.kinds)
        scan.kinds.append((None, amount_kind(first, second, third)))
    return ids


def _scan_native_numbers(scan: ColumnScan, distinct: Iterable[Cell]) -> None:
    """Spreadsheet number cells, formatted as Excel shows them (15 significant digits) and
    converted to exact decimals in bulk."""
    classes = set(map(type, distinct))
    if float not in classes and int not in classes:
        return
    floats = [value for value in distinct if value.__class__ is float]
    integers = [value for value in distinct if value.__class__ is int]
    if not floats and not integers:
        return
    numbers: list[Cell] = [*floats, *integers]
    texts = list(map(_FIFTEEN_DIGITS.format, numbers))
    decimals = list(map(Decimal, texts))
    fractional = [*map(operator.not_, map(float.is_integer, floats)), *([False] * len(integers))]
    keys = zip(
        map(operator.lt, numbers, itertools.repeat(0)),
        map(bool, numbers),
        fractional,
        strict=True,
    )
    ids = _signature_ids(
        scan, lambda negative, nonzero, fraction: (None, negative, nonzero, False, fraction, None)
    )
    scan.signatures.update(zip(numbers, map(ids.__getitem__, keys), strict=True))
    scan.amounts.update(zip(numbers, decimals, strict=True))
    scan.texts.update(zip(numbers, map(_plain_text, texts, decimals), strict=True))


_FIFTEEN_DIGITS = "{:.15g}"


def _plain_text(text: str, value: Decimal) -> str:
    return text if "e" not in text else format(value, "f")


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
    if isinstance(value, int | float):
        return None, Decimal(float_text(value)) if isinstance(value, float) else Decimal(value)
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    return None, None


def _date_kind(date: DateCell | None) -> str | None:
    if date is None:
        return None
    if not isinstance(date, DateText):
        return "native"
    if not date.order_free:
        return "certain"
    if date.first > 12:
        return "free>12"
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


def pick(values: Sequence[Cell], rows: Sequence[int]) -> Sequence[Cell]:
    """``values`` at ``rows``: a slice when the rows are a range, else gathered in C."""
    if isinstance(rows, range) and rows.step == 1:
        return values[rows.start : rows.stop]
    if len(rows) == 1:
        return [values[rows[0]]]
    return cast(Sequence[Cell], operator.itemgetter(*rows)(values))


def column_stats(scan: ColumnScan, rows: Sequence[int]) -> ColumnStats:
    stats = ColumnStats(rows=len(rows), row_indexes=rows)
    if not rows:
        return stats
    picked = pick(scan.values, rows)
    if scan.textual:  # free text: only how much of it there is matters
        stats.nonempty = len(picked) - picked.count("")
        _describe_text(stats, scan, picked)
        return stats
    for kind, count in Counter(map(scan.signatures.get, picked)).items():
        signature = None if kind is None else scan.kinds[kind]
        if signature is not None:
            _count_signature(stats, signature, count)
    _describe_text(stats, scan, picked)
    return stats


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
    if amount_kind is None:
        return
    vote, negative, nonzero, leading_zero, decimals, currency = amount_kind
    stats.amounts += count
    if vote is not None:
        stats.votes[vote] += count
    stats.negatives += count if negative else 0
    stats.nonzero += count if nonzero else 0
    stats.leading_zeros += count if leading_zero else 0
    stats.with_decimals += count if decimals else 0
    if currency is not None:
        stats.currencies[currency] += count


def _describe_text(stats: ColumnStats, scan: ColumnScan, picked: Sequence[Cell]) -> None:
    """Examples, the few distinct texts of a low-variety column, and how much text there is."""
    for value in picked:
        if not is_blank(value):
            stats.examples.append(value.strip() if isinstance(value, str) else str(value))
            if len(stats.examples) == 3:
                break
    if scan.distinct <= _TOKEN_LIMIT:
        for value, count in Counter(picked).items():
            if isinstance(value, str) and value.strip():
                stats.tokens[value.strip()] += count
