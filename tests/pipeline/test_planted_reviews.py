"""The engine asks about exactly the payments the sandbox plants for review.

``payments_to_review`` plants payments only the accountant can settle (a remittance
quoting two open invoices of one amount, a round sum on account quoting a number with a
zero dropped); its docstring leaves whether the engine asks to the engine. The demo's
tests check its two sample statements; this checks the rule over other periods and seeds
of the sandbox's invoices, read back from the csv the sandbox writes: every planted
pairing is offered for review, none is matched without asking, and nothing else is
suggested. It found the engine letting the dates decide a remittance quoting two
invoices five months apart, and the planter paying "on account" within a fee.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain import MatchState
from desktop_app.matching import reconcile
from desktop_app.sandbox.statements import payments_to_review, plan_statement, write_csv
from desktop_app.statements import import_statement
from tests.pipeline.conftest import World

pytestmark = pytest.mark.sandbox

FIRST_HALF = (date(2025, 1, 1), date(2025, 6, 30))
SECOND_HALF = (date(2025, 7, 1), date(2025, 12, 31))
YEAR = (date(2025, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    ("period", "seed"),
    [(FIRST_HALF, 1), (FIRST_HALF, 5), (SECOND_HALF, 2), (YEAR, 1), (YEAR, 5)],
)
def test_every_planted_payment_to_review_is_asked_about_and_nothing_else(
    world: World, tmp_path: Path, period: tuple[date, date], seed: int
) -> None:
    invoices = list(world.invoices)
    start, end = period
    plan = plan_statement(invoices, start=start, end=end, seed=seed)
    plan.add_payments_to_review(payments_to_review(invoices, plan.unpaid(), start=start, end=end))
    assert plan.expected_reviews(), "the period plants something to review"
    path = tmp_path / "bank.csv"
    rows = write_csv(plan, path)

    result = reconcile(invoices, import_statement(path).lines)

    def pairings(state: MatchState) -> set[tuple[str, int]]:
        return {
            (invoice.key.invoice_id, line.row)
            for match in result.matches
            if match.state is state
            for invoice in match.invoices
            for line in match.lines
        }

    expected = {(key.invoice_id, rows[index]) for key, index in plan.expected_reviews()}
    assert pairings(MatchState.SUGGESTED) == expected
    review_rows = {row for _, row in expected}
    assert not {row for _, row in pairings(MatchState.AUTO)} & review_rows
