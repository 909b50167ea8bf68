"""Which text encoding a statement file uses, decided from its bytes.

Banks write UTF-8 (with or without a byte-order mark), UTF-16 (Excel's "Unicode text"), or
the Windows code page of their country. Only byte-order marks and strict UTF-8 validity are
proof; a file that is neither is read as Windows-1252 (Latin-1 where 1252 has holes), and
the evidence says so, because a wrong guess shows as wrong letters, never as wrong money.

A code page shows itself where another misreads it: a central European text read as
Windows-1252 has symbols inside its words ('P³atnoœæ' for 'Płatność', 'Obci¹¿enia' for
'Obciążenia'), which no Western text has (``CodePageDoubt``). Such a text is read as
Windows-1250 where that reads every such word as letters and leaves no symbol inside a
word of its own; otherwise the words are named in a warning, with the code page that
reads them, if one does. Czech and Hungarian letters that Windows-1252 reads as letters
('Pøevod' for 'Převod') and a Cyrillic text in Windows-1251 ('Äàòà' for 'Дата') show
their code page by where the letters stand (``code_page_letters``), and are read in it
where that is clear. Either way the accountant can choose the file's encoding (the
wizard's Encoding box, a mapping's "encoding").
"""

from __future__ import annotations

import codecs
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass

from desktop_app.statements.code_page_letters import (
    CYRILLIC_CODE_PAGE,
    LetterEvidence,
    letter_evidence,
)

# What the evidence calls a text by the byte-order mark it starts with, by its codec: one
# table for the csv path and the bank formats' reader (``formats._common``), which say it
# alike.
BOM_LABELS = {
    "utf-32-le": "UTF-32 (little-endian byte-order mark)",
    "utf-32-be": "UTF-32 (big-endian byte-order mark)",
    "utf-8": "UTF-8 with a byte-order mark",
    "utf-16-le": "UTF-16 (little-endian byte-order mark)",
    "utf-16-be": "UTF-16 (big-endian byte-order mark)",
}
# The UTF-32 and UTF-16 marks, each with its codec and label, in the order they are looked
# for: UTF-32's little-endian mark before UTF-16's, which it starts with. The csv path and
# the bank formats' reader (``formats._common``) look in this one order: read as UTF-16, a
# UTF-32 text was a NUL after every character. The UTF-8 mark is not here: a text bearing
# it may still have stray bytes, so ``utf8_despite_strays`` reads it (its label is
# ``BOM_LABELS["utf-8"]``).
BOMS = tuple(
    (bom, codec, BOM_LABELS[codec])
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    )
)


class UndecodableTextError(ValueError):
    """The bytes are not text in any encoding a bank uses."""


@dataclass(frozen=True, slots=True)
class StrayByte:
    """A byte of a UTF-8 text that is not UTF-8: at ``offset`` of the decoded text it
    stands as ``read_as``, its reading in Windows-1252 (Latin-1 where 1252 has a hole)."""

    offset: int
    byte: int
    read_as: str


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str
    encoding: str
    evidence: str
    # A UTF-8 text's few bytes that are not UTF-8 (an address typed in another program
    # and pasted in): each read on its own and named, row by row, in the import's warnings.
    strays: tuple[StrayByte, ...] = ()
    # A text read in a code page whose words show it may be in another: named in the
    # import's warnings, where the first such word stands.
    doubt: CodePageDoubt | None = None


def decode_text(data: bytes) -> DecodedText:
    """A csv export's text, the encoding read and why (``DecodedText``): as a UTF-16 or
    UTF-32 byte-order mark says; UTF-16 without one; UTF-8, with or without a byte-order
    mark, or mostly UTF-8, each stray byte read on its own (``utf8_despite_strays``, as
    the bank formats' reader reads it); else the code page its words show
    (``decode_code_page``)."""
    for bom, encoding, label in BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data[len(bom) :].decode(encoding), encoding, label)
            except UnicodeDecodeError as error:
                raise UndecodableTextError(
                    f"it starts with a {label} but byte {error.start + len(bom)} is not valid"
                ) from None
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    utf8 = utf8_despite_strays(data)
    if isinstance(utf8, DecodedText):
        return utf8
    if b"\x00" in data:
        raise UndecodableTextError("it contains NUL bytes and is not UTF-16 text")
    reason = not_utf8(data, utf8)
    return decode_code_page(data.removeprefix(codecs.BOM_UTF8), reason, ENCODING_REMEDY)


def utf8_despite_strays(data: bytes) -> DecodedText | int:
    """``data`` read as UTF-8 where it is: valid UTF-8, with or without a byte-order
    mark; or mostly UTF-8 (``mostly_utf8``), its few stray bytes each read on its own.
    Where it is neither, the offset of its first byte that is not UTF-8, for the evidence
    of the code page it is read in instead: a code page's text, whatever mark it bears.

    One rule for a file, whatever its format: the csv path (``decode_text``), the bank
    formats' text readers and CAMT's XML (where expat refuses a stray byte) all ask this.
    A csv export with a byte-order mark was refused for one stray byte that a bank
    format's file was read despite, and warned of."""
    bom = codecs.BOM_UTF8
    start = len(bom) if data.startswith(bom) else 0
    label = BOM_LABELS["utf-8"] if start else "UTF-8"
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        first = start + error.start
    else:
        return DecodedText(text, "utf-8", label if start else "valid UTF-8")
    return mostly_utf8(data, first, start, label) or first


def not_utf8(data: bytes, offset: int) -> str:
    """Why ``data`` is not UTF-8, as the evidence says it: its first byte that is not,
    at ``offset``."""
    return f"not valid UTF-8 (byte 0x{data[offset]:02X} at offset {offset})"


def decode_code_page(data: bytes, reason: str, remedy: str) -> DecodedText:
    """A text that is not UTF-8, in the code page its words show: Windows-1251 or -1250
    where its letters beyond ASCII clearly stand as Cyrillic or central European ones do
    (``code_page_letters``) and that code page reads no word with a symbol inside; else
    Windows-1252 (Latin-1 where 1252 has holes), unless words it reads with symbols
    between their letters read as letters in Windows-1250, and that leaves no word with
    a symbol inside of its own (``CodePageDoubt``); then Windows-1250. At least
    ``_SIGNS_TO_DECIDE`` words must say so: one odd character does not decide how every
    other is read. ``remedy`` ends the evidence: what to do where letters look wrong.

    Called by the bank formats' reader too, which rules out UTF-8 by rules of its own (a
    declared code page): a Czech MT940 or a Russian QIF is read as a Czech or Russian csv
    export is, not by a second guess."""
    letters = letter_evidence(data)
    shown = letters.code_page()
    if shown is not None:
        decided = _by_letters(data, reason, letters, shown, remedy)
        if decided is not None:
            return decided
    read_in, text = _western(data)
    guess = f"{reason}; read as {encoding_name(read_in)}, a guess"
    signs = _symbols_in_words(data, read_in)
    if not signs:
        return DecodedText(text, read_in, f"{guess} {remedy}")
    fits = _reading_as_letters(data, signs)
    doubt = CodePageDoubt(
        read_in,
        len(signs),
        signs[0][0],
        _word_at(text, *signs[0]),
        None if fits is None else (fits[0], _word_at(fits[1], *signs[0])),
    )
    if fits is not None and fits[0] == DECIDED_CODE_PAGE and len(signs) >= _SIGNS_TO_DECIDE:
        chosen = encoding_name(DECIDED_CODE_PAGE)
        evidence = (
            f"{reason}; read as {chosen} (central European), a guess: as "
            f"{encoding_name(read_in)} reads it, {doubt.words()}, which {chosen} reads as "
            f"letters ('{doubt.fits and doubt.fits[1]}'), and it reads no word so "
            f"{remedy}"
        )
        return DecodedText(fits[1], DECIDED_CODE_PAGE, evidence)
    evidence = f"{guess}, but {doubt.described()} {remedy}"
    return DecodedText(text, read_in, evidence, doubt=doubt)


def _by_letters(
    data: bytes, reason: str, letters: LetterEvidence, code_page: str, remedy: str
) -> DecodedText | None:
    """The text read in ``code_page``, which its letters clearly show
    (``LetterEvidence.code_page``), with why; None where the code page does not read it
    (a byte it lacks) or reads a word of it with a symbol inside, as a text in another
    does. The text is not decoded as Windows-1252 as well: the first word the letters
    show is quoted so, alone."""
    try:
        text = data.decode(code_page)
    except UnicodeDecodeError:
        return None
    if _symbols_in_words(data, code_page):
        return None
    chosen = encoding_name(code_page)
    if code_page == CYRILLIC_CODE_PAGE:
        assert letters.first_cyrillic is not None  # it decided: Cyrillic words were seen
        first, last = _word_span(text, *letters.first_cyrillic)
        read_in, word = _western(data[first:last])
        mixed = letters.latin
        beside = "no word has" if not mixed else f"{mixed} word{'s have' if mixed > 1 else ' has'}"
        evidence = (
            f"{reason}; read as {chosen} (Cyrillic), a guess: as {encoding_name(read_in)} "
            f"reads it, {letters.cyrillic_words} words are characters beyond ASCII alone "
            f"(the first '{_shown(word)}'), as no Western word is, which {chosen} reads as "
            f"Cyrillic ('{_shown(text[first:last])}'), and {beside} such characters beside "
            f"Latin letters {remedy}"
        )
        return DecodedText(text, code_page, evidence)
    assert letters.first_central is not None  # it decided: letters leant so
    first, last = _word_span(text, *letters.first_central)
    read_in, word = _western(data[first:last])
    western = letters.western
    against = "none stands" if not western else f"{western} stand{'s' if western == 1 else ''}"
    evidence = (
        f"{reason}; read as {chosen} (central European), a guess: as "
        f"{encoding_name(read_in)} reads it, {letters.central} letters stand where no "
        f"Western word has them (the first in '{_shown(word)}'), which {chosen} reads as "
        f"central European letters ('{_shown(text[first:last])}'), and {against} where "
        f"only a Western word has it {remedy}"
    )
    return DecodedText(text, code_page, evidence)


def _western(data: bytes) -> tuple[str, str]:
    """``data`` as Windows-1252 reads it, or Latin-1 where 1252 has holes: the codec, and
    the text."""
    try:
        return "cp1252", data.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1", data.decode("latin-1")


# What to do about a code page read wrongly, as the command line words it; the import
# wizard says its own (``ui/backend/statement_backend``), where its Encoding box is.
ENCODING_REMEDY = (
    "(if letters look wrong, choose the file's encoding: the import wizard's Encoding, or a"
    ' mapping\'s "encoding")'
)
# The code page a text that is not UTF-8 is read in where its words show it
# (``decode_code_page``), and the others the words may show, named in the warning.
DECIDED_CODE_PAGE = "cp1250"
_OTHER_CODE_PAGES = ("iso8859-2", "cp852", "cp1251")
_SIGNS_TO_DECIDE = 2

# The encodings the import wizard offers, with what they are for: Unicode's, and the
# code pages of the countries whose banks write them (Windows', DOS's and ISO 8859).
ENCODINGS: tuple[tuple[str, str], ...] = (
    ("utf-8", "UTF-8"),
    ("utf-16", "UTF-16"),
    ("cp1252", "Windows-1252 (Western European)"),
    ("iso8859-1", "ISO-8859-1 (Latin-1, Western European)"),
    ("iso8859-15", "ISO-8859-15 (Latin-9, Western European)"),
    ("cp850", "DOS 850 (Western European)"),
    ("cp1250", "Windows-1250 (central European)"),
    ("iso8859-2", "ISO-8859-2 (Latin-2, central European)"),
    ("cp852", "DOS 852 (central European)"),
    ("cp1251", "Windows-1251 (Cyrillic)"),
    ("cp1257", "Windows-1257 (Baltic)"),
    ("mac-roman", "Mac Roman"),
)
_NAMES = {
    **{codec: label.split(" (")[0] for codec, label in ENCODINGS},
    "utf-8-sig": "UTF-8",
    "utf-16-le": "UTF-16 (little-endian)",
    "utf-16-be": "UTF-16 (big-endian)",
    "utf-32-le": "UTF-32 (little-endian)",
    "utf-32-be": "UTF-32 (big-endian)",
}


def encoding_name(encoding: str) -> str:
    """The name an accountant knows an encoding by ('Windows-1250' for 'cp1250' or
    'windows-1250'), or the codec's own name where it has no other."""
    try:
        return _NAMES.get(codecs.lookup(encoding).name, encoding)
    except LookupError:
        return encoding


@dataclass(frozen=True, slots=True)
class CodePageDoubt:
    """Words of a text read in the code page ``read_in`` that have symbols between their
    letters, as a text in another code page does when read so ('P³atnoœæ' is Polish
    'Płatność' in Windows-1250 read as Windows-1252): ``count`` of them, the first at
    ``offset`` of the text, reading ``word``. ``fits`` is the code page that reads them
    all as letters (and leaves no such word of its own) and how it reads that word; None
    where none of those the importer tries does."""

    read_in: str
    count: int
    offset: int
    word: str
    fits: tuple[str, str] | None = None

    def words(self, where: str | None = None) -> str:
        """How many words have symbols between their letters, and the first (``where``
        it stands, its row and column, where given)."""
        if self.count == 1:
            first = f"'{self.word}'" if where is None else f"'{self.word}', in {where},"
            return f"{first} has symbols between its letters"
        first = f"'{self.word}'" if where is None else f"'{self.word}', in {where}"
        return f"{self.count} words have symbols between their letters (the first {first})"

    def described(self, where: str | None = None) -> str:
        """The words, as the evidence and the warning say them, and the code page that
        reads them as letters, if one does."""
        said = (
            f"as {encoding_name(self.read_in)} reads it, {self.words(where)}, as a text in"
            " another code page does"
        )
        if self.fits is None:
            them = "it" if self.count == 1 else "them"
            return f"{said}; none of {_tried()} reads {them} as letters"
        codec, word = self.fits
        return f"{said}; {encoding_name(codec)} (\"{codec}\") reads it '{word}'"

    def warning(self, where: str, remedy: str = ENCODING_REMEDY) -> str:
        """The import's warning: what was read, the first word ``where`` it stands (its
        row and column, or line), and what to do (``remedy``: a bank format's reader
        takes no encoding chosen)."""
        return (
            f"the file is not UTF-8 and was read as {encoding_name(self.read_in)}, a guess, "
            f"but {self.described(where)} {remedy}"
        )


def _tried() -> str:
    names = [encoding_name(codec) for codec in (DECIDED_CODE_PAGE, *_OTHER_CODE_PAGES)]
    return f"{', '.join(names[:-1])} or {names[-1]}"


def _reading_as_letters(data: bytes, signs: list[tuple[int, int]]) -> tuple[str, str] | None:
    """The first code page (Windows-1250 first) that reads every one of ``signs`` (the
    spans of the words' symbols, which are the bytes' own offsets: every code page tried
    is one byte a character) as letters and leaves no symbol inside a word of its own,
    with the text as it reads it; None where none does."""
    for codec in (DECIDED_CODE_PAGE, *_OTHER_CODE_PAGES):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        symbols = itertools.chain.from_iterable(text[start:end] for start, end in signs)
        if all(map(_is_letter, symbols)) and not _symbols_in_words(data, codec):
            return codec, text
    return None


def _is_letter(character: str) -> bool:
    """A letter of a word: not a modifier letter (the caret ˆ, the caron ˇ), which a
    code page has on its own as a symbol."""
    return unicodedata.category(character) in ("Lu", "Ll", "Lt", "Lo")


# Characters beyond ASCII a word may hold other than letters: apostrophes and quotes,
# dashes, the soft hyphen and the no-break space, the Catalan middle dot ('l·l'), an
# ellipsis, and the degree and square signs (m²). Any other (¹ ³ ¿ £ ¥ ¾, a control
# character) between two letters is a letter of another code page.
_IN_WORDS = "’‘´‚„“”–—\u00ad\u00a0·…°²"


@functools.cache
def _out_of_place(codec: str) -> re.Pattern[bytes]:
    """A byte beyond ASCII that ``codec`` reads as no letter, and as no character a word
    holds (``_IN_WORDS``), with the rest of its run of bytes beyond ASCII, where an ASCII
    letter follows that run: one side of a symbol inside a word, looked for in C (a
    Cyrillic text read as Windows-1252 has its 'ч' read as '÷' in every other line, and
    each found alone cost a step of Python)."""
    found = bytearray()
    for byte in range(0x80, 0x100):
        try:
            character = bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            continue
        if not _is_letter(character) and character not in _IN_WORDS:
            found.append(byte)
    return re.compile(b"[" + re.escape(bytes(found)) + rb"][\x80-\xff]*(?=[A-Za-z])")


def _symbols_in_words(data: bytes, codec: str) -> list[tuple[int, int]]:
    """The spans of ``data`` (a text in ``codec``, one byte a character, so they are the
    text's too) of each run of bytes beyond ASCII between two ASCII letters that holds one
    ``codec`` reads as a character no word holds (``_out_of_place``): 'Obci¹¿enia' has
    one, '¹¿'. Found from those bytes, of which a Western text in Windows-1252 has none
    between letters, so such a text is looked through once, not byte by byte: the pattern
    finds a run's first such byte where a letter follows the run, and only its other side
    is looked at here. The bytes, not the text: a text with one letter beyond Latin-1 is
    two bytes a character, and twice as long to look through."""
    spans: list[tuple[int, int]] = []
    for found in _out_of_place(codec).finditer(data):
        start, end = found.span()  # the run's end: the pattern takes all of it
        while start > 0 and data[start - 1] >= 0x80:
            start -= 1
        if start > 0 and data[start - 1] in _ASCII_LETTER_BYTES:
            spans.append((start, end))
    return spans


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ASCII_LETTER_BYTES = frozenset(map(ord, _ASCII_LETTERS))
_WORD_LIMIT = 40  # characters of a word quoted either side of its symbols


def _word_at(text: str, start: int, end: int) -> str:
    """The word around the span ``start``-``end`` as a message quotes it (``_shown``)."""
    return _shown(text[slice(*_word_span(text, start, end))])


def _word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the word around the span ``start``-``end`` starts and ends: its letters and
    characters beyond ASCII either side (at most ``_WORD_LIMIT`` each side)."""
    first = start
    while first > 0 and start - first < _WORD_LIMIT and _in_word(text[first - 1]):
        first -= 1
    last = end
    while last < len(text) and last - end < _WORD_LIMIT and _in_word(text[last]):
        last += 1
    return first, last


def _shown(word: str) -> str:
    """A word as a message quotes it: a control character (Latin-1's reading of a byte
    1252 lacks) as its byte ('<0x88>')."""
    return "".join(
        f"<0x{ord(character):02X}>" if unicodedata.category(character) == "Cc" else character
        for character in word
    )


def _in_word(character: str) -> bool:
    return character in _ASCII_LETTERS or (character >= "\x80" and character not in _IN_WORDS)


_ESCAPED = re.compile("[\udc80-\udcff]")


def mostly_utf8(
    data: bytes, first: int, start: int = 0, label: str = "UTF-8"
) -> DecodedText | None:
    """The text as UTF-8 when its letters beyond ASCII are mostly valid UTF-8 and only a
    few bytes are not (the first at offset ``first``); None when it reads as a code page
    (few or no UTF-8 sequences). ``start`` and ``label`` are ``_utf8_with_strays``'s: a
    byte-order mark to pass over, and what the evidence calls the text. Mostly is more:
    the characters beyond ASCII that are valid UTF-8 (each sequence of two to four bytes
    one character) outnumber the bytes that are not, each such byte counted on its own
    (a sequence cut short after two bytes counts two); as many or fewer, and it is a code
    page's text.

    One byte typed in Windows-1252 into a UTF-8 export once made the whole file read as
    1252, every umlaut of it garbled ("MÃ¼ller"). Each stray byte is read as 1252 on its
    own, where it stands, and said (``StrayByte``), since it is a guess. The csv path and
    the bank formats' reader both ask this (one rule for a file, whatever its format).

    Both counts come first, from the text with the bytes that are not UTF-8 left out
    (the decoder drops exactly the bytes ``surrogateescape`` escapes): a code page's
    text has a stray byte at every accent, hundreds of thousands in a large file, and
    finding each of them one by one took over a second only to refuse it.
    """
    body = data[start:] if start else data
    valid = body.decode("utf-8", errors="ignore")
    wide = len(valid) - len(valid.encode("ascii", errors="ignore"))
    if wide <= len(body) - len(valid.encode("utf-8")):
        return None
    return _utf8_with_strays(data, first, start, label)


def _utf8_with_strays(data: bytes, first: int, start: int = 0, label: str = "UTF-8") -> DecodedText:
    """``data`` from offset ``start`` (past a byte-order mark) read as UTF-8, each byte
    that is not (the first at offset ``first`` of ``data``) read as Windows-1252 (Latin-1
    where it has no character) on its own where it stands and listed (``StrayByte``, at
    its offset of the text); ``label`` names what the text is, as the evidence says it
    (``mostly_utf8``'s reading, once it has found the text mostly UTF-8, with or without
    a byte-order mark)."""
    text = data[start:].decode("utf-8", errors="surrogateescape")
    strays = tuple(
        StrayByte(found.start(), ord(found.group()) - 0xDC00, _read_alone(ord(found.group())))
        for found in _ESCAPED.finditer(text)
    )
    text = _ESCAPED.sub(lambda found: _read_alone(ord(found.group())), text)
    count = len(strays)
    evidence = (
        f"{label} but for {count} byte{'' if count == 1 else 's'} that "
        f"{'is' if count == 1 else 'are'} not (first 0x{data[first]:02X} at offset "
        f"{first}), {_strays_read(strays)}"
    )
    return DecodedText(text, "utf-8", evidence, strays)


def _strays_read(strays: tuple[StrayByte, ...]) -> str:
    """How the evidence says ``strays`` were read: as Windows-1252 where they stand, and
    as Latin-1 those of the five bytes it has no character for (``_CP1252_HOLES``), as
    their warnings say (``stray_byte_said``). The evidence said Windows-1252 of a byte
    that code page never read."""
    count = len(strays)
    where = "where it stands" if count == 1 else "where they stand"
    holes = sum(stray.byte in _CP1252_HOLES for stray in strays)
    if not holes:
        return f"read as Windows-1252 {where}"
    if holes == count:
        them = "it" if count == 1 else "them"
        return f"read as Latin-1 {where}, Windows-1252 having no character for {them}"
    return (
        f"read as Windows-1252 {where}, except {holes} that it has no character for, "
        "read as Latin-1"
    )


def stray_byte_said(byte: int, read_as: str, where: str = "") -> str:
    """What an import's warning says of a stray byte (``StrayByte``) read as ``read_as``:
    the same words for a csv's cell (its row and column are the warning's own) and a bank
    format's line (``where``: 'on line 12, character 8,'), since it is one guess.

    A byte Windows-1252 has no character for (``_CP1252_HOLES``) was read as Latin-1
    reads it, an invisible control character: said so, by its code point, where "read as
    '' (Windows-1252)" named a code page that did not read it, and showed nothing."""
    at = f" {where}" if where else ""
    said = f"byte 0x{byte:02X}{at} is not UTF-8, as the rest of the file is"
    if byte in _CP1252_HOLES:
        return (
            f"{said}, and Windows-1252 has no character for it; it was read as "
            f"U+{ord(read_as):04X}, an invisible control character (Latin-1): check the text"
        )
    return f"{said}; it was read as '{read_as}' (Windows-1252): check the text"


def _holes(codec: str) -> frozenset[int]:
    """The bytes ``codec`` has no character for."""
    holes = set()
    for byte in range(0x100):
        try:
            bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            holes.add(byte)
    return frozenset(holes)


# The five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): a stray
# one is read as Latin-1 reads it, a C1 control character.
_CP1252_HOLES = _holes("cp1252")


def _read_alone(escape: int) -> str:
    """A stray byte, escaped by ``surrogateescape``, as Windows-1252 (else Latin-1) reads it."""
    byte = escape - 0xDC00
    return bytes([byte]).decode("latin-1" if byte in _CP1252_HOLES else "cp1252")


def _bomless_utf16(data: bytes) -> DecodedText | None:
    """UTF-16 without a byte-order mark: every other byte of ASCII text is NUL."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    for nuls, other, encoding in (
        (odd_nuls, even_nuls, "utf-16-le"),
        (even_nuls, odd_nuls, "utf-16-be"),
    ):
        if nuls > half * 0.6 and other < half * 0.05:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return DecodedText(text, encoding, f"UTF-16 without a byte-order mark ({encoding})")
    return None
