"""A line stating no currency is the same movement as a line of a stated currency.

A statement that states no currency (a bank's workbook) beside one of the same account
that states it (its csv with a Currency column) words each booking alike but for the
currency: the overlap was held twice (the payments twice, a break between the files).
Now a line of no currency stated repeats a kept line the same but for its currency, and
the other way about; two currencies stated are two movements, and equal lines are still
counted (``dedup.currency_alike``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from desktop_app.domain import StatementLine
from desktop_app.statements import import_statement
from desktop_app.statements.dedup import Duplicate, KeptLines
from desktop_app.statements.mapping import Mapping
from desktop_app.ui.backend.session_statements import SessionStatements
from tests.statements.currency_overlap_files import (
    HELD,
    REPEATED,
    STATED,
    write_stated,
    write_unstated,
)
from tests.statements.held import held

DAY = dt.date(2025, 11, 7)


def booked(
    source: str, row: int, currency: str | None, text: str = "COFFEE", *, cell: str = ""
) -> StatementLine:
    return StatementLine(source, row, DAY, Decimal("-3.50"), currency, text, currency_cell=cell)


def repeats(kept: KeptLines, lines: Sequence[StatementLine], account: str | None) -> dict:
    merged = kept.merge(lines, account, {})
    return {str(key): str(same.key) for key, same in merged.repeats.items()}


def test_a_line_of_no_currency_repeats_the_line_of_the_stated_one_and_back() -> None:
    for account in (None, "GB29NWBK60161331926819"):
        kept = KeptLines()
        assert repeats(kept, [booked("a.csv", 2, "GBP")], account) == {}
        assert repeats(kept, [booked("b.xlsx", 2, None)], account) == {"b.xlsx:2": "a.csv:2"}
        fresh = KeptLines()
        assert repeats(fresh, [booked("b.xlsx", 2, None)], account) == {}
        assert repeats(fresh, [booked("a.csv", 2, "GBP")], account) == {"a.csv:2": "b.xlsx:2"}


def test_two_currencies_stated_are_two_movements() -> None:
    kept = KeptLines()
    repeats(kept, [booked("a.csv", 2, "GBP")], None)
    assert repeats(kept, [booked("b.csv", 2, "EUR")], None) == {}


def test_equal_lines_are_counted_whatever_currency_they_state() -> None:
    """Two coffees of no currency stated beside one of GBP: one repeats it, the other is
    kept. A third file of GBP holding two repeats the GBP one and the kept one; one
    of EUR beside them all is another movement."""
    kept = KeptLines()
    repeats(kept, [booked("a.csv", 2, "GBP")], None)
    unstated = [booked("b.xlsx", row, None) for row in (2, 3)]
    assert repeats(kept, unstated, None) == {"b.xlsx:2": "a.csv:2"}
    stated = [booked("c.csv", row, "GBP") for row in (2, 3)]
    assert repeats(kept, stated, None) == {"c.csv:2": "a.csv:2", "c.csv:3": "b.xlsx:3"}
    assert repeats(kept, [booked("d.csv", 2, "EUR")], None) == {}


def test_a_line_of_no_currency_a_stated_one_repeated_is_of_that_currency() -> None:
    """A line of GBP repeated the kept coffee of no currency: it is a GBP coffee, so a
    EUR coffee is another movement, not a repeat of it; a GBP one still repeats it."""
    kept = KeptLines()
    repeats(kept, [booked("b.xlsx", 2, None)], None)
    assert repeats(kept, [booked("a.csv", 2, "GBP")], None) == {"a.csv:2": "b.xlsx:2"}
    assert repeats(kept, [booked("d.csv", 2, "EUR")], None) == {}
    assert repeats(kept, [booked("e.csv", 2, "GBP")], None) == {"e.csv:2": "b.xlsx:2"}


def test_another_text_or_an_unread_currency_is_not_the_same_line() -> None:
    kept = KeptLines()
    repeats(kept, [booked("a.csv", 2, "GBP")], None)
    assert repeats(kept, [booked("b.xlsx", 2, None, "TEA")], None) == {}
    assert repeats(kept, [booked("c.csv", 2, None, cell="EURO")], None) == {}


def test_the_repeat_is_not_said_to_be_worded_differently() -> None:
    duplicate = Duplicate(booked("b.xlsx", 2, None), booked("a.csv", 2, "GBP"))
    assert not duplicate.worded_differently
    assert str(duplicate) == "b.xlsx:2 repeats a.csv:2"


def test_a_run_holds_the_overlap_once(tmp_path: Path) -> None:
    stated, unstated = write_stated(tmp_path), write_unstated(tmp_path)
    statements, lines = held(stated, unstated)
    assert [str(line.key) for line in lines] == HELD
    assert {str(key): str(same) for key, same in statements[1].repeats.items()} == REPEATED


def test_a_file_given_the_currency_by_a_mapping_meets_one_stating_none(tmp_path: Path) -> None:
    """The csv without its Currency column, given GBP by a mapping (``--mapping``),
    beside the workbook stating none: the overlap once, as with the column."""
    text = "".join(
        ",".join(cell for index, cell in enumerate(row.split(",")) if index != 3) + "\n"
        for row in STATED.splitlines()
    )
    stated, unstated = write_stated(tmp_path, text), write_unstated(tmp_path)
    read = import_statement(stated, mapping=Mapping(currency="GBP"))
    assert {line.currency for line in read.lines} == {"GBP"}
    session = SessionStatements()
    session.add(read)
    added = session.add(import_statement(unstated))
    assert [str(line.key) for line in added.kept] == ["nov-late.xlsx:4"]


def test_the_session_adds_only_the_new_booking(tmp_path: Path) -> None:
    stated, unstated = write_stated(tmp_path), write_unstated(tmp_path)
    session = SessionStatements()
    session.add(import_statement(stated))
    added = session.add(import_statement(unstated))
    assert [str(line.key) for line in added.kept] == ["nov-late.xlsx:4"]


def test_a_file_of_no_account_and_no_currency_is_the_named_accounts_download() -> None:
    """A statement naming its account and stating GBP, then a download naming neither:
    the download is that account's (``one_account``), its coffee the account's coffee,
    either way about."""
    named = "GB29NWBK60161331926819"
    kept = KeptLines()
    repeats(kept, [booked("a.csv", 2, "GBP")], named)
    assert repeats(kept, [booked("b.xlsx", 2, None)], None) == {"b.xlsx:2": "a.csv:2"}
    fresh = KeptLines()
    repeats(fresh, [booked("b.xlsx", 2, None)], None)
    assert repeats(fresh, [booked("a.csv", 2, "GBP")], named) == {"a.csv:2": "b.xlsx:2"}
