"""A file's money conventions: the decimal mark of each money column and the currency.

The currency is taken, in this order, from the mapping, from symbols or codes written in the
amount cells, from the amount column's header ("Betrag (€)"), and from the rows around the
table ("Währung: EUR", a DATEV header record); otherwise the file does not say and the
caller's default applies.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.domain import minor_units
from desktop_app.statements import preamble
from desktop_app.statements.amount_roles import AmountRoles
from desktop_app.statements.analysis import SheetAnalysis
from desktop_app.statements.currency_marks import currency_in_text, resolve_currency
from desktop_app.statements.decimal_marks import (
    MarkDecision,
    decide_column_mark,
    decide_open_mark,
    file_mark,
)
from desktop_app.statements.grid import Sheet, Table
from desktop_app.statements.mapping import Mapping
from desktop_app.statements.roles import ColumnView
from desktop_app.wording import counted

# A file that states no currency: the fact, and what to do about it as the command line
# says it (its JSON evidence, ``reconcile``); the window's import wizard says its own
# (``ui/backend/statement_backend``), where there is a Currency box to choose in.
NO_CURRENCY = "the file does not say; none read"
NO_CURRENCY_REMEDY = (
    "(choose one for its lines: the import wizard's Currency, or reconcile's --currency)"
)


def decimal_marks(
    analysis: SheetAnalysis, views: list[ColumnView], table: Table, mapping: Mapping
) -> tuple[dict[int, str], dict[int, str], dict[int, tuple[str, str]]]:
    """Each text-money column's decimal mark, and the evidence per column (reported later
    for the columns that turn out to hold the money); last, the columns whose mark is a
    guess, each as the evidence names it with a value that reads with either mark."""
    text_money = [view for view in views if view.stats.amounts and sum(view.stats.votes.values())]
    if mapping.decimal_mark is not None:
        analysis.note(
            "decimal_marks", f"{mapping.decimal_mark!r} for every column ({mapping.set_by})"
        )
        return {view.index: mapping.decimal_mark for view in text_money}, {}, {}
    own: dict[int, MarkDecision] = {}
    for view in text_money:
        decision = decide_column_mark(view.called, view.stats)
        if decision is not None:
            own[view.index] = decision
    shared = file_mark(list(own.values()))
    currencies = [resolve_currency(token)[0] for view in views for token in view.stats.currencies]
    decimals = {minor_units(code) for code in currencies if code}
    currency_decimals = decimals.pop() if len(decimals) == 1 else None
    marks: dict[int, str] = {}
    notes: dict[int, str] = {}
    guessed: dict[int, tuple[str, str]] = {}
    for view in text_money:
        decision = own.get(view.index) or decide_open_mark(
            view.called, view.stats, shared, currency_decimals, table.delimiter
        )
        marks[view.index] = decision.mark
        notes[view.index] = decision.evidence
        if not decision.decided and view.stats.examples:
            guessed[view.index] = (view.called, view.stats.examples[0])
    return marks, notes, guessed


def file_currency(
    analysis: SheetAnalysis,
    views: list[ColumnView],
    roles: AmountRoles,
    sheet: Sheet,
    header_index: int | None,
    mapping: Mapping,
    currency_column: int | None,
    currency_note: str | None,
) -> str | None:
    mapped = mapped_currency(analysis, mapping)
    if mapped is not None:
        return mapped
    if currency_note:
        analysis.note("currency", currency_note)
    written = _currency_written(analysis, views, roles)
    if written is not None:
        return written
    rows = views[roles.money_columns[0]].stats.row_indexes if roles.money_columns else []
    found = currency_around(analysis, sheet, header_index, rows)
    if found is not None:
        return found
    if currency_column is None:
        analysis.note("currency", f"{NO_CURRENCY} {NO_CURRENCY_REMEDY}")
    return None


def _currency_written(
    analysis: SheetAnalysis, views: list[ColumnView], roles: AmountRoles
) -> str | None:
    """A currency in the money cells ('£99.99', '579,68 USD') or in their header."""
    for index in roles.money_columns:
        view = views[index]
        if view.stats.currencies:
            token, count = view.stats.currencies.most_common(1)[0]
            code, note = resolve_currency(token)
            text = f"{code} from '{token}' in {counted(count, 'cell')} of {view.quoted}"
            analysis.note("currency", text + (f"; {note}" if note else ""))
            return code
        named = header_currency(analysis, view.name)
        if named is not None:
            return named
    return None


def mapped_currency(analysis: SheetAnalysis, mapping: Mapping) -> str | None:
    """The mapping's currency, noted as its."""
    if mapping.currency is None:
        return None
    analysis.note("currency", f"{mapping.currency} ({mapping.set_by})")
    return mapping.currency.upper()


def header_currency(analysis: SheetAnalysis, header: str) -> str | None:
    """The currency a money column's ``header`` names ('Betrag (€)'), noted."""
    named = currency_in_text(header)
    if named is None:
        return None
    code, note = resolve_currency(named)
    text = f"{code} from the header '{header}'"
    analysis.note("currency", text + (f"; {note}" if note else ""))
    return code


def currency_around(
    analysis: SheetAnalysis, sheet: Sheet, header_index: int | None, rows: Sequence[int]
) -> str | None:
    """The currency the rows around the table (not ``rows``) name: 'Währung: EUR', a
    DATEV header record; noted."""
    found = preamble.currency_outside_table(sheet, header_index, rows)
    if found is None:
        return None
    analysis.note("currency", f"{found[0]} from {found[1]}")
    return found[0]
