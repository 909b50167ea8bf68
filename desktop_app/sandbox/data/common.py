"""Calendar and randomness helpers shared by the per-provider generators."""

from __future__ import annotations

import calendar
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from desktop_app.sandbox.wire import from_minor_units

CROCKFORD32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def provider_rng(seed: int, provider: str) -> random.Random:
    """An independent stream per provider: changing one generator never shifts another.

    String seeds are hashed with SHA-512 by ``random``, so this is stable across runs
    and interpreters regardless of PYTHONHASHSEED.
    """
    return random.Random(f"reconcile-desk-sandbox:{seed}:{provider}")


def add_months(day: date, months: int) -> date:
    """Same day-of-month ``months`` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def random_money(rng: random.Random, low_minor: int, high_minor: int) -> Decimal:
    """A uniformly drawn exact amount between two bounds given in pence."""
    return from_minor_units(rng.randint(low_minor, high_minor))


def scaled(rng: random.Random, minor: int, low_percent: int, high_percent: int) -> int:
    """``minor`` pence varied by a whole-percent factor plus stray pence, in integers only."""
    return minor * rng.randint(low_percent, high_percent) // 100 + rng.randint(0, 99)


def random_token(rng: random.Random, length: int, alphabet: str = ALPHANUMERIC) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


def at_time(day: date, rng: random.Random, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute, rng.randint(1, 9)))


def random_moment(rng: random.Random, first: date, last: date) -> datetime:
    """A working-hours moment on a day between ``first`` and ``last`` inclusive."""
    span = max(0, (last - first).days)
    day = first + timedelta(days=rng.randint(0, span))
    return datetime.combine(day, time(rng.randint(7, 18), rng.randint(0, 59), rng.randint(0, 59)))


def thousands(value: int) -> str:
    """``225773248`` as ``225,773,248``: Content Ignite's free-text impression counts."""
    return f"{value:,}"
