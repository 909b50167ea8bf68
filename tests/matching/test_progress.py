"""Long runs report progress and stop when asked, leaving the process as they found it."""

from __future__ import annotations

import gc

import pytest

from desktop_app.domain import CancelToken, OperationCancelledError
from desktop_app.matching import reconcile
from desktop_app.matching.scenarios import generate_scenario


def test_progress_is_reported_and_finishes_each_stage() -> None:
    scenario = generate_scenario(seed=1, invoices=60)
    reports: list[tuple[int, int | None, str]] = []
    reconcile(
        scenario.invoices, scenario.lines, scenario.settings, progress=lambda *r: reports.append(r)
    )
    messages = [message for _, _, message in reports]
    assert messages[0] == "preparing invoices and statement lines"
    assert "scoring statement lines against invoices" in messages
    assert messages[-1] == "explaining matches and checking discrepancies"
    scored = [(done, total) for done, total, m in reports if m.startswith("scoring")]
    assert scored[-1] == (len(scenario.lines), len(scenario.lines))


def test_a_cancelled_run_stops_with_the_collector_restored() -> None:
    scenario = generate_scenario(seed=1, invoices=60)
    token = CancelToken()

    def cancel_midway(done: int, total: int | None, message: str) -> None:
        if message.startswith("scoring"):
            token.cancel()

    assert gc.isenabled()
    with pytest.raises(OperationCancelledError):
        reconcile(scenario.invoices, scenario.lines, progress=cancel_midway, cancel=token)
    assert gc.isenabled()


def test_duplicate_keys_are_refused_unless_they_are_the_same_object() -> None:
    scenario = generate_scenario(seed=2, invoices=20)
    first = scenario.invoices[0]
    reconcile([*scenario.invoices, first], scenario.lines)  # the very same invoice twice: fine
    changed = type(first)(**{**{f: getattr(first, f) for f in first.__slots__}, "number": "X-1"})  # type: ignore[attr-defined]
    with pytest.raises(
        ValueError,
        match=f"two different invoices share the key {first.provider}:{first.invoice_id}",
    ):
        reconcile([*scenario.invoices, changed], scenario.lines)
