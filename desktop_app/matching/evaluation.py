"""Precision and recall of a reconciliation against a scenario's ground truth.

Matches are compared as (invoice, line) pairs of the reconciling matches (automatic,
accepted, manual): a suggestion awaiting review has not matched anything yet. Discrepancies
are compared by (type, invoice, lines).
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.discrepancy import DiscrepancyType
from desktop_app.domain.reconciliation import Reconciliation
from desktop_app.matching.scenarios import Scenario

MATCHES = "matches"


@dataclass(frozen=True)
class Quality:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def support(self) -> int:
        return self.true_positives + self.false_negatives


def _quality(found: set[object], expected: set[object]) -> Quality:
    hits = len(found & expected)
    return Quality(hits, len(found) - hits, len(expected) - hits)


def evaluate(scenario: Scenario, result: Reconciliation) -> dict[str, Quality]:
    """``"matches"`` and one entry per discrepancy type."""
    pairs: set[object] = {
        (invoice, line)
        for match in result.reconciling_matches()
        for invoice in match.invoice_keys
        for line in match.line_keys
    }
    qualities = {MATCHES: _quality(pairs, set(scenario.expected_pairs()))}
    for kind in DiscrepancyType:
        found: set[object] = {
            (d.type, d.invoice.key if d.invoice else None, frozenset(line.key for line in d.lines))
            for d in result.discrepancies
            if d.type is kind
        }
        expected: set[object] = {
            d.identity for d in scenario.expected_discrepancies if d.type is kind
        }
        qualities[kind.value] = _quality(found, expected)
    return qualities
