"""``desktop-app reconcile``: a provider kept waiting is said after "fetching invoices".

The run said "fetching invoices …" and then nothing for the minutes a provider that never
answers takes to fail (tester k, finding 9). The provider layer's "still waiting" notices
(``tests.providers.test_waiting_notices``) reach the run's stderr, without --verbose.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import desktop_app.providers.base as provider_base
from desktop_app.cli import main
from tests.pipeline.conftest import World
from tests.providers.test_waiting_notices import WAITING_POLICY

pytestmark = pytest.mark.sandbox


def test_reconcile_says_which_provider_it_is_still_waiting_for(
    sandbox_env: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(provider_base, "HttpPolicy", lambda: WAITING_POLICY)
    sandbox_env.sandbox.faults.inject(
        "content_ignite", "slow", path_contains="/v1/billing/invoice", delay=1.5, times=1
    )
    out = tmp_path / "report.xlsx"
    arguments = ["--config", str(sandbox_env.config), "--statement", str(sandbox_env.csv_path)]
    assert main(["reconcile", *arguments, "--out", str(out), "--currency", "GBP"]) == 0
    lines = capsys.readouterr().err.splitlines()
    fetching = next(n for n, line in enumerate(lines) if "fetching invoices" in line)
    # (Another provider slowed by a busy machine may be said too: not this test's.)
    waiting = [n for n, line in enumerate(lines) if "still waiting for Content" in line]
    assert waiting
    assert min(waiting) > fetching
    said = [lines[n] for n in waiting]
    assert said[0] == (
        "desktop-app: still waiting for Content Ignite (sandbox): no answer yet after 0.2 s "
        "(attempt 1 of 3) …"
    )
    assert re.fullmatch(
        r"desktop-app: still waiting for Content Ignite \(sandbox\): no answer within 0\.6 s "
        r"\(read timeout\); trying again in 0\.\d s \(attempt 2 of 3\) …",
        said[1],
    )
    assert len(said) == 2
    assert out.exists()
    for secret in sandbox_env.sandbox.secret_environment().values():
        assert not [line for line in said if secret in line]
