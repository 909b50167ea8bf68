"""Filter-as-you-type over domain objects without touching Qt's per-cell ``data()``.

Each object's searchable text is built once, lower-cased, the first time a filter needs
it, and kept by object identity (the model holds the objects, so identities stay
unique while cached); a query is a set of words that must all appear.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Generic, TypeVar

from desktop_app.domain import Money, bare_amount
from desktop_app.domain.currencies import MINOR_UNITS, SYMBOLS

T = TypeVar("T")

# Every currency symbol the tables show ("£", "CA$", "CHF"), longest first.
_SYMBOLS = sorted({symbol.strip().casefold() for symbol in SYMBOLS.values()}, key=len, reverse=True)
_SYMBOL = "|".join(re.escape(symbol) for symbol in _SYMBOLS)
_SIGN = "[-+\u2212]"  # a hyphen, a plus, or the minus sign
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# An amount as a table shows it: "-£18,211.40", "£-18,211.40", "CA$5", "1,234.5".
_AMOUNT = re.compile(
    rf"(?P<before>{_SIGN})?(?P<symbol>{_SYMBOL})?(?P<after>{_SIGN})?(?P<number>{_NUMBER})"
)
# Each currency's smallest step (0.01 for GBP), and its code and symbol as filter words.
_STEPS = {code: Decimal(1).scaleb(-units) for code, units in MINOR_UNITS.items()}
_CURRENCY_WORDS: dict[str, str] = {}
# A symbol shown apart from its amount ("CHF 1,234.50", "-kr 5.00"), with its sign.
_LONE_SYMBOL = re.compile(rf"(?P<sign>{_SIGN})?(?P<symbol>{_SYMBOL})")


def _plain_number(word: str) -> list[str]:
    """An amount typed as shown ("-£1,234.50", "£-1,234.50") searched as the filter's
    text holds it: its symbol, which the text's currency holds (``amount_text``), and
    its plain number ("£", "-1234.50"); any other word as typed."""
    found = _AMOUNT.fullmatch(word)
    if found is None or (found["before"] and found["after"]):
        return [word]
    sign = found["before"] or found["after"] or ""
    minus = "-" if sign in ("-", "\u2212") else ""
    number = minus + found["number"].replace(",", "")
    return [found["symbol"], number] if found["symbol"] else [number]


def query_words(query: str) -> list[str]:
    """The words every match must contain, amounts as the filter's text holds them.
    An amount without a sign is found with either ("18,211.40" finds a payment of
    -£18,211.40), as any word is found inside a longer one.

    A currency symbol standing apart from its amount ("CHF 1,234.50", shown so for a
    currency whose symbol is letters) keeps its sign for the amount and stays a word
    of its own, found in the text's currency (``amount_text``)."""
    typed = query.casefold().split()
    words: list[str] = []
    position = 0
    while position < len(typed):
        word = typed[position]
        lone = _LONE_SYMBOL.fullmatch(word)
        following = typed[position + 1] if position + 1 < len(typed) else ""
        if lone is not None and lone["sign"] and re.fullmatch(_NUMBER, following):
            words += [lone["symbol"], *_plain_number(lone["sign"] + following)]
            position += 2
            continue
        words += _plain_number(word)
        position += 1
    return words


def amount_text(amount: Decimal, currency: str | None) -> str:
    """An amount as the filter finds it, whichever way the table shows it: its plain
    digits to the currency's minor units, rounded as shown ("-18211.40" for an xlsx
    cell's -18211.4), exactly too where that differs ("2.675" shown "2.68"), and its
    currency's code and symbol ("CHF 1,234.50" is two words). Built for every row of
    the first query, so kept cheap (300,000 lines: about 0.1 s)."""
    step = None if currency is None else _STEPS.get(currency)
    if currency is None or step is None:  # no currency (or an unknown one): as shown,
        shown, written = format(bare_amount(amount), "f"), format(amount, "f")  # and as is
        both = shown if shown == written else f"{shown} {written}"
        return f"{both} {currency or ''}".rstrip()
    rounded = amount.quantize(step, ROUND_HALF_UP)
    shown = str(rounded)  # plain: a quantized amount has no positive exponent
    tail = _CURRENCY_WORDS.get(currency)
    if tail is None:
        symbol = SYMBOLS.get(currency, "").strip()
        tail = _CURRENCY_WORDS[currency] = f"{currency} {symbol}".rstrip()
    if rounded == amount:
        return f"{shown} {tail}"
    return f"{shown} {format(amount, 'f')} {tail}"


def money_text(*amounts: Money | None) -> str:
    """The amounts a row shows, each as the filter finds it (``amount_text``), those it
    has not (None) left out: every table's filter finds a row by any amount it shows,
    however it is typed, through this one rule (a match shows what was invoiced, what
    was paid and the difference; a discrepancy what it is about)."""
    return " ".join(
        amount_text(money.amount, money.currency) for money in amounts if money is not None
    )


class TextIndex(Generic[T]):
    """A lazily built cache of each object's searchable text."""

    def __init__(self, text_of: Callable[[T], str]) -> None:
        self._text_of = text_of
        self._cache: dict[int, str] = {}

    def clear(self) -> None:
        self._cache.clear()

    def taken(self) -> dict[int, str]:
        """Every text held, handed over and forgotten here: the model lets a worker
        free them (``DomainTableModel``'s ``release``) rather than clearing them here."""
        cache, self._cache = self._cache, {}
        return cache

    @property
    def text_of(self) -> Callable[[T], str]:
        """What each object's text is made from (not yet lower-cased)."""
        return self._text_of

    def held(self) -> dict[int, str]:
        """The texts held, by object id, for a worker to read (never to change): the
        model holds the objects it reads them for, so their ids stay their own."""
        return self._cache

    def adopt(self, texts: dict[int, str]) -> None:
        """Texts a worker built for objects the model still holds (``arranging``)."""
        self._cache.update(texts)

    def forget(self, item: T) -> None:
        self._cache.pop(id(item), None)

    def text(self, item: T) -> str:
        text = self._cache.get(id(item))
        if text is None:
            text = self._cache[id(item)] = self._text_of(item).casefold()
        return text

    def matcher(self, query: str) -> Callable[[T], bool] | None:
        """A predicate for ``query`` (every word must occur), or None for an empty query."""
        words = query_words(query)
        if not words:
            return None
        cache, text = self._cache, self.text
        if len(words) == 1:
            (word,) = words

            def one(item: T) -> bool:
                found = cache.get(id(item))
                return word in (text(item) if found is None else found)

            return one

        def every(item: T) -> bool:
            found = cache.get(id(item))
            haystack = text(item) if found is None else found
            return all(word in haystack for word in words)

        return every
