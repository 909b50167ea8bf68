"""Day-first or month-first, decided by the dates themselves.

A value whose first field is above 12 can only be day-first ("25/03/2024"); one whose
second field is above 12 only month-first ("03/25/2024"). Only when no value settles it
do weaker hints count, in this order: the language of the headers (German, Dutch, French,
Spanish and Italian banks write day-first), the caller's locale, and finally day-first,
the most common order worldwide. Every such guess is reported as an ambiguity.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.statements.column_stats import ColumnStats
from desktop_app.statements.dates import DateOrder
from desktop_app.statements.header_words import DAY_FIRST_LANGUAGES

_MONTH_FIRST_LOCALES = ("en_us", "en-us", "us", "en_ph", "fil", "en_ca_us")


@dataclass(frozen=True, slots=True)
class OrderDecision:
    order: DateOrder
    ambiguous: bool
    evidence: str


def decide_date_order(
    stats: list[ColumnStats], languages: dict[str, int], locale_hint: str | None
) -> OrderDecision:
    order_free = sum(item.order_free for item in stats)
    day_first = sum(item.first_over_12 for item in stats)
    month_first = sum(item.second_over_12 for item in stats)
    if not order_free:
        return OrderDecision(
            DateOrder.DMY,
            False,
            "dates are unambiguous (ISO, compact, month names or real date cells)",
        )
    if day_first and not month_first:
        return OrderDecision(
            DateOrder.DMY,
            False,
            f"dates are day-first: {day_first} values have a first field above 12",
        )
    if month_first and not day_first:
        return OrderDecision(
            DateOrder.MDY,
            False,
            f"dates are month-first: {month_first} values have a second field above 12",
        )
    if day_first and month_first:
        order = DateOrder.DMY if day_first >= month_first else DateOrder.MDY
        return OrderDecision(
            order,
            True,
            f"CONFLICT: {day_first} values are only valid day-first and {month_first} only "
            f"month-first; {order.value} chosen by majority, the others are reported",
        )
    return _hinted(order_free, languages, locale_hint)


def _hinted(count: int, languages: dict[str, int], locale_hint: str | None) -> OrderDecision:
    prefix = f"AMBIGUOUS: none of {count} dates has a field above 12"
    day_first_words = sum(n for language, n in languages.items() if language in DAY_FIRST_LANGUAGES)
    if day_first_words and day_first_words >= languages.get("en", 0):
        names = ", ".join(sorted(lang for lang in languages if lang in DAY_FIRST_LANGUAGES))
        return OrderDecision(
            DateOrder.DMY, True, f"{prefix}; day-first because the headers are in {names}"
        )
    if locale_hint:
        hint = locale_hint.strip().lower()
        order = DateOrder.MDY if hint.startswith(_MONTH_FIRST_LOCALES) else DateOrder.DMY
        return OrderDecision(
            order, True, f"{prefix}; {order.value} from the locale hint '{locale_hint}'"
        )
    return OrderDecision(
        DateOrder.DMY,
        True,
        f"{prefix}; assumed day-first, the most common order (set date_order in a mapping to change)",
    )
