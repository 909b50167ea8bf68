"""Statement removal against plain SQL doing the bare minimum, in the same run.

Writes four csv statements of one account and imports them with the app's importer into
a workspace: ``early.csv`` and ``late.csv`` (``--lines`` each) overlap by half, so the
later one's first half is stored as repeats of the earlier one's lines; ``other.csv``
(``--lines``) and ``small.csv`` (500 lines) share nothing. ``--decisions`` accepts and
rejections are recorded on ``early.csv``'s lines, half of them on the shared movements
(carried over on removal). Each timing runs on a fresh copy of that workspace and is the
best of ``--repeat``, in wall-clock and in processor seconds (steadier on a busy machine):

- removing ``other.csv`` (no overlap) against a bare ``DELETE`` of its rows with sqlite3
  (the same file and pragmas, no decisions, no audit trail) and against importing the
  same lines again (``add_statement``, what a removal is usually followed by);
- removing ``small.csv`` against the bare ``DELETE`` of its rows: what is left when a
  statement's lines are found without reading all the others;
- removing ``early.csv``, whose shared half moves to ``late.csv``'s copies, against the
  same bare ``DELETE`` of its rows plus moving the copies with one ``INSERT ... SELECT``;
- looking ``late.csv`` up with and without its repeats (``statement_by``).

    PYTHONPATH=. python benchmarks/bench_remove_statement.py [--lines 50000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop_app.domain import Decision, DecisionKind, InvoiceKey, StatementLine
from desktop_app.statements import import_statement
from desktop_app.workspace import Workspace
from desktop_app.workspace.statement_store import LINE_COLUMNS, file_sha256, statement_by

# Wall-clock and processor seconds: on a busy machine the second varies much less.
Times = tuple[float, float]
HEADER = ["Booking date", "Description", "Reference", "Amount", "Currency"]
ACCOUNT = "DE89370400440532013000"
SMALL = 500


def write_statement(path: Path, first: int, count: int) -> None:
    """Movements ``first`` to ``first + count - 1``: each its own, a hundred a day."""
    start = dt.date(2020, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for index in range(first, first + count):
            day = start + dt.timedelta(days=index // 100)
            amount = Decimal(random.Random(index).randint(-250000, 250000)) / 100
            writer.writerow(
                [
                    day.strftime("%d/%m/%Y"),
                    f"Payment {index} to Supplier {index % 977} Ltd",
                    f"INV-{index:07d}",
                    str(amount),
                    "EUR",
                ]
            )


def build(folder: Path, lines: int, decisions: int) -> tuple[Path, list[StatementLine]]:
    """The workspace described above; returns it and ``other.csv``'s lines."""
    files = {
        "early.csv": 0,
        "late.csv": lines // 2,
        "other.csv": 10 * lines,
        "small.csv": 20 * lines,
    }
    imported: dict[str, list[StatementLine]] = {}
    path = folder / "bench.reconcile"
    with Workspace.create(path) as workspace:
        for name, first in files.items():
            source = folder / name
            write_statement(source, first, SMALL if name == "small.csv" else lines)
            result = import_statement(source)
            imported[name] = list(result.lines)
            workspace.add_statement(
                name, file_sha256(source), {"format": "csv"}, result.lines, account=ACCOUNT
            )
        early = imported["early.csv"]
        chosen = early[:: max(1, len(early) // decisions)][:decisions]
        with workspace.batch():
            for n, line in enumerate(chosen):
                kind = DecisionKind.REJECT if n % 3 == 0 else DecisionKind.ACCEPT
                invoice = InvoiceKey("Bench", f"INV-{n}")
                workspace.record_decision(Decision(kind, (invoice,), (line.key,), user="bench"))
    return path, imported["other.csv"]


def timed(repeat: int, built: Path, action: Callable[[Path], Times]) -> Times:
    """The fastest of ``repeat`` runs of ``action``, each on a fresh copy of ``built``;
    ``action`` times itself (``Clock``), leaving out opening the file."""
    runs = []
    for _ in range(repeat):
        copy = built.with_name("copy.reconcile")
        shutil.copyfile(built, copy)
        runs.append(action(copy))
        for leftover in copy.parent.glob("copy.reconcile*"):
            leftover.unlink()
    return min(wall for wall, _ in runs), min(cpu for _, cpu in runs)


class Clock:
    """Started when made; ``times()`` is the wall-clock and processor time since."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def times(self, divided_by: int = 1) -> Times:
        wall = time.perf_counter() - self.wall
        cpu = time.process_time() - self.cpu
        return wall / divided_by, cpu / divided_by


def removal(source_file: str) -> Callable[[Path], Times]:
    def run(copy: Path) -> Times:
        with Workspace.open(copy) as workspace:
            clock = Clock()
            workspace.remove_statement(source_file, user="bench")
            return clock.times()

    return run


def bare_delete(source_file: str, move_repeats: bool) -> Callable[[Path], Times]:
    """The rows taken out with bare sqlite3 and, if asked, the repeats of them moved into
    their place: what removal cannot do with less."""

    def run(copy: Path) -> Times:
        connection = sqlite3.connect(copy, isolation_level=None)
        for pragma in ("locking_mode = EXCLUSIVE", "journal_mode = WAL", "synchronous = FULL"):
            connection.execute(f"PRAGMA {pragma}")
        clock = Clock()
        connection.execute("BEGIN IMMEDIATE")
        (statement_id,) = connection.execute(
            "SELECT id FROM statements WHERE source_file = ?", (source_file,)
        ).fetchone()
        connection.execute("DELETE FROM statement_lines WHERE statement_id = ?", (statement_id,))
        if move_repeats:
            repeats = "(SELECT statement_id, row FROM statement_repeats WHERE kept_file = ?)"
            connection.execute(
                f"INSERT INTO statement_lines ({LINE_COLUMNS}) SELECT {LINE_COLUMNS}"
                f" FROM repeated_lines WHERE (statement_id, row) IN {repeats}",
                (source_file,),
            )
            for table in ("repeated_lines", "statement_repeats"):
                connection.execute(
                    f"DELETE FROM {table} WHERE (statement_id, row) IN {repeats}", (source_file,)
                )
        connection.execute("DELETE FROM statements WHERE id = ?", (statement_id,))
        connection.execute("COMMIT")
        elapsed = clock.times()
        connection.close()
        return elapsed

    return run


def reimport(lines: list[StatementLine]) -> Callable[[Path], Times]:
    def run(copy: Path) -> Times:
        with Workspace.open(copy) as workspace:
            workspace.remove_statement("other.csv")
            clock = Clock()
            workspace.add_statement("other.csv", "f" * 64, {}, lines, account=ACCOUNT)
            return clock.times()

    return run


def lookup(with_repeats: bool) -> Callable[[Path], Times]:
    def run(copy: Path) -> Times:
        with Workspace.open(copy) as workspace, workspace._database.reading() as connection:
            clock = Clock()
            for _ in range(10):
                statement_by(connection, "source_file", "late.csv", with_repeats=with_repeats)
            return clock.times(divided_by=10)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000)
    parser.add_argument("--decisions", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-remove-"))
    try:
        built, other_lines = build(folder, args.lines, args.decisions)
        n, half = f"{args.lines:,}", f"{args.lines // 2:,}"
        rows = [
            (f"remove other.csv ({n} lines, no overlap)", removal("other.csv")),
            (f"  bare DELETE of its {n} rows", bare_delete("other.csv", False)),
            (f"  add_statement of its {n} lines", reimport(other_lines)),
            (f"remove small.csv ({SMALL} lines)", removal("small.csv")),
            (f"  bare DELETE of its {SMALL} rows", bare_delete("small.csv", False)),
            (f"remove early.csv ({half} stand-ins)", removal("early.csv")),
            (f"  bare DELETE + INSERT of {half} repeats", bare_delete("early.csv", True)),
            (f"statement_by late.csv ({half} repeats)", lookup(True)),
            ("  statement_by, with_repeats=False", lookup(False)),
        ]
        print(f"{args.decisions} decisions on early.csv; best of {args.repeat}; seconds")
        print(f"{'':48} {'wall':>8} {'cpu':>8}")
        for label, action in rows:
            wall, cpu = timed(args.repeat, built, action)
            print(f"{label:48} {wall:8.3f} {cpu:8.3f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
