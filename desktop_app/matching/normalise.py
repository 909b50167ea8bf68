"""Normalised forms of references, names and amounts, shared by indexes and signals.

References: case and separators do not matter (``EL-2025-00017``, ``el 2025 00017`` and
``EL202500017`` are one reference), but boundaries do: a reference is found only as a whole
run of letters and digits, or as consecutive runs joined, never inside a longer run
(``18620`` is not in ``186201``). A number is also found in the weaker forms payers type,
its leading zeros or its prefix left out (``reference_forms``), scored lower; a bare
number without its leading zeros (``zeros_dropped``) under a plain number's rules. Names: case,
punctuation and legal suffixes do not matter. Amounts: exact integers of the currency's minor unit, so hot loops never touch Decimal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from urllib.parse import urlsplit

from desktop_app.domain.currencies import MINOR_UNITS

_RUN = re.compile(r"[^\W_]+")  # letters and digits, any script
# ASCII text (nearly every bank line): every character but a letter or digit becomes a
# space, and ``str.split`` cuts the runs. Both are C loops over the string, faster than the
# regular expression's Unicode classes; ``text_runs`` is tested equal to it.
_ASCII_SEPARATORS = str.maketrans(
    {chr(code): " " for code in range(128) if not chr(code).isalnum()}
)

# Words that say what kind of company or payment it is, not which: they never identify.
NAME_STOPWORDS = frozenset(
    """
    LTD LIMITED PLC LLC LLP INC CORP CORPORATION CO COMPANY GMBH AG SA SAS SARL BV NV
    AB AS OY SPA SRL PTY THE AND OF FOR UK
    """.split()
)


def text_runs(text: str) -> list[str]:
    """The runs of letters and digits of ``text``, upper-cased, in order.

    One pass serves both searches: references are runs joined, names are runs minus
    the legal-form words.
    """
    upper = text.upper()
    if upper.isascii():
        return upper.translate(_ASCII_SEPARATORS).split()
    return _RUN.findall(upper)


def reference_key(reference: str) -> str:
    """``EL-2025-00017`` -> ``EL202500017``: the form references are compared in."""
    upper = reference.upper()
    if upper.isalnum():  # no separators at all (str.isalnum is exactly ``[^\W_]``)
        return upper
    return "".join(_RUN.findall(upper))


def reference_variants(identifier: str) -> tuple[str, ...]:
    """The forms under which an invoice number or id may appear on a statement.

    A URL identifier (Versori's ``invoiceURL``) is never typed into a bank transfer whole;
    its last path segment might be.
    """
    variants = [reference_key(identifier)]
    if "://" in identifier:
        segments = [part for part in urlsplit(identifier).path.split("/") if part]
        if segments:
            variants.append(reference_key(segments[-1]))
    return tuple(dict.fromkeys(key for key in variants if key))


# A reference's letter and digit groups ("EL2025" is two): what a bank may drop is a whole
# group (the prefix) or the zeros leading a digit group.
_GROUP = re.compile(r"\d+|[^\W\d_]+")
_ASCII_GROUP = re.compile(r"[0-9]+|[A-Z]+")  # the same for upper-case ASCII, far cheaper
# A weaker form made of digits only must be at least this long: a sort code (6 digits)
# or a bare sequence number ("189") is in too many bank lines to point at an invoice.
MIN_DIGITS_FORM = 7
ZEROS_LOST = "without its leading zeros"
PREFIX_LOST = "without its prefix"
BOTH_LOST = "without its prefix and leading zeros"


def reference_forms(identifier: str) -> dict[str, str]:
    """The weaker forms of an invoice number a payer may type, key -> what they left out.

    ``EL-2025-00189`` is also written ``EL-2025-189`` or ``EL2025189`` (zeros lost),
    ``202500189`` (prefix lost) and ``2025189`` (both; the index looks for these two as
    one run only, ``ReferenceIndex``). A form is kept only when it is
    still telling: a prefix is dropped only when two groups remain (the year and the
    sequence, not a bare "00189"), and a form of digits alone needs ``MIN_DIGITS_FORM``
    of them. The exact key is not among them; URLs have none.
    """
    if identifier.isdigit() or "://" in identifier:
        return {}  # a bare number (most ids) is one group; a URL is never typed whole
    upper = identifier.upper()
    groups = (_ASCII_GROUP if upper.isascii() else _GROUP).findall(upper)
    count = len(groups)
    if count < 2:
        return {}  # one group ("INV"): nothing a payer could leave out of it
    forms: dict[str, str] = {}
    stripped = groups
    if "0" in identifier:  # a group of letters never begins with "0": only digits lose any
        stripped = [(g.lstrip("0") or "0") if g[0] == "0" else g for g in groups]
        if stripped != groups:
            _add_form(forms, "".join(stripped), ZEROS_LOST)
    if count >= 3 and not groups[0].isdigit():
        _add_form(forms, "".join(groups[1:]), PREFIX_LOST)
        if stripped is not groups:
            _add_form(forms, "".join(stripped[1:]), BOTH_LOST)
    return forms


def zeros_dropped(number: str) -> list[str]:
    """The forms of a bare number (digits alone) with some or all of its leading zeros
    dropped: ``0012345`` -> ``012345``, ``12345``, as a spreadsheet the reference went
    through writes it (it reads "0012345" as the number 12345). Empty for a number with
    no leading zero, of anything but ASCII digits, or of zeros alone.

    Apart from ``reference_forms``: a bare number has no group a payer could leave out,
    and its forms are plain numbers, which a line quotes only under a plain number's
    rules (``ReferenceIndex``, ``signals.reference_score``).
    """
    if not (number.isascii() and number.isdigit()) or number[0] != "0":
        return []
    digits = number.lstrip("0")
    if not digits:
        return []
    return [number[cut:] for cut in range(1, len(number) - len(digits) + 1)]


def is_zeros_dropped(key: str, exact_keys: Iterable[str]) -> bool:
    """Whether ``key`` is one of ``zeros_dropped``'s forms of a bare number among
    ``exact_keys`` (an invoice's own keys): that number quoted without leading zeros."""
    if not key.isdigit():
        return False
    size = len(key)
    return any(
        len(exact) > size
        and exact.isdigit()
        and exact.endswith(key)
        and not exact[: len(exact) - size].strip("0")
        for exact in exact_keys
    )


def _add_form(forms: dict[str, str], key: str, what: str) -> None:
    """Keep a form not kept yet, unless it is a number too short to tell (``reference_forms``)."""
    if key not in forms and (len(key) >= MIN_DIGITS_FORM or not key.isdigit()):
        forms[key] = what


def reference_form(identifiers: Iterable[str], key: str) -> str:
    """What the payer left out of the first of ``identifiers`` that ``key`` is a weaker
    form of (``reference_forms``); "" when it is none's."""
    for identifier in identifiers:
        what = reference_forms(identifier).get(key)
        if what is not None:
            return what
    return ""


def name_words(name: str) -> tuple[str, ...]:
    """The identifying words of a company or person's name, upper-cased, in order."""
    return tuple(word for word in _RUN.findall(name.upper()) if word not in NAME_STOPWORDS)


@lru_cache(maxsize=16384)
def name_key(name: str) -> str:
    """The name as compared by the fuzzy matcher: identifying words joined by spaces.

    Cached: a provider's name and its aliases are looked up for each of its payees.
    """
    return " ".join(name_words(name))


_POWERS: list[int] = [10**k for k in range(8)]


def minor_units_of(currency: str) -> int:
    return MINOR_UNITS[currency]


def to_minor(amount: Decimal, currency: str) -> int:
    """The amount as an exact integer of minor units (pence); sub-minor digits round half up.

    Exactness matters for buckets: 0.1 + 0.2 must land where 0.3 does, so this scales the
    Decimal itself and never goes through float.
    """
    numerator, denominator = amount.as_integer_ratio()
    scale = _POWERS[MINOR_UNITS[currency]]
    if scale % denominator == 0:  # the usual case: no digits below the minor unit
        return numerator * (scale // denominator)
    scaled = amount.scaleb(MINOR_UNITS[currency])
    return int(scaled.to_integral_value(rounding=ROUND_HALF_UP))


def tolerance_minor(expected_minor: int, currency: str, absolute: Decimal, percent: Decimal) -> int:
    """The allowed difference for an expected amount: the larger of absolute and percentage.

    Integer arithmetic throughout (the percentage as an exact fraction, rounded half up),
    because this runs for every invoice.
    """
    numerator, denominator = _fraction(percent)
    scale = 100 * denominator
    share = (2 * abs(expected_minor) * numerator + scale) // (2 * scale)
    return max(_absolute_minor(absolute, currency), share)


@lru_cache(maxsize=64)
def _fraction(value: Decimal) -> tuple[int, int]:
    return value.as_integer_ratio()


@lru_cache(maxsize=256)
def _absolute_minor(absolute: Decimal, currency: str) -> int:
    return to_minor(absolute, currency)
