"""The check that a workspace's statements follow each other, after an import into a
workspace holding about 200,000 lines: as the engine makes it now, from the statements
and lines it holds, against the full re-read it made before, in the same run.

The workspace holds a year of one account's statements (``--per-month`` lines a month,
each month's opening balance where the month before closed). A download of December and
January is imported through ``EngineServices.import_statement``, as the window's worker
imports it: its December lines repeat the stored ones, its January lines are new. Timed:

- now: from the import's report "checking the statements follow each other" until it
  returns (the check, on what the engine holds);
- before (the baseline, on the same workspace right after): every statement read back
  with its repeats (``Workspace.statements``), every stored line's movement
  (``Workspace.load_movements``), then the same check (``continuity.breaks``).

With ``--balance`` the download states a running balance (a Balance column), as the
year's statements state theirs: the check then also compares each day the download and
December both cover (``continuity._disagreement``), where without one it cannot.

Both run with the collector paused, as the window's worker imports (``gc_pause``). Each
run opens a fresh copy of the built workspace; the best of ``--repeat`` is shown,
in wall-clock seconds (the machines here are busy: compare the columns of one run).

    PYTHONPATH=. python benchmarks/bench_continuity_check.py [--per-month 16000] [--repeat 3]
        [--balance]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop_app import gc_pause
from desktop_app.domain import CancelToken, StatementLine
from desktop_app.statements.continuity import breaks
from desktop_app.ui.backend.engine_services import EngineServices
from desktop_app.ui.backend.provider_settings import ProviderSettings
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend
from desktop_app.workspace import RecentWorkspaces, Workspace

ACCOUNT = "DE89370400440532013000"
CHECKING = "checking the statements follow each other"


def month_lines(name: str, year: int, month: int, count: int) -> list[StatementLine]:
    """``count`` movements spread over the month's first 28 days, each its own."""
    rnd = random.Random(year * 100 + month)
    return [
        StatementLine(
            name,
            row,
            dt.date(year, month, 1 + (row - 2) * 28 // count),
            Decimal(rnd.randint(-250000, 250000)) / 100,
            "EUR",
            f"Payment {year}-{month}-{row} to Supplier {row % 977} Ltd",
        )
        for row in range(2, count + 2)
    ]


def build(folder: Path, per_month: int, stated: bool = False) -> tuple[Path, Path]:
    """The year's workspace, and the December-January download to import into it (with
    a running balance from December's opening where ``stated``)."""
    path = folder / "year.reconcile"
    balance = Decimal("10000.00")
    december_opening = balance
    with Workspace.create(path) as workspace:
        for month in range(1, 13):
            name = f"2024-{month:02d}.csv"
            lines = month_lines(name, 2024, month, per_month)
            december_opening = balance
            closing = balance + sum((line.amount for line in lines), Decimal(0))
            digest = f"{month:064x}"
            workspace.add_statement(
                name, digest, {}, lines, account=ACCOUNT, balances=(balance, closing)
            )
            balance = closing
    december = month_lines("dl.csv", 2024, 12, per_month)
    january = month_lines("dl.csv", 2025, 1, per_month // 2)
    download = folder / "dec-jan.csv"
    running = december_opening
    with download.open("w", encoding="utf-8") as file:
        heading = "Date,Description,Amount,Currency" + (",Balance" if stated else "")
        file.write(f"Account,{ACCOUNT}\n\n{heading}\n")
        for line in (*december, *january):
            running += line.amount
            said = f",{running}" if stated else ""
            file.write(f"{line.date.isoformat()},{line.description},{line.amount},EUR{said}\n")
    return path, download


def run(built: Path, download: Path, folder: Path) -> tuple[float, float, float, float, int]:
    """One import into a fresh copy: the check now; statements, movements and the check
    read afresh as before; and how many lines the workspace held."""
    copy = folder / "copy.reconcile"
    shutil.copyfile(built, copy)
    engine = EngineServices(
        ProviderSettings(folder / "providers.toml"), WorkspaceBackend(RecentWorkspaces(folder))
    )
    try:
        # As the window's worker: the collector paused around the open and the import
        # (``gc_pause``), and around the check the import made before (the baseline).
        with gc_pause.paused():
            engine.open_workspace(copy)
        began: list[float] = []

        def progress(done: int, total: int | None, message: str) -> None:
            if message == CHECKING:
                began.append(time.perf_counter())

        with gc_pause.paused():
            engine.import_statement(download, None, progress, CancelToken())
            now = time.perf_counter() - began[-1]
            workspace = engine.workspace.workspace
            start = time.perf_counter()
            statements = workspace.statements()
            read_statements = time.perf_counter()
            lines = workspace.load_movements()
            read_lines = time.perf_counter()
            breaks(statements, lines)
            done = time.perf_counter()
        return (
            now,
            read_statements - start,
            read_lines - read_statements,
            done - read_lines,
            len(lines),
        )
    finally:
        asyncio.run(engine.aclose())
        for leftover in folder.glob("copy.reconcile*"):
            leftover.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-month", type=int, default=16_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--balance", action="store_true", help="the download states a balance")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-continuity-"))
    try:
        built, download = build(folder, args.per_month, args.balance)
        runs = [run(built, download, folder) for _ in range(args.repeat)]
        now, statements, movements, check, held = (
            min(column) for column in zip(*runs, strict=True)
        )
        before = min(sum(each[1:4]) for each in runs)
        print(f"{int(held):,} lines held after the import; best of {args.repeat}; seconds")
        print(f"now: the check on what the engine holds       {now:8.3f}")
        print(f"before: read back and checked (baseline)      {before:8.3f}")
        print(f"  Workspace.statements (with every repeat)    {statements:8.3f}")
        print(f"  Workspace.load_movements                    {movements:8.3f}")
        print(f"  continuity.breaks on them                   {check:8.3f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
