"""A month the real engine matches, with decisions of every kind, for the landing tests.

The scenario world's 400 invoices and 2,000 lines (clean payments, batches, splits,
short and duplicate payments, currency mismatches, credit notes, payables and
receivables, noise), plus Versori invoices in euros paid from a euro account, one of them
in dollars (a currency it is not agreed in): several currencies, providers and
directions for the Overview's chart. Then matching runs again with decisions: some of
the engine's matches accepted, some rejected (listed again as REJECTED rows), an invoice
matched by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from desktop_app.domain import (
    Decision,
    DecisionKind,
    Direction,
    DiscrepancyType,
    Invoice,
    MatchState,
    Reconciliation,
    StatementLine,
)
from desktop_app.matching.engine import reconcile
from desktop_app.matching.scenarios import generate_scenario
from tests.ui import factories as f

SEED = 3
AT = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class World:
    invoices: tuple[Invoice, ...]
    lines: tuple[StatementLine, ...]
    decisions: tuple[Decision, ...]
    run: Reconciliation  # made with ``decisions``


def world(invoices: int = 400, lines: int = 2_000) -> World:
    scenario = generate_scenario(seed=SEED, invoices=invoices, lines=lines)
    euros = tuple(
        f.invoice(900 + i, f"{120 + i}.00", provider="Versori", currency="EUR") for i in range(6)
    )
    paid = tuple(
        f.line(
            2 + i,
            f"-{120 + i}.00",
            source="euro.csv",
            currency="EUR",
            description=f"Payment INV-{900 + i:05d}",
        )
        for i in range(5)
    )
    dollars = f.line(9, "-125.00", source="euro.csv", currency="USD", description="INV-00905")
    held = (*scenario.invoices, *euros)
    statement = (*scenario.lines, *paid, dollars)
    first = reconcile(held, statement, scenario.settings)
    decisions = _decisions(first)
    run = reconcile(held, statement, scenario.settings, decisions)
    return World(held, statement, decisions, run)


def _decisions(run: Reconciliation) -> tuple[Decision, ...]:
    """Three of the run's matches accepted, three rejected (suggestions where there are
    any), and an unpaid invoice matched by hand with a line no match holds."""
    auto = [m for m in run.matches if m.state is MatchState.AUTO and len(m.invoices) == 1]
    offered = [m for m in run.matches if m.state is MatchState.SUGGESTED]
    rejected = (offered + auto[10:])[:3]
    decided = [
        *(_decision(DecisionKind.ACCEPT, m.invoices, m.lines) for m in auto[:3]),
        *(_decision(DecisionKind.REJECT, m.invoices, m.lines) for m in rejected),
    ]
    unpaid = next(
        d.invoice
        for d in run.discrepancies
        if d.type is DiscrepancyType.UNPAID_INVOICE
        and d.invoice is not None
        and d.invoice.direction is Direction.PAYABLE
    )
    taken = {key for m in run.matches for key in m.line_keys}
    spare = next(line for line in run.lines if line.key not in taken and line.amount < 0)
    decided.append(_decision(DecisionKind.MANUAL_MATCH, (unpaid,), (spare,)))
    return tuple(decided)


def _decision(
    kind: DecisionKind, invoices: tuple[Invoice, ...], lines: tuple[StatementLine, ...]
) -> Decision:
    return Decision(
        kind,
        tuple(i.key for i in invoices),
        tuple(line.key for line in lines),
        "by the test",
        "tester",
        AT,
    )
