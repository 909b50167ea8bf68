"""Look-ups over a reconciliation, built in one pass.

``Reconciliation.invoice_state`` scans every match per call, which is fine for one row in
the UI and quadratic for a 100,000-invoice sheet. The index answers the same questions in
constant time; tests check it agrees with the domain's answers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TypeVar

from desktop_app.domain import (
    STATE_RANK,
    DiscrepancyType,
    InvoiceKey,
    LineKey,
    Match,
    MatchState,
    Reconciliation,
)

K = TypeVar("K")


def listed_matches(reconciliation: Reconciliation) -> list[Match]:
    """Matches the Matches sheet lists: all but the pairings the accountant rejected."""
    return [match for match in reconciliation.matches if match.state is not MatchState.REJECTED]


@dataclass(frozen=True, slots=True)
class ReconciliationIndex:
    invoice_states: dict[InvoiceKey, MatchState]
    line_states: dict[LineKey, MatchState]
    lines_of_invoice: dict[InvoiceKey, list[LineKey]]
    invoices_of_line: dict[LineKey, list[InvoiceKey]]
    types_of_invoice: dict[InvoiceKey, list[DiscrepancyType]]
    types_of_line: dict[LineKey, list[DiscrepancyType]]

    @classmethod
    def build(cls, reconciliation: Reconciliation) -> ReconciliationIndex:
        invoice_states: dict[InvoiceKey, MatchState] = {}
        line_states: dict[LineKey, MatchState] = {}
        lines_of_invoice: defaultdict[InvoiceKey, list[LineKey]] = defaultdict(list)
        invoices_of_line: defaultdict[LineKey, list[InvoiceKey]] = defaultdict(list)
        for match in reconciliation.matches:
            for invoice_key in match.invoice_keys:
                _keep_strongest(invoice_states, invoice_key, match.state)
            for line_key in match.line_keys:
                _keep_strongest(line_states, line_key, match.state)
        for match in listed_matches(reconciliation):
            for invoice_key in match.invoice_keys:
                lines_of_invoice[invoice_key].extend(match.line_keys)
            for line_key in match.line_keys:
                invoices_of_line[line_key].extend(match.invoice_keys)
        types_of_invoice: defaultdict[InvoiceKey, list[DiscrepancyType]] = defaultdict(list)
        types_of_line: defaultdict[LineKey, list[DiscrepancyType]] = defaultdict(list)
        for discrepancy in reconciliation.discrepancies:
            if discrepancy.invoice is not None:
                types_of_invoice[discrepancy.invoice.key].append(discrepancy.type)
            for member in discrepancy.group:  # a batch's shortfall is each invoice's to see
                types_of_invoice[member.key].append(discrepancy.type)
            for line in discrepancy.lines:
                types_of_line[line.key].append(discrepancy.type)
        return cls(
            invoice_states,
            line_states,
            dict(lines_of_invoice),
            dict(invoices_of_line),
            dict(types_of_invoice),
            dict(types_of_line),
        )


def _keep_strongest(states: dict[K, MatchState], key: K, state: MatchState) -> None:
    current = states.get(key)
    if current is None or STATE_RANK[state] > STATE_RANK[current]:
        states[key] = state
