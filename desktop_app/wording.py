"""Sentences the engine and the window build alike, and the amounts and days in them.

A statement's break is said by the engine (``statements.continuity``) and the import
wizard's summary by the window; the accountant reads both, often one after the other,
so an amount or a day reads one way in either: the day's way is here, once, and a
time's (``moment_text``); an amount's is ``domain.format_amount``, beside ``Money``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from desktop_app.domain.match import stored_score
from desktop_app.domain.period import EarlyPayments, FetchPeriod, OutsidePeriod
from desktop_app.domain.period import period_text as domain_period_text

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def and_list(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c': items as a sentence names them ('' for none)."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def counted(count: int, thing: str, things: str | None = None) -> str:
    """ "1 decision", "2,000 decisions": a count with its noun in the number it takes
    (``things`` where the plural is not the noun and an s: "1 match", "2 matches")."""
    return f"{count:,} {plural(count, thing, things)}"


def plural(count: int, thing: str, things: str | None = None) -> str:
    """The noun alone in the number ``count`` takes ("line", "lines"), for a sentence
    that says the count itself another way ("1 of 2 lines", a verb that agrees)."""
    return thing if count == 1 else things or thing + "s"


def capitalised(text: str) -> str:
    """``text`` with its first letter a capital ('' stays ''): words written to follow
    something ("a fetch", a command-line warning's "settings ...") opening a sentence or
    a title. Not ``str.capitalize``, which lowers the rest ("EL-2025-00158", "Elevate")."""
    return text[:1].upper() + text[1:]


def early_payments(early: EarlyPayments, day: Callable[[date], str], remedy: str) -> str:
    """The note on payments received unmatched early in a period fetched from the
    statements' first date, its start written by ``day`` (as its caller writes days:
    ``date.isoformat`` on the command line, ``day_text`` in the window), ending on
    ``remedy``: its caller's way to fetch from an earlier start ("give an earlier
    --from"). ``reconcile``'s note and the window's banner say it alike."""
    payments = plural(early.count, "payment")
    return (
        f"{early.count:,} unmatched {payments} received in the month from {day(early.start)}, "
        "the statements' first date; invoices issued before it were not fetched: "
        f"{remedy} if they pay such invoices"
    )


def late_lines(late: OutsidePeriod, end: date, day: Callable[[date], str], remedy: str) -> str:
    """The note on statement lines dated after ``end``, the end of the period fetched,
    those of them that pay none of its invoices counted by the rule the report's Summary
    counts them by ("Lines outside the period": ``domain.outside_period``), said in its
    words; ``end`` written by ``day``, ending on ``remedy``: its caller's way to fetch to a
    later end. ``early_payments`` is its counterpart at the period's start."""
    count, unmatched = len(late.lines), late.unmatched
    return (
        f"{counted(count, 'statement line')} {plural(count, 'is', 'are')} dated after "
        f"{day(end)}, the end of the period fetched, and matched with its invoices all the "
        f"same; {unmatched:,} that {plural(unmatched, 'pays', 'pay')} none of them "
        f"{plural(unmatched, 'is', 'are')} unmatched, perhaps for want of an invoice not "
        f"fetched: {remedy} to reconcile {plural(unmatched, 'it', 'them')}"
    )


def day_text(day: date) -> str:
    """5 Mar 2024: the day without a leading zero, the month's name in English whatever
    the locale, as every message says it. Not ``strftime``'s ``%b``: the window's Qt sets
    the C library's locale, which would put "Mär" in an English sentence."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def period_text(period: FetchPeriod) -> str:
    """'1 Sep 2025 to 30 Nov 2025', 'from 1 Sep 2025', 'up to 30 Nov 2025', or 'every
    date': a period of invoices fetched, as a sentence says it."""
    return domain_period_text(period.start, period.end, day_text)


def moment_text(moment: datetime, *, seconds: bool) -> str:
    """'2025-03-05 14:05:09 UTC' (``seconds``) or '2025-03-05 14:05 UTC': a time in UTC,
    saying so (design.md, Dates). To the second where a time stands alone (the window's
    audit trail, as the report's Audit sheet), to the minute in a sentence ("Rejected by
    ann on 2025-03-05 14:05 UTC").

    A time is said in UTC whatever zone it was stored or made in, so the audit trail, the
    report and every sentence about one decision agree. A naive time names no zone, so
    its digits are said as they are, without claiming a zone it may not be in."""
    shape = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    if moment.tzinfo is None:
        return moment.strftime(shape)
    return f"{moment.astimezone(UTC).strftime(shape)} UTC"


def whole_percent(score: float) -> int:
    """A score (0 to 1) in whole percent, rounded down from the score as it is kept
    (``domain.match.stored_score``: four places, rounded down): 49 for 0.4999.

    Scores are compared with thresholds (a suggestion from 0.40, a match made without
    asking from 0.50): rounded to the nearest, 0.497 read "50%" beside a 50 % threshold,
    as if it met it. Rounded down, a score below a threshold never reads as the threshold,
    and 100 means a full score. From the kept score, so the engine's raw score (a
    runner-up's) and the match's kept one read alike: a weighted sum of 0.5 comes out of
    floating point as 0.49999999999999994, which the engine finds below a 0.5 threshold
    and keeps as 0.4999; it reads 49 either way, never 50 beside a match it did not make
    without asking. Read through the kept score's shortest decimal form, so 0.29 is 29
    (0.29 * 100 is 28.999... in binary)."""
    return math.floor(Decimal(repr(stored_score(score))) * 100)


def score_percent(score: float) -> str:
    """'49%': a score as every sentence and the window show it (``whole_percent``)."""
    return f"{whole_percent(score)}%"
