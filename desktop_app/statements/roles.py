"""Column roles other than money: dates, text, currency.

Each role is proposed by the header word and accepted only when the content agrees over
the transaction rows; without a header, content alone decides (the longest text is the
description, a column of ISO codes the currency).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from desktop_app.statements.balance import currency_rows
from desktop_app.statements.column_stats import ColumnStats
from desktop_app.statements.currency_marks import currency_in_text, resolve_currency
from desktop_app.statements.grid import Cell, cell_text, pick
from desktop_app.statements.header_words import HeaderHint, Hint, Qualifier
from desktop_app.statements.layout import column_called, column_label, column_quoted
from desktop_app.statements.profile import ColumnScan
from desktop_app.wording import counted

# A booking date before a plain date before a transaction date, where headers name several.
DATE_RANK = {Hint.BOOKING_DATE: 3, Hint.DATE: 2, Hint.TRANSACTION_DATE: 1}


@dataclass(slots=True)
class ColumnView:
    index: int
    name: str
    hint: HeaderHint
    scan: ColumnScan
    stats: ColumnStats

    @property
    def label(self) -> str:
        return column_label(self.name, self.index)

    @property
    def called(self) -> str:
        """As the evidence names it: "column 'Betrag'", or "column 3" without a header."""
        return column_called(self.name, self.index)

    @property
    def quoted(self) -> str:
        """After a "column" already said: "'Betrag'", or "column 3" without a header."""
        return column_quoted(self.name, self.index)

    @property
    def coverage(self) -> float:
        return self.stats.amounts / self.stats.rows if self.stats.rows else 0.0


@dataclass(frozen=True, slots=True)
class DateRoles:
    booking: int
    fallback: int | None
    value: int | None
    columns: tuple[int, ...]  # every column read as dates (their order is decided together)
    evidence: tuple[str, ...]


def choose_dates(
    views: Sequence[ColumnView], primary: int, ignored: AbstractSet[int] = frozenset()
) -> DateRoles:
    """The booking, fallback and value date columns, among those not ``ignored``."""
    body = views[primary].stats.rows
    dated = [
        view
        for view in views
        if view.stats.dates and view.stats.date_share >= 0.8 and view.index not in ignored
    ]
    value = next((view for view in dated if _names_value_date(view)), None)
    ranked = [
        view for view in dated if not _names_value_date(view) and view.stats.dates * 2 >= body
    ]
    best = max(
        ranked,
        key=lambda view: (DATE_RANK.get(view.hint.hint, 0), view.stats.dates, -view.index),
        default=views[primary],
    )
    evidence = [
        (
            f"booking date: {best.called} ({best.stats.dates} of {body} transaction rows "
            f"have a date{_hinted(best)})"
        )
    ]
    fallback = None
    if best.index != primary and best.stats.dates < body:
        fallback = primary
        evidence.append(
            f"{counted(body - best.stats.dates, 'row')} without a date in {best.quoted} "
            f"{'uses' if body - best.stats.dates == 1 else 'use'} "
            f"{views[primary].quoted} instead"
        )
    if value is not None and value.index != best.index:
        evidence.append(f"value date: {value.called}{_dated_currency_note(value)}")
    columns = tuple(sorted({best.index, primary} | ({value.index} if value else set())))
    return DateRoles(best.index, fallback, value.index if value else None, columns, tuple(evidence))


def _names_value_date(view: ColumnView) -> bool:
    """Whether a dated column's header names its value date. A currency header counts:
    on a dated column it can only be 'Valuta', the German value date (in Dutch and
    Italian the word names the currency, whose column holds codes, not dates)."""
    return view.hint.hint is Hint.VALUE_DATE or view.hint.hint is Hint.CURRENCY


def _dated_currency_note(view: ColumnView) -> str:
    if view.hint.hint is Hint.CURRENCY:
        return " (its header can name a currency, but it holds dates)"
    return ""


def choose_text_roles(
    views: Sequence[ColumnView], used: set[int]
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[str, ...]]:
    """Description, reference and counterparty columns."""
    free = [view for view in views if view.index not in used and view.stats.nonempty]
    by_hint = {
        hint: tuple(view.index for view in free if view.hint.hint is hint)
        for hint in (Hint.DESCRIPTION, Hint.DETAIL, Hint.REFERENCE, Hint.COUNTERPARTY)
    }
    description = by_hint[Hint.DESCRIPTION] or by_hint[Hint.DETAIL]
    evidence: list[str] = []
    if not description:
        texts = [
            view
            for view in free
            if view.hint.hint in (Hint.IGNORED, Hint.TYPE)
            and view.stats.amounts < view.stats.nonempty * 0.5
            and not view.stats.dates
        ]
        longest = max(texts, key=_average_length, default=None)
        if longest is not None:
            description = (longest.index,)
            evidence.append(f"description: {longest.called}, the longest text")
    else:
        names = ", ".join(f"{views[index].quoted}" for index in description)
        evidence.append(f"description: {names}")
    return description, by_hint[Hint.REFERENCE], by_hint[Hint.COUNTERPARTY], tuple(evidence)


def choose_currency_column(
    views: Sequence[ColumnView],
    amount_columns: Sequence[int],
    qualifier: Qualifier,
    ignored: AbstractSet[int] = frozenset(),
) -> tuple[int | None, str | None]:
    codes = {view.index: _currency_codes(view.stats, _headed(view)) for view in views}
    candidates = [view for view in views if codes[view.index] and view.index not in ignored]
    if not candidates or not amount_columns:
        return None, None
    anchor = amount_columns[0]

    def rank(view: ColumnView) -> tuple[int, int, int]:
        return (
            view.hint.hint is Hint.CURRENCY,
            view.hint.qualifier is qualifier,
            -abs(view.index - anchor),
        )

    best = max(candidates, key=rank)
    named = _header_currency(views[anchor].label)
    if named is not None and {_code_of(token) for token in codes[best.index]} != {named}:
        # 'Amount (EUR)' beside 'Type Foreign Currency' (N26): the header fixes the amounts'
        # currency, and a column of other codes describes other amounts.
        return None, None
    # Once each: 'gbp' and 'GBP' are one currency, and the evidence lists currencies.
    found = ", ".join(sorted({token.upper() for token in codes[best.index]}))
    return best.index, f"currency: {best.called} ({found})"


@dataclass(frozen=True, slots=True)
class RowCurrencies:
    """The dated rows of each currency a column names (by their place among the rows a
    column's values are read over), grouped once for every fit of the sheet, and the
    column that names them (as the evidence names a column: "column 'Currency'",
    "column 5")."""

    rows: dict[str, list[int]]  # each currency's rows (``balance.currency_rows``)
    count: int  # the rows the codes were read over
    column: str


def row_currencies(
    views: Sequence[ColumnView],
    money: Sequence[ColumnView],
    ignored: AbstractSet[int] = frozenset(),
    mapped: int | None = None,
) -> RowCurrencies | None:
    """The rows' currencies a running balance is followed in, where a column names more
    than one: a multi-currency account's export (Wise, Revolut) keeps each currency's
    balance in one column, so the balance is fitted per currency (``CurrencyFit``).

    Asked before the amount is chosen, so without ``choose_currency_column``'s anchor:
    the mapping's currency column (``mapped``), else the column of codes headed as the
    currency, then the fullest, then the first. None where no column names two
    currencies, or where a money column's header names its currency ('Amount (EUR)'):
    there the codes describe other amounts (N26's 'Type Foreign Currency'), and every
    line is in the header's currency."""
    if any(_header_currency(view.label) is not None for view in money):
        return None
    if mapped is not None:
        candidates = [views[mapped]] if 0 <= mapped < len(views) else []
    else:
        candidates = [
            view
            for view in views
            if view.index not in ignored and _currency_codes(view.stats, _headed(view))
        ]
    if not candidates:
        return None
    best = max(
        candidates,
        key=lambda view: (view.hint.hint is Hint.CURRENCY, view.stats.nonempty, -view.index),
    )
    # Each distinct cell is read once: 200,000 rows hold a handful of codes, and a file of
    # one currency is told so before any row is looked up. The scan counted the whole
    # column's cells (when read per value): fewer than two codes among them is fewer
    # among the rows too, told without a pass over the rows.
    whole_column = best.scan.counts
    if whole_column is not None and len(_codes(whole_column) - {None}) < 2:
        return None
    cells = pick(best.scan.values, best.stats.row_indexes)
    code_of = {cell: _row_code(cell_text(cell).strip()) for cell in set(cells)}
    if len(set(code_of.values()) - {None}) < 2:
        return None
    rows = currency_rows(list(map(code_of.__getitem__, cells)))
    return None if rows is None else RowCurrencies(rows, len(cells), best.called)


def _codes(cells: Iterable[Cell]) -> set[str | None]:
    return {_row_code(cell_text(cell).strip()) for cell in cells}


def _row_code(text: str) -> str | None:
    return _code_of(text) if text and _is_currency_token(text) else None


def _header_currency(label: str) -> str | None:
    """The currency a money column's header names, as in 'Amount (EUR)' or 'Betrag (€)'."""
    token = currency_in_text(label)
    return None if token is None else _code_of(token)


def _code_of(token: str) -> str:
    return resolve_currency(token)[0] or token.upper()


def _average_length(view: ColumnView) -> float:
    """How much text a column holds per row (only asked when no header names a description)."""
    values = view.scan.values
    texts = [values[row] for row in view.stats.row_indexes]
    total = sum(len(value.strip()) for value in texts if isinstance(value, str))
    return total / max(view.stats.nonempty, 1)


def _currency_codes(stats: ColumnStats, headed: bool = False) -> list[str]:
    """The currency codes or signs a column holds, when it holds little else; else none.

    ``tokens`` is filled only for low-variety columns (a free-text column has none), and
    a column of more than 20 distinct texts is not a currency column. A number or date in
    at most one row in a hundred is tolerated, while the distinct values stay that few: a
    row that leaves out a field before the currency column (realigned when it is read)
    shifts its amount into it.

    Other text (a bank's 'EURO' or 'N/A' in one row) does not refuse a column that is
    overwhelmingly codes: at least ``_LEAST_CODES`` cells, and more than half the column's
    text when its header names a currency (``headed``), three in four otherwise. Refusing
    it dropped every line's currency for one odd cell, and a statement of euros and
    dollars was added up as one currency; the odd cell is the extraction's row warning
    instead, its line's currency unknown (``extract``). A type or status column of short
    marks that happen to spell a code now and then (ALL, TOP) stays refused: most of its
    cells are not codes.
    """
    if not stats.tokens or len(stats.tokens) > 20:
        return []
    strays = stats.amounts + stats.dates
    codes = [token for token in stats.tokens if _is_currency_token(token)]
    if not codes or 100 * strays > stats.nonempty:
        return []
    others = sum(count for token, count in stats.tokens.items() if token not in codes)
    if others <= strays:
        return codes
    coded = sum(stats.tokens[token] for token in codes)
    share = _HEADED_SHARE if headed else _UNHEADED_SHARE
    if coded < _LEAST_CODES or coded <= share * (coded + others - strays):
        return []
    return codes


# How much of a column must be currency codes for its other text to be odd cells rather
# than a sign that it is no currency column (``_currency_codes``).
_LEAST_CODES = 2
_HEADED_SHARE = 0.5
_UNHEADED_SHARE = 0.75


def _headed(view: ColumnView) -> bool:
    """Whether a column's header names it a currency column ('Currency', 'Währung')."""
    return view.hint.hint is Hint.CURRENCY


def _is_currency_token(token: str) -> bool:
    """A currency code in any case, or a sign: ``resolve_currency`` tests the code first."""
    return len(token) <= 4 and resolve_currency(token)[0] is not None


def _hinted(view: ColumnView) -> str:
    if view.hint.hint in DATE_RANK and view.name.strip():
        return f"; the header says {view.hint.hint.value}"
    return ""
