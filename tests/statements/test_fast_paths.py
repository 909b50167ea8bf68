"""Every bulk (column-at-once) path gives what the cell-by-cell path gives.

The import reads large statements column by column with C-level checks and falls back to
the per-cell readers for whatever those checks do not settle; these properties pin the
two paths to the same answers, including on cells that must fall back.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop_app.statements import row_text
from desktop_app.statements.analysis import analyse_sheet
from desktop_app.statements.grid import Cell, Sheet, cell_text

_SPACES = st.sampled_from([" ", "  ", "\t", "\n", "\r", "\x0b", "\x1f", "\xa0", "\u2003", "\x00"])
_TEXT_CELL = st.one_of(
    st.text(max_size=12),
    st.lists(
        st.one_of(st.sampled_from(["Payment", "'", "Ltd", "ÄÖ", "42"]), _SPACES), max_size=6
    ).map("".join),
)


@settings(max_examples=300)
@given(st.lists(_TEXT_CELL, max_size=12))
def test_text_columns_are_cleaned_as_cell_by_cell(column: list[str]) -> None:
    assert row_text._cleaned(column) == [row_text._clean(cell) for cell in column]


_OLD_MESSY_ANYWHERE = re.compile(r"\s\s|[\t\r\n]|(?:^|\x00)'")


@settings(max_examples=300)
@given(st.lists(_TEXT_CELL, max_size=12))
def test_messy_check_answers_as_the_single_regex_did(column: list[str]) -> None:
    joined = "\x00".join(column)
    assert row_text._any_messy(joined) == (_OLD_MESSY_ANYWHERE.search(joined) is not None)


_SPREADSHEET_CELL = st.one_of(
    st.text(max_size=6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.booleans(),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 1, 1)),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2060, 1, 1)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_SPREADSHEET_CELL, min_size=1, max_size=4), min_size=1, max_size=300))
@example(rows=[[0.0], [False], [1], [True]])
def test_spreadsheet_raw_cells_are_each_cell_as_shown(rows: list[list[Cell]]) -> None:
    analysis = analyse_sheet(Sheet("Sheet1", rows, range(1, len(rows) + 1)))
    width = len(analysis.columns)
    selected = range(len(rows))

    def shown(column: int, cell: Cell) -> str:
        texts = analysis.scans[column].texts  # numbers as the scan formatted them
        if isinstance(cell, bool) or cell not in texts:  # FALSE == 0: never shown as "0"
            return cell_text(cell)
        return texts[cell]

    expected = [
        tuple(shown(column, cell) for column, cell in enumerate([*row, *[""] * (width - len(row))]))
        for row in rows
    ]
    assert row_text.raw_rows(analysis, selected) == expected
    assert row_text.raw_rows(analysis, [0, len(rows) - 1]) == [expected[0], expected[-1]]


def test_text_file_raw_cells_are_the_strings_read() -> None:
    rows = [["a", "1"], ["b"], ["c", "2", "x"]]
    analysis = analyse_sheet(Sheet(None, rows, range(1, 4)))
    raw = row_text.raw_rows(analysis, range(3))
    assert raw == [("a", "1"), ("b",), ("c", "2", "x")]
    assert raw[0][0] is rows[0][0]
