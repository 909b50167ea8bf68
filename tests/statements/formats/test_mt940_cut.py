"""MT940 files cut between or inside statements, written in tmp_path and imported as a
user would: what is imported, and what the accountant is told."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements.importer import StatementImport, import_statement
from desktop_app.statements.model import StatementImportError

ACCOUNT = ":25:DE44500105175407324931\n"
FIRST_LINES = ":61:2403050305D100,00NTRFNONREF\n:86:Rent\n"
SECOND_LINES = ":61:2403060306D50,00NTRFNONREF\n:61:2403060306D25,00NTRFNONREF\n"


def first(*, closing: bool = True, end: str = "-\n") -> str:
    """Statement STMT1 on lines 1-8, its "-" included (1-7 without its closing balance)."""
    text = f":20:STMT1\n{ACCOUNT}:28C:00001/001\n:60F:C240304EUR1000,00\n{FIRST_LINES}"
    return text + (":62F:C240305EUR900,00\n" if closing else "") + end


def second(*, closing: bool = True) -> str:
    text = f":20:STMT2\n{ACCOUNT}:28C:00002/001\n:60F:C240305EUR900,00\n{SECOND_LINES}"
    return text + (":62F:C240306EUR825,00\n" if closing else "") + "-\n"


def imported(tmp_path: Path, text: str) -> StatementImport:
    path = tmp_path / "cut.sta"
    path.write_bytes(text.replace("\n", "\r\n").encode())
    return import_statement(path)


def amounts(result: StatementImport) -> list[Decimal]:
    return [line.amount for line in result.lines]


NO_CLOSING = (
    "has no closing balance (:62F:), which ends every MT940 statement, so it may have been "
    "cut short: {kept}, but nothing shows whether any of its lines are missing; check it "
    "against the bank's statement"
)


@pytest.mark.parametrize(
    ("text", "statement", "kept"),
    [
        # a cut download with the next one appended: the next :20: follows at once
        (
            first(closing=False, end="") + second(),
            ":20:STMT1 :28C:00001/001 (begun on line 1)",
            "its 1 line is imported",
        ),
        # the same with the '-' that ends a statement
        (
            first(closing=False) + second(),
            ":20:STMT1 :28C:00001/001 (begun on line 1)",
            "its 1 line is imported",
        ),
        # the last statement, ended by '-' but without its closing balance
        (
            first() + second(closing=False),
            ":20:STMT2 :28C:00002/001 (begun on line 9)",
            "its 2 lines are imported",
        ),
    ],
    ids=["next-statement-follows", "ended-by-dash", "last-statement-ended-by-dash"],
)
def test_a_statement_without_its_closing_balance_is_imported_with_a_note(
    tmp_path: Path, text: str, statement: str, kept: str
) -> None:
    result = imported(tmp_path, text)
    assert amounts(result) == [Decimal("-100.00"), Decimal("-50.00"), Decimal("-25.00")]
    assert [str(warning) for warning in result.warnings] == [
        f"cut.sta: the statement {statement} " + NO_CLOSING.format(kept=kept)
    ]
    assert [warning.row for warning in result.warnings] == [None]  # a note on the file


def test_a_statement_without_a_reference_is_named_by_its_line(tmp_path: Path) -> None:
    text = first(closing=False).replace(":20:STMT1\n", "").replace(":28C:00001/001\n", "")
    result = imported(tmp_path, ":20:STMT0\n" + ACCOUNT + "-\n" + text + second())
    assert [warning.message for warning in result.warnings] == [
        "the statement begun on line 4 " + NO_CLOSING.format(kept="its 1 line is imported")
    ]


def test_guard_a_file_cut_right_after_a_closing_balance_reads_as_whole(tmp_path: Path) -> None:
    """Guard (as before): a file that stops after a :62F: and before the next :20: holds
    whole statements only; nothing in it can tell that another was to follow."""
    result = imported(tmp_path, first(end=""))
    assert (amounts(result), result.closing_balance, result.warnings) == (
        [Decimal("-100.00")],
        Decimal("900.00"),
        (),
    )


def test_a_file_that_stops_inside_a_statement_is_refused_naming_it(tmp_path: Path) -> None:
    """A file that stops inside its last statement, before its :62F:, imports nothing (as
    before: its last line may be cut mid-amount, ``D25`` of ``D25,00``); the message
    names the statement as the bank does, to ask for it again."""
    text = first() + second()
    with pytest.raises(StatementImportError) as raised:
        imported(tmp_path, text[: text.index("D25,00") + len("D25")])
    assert str(raised.value).startswith(
        "cut.sta: the file looks cut off: it stops at line 14 inside its last statement "
        "(begun on line 9), :20:STMT2 :28C:00002/001, without the closing balance (:62F:)"
    )


def test_a_file_cut_inside_a_closing_balance_is_refused_naming_it(tmp_path: Path) -> None:
    text = first() + second()
    with pytest.raises(StatementImportError) as raised:
        imported(tmp_path, text[: text.rindex(":62F:C2403") + len(":62F:C2403")])
    assert str(raised.value) == (
        "cut.sta: the file looks cut off: it stops at line 15 inside the closing balance "
        "(:62F:) of its last statement (:20:STMT2 :28C:00002/001); nothing was imported "
        "from it: download it again from the bank"
    )


def test_guard_an_mt942_report_gets_no_note(tmp_path: Path) -> None:
    """Guard: an MT942 interim report has no closing balance to miss."""
    text = f":20:INTRADAY\n{ACCOUNT}:28C:1/1\n:34F:EURD0,\n:13D:2403051200+0100\n{FIRST_LINES}-\n"
    assert imported(tmp_path, text).warnings == ()


# --- A statement closed by an intermediate balance (:62M:) ------------------------------


def page(
    sequence: str, *, opening: str = "60M", closing: str = "62M", account: str = ACCOUNT
) -> str:
    """Page ``sequence`` of statement 00001 (eight lines, its "-" included): 1000,00 less
    100,00."""
    return (
        f":20:PAGE{sequence}\n{account}:28C:00001/{sequence}\n:{opening}:C240304EUR1000,00\n"
        f"{FIRST_LINES}:{closing}:C240305EUR900,00\n-\n"
    )


MISSING_PAGE = (
    "closes with an intermediate balance (:62M:), so it continues on a page (opening with "
    ":60M:) the file does not hold, and lines may be missing from it: {kept}; download the "
    "statement with all its pages, or check it against the bank's statement"
)


@pytest.mark.parametrize(
    ("text", "statement", "kept"),
    [
        # the file's last statement, its next page not in the file
        (
            page("001", opening="60F"),
            ":20:PAGE001 :28C:00001/001 (begun on line 1)",
            "its 1 line is imported",
        ),
        # the same without the '-' after it
        (
            page("001", opening="60F").removesuffix("-\n"),
            ":20:PAGE001 :28C:00001/001 (begun on line 1)",
            "its 1 line is imported",
        ),
        # the last page of several, closed by :62M: as the ones before it
        (
            page("001", opening="60F") + page("002"),
            ":20:PAGE002 :28C:00001/002 (begun on line 9)",
            "its 1 line is imported",
        ),
        # the next page of the account opens with a closing balance (:60F:): a new statement
        (
            page("001", opening="60F") + page("002", opening="60F", closing="62F"),
            ":20:PAGE001 :28C:00001/001 (begun on line 1)",
            "its 1 line is imported",
        ),
        # the page after it is not in the file: page 3 follows page 1
        (
            page("001", opening="60F") + page("003", closing="62F"),
            ":20:PAGE001 :28C:00001/001 (begun on line 1)",
            "its 1 line is imported",
        ),
    ],
    ids=["last", "last-without-dash", "last-of-pages", "next-is-a-new-statement", "page-2-missing"],
)
def test_a_statement_whose_next_page_is_missing_is_imported_with_a_note(
    tmp_path: Path, text: str, statement: str, kept: str
) -> None:
    result = imported(tmp_path, text)
    assert [str(warning) for warning in result.warnings if "(:62M:)" in warning.message] == [
        f"cut.sta: the statement {statement} " + MISSING_PAGE.format(kept=kept)
    ]
    assert [warning.row for warning in result.warnings if "(:62M:)" in warning.message] == [None]
    assert len(result.lines) == text.count(":61:")


@pytest.mark.parametrize(
    "text",
    [
        page("001", opening="60F") + page("002", closing="62F"),
        page("001", opening="60F") + page("002") + page("003", closing="62F"),
        # another account's statement between the pages
        page("001", opening="60F")
        + first().replace(ACCOUNT, ":25:NL91ABNA0417164300\n")
        + page("002", closing="62F"),
    ],
    ids=["two-pages", "three-pages", "another-account-between"],
)
def test_guard_a_statement_continued_on_its_next_page_gets_no_note(
    tmp_path: Path, text: str
) -> None:
    """Guard: a page closed by :62M: and followed by its next page (opening with :60M:)
    is a statement the file holds whole."""
    result = imported(tmp_path, text)
    assert not [warning for warning in result.warnings if ":62M:" in warning.message]
    assert len(result.lines) == text.count(":61:")


# --- Pages held newest first ------------------------------------------------------------

# Statement 00001 on three pages, each opening where the one before closed: page 1 opens
# with the closing balance (:60F:) of 4 March, pages 2 and 3 with intermediate ones.
_PAGES = {
    1: ("60F", "C240304EUR1000,00", ":61:2403050305D100,00NTRFNONREF\n", "C240305EUR900,00"),
    2: ("60M", "C240305EUR900,00", SECOND_LINES, "C240306EUR825,00"),
    3: ("60M", "C240306EUR825,00", ":61:2403070307C25,00NTRFNONREF\n", "C240307EUR850,00"),
}


def numbered_page(number: int, *, last: int = 3, numbered: bool = True, day: str = "") -> str:
    """Page ``number`` of statement 00001, closed by :62F: when it is page ``last``, else
    by :62M:; without :28C: unless ``numbered``; every date on ``day`` (YYMMDD) if given."""
    opening_tag, opening, lines, closing = _PAGES[number]
    closing_tag = "62F" if number == last else "62M"
    text = (
        f":20:PAGE{number}\n{ACCOUNT}"
        + (f":28C:00001/{number:03d}\n" if numbered else "")
        + f":{opening_tag}:{opening}\n{lines}:{closing_tag}:{closing}\n-\n"
    )
    if day:
        text = re.sub(r"([CD])2403\d\d(EUR)", rf"\g<1>{day}\2", text)
        text = re.sub(r":61:2403\d{6}", f":61:{day}{day[2:]}", text)
    return text


@pytest.mark.parametrize(
    "text",
    [
        numbered_page(2, last=2) + numbered_page(1, last=2),
        numbered_page(3) + numbered_page(2) + numbered_page(1),
        # without :28C:, the balances' dates say which page comes after which
        numbered_page(2, last=2, numbered=False) + numbered_page(1, last=2, numbered=False),
    ],
    ids=["two-pages", "three-pages", "unnumbered"],
)
def test_a_statement_whose_pages_are_held_newest_first_gets_no_note(
    tmp_path: Path, text: str
) -> None:
    """Every page is in the file, page 2 before page 1 (a download listing newest first):
    page 1's next page is in the file, before it, and nothing is missing."""
    result = imported(tmp_path, text)
    assert [str(warning) for warning in result.warnings] == []
    assert len(result.lines) == text.count(":61:")
    assert result.opening_balance == Decimal("1000.00")


def test_pages_of_one_day_held_newest_first_get_no_note(tmp_path: Path) -> None:
    """Every page on one day, page 2 before page 1: the dates cannot say which comes
    after which, the page numbers can."""
    text = numbered_page(2, last=2, day="240305") + numbered_page(1, last=2, day="240305")
    result = imported(tmp_path, text)
    assert not [warning for warning in result.warnings if ":62M:" in warning.message]
    assert len(result.lines) == 3


def test_pages_held_newest_first_still_say_which_page_is_missing(tmp_path: Path) -> None:
    """Newest first, pages 2 and 1 of three: page 2, closed by :62M:, continues on page 3,
    which the file does not hold; page 1 continues on page 2 (before the fix, both pages
    were noted). Without page 2, page 1's note stays."""
    result = imported(tmp_path, numbered_page(2) + numbered_page(1))
    assert [str(warning) for warning in result.warnings if "(:62M:)" in warning.message] == [
        "cut.sta: the statement :20:PAGE2 :28C:00001/002 (begun on line 1) "
        + MISSING_PAGE.format(kept="its 2 lines are imported")
    ]
    result = imported(tmp_path, numbered_page(3) + numbered_page(1))
    assert [str(warning) for warning in result.warnings if "(:62M:)" in warning.message] == [
        "cut.sta: the statement :20:PAGE1 :28C:00001/001 (begun on line 8) "
        + MISSING_PAGE.format(kept="its 1 line is imported")
    ]
