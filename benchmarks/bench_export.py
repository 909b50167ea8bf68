"""Report workbook: 100,000 discrepancy rows and 100,000 matches, against a plain dump.

The baseline writes the same cells (the same values, from the same column definitions,
to the same sheets) with openpyxl's write-only mode and nothing else: no styles, number
formats, hyperlinks, shading or text safety. Goal: the report within 1.2x of it.

Each variant runs in a fresh interpreter so that peak memory is its own; variants
alternate (report, baseline, report, ...) so machine noise falls on both alike. Peak memory
is the growth of the process's peak resident set while writing (Linux).

    python benchmarks/bench_export.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from desktop_app.domain import (  # noqa: E402
    Direction,
    Discrepancy,
    DiscrepancyType,
    Invoice,
    InvoiceStatus,
    Match,
    Money,
    Reconciliation,
    Signal,
    StatementLine,
)
from desktop_app.export import (  # noqa: E402
    ReportContext,
    discrepancies_sheet,
    invoices_sheet,
    lines_sheet,
    matches_sheet,
    write_report,
)
from desktop_app.export.index import ReconciliationIndex  # noqa: E402

PROVIDERS = (("Content Ignite", "content_ignite"), ("Versori", "versori"), ("Elevate", "elevate"))
CURRENCIES = ("GBP", "EUR", "JPY")
TYPES = tuple(DiscrepancyType)


def build(rows: int) -> Reconciliation:
    """``rows`` invoices, lines, 1:1 matches and discrepancies (all types, all currencies)."""
    invoices, lines, matches, found = [], [], [], []
    signals = (
        Signal("amount", 1.0, 0.5, "exact amount"),
        Signal("reference", 0.8, 0.3, "reference INV-1 in description"),
        Signal("date", 0.9, 0.2, "paid 3 days after issue"),
    )
    for i in range(rows):
        provider, kind = PROVIDERS[i % 3]
        currency = CURRENCIES[i % 3]
        amount = (
            Decimal(f"{(i * 7919) % 100000}.{i % 100:02d}") if currency != "JPY" else Decimal(i)
        )
        invoice = Invoice(
            provider, kind, f"INV-{i:07d}", f"N-{i:07d}", Direction.PAYABLE, currency,
            Money(amount, currency), InvoiceStatus.OPEN, "open",
            issue_date=date(2024, 1, 1) + timedelta(days=i % 60),
            due_date=date(2024, 2, 1) + timedelta(days=i % 60),
            document_url=f"https://billing.example/invoices/{i}" if i % 2 else None,
        )  # fmt: skip
        text = f"=SUM(A{i})" if i % 50 == 0 else f"PAYMENT {provider.upper()} N-{i:07d} REF {i}"
        line = StatementLine(
            "bank.csv", i + 2, date(2024, 1, 4) + timedelta(days=i % 60), -amount, currency, text,
            reference=f"REF{i}",
        )  # fmt: skip
        invoices.append(invoice)
        lines.append(line)
        matches.append(Match((invoice,), (line,), 0.9, signals, "amount, reference and date agree"))
        kind_of = TYPES[i % len(TYPES)]
        found.append(
            Discrepancy(
                kind_of,
                f"{kind_of.meaning} ({i})",
                invoice,
                (line,),
                Money(amount, currency),
                Money(amount - 1, currency),
                Money(Decimal(-1), currency),
            )
        )
    return Reconciliation(tuple(invoices), tuple(lines), tuple(matches), tuple(found))


def run_report(reconciliation: Reconciliation, out: Path) -> None:
    write_report(reconciliation, out, context=ReportContext(generated_at=datetime(2024, 4, 1)))


def run_baseline(reconciliation: Reconciliation, out: Path) -> None:
    """The same cells, plainly: ``ws.append(values)`` with raw values, nothing else."""
    index = ReconciliationIndex.build(reconciliation)
    sheets: list[tuple[str, Any, Any]] = [
        ("Discrepancies", discrepancies_sheet.COLUMNS, discrepancies_sheet.rows(reconciliation)),
        ("Matches", matches_sheet.COLUMNS, matches_sheet.rows(reconciliation, index)),
        ("Invoices", invoices_sheet.COLUMNS, invoices_sheet.rows(reconciliation, index)),
        ("Statement lines", lines_sheet.COLUMNS, lines_sheet.rows(reconciliation, index)),
    ]
    workbook = Workbook(write_only=True)
    workbook.create_sheet("Summary").append(["Summary"])
    for name, columns, records in sheets:
        worksheet = workbook.create_sheet(name)
        worksheet.append([column.header for column in columns])
        getters = [column.value for column in columns]
        for record in records:
            worksheet.append([_raw(get(record)) for get in getters])
    workbook.save(out)


def _raw(value: Any) -> Any:
    return value.amount if isinstance(value, Money) else value


def measure(variant: str, rows: int) -> dict[str, float]:
    reconciliation = build(rows)
    rss_before = _current_rss_kib()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"{variant}.xlsx"
        wall, cpu = time.perf_counter(), time.process_time()
        (run_report if variant == "report" else run_baseline)(reconciliation, out)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = out.stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"wall": wall, "cpu": cpu, "peak_mib": (peak - rss_before) / 1024, "mib": size / 2**20}


def _current_rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--variant", choices=["report", "baseline"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        print(json.dumps(measure(args.variant, args.rows)))
        return
    results: dict[str, list[dict[str, float]]] = {"report": [], "baseline": []}
    for _ in range(args.repeat):
        for variant in results:
            command = [sys.executable, __file__, "--variant", variant, "--rows", str(args.rows)]
            output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            results[variant].append(json.loads(output))
            print(variant, results[variant][-1], flush=True)
    best = {v: {k: min(r[k] for r in runs) for k in runs[0]} for v, runs in results.items()}
    print(f"\n{args.rows:,} discrepancy rows + {args.rows:,} matches (+ invoices and lines)")
    print(f"{'':10}{'wall s':>9}{'cpu s':>9}{'peak MiB':>10}{'file MiB':>10}")
    for variant, figures in best.items():
        print(
            f"{variant:10}{figures['wall']:9.1f}{figures['cpu']:9.1f}"
            f"{figures['peak_mib']:10.0f}{figures['mib']:10.1f}"
        )
    ratio = best["report"]["cpu"] / best["baseline"]["cpu"]
    median = statistics.median(r["cpu"] for r in results["report"]) / statistics.median(
        r["cpu"] for r in results["baseline"]
    )
    print(f"report / baseline, cpu: best of {args.repeat} {ratio:.2f}x, median {median:.2f}x")
    print("goal: within 1.20x")


if __name__ == "__main__":
    main()
