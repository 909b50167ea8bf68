"""Matching benchmark: time and peak memory at three sizes, against a naive matcher.

Sizes (invoices x statement lines, from the scenario generator, seed 1):
10k x 30k, 30k x 90k and 100k x 300k. Each size runs in a fresh interpreter, so its peak
memory is its own; the figures are the engine's wall and CPU time for one ``reconcile``
call (generating the scenario is not timed) and the process's peak resident memory before
and after it. Time per line staying flat while sizes grow tenfold is what near-linear means.

Baseline in the same run: a naive matcher that scores every (invoice, line) pair with the
same signals and takes each line's best in line order, on a 1k x 3k subset, next to the
engine on the same subset. Its cost grows with the product of the sizes; the extrapolation
to 100k x 300k is printed beside the engine's measured figure.

Last, the largest run's CPU by stage, told apart by the engine's progress messages (every
match's and discrepancy's explanation is built in the run, in the last stage).

``--loaded`` adds a row per size for the same inputs saved to a workspace file and loaded
back (the generator's objects released first), as the window hands them to the engine: a
check that the generator's objects cost the engine what real inputs do. The engine's cost
per line depends on where each line's values sit in memory; the generator makes them in
statement order, as an import or a workspace load does.

``--rejections N`` adds a row per size for a run that respects N rejections, as a
long-lived workspace holds them: N of the scenario's true matches, each refused by one of
its (invoice, line) pairs, which also rules out the split or grouped payment holding it.
Precision and recall fall there by design (the refused true pairs are misses); the time is
the point: the rejections are indexed, not tested against every candidate.

``--accepts N`` adds a row per size for a run that respects N accepted pairings: N of the
scenario's true matches, spread evenly, each accepted whole (all its invoices and lines),
as the accountant accepts proposals over a month. Their lines and invoices leave the search
(a placed line is scored against nothing, a settled invoice only in pairs) and the
pairings are explained as they stand; precision and recall should hold, since every
accepted pairing is true.

Run: ``PYTHONPATH=. python benchmarks/bench_matching.py [--sizes 10000 30000 100000]
[--naive 1000] [--repeats N] [--loaded] [--rejections N] [--accepts N]``. The machine is
shared: compare figures within one run, not across runs; with ``--repeats`` each size runs
N times and the fastest run is shown.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from desktop_app.domain import Decision, DecisionKind, Invoice, StatementLine
from desktop_app.matching import MatchSettings, reconcile
from desktop_app.matching.evaluation import MATCHES, evaluate
from desktop_app.matching.normalise import name_key, name_words, text_runs
from desktop_app.matching.payees import payee_names
from desktop_app.matching.prepare import Pool, prepare_invoices, prepare_lines
from desktop_app.matching.scenarios import ExpectedMatch, Scenario, generate_scenario
from desktop_app.matching.scoring import Scorer
from desktop_app.workspace import Workspace

LINES_PER_INVOICE = 3
SEED = 1


def rss_mb() -> float:
    """Current resident memory of this process (Linux /proc), in MB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class StageClock:
    """CPU time per engine stage, told apart by the engine's own progress messages.

    The first report of each message starts a stage; the call's return ends the last.
    The engine is not instrumented for this: the callback runs every 5,000 lines or
    groups, which costs nothing measurable.
    """

    def __init__(self) -> None:
        self.starts: dict[str, float] = {}

    def __call__(self, done: int, total: int | None, message: str) -> None:
        self.starts.setdefault(message, time.process_time())

    def split(self, end: float) -> dict[str, float]:
        marks = [*self.starts.items(), ("end", end)]
        return {name: marks[k + 1][1] - start for k, (name, start) in enumerate(marks[:-1])}


def measure_engine(
    invoices: int, loaded: bool = False, rejections: int = 0, accepts: int = 0
) -> dict[str, Any]:
    """One size, in this (fresh) interpreter."""
    scenario = generate_scenario(seed=SEED, invoices=invoices, lines=invoices * LINES_PER_INVOICE)
    decisions = [*rejections_of(scenario, rejections), *accepts_of(scenario, accepts)]
    if loaded:
        with (
            tempfile.TemporaryDirectory() as folder,
            Workspace.create(Path(folder) / "bench.reconcile") as workspace,
        ):
            save(scenario, workspace)
            # the generator's objects are released before the inputs are loaded back
            scenario = dataclasses.replace(scenario, invoices=(), lines=())
            scenario = dataclasses.replace(
                scenario, invoices=workspace.load_invoices(), lines=workspace.load_lines()
            )
    before = rss_mb()
    clock = StageClock()
    wall, cpu = time.perf_counter(), time.process_time()
    result = reconcile(
        scenario.invoices, scenario.lines, scenario.settings, decisions, progress=clock
    )
    end = time.process_time()
    wall, cpu = time.perf_counter() - wall, end - cpu
    quality = evaluate(scenario, result)[MATCHES]
    return {
        "invoices": len(scenario.invoices),
        "lines": len(scenario.lines),
        "wall": wall,
        "cpu": cpu,
        "rss_before": before,
        "rss_peak": peak_rss_mb(),
        "precision": quality.precision,
        "recall": quality.recall,
        "matches": len(result.matches),
        "discrepancies": len(result.discrepancies),
        "stages": clock.split(end),
    }


def spread(scenario: Scenario, count: int) -> tuple[ExpectedMatch, ...]:
    """``count`` of the scenario's true matches, spread evenly over them."""
    matches = scenario.expected_matches
    if count <= 0 or not matches:
        return ()
    return matches[:: max(1, len(matches) // count)][:count]


def rejections_of(scenario: Scenario, count: int) -> list[Decision]:
    """``count`` of the scenario's true matches, spread evenly, each refused by its first
    (invoice, line) pair: all of a single payment, part of a split or grouped one."""
    return [
        Decision(
            DecisionKind.REJECT,
            (min(match.invoice_keys, key=str),),
            (min(match.line_keys, key=str),),
        )
        for match in spread(scenario, count)
    ]


def accepts_of(scenario: Scenario, count: int) -> list[Decision]:
    """``count`` of the scenario's true matches, spread evenly, each accepted whole: a
    single payment, a split or a grouped one, as the accountant confirms a proposal."""
    return [
        Decision(
            DecisionKind.ACCEPT,
            tuple(sorted(match.invoice_keys, key=str)),
            tuple(sorted(match.line_keys, key=str)),
        )
        for match in spread(scenario, count)
    ]


def save(scenario: Scenario, workspace: Workspace) -> None:
    """The scenario's invoices (per provider) and lines (per statement) in ``workspace``."""
    by_provider = itertools.groupby(
        sorted(scenario.invoices, key=lambda invoice: invoice.provider),
        key=lambda invoice: invoice.provider,
    )
    for provider, invoices in by_provider:
        workspace.save_invoices(provider, list(invoices))
    for source, lines in itertools.groupby(scenario.lines, key=lambda line: line.source_file):
        digest = hashlib.sha256(source.encode()).hexdigest()
        workspace.add_statement(source, digest, {}, list(lines))


def naive_match(
    invoices: list[Invoice], lines: list[StatementLine], settings: MatchSettings
) -> set[tuple[Any, Any]]:
    """Every pair scored with the engine's own signals; each line takes its best free invoice.

    No indexes, no global assignment: the approach the engine exists to beat. The reference
    and payee evidence are computed per pair, as a matcher without indexes must.
    """
    scorer = Scorer(settings)
    prepared_invoices = [p for p in prepare_invoices(invoices, settings) if p.pool is Pool.LIVE]
    prepared_lines = prepare_lines(lines, settings)
    aliases = {name_key(k): v for k, v in settings.counterparty_aliases.items()}
    names = {p.index: [name_key(n) for n in payee_names(p, aliases)] for p in prepared_invoices}
    taken: set[int] = set()
    found: set[tuple[Any, Any]] = set()
    for line in prepared_lines:
        runs = text_runs(line.line.text)
        joined = {
            "".join(runs[i:j])
            for i in range(len(runs))
            for j in range(i + 1, min(len(runs), i + 4) + 1)
        }
        text = " ".join(name_words(line.line.text))
        best, best_score = None, settings.auto_accept_threshold
        for invoice in prepared_invoices:
            if invoice.index in taken:
                continue
            reference = next((k for k in invoice.reference_keys if k in joined), None)
            ratios = [fuzz.token_set_ratio(name, text) for name in names[invoice.index]]
            # The scorer reads payee similarity by name id; here each pair has its own.
            line.payees = {0: max(ratios)} if ratios else None
            invoice.name_ids = (0,)
            hypothesis = scorer.pair(line, invoice, reference)
            if hypothesis.score > best_score and scorer.confident(hypothesis):
                best, best_score = invoice, hypothesis.score
        if best is not None:
            taken.add(best.index)
            found.add((best.invoice.key, line.line.key))
    return found


def measure_naive(invoices: int) -> dict[str, Any]:
    scenario = generate_scenario(seed=SEED, invoices=invoices, lines=invoices * LINES_PER_INVOICE)
    expected = scenario.expected_pairs()
    cpu = time.process_time()
    naive = naive_match(list(scenario.invoices), list(scenario.lines), scenario.settings)
    naive_cpu = time.process_time() - cpu
    cpu = time.process_time()
    engine = reconcile(scenario.invoices, scenario.lines, scenario.settings)
    engine_cpu = time.process_time() - cpu
    engine_pairs = {
        (i, ln) for m in engine.reconciling_matches() for i in m.invoice_keys for ln in m.line_keys
    }
    return {
        "invoices": len(scenario.invoices),
        "lines": len(scenario.lines),
        "naive_cpu": naive_cpu,
        "engine_cpu": engine_cpu,
        "naive_precision": len(naive & expected) / max(1, len(naive)),
        "naive_recall": len(naive & expected) / max(1, len(expected)),
        "engine_precision": len(engine_pairs & expected) / max(1, len(engine_pairs)),
        "engine_recall": len(engine_pairs & expected) / max(1, len(expected)),
    }


def in_fresh_interpreter(
    kind: str, size: int, rejections: int = 0, accepts: int = 0
) -> dict[str, Any]:
    command = [sys.executable, __file__, "--one", kind, str(size)]
    command += ["--rejections", str(rejections), "--accepts", str(accepts)]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    if run.returncode:
        raise SystemExit(f"{kind} at {size:,} invoices failed:\n{run.stderr}")
    result: dict[str, Any] = json.loads(run.stdout)
    return result


def print_naive(naive: dict[str, Any]) -> None:
    print("Baseline: naive all-pairs matcher on a subset (CPU seconds)")
    size = f"{naive['invoices']:,} x {naive['lines']:,}"
    print(
        f"{size}: naive {naive['naive_cpu']:.2f} s (precision {naive['naive_precision']:.4f}, "
        f"recall {naive['naive_recall']:.4f}); engine {naive['engine_cpu']:.2f} s "
        f"(precision {naive['engine_precision']:.4f}, recall {naive['engine_recall']:.4f})\n",
        flush=True,
    )


def print_engine_row(row: dict[str, Any]) -> None:
    per_line = row["cpu"] / row["lines"] * 1e6
    size = f"{row['invoices']:,} x {row['lines']:,}"
    print(
        f"{size:>18} {row['wall']:8.2f} {row['cpu']:8.2f} {per_line:8.1f} "
        f"{row['rss_before']:9.0f}MB {row['rss_peak']:7.0f}MB "
        f"{row['precision']:9.4f} {row['recall']:7.4f}",
        flush=True,
    )


STAGE_NAMES = {
    "preparing invoices and statement lines": "prepare inputs, build indexes",
    "scoring statement lines against invoices": "search candidates, groups; find rivals",
    "choosing the best matches": "choose matches",
    "explaining matches and checking discrepancies": "matches + explanations, discrepancy rows",
}


def print_stages(row: dict[str, Any]) -> None:
    """Where the largest run's CPU went.

    Explanations are built eagerly, for every match and discrepancy, inside the last stage
    (which also releases the run's working data).
    """
    size = f"{row['invoices']:,} x {row['lines']:,}"
    print(f"CPU by stage at {size} (all explanations built, in the last stage):")
    for message, seconds in row["stages"].items():
        share = 100 * seconds / row["cpu"]
        print(f"  {STAGE_NAMES.get(message, message):<44} {seconds:6.2f} s {share:5.1f} %")


def print_summary(engine: list[dict[str, Any]], naive: dict[str, Any] | None) -> None:
    if len(engine) > 1:
        first, last = engine[0], engine[-1]
        growth = last["lines"] / first["lines"]
        print(f"{growth:.0f}x the lines took {last['cpu'] / first['cpu']:.1f}x the CPU time")
    if naive is not None and engine:
        largest = engine[-1]
        factor = (largest["invoices"] * largest["lines"]) / (naive["invoices"] * naive["lines"])
        seconds = naive["naive_cpu"] * factor
        print(
            f"naive extrapolated to {largest['invoices']:,} x {largest['lines']:,} "
            f"(cost grows with invoices x lines): ~{seconds:,.0f} s = {seconds / 3600:,.1f} h "
            f"of CPU; the engine measured {largest['cpu']:.1f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 30_000, 100_000])
    parser.add_argument(
        "--naive", type=int, default=1_000, help="invoices in the naive subset (0: skip)"
    )
    parser.add_argument(
        "--repeats", type=int, default=1, help="runs per size; the fastest is shown (noisy hosts)"
    )
    parser.add_argument(
        "--loaded", action="store_true", help="also time inputs loaded back from a workspace"
    )
    parser.add_argument(
        "--rejections", type=int, default=0, help="also time each size with N rejections"
    )
    parser.add_argument(
        "--accepts", type=int, default=0, help="also time each size with N accepted pairings"
    )
    parser.add_argument("--one", nargs=2, metavar=("KIND", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        kind, size = args.one[0], int(args.one[1])
        if kind == "naive":
            print(json.dumps(measure_naive(size)))
        else:
            rejections = args.rejections if kind == "rejected" else 0
            accepts = args.accepts if kind == "accepted" else 0
            print(json.dumps(measure_engine(size, kind == "loaded", rejections, accepts)))
        return
    naive = in_fresh_interpreter("naive", args.naive) if args.naive else None
    if naive is not None:
        print_naive(naive)
    print("Engine (one reconcile call; scenario generation not timed)")
    columns = ("invoices x lines", "wall s", "CPU s", "us/line", "RSS before", "peak RSS")
    widths = (18, 8, 8, 8, 11, 9)
    header = " ".join(f"{name:>{width}}" for name, width in zip(columns, widths, strict=True))
    print(f"{header} {'precision':>9} {'recall':>7}", flush=True)
    engine = []
    for size in args.sizes:
        runs = [in_fresh_interpreter("engine", size) for _ in range(max(1, args.repeats))]
        engine.append(min(runs, key=lambda run: run["cpu"]))
        print_engine_row(engine[-1])
    print_summary(engine, naive)
    if engine:
        print_stages(engine[-1])
    if args.loaded:
        print("\nThe same inputs saved to a workspace and loaded back (as the window has them)")
        for size in args.sizes:
            runs = [in_fresh_interpreter("loaded", size) for _ in range(max(1, args.repeats))]
            print_engine_row(min(runs, key=lambda run: run["cpu"]))
    if args.rejections:
        print(f"\nThe same inputs with {args.rejections:,} rejections in the decision log")
        for size in args.sizes:
            runs = [
                in_fresh_interpreter("rejected", size, args.rejections)
                for _ in range(max(1, args.repeats))
            ]
            print_engine_row(min(runs, key=lambda run: run["cpu"]))
    if args.accepts:
        print(f"\nThe same inputs with {args.accepts:,} accepted pairings in the decision log")
        for size in args.sizes:
            runs = [
                in_fresh_interpreter("accepted", size, accepts=args.accepts)
                for _ in range(max(1, args.repeats))
            ]
            print_engine_row(min(runs, key=lambda run: run["cpu"]))


if __name__ == "__main__":
    main()
