"""Writing a report leaves a thread waiting for the interpreter lock room to run.

The sheets go to their files 8 KB a write; each write lets the lock go and takes it straight back, which CPython counts as a switch, so a thread
waiting for it (the window's GUI thread) did not get it until the writes stopped: a
heartbeat on another thread went quiet for up to a second at a time while 20,000 rows
were written. The writer now lets a waiting thread in every hundredth of a second
(``lock_sharing``). Told by counts, not times: how many rows were written between two
beats of a thread that sleeps 5 ms at a time.
"""

from __future__ import annotations

import itertools
import threading
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from desktop_app.domain import Reconciliation, StatementLine
from desktop_app.export import ReportContext, write_report
from desktop_app.lock_sharing import LockSharing
from tests.export.scenario import GENERATED_AT

ROWS = 20_000
# Rows written between two beats at most: progress is said every 1,000 rows, and a beat
# came at least every few hundred rows once the writer shared the lock (every 5,000 to
# 15,000 rows before).
MOST_BETWEEN_BEATS = 3_000


def _lines(count: int) -> tuple[StatementLine, ...]:
    start = date(2025, 1, 1)
    return tuple(
        StatementLine(
            "bank.csv",
            row + 2,
            start + timedelta(days=row % 300),
            Decimal(row % 9000 + 1) / 100,
            "GBP",
            f"FASTER PAYMENT {row:07d} CUSTOMER {row % 97}",
        )
        for row in range(count)
    )


def test_a_waiting_thread_runs_while_a_report_is_written(tmp_path: Path) -> None:
    reconciliation = Reconciliation((), _lines(ROWS), (), ())
    written = [0]  # rows said written so far (every 1,000)

    def progress(done: int, total: int | None, message: str) -> None:
        written[0] = done

    finished = threading.Event()
    beats: list[int] = []  # the rows written by each beat

    def heartbeat() -> None:
        while not finished.is_set():
            time.sleep(0.005)
            beats.append(written[0])

    beating = threading.Thread(target=heartbeat)
    beating.start()
    try:
        write_report(
            reconciliation,
            tmp_path / "large.xlsx",
            context=ReportContext(GENERATED_AT),
            progress=progress,
        )
    finally:
        finished.set()
        beating.join()
    gaps = [later - earlier for earlier, later in itertools.pairwise(beats)]
    assert beats[-1] >= ROWS
    assert max(gaps) <= MOST_BETWEEN_BEATS


def test_it_lets_go_once_an_interval_whatever_it_is_called(monkeypatch) -> None:
    """Called a thousand times within an interval, it sleeps once: each row costs the
    writer a look at the clock, not a system call."""
    from desktop_app import lock_sharing

    now = [100.0]
    slept: list[float] = []
    monkeypatch.setattr(lock_sharing.time, "monotonic", lambda: now[0])
    monkeypatch.setattr(lock_sharing.time, "sleep", slept.append)
    share = LockSharing(0.01)
    for _ in range(1_000):
        share()
    assert slept == []
    now[0] += 0.01
    for _ in range(1_000):
        share()
    assert slept == [0]
    assert share.shared == 1
