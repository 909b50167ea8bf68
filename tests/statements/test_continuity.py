"""Whether one account's statements follow each other: files written here, imported together
as ``desktop-app reconcile`` holds them (an overlap held once), then compared.

Each file's own bridge ties in every case below: only comparing the files with each other
finds the movements that none of them holds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain import LineKey, StatementLine, main_currency
from desktop_app.export import StatementUsed
from desktop_app.statements.continuity import StatementSpan, compare, held_movements, spans
from tests.statements.held import breaks_of, held, steps_of
from tests.statements.overlap_files import ACCOUNT, write_overlapping

IBAN_SPACED = "GB29 NWBK 6016 1331 9268 19"  # ACCOUNT as another export writes it
OTHER_ACCOUNT = "GB82WEST12345698765432"

Row = tuple[str, str, str]  # ISO date, description, amount


def write_statement(
    path: Path,
    opening: str,
    rows: Sequence[Row],
    *,
    account: str | None = None,
    currency: str | None = "GBP",
) -> Path:
    """A csv with a running balance from ``opening`` (so its bridge ties), above it the
    account when given, and a currency column when given."""
    balance = Decimal(opening)
    lines = [f"Account,{account}", ""] if account else []
    lines.append("Date,Description,Amount" + (",Currency" if currency else "") + ",Balance")
    for day, text, amount in rows:
        balance += Decimal(amount)
        lines.append(
            f"{day},{text},{amount}" + (f",{currency}" if currency else "") + f",{balance}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_demo_gap(folder: Path) -> tuple[Path, Path]:
    """The demo's two sample statements as first generated: one account's September csv
    closing at -£16,780.62 on 2 Oct, and its next statement, an xlsx with a preamble and
    debit and credit columns, opening at £25,000.00 (the sample writer's constant) on
    16 Oct. Neither names the account; the csv names no currency."""
    first = write_statement(
        folder / "current-account-1.csv",
        "1731.38",
        [("2025-09-25", "CUSTOMER 1054", "-18000.00"), ("2025-10-02", "INSURANCE", "-512.00")],
        currency=None,
    )
    second = folder / "current-account-2.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Demo Ltd business current account"])
    sheet.append(["Opening balance", 25000])
    sheet.append([])
    sheet.append(["Booking date", "Details", "Debit", "Credit", "Balance", "Currency"])
    sheet.append([date(2025, 10, 16), "VERSORI LTD DD", 381.86, None, 24618.14, "GBP"])
    sheet.append([date(2025, 10, 25), "HMRC VAT", 18211.4, None, 6406.74, "GBP"])
    workbook.save(second)
    return first, second


def test_the_demos_gap_is_named_with_each_side_and_what_is_missing(tmp_path: Path) -> None:
    first, second = write_demo_gap(tmp_path)
    assert breaks_of(first, second, currency="GBP") == [
        (
            "current-account-2.xlsx opens at £25,000.00 on 16 Oct 2025 but current-account-1.csv "
            "closed at -£16,780.62 on 2 Oct 2025: £41,780.62 of movements are missing between "
            "them. Neither file names its account, so they are compared as one account's: if "
            "they are two accounts' statements, name each one's account when importing it."
        )
    ]
    [step] = steps_of(first, second, currency="GBP")
    assert (step.carried, step.opening, step.missing) == (
        Decimal("-16780.62"),
        Decimal("25000.00"),
        Decimal("41780.62"),
    )
    assert (step.overlapping, step.follows, step.currency) == (False, False, "GBP")


def test_statements_of_a_named_account_are_compared_in_date_order(tmp_path: Path) -> None:
    """Given newest first, as a folder's listing may give them; March's statement is
    missing, so April opens at another balance than February closed at. Money out is
    missing: the amount is negative, and no advice about accounts is given."""
    january = write_statement(
        tmp_path / "jan.csv", "1000.00", [("2025-01-05", "Rent", "-800.00")], account=ACCOUNT
    )
    february = write_statement(
        tmp_path / "feb.csv", "200.00", [("2025-02-03", "Salary", "2000.00")], account=ACCOUNT
    )
    april = write_statement(
        tmp_path / "apr.csv", "1950.00", [("2025-04-02", "Tea", "-3.00")], account=ACCOUNT
    )
    steps = steps_of(april, february, january)
    assert [(s.earlier.source_file, s.later.source_file, s.follows) for s in steps] == [
        ("jan.csv", "feb.csv", True),
        ("feb.csv", "apr.csv", False),
    ]
    assert breaks_of(april, february, january) == [
        (
            "apr.csv opens at £1,950.00 on 2 Apr 2025 but feb.csv closed at £2,200.00 on "
            "3 Feb 2025: -£250.00 of movements are missing between them."
        )
    ]


def test_an_overlapping_download_that_chains_is_no_gap(tmp_path: Path) -> None:
    """February's download repeats January's last movement: it opens at January's balance
    before that day (196.50), not at January's closing (221.50)."""
    january, february = write_overlapping(tmp_path)
    [step] = steps_of(january, february)
    assert step.overlapping
    assert (step.carried, step.opening, step.follows) == (
        Decimal("196.50"),
        Decimal("196.50"),
        True,
    )
    # Imported the other way round, February's lines are held and January repeats one.
    assert breaks_of(february, january) == []
    assert [s.follows for s in steps_of(february, january)] == [True]


def test_an_overlapping_download_that_does_not_chain_is_a_gap(tmp_path: Path) -> None:
    """The overlap shares the 9 January refund, yet February opens 50.00 above where
    January stood before that day: a movement before it is in neither file."""
    january = write_statement(
        tmp_path / "jan.csv",
        "1000.00",
        [("2025-01-03", "Coffee", "-3.50"), ("2025-01-09", "Refund", "25.00")],
        account=ACCOUNT,
    )
    february = write_statement(
        tmp_path / "feb.csv",
        "1046.50",
        [("2025-01-09", "Refund", "25.00"), ("2025-02-01", "Salary", "2000.00")],
        account=ACCOUNT,
    )
    assert breaks_of(january, february) == [
        (
            "feb.csv opens at £1,046.50 on 9 Jan 2025 but jan.csv, which it overlaps, stood at "
            "£996.50 before that day: £50.00 of movements are missing between them."
        )
    ]


def test_a_statement_within_anothers_dates_is_compared_with_it_and_the_next_with_the_longer(
    tmp_path: Path,
) -> None:
    """A quarter's download, February's statement inside it, and April's: February is
    compared with the quarter where it begins, April with the quarter's closing balance,
    not with February's (March's movements would read as missing)."""
    quarter_rows = [
        ("2025-01-10", "Rent", "-800.00"),
        ("2025-02-10", "Salary", "2000.00"),
        ("2025-03-10", "Rent", "-800.00"),
    ]
    quarter = write_statement(tmp_path / "q1.csv", "1000.00", quarter_rows, account=ACCOUNT)
    february = write_statement(tmp_path / "feb.csv", "200.00", [quarter_rows[1]], account=ACCOUNT)
    april = write_statement(
        tmp_path / "apr.csv", "1400.00", [("2025-04-10", "Rent", "-800.00")], account=ACCOUNT
    )
    steps = steps_of(quarter, february, april)
    assert [(s.earlier.source_file, s.later.source_file, s.overlapping) for s in steps] == [
        ("q1.csv", "feb.csv", True),
        ("q1.csv", "apr.csv", False),
    ]
    assert all(step.follows for step in steps)


def test_one_account_written_two_ways_is_compared(tmp_path: Path) -> None:
    january = write_statement(
        tmp_path / "jan.csv", "1000.00", [("2025-01-05", "Rent", "-800.00")], account=ACCOUNT
    )
    february = write_statement(
        tmp_path / "feb.csv", "250.00", [("2025-02-03", "Fee", "-5.00")], account=IBAN_SPACED
    )
    assert breaks_of(january, february) == [
        (
            "feb.csv opens at £250.00 on 3 Feb 2025 but jan.csv closed at £200.00 on "
            "5 Jan 2025: £50.00 of movements are missing between them."
        )
    ]


def test_statements_of_other_accounts_or_currencies_are_not_compared(tmp_path: Path) -> None:
    """Each pair below would break if compared: another account's, one that names no
    account beside one that does, another currency's."""
    ours = write_statement(
        tmp_path / "ours.csv", "1000.00", [("2025-01-05", "Rent", "-800.00")], account=ACCOUNT
    )
    theirs = write_statement(
        tmp_path / "theirs.csv",
        "5000.00",
        [("2025-02-05", "Rent", "-900.00")],
        account=OTHER_ACCOUNT,
    )
    unnamed = write_statement(tmp_path / "unnamed.csv", "7.00", [("2025-03-01", "Fee", "-1.00")])
    euros = write_statement(
        tmp_path / "euros.csv",
        "60.00",
        [("2025-04-01", "Fee", "-1.00")],
        account=ACCOUNT,
        currency="EUR",
    )
    assert steps_of(ours, theirs, unnamed, euros) == []


def test_a_file_without_a_currency_joins_its_accounts_one_currency(tmp_path: Path) -> None:
    """February's file states no currency: compared with January's pounds all the same
    (the gap is found), yet its balance and the difference are said as plain numbers, not
    as pounds it never stated, and the break says in what it was compared."""
    january = write_statement(
        tmp_path / "jan.csv", "1000.00", [("2025-01-05", "Rent", "-800.00")], account=ACCOUNT
    )
    february = write_statement(
        tmp_path / "feb.csv",
        "150.00",
        [("2025-02-03", "Fee", "-5.00")],
        account=ACCOUNT,
        currency=None,
    )
    assert breaks_of(january, february) == [
        (
            "feb.csv opens at 150.00 on 3 Feb 2025 but jan.csv closed at £200.00 on "
            "5 Jan 2025: -50.00 of movements are missing between them. feb.csv states no "
            "currency, so it is compared in GBP, its account's one currency: if it is in "
            "another, give its currency when importing it (the import wizard's Currency, or "
            "reconcile's --currency)."
        )
    ]
    [step] = steps_of(january, february)
    assert (step.currency, step.missing_currency, step.unstated) == ("GBP", None, "feb.csv")


def test_statements_without_balances_or_movements_are_not_compared(tmp_path: Path) -> None:
    """February states no balance: it still stands between January and March, so the two
    are not compared across its movements. A quiet April (its balances, no movement) has
    no date to be placed by: May is compared with March, and follows it."""
    january = write_statement(
        tmp_path / "jan.csv", "1000.00", [("2025-01-05", "Rent", "-800.00")], account=ACCOUNT
    )
    february = tmp_path / "feb.csv"
    february.write_text(
        f"Account,{ACCOUNT}\n\nDate,Description,Amount,Currency\n2025-02-03,Salary,2000.00,GBP\n",
        encoding="utf-8",
    )
    march = write_statement(
        tmp_path / "mar.csv", "2200.00", [("2025-03-03", "Tea", "-3.00")], account=ACCOUNT
    )
    april = tmp_path / "apr.csv"
    april.write_text(
        f"Account,{ACCOUNT}\n\nDate,Description,Amount,Balance\n"
        "01/04/2025,Opening balance,,2197.00\n30/04/2025,Closing balance,,2197.00\n",
        encoding="utf-8",
    )
    may = write_statement(
        tmp_path / "may.csv", "2197.00", [("2025-05-03", "Tea", "-3.00")], account=ACCOUNT
    )
    statements, _ = held(january, february, march, april, may, currency="GBP")
    assert statements[1].opening_balance is None  # as written: no balance to compare
    assert statements[3].row_count == 0
    steps = steps_of(january, february, march, april, may, currency="GBP")
    assert [(s.earlier.source_file, s.later.source_file, s.follows) for s in steps] == [
        ("mar.csv", "may.csv", True)
    ]


def test_a_days_intraday_reports_chain_whichever_was_imported_first(tmp_path: Path) -> None:
    """Two statements of one day: placed in the order their balances chain, not by their
    names or the order they came in."""
    morning = write_statement(
        tmp_path / "morning.csv", "100.00", [("2025-03-05", "Coffee", "-10.00")], account=ACCOUNT
    )
    afternoon = write_statement(
        tmp_path / "afternoon.csv", "90.00", [("2025-03-05", "Tea", "-5.00")], account=ACCOUNT
    )
    for order in ((morning, afternoon), (afternoon, morning)):
        [step] = steps_of(*order)
        assert (step.earlier.source_file, step.later.source_file) == (
            "morning.csv",
            "afternoon.csv",
        )
        assert step.follows


def test_amounts_are_said_in_their_currency_or_plainly_without_one() -> None:
    def span(
        name: str, opening: str, closing: str, day: date, currency: str | None
    ) -> StatementSpan:
        return StatementSpan(
            name, None, currency, Decimal(opening), Decimal(closing), ((day, Decimal(0)),)
        )

    kroner = compare(
        [
            span("a.csv", "0", "1234.5", date(2025, 1, 1), "DKK"),
            span("b.csv", "1000", "1000", date(2025, 2, 1), "DKK"),
        ]
    )
    assert kroner[0].message == (
        "b.csv opens at 1,000.00 DKK on 1 Feb 2025 but a.csv closed at 1,234.50 DKK on "
        "1 Jan 2025: -234.50 DKK of movements are missing between them"
    )
    plain = compare(
        [
            span("a.csv", "0", "1234.5", date(2025, 1, 1), None),
            span("b.csv", "1000", "1000", date(2025, 2, 1), None),
        ]
    )
    assert plain[0].message.startswith(
        "b.csv opens at 1,000.00 on 1 Feb 2025 but a.csv closed at 1,234.50"
    )


def test_two_statements_repeating_a_third_files_movement_overlap(tmp_path: Path) -> None:
    """A quarter's download, then two partial ones: February's (inside the quarter) and
    one from 25 February on. Both hold the 25 February fee only as the quarter's line;
    they share that movement, so the last opens at February's balance before that day,
    not at February's closing (the fee would read as missing)."""
    quarter_rows = [
        ("2025-01-10", "Rent", "-800.00"),
        ("2025-02-10", "Salary", "2000.00"),
        ("2025-02-25", "Fee", "-5.00"),
    ]
    quarter = write_statement(tmp_path / "q1.csv", "1000.00", quarter_rows, account=ACCOUNT)
    february = write_statement(tmp_path / "feb.csv", "200.00", quarter_rows[1:], account=ACCOUNT)
    late = write_statement(
        tmp_path / "late.csv",
        "2200.00",
        [quarter_rows[2], ("2025-03-10", "Rent", "-800.00")],
        account=ACCOUNT,
    )
    statements, _ = held(quarter, february, late)
    assert [s.source_file for s in statements] == ["q1.csv", "feb.csv", "late.csv"]
    assert {kept.source_file for kept in statements[2].repeats.values()} == {"q1.csv"}
    steps = steps_of(quarter, february, late)
    assert [(s.earlier.source_file, s.later.source_file, s.overlapping) for s in steps] == [
        ("q1.csv", "feb.csv", True),
        ("feb.csv", "late.csv", True),
    ]
    assert all(step.follows for step in steps)


def _used(name: str, currency: str | None, repeats: dict[LineKey, LineKey]) -> StatementUsed:
    """A statement as a report lists it, its balances left aside."""
    return StatementUsed(name, 3, "0" * 64, currency, None, None, ACCOUNT, repeats)


def _line(name: str, row: int, amount: str, currency: str | None) -> StatementLine:
    return StatementLine(name, row, date(2025, 2, row), Decimal(amount), currency)


def test_lines_naming_no_currency_do_not_outvote_those_naming_one() -> None:
    """A statement that states no currency is in the one most of its lines name, as the
    workspace, the report and the wizard tell it (``main_currency``): its two lines naming
    none are in that currency too, not a currency of their own that outvotes it. Counted
    as a currency, they made the statement's currency None, and its pound line, here the
    kept line a repeated one stands for, was left out of its movements."""
    kept = _line("jan.csv", 9, "25.00", "GBP")
    own = [_line("feb.csv", 2, "2000.00", None), _line("feb.csv", 3, "-3.00", None)]
    statement = _used("feb.csv", None, {LineKey("feb.csv", 1): kept.key})
    [held_feb] = held_movements([statement], [kept, *own])
    assert held_feb.currency == "GBP"
    [span] = spans([statement], [kept, *own])
    assert span.currency == "GBP"
    assert [amount for _, amount in span.days] == [
        Decimal("2000.00"),
        Decimal("-3.00"),
        Decimal("25.00"),
    ]


@pytest.mark.parametrize("first", ["EUR", "USD"])
def test_two_currencies_of_as_many_lines_tie_to_the_first_code_whatever_their_order(
    first: str,
) -> None:
    """A tie is broken by the codes, not by which line comes first: the same lines are
    held in another order by the workspace and by a report (its own lines, then the kept
    lines its repeats stand for), and both must give the statement one currency."""
    second = "USD" if first == "EUR" else "EUR"
    lines = [_line("x.csv", 2, "1.00", first), _line("x.csv", 3, "2.00", second)]
    [held_x] = held_movements([_used("x.csv", None, {})], lines)
    assert held_x.currency == main_currency(lines) == "EUR"


def test_a_statement_compared_with_many_within_its_dates_is_keyed_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A year's statement is the earlier of every weekly one within its dates; its lines
    were keyed again for each (seconds at 100,000 lines and 52 weeks). Each statement's
    lines are now keyed at most once per comparison: the keys built are counted through
    the real ``StatementLine.key``. Each week holds the year's lines of its days (its
    own lines repeat them, as an overlapping download's do): they share movements, so
    neither clashes with the other."""
    built = 0
    original = StatementLine.key

    def counted(line: StatementLine) -> LineKey:
        nonlocal built
        built += 1
        return original.fget(line)  # type: ignore[attr-defined, no-any-return]

    monkeypatch.setattr(StatementLine, "key", property(counted))

    def span(name: str, days: Sequence[date], lines: Sequence[StatementLine]) -> StatementSpan:
        return StatementSpan(
            name,
            ACCOUNT,
            "GBP",
            Decimal(0),
            Decimal(0),
            tuple((day, Decimal(0)) for day in days),
            tuple(lines),
        )

    year_days = [
        date(2025, 1, 1),
        *(date(2025, 2, day) for day in range(1, 28)),
        date(2025, 12, 31),
    ]
    year_lines = [
        StatementLine("year.csv", row + 2, year_days[row % len(year_days)], Decimal(1), "GBP", "x")
        for row in range(1000)
    ]
    year = span("year.csv", year_days, year_lines)
    weeks = []
    for week in range(20):
        first, last = date(2025, 2, week + 1), date(2025, 2, week + 7)
        held = [line for line in year_lines if line.date == first][:5]
        weeks.append(span(f"week-{week}.csv", [first, last], held))
    steps = compare([year, *weeks])
    # each week compared with the year, within whose dates it is
    assert [(step.earlier.source_file, step.later.source_file) for step in steps] == [
        ("year.csv", f"week-{week}.csv") for week in range(20)
    ]
    assert built <= 1000 + 20 * 5


def test_a_date_far_out_of_sequence_does_not_place_its_statement(tmp_path: Path) -> None:
    """December's statement writes one date month-first ('12/04/2025', 4 December), read
    day-first as 12 April. Placed by it, December would begin in April, before November,
    and be compared as November's earlier statement; placed by its other dates, it
    follows November, whose closing balance it opens at."""
    november = write_statement(
        tmp_path / "nov.csv",
        "500.00",
        [("2025-11-03", "Rent", "-400.00"), ("2025-11-28", "Salary", "1200.00")],
    )
    december = write_statement(
        tmp_path / "dec.csv",
        "1300.00",
        [
            ("01/12/2025", "CUSTOMER 1019", "1828.85"),
            ("2025-12-02", "INTEREST", "1.00"),
            ("3 Dec 2025", "COFFEE", "-3.50"),
            ("12/04/2025", "SUPPLIER X", "-100.00"),
            ("15/12/2025", "REFUND", "20.00"),
        ],
    )
    for order in ((november, december), (december, november)):
        [step] = steps_of(*order)
        assert (step.earlier.source_file, step.later.source_file) == ("nov.csv", "dec.csv")
        assert (step.later.first_date, step.later.last_date) == (
            date(2025, 12, 1),
            date(2025, 12, 15),
        )
        assert step.follows
    # The line itself keeps the date it was read as.
    _, lines = held(november, december)
    assert date(2025, 4, 12) in [line.date for line in lines if line.source_file == "dec.csv"]


def test_a_break_after_a_stray_date_names_the_statements_own_first_day(tmp_path: Path) -> None:
    november = write_statement(tmp_path / "nov.csv", "500.00", [("2025-11-03", "Rent", "-400.00")])
    december = write_statement(
        tmp_path / "dec.csv",
        "150.00",
        [
            ("01/12/2025", "CUSTOMER 1019", "10.00"),
            ("2025-12-02", "INTEREST", "1.00"),
            ("12/04/2025", "SUPPLIER X", "-100.00"),
            ("15/12/2025", "REFUND", "20.00"),
        ],
    )
    assert breaks_of(december, november) == [
        (
            "dec.csv opens at £150.00 on 1 Dec 2025 but nov.csv closed at £100.00 on "
            "3 Nov 2025: £50.00 of movements are missing between them. Neither file names "
            "its account, so they are compared as one account's: if they are two accounts' "
            "statements, name each one's account when importing it."
        )
    ]
