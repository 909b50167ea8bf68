"""Bulk classification of the cells most statements are made of, without a Python call each.

A 200,000-row export has 200,000 distinct amounts and as many balances. Machine-written
numbers ('-1234.56', '42') and spreadsheet number cells say nothing beyond their value, so
they are recognised and converted with C-level filters and maps; everything else is left
to the cell-by-cell classifier in ``profile``.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from desktop_app.statements.grid import Cell
from desktop_app.statements.numbers import Vote

if TYPE_CHECKING:
    from desktop_app.statements.profile import AmountSignature, ColumnScan

# Plain numbers that say nothing else: no leading zeros (identifiers), no three decimals
# (which could be thousands), not eight-digit integers (which could be yyyymmdd dates).
BULK_TEXT = re.compile(r"(?!-?[0-9]{8}\Z)-?(?:0|[1-9][0-9]*)(?:\.[0-9]{1,2}|\.[0-9]{4,})?")
FIFTEEN_DIGITS = "%.15g"  # how Excel shows a number: 15 significant digits
# Shown digits that may end in binary floating-point residue (``float_residue``): nine
# decimals or more, six of them zeros or nines in a row.
RESIDUE = re.compile(r"\.(?=[0-9]{9})[0-9]*?(?:000000|999999)")
_LONG_FRACTION = re.compile(r"\.[0-9]{9}")
# ``BULK_TEXT`` for a cell's shape, every ASCII digit but 0 written as 9 ('-1204.56' is
# '-9909.99'): the pattern tells 0 from the other digits and nothing more, so a cell
# matches it exactly when its shape matches this. Keeping the zeros lets a shape show a
# leading zero too, which is looked for among the distinct shapes, not in the text.
_NONZERO_AS_NINES = str.maketrans("123456789", "9" * 9)
_PLAIN_SHAPE = re.compile(r"(?!-?[09]{8}\Z)-?(?:0|9[09]*)(?:\.[09]{1,2}|\.[09]{4,})?")
_LEADING_ZERO = re.compile(r"-?0[09]")  # at the start of a shape


class NotPlain(NamedTuple):
    """``not_plain``'s answer: the cells that are not plain numbers, and the column's
    shapes if it was read by shape."""

    positions: list[int]
    shapes: Shapes | None


def scan_plain_numbers(scan: ColumnScan, distinct: Iterable[Cell]) -> None:
    """Machine-written numbers ('-1234.56', '42') classified without a Python call each.

    Only forms that say nothing else are taken here: no leading zeros (identifiers), no
    three-decimal values (which could be thousands), no eight-digit integers (which could
    be yyyymmdd dates); everything else goes through ``classify`` as usual.
    """
    try:
        plain = list(filter(BULK_TEXT.fullmatch, distinct))  # type: ignore[arg-type]
    except TypeError:  # spreadsheet cells of other types among the text
        texts = [value for value in distinct if value.__class__ is str]
        plain = list(filter(BULK_TEXT.fullmatch, texts))
    if not plain:
        return
    numbers = list(map(Decimal, plain))
    points = list(map(operator.contains, plain, itertools.repeat(".")))
    negatives = map(operator.methodcaller("startswith", "-"), plain)
    flags = _flag_numbers(points, negatives, map(bool, numbers))
    base = signature_ids(scan, plain_number_signature)
    scan.signatures.update(zip(plain, map(base.__add__, flags), strict=True))
    scan.amounts.update(zip(plain, numbers, strict=True))
    scan.point_numbers.extend(itertools.compress(plain, points))


def not_plain(values: Sequence[str], joined: str | None = None) -> NotPlain:
    """The positions of the text cells that ``BULK_TEXT`` does not match, in order, and
    the cells' shapes where they were read by shape (``row_scan`` tells each row's kind
    from them too).

    A money column of a large export is plain numbers but for its header (and perhaps
    a footer), and a regular expression called on each of 200,000 cells cost more than
    converting them. The column is read whole instead: joined, its digits but 0 written
    as 9, it holds far fewer distinct shapes than cells ('-9909.99', '900.9', the
    header's text; a few hundred in a large export), each matched against the pattern
    once, and the cells of the shapes that fail are the answer. A column where a cell has a leading zero ('007', told by
    its shape) or holds a line break is matched cell by cell, with no shapes. ``joined``
    is the cells joined by line breaks, where the caller has them so.
    """
    shapes = cell_shapes(values, joined)
    if shapes is None:
        return NotPlain(positions_where_not(map(BULK_TEXT.fullmatch, values)), None)
    return NotPlain(shapes.misfit_positions(), shapes)


@dataclass(frozen=True, slots=True)
class Shapes:
    """Each cell's shape (its digits but 0 written as 9), the distinct shapes and those
    the pattern does not match (``cell_shapes``)."""

    each: list[str]
    distinct: set[str]
    misfits: set[str]

    def misfit_positions(self) -> list[int]:
        """The positions of the cells whose shape the pattern does not match, in order.
        A few such shapes (a header's, a footer's) are looked for with ``list.index``,
        which compares in C and skips the rest; more, by one pass over every shape."""
        if not self.misfits:
            return []
        if len(self.misfits) > _FEW_MISFITS:
            return list(positions_where(map(self.misfits.__contains__, self.each)))
        found: list[int] = []
        for shape in self.misfits:
            position = -1
            with contextlib.suppress(ValueError):  # no more of it
                while True:
                    position = self.each.index(shape, position + 1)
                    found.append(position)
        return sorted(found)


_FEW_MISFITS = 4  # distinct shapes the pattern does not match, looked for one by one


def cell_shapes(values: Sequence[str], joined: str | None = None) -> Shapes | None:
    """The cells' shapes, or None where the shapes are not read (a cell holds a line
    break, or a leading zero: such a column is matched cell by cell, as it always has
    been); ``joined`` as for ``not_plain``."""
    joined = "\n".join(values) if joined is None else joined
    shapes = joined.translate(_NONZERO_AS_NINES).split("\n")
    if len(shapes) != len(values):
        return None  # (no cells at all give one empty shape)
    distinct = set(shapes)
    if any(map(_LEADING_ZERO.match, distinct)):
        return None
    misfits = {shape for shape in distinct if not _PLAIN_SHAPE.fullmatch(shape)}
    return Shapes(shapes, distinct, misfits)


def plain_number_signature(point: bool, negative: bool, nonzero: bool) -> AmountSignature:
    """The signature of a plain number text ("-12.50", "300"): a dot is its only mark."""
    return (Vote.DOT if point else Vote.NONE, negative, nonzero, False, point, None)


def native_number_signature(negative: bool, nonzero: bool, fraction: bool) -> AmountSignature:
    """The signature of a spreadsheet number cell: no mark, whatever format shows it."""
    return (None, negative, nonzero, False, fraction, None)


def signature_ids(
    scan: ColumnScan, amount_kind: Callable[[bool, bool, bool], AmountSignature]
) -> int:
    """Add the eight (first, second, third flag) signatures a bulk path can produce, in the
    order of ``_flag_numbers``; returns the id of the first."""
    base = len(scan.kinds)
    for first, second, third in itertools.product((False, True), repeat=3):
        scan.kinds.append((None, amount_kind(first, second, third)))
    return base


def _flag_numbers(
    first: Iterable[bool], second: Iterable[bool], third: Iterable[bool]
) -> Iterator[int]:
    """4*first + 2*second + third for each position, computed by C-level maps."""
    doubled = map(operator.add, map(operator.mul, first, itertools.repeat(2)), second)
    return map(operator.add, map(operator.mul, doubled, itertools.repeat(2)), third)


def scan_native_numbers(scan: ColumnScan, distinct: Iterable[Cell]) -> None:
    """Spreadsheet number cells, formatted as Excel shows them (15 significant digits) and
    converted to exact decimals in bulk."""
    scan.residue = []
    classes = set(map(type, distinct))
    if float not in classes and int not in classes:
        return
    floats = [value for value in distinct if value.__class__ is float and math.isfinite(value)]
    integers = [value for value in distinct if value.__class__ is int]
    if not floats and not integers:
        return
    numbers: list[Cell] = [*floats, *integers]
    texts, decimals, residue = shown_numbers_and_residue(numbers)  # type: ignore[arg-type]
    fractional = [*map(operator.not_, map(float.is_integer, floats)), *([False] * len(integers))]
    flags = _flag_numbers(
        map(operator.lt, numbers, itertools.repeat(0)), map(bool, numbers), fractional
    )
    base = signature_ids(scan, native_number_signature)
    scan.signatures.update(zip(numbers, map(base.__add__, flags), strict=True))
    scan.amounts.update(zip(numbers, decimals, strict=True))
    scan.texts.update(zip(numbers, texts, strict=True))
    scan.residue = [numbers[index] for index in residue]


def shown_numbers(numbers: Sequence[float | int]) -> tuple[list[str], list[Decimal | None]]:
    """Finite numbers as Excel shows them (15 significant digits, never in exponent form,
    no negative zero) and as the exact decimals of those digits."""
    texts, decimals, _ = shown_numbers_and_residue(numbers)
    return texts, decimals


def shown_numbers_and_residue(
    numbers: Sequence[float | int],
) -> tuple[list[str], list[Decimal | None], list[int]]:
    """``shown_numbers``, and the positions whose digits may end in float residue: looked
    for in the text already joined, so a column without any costs two substring searches."""
    texts = list(map(FIFTEEN_DIGITS.__mod__, numbers))
    joined = "\n" + "\n".join(texts) + "\n"  # one search finds the rare cells to fix
    if "\n-0\n" in joined:
        for index in positions_where(map(operator.eq, texts, itertools.repeat("-0"))):
            texts[index] = "0"
    decimals: list[Decimal | None] = list(map(Decimal, texts))
    if "e" in joined:
        for index in positions_where(map(operator.contains, texts, itertools.repeat("e"))):
            texts[index] = format(decimals[index], "f")  # 1e+16 is shown as 10000000000000000
    runs = "000000" in joined or "999999" in joined
    if (runs and _LONG_FRACTION.search(joined)) or "e-" in joined:  # 5.55e-17 is 0.0000...
        return texts, decimals, list(positions_where(map(RESIDUE.search, texts)))
    return texts, decimals, []


def positions_where_not(flags: Iterable[object]) -> list[int]:
    """The positions whose flag is false, found by a C-level pass."""
    return list(positions_where(map(operator.not_, flags)))


def positions_where(flags: Iterable[object]) -> Iterator[int]:
    """The positions whose flag is true, found by a C-level pass."""
    return itertools.compress(itertools.count(), flags)
