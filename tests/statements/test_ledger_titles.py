"""A ledger's export that names itself the books above its table or in its sheet's name.

Sage's "Audit Trail" of nominal 1200 heads its money columns 'Debit' and 'Credit' and has
no Account column: read with a bank's signs (debit money out), every receipt became
money out, with no warning and no hint in the evidence. Its title ('Audit Trail', 'Bank
account 1200', 'Grootboek') is as much a ledger's evidence as an Account column naming
the ledger account: with a balance column that adds up only with the ledger's signs the
file is read with them; without one, its signs stay a bank's (nothing decides them) and a
warning says the file looks like the books' export and the mapping that reads it as
one. A bank's Debit/Credit export, whose preamble names a bank statement (and its
"ledger balance"), is read as before, with no warning.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from desktop_app.cli import main
from desktop_app.statements import import_statement

PREAMBLE = (("Northwind Ltd",), ("Bank account 1200 - transactions November 2025",), ())
ROWS = (
    (dt.datetime(2025, 11, 9), "SR1", "Receipt EL-2025-00174", 276.62, None),
    (dt.datetime(2025, 11, 15), "BP1", "Payment to supplier", None, 2000),
    (dt.datetime(2025, 11, 22), "SR2", "Receipt EL-2025-00183", 632.3, None),
)
TOTAL = (None, None, "Total", 908.92, 2000)
# The tester's workbook: Sage's Audit Trail of the bank account, no balance column.
AUDIT_TRAIL: dict[str, Sequence[Sequence[Any]]] = {
    "Audit Trail": (*PREAMBLE, ("Date", "Ref", "Details", "Debit", "Credit"), *ROWS, TOTAL)
}
BANK_SIGNS = ["-276.62", "2000.00", "-632.30"]
LEDGER_SIGNS = ["276.62", "-2000.00", "632.30"]
SWAP = '{"columns": {"debit": "Credit", "credit": "Debit"}}'


def _said(name: str, found: str) -> str:
    return (
        f"{name}: this looks like the books' export of the bank account, not a bank's "
        f"statement ({found}); column 'Debit' was read as money out, as a bank's statement "
        "means it, since nothing says which (there is no balance column); to read it as a "
        "ledger's (column 'Debit' money in, column 'Credit' money out), import it with the "
        f"mapping {SWAP} (in the import wizard: column 'Debit' as Credit (money in), column "
        "'Credit' as Debit (money out))"
    )


def _hint(found: str) -> str:
    return (
        f"signs: {found}, as a ledger's export does, where column 'Debit' would be money in; "
        "read as a bank's statement (debit money out), since nothing says which (there is "
        "no balance column, so the balance cannot): if it is a ledger's, name the debit and "
        "credit columns the other way round"
    )


def _amounts(result: Any) -> list[str]:
    """The lines' amounts to the cent, as the statement command prints them (a cell's
    2000 is read as Decimal('2000'))."""
    return [f"{line.amount:.2f}" for line in result.lines]


def _amount_evidence(result: Any) -> tuple[str, ...]:
    assert result.layout is not None
    return dict(result.layout.evidence)["amount"]


def test_an_audit_trail_without_a_balance_keeps_a_banks_signs_and_warns(
    write_xlsx: Callable[..., Path],
) -> None:
    result = import_statement(write_xlsx(AUDIT_TRAIL, "audit.xlsx"))

    assert _amounts(result) == BANK_SIGNS
    found = "the sheet's name 'Audit Trail' names the books"
    assert [str(warning) for warning in result.warnings] == [_said("audit.xlsx", found)]
    assert _amount_evidence(result)[-1] == _hint(found)


@pytest.mark.parametrize(
    ("sheet", "preamble", "header", "found"),
    [
        (  # a nominal code alone, the sheet named as any
            "Sheet1",
            PREAMBLE,
            ("Date", "Ref", "Details", "Debit", "Credit"),
            (
                "row 2 above the table, 'Bank account 1200 - transactions November 2025', "
                "names the books"
            ),
        ),
        (
            "Export",
            (("Nominal Ledger report",), ("Northwind Ltd",)),
            ("Date", "Ref", "Details", "Debit", "Credit"),
            "row 1 above the table, 'Nominal Ledger report', names the books",
        ),
        (
            "Export",
            (("Grootboekkaart 1100 Bank",),),
            ("Datum", "Boekstuk", "Omschrijving", "Debet", "Credit"),
            "row 1 above the table, 'Grootboekkaart 1100 Bank', names the books",
        ),
        (
            "Hauptbuch",
            (("Musterfirma GmbH",),),
            ("Datum", "Beleg", "Buchungstext", "Soll", "Haben"),
            "the sheet's name 'Hauptbuch' names the books",
        ),
    ],
)
def test_words_naming_the_books_are_a_ledgers_evidence(
    write_xlsx: Callable[..., Path],
    sheet: str,
    preamble: Sequence[Sequence[Any]],
    header: Sequence[str],
    found: str,
) -> None:
    result = import_statement(write_xlsx({sheet: (*preamble, header, *ROWS)}, "books.xlsx"))

    assert _amounts(result) == BANK_SIGNS
    (said,) = result.warnings
    debit, credit = header[3], header[4]
    assert str(said) == (
        f"books.xlsx: this looks like the books' export of the bank account, not a bank's "
        f"statement ({found}); column '{debit}' was read as money out, as a bank's statement "
        "means it, since nothing says which (there is no balance column); to read it as a "
        f"ledger's (column '{debit}' money in, column '{credit}' money out), import it with "
        f'the mapping {{"columns": {{"debit": "{credit}", "credit": "{debit}"}}}} (in the '
        f"import wizard: column '{debit}' as Credit (money in), column '{credit}' as Debit "
        "(money out))"
    )


def test_the_statement_command_warns_and_its_mapping_reads_the_ledgers_signs(
    tmp_path: Path, write_xlsx: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The tester's file through ``desktop-app statement``; the mapping the warning gives,
    run as it says, reads each receipt as money in."""
    path = write_xlsx(AUDIT_TRAIL, "ledger-dc-nobal.xlsx")
    assert main(["statement", str(path)]) == 0
    output = json.loads(capsys.readouterr().out)

    assert [line["amount"] for line in output["lines"]] == BANK_SIGNS
    found = "the sheet's name 'Audit Trail' names the books"
    assert output["warnings"] == [_said("ledger-dc-nobal.xlsx", found)]
    assert output["layout"]["evidence"]["amount"][-1] == _hint(found)

    mapping = tmp_path / "swap.json"
    mapping.write_text(SWAP)
    assert main(["statement", str(path), "--mapping", str(mapping)]) == 0
    output = json.loads(capsys.readouterr().out)
    assert [line["amount"] for line in output["lines"]] == LEDGER_SIGNS
    assert output["warnings"] == []


def test_a_banks_debit_and_credit_export_gives_no_warning(
    write_xlsx: Callable[..., Path],
) -> None:
    """A bank's preamble (its name, the account, a "ledger balance") names no books, nor
    does a title a bank's download shares with Xero's ("Account transactions")."""
    bank = {
        "Account Transactions": (
            ("Barclays Bank UK PLC",),
            ("Account transactions",),
            ("Account Name : Northwind Ltd", "Account number : 43567890"),
            ("Ledger balance", 10908.92),
            (),
            ("Date", "Ref", "Details", "Debit", "Credit"),
            *ROWS,
        )
    }
    result = import_statement(write_xlsx(bank, "bank.xlsx"))

    assert _amounts(result) == BANK_SIGNS
    assert result.warnings == ()
    assert "ledger" not in " ".join(_amount_evidence(result))


def test_an_audit_trail_whose_balance_adds_up_as_a_ledgers_is_read_so(
    write_xlsx: Callable[..., Path],
) -> None:
    """With a balance column rising by each receipt, the title is the evidence that reads
    the file with the ledger's signs, as an Account column naming the ledger account is."""
    balances = (10276.62, 8276.62, 8908.92)
    rows = [(*row, after) for row, after in zip(ROWS, balances, strict=True)]
    books = {
        "Audit Trail": (
            *PREAMBLE,
            ("Date", "Ref", "Details", "Debit", "Credit", "Balance"),
            *rows,
            (*TOTAL, None),
        )
    }
    result = import_statement(write_xlsx(books, "audit.xlsx"))

    assert _amounts(result) == LEDGER_SIGNS
    (said,) = result.warnings
    assert str(said) == (
        "audit.xlsx column Balance: column 'Debit' read as money in and column 'Credit' as "
        "money out, a ledger's view of the bank account (the sheet's name 'Audit Trail' "
        "names the books): the running balance adds up so read oldest first, as the dates "
        "run, and with a bank's signs (debit money out) only read the other way; if this is "
        "a bank's or a card's statement, name the debit and credit columns the other way "
        "round"
    )
    assert str(result.opening_balance) == "10000.00"
    assert str(result.closing_balance) == "8908.92"
