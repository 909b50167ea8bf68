"""Running balances: which way they run, and where the chain breaks.

A running-balance column proves the amounts: each row's balance is the previous one plus
its amount. Banks list oldest-first or newest-first, and print the balance after the
movement or (ASN Bank) before it, so all four readings are tried and the one most rows
obey is taken. Rows that break it point at a missing, duplicated or misread row. Each
reading adds up as well read the other way with every sign swapped, so the one taken is
checked against the dates (``against_the_dates``): signs the wrong way round are told so.
"""

from __future__ import annotations

import enum
import itertools
import operator
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TypeGuard, TypeVar, cast

from desktop_app.domain import StatementLine, balance_lines, main_currency
from desktop_app.domain.money import plain_amount
from desktop_app.domain.statement import main_code
from desktop_app.statements.grid import pick
from desktop_app.statements.model import RowWarning
from desktop_app.wording import plural


class Chain(enum.Enum):
    AFTER_OLDEST_FIRST = "balance after each row, oldest first"
    AFTER_NEWEST_FIRST = "balance after each row, newest first"
    BEFORE_OLDEST_FIRST = "balance before each row, oldest first"
    BEFORE_NEWEST_FIRST = "balance before each row, newest first"

    @property
    def newest_first(self) -> bool:
        return self in (Chain.AFTER_NEWEST_FIRST, Chain.BEFORE_NEWEST_FIRST)

    @property
    def from_above(self) -> bool:
        """Whether the balance at a point between two rows is the upper row's balance (it
        is the lower row's otherwise): after each row oldest first, the upper row is the
        earlier one; before each row newest first, the upper row is the later one."""
        return self in (Chain.AFTER_OLDEST_FIRST, Chain.BEFORE_NEWEST_FIRST)


@dataclass(frozen=True, slots=True)
class ChainFit:
    chain: Chain
    consistent: int
    pairs: int
    # Where no step can check ``chain`` (``pairs`` is 0): the readings every step of which
    # breaks, and which are therefore not taken.
    broken: tuple[Chain, ...] = ()
    # The currencies whose balances were followed each on its own (``CurrencyFit``),
    # and the column that names them, as the evidence says it ("column 'Currency'",
    # "column 5"); none where the rows are of one currency.
    currencies: tuple[str, ...] = ()
    currency_column: str | None = None

    @property
    def holds(self) -> bool:
        """Most consecutive rows obey it (anonymised or partial exports break a few)."""
        return self.pairs > 0 and self.consistent * 2 > self.pairs

    @property
    def steps_said(self) -> str:
        """How many of its steps add up, for the evidence, and, where the rows are of
        several currencies, that each currency's steps were counted on its own: the
        accountant sees why a balance column that switches currency row by row holds."""
        adds = "adds" if self.consistent == 1 else "add"
        said = f"{self.consistent} of {self.pairs} {plural(self.pairs, 'step')} {adds} up"
        if not self.currencies:
            return said
        named = ", ".join(self.currencies)
        column = f": {self.currency_column}" if self.currency_column else ""
        return f"{said}, each currency's balance followed on its own ({named}{column})"

    def described(self) -> str:
        """The reading and what it rests on, for the evidence: how many of its steps add
        up; or, where none of its steps moves by an amount (one line, maybe beside a
        balance row), that nothing decides and which rule took it instead."""
        if self.pairs:
            return f"{self.chain.value}; {self.steps_said}"
        if not self.broken:
            return (
                f"{self.chain.value}, the usual reading: no step from one balance to the next "
                "has an amount to check it by, so nothing says which way it runs"
            )
        broken = " and ".join(f"'{chain.value}'" for chain in self.broken)
        return (
            f"{self.chain.value}: no step has an amount to check it by, and the steps that "
            f"check {broken} break; of the readings left it is the usual one"
        )


_T = TypeVar("_T")


@dataclass(frozen=True, slots=True, eq=False)
class ProvenChain:
    """A reading that every step of these amounts and balances obeys, as ``fit_chain``
    counted them while the layout was inferred. The lines are later built from the same
    values, and their check (``chain_breaks``) would add 200,000 decimals again to find
    what the fit found already: nothing breaks. Lines whose amounts and balances are
    equal, one by one, to those counted are known to have no break; a list compared with
    the very list the values were taken from compares them in C, each item first by
    identity, with no arithmetic. Equal values give equal sums, so the answer is the
    check's (exact sums: amounts within 28 digits). Any other lines (signs swapped, a
    row left out) are checked the usual way."""

    chain: Chain
    amounts: Sequence[Decimal | None]
    balances: Sequence[Decimal | None]

    def covers(
        self, chain: Chain, amounts: Sequence[Decimal], balances: Sequence[Decimal | None]
    ) -> bool:
        """Whether ``chain`` over ``amounts`` and ``balances`` is the reading proven."""
        return (
            chain is self.chain
            and _equal_items(amounts, self.amounts)
            and _equal_items(balances, self.balances)
        )


def _equal_items(left: Sequence[object], right: Sequence[object]) -> bool:
    """Whether the two hold equal items in order: as lists, compared in C, each pair
    first by identity (a window on a column is sliced into one)."""
    if len(left) != len(right):
        return False
    return _as_list(left) == _as_list(right)


def _as_list(values: Sequence[object]) -> list[object]:
    if values.__class__ is list:
        return values
    copied = values[:]  # a window on a column: a slice of the column, copied in C
    return copied if copied.__class__ is list else list(copied)


NAN = Decimal("NaN")  # a missing value: equal to nothing, so it never counts as a match or step


def fit_chain(amounts: Sequence[Decimal | None], balances: Sequence[Decimal | None]) -> ChainFit:
    """How many consecutive rows obey each reading (whole columns compared at once).

    A step counts for a reading only where both balances and the amount that reading
    moves the step by are there. A row with a balance and no amount is a balance row
    ('Balance carried forward', a page's opening balance): it moves nothing, so it is no
    evidence against a reading; counted as a broken step, one such row in a statement of
    three lines would tip the fit under half, or the direction the wrong way. Readings
    then count different steps: the one with most steps obeyed is taken, and of those the
    one with fewest broken, then the usual order (after each row before before it, oldest
    first before newest first). So where no step obeys any reading, one that no step
    checks (``pairs`` 0) beats those that their steps break (``broken``): beside a single
    line, a balance row's step rules two readings out, and the usual order takes the
    first of the other two. Nothing decides then, and ``ChainFit.described`` says so.

    The usual reading (balance after each row, oldest first) is counted first: when every
    step obeys it, no other reading can do better and it wins ties, so the others are not
    computed; when not, it is not counted again.
    """
    usual: int | None = None
    finite = False
    if _all_finite(balances):
        finite = True
        # No step can be NaN: the usual reading is counted on the fly, without keeping
        # 200,000 new decimals, and when every pair obeys it that is the answer. A missing
        # amount (None) equals no step, as its NaN would not: the amounts are made NaN
        # only where the other readings are counted too.
        pairs = max(len(balances) - 1, 0)
        steps_obeyed = map(
            operator.eq, map(operator.sub, _from_second(balances), balances), _from_second(amounts)
        )
        usual = sum(steps_obeyed)
        if usual == pairs:
            return ChainFit(Chain.AFTER_OLDEST_FIRST, usual, pairs)
    amount, balance = missing_as_nan(amounts), missing_as_nan(balances)
    # Pairs of neighbours without copying the columns: map stops at the shorter side.
    steps = list(map(operator.sub, _from_second(balance), balance))
    every_number = (
        finite
        and amount is amounts
        and len(amount) == len(balance)
        and all(map(Decimal.is_finite, amount))
    )
    lower, upper = _checked(amount, steps, every_number)
    if usual is None:
        usual = _usual(amount, steps, 0, 0)
    if usual == lower >= upper:
        return ChainFit(Chain.AFTER_OLDEST_FIRST, usual, lower)
    return _best(_readings(amount, steps, lower, upper, usual))


def _checked(
    amount: Sequence[Decimal], steps: list[Decimal], every_number: bool
) -> tuple[int, int]:
    """How many ``steps`` each kind of reading can check: those where the step and the
    amount it moves by are there, the lower row's (after each row oldest first, before
    each row newest first), then the upper row's (the other two). Where every amount
    and balance is a number (``every_number``: the columns are of one length), every
    step, without looking at each."""
    if every_number:
        return len(steps), len(steps)
    known = list(map(Decimal.is_finite, steps))
    lower = sum(map(operator.and_, known, map(Decimal.is_finite, _from_second(amount))))
    upper = sum(map(operator.and_, known, map(Decimal.is_finite, amount)))
    return lower, upper


def _obeyed_from_the_top(amount: Sequence[Decimal], balance: Sequence[Decimal]) -> int:
    """How many steps from the top obey the usual reading (each balance the one before
    plus its row's amount), up to the first that does not: where every step obeys, that
    is the whole count; where not, a candidate pair of columns that is no chain is told
    within a few rows. Compared on the fly, without keeping 200,000 new decimals; the
    amounts are at least as many as the balances."""
    compared = map(
        operator.eq, map(operator.sub, _from_second(balance), balance), _from_second(amount)
    )
    try:
        first_broken: int = operator.indexOf(compared, False)  # searched in C
    except ValueError:
        return max(len(balance) - 1, 0)
    return first_broken


def _usual(amount: Sequence[Decimal], steps: list[Decimal], obeyed: int, looked: int) -> int:
    """How many ``steps`` obey the usual reading, of which the first ``looked`` were
    compared already (``_obeyed_from_the_top``), ``obeyed`` of them obeying: those are
    not compared again."""
    rest: int = sum(map(operator.eq, _from(steps, looked), _from(amount, looked + 1)))
    return obeyed + rest


def _readings(
    amount: Sequence[Decimal], steps: list[Decimal], lower: int, upper: int, usual: int
) -> list[ChainFit]:
    """Each reading's fit, in ``Chain``'s order, from the balances' ``steps`` (``usual``:
    the first reading's count, already made): a step moves by the lower row's amount
    (after each row oldest first, before each row newest first) or by the upper row's
    (the other two readings); ``lower`` and ``upper`` are the steps each kind can check."""
    falls = list(map(operator.neg, steps))
    return [
        ChainFit(Chain.AFTER_OLDEST_FIRST, usual, lower),
        ChainFit(Chain.AFTER_NEWEST_FIRST, sum(map(operator.eq, falls, amount)), upper),
        ChainFit(Chain.BEFORE_OLDEST_FIRST, sum(map(operator.eq, steps, amount)), upper),
        ChainFit(
            Chain.BEFORE_NEWEST_FIRST, sum(map(operator.eq, falls, _from_second(amount))), lower
        ),
    ]


def _best(fits: Sequence[ChainFit]) -> ChainFit:
    """Of the four readings' fits (in ``Chain``'s order), the one ``fit_chain`` takes."""
    best = max(fits, key=lambda fit: (fit.consistent, fit.consistent - fit.pairs))
    if best.pairs:
        return best
    return replace(best, broken=tuple(fit.chain for fit in fits if fit.pairs))


def _every_fit(
    amount: Sequence[Decimal],
    balance: Sequence[Decimal],
    every_number: bool = False,
    top: tuple[int, int] = (0, 0),
) -> list[ChainFit]:
    """Each reading's fit over the rows, in ``Chain``'s order, none taken yet: of columns
    whose missing values are NaN already (``missing_as_nan``), and where ``every_number``
    says so, known to hold numbers only and to be of one length. ``top``: the steps
    from the top obeying the usual reading, and those compared under it, already known
    (``_usual``)."""
    steps = list(map(operator.sub, _from_second(balance), balance))
    lower, upper = _checked(amount, steps, every_number)
    usual = _usual(amount, steps, *top)
    return _readings(amount, steps, lower, upper, usual)


# Steps looked at for one of each reading's breaks (``breaks_every_reading``): lines
# switching currency break every reading within a few rows.
_STEPS_SCANNED = 256


def breaks_every_reading(
    amounts: Sequence[Decimal | None],
    balances: Sequence[Decimal | None],
    within: int = _STEPS_SCANNED,
) -> bool:
    """Whether each of the four readings has a step, among the first ``within``, that
    breaks it: both balances and the amount it moves that step by are there (numbers),
    and they do not add up. Then ``fit_chain`` finds no reading whole, and the one it
    takes has a step: asked before fitting a multi-currency export per currency, whose
    one chain over every line breaks at the first switch of currency, so that when each
    currency's chain is whole, the chain over every line need not be counted to know it
    adds up worse. False where the columns differ in length, or no break is found soon
    for some reading (the other order is then kept: one chain over every line first).
    The values are numbers or missing: no reading counts a step it cannot check, as it
    would an infinite step equal to an infinite amount (the readers refuse infinities).

    Counted as ``fit_chain`` counts: the steps down the rows, each the lower balance less
    the upper, moved by the lower row's amount (after each row oldest first, before each
    row newest first, the latter falling by it) or by the upper row's (the other two)."""
    if len(amounts) != len(balances):
        return False
    pending = set(Chain)
    for index in range(min(len(balances) - 1, within)):
        upper, lower = balances[index], balances[index + 1]
        if upper is None or lower is None:
            continue
        step = lower - upper
        if not step.is_finite():
            continue
        above, below = amounts[index], amounts[index + 1]
        if below is not None and below.is_finite():
            if step != below:
                pending.discard(Chain.AFTER_OLDEST_FIRST)
            if -step != below:
                pending.discard(Chain.BEFORE_NEWEST_FIRST)
        if above is not None and above.is_finite():
            if -step != above:
                pending.discard(Chain.AFTER_NEWEST_FIRST)
            if step != above:
                pending.discard(Chain.BEFORE_OLDEST_FIRST)
        if not pending:
            return True
    return False


def currency_rows(codes: Sequence[str | None]) -> dict[str, list[int]] | None:
    """The rows of each currency a row's code names (``codes``, one a row; None for a row
    naming none), the main currency's first (the one most rows name; a tie to the code
    first in alphabetical order, as ``main_currency`` decides), then the others in code
    order; a row naming none is the main currency's, as ``by_currency`` takes it. None
    where fewer than two currencies are named: one chain is the whole fit."""
    named = Counter(code for code in codes if code is not None)
    if len(named) < 2:
        return None
    main = main_code(named)
    assert main is not None  # two codes at least
    rows: dict[str, list[int]] = {main: []}
    rows.update((code, []) for code in sorted(named) if code != main)
    for index, code in enumerate(codes):
        rows[main if code is None else code].append(index)
    return rows


class CurrencyFit:
    """``fit_chain`` where each row's balance is its own currency's (``rows``: each
    currency's rows, the main currency's first, as ``currency_rows`` gives them), for one
    sheet's rows, fitted as often as the sheet asks. A multi-currency account's export
    (Wise, Revolut) keeps each currency's running balance in one column, and the lines of
    each currency form their own chain, as ``chain_breaks`` follows it. Judged over all
    rows at once, every switch of currency broke two steps, and a file switching often
    had its balance column refused as no running balance at all. Each reading's steps are
    counted within each currency's rows and added up over the currencies; the reading is
    then taken by ``fit_chain``'s rule. ``column`` names the currency column for the
    evidence.

    Layout inference may fit several pairs of columns a sheet, each column in several
    (three candidate columns make six pairs, each column an amount in two and a balance
    in two): each column's values are gathered per currency once (``picked``), not on
    every fit of 200,000 rows. A column is known by the list itself, which is held while this is
    (so no other list can take its identity): the columns handed in are read, never
    changed, as ``SheetAnalysis.row_decimals`` hands them out.

    Amounts and balances are finite numbers or missing (None, or NaN where a row's sign
    could not be read): the readers refuse infinities."""

    def __init__(self, rows: Mapping[str, Sequence[int]], column: str | None = None) -> None:
        self.rows = rows
        self.column = column
        self._picked: dict[int, tuple[Sequence[Decimal | None], _Picked]] = {}

    def picked(self, values: Sequence[Decimal | None]) -> _Picked:
        """``values`` of each currency's rows (a missing one as NaN), in ``rows``' order,
        and whether every one is a number; gathered once for each column."""
        held = self._picked.get(id(values))
        if held is not None and held[0] is values:
            return held[1]
        column = missing_as_nan(values)
        finite = column is values and all(map(Decimal.is_finite, column))
        found = _Picked([pick(column, indexes) for indexes in self.rows.values()], finite)
        self._picked[id(values)] = (values, found)
        return found

    def fit(
        self, amounts: Sequence[Decimal | None], balances: Sequence[Decimal | None]
    ) -> ChainFit:
        """The per-currency fit of the two columns.

        Where every amount is a number and each currency's every step obeys the usual
        reading (balance after each row, oldest first), that reading has every step its
        own and beats the others, as in ``fit_chain``: they are not counted. The first
        step that does not obey it ends the look, and the steps looked at are not
        compared again."""
        amount, balance = self.picked(amounts), self.picked(balances)
        tops: list[tuple[int, int]] = []  # each currency's (obeyed, looked) from the top
        if amount.finite:
            for group_amounts, group_balances in zip(amount.groups, balance.groups, strict=True):
                pairs = max(len(group_balances) - 1, 0)
                obeyed = _obeyed_from_the_top(group_amounts, group_balances)
                tops.append((obeyed, obeyed if obeyed == pairs else obeyed + 1))
                if obeyed < pairs:
                    break
            else:
                steps = sum(obeyed for obeyed, _ in tops)
                fit = ChainFit(Chain.AFTER_OLDEST_FIRST, steps, steps)
                return replace(fit, currencies=tuple(self.rows), currency_column=self.column)
        # Each currency's rows of both columns are of one length; NaN where missing.
        every_number = amount.finite and balance.finite
        totals = [[0, 0] for _ in Chain]
        groups = zip(amount.groups, balance.groups, strict=True)
        for index, (group_amounts, group_balances) in enumerate(groups):
            top = tops[index] if index < len(tops) else (0, 0)
            readings = _every_fit(group_amounts, group_balances, every_number, top)
            for total, reading in zip(totals, readings, strict=True):
                total[0] += reading.consistent
                total[1] += reading.pairs
        fits = [
            ChainFit(chain, consistent, pairs)
            for chain, (consistent, pairs) in zip(Chain, totals, strict=True)
        ]
        return replace(_best(fits), currencies=tuple(self.rows), currency_column=self.column)

    def cannot_hold(
        self, amounts: Sequence[Decimal | None], balances: Sequence[Decimal | None]
    ) -> bool:
        """Whether, for certain, neither one chain over every line (``fit_chain``) nor
        each currency's (``fit``) holds (``ChainFit.holds``), and each has broken steps:
        told from the first steps of each where every amount and balance is a number.

        A caller choosing among candidate pairs of columns (which is the amount, which
        its running balance) sets aside every fit that does not hold, and most pairs are
        no chain at all: counting all four readings of both over 200,000 rows, only to
        set them aside, was most of a multi-currency sheet's fitting. False where it is
        not certain (a fit may hold, or a value is missing): the caller then fits."""
        amount, balance = self.picked(amounts), self.picked(balances)
        if not (amount.finite and balance.finite) or len(amounts) != len(balances):
            return False
        whole = [(cast(Sequence[Decimal], amounts), cast(Sequence[Decimal], balances))]
        each = list(zip(amount.groups, balance.groups, strict=True))
        return _cannot_hold(whole) and _cannot_hold(each)


@dataclass(frozen=True, slots=True)
class _Picked:
    """A column's values of each currency's rows (missing ones as NaN), and whether every
    value is a number (no NaN: each step's amount is there)."""

    groups: list[Sequence[Decimal]]
    finite: bool


# The steps glanced at before looking for a proof that no reading holds (``_cannot_hold``),
# and the share of every column's steps the proof is looked for in (9/16: over half).
_GLANCE = 256
_LOOKED, _OF = 9, 16


def _cannot_hold(columns: Sequence[tuple[Sequence[Decimal], Sequence[Decimal]]]) -> bool:
    """Whether no reading of the steps of ``columns`` (pairs of amounts and balances,
    each of one length and every value a number, their steps added up over the pairs as
    ``CurrencyFit.fit`` adds up each currency's) holds: each reading breaks on at least
    half of all the steps. Every step is then one each reading can check, so a reading
    obeyed by at most the steps it does not break within the first 9/16 of each column's
    steps plus all the steps after them obeys at most half: told without counting the
    rest. A glance at the first steps leaves a pair where some reading is obeyed by more
    than one step in eight (a chain, or one with a few rows off) to be counted whole."""
    total = sum(max(len(balance) - 1, 0) for _, balance in columns)
    if not total:
        return False
    amount, balance = columns[0]
    glance = _every_fit(amount[: _GLANCE + 1], balance[: _GLANCE + 1], every_number=True)
    if any(8 * fit.consistent > fit.pairs for fit in glance):
        return False
    broken = [0 for _ in Chain]
    for amount, balance in columns:
        looked = -(-max(len(balance) - 1, 0) * _LOOKED // _OF) + 1  # rows: the steps' and one
        for index, fit in enumerate(_every_fit(amount[:looked], balance[:looked], True)):
            broken[index] += fit.pairs - fit.consistent
    return all(2 * count >= total for count in broken)


def _from_second(values: Sequence[_T]) -> Iterator[_T]:
    return itertools.islice(values, 1, None)


def _from(values: Sequence[Decimal], start: int) -> Iterator[Decimal]:
    return itertools.islice(values, start, None)


def _all_finite(values: Sequence[Decimal | None]) -> TypeGuard[Sequence[Decimal]]:
    """Whether every value is there and a finite number, told by one pass: a missing
    value (None) is no decimal, which ``Decimal.is_finite`` refuses, so the pass that
    looked for one first (``missing_as_nan``) is not made as well."""
    try:
        return all(map(Decimal.is_finite, values))  # type: ignore[arg-type]  # None: below
    except TypeError:  # a None among them
        return False


def missing_as_nan(values: Sequence[Decimal | None]) -> Sequence[Decimal]:
    """Whole columns are compared in C, where a None would stop the comparison."""
    if not any(map(operator.is_, values, itertools.repeat(None))):
        return values  # type: ignore[return-value]
    return [NAN if value is None else value for value in values]


def chain_breaks(
    lines: Sequence[StatementLine],
    chain: Chain,
    column: str | None = None,
    money: tuple[Sequence[Decimal], Sequence[Decimal | None]] | None = None,
    groups: CurrencyGroups | None = None,
    proven: ProvenChain | None = None,
) -> list[RowWarning]:
    """A warning for every row where the running balance does not follow.

    ``money`` is the lines' amounts and balances, one entry per line, as the lines were
    built from them: reading two columns is cheaper than visiting 200,000 lines twice.
    ``groups`` is ``currency_groups(lines)`` where the caller has it already (the
    importer asks ``opening_and_closing`` of the same lines).

    Each currency's balance runs on its own (``by_currency``): a multi-currency account's
    export (Wise, Revolut) keeps a balance per currency in one column, and a line in
    another currency is not part of this one's, as it is not part of its bridge. Two
    currencies' amounts and balances are never added together.

    ``proven`` is the reading the layout's inference found every step to obey, where it
    did (``ProvenChain``): lines built from those very values have no break.
    """
    groups = currency_groups(lines) if groups is None else groups
    if len(groups) > 1:
        # Which currency's balance breaks is said: a break of the euros' 45.00 read as
        # the pounds' would send the accountant looking among the wrong lines.
        found = [
            warning
            for code, group in groups
            for warning in _breaks(group, chain, column, None, code, named=True)
        ]
        return sorted(found, key=_ROW)
    if proven is not None and money is not None and proven.covers(chain, *money):
        return []
    return _breaks(lines, chain, column, money, groups[0][0] if groups else None)


def by_currency(lines: Sequence[StatementLine]) -> list[Sequence[StatementLine]]:
    """The lines of each currency's balance, the statement's own currency's first (its
    lines and those naming none, ``balance_lines``: the balances it states are in it),
    then each other currency's in code order; ``[lines]`` itself for one currency."""
    return [group for _, group in currency_groups(lines)]


CurrencyGroups = list[tuple[str | None, Sequence[StatementLine]]]


def currency_groups(
    lines: Sequence[StatementLine], currencies: Sequence[str | None] | None = None
) -> CurrencyGroups:
    """``by_currency``'s groups, each with its currency's code (the statement's own for
    the first, which also holds the lines naming none); ``[(code, lines)]`` for one.
    ``currencies`` are the lines' currencies, one per line, where the caller built the
    lines from them: read as they are, not taken from each line again."""
    named = set(map(_CURRENCY, lines) if currencies is None else currencies)
    named.discard(None)
    if len(named) < 2:
        return [(next(iter(named), None), lines)]
    currency = main_currency(lines)
    others = sorted(code for code in named if code is not None and code != currency)
    return [
        (currency, balance_lines(lines, currency)),
        *((code, [line for line in lines if line.currency == code]) for code in others),
    ]


def balance_steps(lines: Sequence[StatementLine]) -> int:
    """How many steps a running balance takes over ``lines``: from each line with a
    balance to the next of its currency (``by_currency``), as ``chain_breaks`` follows
    it. Counted over all currencies at once, a file of two would have one step more than
    its balances take, and a step between a euro and a pound line that nothing checks."""
    return sum(
        max(sum(line.balance is not None for line in group) - 1, 0) for group in by_currency(lines)
    )


def _breaks(
    lines: Sequence[StatementLine],
    chain: Chain,
    column: str | None,
    money: tuple[Sequence[Decimal], Sequence[Decimal | None]] | None,
    currency: str | None = None,
    *,
    named: bool = False,
) -> list[RowWarning]:
    """``chain_breaks`` of one currency's lines (``currency``, None where they name none):
    each amount to its decimals; the currency ``named`` in each message where the file
    keeps balances in more than one."""
    whose = f"the {currency} running balance" if named and currency else "the running balance"
    # The columns the lines were built from are read as they are, not copied out.
    balances: Sequence[Decimal] = (
        list(map(_BALANCE, lines)) if money is None else money[1]  # type: ignore[assignment]
    )
    with_balance = lines
    if not all(map(operator.is_not, balances, itertools.repeat(None))):
        with_balance = [line for line in lines if line.balance is not None]
        balances = list(map(_BALANCE, with_balance))
        money = None
    amounts = list(map(_AMOUNT, with_balance)) if money is None else money[0]
    newest_first = chain.newest_first
    step = operator.sub if newest_first else operator.add
    own_row = chain in (Chain.AFTER_OLDEST_FIRST, Chain.BEFORE_NEWEST_FIRST)
    moved = _from_second(amounts) if own_row else amounts
    # Streamed, not kept: 200,000 expected balances would be fresh memory for nothing;
    # the few rows that break have theirs computed again for the message.
    expected = map(step, itertools.islice(balances, max(len(balances) - 1, 0)), moved)
    broken = list(
        itertools.compress(itertools.count(), map(operator.ne, expected, _from_second(balances)))
    )
    return [
        RowWarning(
            with_balance[index + 1].source_file,
            with_balance[index + 1].row,
            column,
            f"{whose} breaks: {plain_amount(balances[index + 1], currency)} where "
            f"{plain_amount(step(balances[index], amounts[index + 1 if own_row else index]), currency)} "
            f"was expected after row {with_balance[index].row} (a row may be missing, duplicated "
            "or misread)",
        )
        for index in broken
    ]


_BALANCE = operator.attrgetter("balance")
_AMOUNT = operator.attrgetter("amount")
_ROW = operator.attrgetter("row")
_CURRENCY = operator.attrgetter("currency")


def opening_and_closing(
    lines: Sequence[StatementLine], chain: Chain, groups: CurrencyGroups | None = None
) -> tuple[Decimal | None, Decimal | None]:
    """The statement's opening and closing balance implied by its balance column: its
    own currency's (``by_currency``), as the balances it states and its bridge are; a
    line in another currency shows that currency's balance.

    The ends as ``chain`` reads the rows, so that opening + movements = closing. Where the
    chain runs against the lines' dates (a card's balance owed, which rises by each
    purchase, read with the signs detected), they are not in date order; taking them in
    date order there would break that sum, the bridge would say the statement does not
    tie, and a balance owed is not modelled (a ledger's view of the bank, which reads the
    same way, is read with its signs swapped first: ``ledger_view``). ``groups`` is
    ``currency_groups(lines)`` where the caller has it already (``chain_breaks``)."""
    lines = (currency_groups(lines) if groups is None else groups)[0][1]
    first = next((line for line in lines if line.balance is not None), None)
    last = next((line for line in reversed(lines) if line.balance is not None), None)
    if first is None or last is None:
        return None, None
    assert first.balance is not None
    assert last.balance is not None
    if chain is Chain.AFTER_OLDEST_FIRST:
        return first.balance - first.amount, last.balance
    if chain is Chain.AFTER_NEWEST_FIRST:
        return last.balance - last.amount, first.balance
    if chain is Chain.BEFORE_OLDEST_FIRST:
        return first.balance, last.balance + last.amount
    return last.balance, first.balance + first.amount


def runs_against_the_dates(lines: Sequence[StatementLine], chain: Chain) -> bool:
    """Whether ``chain`` runs one way down the rows and the lines' dates the other; False
    where the dates do not say (one line, one day, not in order)."""
    newest_first = dates_run_newest_first(lines)
    return newest_first is not None and newest_first != chain.newest_first


def mirror(chain: Chain) -> Chain:
    """The reading of the same balance column the other way down the rows, which adds up
    as ``chain`` does with every amount's sign swapped (``_MIRROR``)."""
    return _MIRROR[chain]


def flipped_fit(fit: ChainFit) -> ChainFit:
    """``fit`` as it reads against every amount negated, the balances as they are: what a
    balance kept while the amounts alone are flipped follows.

    Each reading's steps add up as its mirror's did (``mirror``), so a reading its steps
    chose is mirrored (of readings that tied, the mirror of the one taken). Where no step
    adds up under any reading (one line, none of whose steps moves by an amount), the one
    taken was only the usual reading of those tied, and a reading and its mirror are
    checked on the same steps, so the same readings tie and the same one is taken:
    mirrored, "balance after each row, oldest first", the reading of a single line,
    would become "before each row, newest first", its movement added to its balance for
    the closing one rather than taken off it for the opening."""
    if not fit.consistent:
        return fit
    return replace(fit, chain=mirror(fit.chain))


def renamed(texts: Iterable[str], was: Chain, chain: Chain) -> tuple[str, ...]:
    """``texts`` (a balance column's evidence) naming its reading ``chain`` where they
    named ``was``: the one rule by which a column read the other way (``infer._kept``,
    ``importer._chain_turned``) keeps its evidence in step, where each wrote its own."""
    return tuple(text.replace(was.value, chain.value) for text in texts)


def as_the_dates_run(chain: Chain) -> str:
    """``chain``, where it runs against the lines' dates, in the evidence's words: the same
    steps read the way the dates run (``mirror``), each amount taken off the balance
    rather than added. Said as the rows' order alone ("before each row, newest first" of
    a file dated oldest first), it told the accountant nothing of what was found: that
    the balance runs against the amounts, as a balance owed does, or every sign is
    the wrong way round."""
    return f"{mirror(chain).value}, as the dates run, each amount taken off rather than added"


# The reading that runs the other way down the rows and still adds up, with every amount's
# sign swapped: after each row oldest first and before each row newest first are one
# chain read from either end, and so are the other two.
_MIRROR = {
    Chain.AFTER_OLDEST_FIRST: Chain.BEFORE_NEWEST_FIRST,
    Chain.BEFORE_NEWEST_FIRST: Chain.AFTER_OLDEST_FIRST,
    Chain.AFTER_NEWEST_FIRST: Chain.BEFORE_OLDEST_FIRST,
    Chain.BEFORE_OLDEST_FIRST: Chain.AFTER_NEWEST_FIRST,
}


@dataclass(frozen=True, slots=True)
class AgainstTheDates:
    """A running balance that adds up only read against the lines' dates: ``chain`` is the
    reading that runs as the dates do, and ``breaks`` its breaks (over ``steps``, each
    currency's balance followed on its own: ``balance_steps``)."""

    chain: Chain
    breaks: list[RowWarning]
    steps: int


def against_the_dates(
    lines: Sequence[StatementLine],
    chain: Chain,
    column: str | None = None,
    money: tuple[Sequence[Decimal], Sequence[Decimal | None]] | None = None,
) -> AgainstTheDates | None:
    """Where ``chain`` runs against the lines' dates, the reading that runs with them and
    where it breaks; None where the dates do not say which way they run, or ``chain``
    runs as they do, or the reading with them breaks nowhere.

    Every reading has its mirror (``_MIRROR``): the same balance column adds up read the
    other way down the rows with every amount's sign swapped. So amounts whose signs are
    all the wrong way round (a mapping's indicator_signs given swapped, its debit and credit
    columns named the other way) find a chain as well as the right signs do, only running
    against the dates: the fit alone cannot tell, and the balance column would say nothing.
    The dates can: a statement whose dates run oldest first lists oldest first.
    """
    newest_first = dates_run_newest_first(lines)
    if newest_first is None or chain.newest_first == newest_first:
        return None
    mirror = _MIRROR[chain]  # first: on a tie, the very chain found, signs aside
    other = next(r for r in Chain if r.newest_first == newest_first and r is not mirror)
    readings = [
        (reading, chain_breaks(lines, reading, column, money)) for reading in (mirror, other)
    ]
    along, breaks = min(readings, key=lambda found: len(found[1]))
    if not breaks:
        return None
    return AgainstTheDates(along, breaks, balance_steps(lines))


def dates_run_newest_first(lines: Sequence[StatementLine]) -> bool | None:
    """Whether the lines' dates run newest first (True) or oldest first (False); None when
    they do not say: all on one day, or not in either order."""
    if len(lines) < 2 or lines[0].date == lines[-1].date:
        return None
    dates = map(_DATE, lines)
    if lines[0].date < lines[-1].date:
        return False if all(itertools.starmap(operator.le, itertools.pairwise(dates))) else None
    return True if all(itertools.starmap(operator.ge, itertools.pairwise(dates))) else None


_DATE = operator.attrgetter("date")
