"""The engine's shortcuts change how much work it does, never what it finds.

Each test runs the engine on generated scenarios with a shortcut switched off and compares
every match (pairing, score, signals, explanation, state, runner-up) and every discrepancy
with the run that takes it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from desktop_app.domain import Reconciliation
from desktop_app.matching import assignment
from desktop_app.matching.candidates import CandidateSearch
from desktop_app.matching.engine import reconcile
from desktop_app.matching.scenarios import generate_scenario
from desktop_app.matching.scoring import Hypothesis

SEEDS = [3, 11]


def _run(seed: int) -> Reconciliation:
    scenario = generate_scenario(seed=seed, invoices=400)
    return reconcile(scenario.invoices, scenario.lines, scenario.settings)


def _written(result: Reconciliation) -> list[object]:
    matches = [
        (m.invoice_keys, m.line_keys, m.score, m.signals, m.explanation, m.state, m.runner_up)
        for m in result.matches
    ]
    return [*matches, *result.discrepancies]


class _Everything:
    """Rules nothing out: every line names something and has an invoice's exact amount."""

    def isdisjoint(self, other: Iterable[object]) -> bool:
        return False

    def __contains__(self, item: object) -> bool:
        return True


@pytest.mark.parametrize("seed", SEEDS)
def test_ruling_lines_out_early_finds_what_searching_every_line_finds(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Noise lines are told apart by one set check on their words and one lookup of their
    amount; searching every line in full must give the same run."""
    with_shortcut = _run(seed)
    searched: list[CandidateSearch] = []
    prepare = CandidateSearch.__init__

    def without_shortcut(self: CandidateSearch, *args: object) -> None:
        prepare(self, *args)  # type: ignore[arg-type]
        self._telling = self._buckets = _Everything()  # type: ignore[assignment]
        searched.append(self)

    monkeypatch.setattr(CandidateSearch, "__init__", without_shortcut)
    assert _written(_run(seed)) == _written(with_shortcut)
    assert searched  # the search without the shortcut really ran


@pytest.mark.parametrize("seed", SEEDS)
def test_settling_uncontested_pairings_alone_equals_solving_them(
    monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Pairings that share no line or invoice with another are settled without sorting,
    grouping or pruning; sending every one through the general solver must agree."""
    with_shortcut = _run(seed)
    split = assignment._split_uncontested
    alone_counts: list[int] = []

    def all_contested(
        hypotheses: list[Hypothesis], fixed: set[int]
    ) -> tuple[list[Hypothesis], list[Hypothesis]]:
        alone, _ = split(hypotheses, fixed)
        alone_counts.append(len(alone))
        return [], list(hypotheses)

    monkeypatch.setattr(assignment, "_split_uncontested", all_contested)
    assert _written(_run(seed)) == _written(with_shortcut)
    assert sum(alone_counts) > 100  # the shortcut has work to skip in these scenarios
