"""Invoices each paid by a line of its own, and the engine's match of each: the rows the
review benchmarks put on screen (``bench_review``, ``bench_bulk_update``,
``bench_run_landing``).

A benchmark that measures older code as well (``--before``) imports the project from the
tree it measures, so the domain is imported when ``paid_one_to_one`` is called, from
whichever tree is first on ``sys.path`` by then.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

START = date(2025, 1, 1)


def paid_one_to_one(
    count: int,
    *,
    gross: Callable[[int], Decimal] = lambda i: Decimal(100 + i % 50),
    score: Callable[[int], float] = lambda i: (i % 10) / 10,
    state: Callable[[int], Any] | None = None,
    explanation: str = "Same amount, reference in the description.",
) -> tuple[tuple[Any, ...], tuple[Any, ...], tuple[Any, ...]]:
    """``count`` open GBP invoices of Elevate Billing, a bank.csv line paying each three
    days after issue and quoting its number, and one match of each invoice with its line:
    (invoices, lines, matches). ``state`` gives the i-th match's state (AUTO by default)."""
    from desktop_app.domain import (
        Counterparty,
        Direction,
        Invoice,
        InvoiceStatus,
        Match,
        MatchState,
        Money,
        StatementLine,
    )

    invoices = tuple(
        Invoice(
            provider="Elevate Billing",
            provider_kind="elevate",
            invoice_id=f"ID-{i}",
            number=f"EL-{i:06d}",
            direction=Direction.RECEIVABLE,
            currency="GBP",
            gross=Money(gross(i), "GBP"),
            status=InvoiceStatus.OPEN,
            status_raw="open",
            issue_date=START + timedelta(days=i % 300),
            counterparty=Counterparty(name=f"Customer {i % 97}"),
        )
        for i in range(count)
    )
    lines = tuple(
        StatementLine(
            source_file="bank.csv",
            row=i + 2,
            date=START + timedelta(days=i % 300 + 3),
            amount=invoice.gross.amount,
            currency="GBP",
            description=f"FASTER PAYMENT {invoice.number}",
            reference=invoice.number,
        )
        for i, invoice in enumerate(invoices)
    )
    matches = tuple(
        Match(
            invoices=(invoice,),
            lines=(line,),
            score=score(i),
            signals=(),
            explanation=explanation,
            state=MatchState.AUTO if state is None else state(i),
        )
        for i, (invoice, line) in enumerate(zip(invoices, lines, strict=True))
    )
    return invoices, lines, matches
