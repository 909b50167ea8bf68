"""A valid IBAN inside a line of text: it says what it is, whatever the words before it.

A bank's csv names its account above the table under a label in its own language
("Rachunek: PL61 1090 …", "Számlaszám: HU42 …"). No list of labels covers every
language, but an IBAN checks itself: its country code fixes its length (ISO 13616's
registry) and its check digits must add up (mod 97). Text that passes both is an IBAN,
written with or without the single spaces of its groups of four; text that only looks
like one (an anonymised "DE00 0000 …", a masked "DE89 XXXX …", a reference that happens
to begin with two letters and two digits) is not taken for one.
"""

from __future__ import annotations

import re

from desktop_app.statements.german_account import mod97

# Each country's IBAN length, as ISO 13616's registry gives it. A country not listed has
# no IBAN of a known length, so nothing of its code is read as one.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
    "BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
    "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
    "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
    "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
    "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
    "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
    "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
    "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    "YE": 30,
}  # fmt: skip

# Where an IBAN may begin in a text: a country code and check digits standing apart
# from a word before them ("PL61", not the "AB12" inside "XAB12").
_START = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{2})[0-9]{2}")
_ALNUM = re.compile(r"[A-Za-z0-9]")
# Text that may stand before an IBAN as its label: words, maybe a colon or a dash after
# them; no digits (a number before it would make the IBAN part of something else).
_LABEL = re.compile(r"[^\W\d](?:[^\d:]{0,58}?)\s*[:\-–]?\s*")


def is_valid_iban(text: str) -> bool:
    """Whether ``text`` (capitals, no spaces) is an IBAN of a registered country's
    length whose check digits add up."""
    return (
        len(text) == IBAN_LENGTHS.get(text[:2], 0)
        and text[2:4].isdigit()
        and text.isalnum()
        and text.isascii()
        and mod97(text[4:] + text[:4]) == 1
    )


def labelled_iban(text: str) -> tuple[str, str] | None:
    """The label and the valid IBAN after it in ``text`` ("Rachunek: PL61 1090 1014 0000
    0712 1981 2874" gives ("Rachunek", "PL61109010140000071219812874")), if the text
    begins with a label of words and holds one IBAN after it. What follows the IBAN
    (another field, "  BIC: …", a currency) is left alone; a text with two IBANs gives
    neither, as it is not clear which is the account's."""
    found = [
        (start.start(), iban)
        for start in _START.finditer(text)
        if (iban := _read(text, start.start(), IBAN_LENGTHS.get(start.group(1).upper(), 0)))
    ]
    if len({iban for _, iban in found}) != 1:
        return None
    start, iban = found[0]
    label = text[:start]
    if not label.strip() or _LABEL.fullmatch(label) is None:
        return None
    return label.strip().rstrip(":-–").strip(), iban


def _read(text: str, start: int, length: int) -> str | None:
    """The IBAN of ``length`` characters at ``start``, its groups apart by single spaces
    or none, when it ends where the text or a word does and its digits check."""
    characters: list[str] = []
    position = start
    while len(characters) < length and position < len(text):
        character = text[position]
        if _ALNUM.fullmatch(character):
            characters.append(character)
        elif not (character == " " and characters and _ALNUM.fullmatch(text[position - 1])):
            return None
        position += 1
    if len(characters) != length or (position < len(text) and text[position].isalnum()):
        return None
    iban = "".join(characters).upper()
    return iban if is_valid_iban(iban) else None
