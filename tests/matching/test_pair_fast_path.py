"""The one-line one-invoice fast path writes exactly what the general path writes.

``pair_signals`` and ``pair_explanation`` look notes up by the few values that determine
them instead of writing them per match; this runs the engine both ways on a generated
scenario and compares every match's signals and explanation, and every discrepancy.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from desktop_app.domain import Reconciliation
from desktop_app.matching import explain, outcome
from desktop_app.matching.engine import reconcile
from desktop_app.matching.scenarios import generate_scenario

ONE_TO_ONE = SimpleNamespace(lines=(0,), invoices=(0,))  # all explanation_of reads of it


def _run(seed: int) -> Reconciliation:
    scenario = generate_scenario(seed=seed, invoices=400)
    return reconcile(scenario.invoices, scenario.lines)


def _written(result: Reconciliation) -> list[object]:
    matches = [(m.invoice_keys, m.line_keys, m.signals, m.explanation) for m in result.matches]
    return [*matches, *result.discrepancies]


@pytest.mark.parametrize("seed", [3, 11])
def test_the_pair_fast_path_equals_the_general_path(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    fast = _run(seed)
    pairs = [m for m in fast.matches if len(m.invoices) == 1 and len(m.lines) == 1]
    assert len(pairs) > 100  # the path under test really ran

    def general_explanation(ctx: object, signals: object, prefix: str = "") -> str:
        return explain.explanation_of(ONE_TO_ONE, signals, prefix)  # type: ignore[arg-type]

    monkeypatch.setattr(outcome, "pair_signals", explain.general_signals)
    monkeypatch.setattr(outcome, "pair_explanation", general_explanation)
    assert _written(_run(seed)) == _written(fast)
