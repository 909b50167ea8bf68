"""Planted statements: deterministic, consistent with their truth, rows as written."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain import (
    Counterparty,
    Direction,
    DiscrepancyType,
    DocumentType,
    Invoice,
    InvoiceStatus,
    Money,
)
from desktop_app.sandbox.statements import (
    PlannedLine,
    StatementPlan,
    closing_balance,
    payments_to_review,
    plan_statement,
    settled_end,
    write_csv,
    write_xlsx,
)
from desktop_app.sandbox.statements.planting import _on_account
from desktop_app.ui.backend.demo import DEMO_CURRENCY, sample_statements
from tests.sandbox.sample_script import sample_script
from tests.statements.held import steps_of


def invoice(n: int, status: InvoiceStatus = InvoiceStatus.PAID, **extra: object) -> Invoice:
    fields: dict[str, object] = {
        "provider": "Elevate",
        "provider_kind": "elevate",
        "invoice_id": str(n),
        "number": f"EL-2025-{n:05d}",
        "direction": Direction.RECEIVABLE,
        "currency": "GBP",
        "gross": Money(Decimal(100 + n) + Decimal("0.25"), "GBP"),
        "status": status,
        "status_raw": status.value.upper(),
        "issue_date": date(2025, 1, 1 + n % 28),
        "amount_outstanding": Money("10.00", "GBP"),
    }
    fields.update(extra)
    return Invoice(**fields)  # type: ignore[arg-type]


INVOICES = [invoice(n) for n in range(60)] + [
    invoice(100, InvoiceStatus.VOID),
    invoice(101, InvoiceStatus.DRAFT),
    invoice(102, InvoiceStatus.PARTIALLY_PAID),
    invoice(
        103,
        InvoiceStatus.REFUNDED,
        gross=Money("-40.00", "GBP"),
        document_type=DocumentType.CREDIT_NOTE,
    ),
]
START, END = date(2025, 1, 1), date(2025, 3, 31)


def test_same_seed_same_statement_and_another_seed_differs() -> None:
    first = plan_statement(INVOICES, start=START, end=END, seed=3)
    assert first.lines == plan_statement(INVOICES, start=START, end=END, seed=3).lines
    assert first.lines != plan_statement(INVOICES, start=START, end=END, seed=4).lines


def test_every_invoice_expecting_payment_is_paid_or_reported() -> None:
    plan = plan_statement(INVOICES, start=START, end=END, seed=1)
    paid = {key for key, _ in plan.expected_pairs()}
    reported = {d.invoice for d in plan.discrepancies if d.invoice is not None}
    for inv in INVOICES:
        expects = inv.status.expects_payment
        assert (inv.key in paid or inv.key in reported) == expects, inv.key
    assert plan.expected_types()[DiscrepancyType.UNMATCHED_PAYMENT] == 6


def test_planted_amounts_follow_direction_and_outcome() -> None:
    plan = plan_statement(INVOICES, start=START, end=END, seed=1)
    by_key = {inv.key: inv for inv in INVOICES}
    mismatched = {
        d.invoice for d in plan.discrepancies if d.type is DiscrepancyType.AMOUNT_MISMATCH
    }
    totals: dict[object, Decimal] = {}
    for line in plan.lines:
        for key in line.pays:
            totals[key] = totals.get(key, Decimal(0)) + line.amount
    for key, total in totals.items():
        expected = by_key[key].expected_bank_amount().amount
        duplicated = any(
            d.type is DiscrepancyType.DUPLICATE_PAYMENT and d.invoice == key
            for d in plan.discrepancies
        )
        if duplicated:
            assert total == 2 * expected
        elif key in mismatched:
            assert total != expected
        else:
            assert total == expected
    refund = next(line for line in plan.lines if by_key[INVOICES[-1].key].key in line.pays)
    assert refund.amount == Decimal("-40.00")  # a receivable credit note is money out


def test_a_plan_says_which_invoices_its_end_leaves_unpaid() -> None:
    """An invoice issued too near the statement's end for its payment to come within it
    is reported missing, as reading that statement alone must; the plan says it was the
    calendar's doing (``late``), not a payment planted as missing."""
    end = date(2025, 1, 20)
    plan = plan_statement(INVOICES, start=START, end=end, seed=1)
    by_key = {inv.key: inv for inv in INVOICES}
    missing = {
        d.invoice
        for d in plan.discrepancies
        if d.type in {DiscrepancyType.UNPAID_INVOICE, DiscrepancyType.STATUS_CONFLICT}
    }
    assert plan.late <= missing
    issued = {key: by_key[key].reference_date for key in plan.late}
    # paid 2 days after its date at the soonest, 20 at the latest
    assert all(day is not None and end - timedelta(days=20) < day <= end for day in issued.values())
    last_days = {
        inv.key
        for inv in INVOICES
        if inv.expects_payment
        and inv.issue_date > end - timedelta(days=2)
        and inv.issue_date <= end
    }
    assert last_days
    assert last_days <= plan.late
    assert not plan.late & {key for key, _ in plan.expected_pairs()}
    # over a period that leaves every invoice time to be paid, none is late
    assert plan_statement(INVOICES, start=START, end=END, seed=1).late == set()


def test_a_period_cut_in_two_pays_in_the_second_what_the_first_issued_last() -> None:
    """One account's period planned once, then cut into two statements as a bank cuts
    it: an invoice issued in the first's last days is paid in the second. Planned as two
    statements apart, it was paid in neither (the first ended first; the second pays its
    own period's invoices), and reported missing for the calendar's sake."""
    cut = date(2025, 1, 20)
    account = plan_statement(INVOICES, start=START, end=END, seed=1)
    first, second = account.split(cut)

    assert (first.start, first.end, second.start, second.end) == (
        START,
        cut,
        cut + timedelta(days=1),
        END,
    )
    assert first.lines + second.lines == account.lines
    assert all(line.date <= cut for line in first.lines)
    assert all(line.date > cut for line in second.lines)
    by_key = {inv.key: inv for inv in INVOICES}
    issued_late = {  # in the first's period, paid in the second's
        key for key, _ in second.expected_pairs() if (by_key[key].reference_date or END) <= cut
    }
    assert issued_late
    assert first.late == second.late == set()
    # the first planned apart leaves its last days' invoices unpaid
    assert plan_statement(INVOICES, start=START, end=cut, seed=1).late

    # What reconciling the two reports is the account's, shared between them: about a
    # line, with the line; about an invoice paid, with the part that pays it.
    assert _about(first) + _about(second) == _about(account)
    for part in (first, second):
        paid_here = {key for key, _ in part.expected_pairs()}
        for item in part.discrepancies:
            if item.type in {DiscrepancyType.AMOUNT_MISMATCH, DiscrepancyType.DUPLICATE_PAYMENT}:
                assert item.invoice in paid_here, item
    # a payment missing is still missing when the second ends
    missing = {DiscrepancyType.UNPAID_INVOICE, DiscrepancyType.STATUS_CONFLICT}
    assert not [d for d in first.discrepancies if d.type in missing]


def _about(plan: StatementPlan) -> Counter[tuple[str, object]]:
    """Each discrepancy by its type and its invoice or its line itself (not its index)."""
    return Counter(
        (d.type.value, d.invoice if d.line_index is None else plan.lines[d.line_index])
        for d in plan.discrepancies
    )


def test_unrelated_lines_take_their_place_in_date_order() -> None:
    plan = plan_statement(INVOICES, start=START, end=END, seed=1)
    before = _unmatched_lines(plan)
    fee, interest = (
        PlannedLine(START, "ACCOUNT FEE", Decimal("-8.50")),
        PlannedLine(END, "CREDIT INTEREST", Decimal("2.74")),
    )
    plan.add_unrelated([fee, interest])
    assert (plan.lines[0], plan.lines[-1]) == (fee, interest)
    assert _unmatched_lines(plan) == sorted([*before, fee, interest], key=_line_key)
    paying = PlannedLine(END, "EL-2025-00001", Decimal("101.25"), pays=(INVOICES[1].key,))
    with pytest.raises(ValueError, match="pays no invoice"):
        plan.add_unrelated([paying])


def test_a_period_settled_ends_before_the_invoices_it_could_not_see_paid() -> None:
    """The last day by which every invoice issued has had its 20 days to be paid: none
    issued in the 20 days before it. An invoice issued on 28 March ends the period on the
    27th, where one issued 20 days before (the 7th) has had its 20 days; one issued on the
    8th has not, and ends it on the 7th, where the 7th's has not either: the 6th."""
    until = date(2025, 3, 31)
    assert settled_end(INVOICES, until) == until  # the last issued on 28 January
    late = [
        *INVOICES,
        invoice(200, issue_date=date(2025, 3, 28)),
        invoice(201, issue_date=date(2025, 3, 7)),
        invoice(202, InvoiceStatus.DRAFT, issue_date=date(2025, 3, 30)),  # nothing owed
        invoice(
            203,
            issue_date=date(2025, 3, 29),
            currency="EUR",
            gross=Money("50.00", "EUR"),
            amount_outstanding=None,
        ),  # another currency
    ]
    assert settled_end(late, until) == date(2025, 3, 27)
    assert plan_statement(late, start=START, end=date(2025, 3, 27), seed=1).late == set()
    assert settled_end([*late, invoice(204, issue_date=date(2025, 3, 8))], until) == date(
        2025, 3, 6
    )


@pytest.mark.parametrize("writer", [write_csv, write_xlsx])
def test_writers_report_the_rows_they_wrote(writer: object, tmp_path: Path) -> None:
    plan = plan_statement(INVOICES, start=START, end=END, seed=2)
    path = tmp_path / ("s.csv" if writer is write_csv else "s.xlsx")
    rows = writer(plan, path)  # type: ignore[operator]
    assert len(rows) == len(plan.lines)
    if path.suffix == ".csv":
        physical = path.read_text(encoding="utf-8").splitlines()
        for line, row in zip(plan.lines, rows, strict=True):
            cells = next(csv.reader([physical[row - 1]]))
            assert cells[1] == line.description
            assert Decimal(cells[2]) == line.amount
    else:
        sheet = openpyxl.load_workbook(path).active
        for line, row in zip(plan.lines, rows, strict=True):
            assert sheet.cell(row, 2).value == line.description
            debit, credit = sheet.cell(row, 3).value, sheet.cell(row, 4).value
            amount = Decimal(str(credit)) if credit is not None else -Decimal(str(debit))
            assert amount == line.amount


def test_a_statement_written_to_follow_another_opens_at_its_closing(tmp_path: Path) -> None:
    """One account's consecutive statements, as the demo's samples are written: the second
    opens at the balance the first closes at, so nothing reads as missing between them."""
    first = plan_statement(INVOICES, start=START, end=date(2025, 2, 14), seed=2)
    second = plan_statement(INVOICES, start=date(2025, 2, 15), end=END, seed=3)
    write_csv(first, tmp_path / "one.csv")
    write_xlsx(second, tmp_path / "two.xlsx", opening=closing_balance(first))
    [step] = steps_of(tmp_path / "one.csv", tmp_path / "two.xlsx", currency="GBP")
    assert step.carried == closing_balance(first) == step.opening
    assert step.follows


def test_the_demos_sample_statements_follow_each_other() -> None:
    """As shipped in resources/: the demo says no movements are missing between them."""
    [step] = steps_of(*sample_statements(), currency=DEMO_CURRENCY)
    assert (step.earlier.source_file, step.later.source_file) == (
        "current-account-1.csv",
        "current-account-2.xlsx",
    )
    assert step.follows


def customer_invoice(n: int, customer: str, gross: str, issued: date, **extra: object) -> Invoice:
    """An open invoice of an Elevate customer known only by its id, as the demo's."""
    fields: dict[str, object] = {
        "counterparty": Counterparty(id=customer),
        "gross": Money(gross, "GBP"),
        "status": InvoiceStatus.OPEN,
        "status_raw": "OPEN",
        "issue_date": issued,
        "due_date": issued + timedelta(days=30),
        "amount_outstanding": Money(gross, "GBP"),
    }
    fields.update(extra)
    return invoice(n, **fields)


# Two open invoices of customer 1013 for one amount, and one of customer 1047.
TWINS = (
    customer_invoice(138, "1013", "955.43", date(2025, 9, 1)),
    customer_invoice(167, "1013", "955.43", date(2025, 10, 1)),
)
LONE = customer_invoice(187, "1047", "1677.63", date(2025, 11, 1))
OPEN_ONES = [*TWINS, LONE]
UNPAID = {i.key for i in OPEN_ONES}


def test_payments_to_review_are_a_remittance_naming_two_and_a_sum_on_account() -> None:
    """What only the accountant can settle: either twin's payment, quoting both; a round
    sum paid on account, quoting the number with a zero dropped."""
    lines = payments_to_review(OPEN_ONES, UNPAID, start=date(2025, 10, 3), end=date(2025, 12, 1))
    assert lines == [
        PlannedLine(
            date(2025, 10, 22),
            "EL-2025-00138 EL-2025-00167 CUSTOMER 1013",
            Decimal("955.43"),
            could_pay=(TWINS[0].key, TWINS[1].key),
        ),
        PlannedLine(
            date(2025, 11, 22),
            "EL-2025-0187 CUSTOMER 1047",
            Decimal("1600.00"),
            could_pay=(LONE.key,),
        ),
    ]


def test_payments_to_review_only_of_open_invoices_left_unpaid_in_the_period() -> None:
    paid = {TWINS[0].key}  # a line of the plan pays it: not open for another payment
    lines = payments_to_review(OPEN_ONES, UNPAID - paid, start=date(2025, 10, 3), end=END_2025)
    assert [line.could_pay for line in lines] == [(TWINS[1].key,)]  # no twin left
    claimed = [replace(i, status=InvoiceStatus.PAID) for i in OPEN_ONES]
    assert payments_to_review(claimed, UNPAID, start=date(2025, 10, 3), end=END_2025) == []
    # the second would come after the statement ends: not planted
    early = payments_to_review(OPEN_ONES, UNPAID, start=date(2025, 10, 3), end=date(2025, 11, 1))
    assert [line.could_pay for line in early] == [(TWINS[0].key, TWINS[1].key)]


END_2025 = date(2025, 12, 31)


def test_payments_added_for_review_keep_the_plans_truth() -> None:
    """Put among the plan's lines in date order, each an unmatched payment until decided;
    the plan's own pairs and unmatched lines still name the lines they named."""
    plan = plan_statement(INVOICES, start=START, end=END_2025, seed=1)
    paid_before = {(key, plan.lines[i]) for key, i in plan.expected_pairs()}
    unmatched_before = _unmatched_lines(plan)
    types_before = plan.expected_types()
    # invoices an earlier statement left unpaid, as the demo's second statement takes them
    added = payments_to_review(OPEN_ONES, UNPAID, start=START, end=END_2025)
    assert len(added) == 2

    plan.add_payments_to_review(added)

    assert [line.date for line in plan.lines] == sorted(line.date for line in plan.lines)
    assert {(key, plan.lines[i]) for key, i in plan.expected_pairs()} == paid_before
    assert _unmatched_lines(plan) == unmatched_before + sorted(added, key=_line_key)
    assert {(key, plan.lines[i]) for key, i in plan.expected_reviews()} == {
        (key, line) for line in added for key in line.could_pay
    }
    after = plan.expected_types()
    assert after.pop(DiscrepancyType.UNMATCHED_PAYMENT) == (
        types_before.pop(DiscrepancyType.UNMATCHED_PAYMENT) + 2
    )
    assert after == types_before  # the invoices stay unpaid until the accountant decides


def _line_key(line: PlannedLine) -> tuple[date, str, Decimal]:
    return line.date, line.description, line.amount


def _unmatched_lines(plan: StatementPlan) -> list[PlannedLine]:
    return sorted(
        (
            plan.lines[d.line_index]
            for d in plan.discrepancies
            if d.type is DiscrepancyType.UNMATCHED_PAYMENT and d.line_index is not None
        ),
        key=_line_key,
    )


@pytest.mark.sandbox
def test_the_demos_sample_statements_are_what_the_generator_writes(tmp_path: Path) -> None:
    """The shipped files are regenerated, not edited: the same sandbox data and seeds give
    the same lines, so a change to the planting shows here until they are written again
    (``python scripts/make_sample_statements.py``)."""
    sample_script().write_samples(tmp_path)
    shipped = {p.name: p for p in sample_statements()}
    assert sorted(shipped) == sorted(p.name for p in tmp_path.iterdir())
    assert (tmp_path / "current-account-1.csv").read_bytes() == shipped[
        "current-account-1.csv"
    ].read_bytes()
    assert _cells(tmp_path / "current-account-2.xlsx") == _cells(shipped["current-account-2.xlsx"])


def _cells(path: Path) -> list[list[tuple[object, str]]]:
    """Every cell's value and number format (the workbook's own timestamps aside)."""
    book = openpyxl.load_workbook(path)
    return [
        [(cell.value, cell.number_format) for cell in row]
        for sheet in book
        for row in sheet.iter_rows()
    ]


def test_a_sum_on_account_is_short_by_more_than_a_fee() -> None:
    """£1,300.00 of £1,311.19 is the invoice paid less a fee (within the engine's 3 %), no
    question for the accountant; £1,600.00 of £1,650.00 is short by more, a sum on
    account; less than half is no likely payment of the invoice at all."""
    assert _on_account(Decimal("1311.19")) is None
    assert _on_account(Decimal("1650.00")) == Decimal("1600.00")
    assert _on_account(Decimal("-1650.00")) == Decimal("-1600.00")
    assert _on_account(Decimal("1700.00")) is None  # a round sum already: paid in full
    assert _on_account(Decimal("99.00")) is None  # no whole hundred: less than half of it
