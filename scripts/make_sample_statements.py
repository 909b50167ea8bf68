"""Write the demo's sample statements (resources/sample-statements/) from the sandbox's data.

The demo sandbox is seeded (``DEMO_SEED``), so its invoices are always the same; this
fetches them through the real clients, plants payments for the last four months with the
sandbox's planting rules (exact, fee-short, split, duplicated, partial and missing
payments, plus unrelated lines), then a few payments only the accountant can settle (a
remittance quoting two of a customer's open invoices of one amount, paying one; a round
sum on account quoting a number with a zero dropped), so that the demo shows the engine's
suggestions for review beside its matches. It writes them the way two banks would: a
plain csv and an xlsx with a preamble and debit/credit columns. The two are one account's
consecutive statements, so the second opens at the balance the first closes at: the
window would otherwise say, rightly, that movements are missing between them. Rerun it
when the sandbox's data changes.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import keyring

from desktop_app.domain import CancelToken, no_progress
from desktop_app.sandbox.statements import (
    StatementPlan,
    closing_balance,
    payments_to_review,
    plan_statement,
    write_csv,
    write_xlsx,
)
from desktop_app.secrets import InMemoryKeyring
from desktop_app.ui.backend.demo import DEMO_SEED, SAMPLE_FOLDER, start_demo
from desktop_app.ui.backend.provider_backend import ProviderBackend

WINDOW_DAYS = 120
FIRST, SECOND = "current-account-1.csv", "current-account-2.xlsx"


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


def plan_samples() -> tuple[StatementPlan, StatementPlan]:
    """The plans of the two statements (``FIRST``, then ``SECOND``), from the demo
    sandbox's invoices: what each line pays, and what reconciling them reports."""
    with tempfile.TemporaryDirectory() as folder:
        demo = start_demo(Path(folder), statements=[], seed=DEMO_SEED)
        try:
            fetched = asyncio.run(
                ProviderBackend(demo.settings).fetch(None, None, no_progress, CancelToken())
            )
        finally:
            demo.sandbox.stop()
        today = demo.sandbox.today
    invoices = fetched.all_invoices()
    start = today - timedelta(days=WINDOW_DAYS)
    middle = start + timedelta(days=WINDOW_DAYS // 2)
    first = plan_statement(invoices, start=start, end=middle, seed=DEMO_SEED)
    second = plan_statement(
        invoices, start=middle + timedelta(days=1), end=today, seed=DEMO_SEED + 1
    )
    # Of the invoices either statement leaves open, paid in the second's period.
    unpaid = first.unpaid() | second.unpaid()
    second.add_payments_to_review(
        payments_to_review(invoices, unpaid, start=second.start, end=second.end)
    )
    return first, second


if __name__ == "__main__":
    default = Path(__file__).resolve().parent.parent / "resources" / SAMPLE_FOLDER
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
