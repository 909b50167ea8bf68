"""Workspace speed against plain sqlite3 doing the same writes and reads in the same run.

Run: ``PYTHONPATH=. python benchmarks/workspace_bench.py [LINES]``. The baseline inserts and
selects the same rows with bare ``sqlite3`` (same pragmas, no domain objects, no duplicate
detection), so the ratio is the cost of what the workspace adds on top of storage.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from desktop_app.domain import DecisionKind
from desktop_app.workspace import Workspace
from desktop_app.workspace.statement_store import _line_row, with_occurrences
from tests.workspace.factories import decision, line, sha

DECISIONS = 200


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _baseline_connection(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("locking_mode = EXCLUSIVE", "journal_mode = WAL", "synchronous = FULL"):
        connection.execute(f"PRAGMA {pragma}")
    connection.execute(
        "CREATE TABLE lines (statement_id, source_file, row, date, amount, currency,"
        " description, reference, counterparty, value_date, balance, raw, identity,"
        " occurrence, account, UNIQUE (source_file, row))"
    )
    connection.execute("CREATE TABLE log (kind, at, user, reason)")
    return connection


def main(count: int) -> None:
    folder = Path(tempfile.mkdtemp())
    lines = [
        line(r, f"-{r}.25", day=1 + r % 28, description=f"payee {r % 500}")
        for r in range(2, count + 2)
    ]
    rows = [_line_row(1, item, identity, n, "") for item, identity, n in with_occurrences(lines)]
    baseline = _baseline_connection(folder / "baseline.sqlite")

    def baseline_insert() -> None:
        baseline.execute("BEGIN")
        baseline.executemany(f"INSERT INTO lines VALUES ({', '.join('?' * 15)})", rows)
        baseline.execute("COMMIT")

    def baseline_decisions() -> None:
        for n in range(DECISIONS):
            baseline.execute("BEGIN IMMEDIATE")
            baseline.execute("INSERT INTO log VALUES ('accept', 'now', 'me', ?)", (str(n),))
            baseline.execute("COMMIT")

    with Workspace.create(folder / "bench.reconcile") as workspace:
        figures = {
            f"add_statement, {count} lines": (
                _timed(lambda: workspace.add_statement("march.csv", sha("b"), {}, lines)),
                _timed(baseline_insert),
            ),
            f"load_lines, {count} lines": (
                _timed(workspace.load_lines),
                _timed(lambda: baseline.execute("SELECT * FROM lines").fetchall()),
            ),
            f"record_decision x {DECISIONS}": (
                _timed(
                    lambda: [
                        workspace.record_decision(
                            decision(DecisionKind.ACCEPT, (f"I{n}",), (n + 2,))
                        )
                        for n in range(DECISIONS)
                    ]
                ),
                _timed(baseline_decisions),
            ),
        }
    baseline.close()
    for name, (ours, plain) in figures.items():
        print(
            f"{name:34} workspace {ours:7.3f} s   bare sqlite3 {plain:7.3f} s   x{ours / plain:5.1f}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
