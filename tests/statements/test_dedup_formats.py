"""One account's booking as two formats word it is one booking: kept once, counted.

MT940 and CAMT.053 word a booking differently, so their lines' identities (which hold the
text) differ. Within one named account, a line that repeats no kept line by identity
repeats a kept line of the same day, amount and currency whose value date and references
do not tell it apart; lines of no account, of a masked number alone, or of another
account are compared by identity only, as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

import pytest

from desktop_app.domain import StatementLine
from desktop_app.statements.dedup import Duplicate, KeptLines

ACCOUNT = "GB29NWBK60161331926819"
OTHER = "GB82WEST12345698765432"
DAY = dt.date(2025, 10, 4)


def booked(
    source: str,
    row: int,
    amount: str,
    text: str,
    *,
    day: dt.date = DAY,
    reference: str = "",
    value_date: dt.date | None = None,
) -> StatementLine:
    return StatementLine(
        source, row, day, Decimal(amount), "GBP", text, reference, value_date=value_date
    )


def repeats(
    kept: KeptLines, lines: Sequence[StatementLine], account: str | None = ACCOUNT
) -> dict[str, str]:
    merged = kept.merge(lines, account, {})
    return {str(key): str(same.key) for key, same in merged.repeats.items()}


def test_a_booking_worded_otherwise_by_another_format_of_the_account_repeats_it() -> None:
    kept = KeptLines()
    mt940 = [booked("a.sta", 5, "-23.10", "CARD PAYMENT TESCO", value_date=DAY)]
    camt = [booked("b.xml", 10, "-23.10", "TESCO STORES 2931")]
    assert repeats(kept, mt940) == {}
    assert repeats(kept, camt) == {"b.xml:10": "a.sta:5"}
    note = str(Duplicate(camt[0], mt940[0]))
    assert note.startswith("b.xml:10 repeats a.sta:5, worded differently")


def test_equal_payments_pair_in_order_and_the_extra_one_is_kept() -> None:
    """Two coffees in one format, three in the other: two pairs, and the third is a
    payment of its own. A third file in the first wording holding three repeats the two
    it words alike and the third as the other wording kept it."""
    kept = KeptLines()
    first = [booked("a.sta", row, "-4.50", "CARD PAYMENT PRET") for row in (5, 7)]
    second = [booked("b.xml", row, "-4.50", "PRET A MANGER LONDON") for row in (10, 11, 12)]
    third = [booked("c.sta", row, "-4.50", "CARD PAYMENT PRET") for row in (5, 7, 9)]
    assert repeats(kept, first) == {}
    assert repeats(kept, second) == {"b.xml:10": "a.sta:5", "b.xml:11": "a.sta:7"}
    assert repeats(kept, third) == {
        "c.sta:5": "a.sta:5",
        "c.sta:7": "a.sta:7",
        "c.sta:9": "b.xml:12",
    }


def test_two_equal_payments_of_one_file_never_repeat_each_other() -> None:
    kept = KeptLines()
    both = [booked("b.xml", row, "-4.50", text) for row, text in ((10, "PRET"), (11, "Pret"))]
    assert repeats(kept, both) == {}


def test_value_dates_that_differ_keep_two_bookings() -> None:
    kept = KeptLines()
    repeats(kept, [booked("a.sta", 5, "-60.00", "STO GARAGE", value_date=DAY)])
    later = dt.date(2025, 10, 6)
    assert repeats(kept, [booked("b.xml", 10, "-60.00", "Garage", value_date=later)]) == {}
    assert repeats(kept, [booked("c.xml", 10, "-60.00", "Rent", value_date=DAY)]) == {
        "c.xml:10": "a.sta:5"
    }


def test_references_both_state_pair_bookings_and_keep_others_apart() -> None:
    """Two standing orders of one amount, listed in another order by the other format:
    each pairs with the one of its bank reference; a third of another reference is
    another booking."""
    kept = KeptLines()
    repeats(
        kept,
        [
            booked("a.sta", 5, "-60.00", "STO GARAGE", reference="B1"),
            booked("a.sta", 7, "-60.00", "STO STORAGE", reference="B2"),
        ],
    )
    camt = [
        booked("b.xml", 10, "-60.00", "Storage", reference="E2E-9; b2"),
        booked("b.xml", 11, "-60.00", "Garage", reference="B1"),
        booked("b.xml", 12, "-60.00", "Lock-up", reference="B3"),
    ]
    assert repeats(kept, camt) == {"b.xml:10": "a.sta:7", "b.xml:11": "a.sta:5"}


def test_a_line_without_references_leaves_the_referenced_booking_to_its_own() -> None:
    """The first line states no reference and may be either booking; the second may be
    only the first kept one: both pair, though in order the first would take it."""
    kept = KeptLines()
    repeats(
        kept,
        [
            booked("a.sta", 5, "-60.00", "STO GARAGE", reference="B1"),
            booked("a.sta", 7, "-60.00", "STO STORAGE", reference="B2"),
        ],
    )
    camt = [
        booked("b.xml", 10, "-60.00", "Storage"),
        booked("b.xml", 11, "-60.00", "Garage", reference="B1"),
    ]
    assert repeats(kept, camt) == {"b.xml:10": "a.sta:7", "b.xml:11": "a.sta:5"}


def test_another_days_or_amounts_booking_is_not_the_same() -> None:
    kept = KeptLines()
    repeats(kept, [booked("a.sta", 5, "-23.10", "CARD PAYMENT TESCO")])
    camt = [
        booked("b.xml", 10, "-23.10", "TESCO", day=DAY + dt.timedelta(days=1)),
        booked("b.xml", 11, "-23.11", "TESCO"),
        booked("b.xml", 12, "23.10", "TESCO REFUND"),
    ]
    assert repeats(kept, camt) == {}


def test_another_accounts_equal_booking_is_its_own() -> None:
    kept = KeptLines()
    repeats(kept, [booked("a.sta", 5, "-23.10", "CARD PAYMENT TESCO")])
    assert repeats(kept, [booked("b.xml", 10, "-23.10", "TESCO")], OTHER) == {}


def test_files_of_no_account_or_a_masked_number_are_compared_word_for_word() -> None:
    """A file that names no account (or only a masked number) may be another account's:
    its lines repeat a kept line only as worded alike, and a named account's line
    worded otherwise does not repeat one of its lines, as before."""
    kept = KeptLines()
    repeats(kept, [booked("a.sta", 5, "-23.10", "CARD PAYMENT TESCO")])
    assert repeats(kept, [booked("d.csv", 2, "-23.10", "Tesco")], None) == {}
    assert repeats(kept, [booked("m.csv", 2, "-23.10", "Tesco Stores")], "****6819") == {}
    assert repeats(kept, [booked("e.csv", 2, "-23.10", "CARD PAYMENT TESCO")], None) == {
        "e.csv:2": "a.sta:5"
    }
    fresh = KeptLines()
    repeats(fresh, [booked("d.csv", 2, "-23.10", "Tesco")], None)
    assert repeats(fresh, [booked("a.sta", 5, "-23.10", "CARD PAYMENT TESCO")]) == {}


def test_a_statement_taken_out_and_merged_again_meets_the_other_wording() -> None:
    """The first format's statement is taken out: its lines go from the kept lines, the
    other format's copy is kept in its place, and the first merged again repeats it."""
    kept = KeptLines()
    mt940 = [booked("a.sta", 5, "-23.10", "CARD PAYMENT TESCO")]
    camt = [booked("b.xml", 10, "-23.10", "TESCO STORES 2931")]
    repeats(kept, mt940)
    merged = kept.merge(camt, ACCOUNT, {})
    kept.unclaim(mt940[0].key, camt[0].key)
    kept.forget([mt940[0].key])
    kept.keep(camt[0], *merged.places[camt[0].key])
    assert repeats(kept, mt940) == {"a.sta:5": "b.xml:10"}


def test_files_of_one_kind_pair_no_booking_of_another_wording() -> None:
    """Two MT940 files of one account (a bank's intraday statements), or two exports of
    its table, word one booking alike: a line of another wording there is another payer's
    payment of the same amount that day, with nothing else to tell it apart, and kept."""
    kept = KeptLines()
    morning = [booked("morning.sta", 5, "100.00", "ACME LTD INVOICE 17")]
    evening = [booked("evening.sta", 5, "100.00", "BETA GMBH INVOICE 99")]
    assert repeats(kept, morning) == {}
    assert repeats(kept, evening) == {}
    camt = [booked("day.xml", 9, "100.00", "Acme Ltd Invoice 17 remittance")]
    assert repeats(kept, camt) == {"day.xml:9": "morning.sta:5"}  # another kind: paired

    tables = KeptLines()
    first = [booked("export-1.csv", 2, "100.00", "ACME LTD INVOICE 17")]
    second = [booked("export-2.xlsx", 2, "100.00", "BETA GMBH INVOICE 99")]
    assert repeats(tables, first) == {}
    assert repeats(tables, second) == {}


@pytest.mark.parametrize(
    ("first", "second"),
    [("sta", "mta"), ("sta", "940"), ("xlsx", "xlsm"), ("csv", "txt"), ("ofx", "qbo"),
     ("053", "052"), ("csv", "xlsb")],
)  # fmt: skip
def test_extensions_of_one_format_pair_no_booking_of_another_wording(
    first: str, second: str
) -> None:
    """The kind of file is the importer's, whatever extension it goes by: an MT940 file
    named .mta beside one named .sta, a macro-enabled workbook beside a plain one, are
    one kind, and another wording there is another payment."""
    kept = KeptLines()
    assert repeats(kept, [booked(f"morning.{first}", 5, "100.00", "ACME LTD")]) == {}
    assert repeats(kept, [booked(f"evening.{second}", 5, "100.00", "BETA GMBH")]) == {}


def test_a_large_day_listed_in_the_other_order_pairs_each_booking_by_its_reference() -> None:
    """300 equal payments a side, one format listing the day newest first: too many pairs
    for the reordering repair (``_REPAIRED_AT_MOST``), so each is found by its reference
    among the kept bookings stating it, and each pairs with its own."""
    kept = KeptLines()
    count = 300
    mt940 = [booked("a.sta", 10 + i, "-5.00", "FEE", reference=f"TRN{i:04d}") for i in range(count)]
    camt = [
        booked("b.xml", 10 + i, "-5.00", "Charge", reference=f"TRN{count - 1 - i:04d}")
        for i in range(count)
    ]
    assert repeats(kept, mt940) == {}
    assert repeats(kept, camt) == {
        f"b.xml:{10 + i}": f"a.sta:{10 + count - 1 - i}" for i in range(count)
    }
