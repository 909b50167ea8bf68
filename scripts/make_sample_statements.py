"""Write the demo's sample statements (resources/sample-statements/) from the sandbox's data.

The demo sandbox is seeded (``DEMO_SEED``), so its invoices are always the same; this
fetches them through the real clients, plants one account's payments over the last four
months with the sandbox's planting rules (exact, fee-short, split, duplicated, partial and
missing payments, plus unrelated lines), then a few payments only the accountant can
settle (a remittance quoting two of a customer's open invoices of one amount, paying one;
a round sum on account quoting a number with a zero dropped), so that the demo shows the
engine's suggestions for review beside its matches. It cuts the account's movements into
two consecutive statements, as a bank does, and writes them the way two banks would: a
plain csv and an xlsx with a preamble and debit/credit columns. The second opens at the
balance the first closes at: the window would otherwise say, rightly, that movements are
missing between them. Rerun it when the sandbox's data changes.

Every discrepancy the demo shows is one planted on purpose (tests/sandbox/
test_demo_discrepancies.py holds it to the plans), which takes three things:

- the period is planned once and then cut: planned as two statements apart, an invoice
  issued in the first's last days had its payment in neither (drawn after the first
  ended; the second pays only invoices of its own period), and the demo listed 18 of
  them as status conflicts or unpaid;
- the period ends once every invoice issued in it has had the time to be paid
  (``settled_end``): the sandbox issues invoices up to its today, and one issued days
  before the statements end would be unpaid for the calendar's sake;
- the account's first and last lines fall on the period's first and last days
  (``BOUNDS``): the demo, as ``reconcile`` does, fetches the invoices issued from the
  statements' first date to their last, so an invoice issued before the first line
  would not be fetched, and its payment would show as unmatched.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import keyring

from desktop_app.domain import CancelToken, Invoice, no_progress
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
from desktop_app.secrets import InMemoryKeyring
from desktop_app.ui.backend.demo import DEMO_CURRENCY, DEMO_SEED, SAMPLE_FOLDER, start_demo
from desktop_app.ui.backend.provider_backend import ProviderBackend

WINDOW_DAYS = 120
FIRST, SECOND = "current-account-1.csv", "current-account-2.xlsx"
# The seed of the account's movements. Which payments are short, split, made twice or
# missing is drawn; this seed's draws leave two open invoices of one customer and amount
# unpaid (the remittance naming both) and another open invoice for the sum on account,
# beside fees, splits, a duplicate, parts recorded as paid and payments missing of
# invoices the provider says are paid. DEMO_SEED's own draws leave only the sum on
# account to review.
SAMPLE_SEED = 9
# The account's lines on its period's first and last days, paying no invoice.
BOUNDS = (
    ("ACCOUNT FEE", Decimal("-8.50")),
    ("CREDIT INTEREST", Decimal("2.74")),
)


def main(target: Path) -> None:
    keyring.set_keyring(InMemoryKeyring())  # nothing of the user's own keyring is touched
    first, second = write_samples(target)
    print(f"wrote {first} + {second} lines to {target}")


def write_samples(target: Path) -> tuple[int, int]:
    """Write both statements into ``target``; how many lines each holds. The demo's
    keyring is its own (``start_demo``), so this needs no global one: the tests call it
    to check the shipped files are what it writes."""
    first, second = plan_samples()
    target.mkdir(parents=True, exist_ok=True)
    write_csv(first, target / FIRST)
    write_xlsx(second, target / SECOND, opening=closing_balance(first))
    return len(first.lines), len(second.lines)


def plan_samples(seed: int = SAMPLE_SEED) -> tuple[StatementPlan, StatementPlan]:
    """The plans of the two statements (``FIRST``, then ``SECOND``), from the demo
    sandbox's invoices: what each line pays, and what reconciling them reports."""
    invoices, today = _demo_invoices()
    start = today - timedelta(days=WINDOW_DAYS)
    middle = start + timedelta(days=WINDOW_DAYS // 2)
    end = settled_end(invoices, today, DEMO_CURRENCY)
    account = plan_statement(invoices, start=start, end=end, seed=seed, currency=DEMO_CURRENCY)
    (first_text, first_amount), (last_text, last_amount) = BOUNDS
    account.add_unrelated(
        [PlannedLine(start, first_text, first_amount), PlannedLine(end, last_text, last_amount)]
    )
    # Of the invoices the account leaves open, paid in the second statement's period.
    account.add_payments_to_review(
        payments_to_review(invoices, account.unpaid(), start=middle + timedelta(days=1), end=end)
    )
    # settled_end and BOUNDS leave neither, unless a payment made twice or in parts has
    # its last line after the end: the demo would fetch the invoices issued up to it.
    outside = [line for line in account.lines if not start <= line.date <= end]
    if account.late or outside:
        raise ValueError(
            f"the samples would show what nobody planted: {len(account.late)} invoices "
            f"unpaid for lack of time, {len(outside)} lines outside {start} to {end}"
        )
    return account.split(middle)


def _demo_invoices() -> tuple[list[Invoice], date]:
    """Every invoice of the demo's sandbox, fetched through the real clients, and the
    sandbox's today."""
    with tempfile.TemporaryDirectory() as folder:
        demo = start_demo(Path(folder), statements=[], seed=DEMO_SEED)
        try:
            fetched = asyncio.run(
                ProviderBackend(demo.settings).fetch(None, None, no_progress, CancelToken())
            )
        finally:
            demo.sandbox.stop()
        return fetched.all_invoices(), demo.sandbox.today


if __name__ == "__main__":
    default = Path(__file__).resolve().parent.parent / "resources" / SAMPLE_FOLDER
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
