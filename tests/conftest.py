"""Test-wide set-up: headless Qt, the automatic ``gui`` marker, shared paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before anything imports Qt: tests never open real windows, on any machine.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_REALDATA = PROJECT_ROOT.parent / "shared" / "realdata"

_QT_FIXTURES = {"qtbot", "qapp", "qtmodeltester", "qtlog"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that needs a QApplication as ``gui`` so ``-m "not gui"`` skips them."""
    for item in items:
        if _QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)
