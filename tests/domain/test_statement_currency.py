"""A statement's currency told from its lines, and the lines that move its balance: one
rule (``main_currency``, ``balance_lines``) for the workspace, the report, the wizard,
the balance bridge, continuity and the importer's balance checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop_app.domain import StatementLine, balance_lines, main_currency


def _line(row: int, currency: str | None) -> StatementLine:
    return StatementLine("x.csv", row, date(2025, 3, row), Decimal(row), currency)


def test_lines_naming_no_currency_do_not_count_towards_the_main_one() -> None:
    lines = [_line(2, None), _line(3, None), _line(4, None), _line(5, "EUR")]
    assert main_currency(lines) == "EUR"
    assert main_currency([_line(2, None)]) is None
    assert main_currency([]) is None


@pytest.mark.parametrize("order", [("GBP", "EUR"), ("EUR", "GBP")])
def test_a_tie_goes_to_the_first_code_whatever_order_the_lines_are_in(
    order: tuple[str, str],
) -> None:
    lines = [_line(row, code) for row, code in enumerate(order * 2, start=2)]
    assert main_currency(lines) == "EUR"
    assert main_currency([*lines, _line(9, "GBP")]) == "GBP"


def test_the_balance_is_moved_by_its_currencys_lines_and_those_naming_none() -> None:
    pounds, blank, euros = _line(2, "GBP"), _line(3, None), _line(4, "EUR")
    assert balance_lines([pounds, blank, euros], "GBP") == [pounds, blank]
    assert balance_lines([pounds, blank, euros], "EUR") == [blank, euros]
    assert balance_lines([pounds, blank, euros], None) == [blank]
    every = (pounds, blank)
    assert balance_lines(every, "GBP") is every  # nothing left out: the lines as given
