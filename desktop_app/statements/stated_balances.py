"""Opening and closing balances that a statement states around its table.

"Kontostand vom 09.12.2025: 4.093,32 €", "Balance at start of period ... +30000,77": rows
outside the table with a balance word and an amount. Arithmetic decides which is which
when two are stated (opening + movements = closing); words decide otherwise. Statements
whose stated balances do not add up are reported: a line is missing or misread.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain import StatementLine
from desktop_app.statements.grid import Row, Sheet, cell_text
from desktop_app.statements.header_words import fold
from desktop_app.statements.numbers import Vote, analyse_amount

_BALANCE = re.compile(r"saldo|balance|solde|kontostand|balans|brought forward")
_NOT_LEDGER = re.compile(
    r"available|verfugbar|disponible|disponibile|beschikbaar|limit|overdraft|dispo"
)
_OPENING = re.compile(
    r"opening|start of|brought forward|previous|anfang|alter kontostand|ursprunglich|"
    r"vorherig|initial|precedent|debut|iniziale|inicial|anterior|begin|oud saldo"
)


@dataclass(frozen=True, slots=True)
class StatedBalance:
    row: int
    label: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class StatedBalances:
    opening: StatedBalance | None = None
    closing: StatedBalance | None = None
    evidence: str | None = None
    mismatch: str | None = None


def stated_balances(
    sheet: Sheet, outside: Sequence[int], lines: Sequence[StatementLine], decimal_mark: str
) -> StatedBalances:
    found = [balance for index in outside if (balance := _balance_in(sheet, index, decimal_mark))]
    if not found:
        return StatedBalances()
    movements = sum((line.amount for line in lines), Decimal(0))
    for opening in found:
        for closing in found:
            if opening is not closing and opening.amount + movements == closing.amount:
                return StatedBalances(
                    opening,
                    closing,
                    f"stated balances: {opening.label} {opening.amount} (row {opening.row}) "
                    f"+ {len(lines)} movements {movements} = {closing.label} "
                    f"{closing.amount} (row {closing.row})",
                )
    openings = [balance for balance in found if _OPENING.search(fold(balance.label))]
    closings = [balance for balance in found if balance not in openings]
    first_opening = openings[0] if openings else None
    last_closing = closings[-1] if closings else None
    evidence = "stated balances: " + ", ".join(f"{b.label} {b.amount} (row {b.row})" for b in found)
    mismatch = None
    if first_opening is not None and last_closing is not None:
        mismatch = (
            f"the stated balances do not add up: {first_opening.label} {first_opening.amount} "
            f"+ movements {movements} = {first_opening.amount + movements}, but "
            f"{last_closing.label} says {last_closing.amount} (a line may be missing or misread)"
        )
    return StatedBalances(first_opening, last_closing, evidence, mismatch)


def _balance_in(sheet: Sheet, index: int, decimal_mark: str) -> StatedBalance | None:
    row: Row = sheet.rows[index]
    texts = [cell_text(cell).strip() for cell in row]
    for position, text in enumerate(texts):
        folded = fold(text)
        if not folded or not _BALANCE.search(folded) or _NOT_LEDGER.search(folded):
            continue
        for candidate in texts[position + 1 :]:
            amount = _amount(candidate, decimal_mark)
            if amount is not None:
                return StatedBalance(sheet.row_numbers[index], text.rstrip(": "), amount)
    return None


def _amount(text: str, decimal_mark: str) -> Decimal | None:
    analysed = analyse_amount(text)
    if analysed is None or (analysed.vote is Vote.NONE and not analysed.currency):
        return None  # a bare integer next to a balance word is more likely a date or a count
    mark = {Vote.DOT: ".", Vote.COMMA: ","}.get(analysed.vote, decimal_mark)
    return analysed.value(mark)
