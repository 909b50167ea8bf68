"""What a review step costs in reading the flags for review, on the GUI thread.

After every step (a decision, its undo or redo) the ``ReviewSession`` learns which
decisions are still flagged for review: a step may clear flags (it re-decides a flagged
pairing) or bring them back (undoing that). A workspace of D decisions in force, F of
them flagged (their invoice's amount changed at the provider) and C flags cleared since
(re-decided), as the window's ``WorkspaceBackend`` holds it. Printed, each the median of
several runs, in milliseconds:

- ``read every flag``: reading every flag in force from the workspace (what each step
  did before: ``Workspace.decisions_needing_review``, through ``AppServices.review_flags``
  since removed), the baseline;
- a step on a decision no flag is on (rejecting an accepted match), and its undo,
  through the session as the window does it, and how much of that was the session's
  two flag refreshes (``refresh_review_flags``);
- the same for a step that clears a flag (confirming a flagged decision again) and its
  undo (which brings the flag back).

The script runs on the code before the fix too (its session read every flag).

Run: ``python benchmarks/bench_review_flags.py [D F C]`` (default 10000 500 1500).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.domain import (  # noqa: E402
    Counterparty,
    Decision,
    DecisionKind,
    Direction,
    Invoice,
    InvoiceStatus,
    LineKey,
    Match,
    MatchState,
    Money,
    Reconciliation,
    StatementLine,
)
from desktop_app.ui.backend.workspace_backend import WorkspaceBackend  # noqa: E402
from desktop_app.ui.session import ReviewSession  # noqa: E402

REPEATS = 15


def invoice(i: int, amount: Decimal | None = None) -> Invoice:
    return Invoice(
        provider="Elevate Billing",
        provider_kind="elevate",
        invoice_id=f"ID-{i}",
        number=f"EL-{i:06d}",
        direction=Direction.RECEIVABLE,
        currency="GBP",
        gross=Money(amount if amount is not None else Decimal(100 + i) / 100, "GBP"),
        status=InvoiceStatus.OPEN,
        status_raw="open",
        issue_date=date(2025, 1, 1) + timedelta(days=i % 300),
        counterparty=Counterparty(name=f"Customer {i % 97}"),
    )


def line(i: int, item: Invoice) -> StatementLine:
    return StatementLine(
        "bank.csv",
        i + 2,
        item.issue_date or date(2025, 1, 1),
        item.gross.amount,
        "GBP",
        item.number,
    )


def build(folder: Path, decisions: int, flagged: int, cleared: int) -> WorkspaceBackend:
    """D accepted pairings, F + C of them flagged, C of those accepted again since."""
    backend = WorkspaceBackend()
    backend.open(folder / "flags.reconcile", create=True)
    workspace = backend.workspace
    invoices = [invoice(i) for i in range(decisions)]
    workspace.save_invoices("Elevate Billing", invoices)
    accepts = [
        Decision(DecisionKind.ACCEPT, (item.key,), (LineKey("bank.csv", i + 2),))
        for i, item in enumerate(invoices)
    ]
    workspace.record_decisions(accepts)
    changed = {i: invoice(i, Decimal("0.50")) for i in range(flagged + cleared)}
    workspace.save_invoices("Elevate Billing", [changed.get(i, x) for i, x in enumerate(invoices)])
    again = [replace(accepts[i], reason="confirmed") for i in range(flagged, flagged + cleared)]
    workspace.record_decisions(again)
    return backend


def session_over(backend: WorkspaceBackend) -> tuple[ReviewSession, list[float]]:
    """The session as the window makes it, and the seconds each of its flag refreshes
    took (appended as they happen)."""
    reader = getattr(backend, "review_flag_changes", None)
    if reader is None:  # older code: the session read every flag after each step
        reader = backend.review_flags
        flags = reader()
    else:  # holding none, every flag in force is new
        flags = reader(frozenset()).new
    session = ReviewSession(backend.record, backend.undo, user="bench", review_flags=reader)
    session.set_review_flags(flags)
    spent: list[float] = []
    refresh = session.refresh_review_flags

    def timed() -> None:
        start = time.perf_counter()
        refresh()
        spent.append(time.perf_counter() - start)

    session.refresh_review_flags = timed  # type: ignore[method-assign]
    return session, spent


def median_ms(action: Callable[[], object]) -> float:
    took = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        took.append(time.perf_counter() - start)
    return statistics.median(took) * 1000


def match_of(i: int, item: Invoice) -> Match:
    return Match((item,), (line(i, item),), 0.9, (), "bench", MatchState.ACCEPTED)


def step_ms(backend: WorkspaceBackend, match: Match, verb: str) -> tuple[float, float]:
    """One step and its undo, through the session and its undo stack: the median time
    of the two, and of the two flag refreshes they make."""
    session, spent = session_over(backend)
    session.set_reconciliation(
        Reconciliation((match.invoices[0],), (match.lines[0],), (match,), ())
    )
    refreshes: list[float] = []

    def step() -> None:
        spent.clear()
        getattr(session, verb)([session.matches[0]])
        session.undo_stack.undo()
        refreshes.append(sum(spent))

    whole = median_ms(step)
    return whole, statistics.median(refreshes) * 1000


def main(decisions: int, flagged: int, cleared: int) -> None:
    _app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="bench-review-flags-") as name:
        backend = build(Path(name), decisions, flagged, cleared)
        print(f"{decisions:,} decisions, {flagged:,} flagged, {cleared:,} flags cleared")
        every_flag = backend.workspace.decisions_needing_review
        print(f"  read every flag (baseline): {median_ms(every_flag):8.2f} ms")
        never = decisions - 1  # never flagged: the step rejects its accept
        for label, index, verb in (
            ("step on no flagged decision", never, "reject"),
            ("step clearing a flag", 0, "accept"),  # confirms it again; undo restores it
        ):
            item = backend.workspace.load_invoices()[index]
            whole, flags = step_ms(backend, match_of(index, item), verb)
            print(
                f"  {label}, and its undo: {whole:8.2f} ms, of which reading the flags "
                f"{flags:.2f} ms"
            )
        backend.close()


if __name__ == "__main__":
    sizes = [int(arg) for arg in sys.argv[1:4]] or [10_000, 500, 1_500]
    main(*sizes)
