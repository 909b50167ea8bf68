"""Dated rows that move no money, told apart before any column's role is decided.

Most dated rows of a statement are movements, but a few state a balance instead: a dated
"Balance brought forward" or "Anfangssaldo" row, or a "Balance carried forward" row
between the pages whose money cells are empty. Such a row leaves a debit/credit indicator
(D/C, CR/DR, Af/Bij, S/H) blank, having nothing to sign. Deciding the indicator on the
movements alone keeps that one blank cell from vetoing a column every movement fills;
extraction then reads the row as a balance (``balance_rows``), not as a line. Nor does
such a row move the running balance, so it is no step of its fit (``movement_fit``).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from decimal import Decimal

from desktop_app.statements.balance import (
    ChainFit,
    CurrencyFit,
    breaks_every_reading,
    fit_chain,
)
from desktop_app.statements.balance_rows import phrase_rows
from desktop_app.statements.header_words import Hint
from desktop_app.statements.profile import is_blank
from desktop_app.statements.roles import ColumnView, RowCurrencies


def idle_rows(
    views: Sequence[ColumnView], money: Sequence[ColumnView], rows: Iterable[int]
) -> set[int]:
    """Of ``rows`` (sheet indexes), those that move no money: every money column but one
    headed as a balance is blank there, or a cell says nothing but a balance phrase (the
    balance may stand in the amount column, as Volksbank's "Anfangssaldo" does)."""
    movers = [view.scan.values for view in money if view.hint.hint is not Hint.BALANCE]
    idle: set[int] = set()
    phrases: set[int] | None = None
    for row in rows:
        if movers and all(is_blank(values[row]) for values in movers):
            idle.add(row)
            continue
        if phrases is None:  # searched once, and only for a row with money in it
            phrases = balance_phrase_rows(views)
        if row in phrases:
            idle.add(row)
    return idle


class MovementFit:
    """``fit_chain`` over the movements of the views' rows: a dated row whose text only
    states a balance moves nothing, even where the balance stands in the amount column as
    well ('Closing balance 2424.80'), so its amount is no step of the running balance
    (a row with no amount is none already). The rows are looked for only once a fit is
    not whole, and then once for every fit.

    Where the rows are of several ``currencies`` (one code a row, as the values are read),
    each currency's balance is followed on its own (``CurrencyFit``), where that
    adds up better than one chain over every line; each column's values are gathered
    per currency once for all the fits (``CurrencyFit``)."""

    def __init__(self, views: Sequence[ColumnView], currencies: RowCurrencies | None) -> None:
        self._views = views
        self._currencies = currencies
        self._per_currency = (
            None if currencies is None else CurrencyFit(currencies.rows, currencies.column)
        )
        self._phrases: set[int] | None = None

    def __call__(
        self, amounts: Sequence[Decimal | None], balances: Sequence[Decimal | None]
    ) -> ChainFit:
        found = self._chain_fit(amounts, balances)
        if found.consistent == found.pairs:
            return found
        return self._without_phrase_rows(amounts, balances) or found

    def holding(
        self, amounts: Sequence[Decimal | None], balances: Sequence[Decimal | None]
    ) -> ChainFit | None:
        """The fit where it holds (``ChainFit.holds``), else None: for a caller choosing
        among candidate pairs of columns, which sets aside every fit that does not hold.
        A pair of a multi-currency sheet's columns where neither one chain over every
        line nor each currency's can hold (``CurrencyFit.cannot_hold``) is not counted
        whole: nothing of it would be kept."""
        per_currency = self._per_currency
        if (
            per_currency is not None
            and self._currencies is not None
            and self._currencies.count == len(balances)
            and per_currency.cannot_hold(amounts, balances)
        ):
            # Not whole either (its readings break), so the rows stating a balance are
            # left out and the movements fitted again, as a call would.
            found = self._without_phrase_rows(amounts, balances)
        else:
            found = self(amounts, balances)
        return found if found is not None and found.holds else None

    def _chain_fit(
        self, amounts: Sequence[Decimal | None], balances: Sequence[Decimal | None]
    ) -> ChainFit:
        per_currency, currencies = self._per_currency, self._currencies
        if per_currency is None or currencies is None or currencies.count != len(balances):
            return fit_chain(amounts, balances)
        # One chain over every line that breaks every reading within its first rows (the
        # lines switch currency) is not counted unless each currency's chain breaks too.
        broken = breaks_every_reading(amounts, balances)
        whole = None if broken else fit_chain(amounts, balances)
        if whole is not None and whole.pairs and whole.consistent == whole.pairs:
            return whole  # one chain over every line: the codes are another column's
        # The codes may be another column's than the lines' currency (an 'Original
        # Currency' beside the account's own): followed per currency only where that
        # adds up better than one chain over every line.
        each = per_currency.fit(amounts, balances)
        if whole is None:
            if each.pairs and each.consistent == each.pairs:
                return each  # whole beside a chain over every line that has broken steps
            whole = fit_chain(amounts, balances)
        return each if each.consistent * whole.pairs > whole.consistent * each.pairs else whole

    def _without_phrase_rows(
        self, amounts: Sequence[Decimal | None], balances: Sequence[Decimal | None]
    ) -> ChainFit | None:
        """The fit with the amounts of the rows stating a balance left out, for a fit
        that is not whole; None where there are no such rows (or the amounts are not
        the views' rows)."""
        views = self._views
        rows = views[0].stats.row_indexes if views else ()
        if len(amounts) != len(rows):
            return None
        if self._phrases is None:
            self._phrases = balance_phrase_rows(views)
        phrases = self._phrases
        if not phrases:
            return None
        moving = [
            None if row in phrases else amount for row, amount in zip(rows, amounts, strict=True)
        ]
        return self._chain_fit(moving, balances)


def movement_fit(
    views: Sequence[ColumnView], currencies: RowCurrencies | None = None
) -> MovementFit:
    """The views' ``MovementFit``: made once for all the fits of a sheet's columns."""
    return MovementFit(views, currencies)


def balance_phrase_rows(views: Sequence[ColumnView]) -> set[int]:
    """The rows the views are summarised over (the dated rows) where some cell says
    nothing but a balance phrase ("Balance carried forward", "Saldo vom 31.03.2024").

    As in ``balance_rows``, a column that says so in most rows ("Balance" as a funding
    source) names a kind of payment, not the rows that state a balance.
    """
    if not views:
        return set()
    body = views[0].stats.row_indexes
    found: set[int] = set()
    for view in views:
        if view.stats.content_kind != "text":
            continue  # a column of dates, amounts or short codes says no phrase
        rows = [row for row in phrase_rows(view.scan.values) if _within(body, row)]
        if len(rows) <= max(2, len(body) // 2):
            found.update(rows)
    return found


def _within(rows: Sequence[int], row: int) -> bool:
    """Whether ``row`` is one of the sorted ``rows`` (a range, or a list of them)."""
    if isinstance(rows, range):
        return row in rows
    position = bisect.bisect_left(rows, row)
    return position < len(rows) and rows[position] == row
