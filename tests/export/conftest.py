from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.export import write_report
from tests.export.readback import Report, read_report
from tests.export.scenario import CONTEXT, RECONCILIATION


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    path = tmp_path_factory.mktemp("report") / "report.xlsx"
    written = write_report(RECONCILIATION, path, context=CONTEXT)
    assert written == path
    return read_report(path)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "report.xlsx"
