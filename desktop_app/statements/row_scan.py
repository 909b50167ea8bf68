"""Money columns of large statements read row by row, without a dictionary per value.

A 200,000-row export has about as many distinct amounts, and balances, as rows: removing
duplicates, keying dictionaries by each value and looking every row up again cost more
than reading the rows. Such a column is read whole: machine-written numbers ('-1234.56',
'42') or spreadsheet number cells are converted with C-level maps, each row gets its
signature id by arithmetic, and only the few other cells (the header, a footer, a note)
are classified per distinct value as usual. The signatures are those the per-value path
(``bulk_scan``) gives the same cells, so everything downstream counts them alike.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop_app.statements.bulk_scan import (
    BULK_TEXT,
    Shapes,
    native_number_signature,
    not_plain,
    plain_number_signature,
    positions_where_not,
    shown_numbers,
    shown_numbers_and_residue,
    signature_ids,
)
from desktop_app.statements.grid import Cell, pick

if TYPE_CHECKING:
    from desktop_app.statements.profile import ColumnScan

_MOST_OTHERS = 0.25  # share of cells not read in bulk above which rows are not worth it
_BULK_KINDS = 8  # the signatures a bulk read gives: three flags (``bulk_scan.signature_ids``)
_POINT = 4  # the first flag: a text number's decimal point


@dataclass(slots=True)
class RowCells:
    """A column's cells read in bulk, one entry per row; ``others`` are the rows that were
    not (their entries here mean nothing: the scan's dictionaries hold them)."""

    kinds: bytes  # signature id minus ``base``: one of the eight bulk signatures
    base: int
    decimals: list[Decimal | None]  # exact value
    texts: list[str] | None  # spreadsheet numbers as shown (None: text numbers)
    others: list[int]
    residue: list[int] = field(default_factory=list)  # rows whose digits may end in float residue
    # The most decimals a text number read in bulk is written with, told by the cells'
    # shapes ('-9999.99': two); None where the shapes were not read (``not_plain``).
    decimals_written: int | None = None

    def kind_of(self, row: int) -> int:
        return self.base + self.kinds[row]

    def has_point(self, row: int) -> bool:
        """Whether the row holds a text number with a decimal point (none under a comma):
        its kind's first flag (``plain_number_signature``); never a row read per value."""
        return self.texts is None and self.kinds[row] >= _POINT

    def points(self) -> Iterator[bool]:
        """``has_point`` of every row, in order."""
        if self.texts is not None:
            return itertools.repeat(False, len(self.kinds))
        return map(operator.ge, self.kinds, itertools.repeat(_POINT))

    def any_point(self) -> bool:
        """Whether any row holds a text number with a decimal point (``has_point``)."""
        return self.texts is None and any(map(self.kinds.count, range(_POINT, _BULK_KINDS)))

    def kind_counts(
        self, rows: Sequence[int] | None, other_kind: Callable[[int], int | None]
    ) -> Counter[int | None]:
        """How many of ``rows`` (every row when None) have each signature id; the other
        rows' ids are asked of ``other_kind``. Counted per id over the bytes, in C."""
        picked = self.kinds if rows is None else pick(self.kinds, rows)
        counts: Counter[int | None] = Counter()
        for relative in range(_BULK_KINDS):
            found = picked.count(relative)
            if found:
                counts[self.base + relative] = found
        if not self.others:
            return counts
        inside = set(rows) if rows is not None and not isinstance(rows, range) else rows
        for row in self.others:
            if inside is None or row in inside:
                counts[self.kind_of(row)] -= 1
                counts[other_kind(row)] += 1
        return +counts  # without the ids no row has


def read_rows(scan: ColumnScan, values: Sequence[Cell]) -> RowCells | None:
    """The column's numbers row by row, or None when too few cells are numbers to gain.

    A column of text (every cell of a csv) is told by joining its cells, which its
    shapes are read from anyway (``bulk_scan.cell_shapes``), rather than by a pass over
    every cell's type first: the join refuses any other cell."""
    try:
        joined = "\n".join(values)  # type: ignore[arg-type]
    except TypeError:  # spreadsheet cells that are not text
        types = set(map(type, values))
        if float in types or int in types:
            return _number_rows(scan, values, types)
        return None
    return _text_rows(scan, values, joined)


def bulk_amount(value: Cell) -> Decimal | None:
    """The amount of one cell that a row-wise read would take in bulk, else None."""
    if value.__class__ is str:
        return Decimal(value) if BULK_TEXT.fullmatch(value) else None
    if value.__class__ in (float, int) and math.isfinite(value):
        return shown_numbers([value])[1][0]
    return None


def _text_rows(scan: ColumnScan, values: Sequence[Cell], joined: str) -> RowCells | None:
    """``read_rows`` of a column of text, ``joined`` its cells joined by line breaks."""
    others, shapes = not_plain(values, joined)  # type: ignore[arg-type]
    if len(others) > len(values) * _MOST_OTHERS:
        return None
    if shapes is None:
        texts: list[str] = list(values)  # type: ignore[arg-type]
        for row in others:
            texts[row] = "0"
        decimals: list[Decimal | None] = list(map(Decimal, texts))
        points = map(operator.contains, texts, itertools.repeat("."))
        negatives = map(operator.contains, texts, itertools.repeat("-"))  # only ever a sign
        kinds = _kind_bytes(points, negatives, map(bool, decimals))
    else:
        decimals = _decimals_between(values, others)  # type: ignore[arg-type]
        kinds = _kinds_by_shape(shapes)
    base = signature_ids(scan, plain_number_signature)
    rows = _finished(kinds, base, decimals, None, others)
    rows.decimals_written = None if shapes is None else _most_decimals(shapes)
    return rows


def _decimals_between(values: Sequence[str], others: list[int]) -> list[Decimal | None]:
    """Each cell as a decimal, each of ``others`` (the few cells that are no plain number)
    as None, which is as false as the zero it is otherwise read as: the runs of cells
    between them are converted in C, without a copy of the column to blank them in."""
    decimals: list[Decimal | None] = []
    cells = iter(values)
    start = 0
    for row in others:
        decimals.extend(map(Decimal, itertools.islice(cells, row - start)))
        decimals.append(None)
        next(cells)
        start = row + 1
    decimals.extend(map(Decimal, cells))
    return decimals


def _most_decimals(shapes: Shapes) -> int:
    """The most decimals among the shapes of the cells read in bulk ('-9999.99': two):
    the distinct shapes (a few hundred in a large export), not a look at each cell."""
    plain = shapes.distinct - shapes.misfits
    return max((len(shape) - shape.index(".") - 1 for shape in plain if "." in shape), default=0)


def _kinds_by_shape(shapes: Shapes) -> bytes:
    """``_kind_bytes`` for text numbers, told by their shape: each distinct shape (a few
    hundred in a large export) gives its rows all three flags in one look-up per row, the
    third (nonzero) too, since a plain number is zero exactly when its shape has no 9
    (every digit is 0): the rows' decimals need no pass of their own. A cell read per
    value (``others``, None among the decimals) has the kind of "0"."""
    # The minus is only ever a sign.
    table = {
        shape: 0
        if shape in shapes.misfits
        else _POINT * ("." in shape) + 2 * ("-" in shape) + ("9" in shape)
        for shape in shapes.distinct
    }
    return bytes(map(table.__getitem__, shapes.each))


def _number_rows(scan: ColumnScan, values: Sequence[Cell], types: set[type]) -> RowCells | None:
    if int in types:
        classes = list(map(type, values))
        numeric = map(
            operator.or_,
            map(operator.is_, classes, itertools.repeat(float)),
            map(operator.is_, classes, itertools.repeat(int)),
        )
    else:
        numeric = map(operator.is_, map(type, values), itertools.repeat(float))
    others = positions_where_not(numeric)
    numbers: list[float | int] = list(values)  # type: ignore[arg-type]
    for row in others:
        numbers[row] = 0.0
    try:
        if not math.isfinite(sum(numbers)):  # a NaN or infinity (or an overflowing sum)
            infinite = positions_where_not(map(math.isfinite, numbers))
            others = sorted([*others, *infinite])
            for row in infinite:
                numbers[row] = 0.0
    except OverflowError:  # an integer beyond any float: not a statement amount
        return None
    if len(others) > len(values) * _MOST_OTHERS:
        return None
    texts, decimals, residue = shown_numbers_and_residue(numbers)
    as_floats = map(float, numbers) if int in types else numbers
    fractional = map(operator.not_, map(float.is_integer, as_floats))
    kinds = _kind_bytes(
        map(operator.lt, numbers, itertools.repeat(0)), map(bool, numbers), fractional
    )
    base = signature_ids(scan, native_number_signature)
    rows = _finished(kinds, base, decimals, texts, others)
    rows.residue = residue
    return rows


def _finished(
    kinds: bytes,
    base: int,
    decimals: list[Decimal | None],
    texts: list[str] | None,
    others: list[int],
) -> RowCells:
    for row in others:
        decimals[row] = None
    return RowCells(kinds, base, decimals, texts, others)


def _kind_bytes(first: Iterable[bool], second: Iterable[bool], third: Iterable[bool]) -> bytes:
    """4*first + 2*second + third for every row, one byte per row: the three flag columns
    become bytes, which are read as three whole numbers and combined in one addition (no
    byte carries into the next: each sum is at most 7), with no Python step per row."""
    flags = [bytes(column) for column in (first, second, third)]
    size = len(flags[0])
    first_n, second_n, third_n = (int.from_bytes(column, "little") for column in flags)
    return (first_n * 4 + second_n * 2 + third_n).to_bytes(size, "little")
