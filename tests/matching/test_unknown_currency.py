"""A line whose currency cell names no currency ('EURO') is of unknown currency: no
default currency is put on it, and it is matched with no invoice, its discrepancy naming
its row and cell. A line of a statement that states no currency at all takes the default."""

from __future__ import annotations

from dataclasses import replace

from desktop_app.domain import Decision, DecisionKind, DiscrepancyType, MatchState
from desktop_app.matching import MatchSettings, reconcile
from tests.matching.builders import invoice, line, pairs

PAYS = line("120.00", "EL-2025-00017 ACME TRADING", row=6, currency=None, source="euro.csv")
GBP = MatchSettings(default_currency="GBP")


def test_a_line_of_a_statement_stating_no_currency_takes_the_default() -> None:
    result = reconcile([invoice()], [PAYS], settings=GBP)
    assert pairs(result) == {("EL-2025-00017", 6)}
    assert reconcile([invoice()], [PAYS]).matches  # and without one, any currency


def test_a_line_whose_currency_cell_names_none_is_not_relabelled_nor_matched() -> None:
    odd = replace(PAYS, currency_cell="EURO")
    for settings in (GBP, MatchSettings()):
        result = reconcile([invoice()], [odd], settings=settings)
        assert result.matches == ()
        (unmatched,) = [
            d for d in result.discrepancies if d.type is DiscrepancyType.UNMATCHED_PAYMENT
        ]
        assert unmatched.lines == (odd,)
        assert unmatched.paid_amount is None  # in no currency, not in pounds
        assert "euro.csv row 6 has 'EURO' in its currency column" in unmatched.explanation
        assert "no default currency is assumed" in unmatched.explanation


def test_a_line_whose_currency_cell_names_none_can_be_matched_by_hand() -> None:
    """What its explanation tells the accountant to do: matched by hand, the line settles
    the invoice, with nothing left unmatched."""
    odd = replace(PAYS, currency_cell="EURO")
    paid = invoice()
    manual = Decision(DecisionKind.MANUAL_MATCH, (paid.key,), (odd.key,))
    result = reconcile([paid], [odd], settings=GBP, decisions=[manual])
    assert [(m.state, pairs(result)) for m in result.matches] == [
        (MatchState.MANUAL, {("EL-2025-00017", 6)})
    ]
    assert [d.type for d in result.discrepancies] == []
