"""A fresh workspace per test, closed afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.workspace import Workspace


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    return tmp_path / "march.reconcile"


@pytest.fixture
def workspace(workspace_path: Path) -> Iterator[Workspace]:
    with Workspace.create(workspace_path) as opened:
        yield opened
