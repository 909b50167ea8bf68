"""Every bulk (column-at-once) path gives what the cell-by-cell path gives.

The import reads large statements column by column with C-level checks and falls back to
the per-cell readers for whatever those checks do not settle; these properties pin the
two paths to the same answers, including on cells that must fall back.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.statements import row_text

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
