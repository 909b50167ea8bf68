"""The accountant's decisions, read as a log, turned into what the engine must respect.

``reconcile`` takes the decisions *as a log, in the order they were made*: ACCEPT and
MANUAL_MATCH fix a pairing, REJECT forbids one (and cancels an earlier accept of it),
UNMATCH cancels an earlier ACCEPT or MANUAL_MATCH of the same pairing, ENGINE_MATCH is audit
only. A pairing is the set of invoices with the set of lines, in any order. Decisions that
name an invoice or line not in this run (not fetched, statement not loaded) are set aside,
not applied, and counted in the result's settings under ``decisions_not_applied``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from desktop_app.domain.decision import Decision, DecisionKind
from desktop_app.domain.invoice import InvoiceKey
from desktop_app.domain.match import MatchState
from desktop_app.domain.statement import LineKey

Pairing = tuple[frozenset[InvoiceKey], frozenset[LineKey]]
IndexPairing = tuple[tuple[int, ...], tuple[int, ...]]  # (lines, invoices), sorted


@dataclass
class EffectiveDecisions:
    """Fixed pairings (with ACCEPTED or MANUAL) and forbidden ones, as engine indices."""

    fixed: list[tuple[IndexPairing, MatchState]] = field(default_factory=list)
    rejected: set[IndexPairing] = field(default_factory=set)
    not_applied: int = 0

    @property
    def fixed_lines(self) -> set[int]:
        return {line for (lines, _), _ in self.fixed for line in lines}

    @property
    def fixed_invoices(self) -> set[int]:
        return {inv for (_, invoices), _ in self.fixed for inv in invoices}


def replay(decisions: Iterable[Decision]) -> tuple[dict[Pairing, MatchState], set[Pairing]]:
    """The decision log reduced to its effect: fixed pairings in order, rejected pairings."""
    fixed: dict[Pairing, MatchState] = {}
    rejected: set[Pairing] = set()
    for decision in decisions:
        pairing = decision.pairing
        if decision.kind in (DecisionKind.ACCEPT, DecisionKind.MANUAL_MATCH):
            state = (
                MatchState.ACCEPTED if decision.kind is DecisionKind.ACCEPT else MatchState.MANUAL
            )
            fixed.pop(pairing, None)  # re-deciding moves it to the end, as in the log
            fixed[pairing] = state
            rejected.discard(pairing)
        elif decision.kind is DecisionKind.REJECT:
            fixed.pop(pairing, None)
            rejected.add(pairing)
        elif decision.kind is DecisionKind.UNMATCH:
            fixed.pop(pairing, None)
    return fixed, rejected


def resolve(
    decisions: Iterable[Decision],
    invoice_index: Mapping[InvoiceKey, int],
    line_index: Mapping[LineKey, int],
) -> EffectiveDecisions:
    fixed, rejected = replay(decisions)
    result = EffectiveDecisions()
    for pairing, state in fixed.items():
        indices = _indices(pairing, invoice_index, line_index)
        if indices is None:
            result.not_applied += 1
        else:
            result.fixed.append((indices, state))
    for pairing in sorted(rejected, key=_sort_key):
        indices = _indices(pairing, invoice_index, line_index)
        if indices is None:
            result.not_applied += 1
        else:
            result.rejected.add(indices)
    return result


def _indices(
    pairing: Pairing, invoice_index: Mapping[InvoiceKey, int], line_index: Mapping[LineKey, int]
) -> IndexPairing | None:
    invoices, lines = pairing
    if not all(key in invoice_index for key in invoices):
        return None
    if not all(key in line_index for key in lines):
        return None
    return (
        tuple(sorted(line_index[key] for key in lines)),
        tuple(sorted(invoice_index[key] for key in invoices)),
    )


def _sort_key(pairing: Pairing) -> tuple[list[str], list[str]]:
    invoices, lines = pairing
    return sorted(map(str, invoices)), sorted(map(str, lines))
