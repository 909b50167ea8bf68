"""Statement import of a multi-currency export (Wise, Revolut): the per-currency balance fit.

Generates a 200,000-row csv of three currencies whose one Balance column keeps each
currency's running balance (Date, Description, Amount, Currency, Balance), with a header
and without one (without, the amount and its balance are told apart by fitting each
candidate against the other), and without one with a Fee column too (six candidate pairs
to fit), plus ``bench_import.py``'s single-currency csv, which must not pay for the
per-currency fit. Each file is imported in fresh processes by this tree's
code and, with ``--before REV``, by the code of that git revision (extracted with
``git archive`` into a temporary folder), alternating so that noise hits both alike; the
best wall and CPU seconds of ``--repeat`` processes are printed side by side. Every
process also hands back a digest of the whole import (lines with their raw cells, layout,
evidence, warnings, balances), and the run fails if the two trees' results differ.

    python benchmarks/bench_balance_currencies.py [--rows 200000] [--repeat 3] [--before REV]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["Date", "Description", "Amount", "Currency", "Balance"]
# Three currencies, the euros most often: a row's currency is drawn at random, so the
# currency switches on most rows and every switch breaks a single chain.
CURRENCIES = ("EUR",) * 5 + ("GBP",) * 3 + ("USD",) * 2
OPENING = {"EUR": Decimal("5000.00"), "GBP": Decimal("1200.00"), "USD": Decimal("300.00")}


def currency_rows(count: int, fee: bool = False) -> list[list[str]]:
    """Rows of a three-currency account, each currency's balance running on its own;
    with ``fee``, a Fee column beside the amount (mostly 0.00; the amount includes it,
    as Wise's does), one more candidate column to fit against the others."""
    generator = random.Random(20240607)
    balances = dict(OPENING)
    start = dt.date(2022, 1, 1)
    rows: list[list[str]] = []
    for index in range(count):
        code = generator.choice(CURRENCIES)
        amount = Decimal(generator.randint(-50_000, 50_000)) / 100
        balances[code] += amount
        day = start + dt.timedelta(days=index // 150)
        row = [day.strftime("%d/%m/%Y"), f"Card payment {index} to Merchant {index % 911}"]
        row.append(str(amount))
        if fee:
            charged = generator.randint(1, 250) if generator.random() < 0.3 else 0
            row.append(str(-Decimal(charged) / 100) if charged else "0.00")
        rows.append([*row, code, str(balances[code])])
    return rows


def write_files(folder: Path, count: int) -> dict[str, Path]:
    """The three-currency csv with and without a header (and without one, with a Fee
    column), and bench_import's single-currency csv."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_import import write_files as single_currency_files

    files: dict[str, Path] = {}
    for name, header, fee in (
        ("3 currencies, header", True, False),
        ("3 currencies, no header", False, False),
        ("3 currencies + fee, no header", False, True),
    ):
        path = (
            folder / f"currencies-{'header' if header else 'noheader'}{'-fee' if fee else ''}.csv"
        )
        with path.open("w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream)
            if header:
                writer.writerow(HEADER)
            writer.writerows(currency_rows(count, fee))
        files[name] = path
    single = folder / "single"
    single.mkdir()
    files["1 currency (bench_import)"] = single_currency_files(single, count)[1]
    return files


def child(tree: str, path: str, repeat: int) -> None:
    """In a fresh process: import ``path`` with the code in ``tree``, best of ``repeat``."""
    sys.path.insert(0, tree)
    import gc

    from desktop_app.statements import import_statement

    best_wall = best_cpu = float("inf")
    result = None
    for _ in range(repeat):
        result = None
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = import_statement(Path(path))
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    digest = hashlib.sha256(repr(result).encode()).hexdigest()
    print(json.dumps({"wall": best_wall, "cpu": best_cpu, "digest": digest}))


def measured(tree: Path, path: Path, repeat: int) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(tree), str(path), str(repeat)],
        check=True,
        capture_output=True,
        text=True,
        env={key: value for key, value in os.environ.items() if key != "PYTHONPATH"},
    ).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def extracted(revision: str, folder: Path) -> Path:
    """The tree of ``revision`` written out under ``folder`` (``git archive``)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True
    ).stdout
    target = folder / "before"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per tree")
    parser.add_argument("--before", help="a git revision to time in the same run")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        tree, path, repeat = args.child
        child(tree, path, int(repeat))
        return
    with tempfile.TemporaryDirectory(prefix="bench-balance-") as scratch:
        folder = Path(scratch)
        trees = {"after": ROOT}
        if args.before:
            trees = {f"before ({args.before})": extracted(args.before, folder), **trees}
        files = write_files(folder, args.rows)
        print(f"{args.rows:,} rows; best of {args.repeat} fresh processes, alternating trees")
        print(f"{'file':30s} {'code':20s} {'wall':>8s} {'cpu':>8s}")
        differing = []
        for name, path in files.items():
            runs: dict[str, list[dict[str, object]]] = {label: [] for label in trees}
            for _ in range(args.repeat):
                for label, tree in trees.items():
                    runs[label].append(measured(tree, path, 1))
            for label, took in runs.items():
                wall = min(float(str(run["wall"])) for run in took)
                cpu = min(float(str(run["cpu"])) for run in took)
                print(f"{name:30s} {label:20s} {wall:7.2f}s {cpu:7.2f}s")
            if len({run["digest"] for took in runs.values() for run in took}) > 1:
                differing.append(name)
        if differing:
            sys.exit(f"the imports differ between the trees: {', '.join(differing)}")
        if args.before:
            print("every import identical in both trees (lines, layout, evidence, warnings)")


if __name__ == "__main__":
    main()
