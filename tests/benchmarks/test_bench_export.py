"""The export benchmark's baseline must write the cells the report writes, plainly.

It is compared with the report in the same run, so it is only honest while it writes
the same rows; and it calls the sheets' row functions itself, so a change to one of
their signatures broke it unseen (``matches_sheet.rows`` gained its index). Checked on
the benchmark's own data, small, with no timing.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from openpyxl import load_workbook

from tests.conftest import PROJECT_ROOT

SHEETS = ("Discrepancies", "Matches", "Invoices", "Statement lines")


def _bench_export() -> ModuleType:
    path = PROJECT_ROOT / "benchmarks" / "bench_export.py"
    spec = importlib.util.spec_from_file_location("bench_export", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _row_counts(path: Path) -> dict[str, int]:
    book = load_workbook(path, read_only=True)
    try:
        return {name: sum(1 for _ in book[name].iter_rows()) for name in SHEETS}
    finally:
        book.close()


def test_the_baseline_writes_as_many_rows_as_the_report(tmp_path: Path) -> None:
    bench = _bench_export()
    reconciliation = bench.build(60)
    bench.run_baseline(reconciliation, tmp_path / "baseline.xlsx")
    bench.run_report(reconciliation, tmp_path / "report.xlsx")
    baseline = _row_counts(tmp_path / "baseline.xlsx")
    assert baseline == _row_counts(tmp_path / "report.xlsx")
    assert all(count > 1 for count in baseline.values())
