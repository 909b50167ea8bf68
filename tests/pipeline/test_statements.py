"""The statements of one run: duplicates across files, recognised as the workspace does."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import permutations
from pathlib import Path

import pytest

from desktop_app.pipeline import import_statements
from desktop_app.statements import StatementImportError, import_statement
from desktop_app.statements.same_statement import SameStatement
from desktop_app.workspace import Workspace, file_sha256
from tests.pipeline.nationwide_files import JUNE, nationwide_midata, nationwide_statement
from tests.statements.ofx_files import CAFE, FEE, RENT, SHOP, ofx


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def stored_keys(tmp_path: Path, paths: Sequence[Path]) -> list[str]:
    """The lines a workspace keeps when the same files are imported into it in order."""
    with Workspace.create(tmp_path / "check.reconcile") as workspace:
        for path in paths:
            imported = import_statement(path)
            workspace.add_statement(
                path.name,
                file_sha256(path),
                {},
                imported.lines,
                account=imported.account,
                line_accounts=imported.line_accounts,
            )
        return [str(line.key) for line in workspace.load_lines()]


def test_the_same_movement_on_two_accounts_is_two_movements(tmp_path: Path) -> None:
    first = write(tmp_path / "acct-A.ofx", ofx([("AAA-1", [FEE])]))
    second = write(tmp_path / "acct-B.ofx", ofx([("BBB-2", [FEE])]))
    result = import_statements([first, second])
    assert [str(line.key) for line in result.lines] == ["acct-A.ofx:5", "acct-B.ofx:5"]
    assert result.duplicates == ()
    assert stored_keys(tmp_path, [first, second]) == ["acct-A.ofx:5", "acct-B.ofx:5"]


def test_overlapping_downloads_of_one_account_still_repeat(tmp_path: Path) -> None:
    first = write(tmp_path / "jan.ofx", ofx([("AAA-1", [SHOP, FEE])]))
    again = write(tmp_path / "jan-again.ofx", ofx([("AAA-1", [FEE, CAFE])]))
    result = import_statements([first, again])
    assert [str(line.key) for line in result.lines] == ["jan.ofx:5", "jan.ofx:6", "jan-again.ofx:6"]
    assert [str(duplicate) for duplicate in result.duplicates] == [
        "jan-again.ofx:5 repeats jan.ofx:6"
    ]
    assert stored_keys(tmp_path, [first, again]) == [str(line.key) for line in result.lines]


def test_a_file_of_two_accounts_repeats_only_within_each_account(tmp_path: Path) -> None:
    both = write(tmp_path / "both.ofx", ofx([("CHK-1", [SHOP, CAFE]), ("SAV-2", [RENT])]))
    checking = write(tmp_path / "checking.ofx", ofx([("CHK-1", [SHOP, CAFE, FEE])]))
    # The same movements on the other account are not the checking account's.
    savings_alike = write(tmp_path / "savings.ofx", ofx([("SAV-2", [SHOP])]))
    paths = [both, checking, savings_alike]
    result = import_statements(paths)
    assert [str(line.key) for line in result.lines] == [
        "both.ofx:5",
        "both.ofx:6",
        "both.ofx:9",
        "checking.ofx:7",
        "savings.ofx:5",
    ]
    assert [str(duplicate) for duplicate in result.duplicates] == [
        "checking.ofx:5 repeats both.ofx:5",
        "checking.ofx:6 repeats both.ofx:6",
    ]
    assert stored_keys(tmp_path, paths) == [str(line.key) for line in result.lines]


def test_a_file_of_two_accounts_after_one_of_them_adds_only_the_other(tmp_path: Path) -> None:
    checking = write(tmp_path / "checking.ofx", ofx([("CHK-1", [SHOP, FEE])]))
    both = write(tmp_path / "both.ofx", ofx([("CHK-1", [SHOP]), ("SAV-2", [SHOP, FEE])]))
    result = import_statements([checking, both])
    assert [str(line.key) for line in result.lines] == [
        "checking.ofx:5",
        "checking.ofx:6",
        "both.ofx:8",
        "both.ofx:9",
    ]
    assert [str(duplicate) for duplicate in result.duplicates] == [
        "both.ofx:5 repeats checking.ofx:5"
    ]
    assert stored_keys(tmp_path, [checking, both]) == [str(line.key) for line in result.lines]


IBAN_A, IBAN_B = "DE89370400440532013000", "DE42120300001033738756"
CSV_TABLE = "Date;Text;Amount\n28/02/2024;Account fee;-5,00\n29/02/2024;Shop;-9,00\n"


def test_two_accounts_csv_downloads_keep_the_same_fee_on_each(tmp_path: Path) -> None:
    """The same fee on the same day on two accounts: each file says its IBAN above its
    table, so neither fee repeats the other."""
    first = write(tmp_path / "a.csv", f"IBAN;{IBAN_A}\n\n{CSV_TABLE}")
    second = write(tmp_path / "b.csv", f"IBAN;{IBAN_B}\n\n{CSV_TABLE}")
    result = import_statements([first, second])
    assert [str(line.key) for line in result.lines] == ["a.csv:4", "a.csv:5", "b.csv:4", "b.csv:5"]
    assert result.duplicates == ()
    assert stored_keys(tmp_path, [first, second]) == [str(line.key) for line in result.lines]


def test_a_download_without_its_account_repeats_the_named_statement_it_overlaps(
    tmp_path: Path,
) -> None:
    named = write(tmp_path / "named.csv", f"IBAN;{IBAN_A}\n\n{CSV_TABLE}")
    bare = write(tmp_path / "bare.csv", CSV_TABLE + "01/03/2024;Rent;-700,00\n")
    result = import_statements([named, bare])
    assert [str(line.key) for line in result.lines] == ["named.csv:4", "named.csv:5", "bare.csv:4"]
    assert [str(duplicate) for duplicate in result.duplicates] == [
        "bare.csv:2 repeats named.csv:4",
        "bare.csv:3 repeats named.csv:5",
    ]
    assert stored_keys(tmp_path, [named, bare]) == [str(line.key) for line in result.lines]
    # And the other way round: the named statement after the bare download.
    again = import_statements([bare, named])
    assert [str(line.key) for line in again.lines] == ["bare.csv:2", "bare.csv:3", "bare.csv:4"]
    (tmp_path / "again").mkdir()
    assert stored_keys(tmp_path / "again", [bare, named]) == [str(line.key) for line in again.lines]


@pytest.mark.parametrize("order", list(permutations(("bare", "a", "b"))), ids="-".join)
def test_a_download_naming_no_account_never_joins_two_accounts_equal_fees(
    tmp_path: Path, order: tuple[str, ...]
) -> None:
    """The same fee on the same day on two accounts, and a download naming no account
    that holds it once. Whichever comes first, the download's fee is one account's, and
    the other account's stays: two fees, never one (the download first, and the second
    account's fee was taken for a repeat of it too)."""
    files = {
        "bare": write(tmp_path / "bare.csv", CSV_TABLE),
        "a": write(tmp_path / "a.csv", f"IBAN;{IBAN_A}\n\n{CSV_TABLE}"),
        "b": write(tmp_path / "b.csv", f"IBAN;{IBAN_B}\n\n{CSV_TABLE}"),
    }
    paths = [files[name] for name in order]
    result = import_statements(paths)
    assert [line.description for line in result.lines].count("Account fee") == 2
    assert stored_keys(tmp_path, paths) == [str(line.key) for line in result.lines]


def test_an_account_that_repeats_a_download_of_no_account_claims_the_whole_file(
    tmp_path: Path,
) -> None:
    """The download naming no account holds two equal fees; account A's statement one,
    so it is one of the download's, and the download is A's: account B's fee, and then
    C's, are fees of their own (kept twice rather than lost, should B's be one of them)."""
    fees = "Date;Text;Amount\n28/02/2024;Account fee;-5,00\n28/02/2024;Account fee;-5,00\n"
    fee = "Date;Text;Amount\n28/02/2024;Account fee;-5,00\n"
    paths = [
        write(tmp_path / "bare.csv", fees),
        write(tmp_path / "a.csv", f"IBAN;{IBAN_A}\n\n{fee}"),
        write(tmp_path / "b.csv", f"IBAN;{IBAN_B}\n\n{fee}"),
        write(tmp_path / "c.csv", f"Account;12345678\n\n{fee}"),
    ]
    result = import_statements(paths)
    assert [str(line.key) for line in result.lines] == [
        "bare.csv:2",
        "bare.csv:3",
        "b.csv:4",
        "c.csv:4",
    ]
    assert [str(duplicate) for duplicate in result.duplicates] == ["a.csv:4 repeats bare.csv:2"]
    assert stored_keys(tmp_path, paths) == [str(line.key) for line in result.lines]


def test_two_downloads_of_no_account_that_overlap_are_claimed_by_one_account(
    tmp_path: Path,
) -> None:
    """A download naming no account, and another repeating its fee: one account's two
    downloads, holding two fees. Account B's statement repeats the first download's fee,
    so both downloads are B's, and account A's fee is its own, not the second download's
    other fee: three fees (two if both downloads were A's, one B's own). With each
    download claimed by another account, two were kept."""
    fee = "Date;Text;Amount\n28/02/2024;Account fee;-5,00\n"
    paths = [
        write(tmp_path / "bare.csv", fee),
        write(tmp_path / "bare-more.csv", fee + "28/02/2024;Account fee;-5,00\n"),
        write(tmp_path / "b.csv", f"IBAN;{IBAN_B}\n\n{fee}"),
        write(tmp_path / "a.csv", f"IBAN;{IBAN_A}\n\n{fee}"),
    ]
    result = import_statements(paths)
    assert [str(line.key) for line in result.lines] == ["bare.csv:2", "bare-more.csv:3", "a.csv:4"]
    assert [str(duplicate) for duplicate in result.duplicates] == [
        "bare-more.csv:2 repeats bare.csv:2",
        "b.csv:4 repeats bare.csv:2",
    ]
    assert stored_keys(tmp_path, paths) == [str(line.key) for line in result.lines]


@pytest.mark.parametrize("order", list(permutations(("bare", "a", "b"))), ids="-".join)
def test_a_download_of_no_account_repeats_one_accounts_lines_whatever_comes_first(
    tmp_path: Path, order: tuple[str, ...]
) -> None:
    """Account A's statement holds the fee, account B's the shop; the download naming no
    account holds both, and is one account's: it repeats one account's line, and its
    other line is a movement of its own. Three movements whatever comes first; with the
    download's fee taken for A's and its shop for B's, two were kept."""
    header = "Date;Text;Amount\n"
    fee, shop = CSV_TABLE.removeprefix(header).splitlines(keepends=True)
    files = {
        "bare": write(tmp_path / "bare.csv", CSV_TABLE),
        "a": write(tmp_path / "a.csv", f"IBAN;{IBAN_A}\n\n{header}{fee}"),
        "b": write(tmp_path / "b.csv", f"IBAN;{IBAN_B}\n\n{header}{shop}"),
    }
    paths = [files[name] for name in order]
    result = import_statements(paths)
    assert len(result.lines) == 3
    assert stored_keys(tmp_path, paths) == [str(line.key) for line in result.lines]


def test_a_file_of_two_accounts_after_a_download_of_no_account_adds_one_fee(
    tmp_path: Path,
) -> None:
    """The download's fee is the first account's in a file that holds both accounts'
    equal fees: the second account's is its own."""
    bare = write(tmp_path / "bare.csv", CSV_TABLE)
    text = "Account;Date;Text;Amount\nCHK;28/02/2024;Account fee;-5,00\n"
    both = write(tmp_path / "both.csv", text + "SAV;28/02/2024;Account fee;-5,00\n")
    result = import_statements([bare, both])
    assert [str(line.key) for line in result.lines] == ["bare.csv:2", "bare.csv:3", "both.csv:3"]
    assert [str(duplicate) for duplicate in result.duplicates] == ["both.csv:2 repeats bare.csv:2"]
    assert stored_keys(tmp_path, [bare, both]) == [str(line.key) for line in result.lines]


def test_a_files_own_lines_of_known_and_unknown_account_never_repeat_each_other(
    tmp_path: Path,
) -> None:
    """An account column with a blank cell: the blank line is of unknown account, and the
    same fee on the named line of the same file is another movement."""
    text = "Account;Date;Text;Amount\nCHK;28/02/2024;Fee;-5,00\n;28/02/2024;Fee;-5,00\n"
    both = write(tmp_path / "both.csv", text)
    result = import_statements([both])
    assert [str(line.key) for line in result.lines] == ["both.csv:2", "both.csv:3"]
    assert stored_keys(tmp_path, [both]) == ["both.csv:2", "both.csv:3"]


@pytest.mark.parametrize(
    ("accounts", "named_row"),
    [(("CHK", ""), 2), (("", "CHK"), 3), (("****12345", "Foo current ****12345"), 3)],
)
def test_a_files_two_nested_accounts_never_repeat_one_kept_line_both(
    tmp_path: Path, accounts: tuple[str, str], named_row: int
) -> None:
    """The download naming no account holds the fee once; a later file holds it on a
    named row and on a row naming the account less closely: two movements of its own,
    one of which may be the download's, never both. The named row is the download's
    (its account is known), wherever it stands; the other is a fee of its own."""
    bare = write(tmp_path / "bare.csv", "Date;Text;Amount\n28/02/2024;Fee;-5,00\n")
    rows = "".join(f"{account};28/02/2024;Fee;-5,00\n" for account in accounts)
    both = write(tmp_path / "both.csv", "Account;Date;Text;Amount\n" + rows)
    result = import_statements([bare, both])
    other_row = 5 - named_row
    assert [str(line.key) for line in result.lines] == ["bare.csv:2", f"both.csv:{other_row}"]
    assert [str(duplicate) for duplicate in result.duplicates] == [
        f"both.csv:{named_row} repeats bare.csv:2"
    ]
    assert stored_keys(tmp_path, [bare, both]) == [str(line.key) for line in result.lines]


def test_two_export_kinds_naming_one_account_differently_repeat_their_overlap(
    tmp_path: Path,
) -> None:
    """The statement export says "Foo current ****12345", the midata export "****12345":
    one account, so the three lines both hold are kept once."""
    statement = nationwide_statement(tmp_path / "statement.csv", "Foo current ****12345", JUNE[:4])
    midata = nationwide_midata(tmp_path / "midata.csv", "****12345", JUNE[1:])
    result = import_statements([statement, midata])
    assert [imported.account for imported in result.imports] == [
        "Foo current ****12345",
        "****12345",
    ]
    assert [str(line.key) for line in result.lines] == [
        "statement.csv:6",
        "statement.csv:7",
        "statement.csv:8",
        "statement.csv:9",
        "midata.csv:7",
    ]
    assert [str(duplicate) for duplicate in result.duplicates] == [
        "midata.csv:4 repeats statement.csv:7",
        "midata.csv:5 repeats statement.csv:8",
        "midata.csv:6 repeats statement.csv:9",
    ]
    assert stored_keys(tmp_path, [statement, midata]) == [str(line.key) for line in result.lines]
    (tmp_path / "again").mkdir()
    assert stored_keys(tmp_path / "again", [midata, statement]) == [
        "midata.csv:4",
        "midata.csv:5",
        "midata.csv:6",
        "midata.csv:7",
        "statement.csv:6",
    ]


def test_two_masked_accounts_keep_the_same_fee_on_each(tmp_path: Path) -> None:
    """A guard: the key that joins one account's two export kinds keeps two accounts of
    one bank apart."""
    fee = [("13", "ACCOUNT FEE", "-5.00")]
    first = nationwide_statement(tmp_path / "current.csv", "Foo current ****12345", fee)
    second = nationwide_midata(tmp_path / "savings.csv", "****54321", fee)
    result = import_statements([first, second])
    assert [str(line.key) for line in result.lines] == ["current.csv:6", "savings.csv:4"]
    assert result.duplicates == ()
    assert stored_keys(tmp_path, [first, second]) == ["current.csv:6", "savings.csv:4"]


def test_two_products_showing_the_same_masked_digits_keep_the_same_fee_on_each(
    tmp_path: Path,
) -> None:
    """A current and a savings account ending in the same digits are two accounts: the fee
    on each is its own. The midata export names neither product: it is compared with both
    and repeats the lines of one, the current account's. Imported after the savings
    statement, its fee repeats the savings fee, so it is taken as the savings account's
    download: the current account's statement then keeps its own copy of the midata's
    other movement. Kept twice, it shows unmatched; no movement is lost either way."""
    fee = [("13", "ACCOUNT FEE", "-5.00")]
    current = nationwide_statement(tmp_path / "current.csv", "Foo current ****12345", JUNE[:2])
    savings = nationwide_statement(tmp_path / "savings.csv", "Foo savings ****12345", fee)
    midata = nationwide_midata(tmp_path / "midata.csv", "****12345", JUNE[:2])
    result = import_statements([current, savings, midata])
    kept = ["current.csv:6", "current.csv:7", "savings.csv:6"]
    assert [str(line.key) for line in result.lines] == kept
    assert [str(duplicate) for duplicate in result.duplicates] == [
        "midata.csv:4 repeats current.csv:6",
        "midata.csv:5 repeats current.csv:7",
    ]
    assert stored_keys(tmp_path, [current, savings, midata]) == kept
    (tmp_path / "again").mkdir()
    assert stored_keys(tmp_path / "again", [savings, midata, current]) == [
        "savings.csv:6",
        "midata.csv:4",
        "current.csv:6",
        "current.csv:7",
    ]


def test_a_masked_number_alone_between_two_products_loses_neither_products_movement(
    tmp_path: Path,
) -> None:
    """The current account's coffee, then a download of the masked number alone holding
    two coffees (one repeats the current account's: the download is the current
    account's), then the savings account's coffee: its own, not the download's second.
    Three coffees at least were bought; splitting the download between the two products
    held two."""
    coffee = [("3", "COFFEE", "-4.50")]
    current = nationwide_statement(tmp_path / "current.csv", "Foo current ****12345", coffee)
    masked = nationwide_statement(tmp_path / "masked.csv", "****12345", coffee * 2)
    savings = nationwide_statement(tmp_path / "savings.csv", "Foo savings ****12345", coffee)
    result = import_statements([current, masked, savings])
    kept = ["current.csv:6", "masked.csv:7", "savings.csv:6"]
    assert [str(line.key) for line in result.lines] == kept
    assert stored_keys(tmp_path, [current, masked, savings]) == kept


def test_two_products_keep_their_equal_fees_after_the_masked_number_alone(
    tmp_path: Path,
) -> None:
    """The midata export (the masked number alone) first: its fee is the current
    account's, which repeats it, and the savings account's equal fee is its own."""
    fee = [("13", "ACCOUNT FEE", "-5.00")]
    midata = nationwide_midata(tmp_path / "midata.csv", "****12345", fee)
    current = nationwide_statement(tmp_path / "current.csv", "Foo current ****12345", fee)
    savings = nationwide_statement(tmp_path / "savings.csv", "Foo savings ****12345", fee)
    paths = [midata, current, savings]
    result = import_statements(paths)
    assert [str(line.key) for line in result.lines] == ["midata.csv:4", "savings.csv:6"]
    assert [str(duplicate) for duplicate in result.duplicates] == [
        "current.csv:6 repeats midata.csv:4"
    ]
    assert stored_keys(tmp_path, paths) == ["midata.csv:4", "savings.csv:6"]
    # A later midata export repeats the fee the first held, now the current account's.
    later = nationwide_midata(tmp_path / "later.csv", "****12345", [*fee, JUNE[2]])
    result = import_statements([*paths, later])
    assert [str(duplicate) for duplicate in result.duplicates][1:] == [
        "later.csv:4 repeats midata.csv:4"
    ]
    (tmp_path / "again").mkdir()
    kept = ["midata.csv:4", "savings.csv:6", "later.csv:5"]
    assert [str(line.key) for line in result.lines] == kept
    assert stored_keys(tmp_path / "again", [*paths, later]) == kept


def test_a_german_bank_code_and_account_number_meet_the_accounts_iban(tmp_path: Path) -> None:
    """MT940 names the account by its BLZ and Kontonummer, the csv download by its IBAN
    (DE, check digits, BLZ, the number padded to ten digits): one account, so the shop
    both hold is kept once."""
    march = write(
        tmp_path / "march.sta",
        ":20:STARTUMS\n:25:37040044/0532013000\n:28C:00001/001\n:60F:C250301EUR1000,00\n"
        ":61:2503050305D12,50NTRFNONREF\n:86:Rent\n:61:2503060306D3,00NTRFNONREF\n:86:Shop\n"
        ":62F:C250331EUR984,50\n-\n",
    )
    april = write(
        tmp_path / "april.csv",
        "IBAN;DE89 3704 0044 0532 0130 00\n\nBuchungstag;Verwendungszweck;Betrag;Währung\n"
        "06.03.2025;Shop;-3,00;EUR\n07.03.2025;Tea;-2,00;EUR\n",
    )
    result = import_statements([march, april])
    assert [imported.account for imported in result.imports] == [
        "37040044/0532013000",
        "DE89370400440532013000",
    ]
    assert [str(duplicate) for duplicate in result.duplicates] == [
        "april.csv:4 repeats march.sta:7"
    ]
    kept = ["march.sta:5", "march.sta:7", "april.csv:5"]
    assert [str(line.key) for line in result.lines] == kept
    assert stored_keys(tmp_path, [march, april]) == kept


def test_two_different_files_of_one_name_are_refused_before_they_are_merged(
    tmp_path: Path,
) -> None:
    """Two folders' "statement.csv" would share every row's name, and merging them would
    index one's lines under the other's: refused by the import of the set itself, naming
    both files; an identical copy is the same statement."""
    jan, feb, copy = (tmp_path / name / "statement.csv" for name in ("jan", "feb", "copy"))
    for path, text in ((jan, "05/03/2025,Rent,-500.00"), (feb, "05/04/2025,Rent,-510.00")):
        path.parent.mkdir()
        write(path, f"Date,Description,Amount,Currency\n{text},GBP\n")
    copy.parent.mkdir()
    copy.write_bytes(jan.read_bytes())
    with pytest.raises(StatementImportError) as refused:
        import_statements([jan, feb])
    assert str(refused.value) == (
        f"{jan} and {feb} are different files of one name, statement.csv: "
        "the report names each line by its file's name and row, so rename one"
    )
    assert [str(line.key) for line in import_statements([jan, copy]).lines] == ["statement.csv:2"]


def test_a_statement_given_twice_under_two_names_is_said(tmp_path: Path) -> None:
    """One run: March copied ("march (1).csv") and exported again (Windows line
    endings) add nothing and are each said with March; a quarter holding March's lines
    and one more is an overlap, said as none."""
    rows = "Date,Description,Amount,Currency\n2025-03-03,Coffee,-4.50,GBP\n"
    march = write(tmp_path / "march.csv", rows + "2025-03-04,Rent,-900.00,GBP\n")
    copy = tmp_path / "march (1).csv"
    copy.write_bytes(march.read_bytes())
    export = tmp_path / "march-export.csv"
    export.write_bytes(march.read_bytes().replace(b"\n", b"\r\n"))
    quarter = write(tmp_path / "quarter.csv", march.read_text() + "2025-01-06,Gym,-30.00,GBP\n")
    run = import_statements([march, copy, export, quarter])
    assert run.same == (
        SameStatement("march (1).csv", "march.csv", 2, same_bytes=True),
        SameStatement("march-export.csv", "march.csv", 2, same_bytes=False),
    )
    assert [str(same) for same in run.same] == [
        "march (1).csv is the same file as march.csv (2 lines), already imported: nothing added.",
        "march-export.csv has the same 2 lines as march.csv, already imported: nothing added.",
    ]
    assert [str(line.key) for line in run.lines] == ["march.csv:2", "march.csv:3", "quarter.csv:4"]
