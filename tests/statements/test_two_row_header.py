"""A header of two rows: a group's name over the words that name each of its columns.

"Umsatz" merged over two columns, "Haben" and "Soll" under it. The lower row alone names
no date column, so the header was not found at all: the columns were named by number and
the debit/credit pair taken by its order, every sign inverted where Haben came first,
with the evidence saying the first row held a transaction. Read together, each column is
named by both rows and the pair's sides by their words. Where the lower row's words do not
read, the pair still goes by its order, and that is warned of.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl

from desktop_app.statements import (
    AmountStyle,
    JsonProfileStore,
    Mapping,
    import_statement,
    profile_from_layout,
)

HABEN_FIRST = (
    "Buchungsdatum;Buchungstext;Umsatz;\n"
    ";;Haben;Soll\n"
    "03.03.2025;Miete;;1.000,00\n"
    "14.03.2025;Kunde RE-1;2.500,00;\n"
    "20.03.2025;Strom;;80,00\n"
)
EXPECTED = [Decimal("-1000.00"), Decimal("2500.00"), Decimal("-80.00")]


def test_a_two_row_csv_header_reads_the_pair_by_its_words(
    write_csv: Callable[..., Path],
) -> None:
    result = import_statement(write_csv(HABEN_FIRST))
    layout = result.layout
    assert layout is not None
    assert [line.amount for line in result.lines] == EXPECTED
    assert layout.header_row == 1
    assert layout.columns == ("Buchungsdatum", "Buchungstext", "Umsatz Haben", "Umsatz Soll")
    assert layout.amount_style is AmountStyle.DEBIT_CREDIT
    assert (layout.debit, layout.credit) == (3, 2)
    evidence = dict(layout.evidence)
    header = (
        "rows 1-2 name the columns (a two-row header: each column named by both rows, "
        "as 'Umsatz' over 'Haben')"
    )
    assert evidence["header"] == (header,)
    assert (
        evidence["amount"][0]
        == "amount: debit column 'Umsatz Soll' and credit column 'Umsatz Haben'"
    )
    assert not result.warnings


def test_a_merged_two_row_header_under_a_preamble(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Kontoauszug Musterfirma GmbH"])
    sheet.append([])
    sheet.append(["Buchungsdatum", "Buchungstext", "Umsatz", None, "Saldo"])
    sheet.append([None, None, "Haben", "Soll", None])
    for cells in ("C3:D3", "A3:A4", "B3:B4", "E3:E4"):
        sheet.merge_cells(cells)
    sheet.append([dt.date(2025, 3, 3), "Miete", None, 1000.0, 9000.0])
    sheet.append([dt.date(2025, 3, 14), "Kunde RE-1", 2500.0, None, 11500.0])
    sheet.append([dt.date(2025, 3, 20), "Strom", None, 80.0, 11420.0])
    path = tmp_path / "umsaetze.xlsx"
    workbook.save(path)

    result = import_statement(path)
    layout = result.layout
    assert layout is not None
    assert [line.amount for line in result.lines] == EXPECTED
    assert layout.header_row == 3
    assert layout.columns == (
        "Buchungsdatum",
        "Buchungstext",
        "Umsatz Haben",
        "Umsatz Soll",
        "Saldo",
    )
    assert layout.balance == 4
    header = dict(layout.evidence)["header"][0]
    assert header.startswith("rows 3-4 name the columns (a two-row header")
    assert header.endswith("; rows 1-2 above it are a preamble")
    assert not result.warnings


def test_unread_second_row_words_warn_that_the_pair_goes_by_its_order(
    write_csv: Callable[..., Path],
) -> None:
    text = HABEN_FIRST.replace(";;Haben;Soll", ";;Zugang;Abgang")
    result = import_statement(write_csv(text))
    layout = result.layout
    assert layout is not None
    assert layout.header_row is None
    assert dict(layout.evidence)["header"] == (
        (
            "no header row: rows 1-2 look like a two-row header, but row 2's words "
            "('Zugang', 'Abgang') are not read as column names; the columns are named by number"
        ),
    )
    said = [warning.message for warning in result.warnings]
    assert said[0].startswith(
        "rows 1-2 look like a two-row header, but row 2's words ('Zugang', 'Abgang') are "
        "not read as column names: column 3 is taken as the debit and column 4 as the "
        "credit by their order alone; check the signs"
    )


def _month(tmp_path: Path, month: int, sides: tuple[str, str], rows: list[tuple]) -> Path:
    """A bank's workbook with a merged two-row header: ``sides`` under 'Umsatz'."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Kontoauszug Musterfirma GmbH"])
    sheet.append([])
    sheet.append(["Buchungsdatum", "Buchungstext", "Umsatz", None])
    sheet.append([None, None, *sides])
    for cells in ("C3:D3", "A3:A4", "B3:B4"):
        sheet.merge_cells(cells)
    for day, text, left, right in rows:
        sheet.append([dt.date(2025, month, day), text, left, right])
    path = tmp_path / f"auszug-2025-{month:02d}.xlsx"
    workbook.save(path)
    return path


def test_a_profile_saved_from_a_two_row_header_flags_its_sides_swapped(
    tmp_path: Path,
) -> None:
    """The profile is keyed by both rows' names: the next month's file with the same
    header gets it, and one whose Soll and Haben changed places is drift, its signs read
    by its own words, not the profile's roles put on the wrong columns."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    haben_soll = ("Haben", "Soll")
    january = import_statement(
        _month(tmp_path, 1, haben_soll, [(3, "Miete", None, 1000.0), (14, "Kunde", 2500.0, None)]),
        profiles=store,
    )
    assert january.layout is not None
    mapping = Mapping(
        header_row=3,
        columns={
            "date": "Buchungsdatum",
            "debit": "Umsatz Soll",
            "credit": "Umsatz Haben",
            "description": ["Buchungstext"],
        },
        currency="EUR",
    )
    store.save(profile_from_layout("Zwei Zeilen", january.layout, mapping))

    february = import_statement(
        _month(tmp_path, 2, haben_soll, [(3, "Miete", None, 1000.0), (20, "Kunde", 1800.0, None)]),
        profiles=store,
    )
    assert february.layout is not None
    assert february.layout.profile == "Zwei Zeilen"
    assert [line.amount for line in february.lines] == [Decimal("-1000.00"), Decimal("1800.00")]

    march = import_statement(
        _month(
            tmp_path, 3, ("Soll", "Haben"), [(3, "Miete", 1000.0, None), (14, "K", None, 900.0)]
        ),
        profiles=store,
    )
    assert march.layout is not None
    assert march.layout.profile is None
    assert march.layout.drift is not None
    assert "saved profile 'Zwei Zeilen'" in march.layout.drift
    assert march.warnings[0].message == march.layout.drift
    assert [line.amount for line in march.lines] == [Decimal("-1000.00"), Decimal("900.00")]
