"""Whether an account's statements follow each other: each must open at the balance the one
before it left, or movements are missing between them.

Each file's balance bridge (opening + movements = closing) checks a statement against
itself; it cannot see that October's statement closes at -£16,780.62 and November's opens
at £25,000.00, £41,780.62 of movements that no file holds. This check compares the files
held with each other, per statement (and per day where two overlap), never per line pair.

The rules, and why:

- Statements are compared within one account, by its key (``account_key``): two
  exports that write one account differently are one account, and a UK account number
  named without its sort code (as files were read before the sort code was kept) is the
  one account's that names it with one (``_join_bare_numbers``). Files that name no account
  are compared with each other, as one account's: an accountant who imports a month's
  statement and the next month's without an account named most often holds one account,
  and a gap missed costs more than a break reported between two accounts, which the
  break's words say how to settle (name each file's account). A file that names no
  account is never compared with one that does: it may be any account's, and a break
  against the wrong one would be noise. But where two of the files that name no account
  clash (below), they hold two accounts' statements at least, and nothing says which is
  whose: a file is then compared only with one it can be shown to belong with, one it
  holds a movement in common with or whose closing balance it opens at, in the same
  currency (a foreign file beside an account's two months would be compared with the
  month before it and said to follow it by a gap it never had). Where none of them
  clashes, they are compared as one account's, and a gap between them is still said.
- Within an account, per currency: balances in two currencies cannot be compared. A
  statement whose lines name no currency joins the account's one currency, if it has one
  (an export without a currency column beside the same account's with one), unless one
  of the account's statements naming none clashes with one naming that currency (below:
  their dates overlap, yet they hold no movement in common). That one is then no
  statement of the account in that currency (a sterling file beside a euro account's,
  its ``--currency`` forgotten), and the others naming none are more likely its
  neighbours than the currency's: the account's statements naming no currency are then
  compared with each other alone, as a currency of their own, and nothing more is said
  (``reconcile`` and the import wizard already say which file states no currency, and
  a break between files that name no account says to name them).
- A balance is said in the currency its statement states (a currency of its own or its
  lines'), never in the one it joined: the statement does not say it, and a sterling
  balance read as euros is a figure the accountant would take as stated. Where one of
  two compared states no currency, its balance and the movements missing are said as
  plain numbers, and the break says it was compared in the other's currency.
- A statement is placed by its first and last movement's dates. One without movements (a
  quiet month's) has no dates to place it by and is not compared: the statements around
  it are compared with each other, and a quiet month leaves the balance as it was. A
  movement dated far out of sequence (``stray_dates``: '12/04/2025' read as 12 April
  among a December statement's rows, which its import warns of) does not place it: the
  statement is December's, and stretched back to April it would be compared with
  November's as the earlier of the two. Its amount still counts where the balance
  before a day is worked out, on the date it was read as.
- Statements of the same first and last dates (a day's intraday reports) are put in the
  order their balances chain, where they chain one way only, else in the order held
  (imported, or named on the command line), never by their names.
- Each statement is compared with the one before it that reaches furthest: a statement
  within another's dates is compared with that one, and the next with whichever ends
  later. Where the needed balances are not stated, the pair is not compared, and the
  statement still takes its place in the order (skipping it would compare its
  neighbours across its movements).
- Two statements clash where their dates overlap but they hold no movement in common:
  the later's first movement is on a day the earlier covers, which an account's
  statement of that day would hold too. They are not one account's consecutive
  statements (two accounts' files, neither naming its account), and neither opening
  nor closing balance of one says anything of the other: they are not compared, and a
  statement is compared with the one before it that reaches furthest among those it
  does not clash with (its own account's, most likely), or with none. The pairs passed
  over so are said where the pairs compared are listed (the report's Summary): two
  files not compared for a clash are not two that state no balances; and where the
  breaks are said (the window's banner, ``reconcile``'s stderr), in the same words: two
  files not compared are not two that follow each other. A day one of them
  ends on and the other begins on is no overlap: a morning's and an afternoon's intraday
  report, or a download made during the day and the next, share that day and no
  movement, and follow each other (below).
- Two statements that hold a movement in common (an overlapping download: the
  workspace, the session and the ``reconcile`` run each hold the movement once, a later
  file's copy repeating the line first held, perhaps a third file's) overlap: the later
  must open at the earlier's balance before the later's first day (downloads cover whole
  days). Two that share none follow each other, even on one day (a morning's and an
  afternoon's intraday report): the later must open at the earlier's closing balance.
- Two that overlap must also agree on each day both cover (``Disagreement``): opening at
  the right balance says nothing of the days after it. A bank's corrected download of a
  statement (one amount changed, the balances after it following) shares every other
  movement with the first, opens at the same balance, and closes at another: held
  beside it, its changed line is a movement that never happened. So each day's closing
  balance (stated balance and movements, as each file's bridge holds them) is compared
  on the days both cover in full: from the later's first day (downloads cover whole
  days, as above) to the day before the first of them ends. The day one of them ends may
  be cut short (a download made during the day, an intraday report), so there a balance
  that differs is a disagreement only where that file holds a movement the other, which
  covers the day, does not (where both end that day: where each holds one the other does
  not). Only statements that state a balance are compared so: without one, a line one
  holds and the other does not may be either file's gap, and nothing says which.
"""

from __future__ import annotations

import bisect
import operator
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from itertools import groupby
from typing import Protocol

from desktop_app.domain import (
    LineKey,
    StatementLine,
    balance_lines,
    format_amount,
    main_currency,
)
from desktop_app.statements.account_key import (
    UNKNOWN_ACCOUNT,
    account_key,
    bare_key,
    is_bare_mask,
)
from desktop_app.statements.balance_order import chained
from desktop_app.statements.stray_dates import placed_by
from desktop_app.wording import day_text


class StatedBalances(Protocol):
    """What a held statement says of itself: a workspace's ``StatementRecord`` or a
    report's ``StatementUsed``. ``repeats`` maps each of its lines held only as another
    file's line (an overlap) to that line."""

    @property
    def source_file(self) -> str: ...

    @property
    def account(self) -> str | None: ...

    @property
    def currency(self) -> str | None: ...

    @property
    def opening_balance(self) -> Decimal | None: ...

    @property
    def closing_balance(self) -> Decimal | None: ...

    @property
    def repeats(self) -> Mapping[LineKey, LineKey]: ...


@dataclass(frozen=True, slots=True)
class HeldMovements:
    """A statement's movements as held: its own lines and the kept lines its repeated ones
    stand for. ``missing`` counts repeated lines whose kept line is not held (its file
    was taken out), so nothing can be said of them."""

    statement: StatedBalances
    lines: tuple[StatementLine, ...]
    missing: int

    @property
    def currency(self) -> str | None:
        """The statement's currency, or else the one most of its lines are in, as every
        other place tells it (``main_currency``: lines naming none do not count, a tie goes
        the same way whatever order the lines are held in): its balances'."""
        return self.statement.currency or main_currency(self.lines)


def held_movements(
    statements: Iterable[StatedBalances], lines: Iterable[StatementLine]
) -> list[HeldMovements]:
    """Each statement's movements among ``lines`` (the lines held, each movement once):
    what its balance bridge adds up and what places it among the others."""
    statements = list(statements)
    lines = list(lines)
    lines_by_file: dict[str, list[StatementLine]] = defaultdict(list)
    for line in lines:
        lines_by_file[line.source_file].append(line)
    # The kept lines repeats stand for, keyed: only those, not every line held (building
    # 200,000 keys cost more than the rest of the check).
    wanted: dict[str, set[int]] = defaultdict(set)
    for statement in statements:
        for key in statement.repeats.values():
            wanted[key.source_file].add(key.row)
    by_key = {
        line.key: line
        for name, rows in wanted.items()
        for line in lines_by_file.get(name, ())
        if line.row in rows
    }
    result = []
    for statement in statements:
        kept = [by_key.get(key) for key in statement.repeats.values()]
        own = lines_by_file.get(statement.source_file, [])
        held = (*own, *(line for line in kept if line is not None))
        result.append(HeldMovements(statement, held, kept.count(None)))
    return result


@dataclass(frozen=True, slots=True)
class StatementSpan:
    """One statement as the check places it: its account and currency, its stated
    balances, its movements in its currency summed per day in date order (an empty day
    where its only movements are in another currency: the day still places it), the
    lines holding its movements (its own, and those its repeats stand for), whose keys
    tell whether two statements share a movement, and the first and last date that place
    it where a movement dated far out of sequence is left out of them (``placed``)."""

    source_file: str
    account: str | None
    currency: str | None
    opening_balance: Decimal | None
    closing_balance: Decimal | None
    days: tuple[tuple[date, Decimal], ...]
    lines: tuple[StatementLine, ...] = ()
    # Set by ``of``; a span built from its days alone (as tests build them) is placed by
    # its first and last day, and one without days is not placed.
    placed: tuple[date, date] | None = None

    def __post_init__(self) -> None:
        if self.placed is None and self.days:
            object.__setattr__(self, "placed", (self.days[0][0], self.days[-1][0]))

    @classmethod
    def of(cls, held: HeldMovements) -> StatementSpan:
        statement, currency = held.statement, held.currency
        # Every line's day places the statement; only its balance's lines move it.
        days = dict.fromkeys((line.date for line in held.lines), Decimal(0))
        for line in balance_lines(held.lines, currency):
            days[line.date] += line.amount
        ordered = tuple(sorted(days.items()))
        placed = placed_by(_in_row_order(held))
        return cls(
            statement.source_file,
            statement.account,
            currency,
            statement.opening_balance,
            statement.closing_balance,
            ordered,
            held.lines,
            placed,
        )

    @property
    def first_date(self) -> date | None:
        return None if self.placed is None else self.placed[0]

    @property
    def last_date(self) -> date | None:
        return None if self.placed is None else self.placed[1]

    def balance_before(self, day: date) -> Decimal | None:
        """The balance before ``day``'s movements, from the opening balance (or back
        from the closing balance where only that is stated)."""
        if self.opening_balance is not None:
            return self.opening_balance + sum(
                (amount for when, amount in self.days if when < day), Decimal(0)
            )
        if self.closing_balance is not None:
            return self.closing_balance - sum(
                (amount for when, amount in self.days if when >= day), Decimal(0)
            )
        return None


def _in_row_order(held: HeldMovements) -> list[date]:
    """The statement's movements' dates in its file's row order: its own lines' and, in
    the rows of those it repeats, the dates of the lines they stand for."""
    own = held.statement.source_file
    kept = {line.key: line.date for line in held.lines if line.source_file != own}
    by_row = {line.row: line.date for line in held.lines if line.source_file == own}
    for mine, other in held.statement.repeats.items():
        if other in kept:
            by_row[mine.row] = kept[other]
    return [by_row[row] for row in sorted(by_row)]


def spans(
    statements: Iterable[StatedBalances], lines: Iterable[StatementLine]
) -> list[StatementSpan]:
    return [StatementSpan.of(held) for held in held_movements(statements, lines)]


class BreakKind(Enum):
    """What kind of break two statements make, each with its own remedy: movements missing
    between them (a statement not imported), or two that overlap disagreeing (a corrected
    download held beside the one it corrects); or, said beside them, two not compared
    because they clash (``Clash``): no break was looked for between them, which the
    accountant must know wherever the breaks are listed, or two accounts' files read as
    checked. Its value is a warning's heading."""

    GAP = "movements missing between statements"
    DISAGREEMENT = "statements disagree"
    CLASH = "statements not compared"


@dataclass(frozen=True, slots=True)
class StatementBreak:
    """A break (or a clash) as said beyond this module (the window's banner, ``reconcile``'s
    stderr): its kind, so whatever says it can say which kind it is without reading the
    words, and the words."""

    kind: BreakKind
    text: str

    @property
    def warning(self) -> str:
        """The words after their kind, as a warning on stderr says them: a script reading
        the log tells the kinds apart by the heading."""
        return f"{self.kind.value}: {self.text}"


@dataclass(frozen=True, slots=True)
class StatementStep:
    """Two statements of one account, the later compared where it begins with the balance
    the earlier left there (``carried``): its closing balance, or where they overlap its
    balance before the later's first day. ``missing`` is what movements between them
    would have to add up to for the later to open as it does: zero when it follows."""

    earlier: StatementSpan
    later: StatementSpan
    carried: Decimal
    overlapping: bool = False
    # Where the two, overlapping and opening alike, disagree on a day both cover.
    disagreement: Disagreement | None = None

    @property
    def opening(self) -> Decimal:
        assert self.later.opening_balance is not None  # only such pairs are compared
        return self.later.opening_balance

    @property
    def missing(self) -> Decimal:
        return self.opening - self.carried

    @property
    def follows(self) -> bool:
        return self.missing == 0 and self.disagreement is None

    @property
    def kind(self) -> BreakKind:
        """What kind of break it is (where it does not follow)."""
        return BreakKind.GAP if self.disagreement is None else BreakKind.DISAGREEMENT

    @property
    def said(self) -> StatementBreak:
        """The break, its kind and its words, as the window is handed it."""
        return StatementBreak(self.kind, str(self))

    @property
    def carried_on(self) -> date:
        """The day whose closing balance ``carried`` is: the earlier's last day, or where
        the two overlap the day before the later's first (the balance before that day's
        movements). The report puts this day beside the balance, not the earlier's last
        day: that day's balance is another figure."""
        if self.overlapping:
            assert self.later.first_date is not None
            return self.later.first_date - timedelta(days=1)
        assert self.earlier.last_date is not None
        return self.earlier.last_date

    @property
    def currency(self) -> str | None:
        """The currency the two are compared in: theirs, or where one states none (it
        joined its account's one currency), the other's."""
        return self.later.currency or self.earlier.currency

    @property
    def missing_currency(self) -> str | None:
        """The currency of ``missing``: the one both state, or none where one of them
        states none (module docstring: a difference from a balance in no stated currency
        is no amount in the other's)."""
        earlier, later = self.earlier.currency, self.later.currency
        return earlier if earlier == later else None

    @property
    def unstated(self) -> str | None:
        """The file of the two that states no currency, where the other states one: it
        was compared in that currency only because its account has no other."""
        if self.currency is None:
            return None
        for span in (self.later, self.earlier):
            if span.currency is None:
                return span.source_file
        return None

    @property
    def account(self) -> str | None:
        """The account as the pair's files name it most closely: a UK account number
        with its sort code rather than alone (``_groups`` compares the two)."""
        later, earlier = self.later.account, self.earlier.account
        if earlier is not None and bare_key(account_key(earlier)) == account_key(later):
            return earlier
        return later

    @property
    def message(self) -> str:
        """The break in words: which file opens at what, where the other left off; or
        where two that overlap disagree, on which day, by what balances and lines."""
        later, earlier = self.later, self.earlier
        if self.disagreement is not None:
            return self.disagreement.said(earlier, later)
        assert later.first_date is not None
        assert earlier.last_date is not None
        opening, carried = (
            format_amount(self.opening, later.currency),
            format_amount(self.carried, earlier.currency),
        )
        opens = f"{later.source_file} opens at {opening} on {day_text(later.first_date)}"
        if self.overlapping:
            left = f"{earlier.source_file}, which it overlaps, stood at {carried} before that day"
        else:
            left = f"{earlier.source_file} closed at {carried} on {day_text(earlier.last_date)}"
        missing = format_amount(self.missing, self.missing_currency)
        return f"{opens} but {left}: {missing} of movements are missing between them"

    @property
    def advice(self) -> str:
        """What to do about a break between files that name no account, which are
        compared as one account's statements: they may be two accounts'. Where two
        disagree, how to keep the right one: a corrected download is imported beside the
        one it corrects (the workspace refuses another file under the same name), and
        removing the one it corrects keeps the movements both hold, under the other, with
        the decisions on them (``workspace.statement_removal``)."""
        if self.disagreement is not None:
            earlier, later = self.earlier.source_file, self.later.source_file
            return (
                f"If {later} corrects {earlier} (a corrected download from the bank), remove "
                f"{earlier} (Statements, Remove statement… in the window; or leave it out of "
                f"the run): the movements both hold stay, under {later}, with the decisions on "
                f"them. If {earlier} is the right one, remove {later}."
            )
        if self.follows:
            return ""
        unstated, named = self.unstated, bool(account_key(self.account))
        if unstated is None:
            if named:
                return ""
            return (
                "Neither file names its account, so they are compared as one account's: if "
                "they are two accounts' statements, name each one's account when importing it."
            )
        how = "(the import wizard's Currency, or reconcile's --currency)"
        if named:
            return (
                f"{unstated} states no currency, so it is compared in {self.currency}, its "
                f"account's one currency: if it is in another, give its currency when "
                f"importing it {how}."
            )
        return (
            f"Neither file names its account and {unstated} states no currency, so they are "
            f"compared as one account's statements in {self.currency}: if they are not, name "
            f"each one's account when importing it, and {unstated}'s currency {how}."
        )

    def __str__(self) -> str:
        return f"{self.message}. {self.advice}".strip()


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Two overlapping statements' first day (module docstring) whose closing balances
    differ, with those balances and the movements of that day each holds and the other
    does not (by line key: a repeat stands for the line it repeats)."""

    day: date
    earlier_balance: Decimal
    later_balance: Decimal
    earlier_only: tuple[StatementLine, ...]
    later_only: tuple[StatementLine, ...]

    def said(self, earlier: StatementSpan, later: StatementSpan) -> str:
        """The disagreement in words, each balance and line in the currency its own
        statement states (module docstring)."""
        balances = (
            f"{later.source_file} disagrees with {earlier.source_file}, which it overlaps, "
            f"on {day_text(self.day)}: it closes that day at "
            f"{format_amount(self.later_balance, later.currency)}, {earlier.source_file} at "
            f"{format_amount(self.earlier_balance, earlier.currency)}"
        )
        held = [
            _not_in(lines, owner.source_file, other.source_file, owner.currency)
            for lines, owner, other in (
                (self.later_only, later, earlier),
                (self.earlier_only, earlier, later),
            )
            if lines
        ]
        return "; ".join([balances, *held])


_NAMED = 3  # lines named of each side's; the rest counted


def _not_in(lines: Sequence[StatementLine], owner: str, other: str, currency: str | None) -> str:
    """'oct-a-v2.csv row 11 (£1,310.00 BACS CUST 1050 EL-2025-00154) is not in oct-a.csv':
    the line by its file and row (a repeat's kept line by that file's), amount and words.
    The words' runs of whitespace (a description's embedded newline) are one space each:
    the text is a one-line warning, and a line break in it would split it in a log."""
    named = []
    for line in lines[:_NAMED]:
        words = " ".join(
            " ".join(part.split())
            for part in (line.description, line.reference, line.counterparty)
            if part and not part.isspace()
        )
        amount = format_amount(line.amount, line.currency or currency)
        named.append(f"{line.source_file} row {line.row} ({amount}{' ' if words else ''}{words})")
    if len(lines) > _NAMED:
        named.append(f"{len(lines) - _NAMED} more")
    verb = "is" if len(lines) == 1 else "are"
    where = "" if all(line.source_file == owner for line in lines) else f", held for {owner},"
    return f"{', '.join(named)}{where} {verb} not in {other}"


@dataclass(frozen=True, slots=True)
class Clash:
    """Two statements compared with each other for continuity but not compared: their
    dates overlap, yet they hold no movement in common (module docstring). Said where the
    compared statements are listed (the report's Summary), so that two files not compared
    are not read as two that state no balances, and where the breaks are (``said``), so
    that they are not read as two that follow each other."""

    earlier: StatementSpan
    later: StatementSpan

    @property
    def said(self) -> StatementBreak:
        """The clash in the words the Summary says it in, as the window and ``reconcile``
        are handed it beside the breaks."""
        return StatementBreak(BreakKind.CLASH, str(self))

    def __str__(self) -> str:
        (earlier_first, earlier_last), (later_first, later_last) = (
            _dates(self.earlier),
            _dates(self.later),
        )
        start, end = max(earlier_first, later_first), min(earlier_last, later_last)
        days = day_text(start) if start == end else f"{day_text(start)} to {day_text(end)}"
        return (
            f"{self.later.source_file} and {self.earlier.source_file} clash and are not "
            f"compared: their dates overlap ({days}) yet they hold no movement in common, so "
            f"they are not one account's consecutive statements."
        )


@dataclass(frozen=True, slots=True)
class Continuity:
    """The check's outcome: every pair of statements compared (a step that does not
    follow is a break), and the pairs that clash and were not compared."""

    steps: tuple[StatementStep, ...] = ()
    clashes: tuple[Clash, ...] = ()

    @property
    def said(self) -> tuple[StatementBreak, ...]:
        """Each break, then each clash, in the words the report's Summary says them: what
        the window's banner and ``reconcile``'s stderr list. A clash is said with the
        breaks: without it, two files passed over read as two that follow each other."""
        breaks = (step.said for step in self.steps if not step.follows)
        return (*breaks, *(clash.said for clash in self.clashes))


def compare(statements: Iterable[StatementSpan]) -> list[StatementStep]:
    """Every pair of statements compared (module docstring), by account, currency and
    date; those that do not follow are the breaks."""
    return list(check(statements).steps)


def check(statements: Iterable[StatementSpan]) -> Continuity:
    """Every pair of statements compared (module docstring), by account, currency and
    date, and the pairs passed over because they clash."""
    steps: list[StatementStep] = []
    clashes: list[Clash] = []
    movements = _Movements()
    for group in _groups(statements, movements, clashes):
        ordered = _ordered(group)
        # Where no account is named and two of the group clash, it holds two accounts'
        # statements at least: a statement is compared only with one it belongs with.
        proof = account_key(group[0].account) == UNKNOWN_ACCOUNT and _any_clash(ordered, movements)
        # Each statement placed so far, by its last date, then its place in the order:
        # the last is the one reaching furthest (of those ending alike, the latest).
        reaches: list[tuple[date, int]] = []
        for index, span in enumerate(ordered):
            placed = (ordered[at] for _, at in reversed(reaches))
            earlier = _earlier(span, placed, movements, clashes, proof=proof)
            if earlier is not None:
                step = _step(earlier, span, movements)
                if step is not None:
                    steps.append(step)
            bisect.insort(reaches, (_dates(span)[1], index))
    return Continuity(tuple(steps), tuple(clashes))


def _earlier(
    span: StatementSpan,
    placed: Iterable[StatementSpan],
    movements: _Movements,
    clashes: list[Clash],
    *,
    proof: bool,
) -> StatementSpan | None:
    """The statement ``span`` is compared with: of those ``placed`` before it (the one
    reaching furthest first), the first it does not clash with (module docstring), each
    it clashes with before that added to ``clashes``. Most often the first: only one
    that clashes is passed over. With ``proof`` (a group naming no account that holds
    two accounts' statements), the first it does not clash with and belongs with."""
    for earlier in placed:
        if _clash(earlier, span, movements):
            clashes.append(Clash(earlier, span))
        elif not proof or _belongs(earlier, span, movements):
            return earlier
    return None


def _belongs(earlier: StatementSpan, later: StatementSpan, movements: _Movements) -> bool:
    """Whether two statements that do not clash can be shown to be one account's: they
    hold a movement in common, or the later opens at the balance the earlier closes at,
    both in one currency (module docstring)."""
    if _dates(later)[0] <= _dates(earlier)[1] and not movements.of(earlier).isdisjoint(
        movements.of(later)
    ):
        return True
    return (
        earlier.currency == later.currency
        and later.opening_balance is not None
        and later.opening_balance == earlier.closing_balance
    )


def _any_clash(ordered: Sequence[StatementSpan], movements: _Movements) -> bool:
    """Whether two of one group's statements (``_ordered``) clash: only those whose
    dates meet are looked at, as ``compare`` looks at them."""
    reaches: list[tuple[date, int]] = []
    for index, span in enumerate(ordered):
        first = _dates(span)[0]
        for last, at in reversed(reaches):
            if last < first:
                break
            if _clash(ordered[at], span, movements):
                return True
        bisect.insort(reaches, (_dates(span)[1], index))
    return False


def _clash(one: StatementSpan, other: StatementSpan, movements: _Movements) -> bool:
    """Whether two statements' dates overlap though they hold no movement in common: more
    than a day, or one day that is not where one ends and the other begins (module
    docstring). Their movements are keyed only where their dates overlap."""
    (one_first, one_last), (other_first, other_last) = _dates(one), _dates(other)
    start, end = max(one_first, other_first), min(one_last, other_last)
    if start > end:
        return False
    if start == end and (
        (one_last == end and other_first == end) or (other_last == end and one_first == end)
    ):
        return False
    return movements.of(one).isdisjoint(movements.of(other))


def _groups(
    statements: Iterable[StatementSpan], movements: _Movements, clashes: list[Clash]
) -> list[list[StatementSpan]]:
    """The statements compared with each other: one account's (by key), one currency's;
    those of no currency with the account's one currency where it has exactly one and
    none of them clashes with one of its statements (module docstring), each that does
    added to ``clashes``: they were not compared."""
    by_account: dict[str, list[StatementSpan]] = defaultdict(list)
    for span in statements:
        if span.days:
            by_account[account_key(span.account)].append(span)
    _join_bare_numbers(by_account)
    groups: list[list[StatementSpan]] = []
    for key in sorted(by_account):
        members = by_account[key]
        currencies = sorted({span.currency for span in members if span.currency is not None})
        joined = currencies[0] if len(currencies) == 1 else None
        if joined is not None:
            unstated = _unstated_clashes(members, movements)
            if unstated:
                clashes.extend(unstated)
                joined = None
        by_currency: dict[str | None, list[StatementSpan]] = defaultdict(list)
        for span in members:
            by_currency[span.currency or joined].append(span)
        groups.extend(by_currency[currency] for currency in sorted(by_currency, key=_sort_key))
    return groups


def _unstated_clashes(members: Sequence[StatementSpan], movements: _Movements) -> list[Clash]:
    """Each of an account's statements that state no currency clashing with one that
    states one, the earlier (by dates) first: where there is one, none of them joins that
    currency (module docstring)."""
    stated = [span for span in members if span.currency is not None]
    return [
        Clash(*sorted((span, other), key=_dates))
        for span in members
        if span.currency is None
        for other in stated
        if _clash(span, other, movements)
    ]


def _join_bare_numbers(by_account: dict[str, list[StatementSpan]]) -> None:
    """A UK account number's statements named without the sort code ("12345678", as this
    application read them before it kept the sort code) join those of the one account
    that names it with its sort code ("12-34-56 12345678"): one account's, as for
    duplicates (``account_key``). Where two sort codes show the number, it is unclear
    whose the bare number's are, and they stay apart, as before."""
    closer: dict[str, list[str]] = defaultdict(list)
    for key in by_account:
        bare = bare_key(key)
        if bare is not None and not is_bare_mask(bare):
            closer[bare].append(key)
    for bare, keys in closer.items():
        if len(keys) == 1 and bare in by_account:
            by_account[keys[0]].extend(by_account.pop(bare))


def _sort_key(currency: str | None) -> str:
    return currency or "~"


def _dates(span: StatementSpan) -> tuple[date, date]:
    first, last = span.first_date, span.last_date
    assert first is not None  # statements without days are not placed
    assert last is not None
    return first, last


def _ordered(group: list[StatementSpan]) -> list[StatementSpan]:
    """One account's statements by their first dates, then their last; those of the same
    dates (a day's intraday reports) in the order their balances chain, where they chain
    one way only, else in the order held (imported, or named on the command line): the
    file names would put an afternoon's report before its morning's."""
    by_dates = sorted(range(len(group)), key=lambda index: (*_dates(group[index]), index))
    result: list[StatementSpan] = []
    for _, same in groupby((group[index] for index in by_dates), key=_dates):
        run = list(same)
        result.extend(chained(run, _OPENING, _CLOSING) or run)
    return result


_OPENING = operator.attrgetter("opening_balance")
_CLOSING = operator.attrgetter("closing_balance")


class _Movements:
    """Each statement's movements by line key, built the first time two statements whose
    dates meet are compared and kept for the rest of one ``compare``: a year's statement
    is the earlier of every weekly one within its dates, and keying its 100,000 lines
    again for each of them cost seconds. Only statements whose dates meet are keyed."""

    def __init__(self) -> None:
        self._keyed: dict[int, frozenset[LineKey]] = {}  # by id: the spans outlive it

    def of(self, span: StatementSpan) -> frozenset[LineKey]:
        found = self._keyed.get(id(span))
        if found is None:
            found = self._keyed[id(span)] = frozenset(line.key for line in span.lines)
        return found


def _step(
    earlier: StatementSpan, later: StatementSpan, movements: _Movements
) -> StatementStep | None:
    if later.opening_balance is None:
        return None
    first, last = _dates(later)[0], _dates(earlier)[1]
    # A shared movement has one date in both: only statements whose dates meet may share.
    overlapping = first <= last and not movements.of(earlier).isdisjoint(movements.of(later))
    carried = earlier.balance_before(first) if overlapping else earlier.closing_balance
    if carried is None:
        return None
    disagreement = None
    if overlapping and carried == later.opening_balance:
        disagreement = _disagreement(earlier, later)
    return StatementStep(earlier, later, carried, overlapping, disagreement)


def _disagreement(earlier: StatementSpan, later: StatementSpan) -> Disagreement | None:
    """The first day both cover on which the two overlapping statements disagree
    (module docstring), or None. Per day, from the sums ``days`` holds: only the day
    found is looked at line by line."""
    first = _dates(later)[0]
    end = min(_dates(earlier)[1], _dates(later)[1])
    days = sorted({day for span in (earlier, later) for day, _ in span.days if first <= day <= end})
    if not days:
        return None
    runs = [_closing_balances(span, days) for span in (earlier, later)]
    if runs[0] is None or runs[1] is None:
        return None
    for day, before, after in zip(days, runs[0], runs[1], strict=True):
        if before == after:
            continue
        mine = [[line for line in span.lines if line.date == day] for span in (earlier, later)]
        keys = [{line.key for line in lines} for lines in mine]
        earlier_only = tuple(line for line in mine[0] if line.key not in keys[1])
        later_only = tuple(line for line in mine[1] if line.key not in keys[0])
        if day == end and not _holds_what_the_other_lacks(
            earlier, later, end, earlier_only, later_only
        ):
            continue
        return Disagreement(day, before, after, earlier_only, later_only)
    return None


def _holds_what_the_other_lacks(
    earlier: StatementSpan,
    later: StatementSpan,
    end: date,
    earlier_only: Sequence[StatementLine],
    later_only: Sequence[StatementLine],
) -> bool:
    """On the day one of them ends (``end``), perhaps cut short: whether the one that
    ends then holds a movement the other lacks (where both end then, each one)."""
    ends = [_dates(span)[1] == end for span in (earlier, later)]
    if all(ends):
        return bool(earlier_only) and bool(later_only)
    return bool(earlier_only) if ends[0] else bool(later_only)


def _closing_balances(span: StatementSpan, days: Sequence[date]) -> list[Decimal] | None:
    """``span``'s balance at the end of each of ``days`` (in order), from what it states;
    None where it states no balance."""
    balance = span.balance_before(days[0])
    if balance is None:
        return None
    amounts = dict(span.days)
    result = []
    for day in days:
        balance += amounts.get(day, Decimal(0))
        result.append(balance)
    return result
