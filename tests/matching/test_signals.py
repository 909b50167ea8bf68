"""Each signal on its own: bands, boundaries and the rules that keep them honest."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.matching.prepare import PreparedInvoice
from desktop_app.matching.settings import MatchSettings
from desktop_app.matching.signals import (
    PARTIAL_CEILING,
    TOLERATED_CEILING,
    TOLERATED_FLOOR,
    UNDATED,
    amount_score,
    currency_score,
    date_score,
    numeric_reference_counts,
    payee_score,
)
from tests.matching.builders import invoice


class TestAmount:
    def test_equal_amount_scores_one(self) -> None:
        assert amount_score(12000, 12000, 200) == 1.0

    def test_within_tolerance_falls_from_ceiling_to_floor(self) -> None:
        assert amount_score(11999, 12000, 200) == pytest.approx(TOLERATED_CEILING, abs=0.01)
        assert amount_score(11800, 12000, 200) == pytest.approx(TOLERATED_FLOOR)
        assert amount_score(12100, 12000, 200) == amount_score(11900, 12000, 200)

    def test_outside_tolerance_scores_by_share_paid_below_the_tolerated_band(self) -> None:
        half = amount_score(6000, 12000, 200)
        assert half == pytest.approx(PARTIAL_CEILING / 2)
        assert amount_score(24000, 12000, 200) == pytest.approx(half)
        assert amount_score(11000, 12000, 200) < TOLERATED_FLOOR

    def test_money_moving_the_wrong_way_scores_zero(self) -> None:
        # A payable invoice is settled by money out (negative); a credit is not its payment.
        assert amount_score(12000, -12000, 200) == 0.0
        assert amount_score(0, -12000, 200) == 0.0


class TestDate:
    settings = MatchSettings(days_before_issue=5, grace_days_after_due=10, days_after_due=60)

    def prepared(self, **fields: object) -> PreparedInvoice:
        return PreparedInvoice(0, invoice(**fields), self.settings)  # type: ignore[arg-type]

    def score(self, day: date, **fields: object) -> float:
        return date_score(day.toordinal(), self.prepared(**fields), 10)

    def test_payment_on_issue_day_is_fully_plausible(self) -> None:
        assert self.score(date(2025, 3, 1)) == 1.0

    def test_plausibility_falls_slowly_to_the_due_date_then_faster(self) -> None:
        early, due, late = (self.score(date(2025, m, d)) for m, d in ((3, 4), (4, 10), (5, 20)))
        assert 1.0 > early > due > late > 0.0

    def test_outside_the_window_scores_zero(self) -> None:
        assert self.score(date(2025, 2, 20)) == 0.0  # 9 days before issue
        assert self.score(date(2025, 7, 1)) == 0.0  # 62 days after the due date

    def test_shortly_before_issue_is_possible_but_less_plausible(self) -> None:
        assert 0.0 < self.score(date(2025, 2, 27)) < self.score(date(2025, 3, 1))

    def test_period_end_is_used_when_there_is_no_issue_date(self) -> None:
        fields = {"issue": None, "period_end": date(2025, 3, 31)}
        assert self.score(date(2025, 4, 2), **fields) > 0.9
        assert self.prepared(**fields).anchor_kind == "period end"

    def test_an_undated_invoice_neither_helps_nor_hurts(self) -> None:
        assert self.score(date(2030, 1, 1), issue=None) == UNDATED


class TestPayee:
    def test_below_threshold_is_no_evidence(self) -> None:
        assert payee_score([1], {1: 84.0}, 85.0) == 0.0

    def test_scores_rise_from_half_at_threshold_to_one(self) -> None:
        assert payee_score([1], {1: 85.0}, 85.0) == 0.5
        assert payee_score([1], {1: 100.0}, 85.0) == 1.0

    def test_best_of_the_invoice_names_counts(self) -> None:
        assert payee_score([1, 2], {2: 100.0, 7: 100.0}, 85.0) == 1.0
        assert payee_score([1], {7: 100.0}, 85.0) == 0.0


def test_currency_score() -> None:
    assert currency_score("GBP", {"GBP"}) == 1.0
    assert currency_score("EUR", {"GBP"}) == 0.0
    assert currency_score(None, {"GBP"}) == 0.5


class TestNumericReference:
    def test_letters_make_a_reference_count_alone(self) -> None:
        assert numeric_reference_counts("EL202500017", 0.0, 0.0)

    def test_a_bare_number_needs_the_exact_amount_or_the_payee(self) -> None:
        assert not numeric_reference_counts("186204", 0.0, 0.0)
        assert not numeric_reference_counts("186204", TOLERATED_FLOOR, 0.0)
        assert numeric_reference_counts("186204", 1.0, 0.0)
        assert numeric_reference_counts("186204", 0.0, 0.6)
