"""A running balance the layout's inference found whole is not added up again.

The fit that chooses the balance column counts every step over the column's values; the
lines are then built from the same values, and ``chain_breaks`` is told so by a
``ProvenChain`` instead of adding 200,000 decimals again. These tests pin both sides: the
proof is taken for lines of equal values, and never for any other lines, so no break a
check would report is hidden.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.domain import StatementLine
from desktop_app.statements import import_statement
from desktop_app.statements.analysis import SheetAnalysis, analyse_sheet
from desktop_app.statements.balance import Chain, ProvenChain, chain_breaks
from desktop_app.statements.grid import Sheet, Table
from desktop_app.statements.infer import infer_layout
from desktop_app.statements.layout import Layout
from desktop_app.statements.mapping import Mapping

AMOUNTS = [Decimal("10.00"), Decimal("-2.50"), Decimal("4.00"), Decimal("-1.00")]
BALANCES: list[Decimal | None] = [
    Decimal("110.00"),
    Decimal("107.50"),
    Decimal("111.50"),
    Decimal("110.50"),
]


def _lines(amounts: Sequence[Decimal], balances: Sequence[Decimal | None]) -> list[StatementLine]:
    return [
        StatementLine(
            "s.csv", row, dt.date(2025, 1, row), amount, "EUR", balance=balance, raw=(str(amount),)
        )
        for row, (amount, balance) in enumerate(zip(amounts, balances, strict=True), start=2)
    ]


def _breaks(
    amounts: list[Decimal], balances: list[Decimal | None], proven: ProvenChain | None
) -> list[int | None]:
    lines = _lines(amounts, balances)
    found = chain_breaks(
        lines, Chain.AFTER_OLDEST_FIRST, "Balance", (amounts, balances), None, proven
    )
    return [warning.row for warning in found]


def test_a_proven_reading_over_equal_values_is_not_added_up_again() -> None:
    """The proof is trusted for lines of the very values it counted: here it claims a
    chain these values break, which only a check that skipped the sums would believe."""
    broken = [*BALANCES[:3], Decimal("999.00")]
    assert _breaks(AMOUNTS, broken, None) == [5]
    claimed = ProvenChain(Chain.AFTER_OLDEST_FIRST, list(AMOUNTS), list(broken))
    assert _breaks(list(AMOUNTS), list(broken), claimed) == []


@pytest.mark.parametrize(
    ("amounts", "balances"),
    [
        ([Decimal("10.00"), Decimal("2.50"), Decimal("4.00"), Decimal("-1.00")], BALANCES),
        (AMOUNTS, [*BALANCES[:3], Decimal("111.50")]),
        (AMOUNTS[:3], BALANCES[:3]),
    ],
    ids=["a sign swapped", "a balance changed", "a line fewer"],
)
def test_a_proof_of_other_values_hides_no_break(
    amounts: list[Decimal], balances: list[Decimal | None]
) -> None:
    """Lines whose values are not those proven are checked the usual way: the proof of
    the statement as read says nothing of the lines after a sign or a row changed."""
    proof = ProvenChain(Chain.AFTER_OLDEST_FIRST, AMOUNTS, BALANCES)
    assert _breaks(list(amounts), list(balances), proof) == _breaks(
        list(amounts), list(balances), None
    )
    assert not proof.covers(Chain.AFTER_OLDEST_FIRST, amounts, balances)


def test_a_proof_of_another_reading_is_not_taken() -> None:
    """Newest first, the same values break at every step: a proof of the usual reading
    says nothing of it."""
    proof = ProvenChain(Chain.AFTER_OLDEST_FIRST, AMOUNTS, BALANCES)
    lines = _lines(AMOUNTS, BALANCES)
    money = (AMOUNTS, BALANCES)
    newest_first = chain_breaks(lines, Chain.AFTER_NEWEST_FIRST, "Balance", money, None, proof)
    assert [warning.row for warning in newest_first] == [3, 4, 5]


def _rows(count: int, *, break_at: int | None = None) -> list[list[str]]:
    rows = [["Date", "Description", "Amount", "Balance"]]
    balance = Decimal("1000.00")
    for index in range(count):
        amount = Decimal((index * 37) % 500 - 250) + Decimal("0.25")
        balance += amount
        stated = balance + 1 if index == break_at else balance
        day = dt.date(2025, 1, 1) + dt.timedelta(days=index // 20)
        rows.append([day.strftime("%d/%m/%Y"), f"Payment {index}", str(amount), str(stated)])
    return rows


def _inferred(rows: list[list[str]]) -> tuple[SheetAnalysis, Layout]:
    sheet = Sheet(None, [tuple(row) for row in rows], range(1, len(rows) + 1))
    analysis = analyse_sheet(sheet)
    return analysis, infer_layout(analysis, Table("csv", (sheet,)), Mapping(), None)


def test_inference_records_the_whole_chain_it_found_on_the_balance_column() -> None:
    analysis, layout = _inferred(_rows(300))
    assert layout.balance == 3
    proof = analysis.scans[3].proven_chain
    assert proof is not None
    assert proof.chain is layout.balance_chain is Chain.AFTER_OLDEST_FIRST
    assert len(proof.balances) == 300


def test_inference_records_no_proof_where_a_step_breaks() -> None:
    analysis, layout = _inferred(_rows(300, break_at=150))
    assert layout.balance == 3
    assert analysis.scans[3].proven_chain is None


@contextlib.contextmanager
def _never_proven() -> Iterator[None]:
    """The import as it was before the proof: every chain added up."""

    def refuse(self: ProvenChain, *args: object) -> bool:
        return False

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(ProvenChain, "covers", refuse)
        yield


@pytest.mark.parametrize(
    ("break_at", "mapping"),
    [
        (None, None),
        (150, None),
        (None, Mapping(invert_sign=True)),
        (150, Mapping(invert_sign=True)),
    ],
    ids=["whole", "one break", "signs inverted", "signs inverted, one break"],
)
def test_the_import_says_what_it_said_without_the_proof(
    write_csv: Callable[..., Path],
    break_at: int | None,
    mapping: Mapping | None,
) -> None:
    text = "".join(",".join(row) + "\n" for row in _rows(300, break_at=break_at))
    path = write_csv(text, "statement.csv")
    result = import_statement(path, mapping=mapping)
    with _never_proven():
        expected = import_statement(path, mapping=mapping)
    assert result.warnings == expected.warnings
    assert result.lines == expected.lines
    breaks = [warning.row for warning in result.warnings if "breaks" in warning.message]
    if break_at is None and mapping is None:
        assert breaks == []
    if break_at is not None and mapping is None:
        assert breaks == [break_at + 2, break_at + 3]  # into the wrong balance and out of it
