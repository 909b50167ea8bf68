"""Where the money is: one signed column, a debit/credit pair, or an amount plus an
indicator (Af/Bij, S/H, C/D, CR/DR); and which column is the running balance.

Header words propose (net before gross, "Betrag" before "Versicherungsbetrag"); content
disposes: a candidate must hold amounts on most transaction rows. Without words, a pair is
two columns that are never both filled, and a running balance is recognised by arithmetic
(each balance is the previous one plus the amount), which also tells it from the amount.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise, permutations

from desktop_app.statements.balance import NAN, Chain, ChainFit, ProvenChain, missing_as_nan
from desktop_app.statements.grid import cell_text, pick
from desktop_app.statements.header_words import Hint, Qualifier, fold
from desktop_app.statements.idle_rows import MovementFit, idle_rows, movement_fit
from desktop_app.statements.layout import AmountStyle
from desktop_app.statements.profile import is_blank
from desktop_app.statements.roles import ColumnView, RowCurrencies
from desktop_app.wording import plural

Values = Callable[[ColumnView], list[Decimal | None]]
Signs = tuple[tuple[str, int], ...]
_NOT_MONEY = {
    Hint.NOT_MONEY, Hint.ACCOUNT, Hint.REFERENCE, Hint.TYPE, Hint.DESCRIPTION, Hint.DETAIL,
    Hint.COUNTERPARTY, Hint.CURRENCY, Hint.VALUE_DATE, Hint.FEE, Hint.INDICATOR,
}  # fmt: skip
_LEDGER_NOTE = "; ledger convention: S (Soll, debit to the account) is positive"
_STEPS_TO_DOUBT = 4  # balance steps over which a headed balance column that fails is warned of
_UNNAMED_STEPS = 2  # balance steps that must add up before an unnamed column is the balance
# A net amount before a plain one before a gross one, where headers name several.
QUALIFIER_RANK = {Qualifier.NET: 3, Qualifier.PLAIN: 1, Qualifier.GROSS: 0}
CREDIT_TOKENS = frozenset(
    "c cr crdt credit h haben bij + eingang in gutschrift credito abono".split()
)
DEBIT_TOKENS = frozenset(
    "d dr dbit debit debet s soll af - ausgang out lastschrift belastung debito cargo".split()
)


@dataclass(frozen=True, slots=True)
class AmountRoles:
    style: AmountStyle
    amount: int | None = None
    debit: int | None = None
    credit: int | None = None
    indicator: int | None = None
    indicator_signs: tuple[tuple[str, int], ...] = ()
    qualifier: Qualifier = Qualifier.PLAIN
    balance: int | None = None
    chain: Chain | None = None
    # Whether most of the balance's steps add up read as ``chain`` (``ChainFit.holds``):
    # only then does it say which way it runs with the amounts, as flipping every sign
    # asks (``infer._flipped_balance``). A reading no step checks, or a mapping's balance
    # that breaks under every reading, says nothing of it.
    chain_holds: bool = False
    # The fit ``chain`` was taken by, where the balance was fitted to these amounts
    # alone (none for a pair's balance, which holds): a reading no step checked
    # (``ChainFit.pairs`` 0) is the usual one of those no step breaks, which is another
    # reading for the amounts negated than the mirror of this one (``balance.flipped_fit``).
    chain_fit: ChainFit | None = None
    evidence: tuple[str, ...] = ()
    unused_balance: str | None = None  # why a column headed as a balance was not used

    @property
    def money_columns(self) -> tuple[int, ...]:
        return tuple(c for c in (self.amount, self.debit, self.credit) if c is not None)


@dataclass(frozen=True, slots=True)
class GivenMarks:
    """Debit/credit marks a mapping gives while leaving the amount to detection: they take
    the place of the marks detection would look for, so the amount and its running balance
    are chosen, and fitted, once with the signs the lines will carry.

    ``signs`` are none where the mapping names only the column: they are read off it.
    ``column_by`` and ``signs_by`` are the evidence's words for who decided each (the
    mapping, or its marks for a column found by them)."""

    column: ColumnView
    signs: Signs
    column_by: str
    signs_by: str | None  # None: read off the column


def money_views(views: Sequence[ColumnView], date_columns: Sequence[int]) -> list[ColumnView]:
    return [
        view
        for view in views
        if view.index not in date_columns
        and view.hint.hint not in _NOT_MONEY
        and view.stats.amounts
        and view.stats.amount_share >= _least_share(view)
        and view.stats.leading_zeros * 2 < view.stats.amounts
    ]


def _least_share(view: ColumnView) -> float:
    """A money header tolerates a few unreadable cells (each is reported); content alone
    must be near-unanimous."""
    return 0.5 if view.hint.hint in (Hint.AMOUNT, Hint.DEBIT, Hint.CREDIT, Hint.BALANCE) else 0.9


def choose_amounts(
    views: Sequence[ColumnView],
    money: list[ColumnView],
    values: Values,
    ledger: bool,
    ignored: AbstractSet[int] = frozenset(),
    given: Callable[[], GivenMarks] | None = None,
    balance_named: bool = False,
    currencies: RowCurrencies | None = None,
    rows_run: Callable[[], str | None] | None = None,
) -> AmountRoles | None:
    """The money roles among ``money``, with an indicator among the columns not
    ``ignored`` (a mapping's columns that are nothing), or the one ``given``, and a
    running balance unless the mapping names its own (``balance_named``: the caller fits
    that, and a headed column fitted here would only be set aside).

    ``given`` is asked only where there are amounts to sign, as detection's marks are
    looked for only then: a mapping whose marks no column holds is refused only where an
    amount column needs them, not for a sheet of debit/credit pairs or of no amounts.

    ``currencies`` are the rows' own where a column names several (``row_currencies``):
    a running balance is then fitted per currency, each its own chain.

    ``rows_run`` says which way the booking dates run down the rows ("oldest first",
    "newest first"; None where they do not run one way): the running balance of a pair
    whose sides nothing else tells must run that way too (``_tied_pair_with_balance``).
    It is asked only there: reading every row's date again cost a 200,000-row import
    0.08 s that nearly every file, with no such pair, has no use for."""
    given_once = None if given is None else functools.cache(given)

    # Every check of a balance against an unsigned amount column needs the marks: a
    # running balance follows the signed amounts. They are looked for once.
    @functools.cache
    def marks() -> tuple[ColumnView, Signs] | None:
        if given_once is None:
            return _indicator(views, money, ledger, ignored)
        return _given_signs(views, money, given_once(), ledger)

    # A balance row moves no running balance; each currency's balance runs on its own.
    fit_movements = movement_fit(views, currencies)
    roles = (
        _hinted_single(money)
        or _hinted_pair(views, money, values, ignored)
        or _by_content(money, values, marks, fit_movements, rows_run)
    )
    if roles is None:
        return None
    if roles.style is AmountStyle.SIGNED and roles.amount is not None:
        if given_once is None:
            roles = _with_indicator(views, roles, marks(), ledger)
        else:
            roles = with_given_marks(views, roles, given_once(), marks(), ledger)
    if roles.balance is None and not balance_named:
        roles = _with_balance(views, money, roles, values, fit_movements)
    return roles


def _hinted_single(money: list[ColumnView]) -> AmountRoles | None:
    candidates = [view for view in money if view.hint.hint is Hint.AMOUNT and view.coverage >= 0.5]
    if not candidates:
        return None

    def rank(view: ColumnView) -> tuple[int, int, float]:
        exact = fold(view.name).startswith(view.hint.word)
        return (QUALIFIER_RANK[view.hint.qualifier], exact, view.coverage)

    best = max(candidates, key=rank)
    others = [view.quoted for view in candidates if view is not best]
    text = f"amount: {best.called} ({best.stats.amounts} of {_rows(best.stats.rows)})"
    if others:
        text += f", preferred to {', '.join(others)}"
    return AmountRoles(
        AmountStyle.SIGNED, amount=best.index, qualifier=best.hint.qualifier, evidence=(text,)
    )


def _hinted_pair(
    views: Sequence[ColumnView],
    money: list[ColumnView],
    values: Values,
    ignored: AbstractSet[int] = frozenset(),
) -> AmountRoles | None:
    allowed = {view.index for view in money}
    sides = {
        hint: [
            view
            for view in views
            if view.hint.hint is hint
            and (view.index in allowed or not view.stats.nonempty)
            and view.index not in ignored
        ]
        for hint in (Hint.DEBIT, Hint.CREDIT)
    }
    pairs = [
        (debit, credit)
        for debit in sides[Hint.DEBIT]
        for credit in sides[Hint.CREDIT]
        if debit.hint.qualifier is credit.hint.qualifier
    ]
    if not pairs:
        return None
    debit, credit = max(
        pairs, key=lambda pair: (QUALIFIER_RANK[pair[0].hint.qualifier], _union(pair, values))
    )
    if _union((debit, credit), values) < 0.5:
        return None
    text = f"amount: debit {debit.called} and credit {credit.called}"
    return AmountRoles(
        AmountStyle.DEBIT_CREDIT,
        debit=debit.index,
        credit=credit.index,
        qualifier=debit.hint.qualifier,
        evidence=(text,),
    )


def _by_content(
    money: list[ColumnView],
    values: Values,
    marks: Callable[[], tuple[ColumnView, Signs] | None],
    fit_movements: MovementFit,
    rows_run: Callable[[], str | None] | None = None,
) -> AmountRoles | None:
    free = [
        view
        for view in money
        if view.hint.hint in (Hint.IGNORED, Hint.AMOUNT, Hint.DEBIT, Hint.CREDIT)
    ]
    singles = [view for view in free if view.coverage >= 0.9]
    best_single = max((view.coverage for view in singles), default=0.0)
    pair, tied = _exclusive_pairs(free, values, best_single)
    if pair is not None:
        return pair
    if not singles:
        return None
    chained = _chained(singles, values, marks(), fit_movements) or _tied_pair_with_balance(
        tied, free, singles, values, fit_movements, rows_run
    )
    if chained is not None:
        return chained
    best = max(
        singles,
        key=lambda view: (bool(view.stats.negatives), view.stats.with_decimals, -view.index),
    )
    text = f"amount: {best.called} (signed amounts on {best.stats.amounts} of {_rows(best.stats.rows)})"
    return AmountRoles(AmountStyle.SIGNED, amount=best.index, evidence=(text,))


def _exclusive_pairs(
    free: list[ColumnView], values: Values, to_beat: float
) -> tuple[AmountRoles | None, AmountRoles | None]:
    """The first two neighbouring columns never both filled that together cover more rows
    than ``to_beat``, and the first that cover exactly as many (one pass over the rows)."""
    tied: AmountRoles | None = None
    for left, right in pairwise(free):
        left_values, right_values = values(left), values(right)
        both = sum(1 for a, b in zip(left_values, right_values, strict=True) if a and b)
        union = sum(
            1
            for a, b in zip(left_values, right_values, strict=True)
            if a is not None or b is not None
        )
        rows = max(len(left_values), 1)
        covered = union / rows
        if both > rows * 0.05 or covered < 0.9 or covered < to_beat:
            continue
        if covered == to_beat:
            tied = tied or _pair_roles(left, right, union, rows)
            continue
        return _pair_roles(left, right, union, rows), tied
    return None, tied


def _pair_called(debit: ColumnView, credit: ColumnView) -> str:
    """The pair as the evidence names it: "columns 'Soll' (debit) and 'Haben' (credit)",
    each column without a header by its number ("column 3 (debit) and column 4 (credit)")."""
    if debit.name.strip() and credit.name.strip():
        return f"columns {debit.quoted} (debit) and {credit.quoted} (credit)"
    return f"{debit.called} (debit) and {credit.called} (credit)"


def _pair_roles(left: ColumnView, right: ColumnView, union: int, rows: int) -> AmountRoles:
    debit, credit = (
        (right, left) if left.stats.negatives == 0 and right.stats.negatives else (left, right)
    )
    text = (
        f"amount: {_pair_called(debit, credit)} are never "
        f"both filled and together cover {union} of {_rows(rows)}"
    )
    return AmountRoles(
        AmountStyle.DEBIT_CREDIT, debit=debit.index, credit=credit.index, evidence=(text,)
    )


def _tied_pair_with_balance(
    pair: AmountRoles | None,
    free: list[ColumnView],
    singles: list[ColumnView],
    values: Values,
    fit_movements: MovementFit,
    rows_run: Callable[[], str | None] | None = None,
) -> AmountRoles | None:
    """``pair``, which covers only as many rows as a single column, when that column is
    the pair's running balance. A balance is filled on every row, so by coverage alone it
    ties with the pair and, in a file without a header, was taken for the amounts.

    Where nothing told the pair's sides apart (neither column holds a negative: the left
    was taken as the debit), the balance does: with the sides swapped every amount is
    negated, and the balance then runs the other way down the rows. It must run the way
    the booking dates do (``rows_run``), so a pair whose balance runs against them is
    swapped, and the evidence says why."""
    if pair is None:
        return None
    amounts = _pair_signed(free, pair, values)
    for balance in singles:
        if balance.index in (pair.debit, pair.credit):
            continue
        fit = fit_movements.holding(amounts, values(balance))
        if fit is not None:
            chain = fit.chain
            by_index = {view.index: view for view in free}
            assert pair.debit is not None  # a pair has both
            assert pair.credit is not None
            debit, credit = by_index[pair.debit], by_index[pair.credit]
            evidence = pair.evidence
            way = "newest first" if chain.newest_first else "oldest first"
            by_position = not debit.stats.negatives and not credit.stats.negatives
            run = rows_run() if by_position and rows_run is not None else None
            if run is not None and way != run:
                was = _pair_called(debit, credit)
                debit, credit, chain = credit, debit, _FLIPPED[chain]
                pair = _replace(pair, debit=debit.index, credit=credit.index)
                said = pair.evidence[0].replace(was, _pair_called(debit, credit))
                said += (
                    "; which is which the running balance says: the other way round it "
                    f"would run {way}, against the booking dates, which run {run}"
                )
                evidence = (said,)
            text = (
                f"balance: {balance.called} is the pair's running balance "
                f"({chain.value}; {fit.steps_said})"
            )
            return _replace(
                pair,
                balance=balance.index,
                chain=chain,
                chain_holds=fit.holds,
                evidence=(*evidence, text),
            )
    return None


# Each reading of a running balance, and the one it reads as when every amount is negated
# (a debit/credit pair's sides swapped): the same steps, run the other way down the rows.
_FLIPPED = {
    Chain.AFTER_OLDEST_FIRST: Chain.BEFORE_NEWEST_FIRST,
    Chain.BEFORE_NEWEST_FIRST: Chain.AFTER_OLDEST_FIRST,
    Chain.AFTER_NEWEST_FIRST: Chain.BEFORE_OLDEST_FIRST,
    Chain.BEFORE_OLDEST_FIRST: Chain.AFTER_NEWEST_FIRST,
}


def _chained(
    singles: list[ColumnView],
    values: Values,
    marks: tuple[ColumnView, Signs] | None,
    fit_movements: MovementFit,
) -> AmountRoles | None:
    signed = {view.index: _signed(view, values, marks) for view in singles}
    best: tuple[ChainFit, ColumnView, ColumnView] | None = None
    for amount, balance in permutations(singles, 2):
        fit = fit_movements.holding(signed[amount.index], values(balance))
        if fit is not None and (best is None or fit.consistent > best[0].consistent):
            best = (fit, amount, balance)
    if best is None:
        return None
    fit, amount, balance = best
    text = (
        f"amount: {amount.called}; {balance.called} is its running balance "
        f"({fit.chain.value}: {fit.steps_said})"
    )
    return AmountRoles(
        AmountStyle.SIGNED,
        amount=amount.index,
        balance=balance.index,
        chain=fit.chain,
        chain_holds=fit.holds,
        chain_fit=fit,
        evidence=(text,),
    )


def _indicator(
    views: Sequence[ColumnView],
    money: Sequence[ColumnView],
    ledger: bool,
    ignored: AbstractSet[int] = frozenset(),
) -> tuple[ColumnView, Signs] | None:
    """Found before any balance is fitted, since a balance moves by the signed amounts; a
    column whose header names it as the indicator wins over one that only reads like one."""
    candidates = [view for view in views if view.index not in ignored]
    for view in sorted(candidates, key=lambda view: view.hint.hint is not Hint.INDICATOR):
        signs = indicator_signs(view, ledger, views, money)
        if signs:
            return view, signs
    return None


def _signed(
    amount: ColumnView, values: Values, marks: tuple[ColumnView, Signs] | None
) -> list[Decimal | None]:
    """The amounts as the lines will have them: an unsigned column takes the marks' signs
    (a row without a readable mark, like one without an amount, matches no balance)."""
    found = values(amount)
    if marks is None or amount.stats.negatives:
        return found
    indicator, signs = marks
    by_mark = dict(signs)
    cells = pick(indicator.scan.values, amount.stats.row_indexes)
    # Each distinct cell is read once; the rows are then signed in C.
    sign_of = {cell: by_mark.get(cell_text(cell).strip().casefold(), NAN) for cell in set(cells)}
    magnitudes = map(abs, missing_as_nan(found))
    return list(map(operator.mul, magnitudes, map(sign_of.__getitem__, cells)))


def _with_indicator(
    views: Sequence[ColumnView],
    roles: AmountRoles,
    marks: tuple[ColumnView, Signs] | None,
    ledger: bool,
) -> AmountRoles:
    amount = views[roles.amount] if roles.amount is not None else None
    if amount is None or amount.stats.negatives or marks is None:
        return roles
    indicator, signs = marks
    text = (
        f"amount: {amount.quoted} is unsigned; {indicator.called} gives the sign ({_shown(signs)})"
    )
    if ledger:
        text += _LEDGER_NOTE
    # A balance found by content was fitted to these signed amounts: it stays.
    return _replace(
        roles,
        style=AmountStyle.INDICATOR,
        indicator=indicator.index,
        indicator_signs=signs,
        evidence=(*roles.evidence, text),
    )


def _given_signs(
    views: Sequence[ColumnView], money: Sequence[ColumnView], given: GivenMarks, ledger: bool
) -> tuple[ColumnView, Signs] | None:
    """The ``given`` marks as the amount is chosen by: the mapping's signs, else those the
    column reads as, against every money column, as detection would read them."""
    signs = given.signs or indicator_signs(given.column, ledger, views, money)
    return (given.column, signs) if signs else None


def with_given_marks(
    views: Sequence[ColumnView],
    roles: AmountRoles,
    given: GivenMarks,
    marks: tuple[ColumnView, Signs] | None,
    ledger: bool,
    said: str | None = None,
) -> AmountRoles:
    """``roles`` signed by the ``given`` marks, a signed amount column as well: the mapping
    says how money is signed. Where ``marks`` is None (a mapping that names the amount, or
    signs read off the column that a blank mark kept from reading against every money
    column), the signs are the mapping's, else read against the amount alone: a row
    without an amount has nothing to sign. Where there are none either, ``roles`` is
    returned unsigned, and the caller refuses the mapping's column. ``said`` is the
    evidence where the caller words it (a mapping naming the amount says it set both);
    by default it says the marks sign the amount detection chose."""
    assert roles.amount is not None
    amount = views[roles.amount]
    marks = marks or _given_signs(views, [amount], given, ledger)
    if marks is None:
        return roles
    signs = marks[1]
    how = given.signs_by or ("read from its marks" + (_LEDGER_NOTE if ledger else ""))
    text = said or (
        f"indicator: {given.column.called} ({given.column_by}) gives "
        f"{amount.quoted} its sign: {_shown(signs)} (signs {how})"
    )
    return _replace(
        roles,
        style=AmountStyle.INDICATOR,
        indicator=given.column.index,
        indicator_signs=signs,
        evidence=(*roles.evidence, text),
    )


def _shown(signs: Signs) -> str:
    return ", ".join(f"{token or '(empty)'} {'+' if sign > 0 else '-'}" for token, sign in signs)


def indicator_signs(
    view: ColumnView, ledger: bool, views: Sequence[ColumnView], money: Sequence[ColumnView]
) -> Signs:
    """The debit/credit marks of ``view`` and their signs, or none when it is no indicator.

    A blank cell is the other side where the column writes only one (a card export marks
    its credits 'CR' and leaves the debits blank). Where it writes both, a blank cell signs
    nothing: the column is one only when every such row moves no money (``idle_rows``, of
    the sheet's ``views`` and its ``money`` columns): a dated 'Balance carried forward' or
    opening balance row has nothing to sign, but a movement without a mark is unreadable.
    """
    tokens = {token.casefold() for token in view.stats.tokens}
    if not tokens or len(tokens) > 4 or view.stats.amounts or view.stats.dates:
        return ()
    signs = mark_signs(tokens, ledger)
    if len(signs) != len(tokens):
        return ()
    if view.stats.nonempty < view.stats.rows:
        sides = set(signs.values())
        if len(sides) == 1:
            signs[""] = -sides.pop()
        elif not _blank_only_where_idle(view, views, money):
            return ()
    return tuple(sorted(signs.items()))


def mark_signs(tokens: Iterable[str], ledger: bool) -> dict[str, int]:
    """The sign of each of ``tokens`` (casefolded) that is a debit or credit mark. In a
    DATEV ledger, S and H say the booking account's side, so S (Soll) is the positive one."""
    signs = {token: 1 for token in tokens if token in CREDIT_TOKENS}
    signs.update((token, -1) for token in tokens if token in DEBIT_TOKENS)
    if ledger:
        signs = {token: -sign if token in ("s", "h") else sign for token, sign in signs.items()}
    return signs


def _blank_only_where_idle(
    view: ColumnView, views: Sequence[ColumnView], money: Sequence[ColumnView]
) -> bool:
    values = view.scan.values
    blank = [row for row in view.stats.row_indexes if is_blank(values[row])]
    return len(idle_rows(views, money, blank)) == len(blank)


def _with_balance(
    views: Sequence[ColumnView],
    money: list[ColumnView],
    roles: AmountRoles,
    values: Values,
    fit_movements: MovementFit,
) -> AmountRoles:
    if roles.amount is None and roles.debit is None:
        return roles
    balances = [view for view in money if view.hint.hint is Hint.BALANCE and view.coverage >= 0.5]
    if not balances:
        return _with_unnamed_balance(views, money, roles, values, fit_movements)
    balance = balances[0]
    amounts = signed_for_fit(views, money, roles, values)
    balances_read = values(balance)
    fit = fit_movements(amounts, balances_read)
    if fit.pairs and not fit.holds:
        text = (
            f"balance: {balance.called} is not a running balance of these amounts "
            f"({fit.steps_said}); not used"
        )
        # Warned of only over enough steps: two or three rows say too little to doubt it.
        unused = text if fit.pairs >= _STEPS_TO_DOUBT else None
        return _replace(roles, evidence=(*roles.evidence, text), unused_balance=unused)
    if not fit.currencies and fit.consistent == fit.pairs == len(balances_read) - 1 > 0:
        # One chain, every step of it obeyed and counted: the lines built from these
        # values need not be checked again (``ProvenChain``).
        balance.scan.proven_chain = ProvenChain(fit.chain, amounts, balances_read)
    text = f"balance: {balance.called} ({fit.described()})"
    return _replace(
        roles,
        balance=balance.index,
        chain=fit.chain,
        chain_holds=fit.holds,
        chain_fit=fit,
        evidence=(*roles.evidence, text),
    )


def _with_unnamed_balance(
    views: Sequence[ColumnView],
    money: list[ColumnView],
    roles: AmountRoles,
    values: Values,
    fit_movements: MovementFit,
) -> AmountRoles:
    """``roles`` with the running balance a column the header does not name holds, where
    the header names others: a csv whose rows carry one field more than its header
    ("Date,Description,Amount" over "2025-10-01,Coffee,-3.50,996.50"). Nothing but its
    arithmetic says what it is, as in a file without a header (``_chained``), so it is
    taken only where its steps add up by the amounts, at least ``_UNNAMED_STEPS`` of them
    and most; otherwise it stays unread (``absorbed_fields.unnamed_fields`` says so)."""
    if not any(view.name.strip() for view in views):
        return roles  # no header: ``_by_content`` has fitted every column already
    used = {roles.amount, roles.debit, roles.credit, roles.indicator}
    unnamed = [
        view
        for view in money
        if not view.name.strip() and view.index not in used and view.coverage >= 0.9
    ]
    if not unnamed:
        return roles
    amounts = signed_for_fit(views, money, roles, values)
    for view in unnamed:
        fit = fit_movements.holding(amounts, values(view))
        if fit is not None and fit.consistent >= _UNNAMED_STEPS:
            text = (
                f"balance: {view.called}, which the header does not name, is the running "
                f"balance of these amounts ({fit.described()})"
            )
            evidence = (*roles.evidence, text)
            return _replace(
                roles,
                balance=view.index,
                chain=fit.chain,
                chain_holds=fit.holds,
                chain_fit=fit,
                evidence=evidence,
            )
    return roles


def signed_for_fit(
    views: Sequence[ColumnView], money: list[ColumnView], roles: AmountRoles, values: Values
) -> list[Decimal | None]:
    """The amounts with the signs the lines will carry: a running balance moves by those."""
    if roles.style is AmountStyle.DEBIT_CREDIT:
        return _pair_signed(money, roles, values)
    by_index = {view.index: view for view in money}
    if roles.amount not in by_index:
        return []
    amount = by_index[roles.amount]
    if roles.style is AmountStyle.INDICATOR and roles.indicator is not None:
        return _signed(amount, values, (views[roles.indicator], roles.indicator_signs))
    return values(amount)


def _pair_signed(
    money: list[ColumnView], roles: AmountRoles, values: Values
) -> list[Decimal | None]:
    """The pair's amounts as its lines read them (``converted.pair_amount``): the credit
    with its own sign less the debit's size. A debit written negative is money out as a
    positive one is; a credit written negative (a reversal, -500 in 'Paid in') is read as
    money out by the line, so the balance is fitted with it so too: counted by its size,
    the step the balance takes by it broke, the evidence said "3 of 4 steps add up" of a
    statement whose every step adds up, and a few such reversals set the balance column
    aside as no running balance."""
    by_index = {view.index: view for view in money}
    debit = values(by_index[roles.debit]) if roles.debit in by_index else []
    credit = values(by_index[roles.credit]) if roles.credit in by_index else []
    size = max(len(debit), len(credit))
    debit = debit or [None] * size
    credit = credit or [None] * size
    return [
        None if d is None and c is None else (c or Decimal(0)) - abs(d or Decimal(0))
        for d, c in zip(debit, credit, strict=True)
    ]


def _replace(roles: AmountRoles, **changes: object) -> AmountRoles:
    from dataclasses import replace

    return replace(roles, **changes)  # type: ignore[arg-type]


def _union(pair: tuple[ColumnView, ColumnView], values: Values) -> float:
    left, right = values(pair[0]), values(pair[1])
    if not left and not right:
        return 0.0
    size = max(len(left), len(right))
    left = left or [None] * size
    right = right or [None] * size
    filled = sum(1 for a, b in zip(left, right, strict=True) if a is not None or b is not None)
    return filled / size


def _rows(count: int) -> str:
    """ "12 rows", "1 row": the rows an amount column's share is of (the count as it
    was always written, without a thousands separator, like the share before it)."""
    return f"{count} {plural(count, 'row')}"
