"""Test-wide set-up: headless Qt, the automatic ``gui`` marker, shared paths."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

# Before anything imports Qt: tests never open real windows, on any machine.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_REALDATA = PROJECT_ROOT.parent / "shared" / "realdata"
_REALDATA_EXPECTED = SHARED_REALDATA / "expected.json"
# The corpus is read where it lies, never copied in (its licences differ); elsewhere its
# tests skip, saying where it was looked for.
needs_realdata = pytest.mark.skipif(
    not _REALDATA_EXPECTED.exists(),
    reason=f"the shared real-data corpus is not at {SHARED_REALDATA} on this machine",
)


def realdata_entries() -> list[dict[str, Any]]:
    """The corpus's ``expected.json`` entries, or none where the corpus is absent."""
    if not _REALDATA_EXPECTED.exists():
        return []
    entries: list[dict[str, Any]] = json.loads(_REALDATA_EXPECTED.read_text(encoding="utf-8"))[
        "files"
    ]
    return entries


_QT_FIXTURES = {"qtbot", "qapp", "qtmodeltester", "qtlog"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that needs a QApplication as ``gui`` so ``-m "not gui"`` skips them."""
    for item in items:
        if _QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)
