"""The scenario generator's ground truth, and the engine's precision and recall against it.

Figures are pooled over several seeds so that rare situations (a void invoice paid, a
currency mismatch) have enough cases for a 0.98 bar to mean something.
"""

from __future__ import annotations

from functools import cache

import pytest

from desktop_app.domain import DiscrepancyType, Reconciliation
from desktop_app.matching import reconcile
from desktop_app.matching.evaluation import MATCHES, Quality, evaluate
from desktop_app.matching.scenarios import CASE_WEIGHTS, Scenario, generate_scenario

SEEDS = (11, 12, 13, 14)
SIZE = 1500


@cache
def runs() -> tuple[tuple[Scenario, Reconciliation], ...]:
    result = []
    for seed in SEEDS:
        scenario = generate_scenario(seed=seed, invoices=SIZE)
        result.append((scenario, reconcile(scenario.invoices, scenario.lines, scenario.settings)))
    return tuple(result)


def pooled(aspect: str) -> Quality:
    parts = [evaluate(scenario, result)[aspect] for scenario, result in runs()]
    return Quality(
        sum(p.true_positives for p in parts),
        sum(p.false_positives for p in parts),
        sum(p.false_negatives for p in parts),
    )


def test_generation_is_deterministic_and_sized() -> None:
    first, again = generate_scenario(seed=3, invoices=200), generate_scenario(seed=3, invoices=200)
    assert first == again
    assert generate_scenario(seed=4, invoices=200).lines != first.lines
    assert len(first.invoices) >= 200
    assert len(first.lines) == 600
    assert len(generate_scenario(seed=3, invoices=200, lines=10).lines) > 10  # payments first


def test_ground_truth_refers_to_what_was_generated() -> None:
    scenario = generate_scenario(seed=5, invoices=300)
    invoice_keys = {invoice.key for invoice in scenario.invoices}
    line_keys = {line.key for line in scenario.lines}
    assert len(line_keys) == len(scenario.lines)
    for match in scenario.expected_matches:
        assert match.invoice_keys <= invoice_keys
        assert match.line_keys <= line_keys
    for item in scenario.expected_discrepancies:
        assert item.line_keys <= line_keys
        assert item.invoice_key is None or item.invoice_key in invoice_keys


@pytest.mark.slow
def test_every_situation_is_covered() -> None:
    cases = {item.case for scenario, _ in runs() for item in scenario.expected_matches}
    cases |= {item.case for scenario, _ in runs() for item in scenario.expected_discrepancies}
    assert set(CASE_WEIGHTS) - {"unpaid", "status_conflict", "void_paid", "not_expected"} <= cases
    assert {"unpaid", "status_conflict", "void_paid", "noise"} <= cases


@pytest.mark.slow
@pytest.mark.parametrize("aspect", [MATCHES, *(kind.value for kind in DiscrepancyType)])
def test_precision_and_recall_are_at_least_98_percent(aspect: str) -> None:
    quality = pooled(aspect)
    assert quality.support >= 40, f"{aspect}: too few cases for the figure to mean anything"
    assert quality.precision >= 0.98, f"{aspect}: {quality}"
    assert quality.recall >= 0.98, f"{aspect}: {quality}"
