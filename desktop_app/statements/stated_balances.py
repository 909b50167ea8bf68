"""Opening and closing balances that a statement states around its table.

"Kontostand vom 09.12.2025: 4.093,32 €", "Balance at start of period ... +30000,77": rows
outside the table with a balance word and an amount, and the dated balance rows of the
table itself ("Anfangssaldo", "Endsaldo") that lie before the first or after the last
line. Arithmetic decides which is which when two are stated (opening + movements =
closing); words decide otherwise. Statements whose stated balances do not add up are
reported: a line is missing or misread. A balance stated between the lines (a month's
closing balance) is a point the movements must pass through, and is checked as one.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop_app.domain import StatementLine, balance_lines, main_currency
from desktop_app.domain.money import plain_amount
from desktop_app.statements.bridge import Bridge, bridged, total
from desktop_app.statements.grid import Row, Sheet, cell_text
from desktop_app.statements.header_words import fold
from desktop_app.statements.numbers import Vote, analyse_amount
from desktop_app.wording import counted

_BALANCE = re.compile(r"saldo|balance|solde|kontostand|balans|brought forward")
_NOT_LEDGER = re.compile(
    r"available|verfugbar|disponible|disponibile|beschikbaar|limit|overdraft|dispo"
)
_OPENING = re.compile(
    r"opening|start|brought forward|previous|prior|\bold\b|anfang|\balte?r?\b|ursprunglich|"
    r"vorherig|vorig|vortrag|eroffnung|initial|precedent|anterieur|ancien|ouverture|debut|"
    r"iniziale|inicial|anterior|apertura|begin|oud saldo|ingaende"
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
    # Whether ``opening`` plus the movements is ``closing``: arithmetic chose which is
    # which, whatever their words say (``as_labelled``).
    ties: bool = False


def as_labelled(stated: StatedBalances) -> bool:
    """Whether the stated balances add up with the one their words call the opening first
    ("Opening balance" + the movements = "Closing balance"): arithmetic alone may take
    the closing balance for the opening, as it does where every balance is negated the
    wrong way (``balance_sign.by_stated``)."""
    opening, closing = stated.opening, stated.closing
    if not stated.ties or opening is None or closing is None:
        return False
    return bool(_OPENING.search(fold(opening.label))) and not _OPENING.search(fold(closing.label))


def stated_balances(
    sheet: Sheet,
    outside: Sequence[int],
    lines: Sequence[StatementLine],
    decimal_mark: str,
    said: Mapping[int, StatedBalance] | None = None,
    *,
    negate: bool = False,
) -> StatedBalances:
    """``said`` holds, by row, the balances of rows the lines were read without: their
    amount was read with the table's conventions (an S/H column, a debit column), which
    the cells after a balance word do not tell. ``negate`` negates the balances read after
    a balance word, where the layout negates its balance column's (``said`` is signed
    already: ``Layout.negates_balances``): a file states its balances from one side, and
    the stated opening plus the movements must reach the stated closing."""
    said = said or {}
    numbers = sheet.row_numbers
    found = [
        balance
        for index in outside
        if (balance := said.get(numbers[index]) or balance_in(sheet, index, decimal_mark, negate))
    ]
    if not found:
        return StatedBalances()
    moving = bridged(lines)  # in the statement's currency: never two currencies added
    moved = total(moving)
    currency = main_currency(lines)

    def shown(amount: Decimal) -> str:  # a worksheet's 90 is said "90.00", as a break says it
        return plain_amount(amount, currency)

    for opening in found:
        for closing in found:
            if opening is not closing and Bridge(opening.amount, moved, closing.amount).ties:
                return StatedBalances(
                    opening,
                    closing,
                    f"stated balances: {opening.label} {shown(opening.amount)} (row "
                    f"{opening.row}) + {counted(len(moving), 'movement')} {shown(moved)} = "
                    f"{closing.label} {shown(closing.amount)} (row {closing.row})",
                    ties=True,
                )
    openings = [balance for balance in found if _OPENING.search(fold(balance.label))]
    closings = [balance for balance in found if balance not in openings]
    first_opening = openings[0] if openings else None
    last_closing = closings[-1] if closings else None
    evidence = "stated balances: " + ", ".join(
        f"{b.label} {shown(b.amount)} (row {b.row})" for b in found
    )
    mismatch = None
    if first_opening is not None and last_closing is not None:
        bridge = Bridge(first_opening.amount, moved, last_closing.amount)
        mismatch = (
            f"the stated balances do not add up: {first_opening.label} "
            f"{shown(first_opening.amount)} + movements {shown(moved)} = "
            f"{shown(bridge.expected)}, but {last_closing.label} says "
            f"{shown(last_closing.amount)} (a line may be missing or misread)"
        )
    return StatedBalances(first_opening, last_closing, evidence, mismatch)


def balance_in(sheet: Sheet, index: int, decimal_mark: str, negate: bool) -> StatedBalance | None:
    """The balance the row states: a cell with a balance word, and the first amount after
    it (a bare integer there is more likely a date or a count, and is passed over),
    negated where ``negate`` says (``Layout.negates_balances``)."""
    row: Row = sheet.rows[index]
    texts = [cell_text(cell).strip() for cell in row]
    for position, text in enumerate(texts):
        folded = fold(text)
        if not folded or not _BALANCE.search(folded) or _NOT_LEDGER.search(folded):
            continue
        for candidate in texts[position + 1 :]:
            amount = written_amount(candidate, decimal_mark)
            if amount is not None:
                amount = -amount if negate else amount
                return StatedBalance(sheet.row_numbers[index], text.rstrip(": "), amount)
    return None


def written_amount(text: str, decimal_mark: str) -> Decimal | None:
    """The amount ``text`` states as a balance: a decimal mark it shows itself decides its
    reading, else ``decimal_mark``; None for a bare whole number, which beside a balance
    word is more likely a date or a count."""
    analysed = analyse_amount(text)
    if analysed is None or (analysed.vote is Vote.NONE and not analysed.currency):
        return None  # a bare integer next to a balance word is more likely a date or a count
    mark = {Vote.DOT: ".", Vote.COMMA: ","}.get(analysed.vote, decimal_mark)
    return analysed.value(mark)


def interim_breaks(
    interim: Sequence[StatedBalance],
    lines: Sequence[StatementLine],
    opening: StatedBalance | Decimal | None,
    closing: StatedBalance | Decimal | None,
    newest_first: bool,
) -> list[tuple[int, str]]:
    """Where a balance stated between the lines does not follow from the balance before
    it (the opening balance or an earlier one) and the lines in between, or the next one
    from it: (row, message) for each, so the message narrows a missing or misread line
    down to the lines between two balances. Nothing is said where no neighbouring balance
    is known.

    The balances are the statement's, in its currency: the lines between two of them
    move it as they move its bridge (``balance_lines`` of the currency ``bridged`` takes),
    so a card payment abroad between two balances is not added to pounds; the message
    counts it apart."""
    if not interim:
        return []
    currency = main_currency(lines)
    top, bottom = _anchor(opening, "the opening balance"), _anchor(closing, "the closing balance")
    if newest_first:
        top, bottom = bottom, top
    ordered = sorted(interim, key=lambda balance: balance.row)
    points = [top, *(_Point(b.row, b.label, b.amount, between=True) for b in ordered), bottom]
    rows = [line.row for line in lines]
    cuts = [0, *(bisect.bisect_left(rows, balance.row) for balance in ordered), len(lines)]
    breaks: list[tuple[int, str]] = []
    for (upper, lower), (begin, end) in zip(
        itertools.pairwise(points), itertools.pairwise(cuts), strict=True
    ):
        earlier, later = (lower, upper) if newest_first else (upper, lower)
        if earlier.amount is None or later.amount is None:
            continue
        moving = balance_lines(lines[begin:end], currency)
        movements = total(moving)
        expected = earlier.amount + movements
        if expected == later.amount:
            continue
        row = later.row if later.between else earlier.row
        assert row is not None  # of two neighbouring points, one is stated between the lines
        count = counted(len(moving), "line")
        other = end - begin - len(moving)
        if other:
            count += f" ({counted(other, 'line')} in another currency not counted)"
        text = (
            f"{later.text(currency)} does not follow from {earlier.text(currency)} and the "
            f"movements between them, {plain_amount(movements, currency)} in {count}: "
            f"{plain_amount(expected, currency)} was "
            "expected (a line may be missing or misread)"
        )
        breaks.append((row, text))
    return breaks


@dataclass(frozen=True, slots=True)
class _Point:
    """A balance the lines pass through: stated in a row, or the statement's own."""

    row: int | None
    label: str
    amount: Decimal | None
    between: bool = False

    def text(self, currency: str | None = None) -> str:
        """The balance as a message names it, its amount to ``currency``'s decimals."""
        where = "" if self.row is None else f" (row {self.row})"
        shown = "" if self.amount is None else plain_amount(self.amount, currency)
        return f"{self.label} {shown}{where}"


def _anchor(balance: StatedBalance | Decimal | None, label: str) -> _Point:
    if isinstance(balance, StatedBalance):
        return _Point(balance.row, balance.label, balance.amount)
    return _Point(None, label, balance)
