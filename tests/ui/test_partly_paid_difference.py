"""The Reconcile table's Difference for an invoice partly paid before.

The engine compares such a payment with what is still owed on the invoice when that fits
better than its gross, and says so ("pays the £201.70 still owed of £276.62"); the
Difference is paid less that (``Match.compared_with``), not less the gross, so the
accountant sees no shortfall that is not one. Matches from the real engine, through
Qt's model tester.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from PySide6.QtCore import Qt

from desktop_app.domain import Match
from desktop_app.matching import reconcile
from desktop_app.ui import review
from desktop_app.ui.models.columns import Role, column_index
from desktop_app.ui.models.discrepancies import DiscrepancyModel
from desktop_app.ui.models.matches import MatchTableModel
from tests.matching.builders import OPEN_BESIDE, PARTLY_PAID, line

OWED = "Paid less the £201.70 still owed of £276.62 invoiced"


def _cells(qtmodeltester, matches: list[Match] | tuple[Match, ...]) -> list[tuple[str, object]]:
    """(Difference text, its tooltip) of each row, the model checked by Qt's tester."""
    model = MatchTableModel()
    model.set_items(matches)
    qtmodeltester.check(model)
    column = column_index(model.columns, "difference")
    return [
        (
            model.index(row, column).data(),
            model.index(row, column).data(Qt.ItemDataRole.ToolTipRole),
        )
        for row in range(model.rowCount())
    ]


def _sort_value(matches: tuple[Match, ...]) -> Decimal:
    model = MatchTableModel()
    model.set_items(matches)
    value = model.index(0, column_index(model.columns, "difference")).data(Role.SORT)
    assert isinstance(value, Decimal)
    return value


def test_a_payment_of_what_is_still_owed_shows_no_difference(qtmodeltester) -> None:
    """£201.70 for the £201.70 still owed of £276.62: no difference, not -£74.92."""
    matches = reconcile([PARTLY_PAID], [line("201.70", "EL-2025-00003")]).matches
    assert "pays the £201.70 still owed of £276.62" in matches[0].explanation
    assert _cells(qtmodeltester, matches) == [("", OWED)]
    assert _sort_value(matches) == Decimal("0.00")


def test_a_payment_short_of_what_is_still_owed_shows_that_shortfall(qtmodeltester) -> None:
    matches = reconcile([PARTLY_PAID], [line("200.70", "EL-2025-00003")]).matches
    assert _cells(qtmodeltester, matches) == [("-£1.00", OWED)]
    assert _sort_value(matches) == Decimal("-1.00")


def test_a_batch_and_parts_are_short_of_what_is_still_owed(qtmodeltester) -> None:
    batch = reconcile(
        [PARTLY_PAID, OPEN_BESIDE], [line("1500.89", "EL-2025-00003 EL-2025-00006")]
    ).matches
    parts = reconcile(
        [PARTLY_PAID],
        [
            line("100.00", "EL-2025-00003 PART 1", row=2),
            line("101.70", "EL-2025-00003 PART 2", row=3, day=date(2025, 3, 5)),
        ],
    ).matches
    assert _cells(qtmodeltester, (*batch, *parts)) == [
        ("-£12.00", "Paid less the £1,512.89 still owed of £1,587.81 invoiced"),
        ("", OWED),
    ]


def test_guard_a_payment_of_the_gross_is_compared_with_the_gross(qtmodeltester) -> None:
    """The partly paid invoice paid at its gross, and an invoice never partly paid: the
    Difference is against the gross, as ever, with no note."""
    partly = reconcile([PARTLY_PAID], [line("270.00", "EL-2025-00003")]).matches
    plain = reconcile([OPEN_BESIDE], [line("1300.00", "EL-2025-00006", row=3)]).matches
    assert _cells(qtmodeltester, (*partly, *plain)) == [("-£6.62", None), ("-£11.19", None)]


def test_a_match_made_by_hand_in_the_window_is_measured_as_the_engine_will(
    qtmodeltester,
) -> None:
    """The accountant's pairing is measured at once as the next run measures it: £201.70
    for the £201.70 still owed is no difference (the report has none), where it was
    "-£74.92" against the gross until a run scored it, while the workbook said nothing
    was wrong. Of the gross, that part's payment included, against the gross."""
    change = review.manual_match(
        [PARTLY_PAID],
        [line("201.70", "BANK TRANSFER")],
        review.MatchIndex(),
        "alice",
        datetime.now(UTC),
    )
    assert _cells(qtmodeltester, change.added) == [("", OWED)]
    (made,) = change.added
    assert made.explanation == "matched by hand by alice; paid £201.70 in for £201.70 still owed"
    assert (
        reconcile(
            [PARTLY_PAID],
            [line("201.70", "BANK TRANSFER")],
            decisions=[change.decision],
        ).discrepancies
        == ()
    )
    both = review.manual_match(
        [PARTLY_PAID],
        [line("74.92", "EL-2025-00003"), line("201.70", "BANK TRANSFER", row=3)],
        review.MatchIndex(),
        "alice",
        datetime.now(UTC),
    )
    assert _cells(qtmodeltester, both.added) == [("", None)]


def test_the_gross_paid_in_full_shows_what_it_paid_beyond_what_was_owed(qtmodeltester) -> None:
    """£276.62 for the £201.70 still owed: +£74.92, as the report's AMOUNT_MISMATCH says,
    not an empty Difference against the gross."""
    matches = reconcile([PARTLY_PAID], [line("276.62", "EL-2025-00003")]).matches
    assert _cells(qtmodeltester, matches) == [("£74.92", OWED)]
    assert _sort_value(matches) == Decimal("74.92")


def test_a_partly_paid_invoice_left_unpaid_shows_what_is_still_owed(qtmodeltester) -> None:
    """The Discrepancies table's amounts are the £201.70 still owed, as the workbook's row."""
    result = reconcile([PARTLY_PAID, OPEN_BESIDE], [])
    model = DiscrepancyModel()
    model.set_items(list(enumerate(result.discrepancies)))
    qtmodeltester.check(model)
    keys = ("invoiced", "paid", "difference")
    columns = [column_index(model.columns, key) for key in keys]
    assert [
        tuple(model.index(row, column).data() for column in columns)
        for row in range(model.rowCount())
    ] == [("£201.70", "£0.00", "-£201.70"), ("£1,311.19", "£0.00", "-£1,311.19")]


def test_the_part_recorded_as_paid_shows_what_is_still_owed(qtmodeltester) -> None:
    """£74.92 is the part of £276.62 the provider already counted: the Difference is the
    £201.70 still owed (paid less the gross), not -£126.78 against what is still owed,
    which counted the part twice; the Discrepancies table's row says the same."""
    result = reconcile([PARTLY_PAID], [line("74.92", "EL-2025-00003")])
    assert _cells(qtmodeltester, result.matches) == [("-£201.70", None)]
    model = DiscrepancyModel()
    model.set_items(list(enumerate(result.discrepancies)))
    qtmodeltester.check(model)
    columns = [column_index(model.columns, key) for key in ("invoiced", "paid", "difference")]
    assert [tuple(model.index(0, column).data() for column in columns)] == [
        ("£276.62", "£74.92", "-£201.70")
    ]
