"""A large column's rows per value (``ColumnScan.counts``), however they are counted.

A column whose head holds one or two values is counted by ``list.count`` of each; the
counts must be those of counting every cell, in the order the values first appear, and a
value that first appears past the head must send the column the usual way.
"""

from __future__ import annotations

from collections import Counter

import pytest

from desktop_app.statements.profile import scan_column

ROWS = 12_000  # past the head the scan looks at first (5,000 rows)


def _column(*parts: tuple[str, int]) -> list[str]:
    # Each cell made anew, as a file's reader makes them: equal, not the same object.
    return ["".join(list(value)) for value, count in parts for _ in range(count)]


@pytest.mark.parametrize(
    "cells",
    [
        _column(("Currency", 1), ("EUR", ROWS)),
        _column(("D/C", 1), *[(mark, 1) for mark in ("D", "C") * (ROWS // 2)]),
        _column(("Currency", 1), ("EUR", ROWS), ("", 3)),
        _column(("Currency", 1), ("EUR", ROWS - 10), ("USD", 10)),  # a value past the head
        _column(("Currency", 1), ("EUR", 6_000), ("GBP", 6_000), ("EUR", 5)),
        [*_column(("Mark", 1), ("1", ROWS // 2)), *[1] * (ROWS // 2)],  # '1' and 1 differ
    ],
    ids=[
        "one code",
        "two marks",
        "blanks past the head",
        "a late code",
        "late half",
        "mixed types",
    ],
)
def test_the_counts_are_each_cells_in_first_seen_order(cells: list[object]) -> None:
    scan = scan_column(0, cells)
    expected = Counter(cells)
    assert scan.counts == expected
    assert list(scan.counts or ()) == list(expected)  # the order the values first appear
    assert scan.distinct == len(expected)


def test_a_true_among_ones_is_counted_as_python_counts_it() -> None:
    """True equals 1 as a key: every way of counting merges them alike."""
    cells: list[object] = ["Flag", *[1] * 6_000, *[True] * 6_000]
    scan = scan_column(0, cells)
    assert scan.counts == Counter(cells)
    assert list(scan.counts or ()) == list(Counter(cells))
