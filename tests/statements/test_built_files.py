"""Statement quirks, each in a file built here: the importer must read them with no mapping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements import AmountStyle, import_statement
from desktop_app.statements.balance import Chain
from desktop_app.statements.dates import DateOrder
from tests.statements.card_files import GUESSED_DAY_FIRST

D = Decimal


def amounts(path: Path, **kwargs: object) -> list[Decimal]:
    return [line.amount for line in import_statement(path, **kwargs).lines]  # type: ignore[arg-type]


def test_xlsx_second_sheet_real_dates_hidden_sheet_skipped(write_xlsx: Callable[..., Path]) -> None:
    summary = [["Your accounts"], ["Account", "Balance"], ["Current", 120.5]]
    statement = [
        ["Statement of account"],
        ["Currency: EUR"],
        [],
        ["Booking date", "Text", "Amount", "Balance"],
        [dt.datetime(2024, 3, 1), "Rent", -800.0, 1200.0],
        [dt.date(2024, 3, 2), "Salary", 2500.0, 3700.0],
        ["03.03.2024", "Coffee", -3.2, 3696.8],
        [45355, "Serial-dated row", -1.8, 3695.0],
        [],
        ["", "Total", 1695.0],
    ]
    decoy = [["Date", "Amount"]] + [[dt.date(2024, 1, day), 1.0] for day in range(1, 28)]
    path = write_xlsx({"Summary": summary, "Account 1": statement, "~Helper": decoy})
    result = import_statement(path)
    assert result.layout is not None
    assert result.layout.sheet == "Account 1"
    assert result.layout.header_row == 4
    assert [line.row for line in result.lines] == [5, 6, 7, 8]
    assert [line.date for line in result.lines] == [
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 2),
        dt.date(2024, 3, 3),
        dt.date(2024, 3, 4),
    ]
    assert [line.amount for line in result.lines] == [D("-800"), D("2500"), D("-3.2"), D("-1.8")]
    assert {line.currency for line in result.lines} == {"EUR"}
    assert result.closing_balance == D("3695")


def test_debit_credit_pair_with_text_amounts_and_total_row(write_xlsx: Callable[..., Path]) -> None:
    rows = [
        ["Fecha", "Concepto", "Cargo", "Abono", "Saldo"],
        ["02/01/2024", "Recibo luz", "1.234,56", "", "8.765,44"],
        ["15/01/2024", "Nómina", "", "2.000,00", "10.765,44"],
        ["", "Total", "1.234,56", "2.000,00", ""],
    ]
    result = import_statement(write_xlsx({"Hoja1": rows}))
    assert result.layout is not None
    assert result.layout.amount_style is AmountStyle.DEBIT_CREDIT
    assert [line.amount for line in result.lines] == [D("-1234.56"), D("2000.00")]
    assert result.layout.date_order is DateOrder.DMY


@pytest.mark.parametrize(
    ("indicator", "debit", "credit"),
    [("Af Bij", "Af", "Bij"), ("CreditDebet", "D", "C"), ("Cr/Dr", "DR", "CR"), ("S/H", "S", "H")],
)
def test_unsigned_amount_with_indicator(
    write_csv: Callable[..., Path], indicator: str, debit: str, credit: str
) -> None:
    text = (
        f"Datum;Omschrijving;{indicator};Bedrag (EUR)\n"
        f"20240105;Albert Heijn;{debit};12,40\n"
        f"20240106;Salaris;{credit};2500,00\n"
    )
    result = import_statement(write_csv(text))
    assert result.layout is not None
    assert result.layout.amount_style is AmountStyle.INDICATOR
    assert [line.amount for line in result.lines] == [D("-12.40"), D("2500.00")]
    assert {line.currency for line in result.lines} == {"EUR"}


def test_ing_export_with_af_bij_keeps_its_saldo_na_mutatie(write_csv: Callable[..., Path]) -> None:
    """ING NL prints the amount unsigned beside Af/Bij; the running balance moves by the
    signed amount, so read against the bare column it broke and was thrown away."""
    text = (
        '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";'
        '"Bedrag (EUR)";"Mutatiesoort";"Mededelingen";"Saldo na mutatie";"Tag"\n'
        '"20240301";"Albert Heijn";"NL01INGB0001234567";"";"BA";"Af";"60,00";'
        '"Betaalautomaat";"Pas 1";"940,00";""\n'
        '"20240302";"Werkgever BV";"NL01INGB0001234567";"NL02RABO0123456789";"GT";"Bij";'
        '"1.500,00";"Online bankieren";"Salaris";"2.440,00";""\n'
        '"20240303";"Huurbaas";"NL01INGB0001234567";"NL02RABO0999999999";"GT";"Af";'
        '"700,00";"Online bankieren";"Huur";"1.740,00";""\n'
    )
    result = import_statement(write_csv(text))
    assert result.layout is not None
    assert result.layout.amount_style is AmountStyle.INDICATOR
    assert result.layout.indicator == 5
    assert result.layout.balance == 9
    assert result.layout.balance_chain is Chain.AFTER_OLDEST_FIRST
    assert [line.amount for line in result.lines] == [D("-60.00"), D("1500.00"), D("-700.00")]
    assert [line.balance for line in result.lines] == [D("940.00"), D("2440.00"), D("1740.00")]
    assert (result.opening_balance, result.closing_balance) == (D("1000.00"), D("1740.00"))
    assert result.warnings == ()


_MOSTLY_DEBITS = [
    ("01/03/2024", "POS A", "10.00", "DR", "990.00"),
    ("02/03/2024", "POS B", "20.00", "DR", "970.00"),
    ("03/03/2024", "POS C", "30.00", "DR", "940.00"),
    ("04/03/2024", "REFUND", "5.00", "CR", "945.00"),
    ("05/03/2024", "POS D", "40.00", "DR", "905.00"),
    ("06/03/2024", "POS E", "100.00", "DR", "805.00"),
]


@pytest.mark.parametrize(
    ("kind", "header"),
    [
        ("csv", True),
        ("xlsx", True),
        ("csv", False),  # no header: the balance is found by its arithmetic alone
    ],
)
def test_mostly_debit_dr_cr_file_runs_its_balance_forwards(
    write_csv: Callable[..., Path], write_xlsx: Callable[..., Path], kind: str, header: bool
) -> None:
    """Read unsigned, a debit looks like a deposit with the balance read backwards, so a
    file of mostly debits fitted 'before each row, newest first' best: opening and
    closing came out wrong and every row was reported as a break in the balance. Without
    a header the balance is found by that same arithmetic, before the marks were known."""
    head = [("Posting Date", "Narrative", "Amount", "DR/CR", "Balance")] if header else []
    if kind == "csv":
        path = write_csv("".join(",".join(row) + "\n" for row in head + _MOSTLY_DEBITS))
    else:
        numbers = [(*row[:2], float(row[2]), row[3], float(row[4])) for row in _MOSTLY_DEBITS]
        path = write_xlsx({"Statement": head + numbers})
    result = import_statement(path)
    assert result.layout is not None
    assert result.layout.amount_style is AmountStyle.INDICATOR
    assert result.layout.indicator == 3
    assert result.layout.balance == 4
    assert result.layout.balance_chain is Chain.AFTER_OLDEST_FIRST
    assert [line.amount for line in result.lines] == [
        D("-10.00"),
        D("-20.00"),
        D("-30.00"),
        D("5.00"),
        D("-40.00"),
        D("-100.00"),
    ]
    assert [line.balance for line in result.lines] == [
        D("990.00"),
        D("970.00"),
        D("940.00"),
        D("945.00"),
        D("905.00"),
        D("805.00"),
    ]
    assert (result.opening_balance, result.closing_balance) == (D("1000.00"), D("805.00"))
    # no date settles day- or month-first: the order is a guess, and warned of
    [guess] = result.warnings
    assert guess.message.startswith(GUESSED_DAY_FIRST)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('"(1,234.50)"', "-1234.50"),
        ("1234.50-", "-1234.50"),
        ("1234.50 DR", "-1234.50"),
        ("1234.50 CR", "1234.50"),
        ('"£1,234.50"', "1234.50"),
        ('"- $1,234.50"', "-1234.50"),
        ("USD -1234.50", "-1234.50"),
    ],
)
def test_sign_and_currency_decorations(
    write_csv: Callable[..., Path], cell: str, expected: str
) -> None:
    text = f"Date,Description,Amount\n2024-02-01,First,{cell}\n2024-02-02,Second,10.00\n"
    assert amounts(write_csv(text))[0] == D(expected)


def test_nbsp_thousands_and_currency_after_the_amount(write_csv: Callable[..., Path]) -> None:
    text = "Date;Libellé;Montant\n01/02/2024;Loyer;-1\u00a0234,56 €\n02/02/2024;Virement;2\u202f000,00 €\n"
    result = import_statement(write_csv(text))
    assert [line.amount for line in result.lines] == [D("-1234.56"), D("2000.00")]
    assert result.lines[0].currency == "EUR"


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["3 janv. 2024", "15 févr. 2024"], [dt.date(2024, 1, 3), dt.date(2024, 2, 15)]),
        (["3. Januar 2024", "15. März 2024"], [dt.date(2024, 1, 3), dt.date(2024, 3, 15)]),
        (["3 enero 2024", "15 dic 2024"], [dt.date(2024, 1, 3), dt.date(2024, 12, 15)]),
        (["3 gennaio 2024", "15 ott 2024"], [dt.date(2024, 1, 3), dt.date(2024, 10, 15)]),
        (["3 mei 2024", "15 okt 2024"], [dt.date(2024, 5, 3), dt.date(2024, 10, 15)]),
        (["Jan 3, 2024", "Feb 15, 2024"], [dt.date(2024, 1, 3), dt.date(2024, 2, 15)]),
    ],
)
def test_month_names_in_six_languages(
    write_csv: Callable[..., Path], dates: list[str], expected: list[dt.date]
) -> None:
    text = "Date;Text;Amount\n" + "".join(
        f"{day};Row {i};-{i},00\n" for i, day in enumerate(dates, 1)
    )
    assert [line.date for line in import_statement(write_csv(text)).lines] == expected


@pytest.mark.parametrize(
    ("late", "order"), [("25/12/2023", DateOrder.DMY), ("12/25/2023", DateOrder.MDY)]
)
def test_date_order_is_settled_by_the_last_row_of_many(
    write_csv: Callable[..., Path], late: str, order: DateOrder
) -> None:
    rows = [f"0{1 + i % 9}/0{1 + i % 9}/2023,Shop {i},-{i}.00" for i in range(1, 500)]
    text = "Date,Description,Amount\n" + "\n".join(rows) + f"\n{late},Late row,-1.00\n"
    result = import_statement(write_csv(text))
    assert result.layout is not None
    assert result.layout.date_order is order
    assert not result.layout.date_order_ambiguous
    assert result.lines[-1].date == dt.date(2023, 12, 25)


def test_locale_hint_decides_only_when_the_dates_do_not(write_csv: Callable[..., Path]) -> None:
    text = "Date,Description,Amount\n01/02/2024,One,-1.00\n03/04/2024,Two,-2.00\n"
    path = write_csv(text)
    assert import_statement(path).lines[0].date == dt.date(2024, 2, 1)
    hinted = import_statement(path, locale_hint="en_US")
    assert hinted.lines[0].date == dt.date(2024, 1, 2)
    assert hinted.layout is not None
    assert hinted.layout.date_order_ambiguous


def test_no_header_with_credit_column_used_once(write_csv: Callable[..., Path]) -> None:
    text = (
        "".join(f"0{day}.11.2025;Lastschrift {day};-{day},00;;\n" for day in range(1, 8))
        + "09.11.2025;Gutschrift;;83,16;\n"
    )
    result = import_statement(write_csv(text))
    assert result.layout is not None
    assert result.layout.header_row is None
    assert result.lines[-1].amount == D("83.16")
    assert len(result.lines) == 8


def test_preamble_footer_and_section_rows_are_skipped(write_csv: Callable[..., Path]) -> None:
    text = (
        "Account statement,,\n"
        "Währung: EUR,,\n"
        "\n"
        "Date,Description,Amount\n"
        "Posted transactions\n"
        "2024-05-01,Shop,-10.00\n"
        "2024-05-02,Refund,4.00\n"
        "\n"
        "Closing balance,,1234.00\n"
        "Exported 2024-05-03 10:00,,\n"
    )
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [6, 7]
    assert {line.currency for line in result.lines} == {"EUR"}
    assert result.warnings == ()


def test_decimal_comma_decided_by_one_value_far_down(write_csv: Callable[..., Path]) -> None:
    rows = [f"2024-01-{1 + i % 28:02d};Row {i};1.{100 + i}" for i in range(300)]
    text = "Datum;Text;Betrag\n" + "\n".join(rows) + "\n2024-02-01;Last;12,5\n"
    result = import_statement(write_csv(text))
    assert result.lines[0].amount == D("1100")
    assert result.lines[-1].amount == D("12.5")


def test_utf16_tab_separated_excel_unicode_text(write_csv: Callable[..., Path]) -> None:
    text = "\ufeffDate\tDescription\tAmount\n2024-01-02\tCafé\t-3.50\n"
    result = import_statement(write_csv(text, "export.txt", encoding="utf-16-le"))
    assert result.lines[0].description == "Café"
    assert result.lines[0].amount == D("-3.50")


def test_bad_cell_is_a_row_warning_not_a_crash(write_csv: Callable[..., Path]) -> None:
    text = (
        "Date,Description,Amount\n2024-01-02,Good,-3.50\n2024-01-03,Bad,abc\n2024-01-04,Good,1.00\n"
    )
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [2, 4]
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert (warning.row, warning.column) == (3, "Amount")
    assert "'abc' is not an amount" in warning.message


def test_raw_cells_are_kept_as_text(write_xlsx: Callable[..., Path]) -> None:
    path = write_xlsx({"S": [["Date", "Amount", "Ref"], [dt.date(2024, 1, 2), -3.5, 12345]]})
    line = import_statement(path).lines[0]
    assert line.raw == ("2024-01-02", "-3.5", "12345")


def _ods(tables: list[tuple[str, bool, list[list[str]]]]) -> bytes:
    """A minimal OpenDocument spreadsheet; cells holding 'YYYY-MM-DD' are real date cells."""
    import io
    import zipfile

    def cell(value: str) -> str:
        if len(value) == 10 and value[4] == "-":
            return f'<table:table-cell office:value-type="date" office:date-value="{value}"><text:p>{value}</text:p></table:table-cell>'
        try:
            float(value)
        except ValueError:
            return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'

    body = "".join(
        f'<table:table table:name="{name}" table:style-name="{"hidden" if hidden else "shown"}">'
        + "".join(
            "<table:table-row>" + "".join(map(cell, row)) + "</table:table-row>" for row in rows
        )
        + "</table:table>"
        for name, hidden, rows in tables
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.2">'
        "<office:automatic-styles>"
        '<style:style style:name="shown" style:family="table"><style:table-properties table:display="true"/></style:style>'
        '<style:style style:name="hidden" style:family="table"><style:table-properties table:display="false"/></style:style>'
        "</office:automatic-styles><office:body><office:spreadsheet>"
        f"{body}</office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def test_ods_hidden_sheet_is_skipped_and_date_cells_are_real(tmp_path: Path) -> None:
    decoy = [["Date", "Amount"]] + [[f"2024-01-{day:02d}", "1"] for day in range(1, 20)]
    statement = [
        ["Datum", "Verwendungszweck", "Betrag"],
        ["2024-03-01", "Miete", "-800.5"],
        ["02.03.2024", "Gehalt", "2500"],
    ]
    path = tmp_path / "konto.ods"
    path.write_bytes(_ods([("Helper", True, decoy), ("Konto", False, statement)]))
    result = import_statement(path)
    assert result.format == "ods"
    assert result.layout is not None
    assert result.layout.sheet == "Konto"
    assert [(line.date, line.amount) for line in result.lines] == [
        (dt.date(2024, 3, 1), D("-800.5")),
        (dt.date(2024, 3, 2), D("2500")),
    ]


def test_default_currency_is_validated_and_normalised(write_csv: Callable[..., Path]) -> None:
    path = write_csv("Date,Amount\n2024-01-02,-3.50\n")
    assert import_statement(path, default_currency="chf").lines[0].currency == "CHF"
    with pytest.raises(ValueError, match="default_currency must be an ISO 4217 code"):
        import_statement(path, default_currency="Swiss francs")


def test_short_row_is_read_with_the_gap_where_it_empties_no_field_read(
    write_csv: Callable[..., Path],
) -> None:
    """ING-style: a row that leaves out its empty 'Type' keeps its purpose text, value
    date, currency and balance. Two places for the gap make date and amount readable; only
    one of them empties no field the layout reads."""
    header = "Date;Value date;Payee;Type;Purpose;Amount;Currency;Balance\n"
    balance, lines = D("1000.00"), []
    for number in range(120):  # enough rows that one shifted cell is a stray
        if number == 60:
            balance += D("1500.00")
            lines.append(f"02.03.2024;03.03.2024;Pension fund;March pension;1500,00;EUR;{balance}")
            continue
        balance -= D("1.25")
        date = f"{number % 28 + 1:02d}.03.2024"
        lines.append(f"{date};{date};Shop;Card;Groceries;-1,25;EUR;{balance}")
    result = import_statement(write_csv(header + "\n".join(lines) + "\n"))
    short = next(line for line in result.lines if line.row == 62)
    assert (short.date, short.value_date) == (dt.date(2024, 3, 2), dt.date(2024, 3, 3))
    assert (short.counterparty, short.description) == ("Pension fund", "March pension")
    assert (short.amount, short.currency, short.balance) == (D("1500.00"), "EUR", D("2425.00"))
    assert short.raw == (
        "02.03.2024", "03.03.2024", "Pension fund", "March pension", "1500,00", "EUR", "2425.00"
    )  # fmt: skip
    assert result.closing_balance == D("2351.25")
    assert [(warning.row, warning.column, warning.message) for warning in result.warnings] == [
        (62, "Type", "the row has 7 fields where the header has 8; read as if it left out 'Type'")
    ]  # and no break in the running balance: the short row's balance is read
    assert result.layout is not None
    assert result.layout.currency_column == 6


@pytest.mark.parametrize("layout", ["signed", "debit_credit"])
def test_a_row_with_money_but_no_date_is_reported_not_dropped(
    write_csv: Callable[..., Path], layout: str
) -> None:
    header = "Date;Payee;Amount" if layout == "signed" else "Date;Payee;Debit;Credit"
    rows = [header]
    for day in range(1, 11):
        money = f"-{day}.00" if layout == "signed" else f"{day}.00;"
        rows.append(f"{day:02d}.03.2024;Shop {day};{money}")
    money = "-99.00" if layout == "signed" else "99.00;"
    rows[4:4] = [
        f";Landlord;{money}",
        f"soon;Landlord;{money}",
        ";just a note;" + ";" * (layout != "signed"),
    ]
    rows.append(f";Total;{'-55.00' if layout == 'signed' else '55.00;'}")  # a footer: not reported
    result = import_statement(write_csv("\n".join(rows) + "\n"))
    assert len(result.lines) == 10
    guess, *skipped = result.warnings
    assert guess.message.startswith(GUESSED_DAY_FIRST + "read day-first the dates lie within")
    assert [(warning.row, warning.column, warning.message) for warning in skipped] == [
        (5, "Date", "no date; row skipped"),
        (6, "Date", "'soon' is not a date; row skipped"),
    ]


def test_a_short_row_whose_amount_reads_but_date_does_not_is_realigned(
    write_csv: Callable[..., Path],
) -> None:
    rows = ["Amount;Payee;Purpose;Date"]
    rows += [f"-{day}.00;Shop {day};Groceries {day};{day:02d}.03.2024" for day in range(1, 11)]
    rows.append("-99.00;Landlord;15.03.2024")  # a text field left out: the date moved left
    result = import_statement(write_csv("\n".join(rows) + "\n"))
    last = result.lines[-1]
    assert (last.row, last.date, last.amount, last.counterparty) == (
        12, dt.date(2024, 3, 15), D("-99.00"), "Landlord"
    )  # fmt: skip
    assert [warning.row for warning in result.warnings] == [None, 12]
    assert result.warnings[0].message.startswith(GUESSED_DAY_FIRST)  # 01.03 to 15.03.2024


def test_a_gap_that_would_shift_a_currency_into_the_balance_is_not_chosen(
    write_csv: Callable[..., Path],
) -> None:
    """ING's layout with a balance: a row that leaves out its booking text could take the
    gap there or in the first, unread currency column; only the first reads its balance."""
    rows = ["Buchung;Valuta;Empfänger;Buchungstext;Verwendungszweck;Saldo;Währung;Betrag;Währung"]
    balance = D("5000.00")
    for day in range(1, 31):
        moved = D("2647.74") if day == 11 else D("-13.98")
        balance += moved
        text = ["Rente", "RV-RENTE 11.2025"] if day == 11 else ["Shop", "Lastschrift", "Kauf"]
        date = f"{day:02d}.11.2025"
        rows.append(";".join([date, date, *text, _comma(balance), "EUR", _comma(moved), "EUR"]))
    result = import_statement(write_csv("\n".join(rows) + "\n"))
    pension = next(line for line in result.lines if line.row == 12)
    assert (pension.description, pension.counterparty) == ("RV-RENTE 11.2025", "Rente")
    assert (pension.amount, pension.balance) == (D("2647.74"), D("7507.94"))
    assert [warning.message for warning in result.warnings] == [
        "the row has 8 fields where the header has 9; read as if it left out 'Buchungstext'"
    ]  # and the running balance holds through it


def _comma(amount: Decimal) -> str:
    return str(amount).replace(".", ",")


@pytest.mark.parametrize(
    ("strays", "kept"),
    [
        ([], True),
        (["12.50", "03.04.2024"], True),
        (["12.50", "3.00", "4.00"], False),
        # A text that is no currency among codes keeps the column: its row is a warning
        # and its line in no currency (test_odd_currency_cells), not every line's currency
        # dropped for it.
        (["n/a"], True),
    ],
)
def test_a_currency_column_tolerates_a_number_or_date_in_one_row_in_a_hundred(
    write_csv: Callable[..., Path], strays: list[str], kept: bool
) -> None:
    rows = ["Date;Amount;Currency;Text"]
    for number in range(200):
        code = strays[number // 50] if number % 50 == 7 and number // 50 < len(strays) else "EUR"
        code = "USD" if code == "EUR" and number % 3 == 0 else code
        rows.append(f"{number % 28 + 1:02d}.02.2024;-{number + 1}.00;{code};Payment {number}")
    result = import_statement(write_csv("\n".join(rows) + "\n"))
    assert result.layout is not None
    assert (result.layout.currency_column == 2) is kept
    if kept:
        stray_rows = {None} if strays else set()  # a stray cell names no currency
        assert {line.currency for line in result.lines} == {"EUR", "USD"} | stray_rows
        assert dict(result.layout.evidence)["currency"] == (
            "currency: column 'Currency' (EUR, USD)",
        )
        # Each stray cell is named, row by row, as its line is in no currency.
        odd = [str(warning) for warning in result.warnings if "currency code" in str(warning)]
        assert odd == [
            f"statement.csv row {50 * at + 9} column Currency: '{stray}' is not a currency "
            "code; the line is read with its currency unknown"
            for at, stray in enumerate(strays)
        ]


@pytest.mark.parametrize(
    "first_row",
    [
        "2024-02-30,Salary,1000.00,",  # a date that does not exist
        "2024-03-01,Salary,n/a,",  # an amount that does not read
        ",Balance brought forward,,",  # an opening balance row with money but no date
    ],
)
def test_the_header_is_found_above_a_first_row_that_does_not_read(
    write_csv: Callable[..., Path], first_row: str
) -> None:
    # The header lies above that row, not next to the first row that reads: had it been
    # missed, the pair 'Paid in, Paid out' would have been read by position, every sign
    # inverted, and the balance taken as the amount.
    text = (
        "Date,Description,Paid in,Paid out,Balance\n"
        f"{first_row},1000.00\n"
        "2024-03-02,Rent,,400.00,600.00\n"
        "2024-03-03,Shop,,25.50,574.50\n"
        "2024-03-04,Refund,12.00,,586.50\n"
    )
    result = import_statement(write_csv(text))
    assert result.layout is not None
    assert result.layout.header_row == 1
    assert (result.layout.credit, result.layout.debit, result.layout.balance) == (2, 3, 4)
    assert [(line.row, line.amount) for line in result.lines] == [
        (3, D("-400.00")),
        (4, D("-25.50")),
        (5, D("12.00")),
    ]


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        (
            "Date,Description,Amount\n2024-02-30,a,10.00\n2024-03-02,b,20.00\n2024-03-03,c,30.00\n",
            (2, "Date", "'2024-02-30' is not a date; row skipped"),
        ),
        (
            "Date,Description,Amount\n2024-03-01,a,10.00\n2024-03-02,b,20.00\n2024-03-03,c,n/a\n",
            (4, "Amount", "'n/a' is not an amount; row skipped"),
        ),
        (
            (
                'Date,Description,Amount\n2024-03-01,a,"12,50"\n2024-03-02,b,"1,234.56"\n'
                "2024-03-03,c,7.25\n"
            ),
            (2, "Amount", "'12,50' is not an amount; row skipped"),
        ),
    ],
)
def test_a_first_or_last_row_that_does_not_read_is_reported(
    write_csv: Callable[..., Path], text: str, warned: tuple[int, str, str]
) -> None:
    # Outside the lines' rows lie the preamble and the footer, whose totals are not
    # reported; a row written like a transaction is, wherever it is.
    result = import_statement(write_csv(text))
    assert len(result.lines) == 2
    assert [(warning.row, warning.column, warning.message) for warning in result.warnings] == [
        warned
    ]


_PAID = ("02/03/2024,b,-2.00", "15/03/2024,d,-4.00")
_SERIAL = "'{}' is not a date (as an Excel serial number it would be {}); row skipped"


@pytest.mark.parametrize(
    ("rows", "warned"),
    [
        (("45352,Serial first,-1.00", *_PAID), (2, _SERIAL.format(45352, "2024-03-01"))),
        ((*_PAID, "45367,Serial last,-9.00"), (4, _SERIAL.format(45367, "2024-03-16"))),
        ((",Missing date first,-1.00", *_PAID), (2, "no date; row skipped")),
        ((*_PAID, ",Missing date last,-9.00"), (4, "no date; row skipped")),
    ],
    ids=["serial first", "serial last", "blank first", "blank last"],
)
def test_a_payment_first_or_last_whose_date_does_not_read_is_reported(
    write_csv: Callable[..., Path], rows: tuple[str, ...], warned: tuple[int, str]
) -> None:
    """Such a row was dropped unseen (the same row between two lines was reported): a
    blank date or a spreadsheet's serial number is not written like a date, and the rule
    that keeps a footer's total out of the warnings took it for one."""
    result = import_statement(write_csv("Date,Description,Amount\n" + "\n".join(rows) + "\n"))
    assert len(result.lines) == 2
    assert [(warning.row, warning.column, warning.message) for warning in result.warnings] == [
        (warned[0], "Date", warned[1])
    ]


@pytest.mark.parametrize(
    "footer",
    [",,-6.00", ",,6.00", "Summe,,-6.00", ",Endsaldo,94.00", ",,100.00"],
    ids=["total", "total unsigned", "words", "closing words", "opening balance"],
)
def test_an_undated_footer_or_preamble_figure_is_still_not_reported(
    write_csv: Callable[..., Path], footer: str
) -> None:
    """What a footer states without a date (the lines' total, a closing or opening
    balance, a row with a total's words) is no payment lost."""
    text = (
        "Date,Description,Amount,Balance\n02/03/2024,b,-2.00,98.00\n"
        f"15/03/2024,d,-4.00,94.00\n{footer},\n"
    )
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [2, 3]
    assert result.warnings == ()


@pytest.mark.parametrize("footer", [",,100.00", ",,94.00"], ids=["opening", "closing"])
def test_a_newest_first_statements_balance_in_its_footer_is_not_reported(
    write_csv: Callable[..., Path], footer: str
) -> None:
    """Newest first, the opening balance is under the last line and the closing one is the
    first line's: read oldest first, both were taken for a payment whose date was lost."""
    text = (
        "Date,Description,Amount,Balance\n15/03/2024,d,-4.00,94.00\n"
        f"02/03/2024,b,-2.00,98.00\n{footer},\n"
    )
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [2, 3]
    assert result.warnings == ()


@pytest.mark.parametrize("words", ["Total fees", "Summe Gebühren", "Totaal kosten"])
def test_an_undated_row_with_a_totals_words_is_no_lost_payment_whatever_its_figure(
    write_csv: Callable[..., Path], words: str
) -> None:
    """A subtotal (the fees, say) states no figure a footer is checked against (the
    lines' total, a balance): its words alone tell it from a payment whose date was lost."""
    text = f"Date,Description,Amount\n02/03/2024,b,-2.00\n15/03/2024,d,-4.00\n,{words},-1.50\n"
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [2, 3]
    assert result.warnings == ()


@pytest.mark.parametrize("phrase", ["Kontostand", "Balans", "Closing balance"])
def test_an_undated_balance_phrase_in_any_language_the_importer_knows_is_no_lost_payment(
    write_csv: Callable[..., Path], phrase: str
) -> None:
    """The footer rule kept its own list of balance words and missed those the balance
    rows know (Kontostand, balans): such a footer was warned of as a skipped payment."""
    text = f"Date,Description,Amount\n02/03/2024,b,-2.00\n15/03/2024,d,-4.00\n,{phrase},93.00\n"
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [2, 3]
    assert result.warnings == ()


def test_a_dated_footer_without_money_and_an_undated_total_are_not_reported(
    write_csv: Callable[..., Path],
) -> None:
    text = (
        "Date,Description,Amount,Balance\n"
        "2024-03-01,a,-10.00,90.00\n"
        "2024-03-02,b,-20.00,70.00\n"
        "2024-03-31,Closing balance,,70.00\n"
        "Total,,-30.00,\n"
        "31.03.2024 10:00,exported,,\n"
    )
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [2, 3]
    assert result.warnings == ()


def test_ordinal_dates_are_read(write_csv: Callable[..., Path]) -> None:
    text = (
        "Date,Description,Amount\n"
        "1st March 2024,Rent,-500.00\n"
        "2nd March 2024,Salary,2100.00\n"
        "23rd March 2024,Shop,-12.40\n"
    )
    result = import_statement(write_csv(text))
    assert [line.date for line in result.lines] == [
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 2),
        dt.date(2024, 3, 23),
    ]


@pytest.mark.parametrize(
    ("last", "first_date"),
    [("20032024", dt.date(2024, 3, 4)), ("03202024", dt.date(2024, 4, 3))],
)
def test_compact_day_or_month_first_dates_are_settled_by_the_column(
    write_csv: Callable[..., Path], last: str, first_date: dt.date
) -> None:
    # '04032024' is 4 March or April 3: a later day above 12 settles which, as for 04/03/2024.
    text = f"Date;Text;Amount\n04032024;Rent;-500.00\n05032024;Shop;-3.00\n{last};Pay;10.00\n"
    result = import_statement(write_csv(text))
    assert result.layout is not None
    assert result.lines[0].date == first_date
    assert not result.layout.date_order_ambiguous


def test_compact_dates_no_day_settles_are_reported_ambiguous(
    write_csv: Callable[..., Path],
) -> None:
    text = "Date;Text;Amount\n04032024;Rent;-500.00\n05032024;Shop;-3.00\n"
    result = import_statement(write_csv(text))
    assert result.layout is not None
    assert result.layout.date_order_ambiguous
    assert result.lines[0].date == dt.date(2024, 3, 4)  # day-first when nothing decides


def test_a_german_valuta_column_of_dates_is_the_value_date(write_csv: Callable[..., Path]) -> None:
    text = (
        "Buchungstag;Valuta;Buchungstext;Verwendungszweck;Betrag;Währung\n"
        "01.03.2024;02.03.2024;Lastschrift;Miete März;-850,00;EUR\n"
        "04.03.2024;05.03.2024;Gutschrift;Gehalt;2.345,67;EUR\n"
    )
    result = import_statement(write_csv(text, encoding="cp1252"))
    assert result.layout is not None
    assert (result.layout.value_date, result.layout.currency_column) == (1, 5)
    assert [line.value_date for line in result.lines] == [dt.date(2024, 3, 2), dt.date(2024, 3, 5)]
    assert (
        "value date: column 'Valuta' (its header can name a currency, but it holds dates)"
        in (dict(result.layout.evidence)["dates"])
    )


def test_an_italian_valuta_column_of_codes_is_the_currency(write_csv: Callable[..., Path]) -> None:
    text = (
        "Data;Descrizione;Importo;Valuta\n"
        "01/03/2024;Affitto;-850,00;EUR\n"
        "04/03/2024;Stipendio;2.345,67;CHF\n"
    )
    result = import_statement(write_csv(text))
    assert result.layout is not None
    assert (result.layout.value_date, result.layout.currency_column) == (None, 3)
    assert [line.currency for line in result.lines] == ["EUR", "CHF"]


def test_a_foreign_currency_column_does_not_relabel_amounts_whose_header_names_theirs(
    write_csv: Callable[..., Path],
) -> None:
    # N26: 'Amount (EUR)' is the account's amount; the foreign columns describe the card's.
    text = (
        '"Date","Payee","Transaction type","Amount (EUR)","Amount (Foreign Currency)",'
        '"Type Foreign Currency","Exchange Rate"\n'
        '"2024-03-01","Shop NY","MasterCard Payment","-92.10","-100.00","USD","1.0858"\n'
        '"2024-03-02","Employer","Income","2500.00","","",""\n'
        '"2024-03-03","Bakery","MasterCard Payment","-3.20","","",""\n'
    )
    result = import_statement(write_csv(text))
    assert result.layout is not None
    assert (result.layout.amount, result.layout.currency_column) == (3, None)
    assert [(line.amount, line.currency) for line in result.lines] == [
        (D("-92.10"), "EUR"),
        (D("2500.00"), "EUR"),
        (D("-3.20"), "EUR"),
    ]


def test_a_currency_column_agreeing_with_the_amount_header_is_kept(
    write_csv: Callable[..., Path],
) -> None:
    text = "Date;Text;Betrag (€);Währung\n01.03.2024;Miete;-850,00;EUR\n02.03.2024;Lohn;10,00;EUR\n"
    result = import_statement(write_csv(text))
    assert result.layout is not None
    assert result.layout.currency_column == 3
    assert {line.currency for line in result.lines} == {"EUR"}


def test_a_headerless_debit_credit_pair_is_not_outvoted_by_its_running_balance(
    write_csv: Callable[..., Path],
) -> None:
    # The balance is filled on every row, as the pair together is: coverage cannot tell
    # them apart, the arithmetic can.
    text = (
        "01/03/2024;Miete;850,00;;150,00\n"
        "02/03/2024;Gehalt;;2.000,00;2.150,00\n"
        "13/03/2024;Karte;50,00;;2.100,00\n"
        "14/03/2024;Karte;5,00;;2.095,00\n"
    )
    result = import_statement(write_csv(text))
    assert result.layout is not None
    assert (result.layout.debit, result.layout.credit, result.layout.balance) == (2, 3, 4)
    assert [(line.amount, line.balance) for line in result.lines] == [
        (D("-850.00"), D("150.00")),
        (D("2000.00"), D("2150.00")),
        (D("-50.00"), D("2100.00")),
        (D("-5.00"), D("2095.00")),
    ]
    assert result.warnings == ()


def test_a_summary_sheet_with_more_dated_rows_does_not_displace_the_transactions(
    write_xlsx: Callable[..., Path],
) -> None:
    summary = [
        ["Monthly summary"],
        ["Month", "Money in", "Money out", "Closing balance"],
        *[
            [dt.datetime(2023, month, 1), 2000.0 + month, -1500.0 - month, 1000.0 + 500 * month]
            for month in range(1, 13)
        ],
    ]
    transactions = [
        ["Booking date", "Description", "Amount"],
        [dt.datetime(2024, 1, 2), "Rent", -800.0],
        [dt.datetime(2024, 1, 3), "Salary", 2500.0],
        [dt.datetime(2024, 1, 5), "Food", -60.0],
    ]
    result = import_statement(write_xlsx({"Summary": summary, "Transactions": transactions}))
    assert result.layout is not None
    assert result.layout.sheet == "Transactions"
    assert [line.description for line in result.lines] == ["Rent", "Salary", "Food"]
    assert dict(result.layout.evidence)["sheet"] == (
        "sheet 'Transactions' (2 of 2): 3 transactions",
        (
            "sheet 'Summary' also holds 12 dated amounts without any text; not imported"
            ' (a mapping\'s "sheet" chooses it)'
        ),
    )


def _volksbank(opening: str, closing: str) -> str:
    return (
        '"Buchungstag";"Valuta";"Auftraggeber/Zahlungsempfänger";"Vorgang/Verwendungszweck";'
        '"Währung";"Umsatz";" "\n'
        '"01.03.2024";"01.03.2024";"Stadtwerke";"Strom März";"EUR";"85,00";"S"\n'
        '"05.03.2024";"05.03.2024";"Firma GmbH";"Lohn";"EUR";"3.100,00";"H"\n'
        '"07.03.2024";"06.03.2024";"Tankstelle";"Karte";"EUR";"1.050,10";"S"\n'
        "\n"
        f'"31.03.2024";;;"Anfangssaldo";"EUR";{opening}\n'
        f'"31.03.2024";;;"Endsaldo";"EUR";{closing}\n'
    )


@pytest.mark.parametrize(
    ("opening", "closing", "balances"),
    [
        ('"1.000,00";"H"', '"2.964,90";"H"', (D("1000.00"), D("2964.90"))),
        ('"1.500,00";"S"', '"464,90";"H"', (D("-1500.00"), D("464.90"))),  # overdrawn: S
    ],
)
def test_volksbank_dated_balance_footer_is_the_opening_and_closing_balance(
    write_csv: Callable[..., Path], opening: str, closing: str, balances: tuple[Decimal, Decimal]
) -> None:
    # The footer rows have a date and an amount like a transaction; as lines they added
    # both balances to the movements. Their S/H column says an overdrawn balance.
    result = import_statement(write_csv(_volksbank(opening, closing), encoding="cp1252"))
    assert [(line.row, line.amount) for line in result.lines] == [
        (2, D("-85.00")),
        (3, D("3100.00")),
        (4, D("-1050.10")),
    ]
    assert (result.opening_balance, result.closing_balance) == balances
    assert result.warnings == ()
    assert result.layout is not None
    assert result.layout.last_row == 4
    opened, closed = balances
    stated = (
        f"stated balances: Anfangssaldo {opened} (row 6) + 3 movements {closed - opened} = "
        f"Endsaldo {closed} (row 7)"
    )
    rows = (
        f"rows read as balances, not as lines: Anfangssaldo {opened} (row 6), "
        f"Endsaldo {closed} (row 7)"
    )
    assert dict(result.layout.evidence)["balances"] == (stated, rows)


@pytest.mark.parametrize(
    "phrase",
    [
        "Balance brought forward",
        "Opening balance:",
        "Anfangssaldo",
        "Alter Kontostand",
        "Solde précédent",
        "Solde initial au 29/02/2024",
        "Beginsaldo",
        "Saldo inicial",
        "Saldo iniziale",
    ],
)
def test_a_dated_opening_balance_row_above_the_transactions_is_the_opening_balance(
    write_xlsx: Callable[..., Path], phrase: str
) -> None:
    # An overdrawn opening balance in the debit column, dated like the transactions.
    rows = [
        ["Date", "Description", "Debit", "Credit"],
        [dt.datetime(2024, 3, 1), phrase, 250.0, None],
        [dt.datetime(2024, 3, 4), "Salary", None, 2000.0],
        [dt.datetime(2024, 3, 9), "Rent", 800.0, None],
        [dt.datetime(2024, 3, 12), "Groceries", 61.2, None],
    ]
    result = import_statement(write_xlsx({"Sheet1": rows}))
    assert [(line.row, line.amount) for line in result.lines] == [
        (3, D("2000")),
        (4, D("-800")),
        (5, D("-61.2")),
    ]
    assert (result.opening_balance, result.closing_balance) == (D("-250"), None)
    assert result.warnings == ()
    assert result.layout is not None
    assert result.layout.first_row == 3
    assert dict(result.layout.evidence)["balances"][-1] == (
        f"rows read as balances, not as lines: {phrase.rstrip(':')} -250.00 (row 2)"
    )


MONTHS_WITH_A_BALANCE_BETWEEN = (
    "Datum;Buchungstext;Betrag\n"
    "01.01.2024;Anfangssaldo;1.000,00\n"
    "05.01.2024;Miete;-500,00\n"
    "20.01.2024;Gehalt;2.000,00\n"
    "31.01.2024;Saldo per 31.01.2024;2.500,00\n"
    "05.02.2024;Miete;-500,00\n"
    "20.02.2024;Gehalt;2.000,00\n"
    "29.02.2024;Endsaldo;4.000,00\n"
)


def test_a_month_end_balance_between_the_transactions_is_no_line(
    write_csv: Callable[..., Path],
) -> None:
    # The month's balance is no movement: as a line it would count January twice.
    result = import_statement(write_csv(MONTHS_WITH_A_BALANCE_BETWEEN))
    assert [(line.row, line.amount) for line in result.lines] == [
        (3, D("-500.00")),
        (4, D("2000.00")),
        (6, D("-500.00")),
        (7, D("2000.00")),
    ]
    assert (result.opening_balance, result.closing_balance) == (D("1000.00"), D("4000.00"))
    assert result.warnings == ()
    assert result.layout is not None
    assert dict(result.layout.evidence)["balances"][-1] == (
        "rows read as balances, not as lines: Anfangssaldo 1000.00 (row 2), "
        "Saldo per 31.01.2024 2500.00 (row 5, between the lines), Endsaldo 4000.00 (row 8)"
    )


def test_a_month_end_balance_between_the_transactions_tells_which_month_lost_a_line(
    write_csv: Callable[..., Path],
) -> None:
    # Opening and closing only say that a line is missing; the balance between them says
    # it is in January, and February adds up.
    text = MONTHS_WITH_A_BALANCE_BETWEEN.replace("20.01.2024;Gehalt;2.000,00\n", "")
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [3, 5, 6]
    unbalanced = (
        "the stated balances do not add up: Anfangssaldo 1000.00 + movements 1000.00 = 2000.00, "
        "but Endsaldo says 4000.00 (a line may be missing or misread)"
    )
    january = (
        "Saldo per 31.01.2024 2500.00 (row 4) does not follow from Anfangssaldo 1000.00 (row 2) "
        "and the movements between them, -500.00 in 1 line: 500.00 was expected (a line may be "
        "missing or misread)"
    )
    assert [(warning.row, warning.message) for warning in result.warnings] == [
        (None, unbalanced),
        (4, january),
    ]


def test_a_payment_that_mentions_a_balance_stays_a_line(write_csv: Callable[..., Path]) -> None:
    # Only a row whose text is the balance phrase alone states a balance: a payee beside
    # "Saldo", or "Saldo" within a longer purpose, is a payment settling a balance.
    text = (
        "Buchungstag;Empfänger;Verwendungszweck;Betrag\n"
        "01.03.2024;Stadtwerke;Saldo;-42,10\n"
        "02.03.2024;;Ausgleich Saldo Rechnung 4711;-120,00\n"
        "03.03.2024;Hausverwaltung;Saldo Nebenkostenabrechnung 2023;85,50\n"
        "04.03.2024;;Balance payment invoice 17;-310,00\n"
        "31.03.2024;;Saldo;1.923,40\n"
    )
    result = import_statement(write_csv(text))
    assert [(line.row, line.amount) for line in result.lines] == [
        (2, D("-42.10")),
        (3, D("-120.00")),
        (4, D("85.50")),
        (5, D("-310.00")),
    ]
    assert (result.opening_balance, result.closing_balance) == (None, D("1923.40"))
    assert result.warnings == ()


# Seven movements with their running balance, oldest first; ``_bare_statement`` puts a row
# that moves no money (its amount cell empty) between the second and the third (row 4).
_MOVEMENTS = [
    ("2024-03-01", "Rent", "-500.00", "1040.00"),
    ("2024-03-02", "Grocer", "-45.20", "994.80"),
    ("2024-03-04", "Pay", "100.00", "1094.80"),
    ("2024-03-05", "Fuel", "-60.00", "1034.80"),
    ("2024-03-06", "Fee", "-1.00", "1033.80"),
    ("2024-03-07", "Fee", "-1.00", "1032.80"),
    ("2024-03-08", "Fee", "-1.00", "1031.80"),
]


def _bare_statement(
    date: str, text: str, balance: str, *, pair: bool = False, newest_first: bool = False
) -> str:
    """The csv, with an 'Amount' column, or 'Paid out' and 'Paid in' when ``pair``; newest
    first, every row in reverse (the bare row, still between Grocer and Pay, is row 7)."""
    rows = [*_MOVEMENTS[:2], (date, text, "", balance), *_MOVEMENTS[2:]]
    if newest_first:
        rows = rows[::-1]
    header = (
        "Date,Description,Paid out,Paid in,Balance" if pair else "Date,Description,Amount,Balance"
    )
    lines = [header]
    for day, what, amount, running in rows:
        if pair:
            out, into = (amount.lstrip("-"), "") if amount.startswith("-") else ("", amount)
            lines.append(f"{day},{what},{out},{into},{running}")
        else:
            lines.append(f"{day},{what},{amount},{running}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (
            _bare_statement("2024-03-03", "Balance carried forward", "994.80"),
            "Balance carried forward",
        ),
        (
            _bare_statement("2024-03-03", "Balance carried forward", "994.80", pair=True),
            "Balance carried forward",
        ),
        (_bare_statement("", "Balance carried forward", "994.80"), "Balance carried forward"),
        (_bare_statement("2024-03-03", "", "994.80"), "Balance"),
        (_bare_statement("2024-03-03", "Interest", "994.80", pair=True), "Balance"),
    ],
    ids=["dated", "dated, debit and credit", "undated", "no text", "other text"],
)
def test_a_row_that_only_states_the_balance_in_its_column_is_no_skipped_row(
    write_csv: Callable[..., Path], text: str, label: str
) -> None:
    """Its amount cell is empty and its balance cell filled: it states a balance, as a
    balance row with its balance in the amount column does. Without text saying so, a dated
    row states one when its balance is the running balance there: nothing moved."""
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [2, 3, 5, 6, 7, 8, 9]
    assert result.warnings == ()
    assert (result.opening_balance, result.closing_balance) == (D("1540.00"), D("1031.80"))
    assert result.layout is not None
    assert dict(result.layout.evidence)["balances"] == (
        f"rows read as balances, not as lines: {label} 994.80 (row 4, between the lines)",
    )


def test_a_bare_row_newest_first_states_the_balance_of_the_line_below_it(
    write_csv: Callable[..., Path],
) -> None:
    # Newest first, the balance at the bare row is the one the older line below it left.
    result = import_statement(
        write_csv(_bare_statement("2024-03-03", "", "994.80", newest_first=True))
    )
    assert [line.row for line in result.lines] == [2, 3, 4, 5, 6, 8, 9]
    assert result.warnings == ()
    assert result.layout is not None
    assert result.layout.balance_chain is Chain.AFTER_NEWEST_FIRST
    assert dict(result.layout.evidence)["balances"] == (
        "rows read as balances, not as lines: Balance 994.80 (row 7, between the lines)",
    )


@pytest.mark.parametrize(
    ("text", "row", "column", "message"),
    [
        # A balance the lines did not leave: a payment whose amount was lost, maybe.
        (_bare_statement("2024-03-03", "", "990.00"), 4, "Amount", "no amount; row skipped"),
        # Newest first, the line above's balance is the later one, not the running balance.
        (
            _bare_statement("2024-03-03", "", "1094.80", newest_first=True),
            7,
            "Amount",
            "no amount; row skipped",
        ),
        # An amount that does not read is no empty amount.
        (
            _bare_statement("2024-03-03", "", "994.80").replace(",,994.80", ",n/a,994.80"),
            4,
            "Amount",
            "'n/a' is not an amount; row skipped",
        ),
    ],
    ids=["another balance", "newest first, the later balance", "unreadable amount"],
)
def test_a_bare_row_that_may_have_moved_money_stays_a_warning(
    write_csv: Callable[..., Path], text: str, row: int, column: str, message: str
) -> None:
    result = import_statement(write_csv(text))
    assert len(result.lines) == 7
    assert [(warning.row, warning.column, warning.message) for warning in result.warnings] == [
        (row, column, message)
    ]
    assert result.layout is not None
    assert "balances" not in dict(result.layout.evidence)


def test_a_balance_row_that_does_not_follow_is_reported_as_one(
    write_csv: Callable[..., Path],
) -> None:
    """Its text says it states a balance: it does, and that balance is 4.80 off, which the
    movements before and after it both say."""
    text = _bare_statement("2024-03-03", "Balance carried forward", "990.00")
    result = import_statement(write_csv(text))
    assert [line.row for line in result.lines] == [2, 3, 5, 6, 7, 8, 9]
    before = (
        "Balance carried forward 990.00 (row 4) does not follow from the opening balance "
        "1540.00 and the movements between them, -545.20 in 2 lines: 994.80 was expected "
        "(a line may be missing or misread)"
    )
    after = (
        "the closing balance 1031.80 does not follow from Balance carried forward 990.00 "
        "(row 4) and the movements between them, 37.00 in 5 lines: 1027.00 was expected "
        "(a line may be missing or misread)"
    )
    assert [(warning.row, warning.message) for warning in result.warnings] == [
        (4, before),
        (4, after),
    ]


def test_a_balance_column_the_amounts_do_not_run_through_is_a_warning(
    write_csv: Callable[..., Path],
) -> None:
    # With most steps broken it is no running balance of these amounts (gaps everywhere,
    # or another figure such as the available balance): not used, and said so.
    text = (
        "Date,Description,Amount,Balance\n"
        "2024-01-02,Coffee,-4.50,995.50\n"
        "2024-01-03,Salary,1000.00,1995.50\n"
        "2024-01-05,Rent,-800.00,1095.50\n"
        "2024-01-06,Power,-50.00,1045.50\n"
        "2024-01-09,Water,-20.00,900.00\n"
        "2024-01-12,Gas,-30.00,700.00\n"
    )
    result = import_statement(write_csv(text, "gaps.csv"))
    assert result.layout is not None
    assert result.layout.balance is None
    assert [(warning.row, warning.message) for warning in result.warnings] == [
        (
            None,
            (
                "balance: column 'Balance' is not a running balance of these amounts "
                "(2 of 5 steps add up); not used"
            ),
        )
    ]


def _write_formatted(
    path: Path, rows: list[list[object]], formats: dict[int, str] | None = None
) -> Path:
    """One sheet; ``formats`` gives a column (1-based) the number format of every body row,
    as a bank's export carries it (python-calamine reads values, never these formats)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row_number, row in enumerate(rows, 1):
        for column, value in enumerate(row, 1):
            cell = sheet.cell(row_number, column, value)
            if formats and row_number > 1 and column in formats:
                cell.number_format = formats[column]
    workbook.save(path)
    return path


_MONEY = "#,##0.00"


@pytest.mark.parametrize("size", [6, 600, 5200], ids=["by-value", "bulk-by-value", "row-by-row"])
def test_float_residue_in_number_cells_is_read_as_the_cents_excel_shows(
    tmp_path: Path, size: int
) -> None:
    """=100-99.99 is stored as 0.010000000000005116 and shown under #,##0.00 as 0.01; a
    balance summed in the sheet drifts the same way. Each size takes another reading
    path (per value, per value in bulk, row by row): all must agree."""
    start = dt.date(2024, 1, 1)
    amounts = [float(D(1 + index % 997) / 100) for index in range(size)]
    amounts[1] = 100 - 99.99  # 0.010000000000005116
    amounts[2] = -1234.5600000001  # pasted from a calculation: no money has ten decimals
    amounts[3] = 0.1 + 0.2 - 0.3  # 5.551115123125783e-17: zero
    balance, balances = 1000.0, []
    for amount in amounts:
        balance += amount  # summed in binary, as the sheet's =D1+C2 does
        balances.append(balance)
    rows: list[list[object]] = [["Date", "Text", "Amount", "Balance"]]
    rows += [
        [start + dt.timedelta(days=index // 40), f"Row {index}", amount, balances[index]]
        for index, amount in enumerate(amounts)
    ]
    path = _write_formatted(tmp_path / "residue.xlsx", rows, {3: _MONEY, 4: _MONEY})
    result = import_statement(path)
    lines = result.lines
    assert [line.amount for line in lines[:4]] == [D("0.01"), D("0.01"), D("-1234.56"), D("0")]
    assert all(line.amount == line.amount.quantize(D("0.01")) for line in lines)  # type: ignore[union-attr]
    assert lines[1].raw[2:] == ("0.01", "1000.02")  # the raw cells say what was read
    assert lines[3].raw[2] == "0"
    exact = D("1000") + sum((D(str(amount)) for amount in amounts[4:]), D("-1234.54"))
    assert result.closing_balance == exact.quantize(D("0.01"))
    assert result.warnings == ()  # the balances add up
    assert result.layout is not None
    notes = dict(result.layout.evidence)["numbers"]
    shared = "read to 2 decimals like the column's other numbers, the digits after them"
    residue = "being floating-point residue"
    balance = f"{size - 2} number cells {shared} {residue} (-234.5400000001 read as -234.54)"
    assert notes == (
        f"column 'Amount': 3 number cells {shared} {residue} (0.0100000000000051 read as 0.01)",
        f"column 'Balance': {balance}",
    )


def test_a_headerless_columns_rounded_residue_is_named_as_every_message_names_it(
    tmp_path: Path,
) -> None:
    """ "column 3", as the refusals name a column without a header (``named_column``), not
    "column 'column 3'", which quotes a name the file does not have."""
    rows: list[list[object]] = [
        [dt.date(2024, 3, 1), "Coffee at the station kiosk", 12.35],
        [dt.date(2024, 3, 2), "Formula cell from a sheet", 100 - 99.99],
        [dt.date(2024, 3, 3), "Rent for the month of March", -800.5],
        [dt.date(2024, 3, 4), "Card payment at the shop", -7.25],
    ]
    result = import_statement(_write_formatted(tmp_path / "bare.xlsx", rows, {3: _MONEY}))
    assert result.layout is not None
    assert result.layout.header_row is None
    note = (
        "column 3: 1 number cell read to 2 decimals like the column's other numbers, the "
        "digits after them being floating-point residue (0.0100000000000051 read as 0.01)"
    )
    assert dict(result.layout.evidence)["numbers"] == (note,)


def test_a_real_further_digit_is_kept_and_sets_the_precision(tmp_path: Path) -> None:
    """A foreign-exchange amount with a third decimal is an amount as written, and makes
    the column's precision three decimals: residue is rounded to that, not to cents."""
    rows: list[list[object]] = [
        ["Date", "Text", "Amount"],
        [dt.date(2024, 3, 1), "FX", 12.345],
        [dt.date(2024, 3, 2), "Formula", 100 - 99.99],
        [dt.date(2024, 3, 3), "Formula, 3 decimals", 1.2340000000001],
        [dt.date(2024, 3, 4), "Cents", -7.5],
    ]
    result = import_statement(_write_formatted(tmp_path / "fx.xlsx", rows, {3: "#,##0.000"}))
    amounts = [line.amount for line in result.lines]
    assert amounts == [D("12.345"), D("0.01"), D("1.234"), D("-7.5")]
    assert result.layout is not None
    note = (
        "column 'Amount': 2 number cells read to 3 decimals like the column's other numbers, "
        "the digits after them being floating-point residue (0.0100000000000051 read as 0.01)"
    )
    assert dict(result.layout.evidence)["numbers"] == (note,)


def test_digits_that_are_not_residue_at_the_columns_precision_are_kept(tmp_path: Path) -> None:
    """12.3410000001 is a thousandth away from the cents of its column, and 2.5000001 no
    residue at all: rounding either would change an amount, so both are read as shown."""
    rows: list[list[object]] = [
        ["Date", "Text", "Amount"],
        [dt.date(2024, 3, 1), "Third decimal", 12.3410000001],
        [dt.date(2024, 3, 2), "Seventh decimal", 2.5000001],
        [dt.date(2024, 3, 3), "Cents", -7.25],
    ]
    result = import_statement(_write_formatted(tmp_path / "kept.xlsx", rows, {3: _MONEY}))
    amounts = [line.amount for line in result.lines]
    assert amounts == [D("12.3410000001"), D("2.5000001"), D("-7.25")]
    assert result.layout is not None
    assert "numbers" not in dict(result.layout.evidence)


_DATE = ["Date", "Description", "Amount"]


@pytest.mark.parametrize(
    ("rows", "formats"),
    [
        (  # serials first, then a date cell and a text date
            [
                [45352, "a", -10.5],
                [45353, "b", 20.25],
                [45354, "c", -3.0],
                [dt.date(2024, 3, 4), "d", 4.0],
                ["05/03/2024", "e", 5.0],
            ],
            {},
        ),
        (  # serials between date cells
            [
                [dt.date(2024, 3, 1), "a", -10.5],
                [45353, "b", 20.25],
                [45354, "c", -3.0],
                [45355, "d", 4.0],
                [dt.date(2024, 3, 5), "e", 5.0],
            ],
            {},
        ),
        (  # every date cell lost its format
            [
                [45352 + day, "abcde"[day], amount]
                for day, amount in enumerate([-10.5, 20.25, -3.0, 4.0, 5.0])
            ],
            {1: "General"},
        ),
    ],
    ids=["serials-first", "serials-between", "all-serials"],
)
def test_serial_numbers_outnumbering_the_dates_under_a_date_header_are_dates(
    tmp_path: Path, rows: list[list[object]], formats: dict[int, str]
) -> None:
    """Serial numbers may outnumber a column's other dates, or be all it holds, when most
    date cells lost their format; the header naming a date says the column is one."""
    path = _write_formatted(tmp_path / "serials.xlsx", [_DATE, *rows], formats)
    result = import_statement(path)
    assert [line.date for line in result.lines] == [dt.date(2024, 3, day) for day in range(1, 6)]
    assert [line.amount for line in result.lines] == [
        D("-10.5"),
        D("20.25"),
        D("-3"),
        D("4"),
        D("5"),
    ]
    # '05/03/2024' alone does not settle day- or month-first: a guess, warned of
    texts = sum(isinstance(row[0], str) for row in rows)
    assert [w.message[: len(GUESSED_DAY_FIRST)] for w in result.warnings] == [
        GUESSED_DAY_FIRST
    ] * texts
    assert result.layout is not None
    note = dict(result.layout.evidence)["dates"][0]
    assert "Excel serial numbers read as dates: whole days under the date header 'Date'" in note


def test_serial_numbers_without_a_header_are_dates_within_the_date_columns_period(
    tmp_path: Path,
) -> None:
    """With no header, the column holding the sheet's dates vouches for serial numbers
    that fall within their period; numbers far outside it are no dates of this statement."""
    rows: list[list[object]] = [
        [45352, "a", -10.5],
        [45353, "b", 20.25],
        [45354, "c", -3.0],
        [dt.date(2024, 3, 4), "d", 4.0],
        ["05/03/2024", "e", 5.0],
    ]
    result = import_statement(_write_formatted(tmp_path / "bare.xlsx", rows))
    assert [line.date for line in result.lines] == [dt.date(2024, 3, day) for day in range(1, 6)]
    far = [[30000 + 400 * index, "x", -1.0] for index in range(3)] + rows[3:]
    result = import_statement(_write_formatted(tmp_path / "far.xlsx", far))
    assert [line.date for line in result.lines] == [dt.date(2024, 3, 4), dt.date(2024, 3, 5)]


def test_serial_range_amounts_and_numbers_are_not_read_as_dates(tmp_path: Path) -> None:
    """Whole amounts and document numbers from 20000 to 80000 under their own headers stay
    numbers, though a dated preamble cell sits above them and serials outnumber it."""
    rows: list[list[object]] = [
        ["Closing date", "", "Closing date", ""],
        [dt.date(2024, 3, 31), "", dt.date(2024, 3, 31), ""],
        [],
        ["Booking date", "Text", "Amount", "Document"],
        *[[45352 + day, f"Row {day}", 45000 + 1000 * day, 46000 + day] for day in range(5)],
    ]
    result = import_statement(_write_formatted(tmp_path / "numbers.xlsx", rows))
    assert [line.date for line in result.lines] == [dt.date(2024, 3, day) for day in range(1, 6)]
    assert [line.amount for line in result.lines] == [D(45000 + 1000 * day) for day in range(5)]
    assert [line.raw[3] for line in result.lines] == [str(46000 + day) for day in range(5)]
