"""MT940 quirks, each in a file built here: framing, :61: variants, dates, encodings."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements import import_statement
from desktop_app.statements.formats import read_mt940
from desktop_app.statements.model import StatementImportError


def statement(
    lines: str,
    *,
    reference: str = "STARTUMS",
    opening: str = "C240301EUR1000,00",
    closing: str = "C240331EUR1000,00",
) -> str:
    """One statement; the first line of ``lines`` is on line 5."""
    return f":20:{reference}\n:25:DE44500105175407324931\n:28C:00001/001\n:60F:{opening}\n{lines}:62F:{closing}\n-\n"


def read(
    text: str, *, encoding: str = "utf-8", name: str = "bank.sta"
) -> list[tuple[int, date, Decimal]]:
    return [
        (line.row, line.date, line.amount) for line in read_mt940(text.encode(encoding), name).lines
    ]


def test_basic_statement_with_balances_and_account() -> None:
    text = statement(":61:2403050305D12,50NTRFNONREF//B1\n:86:Rent\n", closing="C240331EUR987,50")
    parsed = read_mt940(text.encode(), "bank.sta")
    assert [(line.row, line.date, line.amount, line.currency) for line in parsed.lines] == [
        (5, date(2024, 3, 5), Decimal("-12.50"), "EUR")
    ]
    assert (parsed.account, parsed.opening_balance, parsed.closing_balance) == (
        "DE44500105175407324931",
        Decimal("1000.00"),
        Decimal("987.50"),
    )
    assert parsed.lines[0].raw == (":61:2403050305D12,50NTRFNONREF//B1", ":86:Rent")
    assert parsed.warnings == ()


@pytest.mark.parametrize(
    ("prefix", "first_row"),
    [
        ("\x01", 5),  # SOH transmission byte before :20:
        ("\n\n\n", 8),  # leading blank lines
        ("ABNANL2A\n940\nABNANL2A\n", 8),  # ABN AMRO header lines
        (":940:\n", 6),  # Rabobank header tag
        ("{1:F01BANKDEFFAXXX0000000000}{2:O9400000000000BANKDEFFXXX00000000000000000000N}{4:\n", 6),
    ],
)
def test_framing_before_the_first_statement(prefix: str, first_row: int) -> None:
    text = prefix + statement(":61:2403050305C1,00NTRFNONREF\n")
    assert [row for row, _, _ in read(text)] == [first_row]


def test_crlf_lone_cr_and_swift_trailer() -> None:
    text = statement(":61:2403050305C1,00NTRFNONREF\r\n:86:A\r\nB\r\n").replace(
        "\n-\n", "\n-}{5:{CHK:123}}\n"
    )
    parsed = read_mt940(text.replace("\n", "\r\n").encode(), "x.sta")
    assert [(line.row, line.description) for line in parsed.lines] == [(5, "A B")]
    lone_cr = statement(":61:2403050305C1,00NTRFNONREF\n:61:2403060306C2,00NTRFNONREF\n").replace(
        "\n", "\r"
    )
    assert [row for row, _, _ in read(lone_cr)] == [5, 6]


def test_several_statements_intermediate_balances_and_short_28() -> None:
    first = statement(":61:2403050305D100,NTRFNONREF\n", closing="C240305EUR900,00").replace(
        ":62F:", ":62M:"
    )
    second = statement(
        ":61:2403060306C50,NTRFNONREF\n", opening="C240305EUR900,00", closing="C240306EUR950,00"
    )
    second = second.replace(":28C:00001/001", ":28:2").replace(":60F:", ":60M:")
    parsed = read_mt940((first + second).encode(), "x.sta")
    assert [(line.row, line.amount) for line in parsed.lines] == [
        (5, Decimal("-100")),
        (12, Decimal("50")),
    ]
    assert (parsed.opening_balance, parsed.closing_balance) == (
        Decimal("1000.00"),
        Decimal("950.00"),
    )
    assert parsed.warnings == ()


def test_statements_without_terminators_separated_by_blank_lines() -> None:
    text = (statement(":61:2403050305C1,NTRFNONREF\n", closing="C240305EUR1001,00") + "\n").replace(
        "-\n", ""
    )
    text += statement("", opening="C240305EUR1001,00", closing="C240306EUR1001,00").replace(
        "-\n", ""
    )
    parsed = read_mt940(text.encode(), "x.sta")
    assert (len(parsed.lines), parsed.closing_balance, parsed.warnings) == (
        1,
        Decimal("1001.00"),
        (),
    )


@pytest.mark.parametrize(
    ("field", "booked", "value", "amount"),
    [
        ("2403050305D12,50NTRF", date(2024, 3, 5), date(2024, 3, 5), "-12.50"),
        ("240305C9,NTRF", date(2024, 3, 5), date(2024, 3, 5), "9"),  # no entry date, "9,"
        ("240305D000000001213,28N044", date(2024, 3, 5), date(2024, 3, 5), "-1213.28"),
        (
            "2403070305CR50990,05NTRF",
            date(2024, 3, 5),
            date(2024, 3, 7),
            "50990.05",
        ),  # funds code R
        ("2403050305DR6,00N024", date(2024, 3, 5), date(2024, 3, 5), "-6.00"),
        (
            "2403050305RC7,00NTRF",
            date(2024, 3, 5),
            date(2024, 3, 5),
            "-7.00",
        ),  # reversal of a credit
        ("2403050305RD7,00NTRF", date(2024, 3, 5), date(2024, 3, 5), "7.00"),  # reversal of a debit
        ("2403050305RDN7,00NTRF", date(2024, 3, 5), date(2024, 3, 5), "7.00"),
        ("2403050305DF2402,00S   ", date(2024, 3, 5), date(2024, 3, 5), "-2402.00"),
        (
            "2501021231D1,00NTRF",
            date(2024, 12, 31),
            date(2025, 1, 2),
            "-1.00",
        ),  # booked the year before
        (
            "2412310102C1,00NTRF",
            date(2025, 1, 2),
            date(2024, 12, 31),
            "1.00",
        ),  # booked the year after
        ("9912311231C1,00NTRF", date(1999, 12, 31), date(1999, 12, 31), "1.00"),
    ],
)
def test_statement_line_variants(field: str, booked: date, value: date, amount: str) -> None:
    parsed = read_mt940(statement(f":61:{field}NONREF\n").encode(), "x.sta")
    line = parsed.lines[0]
    assert (line.date, line.value_date, line.amount) == (booked, value, Decimal(amount))


def test_references_supplementary_details_and_overflow_text() -> None:
    text = statement(
        ":61:2403050305D1,00NTRFKREF+//BANKREF123\n/OCMT/EUR1,00/\n"
        ":61:2403050305D2,00NMSCINV-2024-17//B2\n:86:Invoice\n"
        ":61:240305D3,00N0440121470966      W.P. Jansen     \n"
    )
    lines = read_mt940(text.encode(), "x.sta").lines
    assert [(ln.reference, ln.description, ln.counterparty) for ln in lines] == [
        ("BANKREF123", "/OCMT/EUR1,00/", ""),
        ("INV-2024-17; B2", "Invoice", ""),
        ("0121470966", "", "W.P. Jansen"),
    ]


def test_repeated_free_text_fields_and_non_standard_blocks() -> None:
    text = statement(
        ":61:2403050305D1,00NTRFNONREF\n:86:FIRST PART  \n:86:SECOND PART\n"
        ":61:2403050305D2,00NTRFNONREF\n:NS:01ERGO\n15Versicherung AG\n"
    )
    parsed = read_mt940(text.encode(), "x.sta")
    assert [line.description for line in parsed.lines] == [
        "FIRST PART SECOND PART",
        "01ERGO 15Versicherung AG",
    ]
    assert parsed.lines[1].raw == (":61:2403050305D2,00NTRFNONREF", ":NS:01ERGO\n15Versicherung AG")


def test_invalid_value_date_without_entry_date_is_moved_to_the_month_end() -> None:
    text = statement(":61:230230D6,00NTRFNONREF\n", closing="C230228EUR994,00")
    parsed = read_mt940(text.encode(), "feb.sta")
    assert [(line.date, line.value_date) for line in parsed.lines] == [
        (date(2023, 2, 28), date(2023, 2, 28))
    ]
    assert [(w.row, w.column, w.message) for w in parsed.warnings] == [
        (5, ":61:", "value date 230230 is not a calendar date; read as 2023-02-28")
    ]


def test_value_date_with_no_nearest_date_uses_the_entry_date() -> None:
    parsed = read_mt940(statement(":61:2413050305D6,00NTRFNONREF\n").encode(), "x.sta")
    assert [(line.date, line.value_date) for line in parsed.lines] == [(date(2024, 3, 5), None)]
    assert "entry date 2024-03-05 is used" in parsed.warnings[0].message


def test_unreadable_lines_are_row_warnings_and_the_rest_is_read() -> None:
    text = statement(":61:241305D6,00NTRFNONREF\n:61:garbage\n:61:2403050305D1,00NTRFNONREF\n")
    parsed = read_mt940(text.encode(), "x.sta")
    assert [line.row for line in parsed.lines] == [7]
    assert [(w.row, w.message) for w in parsed.warnings][:2] == [
        (5, "value date 241305 is not a date and there is no entry date: line skipped"),
        (6, "cannot read the :61: line 'garbage': line skipped"),
    ]


def test_unreadable_balance_is_a_warning() -> None:
    parsed = read_mt940(
        statement(":61:2403050305D1,00NTRFNONREF\n", opening="C2403EUR1,00").encode(), "x.sta"
    )
    assert (parsed.opening_balance, parsed.warnings[0].row, parsed.warnings[0].column) == (
        None,
        4,
        ":60F:",
    )
    assert parsed.lines[0].currency == "EUR"  # from the closing balance


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "latin-1"])
def test_text_encodings(encoding: str) -> None:
    text = statement(
        ":61:2403050305D1,00NTRFNONREF\n:86:166?00GUTSCHRIFT?20SVWZ+Miete M\u00e4rz?32M\u00fcller GmbH\n"
    )
    line = read_mt940(text.encode(encoding), "x.sta").lines[0]
    assert (line.description, line.counterparty) == ("Miete März", "Müller GmbH")


def test_mt942_interim_report_takes_its_currency_from_the_floor_limit() -> None:
    text = ":20:INTRADAY\n:25:DE44500105175407324931\n:28C:1/1\n:34F:EURD0,\n:13D:2403051200+0100\n"
    text += ":61:2403050305D5,00NTRFNONREF\n:86:Card\n:90D:1EUR5,00\n-\n"
    parsed = read_mt940(text.encode(), "intraday.sta")
    assert [(line.amount, line.currency) for line in parsed.lines] == [(Decimal("-5.00"), "EUR")]


def test_statement_with_several_accounts_reports_no_file_balance() -> None:
    text = statement(":61:2403050305D1,00NTRFNONREF\n", closing="C240331EUR999,00")
    text += statement("").replace("DE44500105175407324931", "NL91ABNA0417164300")
    parsed = read_mt940(text.encode(), "x.sta")
    assert (parsed.account, parsed.opening_balance, parsed.closing_balance) == (None, None, None)
    assert "2 accounts (DE44500105175407324931, NL91ABNA0417164300)" in parsed.warnings[0].message


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Buchungstag;Betrag\n01.02.2024;-5,00\n",
        ":20:ONLY A REFERENCE\n:25:123\n-\n",
        "%PDF-1.7\n\x00\x01binary",
    ],
)
def test_files_that_are_not_mt940(text: str) -> None:
    with pytest.raises(
        StatementImportError, match=r"^x\.sta: not an MT940 file: no statement fields"
    ):
        read_mt940(text.encode("latin-1"), "x.sta")


TWO_STATEMENTS = statement(
    ":61:2403050305D100,00NTRFNONREF\n", closing="C240305EUR900,00"
) + statement(
    ":61:2403060306DR453,11NDDTKREF+\n:86:105?00Basislastschrift?20EREF+12\n"
    ":61:2403060306CR50,00NTRFNONREF\n",
    opening="C240305EUR900,00",
    closing="C240306EUR496,89",
)


@pytest.mark.parametrize(
    ("marker", "where"),
    [
        # inside an amount: 453,11 would be read as 45
        (":61:2403060306DR45", "line 12 inside its last statement (begun on line 8)"),
        ("?00Basislast", "line 13 inside its last statement (begun on line 8)"),
        # every line read, but not the closing balance they must add up to
        ("NTRFNONREF\n:62F:", "line 15 inside the closing balance (:62F:) of its last statement"),
        (":62F:C2403", "line 15 inside the closing balance (:62F:) of its last statement"),
        ("-\n:20:STARTUMS\n:25:DE4", "line 9 inside its last statement (begun on line 8)"),
    ],
)
def test_a_file_cut_off_before_its_closing_balance_is_refused(marker: str, where: str) -> None:
    text = TWO_STATEMENTS[: TWO_STATEMENTS.rindex(marker) + len(marker)]
    with pytest.raises(StatementImportError) as raised:
        read_mt940(text.replace("\n", "\r\n").encode(), "C:\\downloads\\cut.sta")
    assert str(raised.value).startswith(f"cut.sta: the file looks cut off: it stops at {where}")
    assert str(raised.value).endswith(
        "nothing was imported from it: download it again from the bank"
    )


@pytest.mark.parametrize(
    "ending",
    [
        lambda text: text.removesuffix("-\n").rstrip("\n"),  # no terminator, no final line break
        # an available balance after the closing one, then a DOS end-of-file mark
        lambda text: text.removesuffix("-\n") + ":64:C240306EUR496,89\r\n\x1a",
        # a bank that ends a statement without its closing balance did not stop mid-file
        lambda text: text.replace(":62F:C240306EUR496,89\n", ""),
    ],
)
def test_a_last_statement_that_ends_sloppily_is_not_a_cut(ending: Callable[[str], str]) -> None:
    lines = read(ending(TWO_STATEMENTS))
    assert [amount for _, _, amount in lines] == [
        Decimal("-100.00"),
        Decimal("-453.11"),
        Decimal("50.00"),
    ]


def test_an_mt942_report_has_no_closing_balance_to_wait_for() -> None:
    text = ":20:INTRADAY\n:25:DE44500105175407324931\n:28C:1/1\n:34F:EURD0,\n"
    text += ":13D:2403051200+0100\n:61:2403050305D5,00NTRFNONREF\n:86:Card"
    assert [amount for _, _, amount in read(text)] == [Decimal("-5.00")]


def _page(number: str, opening: str, closing: str, entry: str) -> str:
    """One page of a statement of 5 March 2024: its :28C: ``number`` (none when empty),
    opening and closing balances (amounts in EUR, the tags :60F:/:62F: or :60M:/:62M:
    as given) and one :61: entry."""
    numbered = f":28C:{number}\n" if number else ""
    return (
        f":20:STARTUMS\n:25:DE44500105175407324931\n{numbered}{opening}\n"
        f":61:2403050305{entry}NTRFNONREF\n{closing}\n-\n"
    )


_PAGES = (
    _page("00007/001", ":60F:C240305EUR1000,00", ":62M:C240305EUR900,00", "D100,"),
    _page("00007/002", ":60M:C240305EUR900,00", ":62M:C240305EUR950,00", "C50,"),
    _page("00007/003", ":60M:C240305EUR950,00", ":62F:C240305EUR930,00", "D20,"),
)


@pytest.mark.parametrize("numbered", [True, False], ids=["numbered", "unnumbered"])
def test_pages_of_one_date_held_newest_first_follow_each_other(
    tmp_path: Path, numbered: bool
) -> None:
    """Three pages of one day's statement, the newest first. By date alone the last page
    came first: a false 'gap between statements', the file opening at 950.00 and closing
    at 900.00. The pages' numbers order them, or unnumbered, their balances (these pages'
    balances would order them numbered too: the next test's pages only numbers order)."""
    pages = _PAGES if numbered else tuple(re.sub(r":28C:\S+\n", "", page) for page in _PAGES)
    path = tmp_path / "pages.sta"
    path.write_text("".join(reversed(pages)))
    result = import_statement(path)
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1000.00"),
        Decimal("930.00"),
    )
    assert result.warnings == ()
    assert [line.amount for line in result.lines] == [
        Decimal("-20"),
        Decimal("50"),
        Decimal("-100"),
    ]


# A day's two pages whose balances return to where they began, 100.00 out and back in:
# each page opens where the other closes, so the balances chain either way round.
_RETURNING = (
    _page("00008/001", ":60F:C240305EUR1000,00", ":62M:C240305EUR900,00", "D100,"),
    _page("00008/002", ":60M:C240305EUR900,00", ":62F:C240305EUR1000,00", "C100,"),
)


def test_pages_whose_balances_do_not_tell_their_order_follow_their_numbers(
    tmp_path: Path,
) -> None:
    """Held newest first, the pages chain in either order, so their balances cannot
    order them: their :28C: page numbers do, the statement opening at page 1's 1000.00.
    Unnumbered, the file's order is kept, and it shows: page 2 first, opening at 900.00,
    and page 1 last, its :62M: then continued by no page after it."""
    path = tmp_path / "pages.sta"
    path.write_text("".join(reversed(_RETURNING)))
    result = import_statement(path)
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1000.00"),
        Decimal("1000.00"),
    )
    assert result.warnings == ()
    unnumbered = tuple(re.sub(r":28C:\S+\n", "", page) for page in _RETURNING)
    path.write_text("".join(reversed(unnumbered)))
    result = import_statement(path)
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("900.00"),
        Decimal("900.00"),
    )
    page_1 = "the statement :20:STARTUMS (begun on line 7)"
    assert [warning.message.split(", so")[0] for warning in result.warnings] == [
        f"{page_1} closes with an intermediate balance (:62M:)"
    ]


def test_pages_of_one_date_that_do_not_follow_each_other_are_a_gap(tmp_path: Path) -> None:
    """Page 2, held first, opens at 905.00 where page 1 closed at 900.00: that is the gap
    reported (by date alone it was page 2's close against page 1's opening)."""
    second = _PAGES[1].replace("C240305EUR900,00", "C240305EUR905,00")
    path = tmp_path / "gap.sta"
    path.write_text(second + _PAGES[0])
    messages = [warning.message for warning in import_statement(path).warnings]
    assert "gap between statements: one closes at 900.00, the next opens at 905.00" in messages
