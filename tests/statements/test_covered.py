"""The dates a statement covers (``statements.covered``): the period a bank file states,
widened by its movements, else its movements' dates but for one far out of sequence; and
the stated period kept in a workspace's stored layout."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from desktop_app.domain import StatementLine
from desktop_app.statements import import_statement
from desktop_app.statements.covered import (
    NOT_STATED,
    stated_in_layout,
    statement_range,
    statements_range,
    with_stated_period,
)
from tests.pipeline.test_reconcile_stated_period import november_camt
from tests.statements.format_pair_files import OVERLAP, mt940


def line(day: date, row: int, source: str = "a.csv") -> StatementLine:
    return StatementLine(source, row, day, Decimal("-1"), "GBP", "x")


def test_a_camt_states_its_from_to_dates(tmp_path: Path) -> None:
    imported = import_statement(november_camt(tmp_path / "nov.camt.xml"))
    assert imported.stated == (date(2025, 11, 1), date(2025, 11, 30))
    assert [each.date for each in imported.lines] == [date(2025, 11, 3), date(2025, 11, 26)]
    assert stated_in_layout(imported.stored_layout()) == imported.stated


def test_an_mt940_s_balance_dates_state_no_period(tmp_path: Path) -> None:
    """Its opening balance is dated the day the previous statement closed: no period."""
    path = tmp_path / "oct.sta"
    path.write_text(mt940(OVERLAP), encoding="utf-8")
    imported = import_statement(path)
    assert imported.stated == NOT_STATED
    assert "stated_period" not in imported.stored_layout()


def test_the_stated_period_is_widened_by_a_movement_outside_it() -> None:
    stated = (date(2025, 11, 1), date(2025, 11, 30))
    lines = [line(date(2025, 11, 5), 1), line(date(2025, 12, 1), 2)]
    assert statement_range(stated, lines) == (date(2025, 11, 1), date(2025, 12, 1))


def test_a_stray_date_places_no_statement() -> None:
    days = [date(2025, 11, 3), date(2025, 11, 10), date(2025, 4, 11), date(2025, 11, 24)]
    lines = [line(day, row) for row, day in enumerate(days, start=1)]
    assert statement_range(NOT_STATED, lines) == (date(2025, 11, 3), date(2025, 11, 24))


def test_the_run_covers_the_union_of_its_statements() -> None:
    lines = [line(date(2025, 11, 3), 1, "a.csv"), line(date(2025, 12, 9), 1, "b.csv")]
    stated = {"quiet.camt.xml": (date(2025, 10, 1), date(2025, 10, 31))}
    assert statements_range(lines, stated) == (date(2025, 10, 1), date(2025, 12, 9))
    assert statements_range([], {}) is None


def test_a_layout_without_a_readable_period_states_none() -> None:
    assert stated_in_layout({"format": "camt.053"}) == NOT_STATED
    assert stated_in_layout({"stated_period": ["2025-13-01", None]}) == NOT_STATED
    assert stated_in_layout({"stated_period": "2025-11-01"}) == NOT_STATED
    kept = with_stated_period({"format": "ofx"}, (None, date(2025, 11, 30)))
    assert stated_in_layout(kept) == (None, date(2025, 11, 30))
