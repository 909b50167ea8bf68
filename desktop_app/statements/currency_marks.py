"""Currency symbols and codes as banks print them inside amount cells and headers.

A symbol is only a hint: ``$`` is the US, Canadian, Australian... dollar. The symbol is kept
as found and resolved to an ISO code late, so a caller's default currency (a Canadian
client's CAD) can win over the usual reading (USD), and the evidence says which was chosen.
"""

from __future__ import annotations

from desktop_app.domain import is_currency

# Longest first, so "US$" is found before "$" and "د.ا." before "د.ا".
_SYMBOL_CODES: dict[str, str] = {
    "US$": "USD",
    "CA$": "CAD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "MX$": "MXN",
    "R$": "BRL",
    "C$": "CAD",
    "A$": "AUD",
    "S$": "SGD",
    "$": "USD",
    "£": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "￥": "JPY",
    "₹": "INR",
    "₩": "KRW",
    "₽": "RUB",
    "₺": "TRY",
    "₪": "ILS",
    "₴": "UAH",
    "₦": "NGN",
    "฿": "THB",
    "₫": "VND",
    "₱": "PHP",
    "₸": "KZT",
    "₾": "GEL",
    "৳": "BDT",
    "zł": "PLN",
    "Kč": "CZK",
    "Ft": "HUF",
    "lei": "RON",
    "лв": "BGN",
    "kr.": "DKK",
    "kr": "SEK",
    "Fr.": "CHF",
    "د.ا.": "JOD",
    "د.ا": "JOD",
    "د.إ.": "AED",
    "د.إ": "AED",
    "ر.س.": "SAR",
    "ر.س": "SAR",
    "د.ك.": "KWD",
    "د.ك": "KWD",
    "د.ب.": "BHD",
    "د.ب": "BHD",
    "ر.ق.": "QAR",
    "ر.ق": "QAR",
    "ر.ع.": "OMR",
    "ر.ع": "OMR",
    "ج.م.": "EGP",
    "ج.م": "EGP",
}
SYMBOLS_LONGEST_FIRST: tuple[str, ...] = tuple(sorted(_SYMBOL_CODES, key=len, reverse=True))

# Symbols that several currencies share; the first code is the usual reading.
_SHARED_SYMBOLS: dict[str, frozenset[str]] = {
    "$": frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "ARS", "CLP", "COP"}),
    "kr": frozenset({"SEK", "NOK", "DKK", "ISK"}),
    "kr.": frozenset({"DKK", "NOK", "ISK"}),
    "¥": frozenset({"JPY", "CNY"}),
    "￥": frozenset({"JPY", "CNY"}),
}


def is_iso_code(token: str) -> bool:
    return len(token) == 3 and token.isascii() and token.isupper() and is_currency(token)


def resolve_currency(token: str, default: str | None = None) -> tuple[str | None, str | None]:
    """Turn a symbol or code found in the file into an ISO code.

    Returns ``(code, note)``: the note is set when the reading is a choice the accountant
    should see (a shared symbol).
    """
    token = token.strip()
    if not token:
        return None, None
    upper = token.upper()
    if is_iso_code(upper):
        return upper, None
    code = _SYMBOL_CODES.get(token)
    if code is None:
        return None, None
    shared = _SHARED_SYMBOLS.get(token)
    if shared is None:
        return code, None
    if default is not None and default in shared:
        return default, f"'{token}' read as {default} (the default currency given)"
    others = ", ".join(sorted(shared - {code}))
    return code, f"'{token}' read as {code}; it is also the symbol of {others}"


def currency_in_text(text: str) -> str | None:
    """A currency named inside a header such as 'Betrag (€)' or 'Bedrag (EUR)'."""
    for part in _bracketed(text):
        part = part.strip()
        if is_iso_code(part.upper()) or part in _SYMBOL_CODES:
            return part
    return None


def _bracketed(text: str) -> list[str]:
    parts: list[str] = []
    for opening, closing in (("(", ")"), ("[", "]")):
        start = text.find(opening)
        while start != -1:
            end = text.find(closing, start + 1)
            if end == -1:
                break
            parts.append(text[start + 1 : end])
            start = text.find(opening, end + 1)
    return parts
