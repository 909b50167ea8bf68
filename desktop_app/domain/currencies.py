"""ISO 4217 currencies and their minor units.

Rounding money correctly needs to know how many decimals a currency has: yen have none,
Jordanian dinars three. The table lists the active ISO 4217 codes; anything else is
refused so that a typo ("GPB") fails loudly instead of silently creating a new currency.
"""

from __future__ import annotations

_ZERO_DECIMALS = frozenset(
    "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split()
)
_THREE_DECIMALS = frozenset("BHD IQD JOD KWD LYD OMR TND".split())
_FOUR_DECIMALS = frozenset("CLF UYW".split())
_TWO_DECIMALS = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN
    BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN
    ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES
    KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK
    MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR
    SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD
    TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL
    """.split()
)
# ISO's "no currency" and "testing" codes have no minor unit; bank test files use them
# (a PostFinance CAMT sample is in XXX), so they are accepted and rounded to cents.
_NO_MINOR_UNIT = frozenset({"XXX", "XTS"})

MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(_TWO_DECIMALS | _NO_MINOR_UNIT, 2),
    **dict.fromkeys(_ZERO_DECIMALS, 0),
    **dict.fromkeys(_THREE_DECIMALS, 3),
    **dict.fromkeys(_FOUR_DECIMALS, 4),
}

SYMBOLS: dict[str, str] = {
    "GBP": "£",
    "EUR": "€",
    "USD": "$",
    "JPY": "¥",
    "CHF": "CHF ",
    "SEK": "kr ",
    "CAD": "CA$",
    "AUD": "A$",
}


class UnknownCurrencyError(ValueError):
    """A currency code that is not an active ISO 4217 code."""


def normalise_currency(code: str) -> str:
    """Return the upper-case ISO code, or raise if it is not one we know."""
    if not isinstance(code, str):
        raise TypeError(f"currency code must be a string, not {type(code).__name__}")
    normalised = code.strip().upper()
    if normalised not in MINOR_UNITS:
        raise UnknownCurrencyError(f"unknown ISO 4217 currency code: {code!r}")
    return normalised


def minor_units(code: str) -> int:
    """Number of decimals of the currency's minor unit (GBP 2, JPY 0, JOD 3)."""
    return MINOR_UNITS[normalise_currency(code)]


def is_currency(code: str) -> bool:
    return isinstance(code, str) and code.strip().upper() in MINOR_UNITS
