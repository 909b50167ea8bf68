"""``desktop-app --demo`` end to end in a child process: sandbox, samples, match, clean exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

CHILD = """
import sys
from PySide6.QtCore import QTimer
from desktop_app.app import run_demo, when_reconciled

def then(window):
    def report():
        try:
            session = window.session
            print("providers", sorted({i.provider for i in session.invoices}), flush=True)
            print("statements", sorted({l.source_file for l in session.lines}), flush=True)
            print("matches", len(session.matches), flush=True)
            print("banners", len(window.banners.banners()), flush=True)
            first = min(l.date for l in session.lines)
            last = max(l.date for l in session.lines)
            outside = [i for i in session.invoices if not first <= i.reference_date <= last]
            print("invoices", len(session.invoices), "outside the period", len(outside), flush=True)
        finally:  # an error above must fail the test, not hang it
            window.close()

    when_reconciled(window, lambda _: QTimer.singleShot(0, report))

sys.exit(run_demo(then=then))
"""


@pytest.mark.sandbox
@pytest.mark.slow
def test_demo_fetches_imports_matches_and_exits_cleanly(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(PROJECT_ROOT),
        "HOME": str(tmp_path),  # the demo must not need (or touch) the user's own folders
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    result = subprocess.run(
        [sys.executable, "-W", "error::ResourceWarning", "-c", CHILD],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "providers ['Content Ignite', 'Elevate Billing', 'Versori']" in out
    assert "statements ['current-account-1.csv', 'current-account-2.xlsx']" in out
    matches = int(out.split("matches ")[1].split()[0])
    assert matches > 0
    assert "banners 0" in out
    invoices = int(out.split("invoices ")[1].split()[0])
    assert invoices >= matches
    assert "outside the period 0" in out  # the statements' period, as `reconcile` fetches
    noise = [line for line in result.stderr.splitlines() if "propagateSizeHints" not in line]
    assert noise == [], "\n".join(noise)
    assert not (tmp_path / "data").exists()  # no workspace left in the user's data folder
