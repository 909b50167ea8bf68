"""A mapping that says how amounts are signed, and leaves finding them to detection.

Swiss and German banks write an unsigned amount beside 'Belastung' (a charge) or
'Gutschrift' (a credit). A mapping naming only that column, or only its marks and their
signs, used to be dropped without a word: every charge came in as money received.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.statements import StatementImportError, idle_rows, import_statement
from desktop_app.statements.balance import ChainFit, fit_chain
from desktop_app.statements.layout import AmountStyle
from desktop_app.statements.mapping import Mapping

SIGNS = {"Belastung": -1, "Gutschrift": 1}
ROWS = (
    "Datum;Text;Umsatz;Art",
    "05.01.2025;Miete;100,00;Belastung",
    "07.01.2025;Gehalt;2000,00;Gutschrift",
    "09.01.2025;Strom;50,00;Belastung",
)
SIGNED = [Decimal("-100.00"), Decimal("2000.00"), Decimal("-50.00")]


def _statement(tmp_path: Path, rows: tuple[str, ...] = ROWS) -> Path:
    path = tmp_path / "konto.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "mapping",
    [
        Mapping(columns={"indicator": "Art"}, indicator_signs=SIGNS),
        Mapping(indicator_signs=SIGNS),
        Mapping(columns={"indicator": "Art"}),
        None,
    ],
    ids=["column-and-signs", "signs-only", "column-only", "no-mapping"],
)
def test_charges_beside_belastung_are_money_out(tmp_path: Path, mapping: Mapping | None) -> None:
    result = import_statement(_statement(tmp_path), mapping=mapping)

    assert [line.amount for line in result.lines] == SIGNED
    assert result.layout.amount_style is AmountStyle.INDICATOR
    assert result.layout.indicator == 3
    assert result.warnings == ()


def test_the_mapping_signs_win_over_the_marks_detection_knows(tmp_path: Path) -> None:
    """'S'/'H' read as debit/credit by detection; a mapping saying otherwise is followed."""
    rows = ("Datum;Text;Umsatz;SH", "05.01.2025;Miete;100,00;S", "07.01.2025;Gehalt;20,00;H")
    mapping = Mapping(indicator_signs={"S": 1, "H": -1})

    result = import_statement(_statement(tmp_path, rows), mapping=mapping)

    assert [line.amount for line in result.lines] == [Decimal("100.00"), Decimal("-20.00")]


UNKNOWN_MARKS = (
    "Datum;Text;Umsatz;Art",
    "05.01.2025;Miete;100,00;Abbuchung",
    "07.01.2025;Gehalt;2000,00;Einzahlung",
    "09.01.2025;Strom;50,00;Abbuchung",
)


def test_marks_detection_does_not_know_find_their_column_by_the_mapping(tmp_path: Path) -> None:
    mapping = Mapping(indicator_signs={"Abbuchung": -1, "Einzahlung": 1})

    result = import_statement(_statement(tmp_path, UNKNOWN_MARKS), mapping=mapping)

    assert [line.amount for line in result.lines] == SIGNED
    assert result.layout.indicator == 3


def test_signs_no_column_holds_are_refused_naming_them(tmp_path: Path) -> None:
    mapping = Mapping(indicator_signs={"Zahlung": -1, "Eingang": 1})

    with pytest.raises(StatementImportError) as refused:
        import_statement(_statement(tmp_path, UNKNOWN_MARKS), mapping=mapping)

    assert str(refused.value) == (
        "konto.csv: the mapping does not fit: no column holds the indicator_signs marks "
        "(eingang, zahlung); name the indicator column in 'columns'"
    )


WITH_BALANCE = (
    "Datum;Text;Umsatz;Art;Saldo",
    "05.01.2025;Miete;100,00;Belastung;900,00",
    "07.01.2025;Gehalt;2000,00;Gutschrift;2900,00",
    "09.01.2025;Strom;50,00;Belastung;2850,00",
)
AMOUNT_FOUND = "amount: column 'Umsatz' (3 of 3 rows)"
STEPS = "(balance after each row, oldest first; 2 of 2 steps add up)"
BY_PROFILE = "set by the saved profile 'Hausbank'"


def _marks_said(column_by: str, signs_by: str) -> str:
    return (
        f"indicator: column 'Art' ({column_by}) gives 'Umsatz' its sign: "
        f"belastung -, gutschrift + (signs {signs_by})"
    )


@pytest.mark.parametrize(
    ("mapping", "marks_said", "balance_said"),
    [
        (
            Mapping(columns={"indicator": "Art"}, indicator_signs=SIGNS),
            _marks_said("set by the mapping", "set by the mapping"),
            f"balance: column 'Saldo' {STEPS}",
        ),
        (
            Mapping(indicator_signs=SIGNS),
            _marks_said("the one holding the mapping's marks", "set by the mapping"),
            f"balance: column 'Saldo' {STEPS}",
        ),
        (
            Mapping(columns={"indicator": "Art"}),
            _marks_said("set by the mapping", "read from its marks"),
            f"balance: column 'Saldo' {STEPS}",
        ),
        (
            Mapping(columns={"indicator": "Art", "balance": "Saldo"}, profile="Hausbank"),
            _marks_said(BY_PROFILE, "read from its marks"),
            f"balance: column 'Saldo' {BY_PROFILE} {STEPS}",
        ),
    ],
    ids=["column-and-signs", "signs-only", "column-only", "column-and-balance-by-a-profile"],
)
def test_the_evidence_says_the_mapping_set_only_the_columns_it_named(
    tmp_path: Path, mapping: Mapping, marks_said: str, balance_said: str
) -> None:
    """The amount and a balance the mapping leaves to detection are said found as
    detection finds them; only the marks' column and signs it gives are said set by it."""
    result = import_statement(_statement(tmp_path, WITH_BALANCE), mapping=mapping)

    assert [line.amount for line in result.lines] == SIGNED
    assert result.layout is not None
    assert dict(result.layout.evidence)["amount"] == (AMOUNT_FOUND, marks_said, balance_said)


UNKNOWN_MARKS_WITH_BALANCE = (
    "Datum;Text;Umsatz;Art;Saldo",
    "05.01.2025;Miete;100,00;Abbuchung;900,00",
    "07.01.2025;Zins;20,00;Einzahlung;920,00",
    "08.01.2025;Strom;30,00;Abbuchung;890,00",
    "09.01.2025;Rabatt;5,00;Einzahlung;895,00",
    "10.01.2025;Gebühr;1,00;Abbuchung;894,00",
)


def test_the_running_balance_is_fitted_to_the_amounts_the_mappings_marks_sign(
    tmp_path: Path,
) -> None:
    """Detection reads no sign in 'Abbuchung': fitted to the unsigned amounts, 'Saldo'
    broke on half its steps and was dropped. Fitted to the amounts the mapping's marks
    sign, it is the running balance."""
    mapping = Mapping(indicator_signs={"Abbuchung": -1, "Einzahlung": 1})

    result = import_statement(_statement(tmp_path, UNKNOWN_MARKS_WITH_BALANCE), mapping=mapping)

    assert [line.amount for line in result.lines] == [
        Decimal(text) for text in ("-100.00", "20.00", "-30.00", "5.00", "-1.00")
    ]
    assert result.layout is not None
    assert result.layout.balance == 4
    assert (result.opening_balance, result.closing_balance) == (
        Decimal("1000.00"),
        Decimal("894.00"),
    )
    assert result.warnings == ()


@pytest.mark.parametrize(
    "mapping",
    [
        Mapping(columns={"indicator": "Art"}, indicator_signs=SIGNS),
        Mapping(indicator_signs=SIGNS),
        Mapping(columns={"indicator": "Art"}),
        Mapping(columns={"balance": "Saldo"}, indicator_signs=SIGNS),
        Mapping(columns={"balance": "Saldo"}),
        None,
    ],
    ids=[
        "column-and-signs",
        "signs-only",
        "column-only",
        "signs-and-balance",
        "balance-only",
        "no-mapping",
    ],
)
def test_the_running_balance_is_fitted_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mapping: Mapping | None
) -> None:
    """The amount is chosen with the mapping's marks, so its balance is fitted once, as
    without a mapping, not fitted to detection's marks and then again to the mapping's; a
    balance column the mapping names is fitted by the mapping alone."""
    fits: list[int] = []

    def counted(amounts: Sequence[Decimal | None], balances: Sequence[Decimal | None]) -> ChainFit:
        fits.append(len(balances))
        return fit_chain(amounts, balances)

    monkeypatch.setattr(idle_rows, "fit_chain", counted)

    result = import_statement(_statement(tmp_path, WITH_BALANCE), mapping=mapping)

    assert [line.amount for line in result.lines] == SIGNED
    assert result.layout is not None
    assert result.layout.balance == 4
    assert fits == [3]


def test_guard_a_debit_credit_pair_reads_as_before_whatever_marks_the_mapping_gives(
    tmp_path: Path,
) -> None:
    """Guard: the mapping's marks are looked for only where an amount column needs a
    sign; a sheet of debit/credit pairs is read as without them, as it always was."""
    rows = ("Datum;Text;Soll;Haben", "05.01.2025;Miete;100,00;", "07.01.2025;Gehalt;;2000,00")
    mapping = Mapping(indicator_signs={"Zahlung": -1, "Eingang": 1})

    result = import_statement(_statement(tmp_path, rows), mapping=mapping)

    assert [line.amount for line in result.lines] == [Decimal("-100.00"), Decimal("2000.00")]
    assert result.layout is not None
    assert result.layout.amount_style is AmountStyle.DEBIT_CREDIT


def test_signs_beside_a_named_amount_column_sign_it(tmp_path: Path) -> None:
    """The mapping names the amount column and gives the marks' signs, not their column
    (a headerless export of two money columns, the movement's and the balance's): the
    marks' column is found by its marks, as where detection finds the amount. The signs
    were dropped without a word, and every debit came in as money received."""
    rows = (
        "01/03/2024;Shop;90,00;OUT;10,00",
        "02/03/2024;Salary;190,00;IN;100,00",
        "13/03/2024;Rent;140,00;OUT;50,00",
    )
    mapping = Mapping(header_row=0, columns={"amount": 5}, indicator_signs={"OUT": -1, "IN": 1})
    result = import_statement(_statement(tmp_path, rows), mapping=mapping)

    assert [line.amount for line in result.lines] == [
        Decimal("-10.00"), Decimal("100.00"), Decimal("-50.00"),
    ]  # fmt: skip
    assert (result.layout.amount_style, result.layout.indicator) == (AmountStyle.INDICATOR, 3)
    assert dict(result.layout.evidence)["amount"][0] == (
        "amount: set by the mapping; indicator: column 4 (the one holding the mapping's marks)"
    )


def test_signs_no_column_holds_beside_a_named_amount_are_refused(tmp_path: Path) -> None:
    mapping = Mapping(columns={"amount": "Umsatz"}, indicator_signs={"Af": -1, "Bij": 1})
    with pytest.raises(StatementImportError, match=r"no column holds the indicator_signs marks"):
        import_statement(_statement(tmp_path), mapping=mapping)


def test_guard_a_named_amount_and_indicator_read_their_signs_off_the_marks(
    tmp_path: Path,
) -> None:
    """Guard: a mapping naming the amount and the indicator column, not the signs, signs
    the amount by the marks the column holds, read as detection reads them, and says the
    mapping set both."""
    mapping = Mapping(columns={"amount": "Umsatz", "indicator": "Art"})

    result = import_statement(_statement(tmp_path), mapping=mapping)

    assert [line.amount for line in result.lines] == SIGNED
    assert result.layout is not None
    assert (result.layout.amount_style, result.layout.indicator) == (AmountStyle.INDICATOR, 3)
    assert result.layout.indicator_signs == (("belastung", -1), ("gutschrift", 1))
    assert dict(result.layout.evidence)["amount"] == ("amount and indicator: set by the mapping",)


def test_guard_a_named_indicator_holding_no_marks_beside_a_named_amount_is_refused(
    tmp_path: Path,
) -> None:
    mapping = Mapping(columns={"amount": "Umsatz", "indicator": "Text"})

    with pytest.raises(StatementImportError) as refused:
        import_statement(_statement(tmp_path), mapping=mapping)

    assert str(refused.value) == (
        "konto.csv: the mapping does not fit: column 2 does not hold debit/credit marks; "
        "give indicator_signs"
    )
