"""Statements whose dates overlap but which hold no movement in common clash: they are not
one account's consecutive statements, so no break is said between them, and a file that
states no currency does not join a currency whose statements it clashes with. A balance
is said only in the currency its own statement states.

The files are those of an accountant who forgot ``--currency GBP`` for a sterling account
(no currency column) beside a euro account's file that states EUR, neither naming its
account: each file's own bridge ties."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from desktop_app.domain import StatementLine
from desktop_app.statements.continuity import StatementSpan, check, compare, spans
from tests.statements.clash_files import (
    A_FIRST,
    A_SECOND,
    EURO_ROWS,
    STERLING_ROWS,
    two_accounts,
    write_xlsx_statement,
)
from tests.statements.held import breaks_of, held, steps_of
from tests.statements.overlap_files import ACCOUNT
from tests.statements.test_continuity import write_statement


def _sterling(folder: Path) -> Path:
    return write_statement(folder / "oct-a.csv", "10000.00", STERLING_ROWS, currency=None)


def _euros(folder: Path) -> Path:
    return write_statement(folder / "eur.csv", "0.00", EURO_ROWS, currency="EUR")


def test_a_file_without_a_currency_that_clashes_with_the_euro_one_is_not_compared_with_it(
    tmp_path: Path,
) -> None:
    """oct-a.csv begins (1 Oct) before eur.csv ends (16 Oct) and shares none of its
    movements: it was compared as eur.csv's next statement, in euros, and €9,280.00 of
    movements were said to be missing."""
    sterling, euros = _sterling(tmp_path), _euros(tmp_path)
    for order in ((sterling, euros), (euros, sterling)):
        assert steps_of(*order) == []
        assert breaks_of(*order) == []


def test_files_without_a_currency_are_then_compared_with_each_other_alone(
    tmp_path: Path,
) -> None:
    """One of the account's files stating no currency clashes with eur.csv, so none of
    them joins the euros: November's file, which begins after eur.csv ends, is compared
    with October's sterling download it follows (a £500 gap, said in plain numbers), not
    with eur.csv. October's second download overlaps the first, sharing its movements,
    and follows it."""
    sterling, euros = _sterling(tmp_path), _euros(tmp_path)
    second = write_statement(
        tmp_path / "oct-b.csv",
        "10264.62",
        [*STERLING_ROWS[2:], ("2025-10-31", "RENT", "-1000.00")],
        currency=None,
    )
    november = write_statement(
        tmp_path / "nov.csv", "10646.62", [("2025-11-03", "INTEREST", "1.23")], currency=None
    )
    steps = steps_of(sterling, euros, second, november)
    assert [(s.earlier.source_file, s.later.source_file, s.follows) for s in steps] == [
        ("oct-a.csv", "oct-b.csv", True),
        ("oct-b.csv", "nov.csv", False),
    ]
    [said] = breaks_of(sterling, euros, second, november)
    assert said.startswith(
        "nov.csv opens at 10,646.62 on 3 Nov 2025 but oct-b.csv closed at 10,146.62 on "
        "31 Oct 2025: 500.00 of movements are missing between them. Neither file names its "
        "account, so they are compared as one account's"
    )
    assert "€" not in said


def test_a_file_without_a_currency_after_the_euro_one_is_still_compared_in_plain_numbers(
    tmp_path: Path,
) -> None:
    """November's file states no currency and begins after eur.csv ends: it joins the
    account's one currency and the gap is found, as before; but its balance and the
    movements missing are plain numbers (it never said euros), eur.csv's in euros, and
    the break says what it was compared as."""
    euros = _euros(tmp_path)
    november = write_statement(
        tmp_path / "nov.csv", "1220.00", [("2025-11-03", "INTEREST", "1.23")], currency=None
    )
    [step] = steps_of(euros, november)
    assert (step.currency, step.missing, step.follows) == ("EUR", Decimal("500.00"), False)
    assert breaks_of(euros, november) == [
        (
            "nov.csv opens at 1,220.00 on 3 Nov 2025 but eur.csv closed at €720.00 on 16 Oct "
            "2025: 500.00 of movements are missing between them. Neither file names its account "
            "and nov.csv states no currency, so they are compared as one account's statements "
            "in EUR: if they are not, name each one's account when importing it, and nov.csv's "
            "currency (the import wizard's Currency, or reconcile's --currency)."
        )
    ]


def test_a_file_without_a_currency_that_shares_movements_with_the_euro_one_joins_it(
    tmp_path: Path,
) -> None:
    """A download without a currency column repeating the euro file's 16 Oct movement is
    that account's: it joins the euros and is compared, where it begins, with eur.csv's
    balance before that day."""
    euros = _euros(tmp_path)
    later = write_statement(
        tmp_path / "eur-later.csv",
        "100.00",
        [EURO_ROWS[1], ("2025-10-20", "FEE", "-1.00")],
        currency=None,
    )
    [step] = steps_of(euros, later)
    assert (step.earlier.source_file, step.later.source_file) == ("eur.csv", "eur-later.csv")
    assert (step.currency, step.overlapping, step.follows) == ("EUR", True, True)


def _span(name: str, first: date, last: date, opening: str, closing: str) -> StatementSpan:
    """A euro statement of ``first`` to ``last``, one movement on each day, its own."""
    days = ((first, Decimal(0)), (last, Decimal(0)))
    lines = tuple(
        StatementLine(name, row, day, Decimal(0), "EUR") for row, (day, _) in enumerate(days, 2)
    )
    return StatementSpan(name, ACCOUNT, "EUR", Decimal(opening), Decimal(closing), days, lines)


def test_a_statement_is_compared_with_the_furthest_reaching_one_it_does_not_clash_with() -> None:
    """another.csv (1-20 Oct) clashes with first.csv (1-16 Oct): not compared. next.csv
    (17-31 Oct) begins within another.csv's dates and shares nothing with it either, so it
    is compared with first.csv, whose closing balance it opens at; compared with
    another.csv's, as the one reaching furthest, it read as €9,280.00 missing."""
    first = _span("first.csv", date(2025, 10, 1), date(2025, 10, 16), "0", "720")
    another = _span("another.csv", date(2025, 10, 1), date(2025, 10, 20), "10000", "10000")
    after = _span("next.csv", date(2025, 10, 17), date(2025, 10, 31), "720", "800")
    steps = compare([first, another, after])
    assert [(s.earlier.source_file, s.later.source_file, s.follows) for s in steps] == [
        ("first.csv", "next.csv", True)
    ]


def test_a_day_one_ends_on_and_the_other_begins_on_is_no_clash() -> None:
    """A report of 31 Oct alone, sharing nothing with October's statement ending that day
    (a download made during the day), follows it; one of 15 Oct, within October's dates
    and sharing nothing with it, clashes and is not compared."""
    october = _span("oct.csv", date(2025, 10, 1), date(2025, 10, 31), "0", "720")
    last_day = _span("31.csv", date(2025, 10, 31), date(2025, 10, 31), "700", "700")
    mid_month = _span("15.csv", date(2025, 10, 15), date(2025, 10, 15), "700", "700")
    [step] = compare([october, last_day])
    assert (step.earlier.source_file, step.later.source_file) == ("oct.csv", "31.csv")
    assert (step.missing, step.follows) == (Decimal(-20), False)
    assert compare([october, mid_month]) == []


def test_a_file_naming_no_account_is_compared_only_with_one_it_belongs_with(
    tmp_path: Path,
) -> None:
    """b-oct.xlsx clashes with a-oct-1.csv (both begin in early October, sharing nothing):
    the files naming no account are two accounts' at least. b-nov.xlsx begins after
    a-oct-2.csv ends, the furthest-reaching file before it: it was compared with it, and
    '£4,063.00 of movements are missing' said between two accounts' files. It opens
    where b-oct.xlsx closed: that is the file it is compared with."""
    files = two_accounts(tmp_path)
    steps = steps_of(*files)
    assert [(s.earlier.source_file, s.later.source_file, s.follows) for s in steps] == [
        ("a-oct-1.csv", "a-oct-2.csv", True),
        ("b-oct.xlsx", "b-nov.xlsx", True),
    ]
    assert breaks_of(*files) == []


def test_a_file_naming_no_account_is_not_compared_with_one_before_the_file_it_clashes_with(
    tmp_path: Path,
) -> None:
    """Account B's file of 15-25 Oct clashes with a-oct-2.csv, now 11-31 Oct, the
    furthest-reaching file before it; passed over, it was compared with a-oct-1.csv
    (1-10 Oct), which it does not overlap: '£4,050.00 of movements are missing', between
    two accounts. It neither shares a movement with a-oct-1.csv nor opens at its closing
    balance, so it is compared with none."""
    first = write_statement(
        tmp_path / "a-oct-1.csv", "1000.00", [A_FIRST[0], ("2025-10-10", "CUSTOMER 1047", "50")]
    )
    second = write_statement(
        tmp_path / "a-oct-2.csv", "950.00", [("2025-10-11", "CUSTOMER 1050", "20"), A_SECOND[1]]
    )
    other = write_xlsx_statement(
        tmp_path / "b-oct.xlsx",
        "5000.00",
        [("2025-10-15", "INTEREST", "1.00"), ("2025-10-25", "CUSTOMER 2001", "2.00")],
    )
    steps = steps_of(first, second, other)
    assert [(s.earlier.source_file, s.later.source_file, s.follows) for s in steps] == [
        ("a-oct-1.csv", "a-oct-2.csv", True)
    ]
    assert breaks_of(first, second, other) == []


def test_files_naming_no_account_that_share_a_movement_are_still_compared_beside_a_clash(
    tmp_path: Path,
) -> None:
    """Among the two accounts' files, a download of account A's 16 Oct repeats
    a-oct-1.csv's movement of that day: the two are one account's, and its opening
    £100.00 above the balance a-oct-1.csv stood at before that day is a break, as it is
    where no file clashes. a-oct-2.csv, which does not open at a-again.csv's closing
    balance, is compared with a-oct-1.csv, whose it opens at: it was compared with
    a-again.csv, the furthest-reaching, and '-£100.00 of movements are missing' said."""
    files = two_accounts(tmp_path)
    again = write_statement(tmp_path / "a-again.csv", "1000.00", [A_FIRST[1]])
    said = breaks_of(*files, again)
    assert said == [
        (
            "a-again.csv opens at £1,000.00 on 16 Oct 2025 but a-oct-1.csv, which it overlaps, "
            "stood at £900.00 before that day: £100.00 of movements are missing between them. "
            "Neither file names its account, so they are compared as one account's: if they are "
            "two accounts' statements, name each one's account when importing it."
        )
    ]


def test_one_accounts_files_naming_no_account_still_say_a_gap(tmp_path: Path) -> None:
    """Without a file that clashes, the files naming no account are compared as one
    account's, and a gap between them is said though no balance chains: here account
    B's October and a November opening £500.00 above it."""
    files = two_accounts(tmp_path, b_november_opening="5503.00")
    [said] = breaks_of(files[1], files[3])
    assert said.startswith(
        "b-nov.xlsx opens at £5,503.00 on 3 Nov 2025 but b-oct.xlsx closed at £5,003.00 on "
        "20 Oct 2025: £500.00 of movements are missing between them."
    )


def test_the_pairs_passed_over_for_a_clash_are_kept(tmp_path: Path) -> None:
    """Each pair not compared because the two clash is kept beside the pairs compared,
    for the report to say: the file later by its dates named first."""
    checked = check(spans(*held(*two_accounts(tmp_path))))
    assert [str(clash) for clash in checked.clashes] == [
        (
            "b-oct.xlsx and a-oct-1.csv clash and are not compared: their dates overlap (2 Oct "
            "2025 to 16 Oct 2025) yet they hold no movement in common, so they are not one "
            "account's consecutive statements."
        ),
        (
            "a-oct-2.csv and b-oct.xlsx clash and are not compared: their dates overlap (17 Oct "
            "2025 to 20 Oct 2025) yet they hold no movement in common, so they are not one "
            "account's consecutive statements."
        ),
    ]
    assert [(s.earlier.source_file, s.later.source_file) for s in checked.steps] == [
        ("a-oct-1.csv", "a-oct-2.csv"),
        ("b-oct.xlsx", "b-nov.xlsx"),
    ]
