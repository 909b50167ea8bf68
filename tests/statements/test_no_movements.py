"""A statement of a quiet month: a header (maybe a preamble and balances), no movements.

Read as a statement with no lines and a note saying so, where the header's words (or a
mapping, or a saved profile) name the date and the money; refused as before where they do
not, or where a row below the header may be a movement that could not be read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements import (
    JsonProfileStore,
    Mapping,
    StatementImport,
    StatementImportError,
    import_statement,
    profile_from_layout,
)
from desktop_app.statements.layout import AmountStyle, Layout

NO_MOVEMENTS = "the statement holds no movements"


def layout_of(result: StatementImport) -> Layout:
    assert result.layout is not None
    return result.layout


def roles(result: StatementImport) -> dict[str, str | None]:
    layout = layout_of(result)
    return {
        role: layout.column_name(getattr(layout, attribute))
        for role, attribute in (
            ("date", "booking_date"),
            ("amount", "amount"),
            ("debit", "debit"),
            ("credit", "credit"),
            ("indicator", "indicator"),
            ("balance", "balance"),
        )
        if getattr(layout, attribute) is not None
    }


def notes(result: StatementImport) -> list[str]:
    return [warning.message for warning in result.warnings]


def test_a_header_alone_is_a_statement_with_no_movements(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv("Date,Description,Amount,Balance\n", "march.csv"))
    assert result.lines == ()
    assert roles(result) == {"date": "Date", "amount": "Amount", "balance": "Balance"}
    layout = layout_of(result)
    assert (layout.header_row, layout.transactions, layout.first_row) == (1, 0, None)
    assert layout.amount_style is AmountStyle.SIGNED
    assert layout.column_name(layout.description[0]) == "Description"
    [note] = result.warnings
    assert note.row is None  # a note on the file: the banner counts it as a note
    assert str(note) == (
        "march.csv: the statement holds no movements: no row below its header (row 1) "
        "has a date and an amount, so it is imported with no lines"
    )
    evidence = dict(layout.evidence)
    assert evidence["header"] == ("row 1 names the columns",)
    assert evidence["dates"] == ("date: column 'Date' (its header says date)",)
    assert evidence["movements"][0].startswith("none: no row below the header (row 1)")
    assert (result.opening_balance, result.closing_balance) == (None, None)


@pytest.mark.parametrize(
    ("header", "expected", "style"),
    [
        (
            "Buchungstag;Valuta;Verwendungszweck;Betrag (€)\n",
            {"date": "Buchungstag", "amount": "Betrag (€)"},
            AmountStyle.SIGNED,
        ),
        (
            "Datum;Omschrijving;Af Bij;Bedrag (EUR)\n",
            {"date": "Datum", "amount": "Bedrag (EUR)", "indicator": "Af Bij"},
            AmountStyle.INDICATOR,
        ),
        (
            "Date d'opération;Libellé;Débit;Crédit\n",
            {"date": "Date d'opération", "debit": "Débit", "credit": "Crédit"},
            AmountStyle.DEBIT_CREDIT,
        ),
        ("Fecha;Concepto;Importe\n", {"date": "Fecha", "amount": "Importe"}, AmountStyle.SIGNED),
        (
            "Data;Descrizione;Uscite;Entrate\n",
            {"date": "Data", "debit": "Uscite", "credit": "Entrate"},
            AmountStyle.DEBIT_CREDIT,
        ),
        (
            "Date,Description,Paid out,Paid in,Balance\n",
            {"date": "Date", "debit": "Paid out", "credit": "Paid in", "balance": "Balance"},
            AmountStyle.DEBIT_CREDIT,
        ),
    ],
)
def test_header_words_in_each_language_name_the_columns(
    write_csv: Callable[..., Path], header: str, expected: dict[str, str], style: AmountStyle
) -> None:
    result = import_statement(write_csv(header))
    assert result.lines == ()
    assert roles(result) == expected
    assert layout_of(result).amount_style is style
    assert notes(result)[0].startswith(NO_MOVEMENTS)


def test_a_preamble_above_the_header_is_read_as_for_any_statement(
    write_csv: Callable[..., Path],
) -> None:
    text = (
        "Account:,GB29NWBK60161331926819\n"
        "Period:,01/03/2024 - 31/03/2024\n"
        'Opening balance:,"£1,250.00"\n'
        "\n"
        "Date,Description,Amount\n"
    )
    result = import_statement(write_csv(text))
    assert result.lines == ()
    layout = layout_of(result)
    assert layout.header_row == 5
    assert "rows 1-4 above it are a preamble" in dict(layout.evidence)["header"][0]
    assert result.account == "GB29NWBK60161331926819"
    assert result.opening_balance == Decimal("1250.00")


def test_a_workbook_with_only_the_header_row(write_xlsx: Callable[..., Path]) -> None:
    path = write_xlsx({"Transactions": [["Statement for March 2024"], [], ["Date", "Amount"]]})
    result = import_statement(path)
    assert result.lines == ()
    assert layout_of(result).header_row == 3
    assert layout_of(result).sheet == "Transactions"
    assert roles(result) == {"date": "Date", "amount": "Amount"}


def test_balance_rows_below_the_header_are_kept_as_stated(
    write_csv: Callable[..., Path],
) -> None:
    text = (
        "Date,Description,Amount,Balance\n"
        "01/03/2024,Opening balance,,100.00\n"
        "31/03/2024,Closing balance,,100.00\n"
    )
    result = import_statement(write_csv(text))
    assert result.lines == ()
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("100.00"),
        Decimal("100.00"),
    )
    balances = dict(layout_of(result).evidence)["balances"]
    assert (
        "Opening balance 100.00 (row 2) + 0 movements 0.00 = Closing balance 100.00 (row 3)"
        in (balances[0])
    )
    assert notes(result) == [notes(result)[0]]  # only the note: the balances tie


def test_balances_that_changed_without_a_movement_are_reported(
    write_xlsx: Callable[..., Path],
) -> None:
    path = write_xlsx(
        {
            "Sheet": [
                ["Date", "Description", "Amount", "Balance"],
                [dt.datetime(2024, 3, 1), "Opening balance", None, 100.5],
                [dt.datetime(2024, 3, 31), "Closing balance", None, 120.5],
            ]
        }
    )
    result = import_statement(path)
    assert result.lines == ()
    assert (result.opening_balance, result.closing_balance) == (Decimal("100.5"), Decimal("120.5"))
    assert any("the stated balances do not add up" in note for note in notes(result))


def test_postbank_style_preamble_and_trailer_balances(write_csv: Callable[..., Path]) -> None:
    text = (
        "Umsätze;;;;\n"
        "Letzter Kontostand;;-468,43;EUR;\n"
        "Buchungstag;Wert;Verwendungszweck;Betrag;Währung\n"
        "Kontostand;2.1.2026;-468,43;EUR;\n"
    )
    result = import_statement(write_csv(text))
    assert result.lines == ()
    assert result.opening_balance == result.closing_balance == Decimal("-468.43")


def test_a_debit_mark_signs_a_balance_stated_in_the_amount_column(
    write_csv: Callable[..., Path],
) -> None:
    text = (
        "Buchungstag;Verwendungszweck;Umsatz;Soll/Haben\n"
        "01.03.2024;Anfangssaldo;1.234,56;S\n"
        "31.03.2024;Endsaldo;1.234,56;S\n"
    )
    result = import_statement(write_csv(text))
    assert result.lines == ()
    assert roles(result) == {"date": "Buchungstag", "amount": "Umsatz", "indicator": "Soll/Haben"}
    assert result.opening_balance == result.closing_balance == Decimal("-1234.56")


def test_a_note_below_the_header_is_no_movement(write_csv: Callable[..., Path]) -> None:
    text = "Date,Description,Amount\n\nNo transactions in this period,,\n"
    assert import_statement(write_csv(text)).lines == ()


def test_a_header_whose_words_name_no_date_and_amount_is_refused_as_before(
    write_csv: Callable[..., Path],
) -> None:
    with pytest.raises(StatementImportError) as raised:
        import_statement(write_csv("Buchung vom;Text;Summe\n", "bank.csv"))
    message = str(raised.value)
    assert message.startswith("bank.csv: no transactions found (no column holds dates)")
    assert '--mapping map.json with {"header_row": 1, "columns": {"date"' in message


def test_a_header_naming_one_side_of_the_money_only_is_refused(
    write_csv: Callable[..., Path],
) -> None:
    with pytest.raises(StatementImportError, match="no transactions found"):
        import_statement(write_csv("Date,Description,Debit\n"))


@pytest.mark.parametrize(
    "row",
    [
        "05/03/2024,Coffee,,,96.50",  # dated, its amount lost: maybe a movement
        "yesterday,Coffee,,-3.50,",  # money, its date unreadable
        "01/03/2024,Opening balance,TR 7,,100.00",  # a balance phrase, and more
    ],
)
def test_a_row_that_may_be_a_movement_is_not_read_as_none(
    write_csv: Callable[..., Path], row: str
) -> None:
    with pytest.raises(StatementImportError, match="no transactions found"):
        import_statement(write_csv(f"Date,Description,Reference,Amount,Balance\n{row}\n"))


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", b"\r\n\r\n"])
def test_a_truly_empty_file_stays_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(data)
    with pytest.raises(StatementImportError, match=r"empty\.csv: cannot be imported: it is empty"):
        import_statement(path)


def test_a_workbook_without_rows_stays_refused(write_xlsx: Callable[..., Path]) -> None:
    with pytest.raises(StatementImportError, match="no visible sheet holds rows"):
        import_statement(write_xlsx({"Sheet": []}))


@pytest.mark.parametrize(
    "mapping",
    [
        Mapping(header_row=1, columns={"date": "Buchung vom", "amount": "Summe"}),
        Mapping(columns={"date": "Buchung vom", "amount": "Summe"}),  # no header_row
        Mapping(header_row=1, columns={"date": 1, "amount": "C"}),
    ],
)
def test_a_mapping_names_the_columns_a_header_does_not(
    write_csv: Callable[..., Path], mapping: Mapping
) -> None:
    result = import_statement(write_csv("Buchung vom;Text;Summe\n"), mapping=mapping)
    assert result.lines == ()
    assert roles(result) == {"date": "Buchung vom", "amount": "Summe"}
    assert layout_of(result).profile == "mapping given"


def test_a_saved_profile_names_the_columns_of_a_quiet_month(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    header = "Buchung vom;Text;Summe\n"
    store = JsonProfileStore(tmp_path / "profiles.json")
    january = import_statement(write_csv(header + "02.01.2024;Miete;-800,00\n", "jan.csv"))
    mapping = Mapping(header_row=1, columns={"date": 1, "amount": 3, "description": [2]})
    store.save(profile_from_layout("Hausbank", layout_of(january), mapping))

    february = import_statement(write_csv(header, "feb.csv"), profiles=store)
    assert february.lines == ()
    assert layout_of(february).profile == "Hausbank"
    assert roles(february) == {"date": "Buchung vom", "amount": "Summe"}
    assert dict(layout_of(february).evidence)["profile"] == ("applied: Hausbank",)


def test_a_sheet_with_movements_is_read_before_a_quiet_one(
    write_xlsx: Callable[..., Path],
) -> None:
    path = write_xlsx(
        {
            "Savings": [["Date", "Description", "Amount"]],
            "Current": [["Date", "Description", "Amount"], [dt.datetime(2024, 3, 4), "Rent", -800]],
        }
    )
    result = import_statement(path)
    assert [line.amount for line in result.lines] == [Decimal("-800")]
    assert layout_of(result).sheet == "Current"
    assert not any(NO_MOVEMENTS in note for note in notes(result))


def test_a_quiet_sheet_does_not_hide_a_sheet_whose_movements_did_not_read(
    write_xlsx: Callable[..., Path],
) -> None:
    header = ["Date", "Description", "Amount"]
    current = [header, ["Jan 5", "Rent", -800]]  # dates that do not read: maybe movements
    with pytest.raises(StatementImportError) as alone:
        import_statement(write_xlsx({"Current": current}, "alone.xlsx"))
    with pytest.raises(StatementImportError) as beside:
        import_statement(write_xlsx({"Savings": [header], "Current": current}, "both.xlsx"))
    assert "sheet 'Current': no column holds dates" in str(alone.value)
    assert "sheet 'Current': no column holds dates" in str(beside.value)
    assert NO_MOVEMENTS not in str(beside.value)


def test_guard_a_sheet_of_text_alone_leaves_a_quiet_sheet_quiet(
    write_xlsx: Callable[..., Path],
) -> None:
    """Guard: a sheet with neither a date nor a number holds no movement to hide."""
    path = write_xlsx(
        {
            "Read me": [["Exported from online banking"], ["Amounts are in euros"]],
            "Savings": [["Date", "Description", "Amount"]],
        }
    )
    result = import_statement(path)
    assert (result.lines, layout_of(result).sheet) == ((), "Savings")
    assert notes(result)[0].startswith(NO_MOVEMENTS)


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ("Date,Description,Paid out,Paid in,Amount\n", "05 Jan,Rent,100.00,,\n"),
        ("Buchungstag;Text;Soll;Haben;Umsatz\n", "05.01.;Miete;100,00;;\n"),
        ("Date,Description,Amount,Fee\n", "05 Jan,Card fee,,1.50\n"),
        ("Date,Description,Amount,Balance\n", "05 Jan,Rent,,1200.00\n"),
    ],
    ids=["debit-beside-amount", "soll-beside-umsatz", "fee", "balance-without-phrase"],
)
def test_money_in_any_money_column_is_a_possible_movement(
    write_csv: Callable[..., Path], header: str, row: str
) -> None:
    assert import_statement(write_csv(header, "quiet.csv")).lines == ()  # the header alone
    with pytest.raises(StatementImportError, match="no transactions found"):
        import_statement(write_csv(header + row, "moved.csv"))


def test_many_rows_below_the_header_are_no_quiet_month(write_csv: Callable[..., Path]) -> None:
    # Each row alone says nothing moved (its date does not read, no money): but a quiet
    # month is a handful of rows, and 25 of them are a table whose rows did not read.
    rows = "".join(f"Jan {day},Shop {day},,\n" for day in range(1, 26))
    with pytest.raises(StatementImportError, match="no transactions found"):
        import_statement(write_csv("Date,Description,Amount,Balance\n" + rows))


def test_guard_a_few_notes_and_balances_below_the_header_are_a_quiet_month(
    write_csv: Callable[..., Path],
) -> None:
    """Guard: up to the bound, rows that say nothing moved are read as before."""
    text = (
        "Date,Description,Amount,Balance\n"
        "01/03/2024,Opening balance,,100.00\n"
        + "".join(f",Note {number},,\n" for number in range(18))
        + "31/03/2024,Closing balance,,100.00\n\n\n"
    )
    result = import_statement(write_csv(text))
    assert result.lines == ()
    assert (result.opening_balance, result.closing_balance) == (Decimal("100.00"),) * 2


@pytest.mark.parametrize(
    "mapping",
    [
        Mapping(indicator_signs={"Belastung": -1, "Gutschrift": 1}),
        Mapping(
            columns={"amount": "Umsatz", "indicator": "Soll/Haben"},
            indicator_signs={"Belastung": -1, "Gutschrift": 1},
        ),
    ],
    ids=["signs", "signs-and-columns"],
)
def test_the_mappings_marks_sign_a_stated_balance(
    write_csv: Callable[..., Path], mapping: Mapping
) -> None:
    header = "Buchungstag;Verwendungszweck;Umsatz;Soll/Haben\n"
    opening = "01.03.2024;Anfangssaldo;1.234,56;Belastung\n"
    result = import_statement(write_csv(header + opening, "quiet.csv"), mapping=mapping)
    assert result.lines == ()
    assert result.opening_balance == Decimal("-1234.56")
    if mapping.columns:  # as the same file with a movement reads it
        moved = header + opening + "02.03.2024;Miete;100,00;Belastung\n"
        assert import_statement(write_csv(moved, "moved.csv"), mapping=mapping).opening_balance == (
            Decimal("-1234.56")
        )


def test_a_datev_ledgers_s_and_h_sign_a_stated_balance_as_its_lines(
    write_csv: Callable[..., Path],
) -> None:
    record = (
        '"EXTF";510;21;"Buchungsstapel";7;20240401120000000;"";"RE";"";"";1234;1234;'
        '20240101;4;20240301;20240331;"Bank";"";1;0;1;"EUR"\n'
    )
    header = (
        "Umsatz (ohne Soll/Haben-Kz);Soll/Haben-Kennzeichen;WKZ Umsatz;Konto;"
        "Gegenkonto (ohne BU-Schlüssel);Belegdatum;Buchungstext\n"
    )
    opening = "1.234,56;S;EUR;1200;;0103;Anfangssaldo\n"
    quiet = import_statement(write_csv(record + header + opening, "quiet.csv", "cp1252"))
    moved = record + header + opening + "100,00;H;EUR;1200;4930;0503;Miete\n"
    with_lines = import_statement(write_csv(moved, "moved.csv", "cp1252"))
    assert (quiet.lines, [line.amount for line in with_lines.lines]) == ((), [Decimal("-100.00")])
    assert quiet.opening_balance == with_lines.opening_balance == Decimal("1234.56")


def test_guard_the_saved_profile_keyed_by_the_quiet_header_is_applied_among_others(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    """Guard: with several profiles saved, the one keyed by the header (under a preamble)
    names the columns, whichever was saved first."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    other = import_statement(write_csv("Datum;Betrag;Info\n02.01.2024;-800,00;x\n", "o.csv"))
    store.save(profile_from_layout("Andere Bank", layout_of(other), Mapping(header_row=1)))
    preamble = "Kontoauszug;;\n"
    header = "Buchung vom;Text;Summe\n"
    january = import_statement(write_csv(preamble + header + "02.01.2024;Miete;-800,00\n", "j.csv"))
    mapping = Mapping(header_row=2, columns={"date": 1, "amount": 3, "description": [2]})
    store.save(profile_from_layout("Hausbank", layout_of(january), mapping))

    february = import_statement(write_csv(preamble + header, "feb.csv"), profiles=store)
    assert (february.lines, layout_of(february).profile) == ((), "Hausbank")
    assert roles(february) == {"date": "Buchung vom", "amount": "Summe"}
