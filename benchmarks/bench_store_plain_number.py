"""The store of an overlapping download of a plain-number account (``12345678``) into a
workspace holding about 200,000 of its lines: what ``Workspace.add_statement`` costs now
that such a number may be a UK account number without its sort code
(``dedup.may_be_claimed``), so its kept lines' claims are read from the stored repeats
(``stored_claims``) and its new lines numbered past the held ones.

The workspace holds a year of the account (``--per-month`` lines a month, from
``bench_continuity_check.build``). With ``--chain`` it holds twelve downloads instead,
each repeating the month before its own: the stored repeats then link every file, and
the claims follow them all. With ``--sort-code`` it holds a statement of the account
with its sort code too (``12-34-56 12345678``, a year earlier, sharing no movement): its
lines may claim the number's, so the claims are read from the repeats however the store
reads them otherwise. Timed: ``add_statement`` of a download repeating December
and adding half a month of January, on a fresh copy each time; best of ``--repeat``, in
CPU seconds (the machines here are busy), wall-clock beside it. Run it on this tree and
on an older one (``git archive REV | tar -x -C DIR``) to compare.

    PYTHONPATH=. python benchmarks/bench_store_plain_number.py [--per-month 16000]
        [--repeat 3] [--chain] [--sort-code] [--account 12345678]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_continuity_check as year
from desktop_app.domain import StatementLine
from desktop_app.workspace import Workspace


def renumbered(name: str, lines: list[StatementLine]) -> list[StatementLine]:
    """``lines`` as one file's, rows from 2 in their order."""
    return [
        StatementLine(name, row, line.date, line.amount, line.currency, line.description)
        for row, line in enumerate(lines, start=2)
    ]


def build(folder: Path, account: str, per_month: int, chain: bool, sort_code: bool) -> Path:
    """The workspace the download is stored into (see the module's docstring)."""
    built = _chain(folder, account, per_month) if chain else _year(folder, account, per_month)
    if sort_code:
        name = "sort-code.csv"
        lines = renumbered(name, year.month_lines(name, 2023, 6, per_month // 100 or 1))
        with Workspace.open(built) as workspace:
            workspace.add_statement(name, f"{99:064x}", {}, lines, account=f"12-34-56 {account}")
    return built


def _year(folder: Path, account: str, per_month: int) -> Path:
    """A year of monthly statements, one earlier download repeating October."""
    year.ACCOUNT = account
    built, _ = year.build(folder, per_month)
    return built


def _chain(folder: Path, account: str, per_month: int) -> Path:
    """Twelve downloads, each repeating the month before its own."""
    built = folder / "chain.reconcile"
    with Workspace.create(built) as workspace:
        for month in range(1, 13):
            name = f"2024-{month:02d}.csv"
            earlier = year.month_lines(name, 2024, month - 1, per_month) if month > 1 else []
            lines = renumbered(name, [*earlier, *year.month_lines(name, 2024, month, per_month)])
            workspace.add_statement(name, f"{month:064x}", {}, lines, account=account)
    return built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-month", type=int, default=16_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chain", action="store_true", help="downloads repeating each other")
    parser.add_argument(
        "--sort-code", action="store_true", help="the account with its sort code held too"
    )
    parser.add_argument("--account", default="12345678")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-store-plain-"))
    try:
        built = build(folder, args.account, args.per_month, args.chain, args.sort_code)
        download = renumbered(
            "dl.csv",
            [
                *year.month_lines("dl.csv", 2024, 12, args.per_month),
                *year.month_lines("dl.csv", 2025, 1, args.per_month // 2),
            ],
        )
        cpu: list[float] = []
        wall: list[float] = []
        for _ in range(args.repeat):
            copy = folder / "copy.reconcile"
            shutil.copyfile(built, copy)
            with Workspace.open(copy) as workspace:
                began_cpu, began = time.process_time(), time.perf_counter()
                outcome = workspace.add_statement(
                    "dl.csv", f"{77:064x}", {}, download, account=args.account
                )
                cpu.append(time.process_time() - began_cpu)
                wall.append(time.perf_counter() - began)
            for leftover in folder.glob("copy.reconcile*"):
                leftover.unlink()
        print(
            f"account {args.account}{' (chain)' if args.chain else ''}"
            f"{' (sort code held)' if args.sort_code else ''}:"
            f" {outcome.added:,} added, {outcome.skipped_duplicates:,} repeats;"
            f" best of {args.repeat}: {min(cpu):.3f} s CPU, {min(wall):.3f} s wall"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
