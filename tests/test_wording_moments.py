"""Times as the application says them (design.md, Dates): in UTC, saying so, to the
second where a time stands alone and to the minute in a sentence, from one definition."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from desktop_app.domain import Decision, DecisionKind, InvoiceKey, LineKey
from desktop_app.ui.review import rejection_explanation
from desktop_app.ui.review_flags import banner
from desktop_app.ui.services import ReviewFlag
from desktop_app.wording import moment_text
from desktop_app.workspace.records import ReviewCause

PARIS_WINTER = timezone(timedelta(hours=1))
AT = datetime(2025, 3, 5, 15, 5, 9, tzinfo=PARIS_WINTER)


def test_a_time_is_said_in_utc_to_the_second_or_the_minute() -> None:
    assert moment_text(AT, seconds=True) == "2025-03-05 14:05:09 UTC"
    assert moment_text(AT, seconds=False) == "2025-03-05 14:05 UTC"


def test_a_utc_time_keeps_its_digits_and_a_zone_across_midnight_moves_the_day() -> None:
    assert moment_text(datetime(2025, 3, 5, 0, 0, 0, tzinfo=UTC), seconds=True) == (
        "2025-03-05 00:00:00 UTC"
    )
    late = datetime(2025, 12, 31, 20, 30, 59, tzinfo=timezone(timedelta(hours=-5)))
    assert moment_text(late, seconds=False) == "2026-01-01 01:30 UTC"


def test_a_naive_time_is_said_as_it_is_claiming_no_zone() -> None:
    """A time without a zone may be in any: its digits are said, never called UTC."""
    naive = datetime(2025, 3, 5, 15, 5, 9)
    assert moment_text(naive, seconds=True) == "2025-03-05 15:05:09"
    assert moment_text(naive, seconds=False) == "2025-03-05 15:05"


def test_every_sentence_about_a_decision_says_its_time_one_way() -> None:
    """The rejection's explanation and the review banner's details say a decision made
    at 15:05 in Paris as the audit trail does, in UTC, to the minute."""
    reject = Decision(
        DecisionKind.REJECT,
        (InvoiceKey("Elevate Billing", "53839"),),
        (LineKey("bank.csv", 7),),
        "",
        "ann",
        AT,
    )
    flag = ReviewFlag(3, reject, reject.invoice_keys[0], "amount changed", (ReviewCause.AMOUNT,))
    _, _, details = banner([flag], lambda key: None)
    assert "Rejected by ann on 2025-03-05 14:05 UTC." in rejection_explanation(reject)
    assert "by ann on 2025-03-05 14:05 UTC with bank.csv:7" in details
