"""Day-first or month-first, decided by the dates themselves.

A value whose first field is above 12 can only be day-first ("25/03/2024"); one whose
second field is above 12 only month-first ("03/25/2024"). Only when no value settles it
do weaker hints count, in this order: the language of the headers (German, Dutch, French,
Spanish and Italian banks write day-first); the period the dates span, where one order
puts them within a month and the other spreads them over months ('03/01/2024' ..
'03/12/2024': 1 to 12 March, or the 3rd of every month); the caller's locale (the
command line passes the system's, the window Qt's); and finally day-first, the most
common order worldwide. Every such guess is reported as an ambiguity, and as a warning
that says which order was taken, why, and how to read the file another way.

What decided it (``OrderBasis``) is kept beside the order, with the date that settled it,
so whoever shows the layout can say "settled by 31/01/2024 in row 5", "a guess", or that
the file's dates need no order at all (ISO dates, month names, a spreadsheet's date
cells), where choosing one would change nothing.

Two-digit years add a third reading: "24-03-04" is also 4 March 2024, year first. Its
first field above 12 "settles" day-first, which would put a month's movements on the 24th
of months from 2002 to 2028. So where every date could be yy-mm-dd, the order chosen
would spread them over more than a year and four times wider than year-first does, and
only year-first puts the statement's booking dates in date order, the dates are read
year-first (``year_first_instead``). Where both readings are in date order, another date
column whose dates need no order (an ISO value date) decides first: the reading that
agrees with it is taken. Failing that, the period does: a statement covers a month, a
quarter, a year, so where year-first spans at most a year and the order chosen more than
a year and four times wider ('24-03-01' to '24-03-29': March 2024, or the 24th of March
from 2001 to 2029), year-first is taken; a running balance that lists the rows the way
only the other reading runs may still overturn it (``by_the_balance``). When nothing
decides (both periods plausible, or both not), the order kept is reported as a guess that
year-first would also read (``24-03-05`` is 24 March 2005 or 5 March 2024), as a guess
between day and month is.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import locale
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from desktop_app.statements.column_stats import ColumnStats
from desktop_app.statements.dates import WRITTEN_ORDERS, DateOrder, DateText
from desktop_app.statements.header_words import DAY_FIRST_LANGUAGES
from desktop_app.statements.profile import ColumnScan, date_kind
from desktop_app.wording import counted

# Locales that write dates month-first; "english_united states" is how Windows names
# en_US to Python's locale module.
_MONTH_FIRST_LOCALES = (
    "en_us", "en-us", "us", "en_ph", "fil", "en_ca_us", "english_united states"
)  # fmt: skip
_NO_LOCALE = ("c", "posix")  # a locale that says nothing about how dates are written


def system_locale_hint(environ: Mapping[str, str] | None = None) -> str | None:
    """The system's locale, as the hint a guessed date order may follow: the first of
    LC_ALL, LC_TIME and LANG that is set, as POSIX looks them up (dates are LC_TIME's),
    else, with no ``environ`` given, what Python's ``locale`` module finds (Windows sets
    no LANG); None for "C" or "POSIX", which say nothing about dates. A window passes its
    own (Qt's) instead: the engine asks no toolkit."""
    env = os.environ if environ is None else environ
    found = next((env[name] for name in ("LC_ALL", "LC_TIME", "LANG") if env.get(name)), None)
    if found is None and environ is None:
        found = locale.getlocale(locale.LC_TIME)[0] or locale.getlocale()[0]
    return found if found and _says_something(found) else None


def _says_something(locale_hint: str) -> bool:
    """Whether a locale says how its dates are written ("C" says nothing)."""
    return locale_hint.split(".")[0].strip().lower() not in _NO_LOCALE


class OrderBasis(enum.Enum):
    """What the date order rests on."""

    DATE_CELLS = "date cells"  # the spreadsheet's own dates: read without any order
    UNAMBIGUOUS = "unambiguous"  # ISO, yyyymmdd or a month name: one reading each
    SETTLED = "settled"  # a day above 12 (a year above 31) allows one order only
    CONFLICT = "conflict"  # dates allow one order or the other: the majority's
    GUESSED = "guessed"  # no date settles it: headers, locale or the commonest order
    # yy-mm-dd: read day- or month-first the dates would span decades, or would disagree
    # with another date column whose dates need no order
    PERIOD = "period"
    MAPPED = "mapped"  # the mapping (or a profile) says, and the dates need an order


# The date kind (see ``profile.Signature``) that settles each order.
_SETTLING = {DateOrder.DMY: "free>12", DateOrder.MDY: "free<12", DateOrder.YMD: "free>31"}


@dataclass(frozen=True, slots=True)
class OrderDecision:
    order: DateOrder
    ambiguous: bool
    evidence: str
    basis: OrderBasis = OrderBasis.GUESSED
    # The decision as it stood before year-first was found to read every date as well:
    # what a running balance's order may still confirm (``by_the_balance``).
    year_first_open: OrderDecision | None = None
    # A guess's reason in words ("the locale 'en_US'"), and the orders the dates would
    # read in as well: what the warning about the guess says (``guess_warning``). No
    # reason, no warning: the headers' language is as good as settled. Every guess names
    # its others (``_guess``, ``_also_year_first``), whether or not it gives a reason.
    guessed_by: str = ""
    others: tuple[DateOrder, ...] = ()


def no_order_needed(stats: list[ColumnStats]) -> OrderBasis | None:
    """DATE_CELLS or UNAMBIGUOUS when no date in these columns could be read two ways;
    None when some could (then the order matters, whoever sets it)."""
    if any(item.order_free for item in stats):
        return None
    native = sum(item.native_dates for item in stats)
    if native and native == sum(item.dates for item in stats):
        return OrderBasis.DATE_CELLS
    return OrderBasis.UNAMBIGUOUS


def example_date(
    columns: Sequence[tuple[ColumnScan, Sequence[int]]], decision: OrderDecision
) -> tuple[int, int] | None:
    """(column, row index) of the first date that shows the decision: one that could be
    read only in the order decided (a day above 12), or for dates that need no order the
    first written date. None when nothing shows it (a guess, a mapping's order)."""
    if decision.basis is OrderBasis.SETTLED:
        wanted = _SETTLING.get(decision.order)
    elif decision.basis is OrderBasis.UNAMBIGUOUS:
        wanted = "certain"
    else:
        wanted = None
    if wanted is None:
        return None
    for scan, rows in columns:
        dates, values = scan.dates, scan.values
        for row in rows:
            if date_kind(dates.get(values[row])) == wanted:
                return scan.index, row
    return None


def decide_date_order(
    stats: list[ColumnStats],
    languages: dict[str, int],
    locale_hint: str | None,
    readings: Callable[[], Iterable[object]] = lambda: (),
) -> OrderDecision:
    """The order the dates settle, or else a guess (see the module's docstring).

    ``readings`` gives the date columns' readings (``DateText``); it is asked only when no
    date settles the order, for the period each order would spread them over."""
    order_free = sum(item.order_free for item in stats)
    day_first = sum(item.first_over_12 for item in stats)
    month_first = sum(item.second_over_12 for item in stats)
    unneeded = no_order_needed(stats)
    if unneeded is not None:
        return OrderDecision(
            DateOrder.DMY,
            False,
            "dates are unambiguous (ISO, compact, month names or real date cells)",
            unneeded,
        )
    year_first = sum(item.first_over_31 for item in stats)
    if year_first and not month_first:
        return OrderDecision(
            DateOrder.YMD,
            False,
            f"dates are year-first (yy-mm-dd): {_values_have(year_first)} a first field "
            "above 31, which no day or month has",
            OrderBasis.SETTLED,
        )
    if day_first and not month_first:
        return OrderDecision(
            DateOrder.DMY,
            False,
            f"dates are day-first: {_values_have(day_first)} a first field above 12",
            OrderBasis.SETTLED,
        )
    if month_first and not day_first:
        return OrderDecision(
            DateOrder.MDY,
            False,
            f"dates are month-first: {_values_have(month_first)} a second field above 12",
            OrderBasis.SETTLED,
        )
    if day_first and month_first:
        order = DateOrder.DMY if day_first >= month_first else DateOrder.MDY
        return OrderDecision(
            order,
            True,
            f"CONFLICT: {counted(day_first, 'value')} {'is' if day_first == 1 else 'are'} only "
            f"valid day-first and {month_first} only "
            f"month-first; {order.value} chosen by majority, the others are reported",
            OrderBasis.CONFLICT,
        )
    return _hinted(order_free, languages, locale_hint, readings)


def _values_have(count: int) -> str:
    """ "3 values have", "1 value has": the evidence's count of the dates that settle an
    order."""
    return f"{counted(count, 'value')} {'has' if count == 1 else 'have'}"


def _hinted(
    count: int,
    languages: dict[str, int],
    locale_hint: str | None,
    readings: Callable[[], Iterable[object]],
) -> OrderDecision:
    """A guess between day- and month-first, from the strongest hint there is: the
    headers' language (a German bank writes day-first), then the period each order
    spreads the dates over (a file's own dates say more about it than where its reader
    sits), then the reader's locale, then the commonest order."""
    prefix = f"AMBIGUOUS: none of {counted(count, 'date')} has a field above 12"
    day_first_words = sum(n for language, n in languages.items() if language in DAY_FIRST_LANGUAGES)
    if day_first_words and day_first_words >= languages.get("en", 0):
        names = ", ".join(sorted(lang for lang in languages if lang in DAY_FIRST_LANGUAGES))
        # A bank that heads its columns in German writes day-first: no warning.
        return _guess(DateOrder.DMY, f"{prefix}; day-first because the headers are in {names}")
    found = list(readings())
    anchored = _by_the_anchors(found)
    if anchored is not None:
        order, because = anchored
        return _guess(order, f"{prefix}; {order.value} because {because}", because)
    spans = _by_the_span(found)
    if spans is not None:
        order, because = spans
        return _guess(order, f"{prefix}; {order.value} because {because}", because)
    if locale_hint and _says_something(locale_hint):
        hint = locale_hint.strip().lower()
        order = DateOrder.MDY if hint.startswith(_MONTH_FIRST_LOCALES) else DateOrder.DMY
        because = f"the locale '{locale_hint}' writes dates {order.value}"
        return _guess(
            order, f"{prefix}; {order.value} from the locale hint '{locale_hint}'", because
        )
    return _guess(
        DateOrder.DMY,
        f"{prefix}; assumed day-first, the most common order (set date_order in a mapping to change)",
        "day-first is the most common order and nothing else says which",
    )


def _guess(order: DateOrder, evidence: str, because: str = "") -> OrderDecision:
    """A guess between day- and month-first; one ``because`` explains is warned of."""
    other = DateOrder.MDY if order is DateOrder.DMY else DateOrder.DMY
    return OrderDecision(order, True, evidence, guessed_by=because, others=(other,))


_A_MONTH = dt.timedelta(days=31)  # a short statement's dates lie within it
_MONTHS_APART = dt.timedelta(days=28)  # the least between one day of two different months
_A_PATTERN = 3  # distinct dates


def _by_the_span(readings: Iterable[object]) -> tuple[DateOrder, str] | None:
    """Day- or month-first where read so the dates lie within a month and read the other
    way they fall in different months and spread four times as long ('03/01/2024' ..
    '03/12/2024': 1 to 12 March, or the 3rd of January to December), with the words that
    say so; None where the periods do not tell the orders apart. Two dates are no
    pattern: '01/02/2024' and '01/03/2024' are as likely a monthly payment as two days."""
    free = [date for date in set(readings) if isinstance(date, DateText) and date.order_free]
    periods = {}
    for order in (DateOrder.DMY, DateOrder.MDY):
        days = _read(free, order)
        if len(days) < _A_PATTERN or len(days) < len(free):
            return None
        periods[order] = _Period(days)
    for narrow, wide in ((DateOrder.DMY, DateOrder.MDY), (DateOrder.MDY, DateOrder.DMY)):
        near, far = periods[narrow], periods[wide]
        if near.span <= _A_MONTH and far.span >= _MONTHS_APART and far.span > near.span * _WIDER:
            return narrow, (
                f"read {narrow.value} the dates lie within {_days(near.span)} ({near}), "
                f"read {wide.value} over {_days(far.span)} ({far})"
            )
    return None


def _by_the_anchors(readings: Iterable[object]) -> tuple[DateOrder, str] | None:
    """Day- or month-first where read so every date written as text lies within the
    period of the dates that need no order beside it (a spreadsheet's own date cells, ISO
    dates: 1 to 28 March) and read the other way one falls outside it ('03/11/2025': 11
    March, or 3 November), with the words that say so; None where those dates are fewer
    than two (no period), or the periods do not tell the orders apart."""
    free: set[DateText] = set()
    anchors: set[dt.date] = set()
    for reading in readings:
        if isinstance(reading, DateText):
            if reading.order_free:
                free.add(reading)
            elif (day := reading.to_date(DateOrder.DMY)) is not None:
                anchors.add(day)
        elif isinstance(reading, dt.date):
            anchors.add(reading.date() if isinstance(reading, dt.datetime) else reading)
    if not free or len(anchors) < 2:
        return None
    period = _Period(sorted(anchors))
    inside = {
        order: [period.first <= day <= period.last for day in _read(list(free), order)]
        for order in (DateOrder.DMY, DateOrder.MDY)
    }
    for order, other in ((DateOrder.DMY, DateOrder.MDY), (DateOrder.MDY, DateOrder.DMY)):
        within, beyond = inside[order], inside[other]
        if len(within) == len(free) and all(within) and not all(beyond):
            outside = len(free) - sum(beyond)  # a date the other order cannot read as well
            return order, (
                f"read {order.value} the {counted(len(free), 'date')} written as text "
                f"{'lies' if len(free) == 1 else 'lie'} within the period of the "
                f"{len(anchors)} dates that need no order ({period}), read "
                f"{other.value} {outside} of them {'falls' if outside == 1 else 'fall'} "
                "outside it"
            )
    return None


def _days(span: dt.timedelta) -> str:
    return "1 day" if span.days == 1 else f"{span.days} days"


_LONGEST_STATEMENT = dt.timedelta(days=366)  # a span a statement's dates rarely exceed
_WIDER = 4  # how many times wider the order chosen must spread the dates than year-first


def year_first_instead(
    decision: OrderDecision,
    readings: Iterable[object],
    booking: Iterable[object],
    beside: Callable[[], Iterable[tuple[object, object]]] = lambda: (),
) -> OrderDecision | None:
    """Year-first for dates that can all be yy-mm-dd, when the order decided would spread
    them implausibly and out of order, or would disagree with another date column; the
    decision reported as ambiguous when nothing tells the readings apart (see the
    module's docstring); None to keep it as it is.

    ``readings`` are the date columns' readings, ``booking`` the booking dates' in row
    order (``DateText``; anything else is passed over). A statement lists its movements
    in date order, so year-first must put the booking dates in order and the order
    decided must not: a rent paid on the 28th of every month for five years
    ('28/01/20' to '28/12/24') reads as well year-first over 2028 as day-first over five
    years, but only day-first in order. Where both readings are in date order, ``beside``
    gives, row by row, a booking date and another date column's cell on the same row, and
    only where that does not tell them apart does the period decide (``_over_a_period``).
    """
    if decision.basis not in (OrderBasis.SETTLED, OrderBasis.CONFLICT, OrderBasis.GUESSED):
        return None
    if decision.order is DateOrder.YMD:
        return None  # settled year-first already: a first field above 31
    free = {date for date in readings if isinstance(date, DateText) and date.order_free}
    if not free or not all(date.short_year for date in free):
        return None
    year_first, decided = _read(list(free), DateOrder.YMD), _read(list(free), decision.order)
    if len(year_first) < len(free) or len(decided) < len(free):
        return None  # a date that one reading cannot read: a conflict, not a period
    compact, spread = _Period(year_first), _Period(decided)
    if compact.span > spread.span * _WIDER:
        return None  # year-first would spread them far wider than the order decided
    wide = spread.span > _LONGEST_STATEMENT and spread.span > compact.span * _WIDER
    if decision.basis is OrderBasis.CONFLICT and not wide:
        return None  # the majority's order stands
    # Only now the rows: dd.mm.yy within a statement's weeks was settled by the periods.
    dated = [date for date in booking if isinstance(date, DateText)]
    ordered = _in_order(_read(dated, DateOrder.YMD)), _in_order(_read(dated, decision.order))
    if wide and ordered == (True, False):
        return OrderDecision(
            DateOrder.YMD,
            False,
            f"dates are year-first (yy-mm-dd): read {decision.order.value} they would span "
            f"{spread} out of date order; year-first, {compact} in date order",
            OrderBasis.PERIOD,
        )
    if decision.basis is OrderBasis.CONFLICT or ordered == (False, True):
        return None  # the majority's order stands; only the order decided is in date order
    agreeing = _agreeing(decision.order, beside())
    if agreeing is None:
        if wide and ordered == (True, True) and compact.span <= _LONGEST_STATEMENT:
            return _over_a_period(decision, spread, compact)
        return _also_year_first(decision, len(free), ordered)
    order, compared = agreeing
    if order is not DateOrder.YMD:
        return decision  # the other column rules year-first out; the decision stands
    return OrderDecision(
        DateOrder.YMD,
        False,
        f"dates are year-first (yy-mm-dd): so read, the booking dates lie within a month "
        f"of another date column's unambiguous dates on all {counted(compared, 'row')} "
        "compared; read "
        f"{decision.order.value}, on none",
        OrderBasis.PERIOD,
    )


def _over_a_period(decision: OrderDecision, spread: _Period, compact: _Period) -> OrderDecision:
    """Year-first, for dates in date order either way that read year-first over a
    statement's period and in the order decided over years: a statement covers a month,
    a quarter, a year, not decades ('24-03-01' to '24-03-29' is March 2024, not the 24th
    of March from 2001 to 2029). A running balance may still say otherwise
    (``by_the_balance``): the decision before is kept for it."""
    years = spread.span.days // 365
    over = f"over {years} years" if years > 1 else "over a year"
    return OrderDecision(
        DateOrder.YMD,
        False,
        f"dates are year-first (yy-mm-dd): read {decision.order.value} they would span "
        f"{spread}, {over}, longer than a statement; year-first, {compact}, "
        "a statement's period (in date order either way)",
        OrderBasis.PERIOD,
        decision,
    )


_NEAR = dt.timedelta(days=31)  # a value date lies this close to its booking date


def _agreeing(
    decided: DateOrder, pairs: Iterable[tuple[object, object]]
) -> tuple[DateOrder, int] | None:
    """The reading of the booking dates (year-first or ``decided``) that lies near another
    column's dates on the same rows, where those need no order (ISO, four-digit years,
    date cells), on every row compared while the other reading is near on none, with how
    many rows were compared; None when no such column tells the readings apart."""
    near = {DateOrder.YMD: 0, decided: 0}
    compared = 0
    for booking, other in pairs:
        known = _certain_date(other)
        if not isinstance(booking, DateText) or not booking.order_free or known is None:
            continue
        compared += 1
        for order in near:
            day = booking.to_date(order)
            near[order] += day is not None and abs(day - known) <= _NEAR
    for order, other in ((DateOrder.YMD, decided), (decided, DateOrder.YMD)):
        if compared and near[order] == compared and not near[other]:
            return order, compared
    return None


def _certain_date(cell: object) -> dt.date | None:
    """A cell's date where it can be read one way only: a date cell, ISO, '24/03/2005'
    (24 is no month); None for a date that could be read more than one way."""
    if isinstance(cell, DateText):
        found = {day for order in DateOrder if (day := cell.to_date(order)) is not None}
        return found.pop() if len(found) == 1 else None
    if isinstance(cell, dt.datetime):
        return cell.date()
    return cell if isinstance(cell, dt.date) else None


_RUNS = {
    (True, True): "in date order either way",
    (False, False): "in date order neither way",
    (True, False): "in date order only year-first, but over a period no narrower",
}


def _also_year_first(
    decision: OrderDecision, count: int, ordered: tuple[bool, bool]
) -> OrderDecision:
    """The order decided, reported as a guess that yy-mm-dd would read as well;
    ``ordered`` says whether the booking dates run in date order read year-first and
    read in the order decided."""
    both = (
        f"each of {counted(count, 'date')} reads {decision.order.value} (dd-mm-yy) and year-first "
        f"(yy-mm-dd) alike, {_RUNS[ordered]}, and no other date column tells them apart"
    )
    if decision.ambiguous:
        evidence = f"{decision.evidence}; {both}"
    else:
        evidence = (
            f"AMBIGUOUS: {both}; {decision.order.value} assumed, the most common order "
            "(set date_order in a mapping to change)"
        )
    because = decision.guessed_by or (
        f"{decision.order.value} is the commoner order and nothing says year-first"
    )
    others = (*decision.others, DateOrder.YMD)
    return OrderDecision(
        decision.order, True, evidence, OrderBasis.GUESSED, decision, because, others
    )


def guess_warning(decision: OrderDecision) -> str | None:
    """The warning a guessed date order gets: which order was taken, on what basis, and
    how to read the file another way. The layout's evidence says as much, but a guess can
    misdate every line: it is a warning too. None for an order that is no guess, or is
    day-first by the headers' language (a German bank writes no other way)."""
    if decision.basis is not OrderBasis.GUESSED or not decision.guessed_by:
        return None
    order = decision.order
    others = decision.others
    names = " or ".join(other.value for other in others)
    settings = " or ".join(f'"date_order": "{other.name}"' for other in others)
    return (
        f"date order guessed: the dates are read {order.value} ({WRITTEN_ORDERS[order]}) because "
        f"{decision.guessed_by}; no date settles it. If they "
        f"are {names}, give a mapping with {settings} (desktop-app statement FILE "
        "--mapping MAPPING.json) or choose the date order in the import wizard"
    )


def by_the_balance(
    decision: OrderDecision, booking: Iterable[object], newest_first: bool
) -> OrderDecision | None:
    """The order a running balance settles, where the booking dates read day-first and
    year-first alike (``year_first_open``): the balance column says which way the rows
    run (oldest or newest first), and the reading whose dates run that way, where the
    other's do not, is taken. None where it does not tell them apart.

    ``booking`` are the booking dates in row order, as for ``year_first_instead``.
    """
    before = decision.year_first_open
    if before is None:
        return None
    dated = [date for date in booking if isinstance(date, DateText)]
    way = "newest first" if newest_first else "oldest first"
    runs = {order: _runs(_read(dated, order)) for order in (DateOrder.YMD, before.order)}
    if runs[DateOrder.YMD] == way and runs[before.order] != way:
        return OrderDecision(
            DateOrder.YMD,
            False,
            f"dates are year-first (yy-mm-dd): the running balance lists the rows {way}, "
            f"and only read year-first do the booking dates run {way} "
            f"({before.order.value}: {runs[before.order] or 'out of date order'})",
            OrderBasis.PERIOD,
        )
    if runs[before.order] == way and runs[DateOrder.YMD] != way:
        return before  # year-first runs against the balance: the decision stands
    return None


def rows_run(booking: Iterable[object], order: DateOrder) -> str | None:
    """Which way the booking dates (readings in row order: ``DateText`` or a date cell's
    date) run down the rows read in ``order``: 'oldest first', 'newest first', or None
    where they do not run one way."""
    days = [day for reading in booking if (day := reading_day(reading, order)) is not None]
    return _runs(days)


def reading_day(reading: object, order: DateOrder) -> dt.date | None:
    """The day a booking date's reading (``DateText`` or a date cell's date) gives read
    in ``order``; None where it gives none."""
    if isinstance(reading, DateText):
        return reading.to_date(order)
    if isinstance(reading, dt.datetime):
        return reading.date()
    if isinstance(reading, dt.date):
        return reading
    return None


def _runs(days: Sequence[dt.date]) -> str | None:
    """'oldest first' or 'newest first' for dates that run one way from first to last;
    None for dates out of order or all of one day."""
    if len(days) < 2 or days[0] == days[-1] or not _in_order(days):
        return None
    return "oldest first" if days[0] < days[-1] else "newest first"


class _Period:
    """The first and last of some dates, and how far apart they are, worked out once."""

    def __init__(self, days: Sequence[dt.date]) -> None:
        self.first, self.last = min(days), max(days)
        self.span = self.last - self.first

    def __str__(self) -> str:
        return f"{self.first:%Y-%m-%d} to {self.last:%Y-%m-%d}"


def _read(dates: Sequence[DateText], order: DateOrder) -> list[dt.date]:
    return [day for date in dates if (day := date.to_date(order)) is not None]


def _in_order(days: Sequence[dt.date]) -> bool:
    """Whether the dates run one way in row order, earliest or latest first."""
    steps = list(itertools.pairwise(days))
    return all(a <= b for a, b in steps) or all(a >= b for a, b in steps)
