"""Small things the import said wrongly, or did not say.

The currency evidence listed 'gbp' and 'GBP' as two currencies; an account read from a
preamble took the next label with it ('12345678 Sort code 20-00-00'; the sort code is now
kept, as the account's: '20-00-00 12345678'); and an MT940 line
booked after its statement's closing balance, which cannot hold it, passed unremarked.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop_app.statements import import_statement


def test_the_currency_evidence_names_each_currency_once(write_csv: Callable[..., Path]) -> None:
    path = write_csv(
        "Date,Description,Amount,Currency\n"
        "01/10/2025,a,13,JPY\n"
        "02/10/2025,b,10.00,GBP\n"
        "03/10/2025,c,1.234,BHD\n"
        "04/10/2025,d,5.00,gbp\n"
    )
    result = import_statement(path)

    assert result.layout is not None
    assert dict(result.layout.evidence)["currency"] == (
        "currency: column 'Currency' (BHD, GBP, JPY)",
    )
    assert [line.currency for line in result.lines] == ["JPY", "GBP", "BHD", "GBP"]


def test_a_preamble_account_stops_before_the_next_label(write_xlsx: Callable[..., Path]) -> None:
    path = write_xlsx(
        {
            "Transactions": [
                ["Acme Bank plc"],
                ["Account: 12345678   Sort code 20-00-00"],
                [],
                ["Date", "Details", "Paid out", "Paid in", "Balance"],
                ["2025-10-01", "rent", 100, None, 900],
                ["2025-10-02", "sale", None, 50, 950],
            ]
        }
    )
    result = import_statement(path)

    assert result.account == "20-00-00 12345678"
    assert result.layout is not None
    assert dict(result.layout.evidence)["account"] == (
        "20-00-00 12345678, from 'account' in row 2 and 'sort code' in row 2",
    )


def test_a_label_after_one_space_ends_the_account_too(write_csv: Callable[..., Path]) -> None:
    path = write_csv(
        "Account: 12345678 Sort code 20-00-00\n"
        "\n"
        "Date,Description,Amount\n"
        "01/10/2025,rent,-100.00\n"
        "02/10/2025,sale,50.00\n"
    )

    assert import_statement(path).account == "20-00-00 12345678"


def test_an_iban_with_spaces_is_kept_whole(write_csv: Callable[..., Path]) -> None:
    path = write_csv(
        "Account: GB29 NWBK 6016 1331 9268 19\n"
        "\n"
        "Date,Description,Amount\n"
        "01/10/2025,rent,-100.00\n"
        "02/10/2025,sale,50.00\n"
    )

    assert import_statement(path).account == "GB29NWBK60161331926819"


MT940 = (
    ":20:STARTUMSE\n"
    ":25:37040044/0532013000\n"
    ":28C:00001/001\n"
    ":60F:C251230EUR1000,00\n"
    ":61:2601020102D100,00NTRFNONREF\n"
    ":86:booked 2 Jan\n"
    ":61:2512311231C50,00NTRFNONREF\n"
    ":86:booked 31 Dec\n"
    ":62F:C251231EUR950,00\n"
    "-\n"
)


def test_an_mt940_line_booked_after_the_closing_balance_is_named(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(MT940, "after.sta"))

    assert [str(line.date) for line in result.lines] == ["2026-01-02", "2025-12-31"]
    after = [str(warning) for warning in result.warnings if "closing balance" in str(warning)]
    assert after == [
        (
            "after.sta row 5 column :61:: booked 2026-01-02, after the statement's closing "
            "balance of 2025-12-31 (row 9): the entry date may be wrong, or the line belongs "
            "to the next statement"
        )
    ]
