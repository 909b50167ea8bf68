"""How long the window's session without a workspace takes to merge each import.

Run: ``PYTHONPATH=. python benchmarks/bench_session_merge.py [FILES] [LINES]``. Each file
holds LINES lines and repeats the last quarter of the file before it (an overlapping
download), as a month-end's downloads do. Only the merge is timed (the files are built in
memory, not read): an import should cost in proportion to its own file, so the last
import's time should be about the first's, however many lines are already held.
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from decimal import Decimal

from desktop_app.domain import StatementLine
from desktop_app.statements import StatementImport
from desktop_app.ui.backend.session_statements import SessionStatements

_START = date(2025, 1, 1)


def _line(name: str, row: int, index: int) -> StatementLine:
    text = f"payee {index % 700}"
    amount = Decimal(-(index % 9000) - 1) / 100
    day = _START + timedelta(days=index // 150)
    return StatementLine(name, row, day, amount, "GBP", text, "", "", raw=(str(day), text))


def _statement(number: int, count: int) -> StatementImport:
    name = f"download-{number}.csv"
    first = number * (count - count // 4)
    lines = tuple(_line(name, row + 2, first + row) for row in range(count))
    return StatementImport(name, f"{number:064x}", "csv", None, lines, account="GB00 TEST 1")


def main(files: int, count: int) -> None:
    statements = [_statement(number, count) for number in range(files)]
    session = SessionStatements()
    for statement in statements:
        start = time.perf_counter()
        imported = session.add(statement)
        took = time.perf_counter() - start
        print(
            f"{statement.source_file}: {took:.3f} s, {len(imported.kept)} kept,"
            f" {imported.repeated} repeated"
        )
    start = time.perf_counter()
    removed = session.remove(statements[0].source_file)
    took = time.perf_counter() - start
    print(f"remove {statements[0].source_file}: {took:.3f} s, {len(removed.stand_ins)} stand in")


if __name__ == "__main__":
    arguments = [int(argument) for argument in sys.argv[1:3]]
    main(*arguments) if arguments else main(6, 40_000)
