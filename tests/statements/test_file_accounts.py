"""The accounts of a statement file of several: each account's rows, currency and
balances as the reader found them, kept in the stored layout (where de-duplication does
not look) and read back, a statement stored before naming none."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.statements.file_accounts import (
    ACCOUNTS_KEY,
    NAMED_KEY,
    FileAccount,
    accounts_in_layout,
    accounts_named,
    file_accounts,
    named_in_layout,
    with_accounts,
)
from desktop_app.statements.formats.mt940 import read_mt940
from desktop_app.statements.importer import import_statement

GB, DE = "GB29NWBK60161331926819", "DE89370400440532013000"


def test_an_accounts_rows_are_runs_no_other_accounts_row_falls_in() -> None:
    """Statements of two accounts interleaved (an MT940 of daily statements of each):
    each account's rows are the runs between the other's, and only its rows are held."""
    rows_of = {(GB, "GBP"): [3, 5, 20, 22], (DE, "EUR"): [10, 12, 30]}
    balances = {(GB, "GBP"): (Decimal("1.00"), Decimal("2.00"))}
    gbp, eur = file_accounts(rows_of, balances)
    assert gbp == FileAccount(GB, "GBP", Decimal("1.00"), Decimal("2.00"), 4, ((3, 5), (20, 22)))
    assert eur == FileAccount(DE, "EUR", None, None, 3, ((10, 12), (30, 30)))
    assert [row for row in range(40) if gbp.holds(row)] == [3, 4, 5, 20, 21, 22]
    assert [row for row in range(40) if eur.holds(row)] == [10, 11, 12, 30]


def test_accounts_are_kept_in_the_layout_and_read_back() -> None:
    accounts = file_accounts(
        {(GB, "GBP"): [2, 4], (DE, "EUR"): [7]},
        {(GB, "GBP"): (Decimal("1000.00"), Decimal("1426.67")), (DE, "EUR"): (None, None)},
    )
    layout = with_accounts({"format": "camt.053", "stated_period": [None, None]}, accounts)
    assert layout["format"] == "camt.053"  # what de-duplication reads is as it was
    assert accounts_in_layout(layout) == accounts
    assert with_accounts({"format": "csv"}, ()) == {"format": "csv"}  # one account: as before


@pytest.mark.parametrize(
    "value",
    [
        None,
        "GB29",
        [{"account": GB}],
        [{"account": GB, "currency": "GBP", "opening": "x", "closing": None, "lines": 1,
          "rows": [[1, 1]]}],
        [{"account": GB, "currency": "GBP", "opening": None, "closing": None, "lines": 1,
          "rows": [[3, 1]]}],
        [{"account": 5, "currency": "GBP", "opening": None, "closing": None, "lines": 1,
          "rows": [[1, 1]]}],
    ],
)  # fmt: skip
def test_a_layout_stored_before_or_damaged_names_no_accounts(value: Any) -> None:
    layout = {"format": "camt.053"} if value is None else {ACCOUNTS_KEY: value}
    assert accounts_in_layout(layout) == ()


def test_the_accounts_are_named_by_one_rule() -> None:
    assert accounts_named(None, [GB, DE, None]) == f"{DE}; {GB}"
    assert accounts_named(GB, [GB]) == GB
    assert accounts_named(None, []) is None


def test_an_mt940_of_two_accounts_keeps_each_accounts_balances() -> None:
    text = (
        f":20:S1\n:25:{DE}\n:28C:1/1\n:60F:C251031EUR200,00\n"
        ":61:2511031103D13,57NTRFNONREF\n:86:Tea\n:62F:C251103EUR186,43\n-\n"
        f":20:S2\n:25:{GB}\n:28C:1/1\n:60F:C251031GBP1000,00\n"
        ":61:2511041104C21,13NTRFNONREF\n:86:Refund\n:62F:C251104GBP1021,13\n-\n"
        f":20:S3\n:25:{DE}\n:28C:2/1\n:60F:C251103EUR186,43\n"
        ":61:2511051105D6,43NTRFNONREF\n:86:Fee\n:62F:C251105EUR180,00\n-\n"
    )
    parsed = read_mt940(text.encode(), "two.sta")
    assert (parsed.account, parsed.opening_balance, parsed.closing_balance) == (None, None, None)
    eur, gbp = parsed.accounts
    # the euro account's two statements: the first's opening, the last's closing
    assert (eur.account, eur.currency, eur.opening_balance, eur.closing_balance) == (
        DE, "EUR", Decimal("200.00"), Decimal("180.00"),
    )  # fmt: skip
    assert (gbp.account, gbp.currency, gbp.opening_balance, gbp.closing_balance) == (
        GB, "GBP", Decimal("1000.00"), Decimal("1021.13"),
    )  # fmt: skip
    by_account = {line.row: eur.holds(line.row) for line in parsed.lines}
    assert [line.amount for line in parsed.lines if by_account[line.row]] == [
        Decimal("-13.57"),
        Decimal("-6.43"),
    ]
    assert [line.amount for line in parsed.lines if gbp.holds(line.row)] == [Decimal("21.13")]
    assert (eur.line_count, gbp.line_count) == (2, 1)


def test_a_file_of_one_account_has_no_accounts() -> None:
    text = (
        f":20:S1\n:25:{DE}\n:28C:1/1\n:60F:C251031EUR200,00\n"
        ":61:2511031103D13,57NTRFNONREF\n:86:Tea\n:62F:C251103EUR186,43\n-\n"
    )
    assert read_mt940(text.encode(), "one.sta").accounts == ()


def test_the_accounts_an_account_column_names_are_kept_in_the_layout(tmp_path: Path) -> None:
    """A csv whose Account column names two accounts: the statement's own account (which
    de-duplication reads) is none, its lines each name theirs, and the layout keeps the
    accounts the file names, as a report names them, for a report of it held."""
    path = tmp_path / "two.csv"
    path.write_text(
        "Date,Description,Amount,Currency,Account Number\n"
        "2025-03-01,A,10.00,GBP,22222222\n2025-03-02,B,-5.00,GBP,11111111\n",
        encoding="utf-8",
    )
    imported = import_statement(path)
    assert imported.account is None
    layout = imported.stored_layout()
    assert layout[NAMED_KEY] == "11111111; 22222222" == imported.accounts_named
    assert named_in_layout(layout) == "11111111; 22222222"
    assert ACCOUNTS_KEY not in layout  # no account's statement states balances


def test_a_file_naming_only_its_own_account_keeps_no_names(tmp_path: Path) -> None:
    """One account in the column is the statement's own: its layout is as before."""
    path = tmp_path / "one.csv"
    path.write_text(
        "Date,Description,Amount,Currency,Account Number\n2025-03-01,A,10.00,GBP,11111111\n",
        encoding="utf-8",
    )
    imported = import_statement(path)
    assert imported.account == "11111111"
    assert NAMED_KEY not in imported.stored_layout()
    assert with_accounts({"format": "csv"}, (), None) == {"format": "csv"}


@pytest.mark.parametrize("value", [None, 5, "", "  ", ["11111111"]])
def test_names_stored_before_or_damaged_are_none(value: Any) -> None:
    layout = {"format": "csv"} if value is None else {NAMED_KEY: value}
    assert named_in_layout(layout) is None
