"""One account's MT940 and CAMT.053 downloads that overlap: each booking of the days both
hold is kept once by a run (``import_statements``, what ``reconcile`` imports with), so
matching sees each payment once; another account's download is its own."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from desktop_app.domain import LineKey
from desktop_app.export.context import StatementUsed
from desktop_app.export.summary_data import continuity
from desktop_app.matching import reconcile
from desktop_app.pipeline import import_statements
from tests.statements.format_pair_files import (
    CAMT_LINES,
    INVOICES,
    MT940_LINES,
    OTHER_ACCOUNT,
    SAME_BOOKINGS,
    duplicate_payments,
    keys,
    write_pair,
)


def test_a_run_keeps_the_overlap_of_one_accounts_two_formats_once(tmp_path: Path) -> None:
    first, second = write_pair(tmp_path)
    result = import_statements([first, second])
    assert keys(result.lines) == [*MT940_LINES, "oct-b.xml:16"]
    assert {str(d.line.key): str(d.same_as.key) for d in result.duplicates} == SAME_BOOKINGS
    assert all(duplicate.worded_differently for duplicate in result.duplicates)
    assert str(result.duplicates[0]) == (
        "oct-b.xml:10 repeats oct-a.sta:7, worded differently: the same account's booking "
        "of that day, amount and currency"
    )


def test_the_other_order_keeps_the_camt_lines_and_the_mt940_days_before_them(
    tmp_path: Path,
) -> None:
    first, second = write_pair(tmp_path)
    result = import_statements([second, first])
    assert keys(result.lines) == [*CAMT_LINES, "oct-a.sta:5"]
    assert {str(d.same_as.key): str(d.line.key) for d in result.duplicates} == SAME_BOOKINGS


def test_the_two_equal_coffees_of_each_file_are_two_payments(tmp_path: Path) -> None:
    first, second = write_pair(tmp_path)
    coffees = [
        line for line in import_statements([first, second]).lines if line.amount == Decimal("-4.50")
    ]
    assert keys(coffees) == ["oct-a.sta:9", "oct-a.sta:11"]


def test_another_accounts_camt_download_is_its_own(tmp_path: Path) -> None:
    first, second = write_pair(tmp_path, camt_account=OTHER_ACCOUNT)
    result = import_statements([first, second])
    assert keys(result.lines) == [*MT940_LINES, *CAMT_LINES]
    assert result.duplicates == ()  # (stored whole too: tests/workspace/test_two_formats)


def test_matching_the_runs_lines_finds_no_duplicate_payment(tmp_path: Path) -> None:
    """The invoice paid on a day both downloads hold was paid once: seen twice, it was
    reported as paid twice (DUPLICATE_PAYMENT)."""
    result = reconcile(INVOICES, import_statements(list(write_pair(tmp_path))).lines)
    assert duplicate_payments(result) == []
    paid = {str(i.key.invoice_id) for match in result.matches for i in match.invoices}
    assert paid == {"EL-2025-00165", "EL-2025-00170", "EL-2025-00171"}


def test_the_two_downloads_follow_each_other_once_the_overlap_is_held_once(
    tmp_path: Path,
) -> None:
    """The CAMT download opens where the MT940 one stood before its first day, once its
    lines held under the MT940 file's rows count for it (as the report compares them)."""
    imported = import_statements(list(write_pair(tmp_path)))
    result = reconcile(INVOICES, imported.lines)
    by_file: dict[str, dict[LineKey, LineKey]] = {}
    for duplicate in imported.duplicates:
        by_file.setdefault(duplicate.line.source_file, {})[duplicate.line.key] = (
            duplicate.same_as.key
        )
    used = [
        StatementUsed.of_import(each, by_file.get(each.source_file)) for each in imported.imports
    ]
    steps = continuity(result, used).steps
    assert steps
    assert [str(step) for step in steps if not step.follows] == []
