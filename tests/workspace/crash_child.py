"""A process that writes to a workspace as fast as it can until it is killed.

Run as ``python -m tests.workspace.crash_child WORKSPACE ROUND``. After each commit it
prints one line saying what was committed (and flushes), so the parent knows exactly what
must survive: ``invoices VERSION``, ``statement NAME LINES`` or
``decision ID KIND INVOICE FILE ROW``.
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal

from desktop_app.domain import (
    Decision,
    DecisionKind,
    Invoice,
    InvoiceKey,
    LineItem,
    LineKey,
    Money,
    StatementLine,
)
from desktop_app.workspace import Workspace
from tests.workspace.factories import PROVIDER, sha, simple_invoice

LINES_PER_STATEMENT = 5


def invoices_for(round_number: int, iteration: int) -> list[Invoice]:
    """A deterministic fetch that changes amounts, statuses, line items and membership."""
    count = 20 + iteration % 10
    gross = Money(Decimal(f"{100 + iteration}.{round_number:02d}"), "GBP")
    items = tuple(
        LineItem(f"item {n}", Money(Decimal(f"{n}.01"), "GBP")) for n in range(iteration % 3)
    )
    return [
        simple_invoice(f"INV-{n:03d}", str(gross.amount + n), line_items=items)
        for n in range(count)
    ]


def statement_lines(name: str, iteration: int) -> list[StatementLine]:
    return [
        StatementLine(
            name,
            row,
            date(2025, 1, 1 + iteration % 28),
            Decimal(f"-{row}.{iteration:02d}"),
            "GBP",
            f"{name} payment {row}",
        )
        for row in range(2, 2 + LINES_PER_STATEMENT)
    ]


def decision_for(round_number: int, iteration: int) -> Decision:
    """Accept, then undo it with an unmatch, alternately, on an even iteration's line."""
    kind = DecisionKind.ACCEPT if iteration % 2 == 0 else DecisionKind.UNMATCH
    accepted = iteration - iteration % 2
    return Decision(
        kind,
        (InvoiceKey(PROVIDER, f"INV-{accepted % 20:03d}"),),
        (LineKey(f"r{round_number}-{accepted}.csv", 2),),
        reason=f"round {round_number} iteration {iteration}",
    )


def main(path: str, round_number: int) -> None:
    with Workspace.open(path) as workspace:
        print("ready", flush=True)
        iteration = 0
        while True:
            workspace.save_invoices(PROVIDER, invoices_for(round_number, iteration))
            print(f"invoices {round_number} {iteration}", flush=True)
            name = f"r{round_number}-{iteration}.csv"
            lines = statement_lines(name, iteration)
            workspace.add_statement(name, sha(name), {"round": round_number}, lines)
            print(f"statement {name} {len(lines)}", flush=True)
            entry = workspace.record_decision(decision_for(round_number, iteration))
            (invoice,) = entry.decision.invoice_keys
            (line,) = entry.decision.line_keys
            print(
                f"decision {entry.id} {entry.decision.kind} {invoice.invoice_id} "
                f"{line.source_file} {line.row}",
                flush=True,
            )
            iteration += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
