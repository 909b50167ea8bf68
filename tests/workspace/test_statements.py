"""Imported statements: exact round trips and duplicate movements recognised, not collapsed."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.domain import LineKey
from desktop_app.workspace import StatementConflictError, Workspace, file_sha256, line_identity
from tests.workspace.factories import line, sha

LAYOUT = {"format": "csv", "delimiter": ",", "decimal_mark": ".", "header_row": 1}


def test_lines_and_statement_round_trip_through_a_reopened_file(
    workspace: Workspace, workspace_path: Path
) -> None:
    full = line(
        2,
        "72502.07",
        reference="INV-1",
        counterparty="Acme",
        value_date=date(2025, 3, 5),
        balance=Decimal("0.30"),
        raw=("04/03/2025", "Coffee", "72,502.07", ""),
    )
    bare = line(3, "-0.10", currency=None, raw=())
    layout = {**LAYOUT, "threshold": Decimal("0.1")}
    outcome = workspace.add_statement("march.csv", sha("march"), layout, [full, bare])
    workspace.close()
    with Workspace.open(workspace_path) as reopened:
        lines = reopened.load_lines()
        (record,) = reopened.statements()
    assert lines == (full, bare)
    assert lines[0].raw == full.raw
    assert lines[1].raw == ()
    assert str(lines[0].balance) == "0.30"
    assert record == outcome.statement
    assert record.layout == layout
    assert (record.source_file, record.sha256, record.line_count) == ("march.csv", sha("march"), 2)
    assert record.account is None


def test_reimporting_the_same_file_is_recognised_and_adds_nothing(workspace: Workspace) -> None:
    lines = [line(2), line(3, "-4.00")]
    first = workspace.add_statement("march.csv", sha("march"), LAYOUT, lines)
    again = workspace.add_statement("march.csv", sha("march").upper(), LAYOUT, lines)
    assert (first.added, first.skipped_duplicates, first.already_imported) == (2, 0, False)
    assert (again.added, again.skipped_duplicates, again.already_imported) == (0, 2, True)
    assert again.statement == first.statement
    assert again.duplicates == {
        LineKey("march.csv", 2): LineKey("march.csv", 2),
        lines[1].key: lines[1].key,
    }
    assert len(workspace.load_lines()) == 2


def test_a_held_file_imported_again_is_each_row_as_stored(workspace: Workspace) -> None:
    """Account A's statement holds a £3 tea; a download of no account holds two, the
    first repeating A's and the other a movement of its own. Imported again, each file is
    its rows as the workspace keeps them: A's tea is A's own line, not the download's
    other tea (to which a run would then give A's decisions), and the download's first
    tea is still A's line."""
    account = "GB33BUKB20201555555555"
    own = [line(2, "-3.00", source_file="a.csv", day=3, description="Tea")]
    download = [line(row, "-3.00", source_file="d.csv", day=3, description="Tea") for row in (2, 3)]
    workspace.add_statement("a.csv", sha("a"), LAYOUT, own, account=account)
    workspace.add_statement("d.csv", sha("d"), LAYOUT, download)

    again = workspace.add_statement("a.csv", sha("a"), LAYOUT, own, account=account)
    download_again = workspace.add_statement("d.csv", sha("d"), LAYOUT, download)

    assert again.already_imported
    assert download_again.already_imported
    assert again.duplicates == {own[0].key: own[0].key}
    assert download_again.duplicates == {
        download[0].key: own[0].key,
        download[1].key: download[1].key,
    }
    assert len(workspace.load_lines()) == 2


def test_an_overlapping_statement_adds_only_its_new_lines(workspace: Workspace) -> None:
    march = [line(2, day=28, description="Rent"), line(3, day=30, description="Fee")]
    workspace.add_statement("march.csv", sha("march"), LAYOUT, march)
    april = [
        line(2, day=30, description="  FEE ", source_file="april.csv"),  # same movement
        line(3, day=31, description="Salary", source_file="april.csv"),
    ]
    outcome = workspace.add_statement("april.csv", sha("april"), LAYOUT, april)
    assert (outcome.added, outcome.skipped_duplicates) == (1, 1)
    assert outcome.duplicates == {LineKey("april.csv", 2): LineKey("march.csv", 3)}
    assert [item.key for item in workspace.load_lines()] == [
        LineKey("march.csv", 2),
        LineKey("march.csv", 3),
        LineKey("april.csv", 3),
    ]
    assert [item.key for item in workspace.load_lines("april.csv")] == [LineKey("april.csv", 3)]


def test_a_statement_keeps_its_balances_currency_and_the_lines_it_repeats(
    workspace: Workspace, workspace_path: Path
) -> None:
    """What the report's balance bridge needs of each statement, across a reopen: its
    currency and stated balances, and which of its lines an overlap did not store again
    (with the line kept instead). Taking a statement out forgets its repeats."""
    march = [line(2, day=28, description="Rent"), line(3, day=30, description="Fee")]
    workspace.add_statement(
        "march.csv", sha("march"), LAYOUT, march, balances=(Decimal("100.00"), Decimal("75.00"))
    )
    april = [
        line(2, day=30, description="Fee", source_file="april.csv"),  # march.csv row 3
        line(3, "-1.00", day=31, source_file="april.csv", currency="EUR"),
        line(4, "-2.00", day=31, source_file="april.csv"),
    ]
    workspace.add_statement(
        "april.csv", sha("april"), LAYOUT, april, balances=(Decimal("87.50"), None)
    )
    workspace.close()
    with Workspace.open(workspace_path) as reopened:
        march_record, april_record = reopened.statements()
        reopened.remove_statement("april.csv")
        assert reopened.statements() == (march_record,)
        repeats = reopened.statements()[0].repeats
    assert (march_record.currency, march_record.opening_balance, march_record.closing_balance) == (
        "GBP", Decimal("100.00"), Decimal("75.00"),
    )  # fmt: skip
    assert march_record.repeats == {} == repeats
    assert (april_record.currency, april_record.opening_balance) == ("GBP", Decimal("87.50"))
    assert april_record.closing_balance is None
    assert april_record.repeats == {LineKey("april.csv", 2): LineKey("march.csv", 3)}


def test_identical_rows_that_are_both_real_are_kept_and_counted(workspace: Workspace) -> None:
    two_coffees = [line(2), line(3)]
    outcome = workspace.add_statement("march.csv", sha("march"), LAYOUT, two_coffees)
    assert outcome.added == 2
    three_coffees = [line(r, source_file="export.csv") for r in (5, 6, 7)]
    overlap = workspace.add_statement("export.csv", sha("export"), LAYOUT, three_coffees)
    assert (overlap.added, overlap.skipped_duplicates) == (1, 2)
    assert [item.key for item in workspace.load_lines("export.csv")] == [LineKey("export.csv", 7)]
    one_coffee = [line(9, source_file="late.csv")]
    assert workspace.add_statement("late.csv", sha("late"), LAYOUT, one_coffee).added == 0
    assert len(workspace.load_lines()) == 3


def test_equal_movements_on_two_named_accounts_are_both_kept(workspace: Workspace) -> None:
    fee = line(2, "-5.00", description="Monthly fee")
    workspace.add_statement("march.csv", sha("a"), LAYOUT, [fee], account="GB01 1111")
    other = dataclasses.replace(fee, source_file="other.csv")
    outcome = workspace.add_statement("other.csv", sha("b"), LAYOUT, [other], account="GB02 2222")
    assert outcome.added == 1
    assert outcome.statement.account == "GB02 2222"


def test_one_account_written_two_ways_repeats_its_own_lines(workspace: Workspace) -> None:
    """Nationwide's statement export names the account "Foo current ****12345", its midata
    export "****12345": their overlap is one account's, so it is not added twice. Each
    statement still shows its account as its file wrote it."""
    fee = line(2, "-5.00", description="Fee", source_file="statement.csv")
    first = workspace.add_statement(
        "statement.csv", sha("st"), LAYOUT, [fee], account="Foo current ****12345"
    )
    midata = [
        dataclasses.replace(fee, source_file="midata.csv", row=3),
        line(4, "-9.00", source_file="midata.csv"),
    ]
    outcome = workspace.add_statement("midata.csv", sha("mi"), LAYOUT, midata, account="****12345")
    assert outcome.duplicates == {LineKey("midata.csv", 3): fee.key}
    assert (outcome.added, outcome.skipped_duplicates) == (1, 1)
    assert (first.statement.account, outcome.statement.account) == (
        "Foo current ****12345",
        "****12345",
    )
    # Another account's equal fee is its own.
    other = dataclasses.replace(fee, source_file="other.csv")
    kept = workspace.add_statement("other.csv", sha("ot"), LAYOUT, [other], account="****54321")
    assert (kept.added, kept.skipped_duplicates) == (1, 0)


def test_two_products_showing_the_same_masked_digits_keep_an_equal_fee_each(
    workspace: Workspace,
) -> None:
    """ "Foo current ****12345" and "Foo savings ****12345" are two accounts: the fee on
    each is its own. The midata export's "****12345" names neither product: its copy of
    the fee repeats the current account's, which makes it the current account's
    download, so a later savings statement's equal movement is the savings account's
    own, not the midata export's: kept twice if it was the same (it shows unmatched),
    never one product's movement passed off as a repeat of the other's."""
    fee = line(2, "-5.00", description="Fee", source_file="current.csv")
    workspace.add_statement(
        "current.csv", sha("cu"), LAYOUT, [fee], account="Foo current ****12345"
    )
    savings = dataclasses.replace(fee, source_file="savings.csv")
    kept = workspace.add_statement(
        "savings.csv", sha("sa"), LAYOUT, [savings], account="Foo savings ****12345"
    )
    assert (kept.added, kept.skipped_duplicates) == (1, 0)
    midata = [
        dataclasses.replace(fee, source_file="midata.csv", row=3),
        line(4, "-9.00", description="Shop", source_file="midata.csv"),
    ]
    outcome = workspace.add_statement("midata.csv", sha("mi"), LAYOUT, midata, account="****12345")
    assert outcome.duplicates == {LineKey("midata.csv", 3): fee.key}
    shop = dataclasses.replace(midata[1], source_file="april.csv")
    again = workspace.add_statement(
        "april.csv", sha("ap"), LAYOUT, [shop], account="Foo savings ****12345"
    )
    assert again.duplicates == {}
    assert len(workspace.load_lines()) == 4


def test_each_line_of_a_file_of_several_accounts_is_kept_to_its_own_account(
    workspace: Workspace,
) -> None:
    fee, shop = line(2, "-5.00", description="Fee"), line(3, "-9.00", description="Shop")
    # One file, two accounts, the same fee on each: both are real.
    both = [fee, shop, line(6, "-5.00", description="Fee")]
    outcome = workspace.add_statement(
        "march.csv", sha("both"), LAYOUT, both, line_accounts={2: "CHK", 3: "CHK", 6: "SAV"}
    )
    assert (outcome.added, outcome.statement.account) == (3, None)
    checking = [dataclasses.replace(item, source_file="chk.csv") for item in (fee, shop)]
    again = workspace.add_statement("chk.csv", sha("chk"), LAYOUT, checking, account="CHK")
    assert (again.added, again.skipped_duplicates) == (0, 2)
    assert again.duplicates == {LineKey("chk.csv", 2): fee.key, LineKey("chk.csv", 3): shop.key}
    savings = dataclasses.replace(shop, source_file="sav.csv")
    other = workspace.add_statement("sav.csv", sha("sav"), LAYOUT, [savings], account="SAV")
    assert other.added == 1
    assert len(workspace.load_lines()) == 4


def test_a_file_of_several_accounts_adds_only_what_each_account_lacks(
    workspace: Workspace,
) -> None:
    fee = line(2, "-5.00", description="Fee", source_file="chk.csv")
    workspace.add_statement("chk.csv", sha("chk"), LAYOUT, [fee], account="CHK")
    both = [line(row, "-5.00", description="Fee") for row in (2, 5)]
    outcome = workspace.add_statement(
        "march.csv", sha("both"), LAYOUT, both, line_accounts={2: "CHK", 5: "SAV"}
    )
    assert outcome.duplicates == {LineKey("march.csv", 2): fee.key}
    assert [item.key for item in workspace.load_lines("march.csv")] == [LineKey("march.csv", 5)]


def test_a_file_of_unknown_account_repeats_a_named_accounts_lines(workspace: Workspace) -> None:
    fee = line(2, "-5.00", description="Fee", source_file="chk.camt")
    workspace.add_statement("chk.camt", sha("chk"), LAYOUT, [fee], account="CHK")
    download = [line(row, "-5.00" if row == 2 else "-9.00", description="Fee") for row in (2, 3)]
    outcome = workspace.add_statement("march.csv", sha("csv"), LAYOUT, download)
    assert outcome.duplicates == {LineKey("march.csv", 2): fee.key}
    assert outcome.added == 1


def test_a_named_account_repeats_the_lines_of_unknown_account(workspace: Workspace) -> None:
    """A workspace's earlier downloads named no account; the same account's next statement,
    which does, must not add their overlap again."""
    fees = [line(row, "-5.00", description="Fee", source_file="old.csv") for row in (2, 3)]
    workspace.add_statement("old.csv", sha("old"), LAYOUT, fees)
    named = [line(row, "-5.00", description="Fee", source_file="new.csv") for row in (4, 5, 6)]
    outcome = workspace.add_statement("new.csv", sha("new"), LAYOUT, named, account="CHK")
    assert outcome.duplicates == {
        LineKey("new.csv", 4): fees[0].key,
        LineKey("new.csv", 5): fees[1].key,
    }
    assert [item.key for item in workspace.load_lines("new.csv")] == [LineKey("new.csv", 6)]


def test_a_file_of_unknown_account_repeats_one_account_not_all_together(
    workspace: Workspace,
) -> None:
    """Each of two accounts has one fee that day; a download of either has one. A download
    with two is one account's two fees, of which only one is known."""
    for account in ("CHK", "SAV"):
        fee = line(2, "-5.00", description="Fee", source_file=f"{account}.ofx")
        workspace.add_statement(f"{account}.ofx", sha(account), LAYOUT, [fee], account=account)
    two = [line(row, "-5.00", description="Fee") for row in (2, 3)]
    outcome = workspace.add_statement("march.csv", sha("csv"), LAYOUT, two)
    assert outcome.duplicates == {LineKey("march.csv", 2): LineKey("CHK.ofx", 2)}
    assert outcome.added == 1


def test_an_account_for_a_row_that_is_no_line_is_refused(workspace: Workspace) -> None:
    with pytest.raises(ValueError, match="row 7"):
        workspace.add_statement("march.csv", sha("x"), LAYOUT, [line(2)], line_accounts={7: "A"})
    assert workspace.statements() == ()


def test_identity_ignores_case_spacing_and_trailing_zeros_but_not_amount_or_sign() -> None:
    base = line(2, "-12.50", description="Coffee  Shop")
    assert line_identity(base) == line_identity(line(9, "-12.5", description=" coffee shop"))
    assert line_identity(base) != line_identity(line(2, "12.50", description="Coffee Shop"))
    assert line_identity(base) != line_identity(line(2, "-12.51", description="Coffee Shop"))
    assert line_identity(line(2, "0.00")) == line_identity(line(2, "-0"))
    assert line_identity(line(2, "100")) == line_identity(line(2, "1E+2"))


def test_another_file_with_the_same_name_is_refused_and_nothing_added(
    workspace: Workspace,
) -> None:
    workspace.add_statement("march.csv", sha("march"), LAYOUT, [line(2)])
    with pytest.raises(StatementConflictError, match="rename the new file"):
        workspace.add_statement("march.csv", sha("other"), LAYOUT, [line(2, "-1.00")])
    assert len(workspace.load_lines()) == 1
    assert len(workspace.statements()) == 1


@pytest.mark.parametrize(
    ("digest", "lines", "message"),
    [
        ("abc", [line(2)], "not a SHA-256"),
        (sha("x"), [line(2, source_file="other.csv")], "belongs to another file"),
        (sha("x"), [line(2), line(2, "-1.00")], "row 2 appears twice"),
    ],
)
def test_inconsistent_imports_are_refused(
    workspace: Workspace, digest: str, lines: list[object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        workspace.add_statement("march.csv", digest, LAYOUT, lines)  # type: ignore[arg-type]
    assert workspace.statements() == ()


def test_file_sha256_hashes_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "march.csv"
    path.write_bytes(b"date,amount\n2025-03-04,-12.50\n")
    assert file_sha256(path) == sha("date,amount\n2025-03-04,-12.50\n")


def test_a_held_file_read_differently_names_each_line_that_differs(workspace: Workspace) -> None:
    """A file is kept as first read; read again, each line is compared with the line
    stored for its row, or with the earlier file's line it repeats (an overlap)."""
    jan = [line(2, "-12.50", source_file="jan.csv"), line(3, "-4.00", source_file="jan.csv")]
    workspace.add_statement("jan.csv", sha("jan"), LAYOUT, jan)
    feb = [
        line(2, "-4.00", source_file="feb.csv"),  # repeats jan.csv row 3
        line(3, "-9.99", source_file="feb.csv", day=20),
    ]
    workspace.add_statement("feb.csv", sha("feb"), LAYOUT, feb)
    record = next(r for r in workspace.statements() if r.source_file == "feb.csv")
    assert record.repeats == {LineKey("feb.csv", 2): LineKey("jan.csv", 3)}

    assert workspace.read_differently(record, feb) == []
    misread = [dataclasses.replace(feb[0], amount=Decimal(4)), feb[1]]
    assert workspace.read_differently(record, misread) == [(jan[1], misread[0])]
    extra = [*feb, line(4, "1.00", source_file="feb.csv")]
    assert workspace.read_differently(record, extra) == [(None, extra[2])]
    assert workspace.read_differently(record, feb[1:]) == [(jan[1], None)]  # row 2 left out


def test_the_movements_alone_are_each_stored_lines_file_row_date_amount_and_currency(
    workspace: Workspace,
) -> None:
    """What the statements' continuity reads after every import: quicker than the whole
    lines, and the same movements (an overlap's repeat is not stored, so not read)."""
    march = [line(2, "72502.07", description="Rent"), line(3, "-0.10", currency=None, day=30)]
    workspace.add_statement("march.csv", sha("march"), LAYOUT, march)
    april = [
        line(2, "-0.10", currency=None, day=30, source_file="april.csv"),  # march.csv row 3
        line(3, "-4.00", source_file="april.csv"),
    ]
    workspace.add_statement("april.csv", sha("april"), LAYOUT, april)
    movements = workspace.load_movements()
    full = workspace.load_lines()
    assert len(full) == 3
    assert sorted((m.key, m.date, m.amount, m.currency) for m in movements) == sorted(
        (f.key, f.date, f.amount, f.currency) for f in full
    )
    assert all(m.description == "" and m.raw == () for m in movements)
