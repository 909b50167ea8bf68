"""The account a csv or spreadsheet statement belongs to: read where the file says it,
named by a mapping, or left unknown; never guessed from the counterparties."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.statements import (
    JsonProfileStore,
    Mapping,
    MappingError,
    StatementImport,
    account_key,
    import_statement,
    profile_from_layout,
)
from tests.conftest import SHARED_REALDATA, needs_realdata

TABLE = "Date;Text;Amount\n01/02/2024;Shop;-12,50\n03/02/2024;Pay;100,00\n"
NO_ACCOUNT = (
    "the file names no account: its lines are compared with every account's for duplicates "
    "(name it in the import wizard's Account box, or with a mapping's \"account\")"
)


def account_evidence(result: StatementImport) -> tuple[str, ...]:
    assert result.layout is not None
    return dict(result.layout.evidence)["account"]


def test_an_iban_above_the_table_is_the_account_without_its_spaces(
    write_csv: Callable[..., Path],
) -> None:
    path = write_csv("Umsatzanzeige;x\n\nIBAN;DE89 3704 0044 0532 0130 00\nKunde;M\n\n" + TABLE)
    result = import_statement(path)
    assert (result.account, result.line_accounts) == ("DE89370400440532013000", {})
    assert account_evidence(result) == ("DE89370400440532013000, from row 3",)


def test_an_iban_in_a_row_of_labels_and_values_is_found_under_its_label(
    write_csv: Callable[..., Path],
) -> None:
    preamble = "Konto;Filial-/Kontonummer;IBAN\nGiro direkt;123 4567890 00;DE89370400440532013000\n"
    result = import_statement(write_csv(preamble + TABLE))
    assert result.account == "DE89370400440532013000"


def test_a_label_and_its_number_in_one_cell_or_in_the_next(
    write_xlsx: Callable[..., Path],
) -> None:
    rows = [
        ["Bank code : 1001010101", "Account Number : 08088804068", "Account Name : Owner"],
        [],
        ["Date", "Text", "Amount"],
        ["01/02/2024", "Shop", -12.5],
    ]
    in_cell = import_statement(write_xlsx({"Sheet": rows}))
    assert in_cell.account == "08088804068"
    assert account_evidence(in_cell) == ("08088804068, from 'account number' in row 1",)
    rows[0] = ["Account Name:", "Business current ****12345"]
    next_cell = import_statement(write_xlsx({"Sheet": rows}, "named.xlsx"))
    assert next_cell.account == "Business current ****12345"


def test_a_german_account_number_is_read_with_its_bank_code(
    write_csv: Callable[..., Path], write_xlsx: Callable[..., Path]
) -> None:
    """A BLZ and Kontonummer above the table are kept together, and name the account as
    its IBAN does: a download naming the IBAN meets them."""
    path = write_csv("Umsätze;x\nBLZ;370 400 44\nKontonummer;0532013000\n\n" + TABLE)
    result = import_statement(path)
    assert result.account == "BLZ 370 400 44 Konto 0532013000"
    assert account_evidence(result) == (
        "BLZ 370 400 44 Konto 0532013000, from 'blz' in row 2 and 'kontonummer' in row 3",
    )
    assert account_key(result.account) == account_key("DE89 3704 0044 0532 0130 00")
    rows = [
        ["Konto-Nr.: 532013000", "Bankleitzahl: 37040044"],
        [],
        ["Date", "Text", "Amount"],
        ["01/02/2024", "Shop", -12.5],
    ]
    in_cells = import_statement(write_xlsx({"Sheet": rows}))
    assert in_cells.account == "BLZ 37040044 Konto 532013000"
    assert account_key(in_cells.account) == "DE89370400440532013000"


@pytest.mark.parametrize("bank_code", ["1234", "90040044", ""])
def test_an_account_number_without_a_valid_bank_code_is_read_alone(
    write_csv: Callable[..., Path], bank_code: str
) -> None:
    path = write_csv(f"BLZ;{bank_code}\nKontonummer;0532013000\n\n" + TABLE)
    result = import_statement(path)
    assert result.account == "0532013000"
    assert account_evidence(result) == ("0532013000, from 'kontonummer' in row 2",)


def test_a_label_row_over_names_without_numbers_gives_no_account(
    write_csv: Callable[..., Path],
) -> None:
    """'Konto' followed by the next label is a row of labels, not an account."""
    result = import_statement(write_csv("Konto;Kontoname;Bank\nGiro;Main;ING\n\n" + TABLE))
    assert result.account is None
    assert account_evidence(result) == (NO_ACCOUNT,)


def test_two_ibans_around_the_table_name_no_account(write_csv: Callable[..., Path]) -> None:
    path = write_csv("From;DE89370400440532013000\nTo;DE42120300001033738756\n" + TABLE)
    assert import_statement(path).account is None


@pytest.mark.parametrize(
    ("line", "iban", "label"),
    [
        ("Rachunek: PL61 1090 1014 0000 0712 1981 2874", "PL61109010140000071219812874", "rachunek"),
        ("Rachunek: PL61109010140000071219812874", "PL61109010140000071219812874", "rachunek"),
        ("Rachunek PL61 1090 1014 0000 0712 1981 2874 (PLN)", "PL61109010140000071219812874", "rachunek"),
        ("Numer rachunku: PL61 1090 1014 0000 0712 1981 2874   Waluta: PLN", "PL61109010140000071219812874", "numer rachunku"),
        ("Számlaszám – HU42 1177 3016 1111 1018 0000 0000", "HU42117730161111101800000000", "szamlaszam"),
    ],
)  # fmt: skip
def test_a_valid_iban_after_a_label_in_any_language_is_the_account(
    write_csv: Callable[..., Path], line: str, iban: str, label: str
) -> None:
    """Its check digits and its country's length say it is an IBAN, whatever the label."""
    result = import_statement(write_csv(f"{line}\n\n{TABLE}"))
    assert (result.account, result.line_accounts) == (iban, {})
    assert account_evidence(result) == (f"{iban}, from '{label}' in row 1",)


@pytest.mark.parametrize(
    "line",
    [
        "Rachunek: PL62 1090 1014 0000 0712 1981 2874",  # check digits do not add up
        "Rachunek: PL22 1020 1028 0000 0202 0001 234",  # they do, but a Polish IBAN has 28
        "Rachunek: PL61 XXXX XXXX XXXX XXXX XXXX 2874",  # masked
        "Rachunek: DE00 0000 0000 0000 0000 00",  # anonymised
        "Rachunek: PL61 1090 1014 0000 0712 1981 2874 / DE89 3704 0044 0532 0130 00",
        "Rachunek 2: PL61 1090 1014 0000 0712 1981 2874",  # a number before it: no label
    ],
)
def test_text_that_only_looks_like_an_iban_after_a_label_names_no_account(
    write_csv: Callable[..., Path], line: str
) -> None:
    result = import_statement(write_csv(f"{line}\n\n{TABLE}"))
    assert result.account is None
    assert account_evidence(result) == (NO_ACCOUNT,)


def test_two_ibans_after_unknown_labels_name_no_account_unless_one_is_labelled_iban(
    write_csv: Callable[..., Path],
) -> None:
    """Two IBANs around the table, however labelled, leave it to a label this reads to say
    which is the holder's: none is guessed."""
    two = "Rachunek: PL61 1090 1014 0000 0712 1981 2874\nOdbiorca: PL49 1020 1028 0000 0202 0001 2345\n"
    assert import_statement(write_csv(f"{two}\n{TABLE}")).account is None
    named = write_csv(f"{two}IBAN: DE89 3704 0044 0532 0130 00\n\n{TABLE}", "named.csv")
    result = import_statement(named)
    assert result.account == "DE89370400440532013000"
    assert account_evidence(result) == ("DE89370400440532013000, from 'iban' in row 3",)
    # A bare IBAN no longer outranks one labelled "IBAN" in its cell.
    iban = "IBAN: PL61 1090 1014 0000 0712 1981 2874"
    bare = write_csv(f"PL49102010280000020200012345\n{iban}\n\n{TABLE}", "bare.csv")
    assert import_statement(bare).account == "PL61109010140000071219812874"


def test_an_own_account_column_of_one_value_is_the_account(
    write_csv: Callable[..., Path],
) -> None:
    text = (
        "Rekeningnummer;Datum;Bedrag;Tegenrekeningnummer\n"
        "NL91ABNA0417164300;01-02-2024;-12,50;NL20INGB0001234567\n"
        "NL91ABNA0417164300;03-02-2024;100,00;NL02RABO0123456789\n"
    )
    result = import_statement(write_csv(text))
    assert (result.account, result.line_accounts) == ("NL91ABNA0417164300", {})
    assert account_evidence(result) == ("NL91ABNA0417164300, from column 'Rekeningnummer'",)


def test_an_own_account_column_of_several_values_gives_each_line_its_own(
    write_csv: Callable[..., Path],
) -> None:
    text = (
        "Account;Date;Text;Amount\n"
        "Checking;01/02/2024;Fee;-5.00\n"
        "Savings;01/02/2024;Fee;-5.00\n"
        ";02/02/2024;Shop;-9.00\n"
    )
    result = import_statement(write_csv(text))
    assert result.account is None
    assert result.line_accounts == {2: "Checking", 3: "Savings"}
    assert account_evidence(result) == (
        "2 accounts in column 'Account' (Checking, Savings); each line keeps its own",
    )


def test_the_holders_account_column_beats_the_counterpartys_account_number(
    write_csv: Callable[..., Path],
) -> None:
    """Sparkasse's 'Kontonummer' is the counterparty's; its 'Auftragskonto' the holder's."""
    text = (
        "Auftragskonto;Buchungstag;Kontonummer;Betrag\n"
        "DE89370400440532013000;01.02.24;1111111;-12,50\n"
        "DE89370400440532013000;03.02.24;2222222;100,00\n"
    )
    result = import_statement(write_csv(text))
    assert result.account == "DE89370400440532013000"
    alone = text.replace("Auftragskonto", "Kundennummer")
    # A 'Kontonummer' that changes from line to line is the counterparties': no account.
    assert import_statement(write_csv(alone, "alone.csv")).account is None
    constant = alone.replace("2222222", "1111111")
    assert import_statement(write_csv(constant, "constant.csv")).account == "1111111"


def test_a_headerless_file_with_one_iban_on_every_line_is_that_accounts(
    write_csv: Callable[..., Path],
) -> None:
    rows = [
        "17-06-2022,NL91ABNA0417164300,NL20INGB0001234567,Shop,-12.50",
        "18-06-2022,NL91ABNA0417164300,NL02RABO0123456789,Rent,-700.00",
        "19-06-2022,NL91ABNA0417164300,NL20INGB0001234567,Pay,100.00",
    ]
    result = import_statement(write_csv("\n".join(rows) + "\n"))
    assert result.account == "NL91ABNA0417164300"
    assert account_evidence(result) == ("NL91ABNA0417164300, the same on every line in column 2",)
    # Two lines to one payee would look the same: too few to tell.
    assert import_statement(write_csv("\n".join(rows[:2]) + "\n", "two.csv")).account is None


def test_a_headerless_file_with_two_constant_ibans_names_no_account(
    write_csv: Callable[..., Path],
) -> None:
    rows = [f"1{day}-06-2022,NL91ABNA0417164300,NL20INGB0001234567,-1{day}.00" for day in "123"]
    assert import_statement(write_csv("\n".join(rows) + "\n")).account is None


def test_a_mapping_names_the_account_and_wins(write_csv: Callable[..., Path]) -> None:
    path = write_csv("IBAN;DE89370400440532013000\n" + TABLE)
    result = import_statement(path, mapping=Mapping(account="  Business  current "))
    assert result.account == "Business current"
    assert account_evidence(result) == ("Business current (named by the mapping)",)


@pytest.mark.parametrize("account", ["", "   ", 5])
def test_a_mapping_account_must_be_a_name_or_number(account: object) -> None:
    with pytest.raises(MappingError, match="account must be the account's name or number"):
        Mapping.from_json({"account": account})


def test_an_account_alone_keeps_the_saved_profile_and_is_not_saved_in_one(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    store = JsonProfileStore(tmp_path / "profiles.json")
    first = import_statement(write_csv(TABLE, "january.csv"), profiles=store)
    assert first.layout is not None
    assert first.lines[0].amount.is_signed()
    correction = Mapping(invert_sign=True, account="Savings")
    store.save(profile_from_layout("My bank", first.layout, correction))
    assert store.get(first.layout.fingerprint).mapping == Mapping(invert_sign=True)  # type: ignore[union-attr]

    february = write_csv(TABLE, "february.csv")
    named = import_statement(february, profiles=store, mapping=Mapping(account="Checking"))
    assert named.layout is not None
    assert (named.layout.profile, named.account) == ("My bank", "Checking")
    assert not named.lines[0].amount.is_signed()  # the profile's inverted signs
    unnamed = import_statement(february, profiles=store)
    assert (unnamed.account, unnamed.lines[0].amount.is_signed()) == (None, False)


# The holder's account of the real files that state it, and of some that do not.
REAL_ACCOUNTS = {
    "csv/de-ing-umsatzanzeige.csv": ("DE89370400440532013000", 0),
    "csv/de-dkb-girokonto.csv": ("DE42120300001033738756", 0),
    "csv/de-postbank-umsaetze.csv": ("DE89370400440532013000", 0),
    "csv/de-sparkasse-csv-mt940.csv": ("DE89370400440532013000", 0),
    "csv/de-vr-teilhaberbank.csv": ("DE89370400440532013000", 0),
    "csv/nl-knab-preamble-cd-indicator.csv": ("NL99KNAB9999999999", 0),
    "csv/nl-asn-noheader.csv": ("NL00ASNB9999999999", 0),
    # Its "Sort Code" column is read with its "Account Number": the number alone may be
    # another branch's account.
    "csv/uk-lloyds.csv": ("99-88-74 1515152252", 0),
    "csv/oca-meta-preamble-debit-credit.csv": ("08088804068", 0),
    "xlsx/sg-uob-acc-txn-history.xls": ("1234567890", 0),
    "csv/ynab4-rtl-currency.csv": (None, 2),
    # Two IBANs in its last column (the download holds two accounts' lines): none guessed.
    "csv/de-targobank-noheader.csv": (None, 0),
    "csv/us-chase-style-checking.csv": (None, 0),
}


@needs_realdata
@pytest.mark.realdata
@pytest.mark.parametrize("name", sorted(REAL_ACCOUNTS))
def test_real_statements_name_their_account(name: str) -> None:
    result = import_statement(SHARED_REALDATA / name)
    account, several = REAL_ACCOUNTS[name]
    assert result.account == account
    assert len(set(result.line_accounts.values())) == several
