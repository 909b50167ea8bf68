"""A saved profile whose header the file holds but which reads no transactions from it.

The refusal names the profile, the file it was saved from and what it failed to read, so
the accountant corrects or deletes that profile instead of wondering why their saved
mapping was ignored. Profiles are kept in a real JSON store in ``tmp_path``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from desktop_app.statements import (
    JsonProfileStore,
    Mapping,
    import_statement,
    profile_from_layout,
)
from desktop_app.statements.model import NoTransactionsFoundError

# Most dated rows are order notes without an amount: detection finds no amount column, so
# January's file was mapped by hand (header row 2, under a preamble) and saved.
_BY_HAND = (
    "Export of {month}\n"
    "Booked,Details,Amount\n"
    "{first_date},Rent,{rent}\n"
    "2024-{month}-02,Order ref 1,\n"
    "2024-{month}-03,Coffee,-4.50\n"
    "2024-{month}-04,Order ref 2,\n"
)
_HAND_MAPPING = Mapping(
    header_row=2, columns={"date": 1, "description": [2], "amount": 3}, invert_sign=True
)


def _by_hand(month: str, *, rent: str = "-800.00", first_date: str | None = None) -> str:
    return _BY_HAND.format(month=month, rent=rent, first_date=first_date or f"2024-{month}-02")


def _save(store: JsonProfileStore, name: str, path: Path, mapping: Mapping) -> None:
    """Save ``path`` read with ``mapping`` as the wizard saves a corrected file."""
    read = import_statement(path, mapping=mapping)
    assert read.layout is not None
    assert read.lines
    store.save(profile_from_layout(name, read.layout, mapping))


def _refusal(path: Path, store: JsonProfileStore) -> str:
    with pytest.raises(NoTransactionsFoundError) as raised:
        import_statement(path, profiles=store)
    return raised.value.reason


@pytest.mark.parametrize(
    ("february", "failed"),
    [
        (  # the amount column now holds text
            _by_hand("02", rent="eight hundred").replace("-4.50", "four fifty"),
            (
                "no row has both a date and an amount "
                "(row 3 column Amount: 'eight hundred' is not an amount; row skipped)"
            ),
        ),
        (  # the date column changed format: day and month name
            _by_hand("02").replace("2024-02-0", "Feb "),
            "no row below the header has a date in column 'Booked'",
        ),
    ],
    ids=["amounts-as-text", "dates-changed"],
)
def test_a_hand_mapped_profile_that_reads_nothing_is_named(
    tmp_path: Path, write_csv: Callable[..., Path], february: str, failed: str
) -> None:
    store = JsonProfileStore(tmp_path / "profiles.json")
    _save(store, "Hand bank", write_csv(_by_hand("01"), "bank_01.csv"), _HAND_MAPPING)
    reason = _refusal(write_csv(february, "bank_02.csv"), store)
    assert reason == (
        "bank_02.csv: no transactions found (saved profile 'Hand bank', saved from "
        f"bank_01.csv, fits the header on row 2 but reads no transactions with it: {failed}; "
        "correct that profile (map this file and save it again) or delete it)"
    )


def test_a_detected_profile_that_reads_nothing_is_named(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    """A profile keyed by the header detection found, saved with month-first dates: a
    month whose dates cannot be month-first reads nothing with it (detection alone would
    read them day-first, but the profile is what applies to this header)."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    january = "Date,Text,Amount\n01/02/2024,Shop,-12.50\n01/03/2024,Pay,100.00\n"
    _save(store, "US bank", write_csv(january, "us_01.csv"), Mapping(date_order="MDY"))
    february = "Date,Text,Amount\n13/02/2024,Shop,-12.50\n14/02/2024,Pay,100.00\n"
    reason = _refusal(write_csv(february, "us_02.csv"), store)
    assert reason == (
        "us_02.csv: no transactions found (saved profile 'US bank', saved from us_01.csv, "
        "fits the header on row 1 but reads no transactions with it: no row has both a date "
        "and an amount (row 2 column Date: '13/02/2024' is not a date; row skipped); "
        "correct that profile (map this file and save it again) or delete it)"
    )


def test_a_detected_profile_over_text_amounts_in_a_workbook_is_named(
    tmp_path: Path, write_xlsx: Callable[[dict[str, Sequence[Sequence[Any]]], str], Path]
) -> None:
    """Detection stops before any profile is looked up where no column holds amounts; the
    profile keyed by the header is then applied at that header, and named when it reads
    none, with the command line's hint after it."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    header = ["Date", "Text", "Amount"]
    january = {"Moves": [header, ["01/02/2024", "Shop", -12.5], ["01/03/2024", "Pay", 100]]}
    mapping = Mapping(date_order="MDY", invert_sign=True)
    _save(store, "Sheet bank", write_xlsx(january, "book_01.xlsx"), mapping)
    february = {"Moves": [header, ["02/02/2024", "Shop", "n/a"], ["02/03/2024", "Pay", "n/a"]]}
    path = write_xlsx(february, "book_02.xlsx")
    with pytest.raises(NoTransactionsFoundError) as raised:
        import_statement(path, profiles=store)
    message = str(raised.value)
    assert message.startswith(
        "book_02.xlsx: no transactions found (saved profile 'Sheet bank', saved from "
        "book_01.xlsx, fits the header on row 1 but reads no transactions with it: sheet "
        "'Moves': no column holds amounts on the dated rows; correct that profile (map this "
        "file and save it again) or delete it); "
        "supply a mapping that names the columns"
    )


def test_a_detected_profile_reads_a_month_detection_cannot(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    """The other side of looking for a detected header's profile when detection finds no
    transactions: the wizard saves the roles it showed, so a month whose dated rows are
    mostly notes without an amount (detection finds no amount column) is read by the
    profile saved for that header, not mapped by hand again (before, it was refused)."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    january = "Booked,Details,Amount\n2024-01-02,Rent,-800.00\n2024-01-03,Coffee,-4.50\n"
    shown = Mapping(columns={"date": "Booked", "description": ["Details"], "amount": "Amount"})
    _save(store, "Notes bank", write_csv(january, "notes_01.csv"), shown)
    february = _by_hand("02").removeprefix("Export of 02\n") + "2024-02-05,Order ref 3,\n"
    result = import_statement(write_csv(february, "notes_02.csv"), profiles=store)
    assert result.layout is not None
    assert (result.layout.profile, result.layout.header_row) == ("Notes bank", 1)
    assert [(line.row, str(line.amount), line.description) for line in result.lines] == [
        (2, "-800.00", "Rent"),
        (4, "-4.50", "Coffee"),
    ]
