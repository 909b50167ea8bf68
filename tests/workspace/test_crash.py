"""Killing the process at any moment loses nothing committed and never damages the file.

A child process writes invoices, statements and decisions in a loop and reports each
commit; it is killed with SIGKILL at a random point, over and over, on one file. After
each kill the file must pass SQLite's integrity check, open normally, and hold every
reported commit, with at most the one commit the child had no time to report.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.domain import InvoiceKey, LineKey
from desktop_app.workspace import Workspace
from tests.conftest import PROJECT_ROOT
from tests.workspace.crash_child import LINES_PER_STATEMENT, invoices_for
from tests.workspace.factories import PROVIDER

ROUNDS = 25

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL"),
]


def _run_and_kill(path: Path, round_number: int, rng: random.Random) -> list[list[str]]:
    """Start the writer, let it report a random number of commits, kill it mid-stream."""
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.workspace.crash_child", str(path), str(round_number)],
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n", child.stderr.read() if child.stderr else ""
    output = ""
    for _ in range(rng.randrange(0, 40)):
        line = child.stdout.readline()
        if not line:
            break
        output += line
    # Land the kill anywhere inside the next writes, not just after a report.
    time.sleep(rng.uniform(0, 0.02))
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""
    output += child.stdout.read()
    child.stdout.close()
    if child.stderr:
        child.stderr.close()
    # Only whole lines count: a line cut by the kill was not reported.
    return [line.split() for line in output.split("\n")[:-1]]


def _integrity(path: Path) -> tuple[str, list[object]]:
    connection = sqlite3.connect(path)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()
    return result, broken


def test_sigkill_at_random_moments_never_loses_a_commit(tmp_path: Path) -> None:
    path = tmp_path / "crash.reconcile"
    Workspace.create(path).close()
    rng = random.Random(20250304)
    invoice_state: list[tuple[int, int]] = []  # possible (round, iteration) of the cache
    reported_decisions: dict[int, tuple[str, str, str, int]] = {}
    reported_statements: dict[str, int] = {}
    for round_number in range(ROUNDS):
        reported = _run_and_kill(path, round_number, rng)
        assert _integrity(path) == ("ok", [])
        invoices_seen = [(int(r[1]), int(r[2])) for r in reported if r[0] == "invoices"]
        for record in reported:
            if record[0] == "decision":
                reported_decisions[int(record[1])] = (
                    record[2],
                    record[3],
                    record[4],
                    int(record[5]),
                )
            elif record[0] == "statement":
                reported_statements[record[1]] = int(record[2])
        last = invoices_seen[-1] if invoices_seen else None
        with Workspace.open(path) as workspace:
            _check_decisions(workspace, reported_decisions, round_number)
            _check_statements(workspace, reported_statements, round_number)
            invoice_state = _check_invoices(workspace, invoice_state, round_number, last)


def _check_decisions(
    workspace: Workspace, reported: dict[int, tuple[str, str, str, int]], round_number: int
) -> None:
    stored = {entry.id: entry.decision for entry in workspace.audit()}
    for entry_id, (kind, invoice_id, source_file, row) in reported.items():
        decision = stored[entry_id]
        assert decision.kind == kind
        assert decision.invoice_keys == (InvoiceKey(PROVIDER, invoice_id),)
        assert decision.line_keys == (LineKey(source_file, row),)
    this_round = [d for d in stored.values() if d.reason.startswith(f"round {round_number} ")]
    reported_now = [i for i in reported if stored[i].reason.startswith(f"round {round_number} ")]
    assert len(reported_now) <= len(this_round) <= len(reported_now) + 1
    assert len(stored) <= len(reported) + ROUNDS


def _check_statements(workspace: Workspace, reported: dict[str, int], round_number: int) -> None:
    stored = {record.source_file: record for record in workspace.statements()}
    for name, line_count in reported.items():
        assert stored[name].line_count == line_count == LINES_PER_STATEMENT
        assert len(workspace.load_lines(name)) == LINES_PER_STATEMENT
    prefix = f"r{round_number}-"
    unreported = [n for n in stored if n.startswith(prefix) and n not in reported]
    assert len(unreported) <= 1
    assert all(record.line_count == LINES_PER_STATEMENT for record in stored.values())


def _check_invoices(
    workspace: Workspace,
    possible: list[tuple[int, int]],
    round_number: int,
    last_reported: tuple[int, int] | None,
) -> list[tuple[int, int]]:
    """The cache holds exactly one whole fetch: the last reported or the one after it."""
    if last_reported is not None:
        possible = [last_reported]
    candidates = [*possible, (round_number, last_reported[1] + 1 if last_reported else 0)]
    stored = {invoice.invoice_id: invoice for invoice in workspace.load_invoices()}
    for version in candidates:
        expected = {invoice.invoice_id: invoice for invoice in invoices_for(*version)}
        if stored == expected:
            return [version]
    if not possible and not stored:
        return []
    pytest.fail(f"round {round_number}: the invoice cache matches none of {candidates}")
