"""Amounts written as text: signs, currency marks, decimal marks and thousands separators.

A cell is first *analysed* without knowing the file's conventions (which separator is the
decimal mark may only be settled by another row), then *valued* once the column's decimal
mark is decided. The analysis also says how strongly the cell votes: ``12,5`` proves a
decimal comma, ``1.234`` could be either.
"""

from __future__ import annotations

import enum
import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from desktop_app.statements.currency_marks import SYMBOLS_LONGEST_FIRST, is_iso_code


class Vote(enum.Enum):
    """What one cell says about its column's decimal mark."""

    NONE = "integer"  # no separator: says nothing
    DOT = "."  # proves a decimal point
    COMMA = ","  # proves a decimal comma
    MAYBE_DOT = "?."  # one '.' before three digits: decimal point or thousands
    MAYBE_COMMA = "?,"  # one ',' before three digits

    def reads_with(self, decimal_mark: str) -> bool:
        """Whether a cell that votes so has a value under ``decimal_mark``: every cell
        but one whose separators prove the other mark ('12.50' under a decimal comma)
        does, the mark deciding only what it is worth (``AmountText.value``)."""
        return self not in _DECISIVE or self.value == decimal_mark


_DECISIVE = frozenset({Vote.DOT, Vote.COMMA})


# Invisible characters that bidi text and spreadsheets put around numbers.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\ufeff"))
_INVISIBLE.update(dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"), None))
_SPACES = " \t\r\n\u00a0\u202f\u2007\u2009"
_GROUPING = frozenset("'’ \u00a0\u202f\u2007\u2009")
_NEGATIVE_SIGNS = frozenset("-−")
_CORE = re.compile(r"[0-9][0-9.,'’ \u00a0\u202f\u2007\u2009]*[0-9]|[0-9]|[.,][0-9]+")
_PLAIN = re.compile(r"([-+]?)([0-9]+)(?:\.([0-9]+))?")
_SUFFIX_MARKS = tuple((mark, mark[0] in "Dd") for mark in ("CR", "DR", "Cr", "Dr", "cr", "dr"))


class AmountText(NamedTuple):
    """The parts of an amount cell before its decimal mark is known (a tuple: millions are
    made when a large statement is read, and tuples are the cheapest immutable record)."""

    core: str  # digits and separators only: "1.234,56"
    negative: bool
    vote: Vote
    currency: str | None = None  # the symbol or ISO code written in the cell
    explicit_sign: bool = False
    leading_zero: bool = False  # "0042": an identifier, not an amount
    plain: bool = False  # digits and at most one '.', nothing else

    def value(self, decimal_mark: str) -> Decimal | None:
        """The amount when ``decimal_mark`` ('.' or ',') is the column's decimal mark."""
        if self.plain and (decimal_mark == "." or self.vote is Vote.NONE):
            exact = Decimal(self.core)
            return -exact if self.negative else exact
        number = _core_value(self.core, self.vote, decimal_mark)
        if number is None:
            return None
        return -number if self.negative else number

    @property
    def decimals(self) -> int:
        """Digits after the last separator when that separator is a decimal mark."""
        if self.vote in (Vote.DOT, Vote.COMMA, Vote.MAYBE_DOT, Vote.MAYBE_COMMA):
            return len(self.core) - max(self.core.rfind("."), self.core.rfind(",")) - 1
        return 0


def analyse_amount(text: str) -> AmountText | None:
    """Read an amount cell's sign, currency and digits; None when it is not an amount."""
    plain = _PLAIN.fullmatch(text)
    if plain is not None:
        return _plain_amount(plain)
    if "/" in text:  # a date ('15/01/2024'): no sign, mark, currency or digit group is a '/'
        return None
    cleaned = text.translate(_INVISIBLE).strip(_SPACES)
    if cleaned.startswith("'"):  # Excel's "store as text" prefix, kept by some exports
        cleaned = cleaned[1:].strip(_SPACES)
    if not cleaned or len(cleaned) > 60:
        return None
    return _decorated_amount(cleaned)


def plain_number(text: str) -> bool:
    """'-1234.56' or '42': the form most machine exports use."""
    return _PLAIN.fullmatch(text) is not None


def parse_amount(text: str, decimal_mark: str = ".") -> Decimal | None:
    """Convenience for one cell whose decimal mark is known."""
    analysed = analyse_amount(text)
    return None if analysed is None else analysed.value(decimal_mark)


def _plain_amount(match: re.Match[str]) -> AmountText:
    sign, whole, fraction = match.groups()
    core = whole if fraction is None else f"{whole}.{fraction}"
    if fraction is None:
        vote = Vote.NONE
    elif len(fraction) == 3 and whole[0] != "0" and len(whole) <= 3:
        vote = Vote.MAYBE_DOT
    else:
        vote = Vote.DOT
    leading_zero = whole[0] == "0" and len(whole) > 1
    return AmountText(core, sign == "-", vote, None, bool(sign), leading_zero, True)


def _decorated_amount(text: str) -> AmountText | None:
    """A number with its sign, parentheses, CR/DR mark and currency around it, in any
    order; None when the marks contradict each other or repeat (a minus and CR, two
    signs, two currencies): '--5' is a typing slip, not minus five."""
    negative = explicit = parenthesised = credit = False
    currency: str | None = None
    if text.startswith("(") and text.endswith(")"):
        negative = explicit = parenthesised = True
        text = text[1:-1].strip(_SPACES)
    for mark, is_negative in _SUFFIX_MARKS:
        if text.endswith(mark) and len(text) > len(mark) and not text[-3].isalpha():
            negative, credit = negative or is_negative, not is_negative
            explicit, text = True, text[: -len(mark)].rstrip(_SPACES)
            break
    signs = 0
    positive = False
    for _ in range(5):  # sign, parentheses and currency may come in any order, at either end
        before = text
        stripped, found = _strip_currency(text, None)
        if stripped != text:
            if currency is not None:
                return None
            text, currency = stripped, found
        if text[:1] == "(" and text[-1:] == ")" and not parenthesised:  # $(78.90)
            negative = explicit = parenthesised = True
            text = text[1:-1]
        elif text[:1] in _NEGATIVE_SIGNS or text[-1:] in _NEGATIVE_SIGNS:
            signs, negative, explicit = signs + 1, True, True
            text = text[1:] if text[:1] in _NEGATIVE_SIGNS else text[:-1]
        elif text[:1] == "+" or text[-1:] == "+":
            signs, positive, explicit = signs + 1, True, True
            text = text[1:] if text[:1] == "+" else text[:-1]
        text = text.strip(_SPACES)
        if text == before:
            break
    contradicted = signs > 1 or (negative and (positive or credit))
    if contradicted or not _CORE.fullmatch(text):
        return None
    vote = _vote(text)
    if vote is None:
        return None
    leading_zero = len(text) > 1 and text[0] == "0" and text[1].isdigit()
    return AmountText(text, negative, vote, currency, explicit, leading_zero)


_SYMBOL_FIRSTS = frozenset(symbol[0] for symbol in SYMBOLS_LONGEST_FIRST)
_SYMBOL_LASTS = frozenset(symbol[-1] for symbol in SYMBOLS_LONGEST_FIRST)


def _strip_currency(text: str, found: str | None) -> tuple[str, str | None]:
    head = text[:3]
    if len(text) > 3 and is_iso_code(head) and not text[3].isalpha():
        return text[3:].strip(_SPACES), found or head
    tail = text[-3:]
    if len(text) > 3 and is_iso_code(tail) and not text[-4].isalpha():
        return text[:-3].strip(_SPACES), found or tail
    if text[:1] not in _SYMBOL_FIRSTS and text[-1:] not in _SYMBOL_LASTS:
        return text, found  # no symbol can start or end it: most cells, settled at once
    for symbol in SYMBOLS_LONGEST_FIRST:
        if text.startswith(symbol):
            return text[len(symbol) :].strip(_SPACES), found or symbol
        if text.endswith(symbol) and len(text) > len(symbol):
            if symbol.isalpha() and text[-len(symbol) - 1].isalpha():
                continue
            return text[: -len(symbol)].strip(_SPACES), found or symbol
    return text, found


def _vote(core: str) -> Vote | None:
    """Which decimal mark the separators in ``core`` allow; None if they allow none."""
    marks = [(index, char) for index, char in enumerate(core) if not char.isdigit()]
    if not marks:
        return Vote.NONE
    points = [index for index, char in marks if char in ".,"]
    grouping = [char for _, char in marks if char in _GROUPING]
    if not points:
        return Vote.NONE if _grouped(core, set(grouping)) else None
    kinds = {core[index] for index in points}
    if len(kinds) == 2:
        decimal = core[points[-1]]
        if core.count(decimal) != 1 or not _grouped(core[: points[-1]], set(".,") - {decimal}):
            return None
        return Vote.DOT if decimal == "." else Vote.COMMA
    mark = kinds.pop()
    decisive = Vote.DOT if mark == "." else Vote.COMMA
    other = Vote.COMMA if mark == "." else Vote.DOT
    if len(points) > 1:
        return other if _grouped(core, {mark} | set(grouping)) else None
    whole, fraction = core[: points[0]], core[points[0] + 1 :]
    if grouping:
        return decisive if _grouped(whole, set(grouping)) else None
    if len(fraction) != 3 or not whole or whole[0] == "0" or len(whole) > 3:
        return decisive
    return Vote.MAYBE_DOT if mark == "." else Vote.MAYBE_COMMA


def _grouped(text: str, separators: set[str]) -> bool:
    """True when ``text`` is digits in groups of three after the first (1,234,567), or in
    the Indian lakh grouping (12,34,567)."""
    if not separators:
        return text.isdigit()
    normalised = text
    for separator in separators:
        normalised = normalised.replace(separator, "\x00")
    groups = normalised.split("\x00")
    if not groups[0] or len(groups[0]) > 3 or not groups[0].isdigit():
        return False
    if all(len(group) == 3 and group.isdigit() for group in groups[1:]):
        return True
    # Indian grouping: thousands, then lakhs and crores in twos (1,23,45,678).
    return (
        separators == {","}
        and len(groups) > 2
        and len(groups[0]) < 3
        and len(groups[-1]) == 3
        and all(len(group) == 2 and group.isdigit() for group in groups[1:-1])
        and groups[-1].isdigit()
    )


_DROP_GROUPING = dict.fromkeys(map(ord, "'’ \u00a0\u202f\u2007\u2009"))
_DROP_DOT = {**_DROP_GROUPING, ord("."): None}
_DROP_COMMA = {**_DROP_GROUPING, ord(","): None}


def _core_value(core: str, vote: Vote, decimal_mark: str) -> Decimal | None:
    if vote is Vote.NONE:
        digits = core.translate(_DROP_GROUPING)
    elif vote is Vote.DOT or vote is Vote.COMMA:
        if vote.value != decimal_mark:
            return None
        grouping = _DROP_COMMA if decimal_mark == "." else _DROP_DOT
        digits = core.translate(grouping)
        if decimal_mark == ",":
            digits = digits.replace(",", ".")
    elif vote.value[1] == decimal_mark:  # a maybe-vote that agrees: a decimal mark
        digits = core.replace(",", ".")
    else:  # a maybe-vote that disagrees: the mark groups thousands
        digits = core.replace(vote.value[1], "")
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the shapes above only admit digits
        return None
