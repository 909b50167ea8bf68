"""Rows of the table that state a balance instead of moving money.

Volksbank's "Umsatzanzeige" ends with dated "Anfangssaldo" and "Endsaldo" rows whose
balances stand in the amount and S/H columns; other banks open with a dated "Balance
brought forward" or print a month's "Saldo" between the months. Such a row has a date and
an amount, and read as a line it would add a balance to the movements. It is one only when
its text is nothing but a balance phrase, maybe with a colon or a date: "Saldo der
Abschlussposten ..." is a booking, and a payment whose description mentions a balance, or
that names a payee beside it, stays a line.

Other banks leave the amount empty and state the balance in the balance column ("Balance
carried forward" between the pages, dated or not). Such a bare row (a balance, no money)
states a balance when its text says so, or, without such text, when it is dated and its
balance is the running balance at that point: nothing moved. A dated row whose text says
a balance ("Tagessaldo", a day's closing balance) but whose balance column is blank, or
that has none (its 'Saldo' filled on such rows alone, too few to be one), states the
amount in a cell right of that text, of a column with no role. However many such rows a
statement holds (a day's balance after each day), each is a balance: a row with no money
is no payment named "Balance". Any other dated bare row may be a payment whose amount was
lost, and stays a warning.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Sequence
from decimal import Decimal

from desktop_app.statements import phrase_scan
from desktop_app.statements.converted import ConvertedColumns
from desktop_app.statements.dates import MONTHS
from desktop_app.statements.grid import Cell
from desktop_app.statements.header_words import fold
from desktop_app.statements.profile import classify, is_blank
from desktop_app.statements.stated_balances import StatedBalance, written_amount

# Every phrase below holds one of these, in any case: a column that holds none of them
# (nearly every column) is passed over after a few searches over its joined text.
_STEMS = ("saldo", "balan", "solde", "kontostand", "forward")
# Every stem holds one of these: a column whose text holds none (references, account
# numbers) is passed over by a one-character search each, not a search for every stem.
STEM_LETTERS = ("a", "o")
_LONGEST = 80  # characters: the longest phrase with a date, and then some

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"\d{1,2}(?:st|nd|rd|th|er)?"
# Dates as ``fold`` leaves them: 31.03.2024 -> "31 03 2024", 2024-03-31, 31 Mar 2024,
# March 31, 2024, "31.03." and "März 2024"; a time of day may follow.
_DATE = (
    rf"(?:\d{{1,2}} \d{{1,2}}(?: \d{{2}}| \d{{4}})?|\d{{4}} \d{{1,2}} \d{{1,2}}|\d{{8}}"
    rf"|{_DAY} (?:{_MONTH})(?: \d{{2}}| \d{{4}})?|(?:{_MONTH})(?: {_DAY})?(?: \d{{4}})?)"
    r"(?: \d{1,2} \d{2}(?: \d{2})?)?"
)
_ON = (
    r"vom|von|am|per|zum|bis|au|du|le|al|del|a|de|at|as of|as at|as on|on|op|van|en|il|"
    r"a fecha|a fecha de|en fecha|alla data del|fino al|date|datum|fecha|data"
)
_SALDO = (
    r"(?:anfangs|end|schluss|abschluss|eroffnungs|start|monats|tages|begin|eind|openings|slot"
    r"|dag|dags|alter |neuer |oud |nieuw |vorig |huidig |ingaende |utgaende )?saldo"
    r"(?: ?vortrag| (?:alt|neu|begin|eind|oud|nieuw|vorig|inicial|final|anterior|actual"
    r"|iniziale|finale|precedente|contabile|de apertura|de cierre|di apertura|di chiusura"
    r"|diario|del dia|giornaliero|del giorno))?"
)
_SOLDE = (
    r"(?:(?:ancien|nouveau) )?solde(?: (?:initial|final|precedent|anterieur|reporte|crediteur"
    r"|debiteur|comptable|d ouverture|de cloture|a nouveau|du jour|journalier|quotidien"
    r"|(?:en )?(?:de )?(?:debut|fin) de (?:periode|mois|journee)))?|report (?:de |du )?solde"
)
_BALANCE = (
    r"(?:(?:opening|closing|starting|start|beginning|ending|end|final|previous|prior|new|old"
    r"|current|ledger|booked|statement|account|daily|day end|end of day) )?balance"
    r"(?: (?:brought|carried) forward| forward| b f| c f"
    r"| at (?:the )?(?:start|end|beginning|close) of (?:the )?(?:period|statement|day|month))?"
    r"|(?:brought|carried) forward(?: balance)?"
)
_KONTOSTAND = (
    r"(?:(?:alter|neuer|aktueller|letzter|bisheriger|vorheriger|ursprunglicher) )?kontostand"
    r"(?: (?:alt|neu))?"
)
_PHRASE = re.compile(
    rf"(?:{_DATE} )?(?:{_SALDO}|{_SOLDE}|{_BALANCE}|{_KONTOSTAND}|balans)"
    rf"(?: (?:(?:{_ON}) )?{_DATE})?"
)


def balance_rows(
    columns: ConvertedColumns,
    selected: Sequence[int],
    dates: Sequence[object],
    amounts: Sequence[Decimal | None],
    start: int,
    bare: Collection[int] = (),
) -> dict[int, StatedBalance]:
    """The balance each of the ``selected`` rows (those from ``start``, the first below the
    header, with a date and an amount) or of the ``bare`` rows (no money: a balance, or a
    date) states, by sheet index in sheet order, for the rows that state one.

    The balance column's value is the balance where the row has one; else the amount,
    signed as a line's would be (an S/H or debit/credit column says an overdraft); else,
    for a bare row whose text says a balance, the amount right of that text
    (``_balance_after``). Each is negated where the layout negates the balances
    (``Layout.negates_balances``), as the lines' balances are.
    """
    analysis, layout = columns.analysis, columns.layout
    taken = {
        layout.booking_date, layout.fallback_date, layout.value_date, layout.amount,
        layout.debit, layout.credit, layout.indicator, layout.currency_column, layout.balance,
    }  # fmt: skip
    found: dict[int, int] = {}  # row -> the first column whose cell states the balance
    for index, column in enumerate(analysis.columns):
        if index in taken:
            continue
        rows = [
            row
            for row in phrase_rows(column, analysis.joined(index))
            if row >= start
            and ((dates[row] is not None and amounts[row] is not None) or row in bare)
        ]
        # A column that says the same in most rows with money ("Balance" as a funding
        # source) names a kind of payment, not the rows that state a balance. A row with
        # no money is no payment: a day's balance after each day is a balance each time.
        if sum(row not in bare for row in rows) > max(2, len(selected) // 2):
            rows = [row for row in rows if row in bare]
        for row in rows:
            found.setdefault(row, index)
    texts = (*layout.description, *layout.reference, *layout.counterparty)
    result: dict[int, StatedBalance] = {}
    for row in sorted(found):
        if not all(_says_only_a_balance(analysis.columns, index, row) for index in texts):
            continue
        stated = stated_amount(columns, amounts[row], row)
        if stated is None:  # a bare row with no balance in the balance column, or none
            stated = _balance_after(columns, row, found[row])
            if stated is None:
                continue
        label = str(analysis.columns[found[row]][row]).strip().rstrip(": ")
        result[row] = StatedBalance(analysis.sheet.row_numbers[row], label, stated)
    unlabelled = [
        row
        for row in bare
        if row not in result and dates[row] is not None and _has_balance(columns, row)
    ]
    if not unlabelled:
        return result
    label = layout.column_name(layout.balance) or "balance"  # where no text names the balance
    for row in unlabelled:
        if _is_the_running_balance(columns, selected, row):
            number = analysis.sheet.row_numbers[row]
            result[row] = StatedBalance(number, label, _stated_amount(columns, amounts, row))
    return dict(sorted(result.items()))


def _is_the_running_balance(columns: ConvertedColumns, selected: Sequence[int], row: int) -> bool:
    """Whether the bare ``row``'s balance is the one the neighbouring line leaves at that
    point: the line above's, where each row's balance is the one after it and the oldest
    comes first (or before it, newest first); else the line below's."""
    chain, balances = columns.layout.balance_chain, columns.balance
    if chain is None or balances is None:
        return False
    position = bisect.bisect_left(selected, row)
    neighbour = position - 1 if chain.from_above else position
    if not 0 <= neighbour < len(selected):
        return False  # before the first or after the last line: stated around the table
    stated = balances[selected[neighbour]]
    return stated is not None and stated == balances[row]


def is_phrase(cell: Cell) -> bool:
    """Whether the cell says nothing but a balance phrase (maybe with a colon or a date)."""
    if not isinstance(cell, str) or len(cell) > _LONGEST:
        return False
    return _PHRASE.fullmatch(fold(cell)) is not None


_BALANCE_PHRASES = phrase_scan.Phrases(_STEMS, STEM_LETTERS, is_phrase, _LONGEST)


def _says_only_a_balance(table: Sequence[Sequence[Cell]], index: int, row: int) -> bool:
    if index >= len(table):
        return True
    cell = table[index][row]
    return is_blank(cell) or is_phrase(cell)


def _stated_amount(
    columns: ConvertedColumns, amounts: Sequence[Decimal | None], row: int
) -> Decimal:
    stated = stated_amount(columns, amounts[row], row)
    assert stated is not None  # the row has a balance and no money
    return stated


def _has_balance(columns: ConvertedColumns, row: int) -> bool:
    """Whether ``row`` has a value in the balance column."""
    return columns.balance is not None and columns.balance[row] is not None


def _balance_after(columns: ConvertedColumns, row: int, phrase: int) -> Decimal | None:
    """The balance a bare row whose text (in column ``phrase``) says a balance states
    right of it, where its balance column is blank or there is none: the first amount of
    a column with no role ('Tagessaldo' and its figure in a 'Saldo' column filled on such
    rows alone, too few to be the balance column), negated where the layout negates the
    balances (``Layout.negates_balances``).
    A bare whole number written as text is passed over there, as after a balance word
    around the table (``stated_balances.written_amount``): more likely a count than a
    balance. None where no such cell holds one."""
    analysis, layout = columns.analysis, columns.layout
    roles = layout.column_roles()
    for index in range(phrase + 1, len(analysis.columns)):
        if index in roles:
            continue
        cell = analysis.columns[index][row]
        if isinstance(cell, str):
            amount = written_amount(cell, layout.money_mark)
        else:
            number = classify(cell)[1]
            amount = number if isinstance(number, Decimal) else None
        if amount is not None:
            return -amount if layout.negates_balances else amount
    return None


def stated_amount(columns: ConvertedColumns, amount: Decimal | None, row: int) -> Decimal | None:
    """The balance a balance row states: the balance column's value where the row has one,
    else its ``amount`` (signed as a line's would be); negated where the layout negates the
    balances (``Layout.negates_balances``), as the lines' balances are. None when it has
    neither."""
    stated = columns.balance[row] if columns.balance is not None else None
    if stated is None:
        stated = amount
    if stated is None:
        return None
    return -stated if columns.layout.negates_balances else stated


def phrase_rows(column: Sequence[Cell], joined: str | None = None) -> list[int]:
    """The rows whose cell is a balance phrase; ``joined``, when given, is the column's
    cells joined by NULs (``SheetAnalysis.joined``), so it is not joined again. The
    column is searched whole for the phrases' stems (``phrase_scan``): a column without
    one costs no work per row."""
    return phrase_scan.phrase_rows(column, _BALANCE_PHRASES, joined)
