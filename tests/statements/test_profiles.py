"""Mappings and saved profiles: corrections re-applied by header fingerprint, drift flagged."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.statements import (
    JsonProfileStore,
    Mapping,
    MappingError,
    StatementImportError,
    header_fingerprint,
    import_statement,
    load_mapping,
    profile_from_layout,
)
from desktop_app.statements.dates import DateOrder
from desktop_app.statements.layout import DriftedProfile
from desktop_app.statements.model import NoTransactionsFoundError
from desktop_app.statements.profiles import match_profile

STATEMENT = "Date;Text;Amount;Kind\n01/02/2024;Shop;12,50;out\n03/04/2024;Pay;100,00;in\n"


def test_mapping_overrides_date_order_and_sign(write_csv: Callable[..., Path]) -> None:
    path = write_csv(STATEMENT)
    detected = import_statement(path)
    assert detected.lines[0].date == dt.date(2024, 2, 1)
    assert detected.lines[0].amount == Decimal("-12.50")  # 'Kind' out/in gives the sign
    mapped = import_statement(path, mapping=Mapping(date_order="MDY", invert_sign=True))
    assert mapped.lines[0].date == dt.date(2024, 1, 2)
    assert mapped.lines[0].amount == Decimal("12.50")
    assert mapped.layout is not None
    assert "set by the mapping" in dict(mapped.layout.evidence)["date_order"][0]


def test_mapping_names_columns_and_indicator_signs(write_csv: Callable[..., Path]) -> None:
    mapping = Mapping(
        columns={"date": "Date", "amount": 3, "indicator": "D"},
        indicator_signs={"out": -1, "in": 1},
    )
    result = import_statement(write_csv(STATEMENT), mapping=mapping)
    assert [line.amount for line in result.lines] == [Decimal("-12.50"), Decimal("100.00")]


def test_mapping_file_is_validated(tmp_path: Path) -> None:
    path = tmp_path / "map.json"
    path.write_text(
        json.dumps({"columns": {"date": "Datum"}, "decimal_mark": ",", "currency": "EUR"})
    )
    assert load_mapping(path) == Mapping(
        columns={"date": "Datum"}, decimal_mark=",", currency="EUR"
    )
    path.write_text(json.dumps({"colums": {}}))
    with pytest.raises(MappingError, match=r"unknown mapping key\(s\) \['colums'\]"):
        load_mapping(path)
    path.write_text(json.dumps({"date_order": "dmy"}))  # refused for its case (tester k)
    assert load_mapping(path) == Mapping(date_order="DMY")
    assert load_mapping(path).order is DateOrder.DMY
    path.write_text(json.dumps({"date_order": "DDMMYY"}))
    with pytest.raises(MappingError, match="date_order must be DMY, MDY or YMD"):
        load_mapping(path)
    path.write_text("{not json")
    with pytest.raises(MappingError, match="is not valid JSON"):
        load_mapping(path)


# Only the text column is single-quoted, so the quote is not sniffed (a mark on one
# column is usually not quoting), and the semicolons inside it split the rows.
ONE_QUOTED_COLUMN = (
    "Datum;Text;Betrag\n"
    "01.02.2024;'Miete; Wohnung 3';-500,00\n"
    "02.02.2024;'Gehalt';2100,00\n"
    "03.02.2024;'Strom; Gas; Wasser';-80,00\n"
)


def test_a_mapping_sets_the_quote(write_csv: Callable[..., Path], tmp_path: Path) -> None:
    path = write_csv(ONE_QUOTED_COLUMN)
    with pytest.raises(StatementImportError, match="no column holds amounts"):
        import_statement(path)  # the quoted semicolons shift the amounts: what the mapping mends
    mapping_file = tmp_path / "map.json"
    mapping_file.write_text(json.dumps({"quote": "'"}))
    mapped = import_statement(path, mapping=load_mapping(mapping_file))
    assert [line.description for line in mapped.lines] == [
        "Miete; Wohnung 3",
        "Gehalt",
        "Strom; Gas; Wasser",
    ]
    assert [line.amount for line in mapped.lines] == [
        Decimal("-500.00"),
        Decimal("2100.00"),
        Decimal("-80.00"),
    ]
    assert mapped.layout is not None
    assert mapped.layout.to_json()["quote"] == "'"
    assert (mapped.layout.delimiter, mapped.layout.quote) == (";", "'")
    assert "quoting: single quotes (set by the mapping)" in dict(mapped.layout.evidence)["format"]


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"quote": "''"}, "quote must be one character other than a line end, not \"''\""),
        ({"quote": "\n"}, "quote must be one character other than a line end"),
        ({"quote": 7}, "quote must be one character other than a line end, not 7"),
        ({"delimiter": "\r"}, "delimiter must be one character other than a line end"),
        ({"delimiter": ";;"}, "delimiter must be one character other than a line end"),
        ({"quote": ";", "delimiter": ";"}, "quote and delimiter must differ; both are ';'"),
        ({"encoding": "utf-9"}, "encoding 'utf-9' is not a known text encoding"),
        ({"encoding": "rot13"}, "encoding 'rot13' is not a known text encoding"),
        ({"encoding": "undefined"}, "encoding 'undefined' is not a known text encoding"),
        ({"encoding": "latin-1\u0000"}, "encoding 'latin-1\\x00' is not a known text encoding"),
        ({"invert_sign": "false"}, "invert_sign must be true or false, not 'false'"),
        ({"header_row": True}, "header_row must be a row number (0 for none), not True"),
        ({"sheet": 2}, "sheet must be the worksheet's name, not 2"),
        ({"indicator_signs": ["Af"]}, "indicator_signs must map each debit/credit mark to -1 or 1"),
        ({"indicator_signs": {"Af": "x"}}, "indicator_signs must map each debit/credit mark"),
        ({"indicator_signs": {"Af": -1.0}}, "indicator_signs must map each debit/credit mark"),
        ({"columns": {"date": 1.5}}, "columns.date must be a header text, a column number or a"),
        ({"columns": {"date": [1, 2]}}, "columns.date must be a header text, a column number or"),
        (
            {"columns": {"description": [1, None]}},
            (
                "columns.description must be a header text, a column number or a letter "
                "(or a list of them), not [1, None]"
            ),
        ),
    ],
)
def test_a_mapping_refuses_what_the_text_reader_cannot_use(
    tmp_path: Path, settings: dict[str, object], message: str
) -> None:
    path = tmp_path / "map.json"
    path.write_text(json.dumps(settings))
    with pytest.raises(
        MappingError, match=f"^mapping {re.escape(str(path))}: {re.escape(message)}"
    ):
        load_mapping(path)


def test_a_mapping_quote_the_file_declares_as_its_delimiter_is_refused(
    write_csv: Callable[..., Path],
) -> None:
    # The mapping alone passes its own check (no delimiter set); the file's 'sep=' line
    # then names the quote as the delimiter, which the csv module would read as nonsense.
    path = write_csv("sep=;\nDate;Amount;Text\n01/02/2024;12.50;Rent\n", "declared.csv")
    with pytest.raises(
        StatementImportError,
        match=re.escape(
            "declared.csv: cannot be imported: its first line (sep=;) makes ';' the delimiter,"
            " and the mapping sets the same character as the quote"
        ),
    ):
        import_statement(path, mapping=Mapping(quote=";"))
    assert len(import_statement(path, mapping=Mapping(quote="'")).lines) == 1


def test_saved_profile_is_applied_to_the_next_file_with_the_same_header(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    store = JsonProfileStore(tmp_path / "profiles.json")
    first = import_statement(write_csv(STATEMENT, "january.csv"), profiles=store)
    assert first.layout is not None
    correction = Mapping(date_order="MDY")
    store.save(profile_from_layout("My bank", first.layout, correction))

    february = write_csv(STATEMENT.replace("Shop", "Bakery"), "february.csv")
    again = import_statement(february, profiles=JsonProfileStore(tmp_path / "profiles.json"))
    assert again.layout is not None
    assert again.layout.profile == "My bank"
    assert again.lines[0].date == dt.date(2024, 1, 2)
    assert again.layout.fingerprint == first.layout.fingerprint


def test_changed_export_is_flagged_as_drift_and_the_profile_not_applied(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    store = JsonProfileStore(tmp_path / "profiles.json")
    first = import_statement(write_csv(STATEMENT, "january.csv"))
    assert first.layout is not None
    store.save(profile_from_layout("My bank", first.layout, Mapping(date_order="MDY")))

    changed = STATEMENT.replace("Amount;Kind", "Amount (EUR);Kind;Category").replace(
        "out\n", "out;Food\n"
    )
    result = import_statement(write_csv(changed, "march.csv"), profiles=store)
    assert result.layout is not None
    assert result.layout.profile is None
    assert result.lines[0].date == dt.date(2024, 2, 1)
    drift = result.layout.drift
    assert drift is not None
    assert "saved profile 'My bank'" in drift
    assert "renamed 'Amount' -> 'Amount (EUR)'" in drift
    assert "added 'Category'" in drift
    assert result.warnings[0].message == drift


def test_unrelated_header_is_neither_matched_nor_drift(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    store = JsonProfileStore(tmp_path / "profiles.json")
    first = import_statement(write_csv(STATEMENT, "a.csv"))
    assert first.layout is not None
    store.save(profile_from_layout("My bank", first.layout, Mapping(date_order="MDY")))
    other = import_statement(
        write_csv("Buchungstag;Verwendungszweck;Betrag\n01.02.2024;X;-1,00\n", "b.csv"),
        profiles=store,
    )
    assert other.layout is not None
    assert (other.layout.profile, other.layout.drift) == (None, None)


def test_text_that_is_not_in_the_mappings_encoding_is_refused_naming_the_file(
    write_csv: Callable[..., Path],
) -> None:
    path = write_csv("Date,Text,Amount\n01/02/2024,Caf\xe9,1.00\n", encoding="cp1252")
    with pytest.raises(StatementImportError) as refused:
        import_statement(path, mapping=Mapping(encoding="utf-8"))
    assert str(refused.value) == (
        "statement.csv: cannot be imported: it is not utf-8 text, as the mapping says it is "
        "(byte 0xE9 at offset 31)"
    )
    assert import_statement(path, mapping=Mapping(encoding="cp1252")).lines[0].description == "Café"


def test_a_bom_and_a_bad_byte_are_placed_where_they_are_in_the_file(
    write_csv: Callable[..., Path],
) -> None:
    path = write_csv("Date,Text,Amount\n01/02/2024,Caf\xe9,1.00\n", encoding="cp1252")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # a UTF-8 BOM, then cp1252 text
    with pytest.raises(StatementImportError, match=r"\(byte 0xE9 at offset 34\)$"):
        import_statement(path, mapping=Mapping(encoding="utf-8-sig"))


def test_a_mapping_takes_lists_of_columns_for_text_roles_and_whole_signs() -> None:
    mapping = Mapping(
        columns={"description": ["Text", 3], "date": "A"}, indicator_signs={"S": -1, "H": 1}
    )
    assert Mapping.from_json(mapping.to_json()) == mapping


def test_the_profile_a_mapping_was_read_from_is_neither_saved_nor_compared() -> None:
    # Only the evidence reads it: the same corrections are the same mapping either way.
    applied = Mapping(currency="EUR", profile="Card")
    assert applied.to_json() == {"currency": "EUR"}
    assert applied == Mapping(currency="EUR")
    assert applied.set_by == "set by the saved profile 'Card'"
    assert Mapping(currency="EUR").set_by == "set by the mapping"


# Bank A's export has no header row, month-first dates and money out shown as positive.
BANK_A_ROWS = "02/01/2024,Rent,800.00\n03/01/2024,Coffee,4.50\n05/01/2024,Refund,-20.00\n"
BANK_A_FIXES = Mapping(date_order="MDY", invert_sign=True)


def _save_bank_a(store: JsonProfileStore, write_csv: Callable[..., Path]) -> None:
    january = import_statement(write_csv(BANK_A_ROWS, "bankA_2024-01.csv"), mapping=BANK_A_FIXES)
    assert january.layout is not None
    assert january.layout.column_kinds == ("date", "text", "number")
    store.save(profile_from_layout("Bank A", january.layout, BANK_A_FIXES))


def test_a_mapping_given_overrides_the_saved_profile_of_the_same_export(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    # --mapping beats the profile that would otherwise apply (MDY, signs inverted).
    store = JsonProfileStore(tmp_path / "profiles.json")
    _save_bank_a(store, write_csv)
    april = write_csv(BANK_A_ROWS, "bankA_2024-04.csv")
    result = import_statement(april, profiles=store, mapping=Mapping(date_order="DMY"))
    assert result.layout is not None
    assert (result.layout.profile, result.layout.drift) == ("mapping given", None)
    assert [(line.date, line.amount) for line in result.lines] == [
        (dt.date(2024, 1, 2), Decimal("800.00")),
        (dt.date(2024, 1, 3), Decimal("4.50")),
        (dt.date(2024, 1, 5), Decimal("-20.00")),
    ]


def test_a_headerless_profile_is_applied_to_the_same_exports_next_file(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    store = JsonProfileStore(tmp_path / "profiles.json")
    _save_bank_a(store, write_csv)
    february = import_statement(write_csv(BANK_A_ROWS, "bankA_2024-02.csv"), profiles=store)
    assert february.layout is not None
    assert (february.layout.profile, february.layout.drift) == ("Bank A", None)
    assert [(line.date, line.amount) for line in february.lines] == [
        (dt.date(2024, 2, 1), Decimal("-800.00")),
        (dt.date(2024, 3, 1), Decimal("-4.50")),
        (dt.date(2024, 5, 1), Decimal("20.00")),
    ]
    applied = (
        "applied: Bank A (no header row: the columns hold date, text, number and its name "
        "follows 'bankA_2024-01.csv', the file the profile was saved from)"
    )
    assert dict(february.layout.evidence)["profile"] == (applied,)


def test_a_headerless_profile_is_not_applied_to_another_banks_file_with_as_many_columns(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    store = JsonProfileStore(tmp_path / "profiles.json")
    _save_bank_a(store, write_csv)
    bank_b = "02/01/2024,Shop,-10.00\n03/01/2024,Salary,500.00\n04/01/2024,Cafe,-3.00\n"
    # Columns of other kinds (a code column, the text first) and another name: unrelated.
    other = "Rent,02/01/2024,800.00,D\nPay,03/01/2024,100.00,C\n"
    unrelated = import_statement(write_csv(other, "ledger.csv"), profiles=store)
    assert unrelated.layout is not None
    assert unrelated.layout.column_kinds == ("text", "date", "number", "code")
    assert (unrelated.layout.profile, unrelated.layout.drift) == (None, None)
    # The same kinds of column under another name: content cannot tell, so it is flagged.
    result = import_statement(write_csv(bank_b, "bankB_2024-01.csv"), profiles=store)
    assert result.layout is not None
    assert result.layout.profile is None
    assert [(line.date, line.amount) for line in result.lines][:2] == [
        (dt.date(2024, 1, 2), Decimal("-10.00")),  # as detected: day-first, signs as shown
        (dt.date(2024, 1, 3), Decimal("500.00")),
    ]
    drift = result.layout.drift
    assert drift is not None
    assert "saved profile 'Bank A' held (date, text, number)" in drift
    assert "'bankB_2024-01.csv' does not follow 'bankA_2024-01.csv'" in drift
    assert "the profile was NOT applied" in drift
    assert result.warnings[0].message == drift


def test_a_headerless_export_that_gains_a_column_is_flagged_as_drift(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    store = JsonProfileStore(tmp_path / "profiles.json")
    _save_bank_a(store, write_csv)
    rows = [line.split(",") for line in BANK_A_ROWS.splitlines()]
    with_value_dates = "".join(",".join([row[0], *row]) + "\n" for row in rows)
    result = import_statement(write_csv(with_value_dates, "bankA_2024-03_v2.csv"), profiles=store)
    assert result.layout is not None
    assert result.layout.profile is None
    drift = result.layout.drift
    assert drift is not None
    assert "resembles saved profile 'Bank A'" in drift
    assert "a date column added as column 1: now date, date, text, number" in drift
    assert dict(result.layout.evidence)["profile"] == (drift,)


def test_a_headerless_profile_saved_by_an_earlier_version_is_flagged_not_applied(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    """Its fingerprint was the column count alone, which no longer identifies an export."""
    path = tmp_path / "profiles.json"
    old = {
        "name": "Bank A",
        "fingerprint": header_fingerprint(("", "", ""), has_header=False),
        "header": ["", "", ""],
        "mapping": BANK_A_FIXES.to_json(),
    }
    path.write_text(json.dumps({"profiles": [old]}))
    result = import_statement(
        write_csv(BANK_A_ROWS, "bankA_2024-02.csv"), profiles=JsonProfileStore(path)
    )
    assert result.layout is not None
    assert result.layout.profile is None
    assert result.layout.drift is not None
    assert "saved profile 'Bank A' had, but that profile was saved without" in result.layout.drift


# Bank X's export: ambiguous dates that the accountant corrected to month-first.
BANK_X_ROWS = (
    "02/01/2024,Rent,-800.00,1200.00\n"
    "03/01/2024,Coffee,-4.50,1195.50\n"
    "05/01/2024,Salary,2000.00,3195.50\n"
)


def _bank_x_store(tmp_path: Path, write_csv: Callable[..., Path]) -> JsonProfileStore:
    store = JsonProfileStore(tmp_path / "profiles.json")
    path = write_csv("Buchung,Text,Umsatz,Saldo\n" + BANK_X_ROWS, "konto_2024-01.csv")
    first = import_statement(path, mapping=Mapping(date_order="MDY"))
    assert first.layout is not None
    store.save(profile_from_layout("Bank X", first.layout, Mapping(date_order="MDY")))
    return store


def test_an_export_with_half_its_columns_renamed_is_flagged_by_its_shape(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    """Two of four names changed: a third of the names in common, but the same columns
    holding the same kinds, the other two in place: the same bank's export, changed."""
    store = _bank_x_store(tmp_path, write_csv)
    header = "Buchungstag,Verwendungszweck,Umsatz,Saldo\n"
    result = import_statement(write_csv(header + BANK_X_ROWS, "export.csv"), profiles=store)
    assert result.layout is not None
    assert result.layout.profile is None
    assert result.lines[0].date == dt.date(2024, 1, 2)  # as detected, and flagged
    assert result.layout.drift == (
        "DRIFT: the header resembles saved profile 'Bank X' (4 columns holding date, text, "
        "number, number, as the profile's did, and 'Umsatz', 'Saldo' still in place) but has "
        "changed (renamed 'Buchung' -> 'Buchungstag', 'Text' -> 'Verwendungszweck'); the "
        "profile was NOT applied: check the detected layout and save the profile again"
    )
    assert result.warnings[0].message == result.layout.drift


def test_a_translated_header_is_flagged_when_the_file_name_follows_the_profiles(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    store = _bank_x_store(tmp_path, write_csv)
    translated = "Date,Details,Amount,Saldo\n" + BANK_X_ROWS
    same_export = import_statement(write_csv(translated, "konto_2024-02.csv"), profiles=store)
    assert same_export.layout is not None
    assert same_export.layout.drift is not None
    assert (
        "'Saldo' still in place, and its name follows 'konto_2024-01.csv', the file the "
        "profile was saved from) but has changed (renamed 'Buchung' -> 'Date'"
    ) in same_export.layout.drift
    # The same file under another bank's name: one generic name in place is not enough.
    other = import_statement(write_csv(translated, "umsaetze.csv"), profiles=store)
    assert other.layout is not None
    assert (other.layout.profile, other.layout.drift) == (None, None)


def test_another_banks_export_sharing_a_few_names_is_not_flagged(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    store = _bank_x_store(tmp_path, write_csv)
    same_shape = "Datum,Omschrijving,Bedrag,Saldo\n" + BANK_X_ROWS  # one name in place
    rows = [row.split(",") for row in BANK_X_ROWS.splitlines()]
    other_shape = "Datum,Text,Betrag,Saldo,Waehrung\n" + "".join(
        ",".join([*row, "EUR"]) + "\n" for row in rows
    )  # two names in place, but another shape
    for text in (same_shape, other_shape):
        result = import_statement(write_csv(text, "mutaties_2024-02.csv"), profiles=store)
        assert result.layout is not None
        assert (result.layout.profile, result.layout.drift) == (None, None)


def test_a_headerless_export_that_gains_a_header_is_flagged(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    store = JsonProfileStore(tmp_path / "profiles.json")
    _save_bank_a(store, write_csv)
    with_header = "Datum,Text,Betrag\n" + BANK_A_ROWS
    result = import_statement(write_csv(with_header, "bankA_2024-02.csv"), profiles=store)
    assert result.layout is not None
    assert result.layout.header_row == 1
    assert result.layout.drift is not None
    assert result.layout.drift.startswith(
        "DRIFT: the file now has a header row, but its columns hold what those of saved "
        "profile 'Bank A' held (date, text, number)"
    )


def test_an_export_that_loses_its_header_is_flagged(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    store = _bank_x_store(tmp_path, write_csv)
    result = import_statement(write_csv(BANK_X_ROWS, "konto_2024-02.csv"), profiles=store)
    assert result.layout is not None
    assert result.layout.header_row is None
    assert result.layout.drift is not None
    assert result.layout.drift.startswith(
        "DRIFT: this file has no header row, but its columns hold what those of saved "
        "profile 'Bank X' held (date, text, number, number)"
    )


def _saved(store: JsonProfileStore, write_csv: Callable[..., Path], name: str, text: str) -> None:
    """Save the profile of ``text`` as detected, under ``name``."""
    result = import_statement(write_csv(text, f"{name}.csv"))
    assert result.layout is not None
    store.save(profile_from_layout(name, result.layout, Mapping(date_order="MDY")))


_RENAMED = STATEMENT.replace("Amount;Kind", "Amount (EUR);Kind;Category").replace(
    "out\n", "out;Food\n"
)


def test_the_profile_a_header_drifted_from_is_the_one_its_drift_names(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    """The wizard offers the roles of the layout's ``drifted_from`` under the drift's text:
    both must be the one profile of the saved ones that the header resembles, not merely
    the first saved, nor the first that resembles it at all."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    _saved(store, write_csv, "Bank X", "Buchung,Text,Umsatz,Saldo\n" + BANK_X_ROWS)
    _saved(store, write_csv, "Older", STATEMENT)  # 3 of 6 names in common
    _saved(store, write_csv, "Newer", STATEMENT.replace("Amount;", "Amount (EUR);"))  # 4 of 5
    result = import_statement(write_csv(_RENAMED, "march.csv"), profiles=store)
    assert result.layout is not None
    assert result.layout.drift is not None
    assert result.layout.drift.startswith("DRIFT: the header resembles saved profile 'Newer' ")
    offered = result.layout.drifted_from
    assert offered is not None
    assert offered.name == "Newer"
    # Without the closer one, the other that resembles the header is the one, both ways.
    older = [saved for saved in store.all() if saved.name != "Newer"]
    match = match_profile(older, result.layout)
    assert match.drift is not None
    assert match.drift.startswith("DRIFT: the header resembles saved profile 'Older' ")
    profile = match.drifted_from
    assert profile is not None
    assert profile.name == "Older"


def test_a_drifted_layout_carries_its_profiles_roles_in_place_and_currency(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    """What the wizard offers comes with the layout: the profile's roles on the columns in
    their place in its header (the renamed 'Amount' -> 'Amount (EUR)' keeps its role; the
    added 'Category' has none) and its currency. The command line's JSON is unchanged:
    it says the drift, not the offer."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    saved = import_statement(write_csv(STATEMENT, "february.csv"))
    assert saved.layout is not None
    mapping = Mapping(columns={"date": "Date", "description": 2, "amount": "C"}, currency="EUR")
    store.save(profile_from_layout("Bank Y", saved.layout, mapping))
    result = import_statement(write_csv(_RENAMED, "march.csv"), profiles=store)
    assert result.layout is not None
    assert result.layout.drift is not None
    assert result.layout.drifted_from == DriftedProfile(
        "Bank Y", ((0, "date"), (1, "description"), (2, "amount")), "EUR"
    )
    shown = result.layout.to_json()
    assert "drifted_from" not in shown
    assert shown["drift"] == result.layout.drift
    assert shown["evidence"]["profile"] == [result.layout.drift]


def test_a_header_that_resembles_no_saved_profile_drifted_from_none(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    store = JsonProfileStore(tmp_path / "profiles.json")
    _saved(store, write_csv, "Bank X", "Buchung,Text,Umsatz,Saldo\n" + BANK_X_ROWS)
    result = import_statement(write_csv(_RENAMED, "march.csv"), profiles=store)
    assert result.layout is not None
    assert (result.layout.profile, result.layout.drift) == (None, None)
    assert result.layout.drifted_from is None


def test_a_header_its_profile_fits_exactly_drifted_from_none(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    """Its own profile is applied, not offered; a near profile saved beside it (the same
    export before a rename) is no drift either."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    _saved(store, write_csv, "Before", STATEMENT)
    _saved(store, write_csv, "After", _RENAMED)
    result = import_statement(write_csv(_RENAMED, "april.csv"), profiles=store)
    assert result.layout is not None
    assert (result.layout.profile, result.layout.drift) == ("After", None)
    assert result.layout.drifted_from is None


def test_a_header_new_to_a_headerless_profile_is_the_profile_drifted_from(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    """The drift names the header-less profile, whose columns are this file's in their
    places: it is offered, with no roles where it gave none (detection's were its own)."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    _save_bank_a(store, write_csv)
    with_header = "Datum,Text,Betrag\n" + BANK_A_ROWS
    result = import_statement(write_csv(with_header, "bankA_2024-02.csv"), profiles=store)
    assert result.layout is not None
    assert result.layout.drift is not None
    assert "saved profile 'Bank A'" in result.layout.drift
    assert result.layout.drifted_from == DriftedProfile("Bank A")


def test_a_header_new_to_a_headerless_profile_is_offered_its_roles_by_number(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    """A header-less profile gives its roles by column number (as the wizard saves them):
    under the header the export now has, each goes to the column in its place, so the
    wizard can offer them as for a renamed header."""
    january = import_statement(write_csv(BANK_A_ROWS, "bankA_2024-01.csv"))
    assert january.layout is not None
    columns: dict[str, Any] = {"date": 1, "reference": [2], "amount": 3}
    mapping = Mapping(columns=columns, date_order="MDY", currency="USD")
    store = JsonProfileStore(tmp_path / "profiles.json")
    store.save(profile_from_layout("Bank A", january.layout, mapping))
    with_header = "Datum,Text,Betrag\n" + BANK_A_ROWS
    result = import_statement(write_csv(with_header, "bankA_2024-02.csv"), profiles=store)
    assert result.layout is not None
    assert result.layout.drift is not None
    assert result.layout.drift.startswith("DRIFT: the file now has a header row")
    assert result.layout.drifted_from == DriftedProfile(
        "Bank A", ((0, "date"), (1, "reference"), (2, "amount")), "USD"
    )


def test_a_file_without_a_header_drifted_from_none(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    """A header-less file's drift (the export lost its header) has no header to offer
    roles by."""
    store = _bank_x_store(tmp_path, write_csv)
    result = import_statement(write_csv(BANK_X_ROWS, "konto_2024-02.csv"), profiles=store)
    assert result.layout is not None
    assert result.layout.drift is not None
    assert result.layout.drifted_from is None


# Most dated rows are order notes without an amount: detection finds no amount column,
# so the accountant maps the file by hand (header row 2, under a preamble).
_BY_HAND = (
    "Export of {month}\n"
    "Booked,Details,Amount\n"
    "2024-{month}-02,{first},-800.00\n"
    "2024-{month}-02,Order ref 1,\n"
    "2024-{month}-03,Coffee,-4.50\n"
    "2024-{month}-03,Order ref 2,\n"
    "2024-{month}-04,Order ref 3,\n"
    "2024-{month}-05,Order ref 4,\n"
)
_HAND_MAPPING = Mapping(
    header_row=2, columns={"date": 1, "description": [2], "amount": 3}, invert_sign=True
)


def _save_by_hand(store: JsonProfileStore, write_csv: Callable[..., Path]) -> None:
    """Save the profile of January's file as the wizard does for a file mapped by hand."""
    january = write_csv(_BY_HAND.format(month="01", first="Rent"), "bank_01.csv")
    with pytest.raises(NoTransactionsFoundError):
        import_statement(january, profiles=store)
    mapped = import_statement(january, mapping=_HAND_MAPPING)
    assert mapped.layout is not None
    store.save(profile_from_layout("Hand bank", mapped.layout, _HAND_MAPPING))


def test_a_profile_saved_from_a_hand_mapping_reads_next_months_file(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    store = JsonProfileStore(tmp_path / "profiles.json")
    _save_by_hand(store, write_csv)
    (saved,) = store.all()
    assert saved.fingerprint == header_fingerprint(["Booked", "Details", "Amount"])

    february = write_csv(_BY_HAND.format(month="02", first="Salary"), "bank_02.csv")
    result = import_statement(february, profiles=JsonProfileStore(tmp_path / "profiles.json"))
    assert result.layout is not None
    assert result.layout.profile == "Hand bank"
    assert result.layout.fingerprint == saved.fingerprint
    assert "applied: Hand bank" in dict(result.layout.evidence)["profile"]
    assert [(line.row, str(line.amount), line.description) for line in result.lines] == [
        (3, "800.00", "Salary"),
        (5, "4.50", "Coffee"),
    ]


def test_a_hand_mapped_profile_is_not_applied_to_a_file_with_another_header(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    """A guard: a header renamed is not the export the profile was saved for."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    _save_by_hand(store, write_csv)
    other = _BY_HAND.format(month="02", first="Salary").replace("Details", "Purpose")
    with pytest.raises(NoTransactionsFoundError, match="no transactions found"):
        import_statement(write_csv(other, "other.csv"), profiles=store)


def test_a_hand_mapped_profile_finds_its_header_moved_down_a_row(
    tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    """February's export says one more line above its table: its header is on row 3, not
    the profile's row 2. The profile's header is looked for among the first rows, so the
    file is read by it, not mapped by hand again (before, it was refused)."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    _save_by_hand(store, write_csv)
    moved = "Preamble line\n" + _BY_HAND.format(month="02", first="Salary")
    result = import_statement(write_csv(moved, "moved.csv"), profiles=store)
    assert result.layout is not None
    assert (result.layout.profile, result.layout.header_row) == ("Hand bank", 3)
    assert [(line.row, str(line.amount), line.description) for line in result.lines] == [
        (4, "800.00", "Salary"),
        (6, "4.50", "Coffee"),
    ]


def test_guard_each_profile_finds_its_header_on_whichever_sheet_and_row_holds_it(
    tmp_path: Path, write_csv: Callable[..., Path], write_xlsx: Callable[..., Path]
) -> None:
    """Guard: the rows a hand-made profile's header is looked for in are read once for
    every profile, yet each row stays its own sheet's. The first profile saved (another
    export's) is looked for first and is not in the workbook; the second is, on its
    second sheet's row 2, where the first sheet's row 2 holds a note."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    other = write_csv(_BY_HAND.format(month="01", first="Rent").replace("Details", "Memo"))
    mapped = import_statement(other, mapping=_HAND_MAPPING)
    assert mapped.layout is not None
    store.save(profile_from_layout("Other bank", mapped.layout, _HAND_MAPPING))
    _save_by_hand(store, write_csv)
    table = [line.split(",") for line in _BY_HAND.format(month="02", first="Salary").splitlines()]
    notes = [["Notes", "", ""], ["Exported", "by the bank's", "portal"], ["Two", "sheets", ""]]
    workbook = write_xlsx({"Notes": notes, "Account": table})

    result = import_statement(workbook, profiles=store)

    assert result.layout is not None
    assert (result.layout.profile, result.layout.sheet, result.layout.header_row) == (
        "Hand bank",
        "Account",
        2,
    )
    assert [(line.row, str(line.amount), line.description) for line in result.lines] == [
        (3, "800.00", "Salary"),
        (5, "4.50", "Coffee"),
    ]


@pytest.mark.parametrize("summary_first", [False, True], ids=["summary after", "summary before"])
def test_a_hand_mapped_profile_reads_the_workbook_sheet_it_fits(
    tmp_path: Path,
    write_csv: Callable[..., Path],
    write_xlsx: Callable[..., Path],
    summary_first: bool,
) -> None:
    """The profile, saved from a text, names no sheet; the workbook's account summary is
    two columns wide, narrower than the profile's amount column 3. The profile is applied
    to the sheet its header is on, and the summary is left unread (before, the summary
    refused the mapping and with it the whole file)."""
    store = JsonProfileStore(tmp_path / "profiles.json")
    _save_by_hand(store, write_csv)
    table = [line.split(",") for line in _BY_HAND.format(month="02", first="Salary").splitlines()]
    summary = [["Account", "DE89 3704 0044 0532 0130 00"], ["Closing date", "2024-02-29"]]
    sheets = {"Summary": summary, "Transactions": table}
    if not summary_first:
        sheets = {"Transactions": table, "Summary": summary}

    result = import_statement(write_xlsx(sheets), profiles=store)

    assert result.layout is not None
    assert (result.layout.profile, result.layout.sheet, result.layout.header_row) == (
        "Hand bank",
        "Transactions",
        2,
    )
    assert [(line.row, str(line.amount), line.description) for line in result.lines] == [
        (3, "800.00", "Salary"),
        (5, "4.50", "Coffee"),
    ]
    assert (
        "sheet 'Summary' not read: saved profile 'Hand bank' found its header on sheet "
        "'Transactions'"
    ) in dict(result.layout.evidence)["sheet"]
