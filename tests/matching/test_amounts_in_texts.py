"""A statement line's amount in the engine's words is money in its currency, as the window
shows it.

A line read from a workbook holds the cell's number as it is: 1600, not 1600.00. The texts
that name a line by file and row said its amount raw, so the demo's review read
"current-account-2.xlsx row 31 (2025-11-22, 1600)" beside "£1,677.63", and a repeated
payment "(2025-11-04, -291.82)". Dates stay ISO, as every screen shows them.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain import Direction
from desktop_app.matching import reconcile
from desktop_app.matching.explain import runner_up_text
from tests.matching.builders import invoice, line
from tests.matching.test_rejections import texts
from tests.matching.test_runner_up import context


def test_a_workbooks_bare_amount_is_said_as_money() -> None:
    parts = [
        line("1600", "EL-2025-00014 PART 1", row=2, source="bank.xlsx"),
        line("1600", "EL-2025-00014 PART 2", row=3, day=date(2025, 3, 5), source="bank.xlsx"),
    ]
    result = reconcile([invoice("EL-2025-00014", "4276.62")], parts)
    (said,) = texts(result)["UNPAID_INVOICE"]
    assert said == (
        "EL-2025-00014 for £4,276.62, due 2025-03-31: no payment found; 2 possible "
        "payments await review: bank.xlsx row 2 (2025-03-04, £1,600.00) or bank.xlsx row 3 "
        "(2025-03-05, £1,600.00)"
    )


def test_a_repeated_payment_out_is_said_as_money_with_its_sign() -> None:
    bill = invoice("EL-2025-00170", "291.82", direction=Direction.PAYABLE)
    paid = [
        line("-291.82", "EL-2025-00170", row=11, source="bank.xlsx"),
        line("-291.82", "EL-2025-00170", row=13, day=date(2025, 3, 11), source="bank.xlsx"),
    ]
    (said,) = texts(reconcile([bill], paid))["DUPLICATE_PAYMENT"]
    assert said == (
        "EL-2025-00170 paid 2 times: bank.xlsx row 11 (2025-03-04, -£291.82), "
        "bank.xlsx row 13 (2025-03-11, -£291.82)"
    )


def test_repeated_settlements_say_each_parts_amount_as_money() -> None:
    invoices = [invoice("EL-2025-00017", "1000.00")]
    lines = [
        line("1000", "EL-2025-00017", row=5, day=date(2025, 3, 3)),
        line("600", "EL-2025-00017 PART 1", row=9, day=date(2025, 3, 10)),
        line("400", "EL-2025-00017 PART 2", row=11, day=date(2025, 3, 10)),
    ]
    (said,) = texts(reconcile(invoices, lines))["DUPLICATE_PAYMENT"]
    assert said == (
        "EL-2025-00017 paid in full on 2025-03-03 by bank.csv row 5 (£1,000.00), "
        "and again on 2025-03-10 by rows 9 (£600.00) and 11 (£400.00)"
    )


def test_a_line_in_another_currency_or_none_is_said_so() -> None:
    """In its own currency; a line whose statement gives none keeps its bare number (no
    currency is made up for it), its thousands separated and to two decimals, as the
    window shows it."""
    parts = [
        line("1600", "EL-2025-00014 PART 1", row=2, currency=None),
        line("1600", "EL-2025-00014 PART 2", row=3, day=date(2025, 3, 5), currency="EUR"),
    ]
    result = reconcile([invoice("EL-2025-00014", "2276.62", currency="EUR")], parts)
    (said,) = texts(result)["UNPAID_INVOICE"]
    assert said == (
        "EL-2025-00014 for €2,276.62, due 2025-03-31: no payment found; 2 possible "
        "payments await review: bank.csv row 2 (2025-03-04, 1,600.00) or bank.csv row 3 "
        "(2025-03-05, €1,600.00)"
    )


def test_the_runner_up_names_a_line_with_its_amount_as_money() -> None:
    lines = [line("70", "ACME TRADING", row=2), line("1250.5", "ACME TRADING", row=3)]
    ctx = context([invoice("EL-2025-00017", "120.00")], lines)
    chosen, rival = (ctx.scorer.group([ctx.lines[i]], [ctx.invoices[0]], "test") for i in (0, 1))
    assert runner_up_text(ctx, chosen, rival).startswith(
        "could also be paid by bank.csv row 3 (2025-03-04, £1,250.50) (score "
    )
