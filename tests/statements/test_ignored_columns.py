"""Columns a mapping ignores (``Mapping.ignore``, the wizard's "(ignore)"): they take no
role whatever their header says, detection puts none on them, and the setting survives
wherever mappings are saved (``--mapping`` files and saved profiles)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements import (
    Mapping,
    StatementImportError,
    import_statement,
    profile_from_layout,
)
from desktop_app.statements.mapping import MappingError, load_mapping
from desktop_app.statements.profiles import JsonProfileStore, profile_from_json, profile_to_json


def _statement(tmp_path: Path, header: str, *rows: str, name: str = "bank.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def plain(tmp_path: Path) -> Path:
    return _statement(
        tmp_path, "Date,Description,Amount", "2024-01-02,Rent,-800.00", "2024-01-03,Coffee,-4.50"
    )


def test_an_ignored_description_column_gives_the_lines_no_description(plain: Path) -> None:
    """The header word 'Description' does not give the column its role back."""
    assert [line.description for line in import_statement(plain).lines] == ["Rent", "Coffee"]
    result = import_statement(plain, mapping=Mapping(ignore=["Description"]))
    assert [line.description for line in result.lines] == ["", ""]
    assert [line.amount for line in result.lines] == [Decimal("-800.00"), Decimal("-4.50")]
    assert result.layout is not None
    assert result.layout.description == ()
    assert 1 not in result.layout.column_roles()
    assert dict(result.layout.evidence)["ignored"] == (
        "column 'Description' has no role (set by the mapping)",
    )


def test_an_ignored_column_takes_no_role_beside_pinned_roles(plain: Path) -> None:
    """As the wizard maps a file: every role it shows pinned by number, the ignored column
    by number too; nothing is detected onto it."""
    mapping = Mapping(header_row=1, columns={"date": 1, "amount": 3}, ignore=[2])
    assert [line.description for line in import_statement(plain, mapping=mapping).lines] == [
        "",
        "",
    ]


def test_no_other_role_is_detected_onto_an_ignored_column(tmp_path: Path) -> None:
    """Ignoring the described text does not make the next longest text the description,
    and an ignored column of currency codes is not the currency column."""
    path = _statement(
        tmp_path,
        "Date,Description,Notes,Amount,Currency",
        "2024-01-02,Rent,paid by transfer,-800.00,EUR",
        "2024-01-03,Coffee,card,-4.50,EUR",
    )
    result = import_statement(path, mapping=Mapping(ignore=["Description", "Notes", "E"]))
    assert [(line.description, line.currency) for line in result.lines] == [("", None), ("", None)]
    assert result.layout is not None
    assert result.layout.currency_column is None
    assert set(result.layout.column_roles()) == {0, 3}


def test_an_ignored_balance_column_is_not_detected_as_the_balance(tmp_path: Path) -> None:
    path = _statement(
        tmp_path,
        "Date,Description,Amount,Balance",
        "2024-01-02,Salary,1000.00,1000.00",
        "2024-01-03,Rent,-800.00,200.00",
        "2024-01-04,Coffee,-4.50,195.50",
    )
    assert import_statement(path).layout.balance == 3  # type: ignore[union-attr]
    result = import_statement(path, mapping=Mapping(ignore=["Balance"]))
    assert result.layout is not None
    assert result.layout.balance is None
    assert [line.balance for line in result.lines] == [None, None, None]
    assert result.warnings == ()  # not "a balance column was not used": it was ignored


def test_a_column_both_ignored_and_given_a_role_is_refused(plain: Path) -> None:
    mapping = Mapping(columns={"description": "Description"}, ignore=["B"])
    with pytest.raises(StatementImportError) as raised:
        import_statement(plain, mapping=mapping)
    assert "column 'Description' is both ignored and the description" in str(raised.value)
    assert "take it out of 'ignore' or out of 'columns'" in str(raised.value)


def test_a_headerless_files_column_is_refused_named_as_the_mapping_gave_it(
    tmp_path: Path,
) -> None:
    """A column without a header is named as the mapping gave it ("column 2"), not as
    "column 'column 2'", which quotes a name the file does not have."""
    path = _statement(tmp_path, "2024-01-02,Salary,1000.00", "2024-01-03,Rent,-800.00")
    mapping = Mapping(columns={"description": [2]}, ignore=["B"])
    with pytest.raises(StatementImportError) as raised:
        import_statement(path, mapping=mapping)
    assert str(raised.value) == (
        "bank.csv: the mapping does not fit: column 2 is both ignored and the description; "
        "take it out of 'ignore' or out of 'columns'"
    )


@pytest.mark.parametrize(("given", "named"), [(4, "column 4"), ("D", "column D")])
def test_a_headerless_files_ignored_column_is_named_in_the_evidence_as_the_mapping_gave_it(
    tmp_path: Path, given: int | str, named: str
) -> None:
    """As its refusals name it (``named_column``), not "column 'column 4'", which quotes a
    name the file does not have."""
    path = _statement(tmp_path, "2024-01-02,Salary,1000.00,x", "2024-01-03,Rent,-800.00,y")
    result = import_statement(path, mapping=Mapping(ignore=[given]))
    assert result.layout is not None
    assert dict(result.layout.evidence)["ignored"] == (f"{named} has no role (set by the mapping)",)


@pytest.mark.parametrize(
    ("mapping", "named"),
    [
        (Mapping(ignore=[1]), "column 1"),
        (Mapping(ignore=["A"]), "column A"),
        (Mapping(ignore=[" a "]), "column a"),
    ],
)
def test_ignoring_a_headerless_files_date_column_names_it_as_the_mapping_gave_it(
    tmp_path: Path, mapping: Mapping, named: str
) -> None:
    """Detection's date column, ignored by the mapping, in a file without a header: named
    as the mapping's ``ignore`` gave it, not "column 'column 1'"."""
    path = _statement(tmp_path, "2024-01-02,Salary,1000.00", "2024-01-03,Rent,-800.00")
    with pytest.raises(StatementImportError) as raised:
        import_statement(path, mapping=mapping)
    assert str(raised.value) == (
        f"bank.csv: the mapping does not fit: the dates are in {named}, which is ignored; "
        "give the date column its role (columns.date) or stop ignoring it"
    )


@pytest.mark.parametrize(("given", "named"), [(2, "column 2"), ("B", "column B")])
def test_a_headerless_files_date_column_without_dates_is_named_as_the_mapping_gave_it(
    tmp_path: Path, given: int | str, named: str
) -> None:
    """The mapping's date column holds no date: the refusal names it as the mapping gave
    it, not "column 'column 2'"."""
    path = _statement(tmp_path, "2024-01-02,Salary,1000.00", "2024-01-03,Rent,-800.00")
    with pytest.raises(StatementImportError) as raised:
        import_statement(path, mapping=Mapping(columns={"date": given, "amount": 3}))
    assert f"no row below the header has a date in {named})" in str(raised.value)
    assert "'column" not in str(raised.value)


def test_ignoring_the_only_date_column_says_to_give_the_dates(plain: Path) -> None:
    with pytest.raises(StatementImportError) as raised:
        import_statement(plain, mapping=Mapping(ignore=["Date"]))
    assert "the dates are in column 'Date', which is ignored" in str(raised.value)


def test_an_ignored_column_that_does_not_exist_is_named(plain: Path) -> None:
    with pytest.raises(StatementImportError) as raised:
        import_statement(plain, mapping=Mapping(ignore=["Memo"]))
    assert "no column is named 'Memo'" in str(raised.value)


@pytest.mark.parametrize("bad", ["Description", [True], [["B"]], {"B": 1}])
def test_ignore_must_be_a_list_of_columns(bad: object) -> None:
    with pytest.raises(MappingError) as raised:
        Mapping.from_json({"ignore": bad})
    assert str(raised.value).startswith(
        "ignore must be a list of columns (header texts, column numbers or letters)"
    )


def test_a_mapping_file_with_ignore_round_trips(plain: Path, tmp_path: Path) -> None:
    file = tmp_path / "mapping.json"
    file.write_text(json.dumps({"ignore": ["Description", 5]}), encoding="utf-8")
    mapping = load_mapping(file)
    assert mapping.ignore == ["Description", 5]
    assert mapping.to_json() == {"ignore": ["Description", 5]}
    assert Mapping.from_json(mapping.to_json()) == mapping
    assert Mapping().to_json() == {}  # nothing ignored: nothing written


def test_a_saved_profile_keeps_its_ignored_columns(plain: Path, tmp_path: Path) -> None:
    """Saved, stored and read back, the profile ignores the column for next month's file."""
    layout = import_statement(plain).layout
    assert layout is not None
    store = JsonProfileStore(tmp_path / "profiles.json")
    store.save(profile_from_layout("Bank", layout, Mapping(ignore=["Description"])))
    saved = JsonProfileStore(tmp_path / "profiles.json").all()
    assert [profile.mapping.ignore for profile in saved] == [["Description"]]
    february = _statement(
        tmp_path,
        "Date,Description,Amount",
        "2024-02-02,Rent,-800.00",
        "2024-02-03,Tea,-3.00",
        name="bank-feb.csv",
    )
    result = import_statement(february, profiles=JsonProfileStore(tmp_path / "profiles.json"))
    assert [line.description for line in result.lines] == ["", ""]


def test_a_profile_saved_before_ignore_existed_still_loads() -> None:
    item = {
        "name": "Old bank",
        "fingerprint": "abc",
        "header": ["Date", "Description", "Amount"],
        "mapping": {"columns": {"description": "Description"}, "date_order": "DMY"},
    }
    profile = profile_from_json(item)
    assert profile.mapping.ignore == []
    assert profile_to_json(profile) == item


def test_an_ignored_value_date_column_is_no_value_date(tmp_path: Path) -> None:
    path = _statement(
        tmp_path,
        "Booking date,Value date,Description,Amount",
        "2024-01-02,2024-01-04,Rent,-800.00",
        "2024-01-03,2024-01-05,Coffee,-4.50",
    )
    assert import_statement(path).lines[0].value_date is not None
    result = import_statement(path, mapping=Mapping(ignore=["Value date"]))
    assert [line.value_date for line in result.lines] == [None, None]
    assert result.layout is not None
    assert 1 not in result.layout.column_roles()


def test_an_ignored_debit_and_credit_pair_is_not_read_as_money(tmp_path: Path) -> None:
    """With the pair ignored, the signed amount column beside it is the money."""
    path = _statement(
        tmp_path,
        "Date,Description,Debit,Credit,Amount",
        "2024-01-02,Rent,800.00,,-800.00",
        "2024-01-03,Salary,,2000.00,2000.00",
    )
    result = import_statement(path, mapping=Mapping(ignore=["Debit", "Credit"]))
    assert result.layout is not None
    roles = result.layout.column_roles()
    assert 2 not in roles
    assert 3 not in roles
    assert roles[4] == "amount"
    assert [line.amount for line in result.lines] == [Decimal("-800.00"), Decimal("2000.00")]


def test_an_ignored_debit_credit_indicator_signs_nothing(tmp_path: Path) -> None:
    """The D/C marks would sign the amounts; ignored, the amounts are read as written."""
    path = _statement(
        tmp_path,
        "Date,Description,Amount,D/C",
        "2024-01-02,Rent,800.00,D",
        "2024-01-03,Salary,2000.00,C",
    )
    assert [line.amount for line in import_statement(path).lines] == [
        Decimal("-800.00"),
        Decimal("2000.00"),
    ]
    result = import_statement(path, mapping=Mapping(ignore=["D/C"]))
    assert result.layout is not None
    assert 3 not in result.layout.column_roles()
    assert [line.amount for line in result.lines] == [Decimal("800.00"), Decimal("2000.00")]


def test_an_ignored_empty_debit_column_is_not_paired_with_the_credit_column(
    tmp_path: Path,
) -> None:
    """A month of receipts leaves the Debit column empty. The header words pair it with
    Credit all the same (an empty column may be one side of a pair); ignored, it is no
    side of one, and the credit column alone holds the money, read as written."""
    path = _statement(
        tmp_path,
        "Date,Description,Debit,Credit",
        "2024-01-02,Salary,,2000.00",
        "2024-01-03,Refund,,4.50",
        "2024-01-04,Interest,,1.25",
    )
    detected = import_statement(path).layout
    assert detected is not None
    assert (detected.debit, detected.credit) == (2, 3)
    result = import_statement(path, mapping=Mapping(ignore=["Debit"]))
    assert result.layout is not None
    assert (result.layout.debit, result.layout.credit) == (None, None)
    assert result.layout.column_roles() == {0: "date", 1: "description", 3: "amount"}
    assert [line.amount for line in result.lines] == [
        Decimal("2000.00"),
        Decimal("4.50"),
        Decimal("1.25"),
    ]
    assert result.warnings == ()
