"""A bank's later download of one account's table, its texts extended, repeats the first.

Two files of one kind word a booking alike, so another wording there is another payment
(a second payer's equal payment that day, ``test_dedup_formats``). But a table states the
running balance after each booking: where both lines state it and it agrees, the line is
the same booking, whatever its text, and counted as the others (two equal coffees of a day
leave two balances, and each pairs with its own, in whichever order a file lists them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from desktop_app.domain import StatementLine
from desktop_app.statements import import_statement
from desktop_app.statements.dedup import KeptLines
from desktop_app.ui.backend.session_statements import SessionStatements
from tests.statements.held import held
from tests.statements.redownload_files import REPEATED, write_downloads

ACCOUNT = "DE89370400440532013000"
DAY = dt.date(2025, 3, 5)


def booked(source: str, row: int, amount: str, text: str, balance: str | None) -> StatementLine:
    return StatementLine(
        source,
        row,
        DAY,
        Decimal(amount),
        "EUR",
        text,
        balance=None if balance is None else Decimal(balance),
    )


def repeats(kept: KeptLines, lines: Sequence[StatementLine]) -> dict[str, str]:
    merged = kept.merge(lines, ACCOUNT, {})
    return {str(key): str(same.key) for key, same in merged.repeats.items()}


def test_a_booking_worded_otherwise_with_the_same_balance_repeats_it() -> None:
    kept = KeptLines()
    first = [
        booked("a.csv", 2, "-3.50", "Kaffee", "96.50"),
        booked("a.csv", 3, "-3.50", "Kaffee", "93.00"),
    ]
    later = [  # newest first: each pairs with the booking of its balance
        booked("b.csv", 2, "-3.50", "Kaffee / Kartenzahlung", "93.00"),
        booked("b.csv", 3, "-3.50", "Kaffee / Kartenzahlung", "96.5"),
        booked("b.csv", 4, "-3.50", "Kaffee / Kartenzahlung", "89.50"),
    ]
    assert repeats(kept, first) == {}
    assert repeats(kept, later) == {"b.csv:2": "a.csv:3", "b.csv:3": "a.csv:2"}


def test_another_balance_is_another_payment_of_the_same_amount() -> None:
    kept = KeptLines()
    repeats(kept, [booked("a.csv", 2, "-3.50", "Kaffee", "96.50")])
    assert repeats(kept, [booked("b.xlsx", 2, "-3.50", "Bäckerei", "93.00")]) == {}


def test_a_balance_only_one_file_states_pairs_no_booking_of_another_wording() -> None:
    kept = KeptLines()
    repeats(kept, [booked("a.csv", 2, "-3.50", "Kaffee", "96.50")])
    assert repeats(kept, [booked("b.csv", 2, "-3.50", "Kaffee / Karte", None)]) == {}
    fresh = KeptLines()
    repeats(fresh, [booked("a.csv", 2, "-3.50", "Kaffee", None)])
    assert repeats(fresh, [booked("b.csv", 2, "-3.50", "Kaffee / Karte", "96.50")]) == {}


def test_a_run_holds_the_later_download_once(tmp_path: Path) -> None:
    first, later = write_downloads(tmp_path)
    statements, lines = held(first, later)
    assert [str(line.key) for line in lines if line.source_file == later.name] == [
        "umsaetze-maerz-neu.csv:4"
    ]
    assert {str(key): str(same) for key, same in statements[1].repeats.items()} == REPEATED


def test_the_session_adds_only_the_new_booking(tmp_path: Path) -> None:
    first, later = write_downloads(tmp_path)
    session = SessionStatements()
    session.add(import_statement(first))
    added = session.add(import_statement(later))
    assert [line.description for line in added.kept] == ["Strom"]
