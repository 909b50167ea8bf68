"""Spreadsheet number cells whose last shown digits are binary floating-point residue.

A cell holding =100-99.99 stores the double 0.010000000000005116: shown with Excel's 15
significant digits it is 0.0100000000000051, while the money format the cell carries
(#,##0.00) shows 0.01, the amount the bank meant. python-calamine gives no number
formats, so the precision comes from the column itself: the most decimals its other
number cells show, and never fewer than two (the minor unit of nearly every currency).

A cell is read as its rounding to that precision only when it lies within a millionth of
the precision's unit of it: the digits beyond the precision begin with six zeros or six
nines, which a real amount does not do but arithmetic on doubles does (a cancellation
like 100 - 99.99, a balance summed over thousands of rows, a value pasted from a
calculation such as -1234.5600000001). A further digit that is real (12.345 among
2-decimal amounts) is nowhere near the rounding and is kept as it is. A tolerance
relative to the value would not do: the residue of 100 - 99.99 is three thousand units in
the last place of 0.01, and one part in a billion of a balance in the millions would eat
a real third decimal.

The rounded cell is then shown as read, so a line's raw cells agree with its amount, and
the evidence says how many cells were rounded in which column.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal, localcontext

from desktop_app.statements.bulk_scan import RESIDUE, native_number_signature
from desktop_app.statements.grid import float_text
from desktop_app.statements.profile import ColumnScan, Signature
from desktop_app.statements.row_scan import RowCells

_LEAST_PLACES = 2  # a column shows at least the cents its money has
_MOST_PLACES = 8  # beyond this the column's numbers have no evident precision to round to
_RESIDUE_PLACES = 6  # digits beyond the precision that must all be zeros or nines


@dataclass(frozen=True, slots=True)
class Rounded:
    """What a column's rounding of residue changed, for the evidence."""

    cells: int
    places: int
    example: tuple[str, str]  # one cell as shown before and as read

    def evidence(self, column: str) -> str:
        """What was rounded, for the evidence; ``column`` names the column as every
        message does (``mapped_roles.named_column``: "column 'Amount'", "column 4")."""
        cells = "1 number cell" if self.cells == 1 else f"{self.cells} number cells"
        before, after = self.example
        return (
            f"{column}: {cells} read to {self.places} decimals like the column's "
            f"other numbers, the digits after them being floating-point residue "
            f"({before} read as {after})"
        )


def round_residue(scan: ColumnScan) -> Rounded | None:
    """Done before any layout decision, so the balance chain, the sign counts and the lines
    all see the amounts the bank meant; a whole column at a time, as its precision is."""
    if scan.textual:
        return None
    if scan.rows is not None:
        return _round_rows(scan, scan.rows)
    return _round_values(scan)


def rounded_text(text: str, places: int) -> str | None:
    """``text`` (a number as shown) rounded to ``places`` decimals when the digits beyond
    them are residue, else None. Written as a cell holding the rounding would be shown (no
    trailing zeros), so an amount reads the same whether residue was rounded off or not."""
    with localcontext() as context:
        context.prec = 60  # 15 shown digits and up to 8 places: never short of precision
        shown = Decimal(text)
        rounded = shown.quantize(Decimal(1).scaleb(-places))
        if abs(shown - rounded) >= Decimal(1).scaleb(-(places + _RESIDUE_PLACES)):
            return None
    plain = format(rounded, "f")
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    return "0" if plain == "-0" else plain


def _places(texts: Iterable[str]) -> int:
    """The most decimals among numbers as shown, not the commonest count: one real third
    decimal in a column of cents means residue there is rounded to three places."""
    fractions = map(operator.itemgetter(2), map(str.partition, texts, itertools.repeat(".")))
    return max(map(len, fractions), default=0)


def _precision(clean: int) -> int | None:
    if clean > _MOST_PLACES:
        return None
    return max(clean, _LEAST_PLACES)


def _round_rows(scan: ColumnScan, rows: RowCells) -> Rounded | None:
    """The rows' readings rounded, and the per-value readings of the column's head too (the
    first rows were read per value to tell a text column, and a cell's amount is looked
    up there first)."""
    texts = rows.texts
    if not rows.residue or texts is None:
        return None
    candidates = set(rows.residue)
    clean = [text for row, text in enumerate(texts) if row not in candidates]
    places = _precision(_places(clean))
    if places is None:
        return None
    kinds = bytearray(rows.kinds)
    found: dict[str, str | None] = {}
    ids = {signature: index for index, signature in enumerate(scan.kinds)}
    count, example = 0, None
    for row in rows.residue:
        before = texts[row]
        if before not in found:
            found[before] = rounded_text(before, places)
        after = found[before]
        if after is None:
            continue
        amount = Decimal(after)
        texts[row], rows.decimals[row] = after, amount
        # The row's bulk signature: its three flags as ``row_scan._kind_bytes`` packs them.
        kinds[row] = 4 * (amount < 0) + 2 * (amount != 0) + ("." in after)
        value = scan.values[row]
        if value in scan.amounts:
            scan.amounts[value], scan.texts[value] = amount, after
            _resign(scan, value, amount, ids)
        count += 1
        example = example or (before, after)
    if example is None:
        return None
    rows.kinds = bytes(kinds)
    return Rounded(count, places, example)


def _round_values(scan: ColumnScan) -> Rounded | None:
    residue = scan.residue
    if residue is None:  # classified one by one: a few hundred values at most
        residue = [
            value
            for value in scan.signatures
            if value.__class__ is float and RESIDUE.search(_shown(scan, value))
        ]
    if not residue:
        return None
    candidates = set(residue)
    numbers = [
        value
        for value in scan.signatures
        if value.__class__ is float and math.isfinite(value) and value not in candidates
    ]
    places = _precision(_places(_shown(scan, value) for value in numbers))
    if places is None:
        return None
    ids = {signature: index for index, signature in enumerate(scan.kinds)}
    counts = scan.counts
    assert counts is not None  # a column read per value counts its values
    count, example = 0, None
    for value in residue:
        before = _shown(scan, value)
        after = rounded_text(before, places)
        if after is None:
            continue
        amount = Decimal(after)
        scan.amounts[value] = amount
        scan.texts[value] = after
        _resign(scan, value, amount, ids)
        count += counts[value]  # type: ignore[index]
        example = example or (before, after)
    if example is None:
        return None
    return Rounded(count, places, example)


def _shown(scan: ColumnScan, value: Hashable) -> str:
    text = scan.texts.get(value)
    return text if text is not None else float_text(value)  # type: ignore[arg-type]


def _resign(scan: ColumnScan, value: Hashable, amount: Decimal, ids: dict[Signature, int]) -> None:
    """Give ``value`` the signature of its new amount (its date reading, if any, kept)."""
    old = scan.signatures.get(value)
    date_kind = scan.date_kind(old)
    fraction = amount != amount.to_integral_value()
    signature: Signature = (date_kind, native_number_signature(amount < 0, amount != 0, fraction))
    index = ids.get(signature)
    if index is None:
        index = ids[signature] = len(scan.kinds)
        scan.kinds.append(signature)
    scan.signatures[value] = index
