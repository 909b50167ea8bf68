"""The import benchmark's comparators must do the work they stand for.

``essential_csv_import`` is printed as the floor under the csv goal: it is only honest
while it hands over the very lines the import does, so it is checked against the import
on the benchmark's own file (small, no timing).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from desktop_app.statements import import_statement
from tests.conftest import PROJECT_ROOT


def _bench_import() -> ModuleType:
    path = PROJECT_ROOT / "benchmarks" / "bench_import.py"
    spec = importlib.util.spec_from_file_location("bench_import", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fields(line: object) -> tuple[object, ...]:
    names = ("row", "date", "amount", "currency", "description", "reference")
    rest = ("counterparty", "value_date", "balance", "raw", "source_file")
    return tuple(getattr(line, name) for name in (*names, *rest))


def test_the_essentials_build_the_lines_the_import_builds(tmp_path: Path) -> None:
    bench = _bench_import()
    _, text = bench.write_files(tmp_path, 1500)

    imported = import_statement(text).lines
    essential = bench.essential_csv_import(text)

    assert len(essential) == len(imported) == 1500
    assert list(map(_fields, essential)) == list(map(_fields, imported))


def test_the_essentials_refuse_an_amount_they_cannot_read(tmp_path: Path) -> None:
    bench = _bench_import()
    _, text = bench.write_files(tmp_path, 50)
    lines = text.read_text(encoding="utf-8").splitlines()
    cells = lines[7].split(",")
    cells[4] = "1e3"  # Decimal reads it; the plain-number check must not
    lines[7] = ",".join(cells)
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(ValueError, match="amount"):
        bench.essential_csv_import(text)
