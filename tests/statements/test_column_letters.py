"""Column letters as spreadsheets name them: what import messages and the mapping
preview's headers both say ("column AA"), from one rule."""

from __future__ import annotations

import pytest

from desktop_app.statements.sheet_extent import column_letters
from desktop_app.ui.models.preview import _column_letter


@pytest.mark.parametrize(
    ("number", "letters"),
    [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (53, "BA"), (702, "ZZ"), (703, "AAA"),
     (16_384, "XFD")],
)  # fmt: skip
def test_a_columns_number_is_its_letters(number: int, letters: str) -> None:
    assert column_letters(number) == letters
    assert _column_letter(number - 1) == letters  # the preview counts from 0
