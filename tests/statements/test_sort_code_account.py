"""An account number above the table keeps the sort code the preamble gives with it.

A UK bank numbers accounts per branch: "Sort code 12-34-56 Account 12345678" and "Sort
code 65-43-21 Account 12345678" are two accounts. The preamble's account was read
without its sort code, so the two had one account's key and their equal movements
(each account's monthly fee) were held once, one of them lost as a duplicate. Kept with
its sort code, the account meets its own other downloads however the sort code is
written (``account_key``), and never another branch's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.statements import account_key, import_statement
from tests.statements.held import held, steps_of

_TABLE = "\nDate,Description,Amount\n01/10/2025,monthly fee,-5.00\n13/10/2025,salary,2000.00\n"


@pytest.mark.parametrize(
    "preamble",
    [
        "Sort code 12-34-56 Account 12345678",
        "Sort code: 12-34-56 Account: 12345678",
        "Sort code,12-34-56,Account,12345678",
        "Sort code: 12-34-56\nAccount number: 12345678",
        "Account number,12345678\nSort code,12-34-56",
    ],
)
def test_the_preamble_account_keeps_its_sort_code(
    write_csv: Callable[..., Path], preamble: str
) -> None:
    result = import_statement(write_csv(preamble + "\n" + _TABLE))

    assert result.account == "12-34-56 12345678"
    assert result.layout is not None
    said = dict(result.layout.evidence)["account"]
    assert said[0].startswith("12-34-56 12345678, from '")
    assert "'sort code' in row" in said[0]


def test_one_number_at_two_branches_is_two_accounts(tmp_path: Path) -> None:
    first, second = tmp_path / "branch-a.csv", tmp_path / "branch-b.csv"
    first.write_text("Sort code 12-34-56 Account 12345678\n" + _TABLE)
    second.write_text("Sort code 65-43-21 Account 12345678\n" + _TABLE)

    _, lines = held(first, second)

    assert sorted(line.key.source_file for line in lines) == [
        "branch-a.csv",
        "branch-a.csv",
        "branch-b.csv",
        "branch-b.csv",
    ]


def test_one_account_with_its_sort_code_written_two_ways_is_held_once(tmp_path: Path) -> None:
    first, second = tmp_path / "october.csv", tmp_path / "october-again.csv"
    first.write_text("Sort code: 12-34-56\nAccount number: 12345678\n" + _TABLE)
    second.write_text("Account,12345678\nSort code,123456\n" + _TABLE)

    _, lines = held(first, second)

    assert [line.key.source_file for line in lines] == ["october.csv", "october.csv"]


@pytest.mark.parametrize(
    "preamble",
    [
        "Sort code: 12 34 56\nAccount: 12345678",
        "Sort code 12 34 56 Account 12345678",
        "Sort code,123456,Account,1234 5678",
    ],
)
def test_a_sort_code_written_with_spaces_names_the_account_as_its_dash_form(
    write_csv: Callable[..., Path], preamble: str
) -> None:
    """Kept as written, "12 34 56 12345678" was keyed as one run of digits: it met
    neither the dash form nor the number alone, and their overlap was added twice."""
    result = import_statement(write_csv(preamble + "\n" + _TABLE))

    assert result.account == "12-34-56 12345678"


def test_a_number_without_a_sort_code_is_read_as_before(write_csv: Callable[..., Path]) -> None:
    assert import_statement(write_csv("Account: 12345678\n" + _TABLE)).account == "12345678"


_COLUMNS = (
    "Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,"
    "Debit Amount,Credit Amount,Balance\n"
    "01/10/2025,DEB,'12-34-56,12345678,monthly fee,5.00,,995.00\n"
    "13/10/2025,FPI,'12-34-56,12345678,salary,,2000.00,2995.00\n"
)


def test_a_sort_code_column_is_read_with_the_account_number_column(
    write_csv: Callable[..., Path],
) -> None:
    """A UK export with the two in columns of their own (Lloyds') names the account as
    a preamble does, so the two downloads of one account meet."""
    result = import_statement(write_csv(_COLUMNS))

    assert result.account == "12-34-56 12345678"
    assert result.layout is not None
    assert dict(result.layout.evidence)["account"] == (
        "12-34-56 12345678, from columns 'Sort Code' and 'Account Number'",
    )


def test_a_sort_code_column_written_with_spaces_names_the_account_as_its_dash_form(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(_COLUMNS.replace("'12-34-56", "12 34 56")))

    assert result.account == "12-34-56 12345678"
    assert account_key(result.account) == account_key("12-34-56 12345678")


def test_a_column_export_and_a_preamble_export_of_one_account_meet(tmp_path: Path) -> None:
    columns, preamble = tmp_path / "lloyds.csv", tmp_path / "lloyds-statement.csv"
    columns.write_text(_COLUMNS)
    preamble.write_text("Sort code 12-34-56 Account 12345678\n" + _TABLE)

    _, lines = held(columns, preamble)

    assert [line.key.source_file for line in lines] == ["lloyds.csv", "lloyds.csv"]


def test_a_run_holds_the_number_alone_and_with_its_sort_code_as_one_account(
    tmp_path: Path,
) -> None:
    """A download without the Sort Code column (or read before it was kept) names the
    number alone: it is the account's that names the number with its sort code, for
    duplicates and for continuity, and the Summary names the account with its sort code."""
    columns, bare = tmp_path / "lloyds.csv", tmp_path / "lloyds-number.csv"
    columns.write_text(_COLUMNS)
    bare.write_text(
        _COLUMNS.replace("Sort Code,", "").replace("'12-34-56,", "")
        + "20/10/2025,SO,12345678,rent,1000.00,,1995.00\n"
    )

    _, lines = held(columns, bare)
    steps = steps_of(columns, bare)

    assert [str(line.key) for line in lines] == [
        "lloyds.csv:2",
        "lloyds.csv:3",
        "lloyds-number.csv:4",
    ]
    assert [(step.follows, step.account) for step in steps] == [(True, "12-34-56 12345678")]
