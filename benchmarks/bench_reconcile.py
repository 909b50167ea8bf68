"""The whole ``reconcile`` run at scale: 100,000 invoices x 300,000 statement lines.

The sandbox serves 100,000 Elevate invoices (100 pages of 1,000) on 127.0.0.1 with no
injected latency; a 300,000-line csv statement pays most of them and adds unrelated lines.
The run goes through ``run_reconcile`` exactly as the command does, and each phase is timed
from the progress it reports. Baselines in the same run: a plain csv-module read of the
statement and a plain openpyxl write-only dump of as many rows as the report has, so the
figures can be read against what merely touching the data costs on this machine.

    python benchmarks/bench_reconcile.py [--invoices 100000] [--lines 300000]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import resource
import sys
import tempfile
import time
import tomllib
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from desktop_app.pipeline import ReconcileRequest, run_reconcile  # noqa: E402
from desktop_app.providers import fetch_all, parse_config  # noqa: E402
from desktop_app.sandbox import Sandbox  # noqa: E402
from desktop_app.sandbox.statements import PlannedLine, plan_statement, write_csv  # noqa: E402
from desktop_app.secrets import EnvSecretSource  # noqa: E402

PHASES = (
    ("importing statements", "import the statement"),
    ("fetching invoices", "fetch the invoices"),
    ("preparing", "match"),
    ("writing ", "write the report"),
)


def _now() -> tuple[float, float]:
    """Wall clock and this process's CPU time (all threads: the sandbox's too)."""
    return time.perf_counter(), time.process_time()


class PhaseClock:
    """A progress callback that notes when each of the pipeline's phases begins."""

    def __init__(self) -> None:
        self.started = _now()
        self.marks: list[tuple[str, tuple[float, float]]] = []

    def __call__(self, done: int, total: int | None, message: str) -> None:
        for prefix, phase in PHASES:
            seen = {name for name, _ in self.marks}
            if message.startswith(prefix) and phase not in seen:
                self.marks.append((phase, _now()))

    def report(self, ended: tuple[float, float]) -> list[tuple[str, float, float]]:
        """(phase, wall seconds, CPU seconds) for each phase, in order."""
        stamps = [*self.marks, ("end", ended)]
        return [
            (name, later[0] - at[0], later[1] - at[1])
            for (name, at), (_, later) in pairwise(stamps)
        ]


def build_statement(folder: Path, sandbox: Sandbox, lines: int) -> tuple[Path, date, date]:
    configs = parse_config(tomllib.loads(sandbox.providers_toml()))
    fetched = asyncio.run(fetch_all(configs, secrets=EnvSecretSource(sandbox.secret_environment())))
    invoices = list(fetched.all_invoices())
    start = min(i.reference_date for i in invoices if i.reference_date)
    end = max(i.reference_date for i in invoices if i.reference_date)
    plan = plan_statement(invoices, start=start, end=end, seed=11)
    filler = lines - len(plan.lines)
    for index in range(max(filler, 0)):
        day = start + timedelta(days=index % max((end - start).days, 1))
        amount = -Decimal(index % 9000 + 1) / 100 - Decimal(13)
        plan.lines.append(
            PlannedLine(day, f"CARD PURCHASE {index:07d} SHOP {index % 4001}", amount)
        )
    plan.lines.sort(key=lambda line: line.date)
    path = folder / "statement.csv"
    write_csv(plan, path)
    return path, start, end


def plain_csv_read(path: Path) -> float:
    started = time.perf_counter()
    with path.open(newline="", encoding="utf-8") as handle:
        rows = sum(1 for _ in csv.reader(handle))
    assert rows > 0
    return time.perf_counter() - started


def plain_dump(rows: int, folder: Path) -> tuple[float, float]:
    started = _now()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dump")
    for index in range(rows):
        sheet.append(["Elevate", str(index), f"EL-{index}", Decimal("12.34"), "statement.csv",
                      index + 2, date(2025, 1, 1), Decimal("-12.34"), "text", 0.9, "why"])  # fmt: skip
    workbook.save(folder / "dump.xlsx")
    ended = _now()
    return ended[0] - started[0], ended[1] - started[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--lines", type=int, default=300_000)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as name,
        Sandbox(
            seed=3, elevate_invoices=args.invoices, content_ignite_invoices=18, versori_invoices=18
        ) as sandbox,
    ):
        folder = Path(name)
        print(
            f"building: {args.invoices:,} invoices in the sandbox, a {args.lines:,}-line statement"
        )
        statement, start, end = build_statement(folder, sandbox, args.lines)
        config = folder / "providers.toml"
        config.write_text(sandbox.providers_toml(), encoding="utf-8")
        os.environ.update(sandbox.secret_environment())
        request = ReconcileRequest(
            config=config, statements=[statement], out=folder / "report.xlsx",
            date_from=start, date_to=end, default_currency="GBP",
        )  # fmt: skip
        clock = PhaseClock()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        outcome = run_reconcile(request, progress=clock)
        ended = _now()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        result = outcome.reconciliation
        print(f"reconcile: {ended[0] - clock.started[0]:.1f} s wall, "
              f"{ended[1] - clock.started[1]:.1f} s CPU; peak RSS {peak / 1024:.0f} MB "
              f"(was {before / 1024:.0f} MB before the run); load {_load()}")  # fmt: skip
        print(f"  {len(result.invoices):,} invoices, {len(result.lines):,} lines, "
              f"{len(result.matches):,} matches, {len(result.discrepancies):,} discrepancies")  # fmt: skip
        print(f"  {'phase':<40} {'wall s':>8} {'CPU s':>8}")
        for phase, wall, cpu in clock.report(ended):
            print(f"  {phase:<40} {wall:8.1f} {cpu:8.1f}")
        report_rows = len(result.matches) + len(result.discrepancies)
        print(
            f"baseline: plain csv-module read of the statement   {plain_csv_read(statement):7.1f} s"
        )
        wall, cpu = plain_dump(report_rows, folder)
        print(
            f"baseline: plain write-only dump of {report_rows:,} rows x 11: "
            f"{wall:.1f} s wall, {cpu:.1f} s CPU"
        )


def _load() -> str:
    return " ".join(f"{figure:.1f}" for figure in os.getloadavg())


if __name__ == "__main__":
    main()
