"""The evidence names a column without a header by its number ("column 3", 1-based as the
wizard and the refusals count), and a headed one by its quoted header ("column 'Betrag'"):
the roles' evidence said "column 'column 3'", quoting a name the file does not have."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.statements import AmountStyle, Mapping, import_statement

SIGNED = "".join(
    f"{day:02d}.01.2024;Payment {day} to supplier number {day};-{day},50;EUR\n"
    for day in (3, 9, 15, 21)
)
PAIR = (
    "03.01.2024,Rent for January,800.00,\n"
    "09.01.2024,Salary for December,,2500.00\n"
    "15.01.2024,Groceries at market,45.20,\n"
    "21.01.2024,Refund from shop,,12.00\n"
)
BALANCE = (
    "2024-01-03,Rent for January,-800.00,1200.00\n"
    "2024-01-09,Salary for December,2500.00,3700.00\n"
    "2024-01-15,Groceries at market,-45.20,3654.80\n"
    "2024-01-21,Refund from shop,12.00,3666.80\n"
)
INDICATOR = (
    "2024-01-03,Rent for January,800.00,D\n"
    "2024-01-09,Salary for December,2500.00,C\n"
    "2024-01-15,Groceries at market,45.20,D\n"
    "2024-01-21,Refund from shop,12.00,C\n"
)


def _evidence(path: Path, mapping: Mapping | None = None) -> dict[str, tuple[str, ...]]:
    result = import_statement(path, mapping=mapping)
    assert result.layout is not None
    assert result.layout.header_row is None
    return dict(result.layout.evidence)


def _no_quoted_number(evidence: dict[str, tuple[str, ...]]) -> None:
    said = [line for lines in evidence.values() for line in lines]
    assert not [line for line in said if "'column" in line]


def test_a_signed_files_roles_name_its_columns_by_number(
    write_csv: Callable[..., Path],
) -> None:
    evidence = _evidence(write_csv(SIGNED))
    assert evidence["dates"] == ("booking date: column 1 (4 of 4 transaction rows have a date)",)
    assert evidence["text"] == ("description: column 2, the longest text",)
    assert evidence["amount"] == ("amount: column 3 (signed amounts on 4 of 4 rows)",)
    assert evidence["decimal_marks"] == (
        "column 3: 4 of 4 values parse as amounts with decimal comma (4 settle it)",
    )
    assert evidence["currency"] == ("currency: column 4 (EUR)",)
    _no_quoted_number(evidence)


def test_a_debit_and_credit_pair_is_named_by_number(write_csv: Callable[..., Path]) -> None:
    evidence = _evidence(write_csv(PAIR))
    said = (
        "amount: column 3 (debit) and column 4 (credit) are never both filled and together "
        "cover 4 of 4 rows"
    )
    assert evidence["amount"] == (said,)
    _no_quoted_number(evidence)


def test_a_running_balance_is_named_by_number(write_csv: Callable[..., Path]) -> None:
    evidence = _evidence(write_csv(BALANCE))
    assert evidence["amount"][0].startswith("amount: column 3; column 4 is its running balance (")
    _no_quoted_number(evidence)


def test_an_indicator_is_named_by_number(write_csv: Callable[..., Path]) -> None:
    evidence = _evidence(write_csv(INDICATOR))
    assert (
        "amount: column 3 is unsigned; column 4 gives the sign (c +, d -)" in (evidence["amount"])
    )
    _no_quoted_number(evidence)


def test_a_mapped_balance_and_indicator_are_named_by_number(
    write_csv: Callable[..., Path],
) -> None:
    """The roles a mapping gives, where their column has no header."""
    balance = _evidence(write_csv(BALANCE), Mapping(columns={"date": 1, "amount": 3, "balance": 4}))
    assert balance["amount"][-1].startswith("balance: column 4 set by the mapping (")
    _no_quoted_number(balance)
    signs = Mapping(columns={"amount": 3}, indicator_signs={"D": -1, "C": 1})
    result = import_statement(write_csv(INDICATOR, name="signs.csv"), mapping=signs)
    assert result.layout is not None
    assert result.layout.amount_style is AmountStyle.INDICATOR
    indicator = dict(result.layout.evidence)
    assert any(
        line.endswith("indicator: column 4 (the one holding the mapping's marks)")
        for line in indicator["amount"]
    ), indicator["amount"]
    _no_quoted_number(indicator)


def test_a_headed_column_is_still_quoted(write_csv: Callable[..., Path]) -> None:
    path = write_csv("Datum;Text;Betrag;Währung\n" + SIGNED)
    evidence = dict(import_statement(path).layout.evidence)  # type: ignore[union-attr]
    assert evidence["dates"][0].startswith("booking date: column 'Datum' (")
    assert evidence["amount"] == ("amount: column 'Betrag' (4 of 4 rows)",)
    assert evidence["decimal_marks"][0].startswith("column 'Betrag': 4 of 4 values")


@pytest.mark.parametrize(("text", "amount"), [(SIGNED, "column 3"), (PAIR, "column 3 (debit)")])
def test_the_commands_json_evidence_names_a_headerless_column_by_number(
    write_csv: Callable[..., Path], capsys: pytest.CaptureFixture[str], text: str, amount: str
) -> None:
    assert main(["statement", str(write_csv(text))]) == 0
    evidence = json.loads(capsys.readouterr().out)["layout"]["evidence"]
    assert evidence["dates"][0].startswith("booking date: column 1 (")
    assert evidence["amount"][0].startswith(f"amount: {amount} ")
    assert "'column" not in json.dumps(evidence)
