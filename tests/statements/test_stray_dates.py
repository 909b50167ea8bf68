"""A row dated far out of sequence is read as written and warned of (``stray_dates``).

A file that writes its dates in more than one way ('01/12/2025', '2025-12-02',
'12/04/2025') has its order decided by most of them; a row the bank wrote month-first
reads day-first as a date months away from the rows around it. The line keeps the date it
was read as, and a warning names the file, row, column and value, the date read, the
dates around it and the date the other order would give, so that the accountant checks
it. Files whose dates are merely unsorted, sparse, or listed newest first are not warned
of, nor are files of one or two rows, where nothing says which date is out of place.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.statements import import_statement
from desktop_app.statements.stray_dates import placed_by, stray_dates

HEADER = "Date,Description,Amount,Currency,Balance\n"
MIXED = (
    "01/12/2025,EL-2025-00172 CUSTOMER 1019,1828.85,GBP,1828.85\n"
    "2025-12-02,INTEREST,1.00,GBP,1829.85\n"
    "3 Dec 2025,COFFEE,-3.50,GBP,1826.35\n"
    "12/04/2025,SUPPLIER X,-100.00,GBP,1726.35\n"
    "15/12/2025,REFUND,20.00,GBP,1746.35\n"
)
SAID = (
    "dec-mixed-dates.csv row 5 column Date: '12/04/2025' is read as 12 Apr 2025, far "
    "outside the dates of the rows around it (1 Dec 2025 to 15 Dec 2025); read "
    "month-first it would be 4 Dec 2025. The line is kept as read: check its date"
)


def _strays(warnings: Sequence[object]) -> list[str]:
    return [str(warning) for warning in warnings if "far outside" in str(warning)]


def test_a_month_first_date_among_day_first_ones_is_kept_and_said(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(HEADER + MIXED, name="dec-mixed-dates.csv"))
    assert [line.date for line in result.lines][3] == date(2025, 4, 12)  # never re-dated
    assert len(result.lines) == 5
    assert _strays(result.warnings) == [SAID]


def test_the_statement_command_prints_it(
    write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(HEADER + MIXED, name="dec-mixed-dates.csv")
    assert main(["statement", str(path)]) == 0
    output = json.loads(capsys.readouterr().out)
    assert output["lines"][3]["date"] == "2025-04-12"
    assert output["warnings"] == [SAID]


def test_a_stray_date_of_a_file_listed_newest_first_is_said(
    write_csv: Callable[..., Path],
) -> None:
    rows = "".join(reversed(MIXED.splitlines(keepends=True)))
    result = import_statement(write_csv(HEADER + rows, name="dec.csv"))
    [said] = _strays(result.warnings)
    assert said.startswith("dec.csv row 3 column Date: '12/04/2025' is read as 12 Apr 2025")


def test_a_last_row_dated_before_a_file_listed_oldest_first_is_said(
    write_csv: Callable[..., Path],
) -> None:
    """Three rows are enough: two of December, then one read as April below them."""
    rows = (
        "01/12/2025,A,10.00,GBP,10.00\n15/12/2025,B,5.00,GBP,15.00\n12/04/2025,C,1.00,GBP,16.00\n"
    )
    [said] = _strays(import_statement(write_csv(HEADER + rows, name="dec.csv")).warnings)
    assert said.startswith("dec.csv row 4 column Date: '12/04/2025' is read as 12 Apr 2025")


def test_an_unambiguous_stray_date_is_said_without_another_reading(
    write_csv: Callable[..., Path],
) -> None:
    rows = MIXED.replace("12/04/2025", "2025-04-12")
    [said] = _strays(import_statement(write_csv(HEADER + rows, name="dec.csv")).warnings)
    assert said == (
        "dec.csv row 5 column Date: '2025-04-12' is read as 12 Apr 2025, far outside the "
        "dates of the rows around it (1 Dec 2025 to 15 Dec 2025). The line is kept as "
        "read: check its date"
    )


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param("12/04/2025,A,1.00,GBP,1.00\n", id="one row"),
        pytest.param("01/12/2025,A,1.00,GBP,1.00\n12/04/2025,B,1.00,GBP,2.00\n", id="two rows"),
        pytest.param(
            # A dormant account's statement: January's movements above June's.
            "03/01/2025,A,1.00,GBP,1.00\n05/01/2025,B,1.00,GBP,2.00\n"
            "01/06/2025,C,1.00,GBP,3.00\n02/06/2025,D,1.00,GBP,4.00\n"
            "09/06/2025,E,1.00,GBP,5.00\n20/06/2025,F,1.00,GBP,6.00\n",
            id="quiet months first",
        ),
        pytest.param(
            "20/06/2025,F,1.00,GBP,6.00\n09/06/2025,E,1.00,GBP,5.00\n"
            "02/06/2025,D,1.00,GBP,4.00\n01/06/2025,C,1.00,GBP,3.00\n"
            "05/01/2025,B,1.00,GBP,2.00\n03/01/2025,A,1.00,GBP,1.00\n",
            id="quiet months last, newest first",
        ),
        pytest.param(
            "15/12/2025,A,1.00,GBP,1.00\n01/12/2025,B,1.00,GBP,2.00\n"
            "28/11/2025,C,1.00,GBP,3.00\n20/12/2025,D,1.00,GBP,4.00\n",
            id="unsorted, a late booking",
        ),
        pytest.param(
            "".join(
                f"{day:02d}/{month:02d}/2025,FEE,-1.00,GBP,{-month}.00\n"
                for month, day in zip(
                    range(1, 13), (2, 5, 3, 9, 1, 7, 4, 11, 2, 6, 3, 8), strict=True
                )
            ),
            id="a year of monthly fees",
        ),
    ],
)
def test_dates_in_a_statements_own_order_are_not_said(
    write_csv: Callable[..., Path], rows: str
) -> None:
    result = import_statement(write_csv(HEADER + rows))
    assert _strays(result.warnings) == []


def _days(*pairs: tuple[int, int]) -> list[date]:
    return [date(2025, month, day) for month, day in pairs]


def test_the_rule_needs_a_body_that_holds_most_rows() -> None:
    """Half the rows in April and half in December: neither is the statement's body."""
    assert stray_dates(_days((4, 12), (4, 13), (12, 1), (12, 2))) is None
    found = stray_dates(_days((12, 1), (4, 12), (12, 2), (5, 11), (12, 3), (12, 15)))
    assert found is not None
    assert found.strays == (1, 3)  # two strays, each judged by the body, not by the other
    assert (found.first, found.last) == (date(2025, 12, 1), date(2025, 12, 15))


def test_a_date_near_the_body_is_no_stray() -> None:
    """A month and a half before a quarter's statement is not further than it spans; a
    month and a half before a fortnight's is."""
    quarter = _days((10, 1), (10, 20), (8, 15), (11, 10), (12, 1), (12, 30))
    assert stray_dates(quarter) is None
    fortnight = _days((12, 1), (12, 5), (10, 15), (12, 10), (12, 15))
    found = stray_dates(fortnight)
    assert found is not None
    assert found.strays == (2,)


def test_a_statement_is_placed_by_its_dates_but_its_strays() -> None:
    assert placed_by(_days((12, 1), (12, 2), (4, 12), (12, 15))) == (
        date(2025, 12, 1),
        date(2025, 12, 15),
    )
    assert placed_by(_days((12, 1), (4, 12))) == (date(2025, 4, 12), date(2025, 12, 1))
    assert placed_by([]) is None
