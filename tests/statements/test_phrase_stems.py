"""A column is looked through for balance phrases only where its text may hold a stem.

Every stem of a phrase ('saldo', 'solde', 'balan', 'kontostand', 'forward') holds an 'a'
or an 'o', so a column whose text holds neither (references, account numbers) is passed
over by two one-character searches; a column holding a stem with only one of the two
letters is still read.
"""

from __future__ import annotations

import pytest

from desktop_app.statements import balance_rows


def test_every_stem_holds_one_of_the_letters_looked_for() -> None:
    assert all(
        any(letter in stem for letter in balance_rows.STEM_LETTERS) for stem in balance_rows._STEMS
    )


@pytest.mark.parametrize(
    ("column", "rows"),
    [
        (["INV-0001", "Solde", "INV-0002"], [1]),  # an 'o', no 'a'
        (["REF 1", "BALANCE B/F", "REF 2"], [1]),  # an 'a', no 'o'
        (["INV-0001", "INV-0002", "DE12 3456"], []),  # neither
    ],
)
def test_a_column_is_passed_over_only_where_it_holds_neither_letter(
    column: list[str], rows: list[int]
) -> None:
    assert balance_rows.phrase_rows(column, "\x00".join(column)) == rows
    assert balance_rows.phrase_rows(column) == rows
