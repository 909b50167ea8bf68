"""Which code page a text's letters beyond ASCII are in, from where they stand in its words.

A central European text read as Windows-1252 may show no symbol inside a word
(``encoding.CodePageDoubt``): Czech 'Převod' reads 'Pøevod', 'Výběr' 'Výbìr', 'Zůstatek'
'Zùstatek', Hungarian 'Előző' 'Elõzõ'. Each is a letter still, but one that Western words
do not have there: 'ø' before a vowel, 'ì' and 'ù' inside a word, 'õ' after a consonant.
A Russian, Ukrainian or Bulgarian text in Windows-1251 reads as words of accented letters
alone ('Ïëàòåæ' for 'Платеж'), which no Western word is. Both are counted here, and so is
what speaks against them: 'à', 'å', 'ñ', 'ç' and 'ã', which Western words have and
Windows-1250 reads as letters Czech, Slovak and Hungarian hardly use ('ŕ', 'ĺ', 'ń'), an
'ø' before a consonant (Danish 'Beløb'), an 'ù' ending a word after a vowel (Italian
'più'), and letters beyond ASCII inside Latin words, where a Cyrillic text has none.

Neither is decided on fewer than three words (three different ones, for central European
letters), and neither where the other side has more than a fifth as many: a wrong guess
garbles every such letter of the file, and the accountant can always choose the encoding. A text with the letters of both, or too few, stays as the
symbols inside its words say (Windows-1252 where they say nothing).

Only runs of bytes beyond ASCII are looked at, and in a large text only the first
``_SAMPLE_RUNS`` (a quarter of them from each quarter of the file): a statement keeps to one
language, and a 15 MB Russian one has millions of such runs, each a step of Python here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

CYRILLIC_CODE_PAGE = "cp1251"
CENTRAL_CODE_PAGE = "cp1250"

_TO_DECIDE = 3  # words (each a different one, if central European) a code page needs
_CLEARLY = 5  # and this many times those that speak against it
_SAMPLE_RUNS = 4096
_SAMPLE_PARTS = 4

_RUNS = re.compile(rb"[\x80-\xff]+")

# What stands beside a byte beyond ASCII: an ASCII vowel, another ASCII letter (y among
# them: no soft Czech consonant comes before it), a letter beyond ASCII (in Windows-1252 or
# Windows-1250), or anything else (a digit, a space, a stop, a no-break space, a symbol,
# the text's edge).
_VOWEL, _CONSONANT, _HIGH, _OTHER = "v", "c", "h", " "
_LETTERS = (_VOWEL, _CONSONANT, _HIGH)
_ASCII_LETTERS = (_VOWEL, _CONSONANT)


def _class(byte: int) -> str:
    """What ``byte`` is as a neighbour (``_VOWEL``, ``_CONSONANT``, ``_HIGH``, ``_OTHER``)."""
    if byte < 0x80:
        character = chr(byte)
        if not character.isalpha():
            return _OTHER
        return _VOWEL if character in "aeiouAEIOU" else _CONSONANT
    readings = (bytes([byte]).decode(codec, errors="replace") for codec in ("cp1252", "cp1250"))
    return _HIGH if any(reading.isalpha() for reading in readings) else _OTHER


_CLASS = tuple(_class(byte) for byte in range(256))


def _cyrillic(test: str) -> bytes:
    """The bytes Windows-1251 reads as Cyrillic letters that pass ``test`` (a method of
    str: 'isupper', 'islower')."""
    found = bytearray()
    for byte in range(0x80, 0x100):
        character = bytes([byte]).decode(CYRILLIC_CODE_PAGE, errors="replace")
        if "\u0400" <= character <= "\u04ff" and getattr(character, test)():
            found.append(byte)
    return bytes(found)


_CYRILLIC_UPPER = _cyrillic("isupper")
_CYRILLIC_LOWER = _cyrillic("islower")
_CYRILLIC = _CYRILLIC_UPPER + _CYRILLIC_LOWER
_ALPHABET = bytes(range(0xC0, 0x100))  # А to я
# The commonest vowels of Russian, Ukrainian, Bulgarian and Serbian: a third of the
# letters of their words, and of KOI8-R's or Greek's read as Windows-1251 a sixth or less.
_COMMON_VOWELS = "оаеиіОАЕИІ".encode(CYRILLIC_CODE_PAGE)

# The bytes whose place in a word tells Windows-1250 from Windows-1252, each with how it
# is told (``_leans``). Lower and upper case alike: 'PØEVOD' is 'PŘEVOD'.
_IN_A_WORD = "ě"  # ě/ì inside a word ('Výbìr'); ending one after a vowel, Italian 'ì'
_ENDING_TOO = "ů"  # ů/ù so, and ending a word after a consonant ('poplatkù'); 'più' is 'ù'

_BEFORE_A_VOWEL = "ř"  # ř/ø: 'Pøevod'; Danish and Norwegian 'ø' comes before consonants
_SOFT = "č"  # č/è: 'úèet', 'Èástka'; a French 'è' comes before a consonant ('Prélèvement')
_AFTER_A_LETTER = "ő"  # ő/õ: 'Elõzõ'; Portuguese 'õ' follows 'ç' ('Operações')
_NO_WESTERN = "ť"  # ť/none: Windows-1252 has no character there
_WESTERN = "à"  # à, å, ã, ê, ñ, ç: Western letters, and Windows-1250's are rare there
_KINDS = {
    **dict.fromkeys((0xEC, 0xCC), _IN_A_WORD),
    **dict.fromkeys((0xF9, 0xD9), _ENDING_TOO),
    **dict.fromkeys((0xF8, 0xD8), _BEFORE_A_VOWEL),
    **dict.fromkeys((0xE8, 0xC8), _SOFT),
    **dict.fromkeys((0xF5, 0xD5), _AFTER_A_LETTER),
    **dict.fromkeys((0x9D, 0x8D), _NO_WESTERN),
    **dict.fromkeys((0xE0, 0xC0, 0xE5, 0xC5, 0xE3, 0xC3, 0xEA, 0xCA), _WESTERN),
    **dict.fromkeys((0xF1, 0xD1, 0xE7, 0xC7), _WESTERN),
}
_UNTOLD = bytes(range(256)).translate(None, bytes(_KINDS))  # the bytes that tell nothing


def _leans(kind: str, before: str, after: str) -> int:
    """Which way a byte of ``kind`` leans where it stands between ``before`` and
    ``after`` (``_CLASS``): 1 toward Windows-1250, -1 toward Windows-1252, 0 neither."""
    inside = before in _LETTERS and after in _LETTERS
    if kind == _WESTERN:
        return -1
    if kind == _NO_WESTERN:
        return 1 if before in _LETTERS or after in _LETTERS else 0
    if kind in (_IN_A_WORD, _ENDING_TOO):
        if inside or (kind == _ENDING_TOO and before == _CONSONANT and after == _OTHER):
            return 1
        return -1 if before == _VOWEL and after == _OTHER else 0
    if kind == _BEFORE_A_VOWEL:
        return 1 if after in (_VOWEL, _HIGH) else -1 if after == _CONSONANT else 0
    if kind == _SOFT:
        return 1 if after in (_VOWEL, _HIGH) else 0
    # _AFTER_A_LETTER
    return 1 if before in _ASCII_LETTERS else -1 if before == _HIGH else 0


@dataclass(frozen=True, slots=True)
class LetterEvidence:
    """What the runs of bytes beyond ASCII looked at show.

    ``cyrillic_words``: runs of three or more bytes Windows-1251 reads as Cyrillic letters
    in a word's case (capital first, or all), with no Latin letter beside them, the first
    at ``first_cyrillic``; ``cyrillic_letters`` in them, ``cyrillic_vowels`` of them the
    commonest vowels (``_COMMON_VOWELS``). ``latin``: runs beside a Latin letter, as a
    Western word's accents are. ``central`` and
    ``western``: letters that lean toward Windows-1250 or Windows-1252 where they stand
    (``_leans``), the first of the former in the run at ``first_central``;
    ``central_words`` the different words the former stand in, each told by its run and
    the byte either side: a Norwegian 'Bøe' on every line is one word, not a language.
    """

    cyrillic_words: int = 0
    cyrillic_letters: int = 0
    cyrillic_vowels: int = 0
    first_cyrillic: tuple[int, int] | None = None
    latin: int = 0
    central: int = 0
    central_words: int = 0
    western: int = 0
    first_central: tuple[int, int] | None = None

    def code_page(self) -> str | None:
        """The code page the letters clearly show (Windows-1251, else Windows-1250), or
        None. A quarter of the Cyrillic words' letters must be their languages'
        commonest vowels (``_COMMON_VOWELS``): Greek, or Russian in KOI8-R, read as
        Windows-1251 are runs of letters in a word's case too, with few of those."""
        if (
            self.cyrillic_words >= _TO_DECIDE
            and self.cyrillic_words >= _CLEARLY * self.latin
            and 4 * self.cyrillic_vowels >= self.cyrillic_letters
        ):
            return CYRILLIC_CODE_PAGE
        if self.central_words >= _TO_DECIDE and self.central >= _CLEARLY * self.western:
            return CENTRAL_CODE_PAGE
        return None


def letter_evidence(data: bytes) -> LetterEvidence:
    """What the runs of bytes beyond ASCII of ``data`` (``_sampled_runs``) show."""
    words = letters = vowels = latin = central = western = 0
    first_cyrillic = first_central = None
    central_words: set[bytes] = set()
    size = len(data)
    for start, end in _sampled_runs(data):
        run = data[start:end]
        before = _CLASS[data[start - 1]] if start else _OTHER
        after = _CLASS[data[end]] if end < size else _OTHER
        if before in _ASCII_LETTERS or after in _ASCII_LETTERS:
            latin += 1
        elif len(run) >= 3 and _a_cyrillic_word(run):
            words += 1
            letters += len(run)
            vowels += len(run) - len(run.translate(None, _COMMON_VOWELS))
            first_cyrillic = first_cyrillic or (start, end)
            continue  # its letters are no Latin word's
        if not run.translate(None, _UNTOLD):
            continue
        for at, byte in enumerate(run, start):
            kind = _KINDS.get(byte)
            if kind is None:
                continue
            leans = _leans(
                kind,
                _CLASS[data[at - 1]] if at else _OTHER,
                _CLASS[data[at + 1]] if at + 1 < size else _OTHER,
            )
            if leans > 0:
                central += 1
                first_central = first_central or (start, end)
                central_words.add(data[max(start - 1, 0) : end + 1])
            elif leans < 0:
                western += 1
    return LetterEvidence(
        words,
        letters,
        vowels,
        first_cyrillic,
        latin,
        central,
        len(central_words),
        western,
        first_central,
    )


def _a_cyrillic_word(run: bytes) -> bool:
    """Whether Windows-1251 reads ``run`` as a word's Cyrillic letters: capital first and
    small after, or all small, or all capitals, half of them or more the Russian
    alphabet's (0xC0 to 0xFF), not Western symbols that Windows-1251 reads as letters
    ('³' as 'і', '¼' as 'ј'). Russian in KOI8-R, whose small letters are Windows-1251's
    capitals, reads as words in the wrong case ('рЕТЕЧПД' for 'Перевод') or as
    capitals, which their vowels tell (``LetterEvidence.code_page``)."""
    if run.translate(None, _CYRILLIC) or 2 * len(run.translate(None, _ALPHABET)) > len(run):
        return False
    return not run[1:].translate(None, _CYRILLIC_LOWER) or not run.translate(None, _CYRILLIC_UPPER)


def _sampled_runs(data: bytes) -> Iterator[tuple[int, int]]:
    """The spans of the runs of bytes beyond ASCII looked at: every one of a text with
    few, else the first ``_SAMPLE_RUNS`` / ``_SAMPLE_PARTS`` of each part of the text (a
    run the part's start cuts is left to the part before)."""
    size = len(data)
    for part in range(_SAMPLE_PARTS):
        start, stop = size * part // _SAMPLE_PARTS, size * (part + 1) // _SAMPLE_PARTS
        found = _RUNS.finditer(data, start)
        for run in islice(found, _SAMPLE_RUNS // _SAMPLE_PARTS):
            if run.start() >= stop:
                break
            if run.start() == start and start > 0 and data[start - 1] >= 0x80:
                continue
            yield run.span()
