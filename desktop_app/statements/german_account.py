"""A German account named by its bank code and account number, as the IBAN the two make.

A German IBAN is "DE", two check digits, the 8-digit bank code (Bankleitzahl, BLZ) and
the account number left-padded with zeros to ten digits (ISO 13616). A file that names
the account by its BLZ and Kontonummer (MT940's "37040044/0532013000", or "BLZ" and
"Kontonummer" above a table) and one that names its IBAN then name one account, and their
overlap is recognised (``account_key``).

The IBAN is built only when both parts are valid: eight digits beginning with 1 to 8 (a
German BLZ's first digit is its clearing area; Austria's and Switzerland's bank codes
have five digits) and an account number of one to ten digits, not zero. A bank that
maps some of its numbers to IBANs by a rule of its own (the Bundesbank's IBAN rules:
merged banks, sub-accounts) gives such an account another IBAN than the one built here;
the two files then stay apart, and their overlap shows as extra lines the accountant can
see and remove.
"""

from __future__ import annotations

import re

_BANK_CODE = re.compile(r"[1-8][0-9]{7}")
_ACCOUNT_NUMBER = re.compile(r"0*([1-9][0-9]{0,9})")
_SEPARATORS = re.compile(r"[ .\-]")
_DIGITS = r"([0-9]+(?:[ .\-][0-9]+)*)"
_BANK_LABEL = rf"(?:BLZ|Bankleitzahl)\s*:?\s*{_DIGITS}"
_ACCOUNT_LABEL = (
    rf"(?:Kontonummer|Konto[ .\-]*Nr\.?|Konto|Kto\.?[ .\-]*Nr\.?|Kto\.?)\s*:?\s*{_DIGITS}"
)
# "BLZ 370 400 44 Konto 0532013000", "Kontonummer: 0532013000, BLZ: 37040044", ...
_LABELLED = re.compile(
    rf"{_BANK_LABEL}\s*[,;/]?\s*{_ACCOUNT_LABEL}|{_ACCOUNT_LABEL}\s*[,;/]?\s*{_BANK_LABEL}",
    re.IGNORECASE,
)


def german_iban(bank_code: str, account: str) -> str | None:
    """The IBAN of ``account`` at the bank ``bank_code`` (digits, maybe grouped by spaces,
    dots or dashes); None unless both are valid (module docstring)."""
    bank = _SEPARATORS.sub("", bank_code)
    number = _ACCOUNT_NUMBER.fullmatch(_SEPARATORS.sub("", account))
    if not _BANK_CODE.fullmatch(bank) or number is None:
        return None
    bban = bank + number.group(1).zfill(10)
    return f"DE{98 - mod97(bban + 'DE00'):02d}{bban}"


def labelled_german_iban(text: str) -> str | None:
    """The IBAN of an account written with its labels, "BLZ 37040044 Konto 0532013000"
    (either first, "Kontonummer" or "Konto-Nr." for "Konto"); None for any other text."""
    found = _LABELLED.fullmatch(text)
    if found is None:
        return None
    bank, account = found.group(1, 2) if found.group(1) is not None else found.group(4, 3)
    return german_iban(bank, account)


def mod97(text: str) -> int:
    """ISO 13616's remainder: letters as 10 to 35, the number they make modulo 97."""
    return int("".join(str(int(character, 36)) for character in text)) % 97
