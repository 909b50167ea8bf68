"""``desktop-app --demo --self-test``: the installation check the packaged app also runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli import main
from tests.conftest import PROJECT_ROOT


@pytest.mark.sandbox
@pytest.mark.slow
def test_self_test_opens_the_window_reconciles_and_exits_zero(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(PROJECT_ROOT),
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--demo", "--self-test"],
        capture_output=True, text=True, env=env, cwd=PROJECT_ROOT, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("self-test: window shown;")
    assert "0 error banners" in summary
    assert int(summary.split(" matches")[0].rsplit(" ", 1)[1]) > 0


def test_self_test_without_the_demo_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--self-test"]) == 2
    assert "--demo --self-test" in capsys.readouterr().err
